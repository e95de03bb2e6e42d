import type { BookingResponse } from '@oac/shared';
import { useI18n } from '../../i18n/I18nProvider';
import { capitalize } from '../../i18n/format';
import { navigate } from '../../router/history';
import { CopyButton } from '../../ui/CopyButton';
import { Notice } from '../../ui/Notice';
import { TicketNumber } from '../../ui/TicketNumber';

export function Confirmation({ booking }: { booking: BookingResponse }) {
  const { t, text, fmt, lang } = useI18n();
  const { appointment } = booking;
  const absolute = new URL(booking.link, window.location.origin).href;
  return (
    <section className="confirmation">
      <Notice kind="success" live={false}>
        <p>{t('booking.done.lead', { name: appointment.citizenName })}</p>
        {appointment.channel === 'in_person' && (
          <p data-testid="booking-in-person">{t('citizen.inPerson', { address: appointment.office.address })}</p>
        )}
      </Notice>
      <TicketNumber number={appointment.ticketNumber} />
      <dl className="facts">
        <div>
          <dt>{t('appointment.when')}</dt>
          <dd>{capitalize(fmt.dateTime(appointment.startsAt), lang)}</dd>
        </div>
        <div>
          <dt>{t('appointment.service')}</dt>
          <dd>{text(appointment.service.name)}</dd>
        </div>
        <div>
          <dt>{t('appointment.office')}</dt>
          <dd>
            {text(appointment.office.name)}
            <br />
            <span className="muted">{appointment.office.address}</span>
          </dd>
        </div>
      </dl>
      <div className="private-link">
        <h3>{t('booking.done.linkHeading')}</h3>
        <p>{t(appointment.channel === 'in_person' ? 'booking.done.linkKeepInPerson' : 'booking.done.linkKeep')}</p>
        <p className="private-link__url">
          <a href={absolute} data-testid="booking-link">
            {absolute}
          </a>
        </p>
        <p className="muted">{t('booking.done.linkPrivate')}</p>
        {booking.emailedTo && <p data-testid="booking-emailed">{t('booking.done.emailed', { email: booking.emailedTo })}</p>}
        <div className="actions">
          <CopyButton text={absolute} label={t('booking.done.copy')} />
          <button type="button" className="button button--primary" onClick={() => navigate(booking.link)}>
            {t('booking.done.goToAppointment')}
          </button>
        </div>
      </div>
    </section>
  );
}
