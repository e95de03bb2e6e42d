import { useI18n } from '../i18n/I18nProvider';

/** The procedure's ticket number, as the citizen will quote it on the phone or at the desk. */
export function TicketNumber({ number }: { number: string }) {
  const { t } = useI18n();
  return (
    <div className="ticket">
      <span className="ticket__label">{t('appointment.ticket')}</span>
      <strong className="ticket__number" data-testid="ticket-number">
        {number}
      </strong>
    </div>
  );
}
