import { AppointmentStatus, type TicketDetail } from '@oac/shared';
import { useI18n } from '../../i18n/I18nProvider';
import { Link } from '../../router/Link';
import { StatusBadge } from '../../ui/StatusBadge';

/** The ticket's appointments (its sessions), each a link to the appointment's own page. */
export function TicketSessions({ ticket }: { ticket: TicketDetail }) {
  const { t, fmt } = useI18n();
  return (
    <section className="card ticket-sessions" aria-labelledby="ticket-sessions-heading">
      <h2 id="ticket-sessions-heading">{t('tickets.sessions.heading')}</h2>
      {ticket.sessions.length === 0 ? (
        <p className="muted">{t('tickets.sessions.none')}</p>
      ) : (
        <ul className="session-list" data-testid="ticket-sessions">
          {ticket.sessions.map((s) => {
            const status = AppointmentStatus.safeParse(s.status);
            const when = fmt.shortDateTime(s.startsAt);
            return (
              <li key={s.appointmentId} className="session-item" data-testid="ticket-session">
                <p className="session-item__when">
                  <Link href={`/staff/appointments/${s.appointmentId}`}>
                    <time dateTime={s.startsAt}>{when}</time>
                    <span className="visually-hidden">, {t('tickets.sessions.open')}</span>
                  </Link>
                </p>
                <p className="session-item__meta">
                  {s.channel === 'video' || s.channel === 'in_person' ? t(`tickets.sessions.channel.${s.channel}`) : s.channel}
                  {s.clerkName && <> · {t('tickets.sessions.clerk', { name: s.clerkName })}</>}{' '}
                  {status.success ? <StatusBadge status={status.data} /> : <span className="badge">{s.status}</span>}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
