import type { TicketDetail } from '@oac/shared';
import { useI18n } from '../../i18n/I18nProvider';
import { capitalize } from '../../i18n/format';

/** The citizen's satisfaction survey of the ticket, for staff: asked, or answered with what they said. */
export function TicketSurvey({ ticket }: { ticket: TicketDetail }) {
  const { t, fmt, lang } = useI18n();
  const survey = ticket.survey;
  if (!survey) return null;
  return (
    <section className="card ticket-survey" aria-labelledby="ticket-survey-heading" data-testid="ticket-survey" data-state={survey.state}>
      <h2 id="ticket-survey-heading">{t('tickets.survey.heading')}</h2>
      {survey.state === 'open' ? (
        <p className="muted">{t('tickets.survey.open')}</p>
      ) : (
        <dl className="facts">
          <div>
            <dt>{t('tickets.survey.rating')}</dt>
            <dd>{t('tickets.survey.ratingOf', { rating: String(survey.rating) })}</dd>
          </div>
          <div>
            <dt>{t('tickets.survey.solved')}</dt>
            <dd>{survey.solved ? t('tickets.survey.yes') : t('tickets.survey.no')}</dd>
          </div>
          {survey.comment && (
            <div>
              <dt>{t('tickets.survey.comment')}</dt>
              <dd>{survey.comment}</dd>
            </div>
          )}
          <div>
            <dt>{t('tickets.survey.when')}</dt>
            <dd>
              <time dateTime={survey.answeredAt!}>{capitalize(fmt.dateTime(survey.answeredAt!), lang)}</time>
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
