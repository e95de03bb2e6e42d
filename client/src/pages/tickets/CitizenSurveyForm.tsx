import { useId, useRef, useState, type FormEvent } from 'react';
import type { CitizenTicket } from '@oac/shared';
import { api } from '../../api/endpoints';
import { toFailure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';

const RATINGS = [1, 2, 3, 4, 5] as const;

/**
 * The satisfaction survey on the citizen's page once their procedure is resolved: a rating from 1
 * to 5, whether it was solved, and an optional comment, answered once.
 */
export function CitizenSurveyForm({
  token,
  ticket,
  onAnswered,
}: {
  token: string;
  ticket: CitizenTicket;
  onAnswered(t: CitizenTicket): void;
}) {
  const { t, failure: explain } = useI18n();
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  const [rating, setRating] = useState<number | null>(null);
  const [solved, setSolved] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (ticket.survey?.state === 'answered')
    return (
      <p className="notice notice--success citizen-survey__thanks" role="status" data-testid="citizen-survey-thanks">
        {t('tickets.citizenSurvey.thanks')}
      </p>
    );

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (sending) return;
    if (rating === null || solved === null) {
      setProblem(t('tickets.citizenSurvey.missing'));
      first.current?.focus();
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      onAnswered(await api.citizenSurvey(token, { ticketNumber: ticket.number, rating, solved, comment: comment.trim() || null }));
    } catch (error) {
      setProblem(explain(toFailure(error).code));
    } finally {
      setSending(false);
    }
  }

  return (
    <form
      className="citizen-survey"
      noValidate
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void submit(event)}
      data-testid="citizen-survey"
    >
      <h3 id={`${id}-heading`}>{t('tickets.citizenSurvey.heading')}</h3>
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
      <fieldset className="citizen-survey__rating">
        <legend>{t('tickets.citizenSurvey.rating')}</legend>
        <div className="citizen-survey__scale">
          {RATINGS.map((r) => (
            <label key={r} className="citizen-survey__choice">
              <input
                ref={r === 1 ? first : undefined}
                type="radio"
                name={`${id}-rating`}
                value={r}
                checked={rating === r}
                onChange={() => setRating(r)}
              />
              <span>{t(`tickets.citizenSurvey.r${r}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('tickets.citizenSurvey.solved')}</legend>
        <label className="citizen-survey__choice">
          <input type="radio" name={`${id}-solved`} checked={solved === true} onChange={() => setSolved(true)} />
          <span>{t('tickets.survey.yes')}</span>
        </label>
        <label className="citizen-survey__choice">
          <input type="radio" name={`${id}-solved`} checked={solved === false} onChange={() => setSolved(false)} />
          <span>{t('tickets.survey.no')}</span>
        </label>
      </fieldset>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-comment`}>
          {t('tickets.citizenSurvey.comment')}
        </label>
        <textarea id={`${id}-comment`} rows={3} maxLength={2000} value={comment} onChange={(event) => setComment(event.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary" aria-disabled={sending} data-testid="citizen-survey-send">
          {t('tickets.citizenSurvey.send')}
        </button>
      </div>
    </form>
  );
}
