import type { NoteVisibility, TicketNote } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import type { Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { pathsIn, useFormSend } from '../planning/useFormSend';
import type { TicketPanelProps } from './TicketPage';
import { useTicketFailure } from './ticketFailure';

const BODY_ID = 'ticket-note-body';

/**
 * The ticket's notes. An internal note stays with the staff; a citizen's note shows on the citizen's
 * private page: the two look unlike each other everywhere, and the form says which one it is adding.
 */
export function TicketNotes({ ticket, onChanged, refresh }: TicketPanelProps) {
  const { t } = useI18n();
  const canAdd = ticket.canChange && ticket.status !== 'closed';
  return (
    <section className="card ticket-notes" aria-labelledby="ticket-notes-heading">
      <h2 id="ticket-notes-heading">{t('tickets.notes.heading')}</h2>
      {ticket.notes.length === 0 ? (
        <p className="muted">{t('tickets.notes.none')}</p>
      ) : (
        <ol className="note-list" data-testid="ticket-notes">
          {ticket.notes.map((note) => (
            <NoteItem key={note.id} note={note} />
          ))}
        </ol>
      )}
      {canAdd && <NoteForm ticketId={ticket.id} onChanged={onChanged} refresh={refresh} />}
    </section>
  );
}

function NoteItem({ note }: { note: TicketNote }) {
  const { t, fmt } = useI18n();
  return (
    <li className={`note note--${note.visibility}`} data-testid="ticket-note" data-visibility={note.visibility}>
      <p className="note__kind">
        <span className={`badge badge--note-${note.visibility}`}>
          {t(note.visibility === 'citizen' ? 'tickets.notes.citizen' : 'tickets.notes.internal')}
        </span>
      </p>
      <p className="note__body">{note.body}</p>
      <p className="note__meta">
        {note.author} · <time dateTime={note.createdAt}>{fmt.shortDateTime(note.createdAt)}</time>
      </p>
    </li>
  );
}

function NoteForm({ ticketId, onChanged, refresh }: { ticketId: string } & Omit<TicketPanelProps, 'ticket'>) {
  const { t } = useI18n();
  const explain = useTicketFailure();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<NoteVisibility>('internal');
  const [saved, setSaved] = useState('');
  const form = useFormSend();
  const error = form.fieldError(BODY_ID);

  function explainFailure(failure: Failure): SummaryItem[] {
    if (failure.code === 'invalid_transition') refresh();
    if (failure.code === 'validation_error' && pathsIn(failure.details).has('body'))
      return [{ fieldId: BODY_ID, message: t('tickets.notes.bodyMissing') }];
    return [{ fieldId: null, message: explain(failure) }];
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    setSaved('');
    if (!body.trim()) {
      form.fail([{ fieldId: BODY_ID, message: t('tickets.notes.bodyMissing') }]);
      return;
    }
    const ok = await form.send(async () => onChanged(await api.addTicketNote(ticketId, { visibility, body: body.trim() })), explainFailure);
    if (ok) {
      setBody('');
      setSaved(t(visibility === 'citizen' ? 'tickets.notes.addedCitizen' : 'tickets.notes.addedInternal'));
      setVisibility('internal');
    }
  }

  return (
    <form
      className={`planning-form note-form note-form--${visibility}`}
      noValidate
      onSubmit={(event) => void submit(event)}
      data-testid="note-form"
    >
      <h3>{t('tickets.notes.add')}</h3>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <fieldset className="channel-choice note-form__visibility">
        <legend>{t('tickets.notes.visibility')}</legend>
        {(['internal', 'citizen'] as const).map((v) => (
          <label key={v} className={`note-form__option note-form__option--${v}`}>
            <input
              type="radio"
              name="note-visibility"
              value={v}
              data-testid={`note-visibility-${v}`}
              checked={visibility === v}
              onChange={() => setVisibility(v)}
            />{' '}
            {t(`tickets.notes.visibility.${v}`)}
          </label>
        ))}
      </fieldset>
      <div className={`field${error ? ' field--error' : ''}`}>
        <label className="field__label" htmlFor={BODY_ID}>
          {t('tickets.notes.body')}
        </label>
        {visibility === 'citizen' && (
          <p className="field__hint note-form__warning" id={`${BODY_ID}-hint`}>
            {t('tickets.notes.citizenWarning')}
          </p>
        )}
        {error && (
          <p className="field__error" id={`${BODY_ID}-error`}>
            {error}
          </p>
        )}
        <textarea
          id={BODY_ID}
          data-testid="note-body"
          className="field__input ticket-textarea"
          maxLength={4000}
          rows={4}
          value={body}
          aria-invalid={error ? true : undefined}
          aria-describedby={
            [visibility === 'citizen' ? `${BODY_ID}-hint` : '', error ? `${BODY_ID}-error` : ''].filter(Boolean).join(' ') || undefined
          }
          onChange={(e) => {
            setBody(e.target.value);
            setSaved('');
          }}
        />
      </div>
      <div className="actions">
        <button
          type="submit"
          className={`button ${visibility === 'citizen' ? 'button--primary' : 'button--secondary'}`}
          data-testid="note-submit"
          aria-disabled={form.sending}
        >
          {t(visibility === 'citizen' ? 'tickets.notes.submit.citizen' : 'tickets.notes.submit.internal')}
        </button>
        <span role="status" className="planning-form__saved">
          {saved}
        </span>
      </div>
    </form>
  );
}
