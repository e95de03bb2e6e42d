import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CitizenTicket } from '@oac/shared';
import { api } from '../../api/endpoints';
import { toFailure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { capitalize } from '../../i18n/format';
import { useLoad } from '../../ui/useLoad';
import { CitizenSurveyForm } from './CitizenSurveyForm';

const CITIZEN_REFRESH_MS = 20_000;

/**
 * "Your procedure" on the citizen's private page: the ticket's state in plain words, the messages
 * between the office and the citizen, and a form to answer (a ticket waiting for them resumes, a
 * resolved one reopens). It is extra: when it cannot be read, the page simply goes without it.
 */
export function CitizenTicketSection({ token, refreshKey }: { token: string; refreshKey?: string }) {
  const { t } = useI18n();
  const { state, set } = useLoad((signal) => api.citizenTicket(token, signal), `${token}/${refreshKey ?? ''}`);
  // The office works on it after the call (a note, the resolution and its survey): an open page
  // follows, reading it again every 20 s while the citizen looks at it.
  const open = state.status === 'ready' && state.data.status !== 'closed';
  useEffect(() => {
    if (!open) return;
    const every = window.setInterval(() => {
      if (document.visibilityState === 'visible') void api.citizenTicket(token).then(set, () => undefined);
    }, CITIZEN_REFRESH_MS);
    return () => window.clearInterval(every);
  }, [open, token, set]);
  if (state.status !== 'ready') return null;
  const ticket = state.data;
  return (
    <section
      className="card citizen-ticket"
      aria-labelledby="citizen-ticket-heading"
      data-testid="citizen-ticket"
      data-status={ticket.status}
    >
      <h2 id="citizen-ticket-heading">{t('tickets.citizen.heading')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('appointment.ticket')}</dt>
          <dd className="citizen-ticket__number">{ticket.number}</dd>
        </div>
        <div>
          <dt>{t('tickets.citizen.state')}</dt>
          <dd data-testid="citizen-ticket-status">{t(`tickets.citizen.status.${ticket.status}`)}</dd>
        </div>
      </dl>
      {ticket.survey && <CitizenSurveyForm token={token} ticket={ticket} onAnswered={set} />}
      <Messages ticket={ticket} />
      {ticket.status !== 'closed' && <ReplyForm token={token} onReplied={set} />}
    </section>
  );
}

function Messages({ ticket }: { ticket: CitizenTicket }) {
  const { t, fmt, lang } = useI18n();
  if (ticket.notes.length === 0) return null;
  return (
    <>
      <h3 className="citizen-ticket__notes-heading">{t('tickets.citizen.notes')}</h3>
      <ol className="citizen-ticket__notes" data-testid="citizen-ticket-notes">
        {ticket.notes.map((note, i) => (
          <li key={i} className={`citizen-ticket__note${note.fromCitizen ? ' citizen-ticket__note--mine' : ''}`}>
            <p className="citizen-ticket__when">
              <strong>{note.fromCitizen ? t('tickets.citizen.you') : t('tickets.citizen.office')}</strong>
              {' · '}
              <time dateTime={note.createdAt}>{capitalize(fmt.dateTime(note.createdAt), lang)}</time>
            </p>
            <p className="citizen-ticket__body">{note.body}</p>
          </li>
        ))}
      </ol>
    </>
  );
}

function ReplyForm({ token, onReplied }: { token: string; onReplied(ticket: CitizenTicket): void }) {
  const { t, failure: explain } = useI18n();
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (sending) return;
    setSent(false);
    if (!body.trim()) {
      setProblem(t('tickets.citizen.reply.empty'));
      field.current?.focus();
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      onReplied(await api.citizenTicketReply(token, body.trim()));
      setBody('');
      setSent(true);
    } catch (error) {
      setProblem(explain(toFailure(error).code));
      field.current?.focus();
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="citizen-ticket__reply" noValidate onSubmit={(event) => void submit(event)}>
      <div className={`field${problem ? ' field--error' : ''}`}>
        <label className="field__label" htmlFor={`${id}-body`}>
          {t('tickets.citizen.reply.label')}
        </label>
        <p className="field__hint" id={`${id}-hint`}>
          {t('tickets.citizen.reply.hint')}
        </p>
        {problem && (
          <p className="field__error" id={`${id}-error`}>
            {problem}
          </p>
        )}
        <textarea
          ref={field}
          id={`${id}-body`}
          data-testid="citizen-ticket-reply"
          rows={3}
          maxLength={4000}
          value={body}
          aria-invalid={problem ? true : undefined}
          aria-describedby={[`${id}-hint`, problem ? `${id}-error` : ''].filter(Boolean).join(' ')}
          onChange={(event) => setBody(event.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary" aria-disabled={sending} data-testid="citizen-ticket-reply-send">
          {t('tickets.citizen.reply.send')}
        </button>
        <span role="status">{sent ? t('tickets.citizen.reply.sent') : ''}</span>
      </div>
    </form>
  );
}
