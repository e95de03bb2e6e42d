import type { Queue } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import type { Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { SelectField } from '../planning/SelectField';
import { pathsIn, useFormSend } from '../planning/useFormSend';
import type { TicketPanelProps } from './TicketPage';
import { useTicketFailure } from './ticketFailure';

const IDS = { queue: 'ticket-reroute-queue', reason: 'ticket-reroute-reason' } as const;

/** Moves the ticket to another queue, where it waits to be taken again; the reason stays in its history. */
export function RerouteForm({
  ticket,
  onChanged,
  refresh,
  queues,
  onRerouted,
}: TicketPanelProps & { queues: Queue[]; onRerouted(message: string): void }) {
  const { t, text } = useI18n();
  const explain = useTicketFailure();
  const [queueId, setQueueId] = useState('');
  const [reason, setReason] = useState('');
  const form = useFormSend();
  const others = queues.filter((q) => q.id !== ticket.queue?.id);
  const reasonError = form.fieldError(IDS.reason);

  function check(): SummaryItem[] {
    return [
      ...(queueId ? [] : [{ fieldId: IDS.queue, message: t('tickets.reroute.queueMissing') }]),
      ...(reason.trim() ? [] : [{ fieldId: IDS.reason, message: t('tickets.reroute.reasonMissing') }]),
    ];
  }

  function explainFailure(failure: Failure): SummaryItem[] {
    if (failure.code === 'invalid_transition') refresh();
    if (failure.code === 'validation_error') {
      const paths = pathsIn(failure.details);
      const same = JSON.stringify(failure.details ?? '').includes('same_queue');
      const items: SummaryItem[] = [];
      if (paths.has('queueId'))
        items.push({ fieldId: IDS.queue, message: t(same ? 'tickets.reroute.sameQueue' : 'tickets.reroute.queueMissing') });
      if (paths.has('reason')) items.push({ fieldId: IDS.reason, message: t('tickets.reroute.reasonMissing') });
      if (items.length) return items;
    }
    return [{ fieldId: null, message: explain(failure) }];
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = check();
    if (problems.length) {
      form.fail(problems);
      return;
    }
    const queue = queues.find((q) => q.id === queueId);
    const ok = await form.send(
      async () => onChanged(await api.rerouteTicket(ticket.id, { queueId, reason: reason.trim() })),
      explainFailure,
    );
    if (!ok) return;
    setQueueId('');
    setReason('');
    // A clerk who is no member of the new queue may no longer see the ticket: the page says so, as this form goes.
    onRerouted(
      t(queue?.member === false ? 'tickets.reroute.doneElsewhere' : 'tickets.reroute.done', { queue: queue ? text(queue.name) : '' }),
    );
  }

  return (
    <section className="card" aria-labelledby="ticket-reroute-heading">
      <form className="planning-form" noValidate onSubmit={(event) => void submit(event)} data-testid="reroute-form">
        <h2 id="ticket-reroute-heading">{t('tickets.reroute.heading')}</h2>
        <p className="hint">{t('tickets.reroute.hint')}</p>
        <ErrorSummary items={form.problems} attempt={form.attempt} />
        <SelectField id={IDS.queue} label={t('tickets.reroute.queue')} error={form.fieldError(IDS.queue)}>
          <select
            id={IDS.queue}
            data-testid="reroute-queue"
            value={queueId}
            aria-invalid={form.fieldError(IDS.queue) ? true : undefined}
            aria-describedby={form.fieldError(IDS.queue) ? `${IDS.queue}-error` : undefined}
            onChange={(e) => setQueueId(e.target.value)}
          >
            <option value="">{t('tickets.reroute.choose')}</option>
            {others.map((q) => (
              <option key={q.id} value={q.id}>
                {text(q.name)}
              </option>
            ))}
          </select>
        </SelectField>
        <div className={`field${reasonError ? ' field--error' : ''}`}>
          <label className="field__label" htmlFor={IDS.reason}>
            {t('tickets.reroute.reason')}
          </label>
          <p className="field__hint" id={`${IDS.reason}-hint`}>
            {t('tickets.reroute.reasonHint')}
          </p>
          {reasonError && (
            <p className="field__error" id={`${IDS.reason}-error`}>
              {reasonError}
            </p>
          )}
          <textarea
            id={IDS.reason}
            data-testid="reroute-reason"
            className="field__input ticket-textarea"
            rows={3}
            maxLength={500}
            required
            value={reason}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={[`${IDS.reason}-hint`, reasonError ? `${IDS.reason}-error` : ''].filter(Boolean).join(' ')}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" data-testid="reroute-submit" aria-disabled={form.sending}>
            {form.sending ? t('planning.sending') : t('tickets.reroute.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
