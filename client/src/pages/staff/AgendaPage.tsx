import type { StaffAppointment } from '@oac/shared';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { addDays, councilDay, isCalendarDay } from '../../i18n/format';
import { navigate, useLocation } from '../../router/history';
import { Link } from '../../router/Link';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { StatusBadge } from '../../ui/StatusBadge';
import { useLoad } from '../../ui/useLoad';
import { useTitle } from '../../ui/useTitle';
import { StaffBar } from './StaffBar';
import { useStaffSession } from './useStaffSession';

export function AgendaPage() {
  const { t } = useI18n();
  useTitle(t('agenda.title'));
  const session = useStaffSession();
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('agenda.title')}</h1>
      {session.status === 'loading' && <Loading />}
      {session.status === 'failed' && session.failure.code !== 'unauthenticated' && <FailureNotice failure={session.failure} />}
      {session.status === 'ready' && (
        <>
          <StaffBar user={session.data} />
          <Agenda />
        </>
      )}
    </div>
  );
}

function Agenda() {
  const { t, fmt } = useI18n();
  const { search } = useLocation();
  const today = councilDay(new Date());
  const asked = search.get('date');
  const date = isCalendarDay(asked) ? asked : today;
  const { state, reload } = useLoad((signal) => api.agenda(date, signal), date);
  const goTo = (day: string) => navigate(day === today ? '/staff' : `/staff?date=${day}`);

  return (
    <section aria-labelledby="agenda-day">
      <div className="day-nav">
        <button type="button" className="button button--secondary" data-testid="agenda-prev" onClick={() => goTo(addDays(date, -1))}>
          <span aria-hidden="true">‹ </span>
          {t('agenda.previous')}
        </button>
        <h2 id="agenda-day" className="day-nav__title" aria-live="polite">
          {fmt.calendarDay(date)}
          {date === today && <span className="badge badge--today">{t('agenda.today')}</span>}
        </h2>
        <button type="button" className="button button--secondary" data-testid="agenda-next" onClick={() => goTo(addDays(date, 1))}>
          {t('agenda.next')}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
      <div className="actions actions--end">
        {date !== today && (
          <button type="button" className="link-button" onClick={() => goTo(today)}>
            {t('agenda.backToToday')}
          </button>
        )}
        <button type="button" className="link-button" onClick={reload}>
          {t('agenda.refresh')}
        </button>
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <FailureNotice failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' && state.data.appointments.length === 0 && <Notice kind="info">{t('agenda.empty')}</Notice>}
      {state.status === 'ready' && state.data.appointments.length > 0 && (
        <ul className="agenda">
          {[...state.data.appointments]
            .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
            .map((appointment) => (
              <AgendaItem key={appointment.id} appointment={appointment} />
            ))}
        </ul>
      )}
    </section>
  );
}

function AgendaItem({ appointment }: { appointment: StaffAppointment }) {
  const { t, text, fmt } = useI18n();
  return (
    <li className={`agenda__item agenda__item--${appointment.status}`} data-testid="agenda-item" data-appointment-id={appointment.id}>
      <p className="agenda__time">
        <time dateTime={appointment.startsAt}>{fmt.time(appointment.startsAt)}</time>
        <span className="muted">
          {' – '}
          <time dateTime={appointment.endsAt}>{fmt.time(appointment.endsAt)}</time>
        </span>
      </p>
      <div className="agenda__body">
        <p className="agenda__who">
          <span className="agenda__ticket">{appointment.ticketNumber}</span> {appointment.citizenName}
        </p>
        <p className="agenda__what">{text(appointment.service.name)}</p>
        <StatusBadge status={appointment.status} />
      </div>
      <Link href={`/staff/appointments/${appointment.id}`} className="button button--primary agenda__open" data-testid="open-appointment">
        {t('agenda.open')}
        <span className="visually-hidden">
          {' '}
          {t('agenda.openWhich', { ticket: appointment.ticketNumber, name: appointment.citizenName })}
        </span>
      </Link>
    </li>
  );
}
