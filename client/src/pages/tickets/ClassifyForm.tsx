import { TicketPriority } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import type { Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { SaveActions, SelectField } from '../planning/SelectField';
import { pathsIn, useFormSend } from '../planning/useFormSend';
import { ProcedureSelect } from './ProcedureSelect';
import type { TicketPanelProps } from './TicketPage';
import { useTicketFailure } from './ticketFailure';

const IDS = { procedure: 'ticket-classify-procedure', priority: 'ticket-classify-priority' } as const;

/** The ticket's procedure (or uncatalogued) and priority; a registered ticket becomes classified. */
export function ClassifyForm({ ticket, onChanged, refresh }: TicketPanelProps) {
  const { t } = useI18n();
  const explain = useTicketFailure();
  const [serviceId, setServiceId] = useState(ticket.service?.id ?? '');
  const [priority, setPriority] = useState<TicketPriority>(ticket.priority);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormSend();

  function explainFailure(failure: Failure): SummaryItem[] {
    if (failure.code === 'invalid_transition') refresh();
    if (failure.code === 'validation_error' && pathsIn(failure.details).has('serviceId'))
      return [{ fieldId: IDS.procedure, message: t('tickets.register.procedureUnknown') }];
    return [{ fieldId: null, message: explain(failure) }];
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    setSaved(null);
    const ok = await form.send(
      async () => onChanged(await api.classifyTicket(ticket.id, { serviceId: serviceId || null, priority })),
      explainFailure,
    );
    if (ok) setSaved(t('tickets.classify.saved'));
  }

  return (
    <section className="card" aria-labelledby="ticket-classify-heading">
      <form className="planning-form" noValidate onSubmit={(event) => void submit(event)} data-testid="classify-form">
        <h2 id="ticket-classify-heading">{t('tickets.classify.heading')}</h2>
        <ErrorSummary items={form.problems} attempt={form.attempt} />
        <ProcedureSelect
          id={IDS.procedure}
          label={t('tickets.field.procedure')}
          error={form.fieldError(IDS.procedure)}
          value={serviceId}
          current={ticket.service}
          onChange={setServiceId}
        />
        <SelectField id={IDS.priority} label={t('tickets.field.priority')} error={null}>
          <select
            id={IDS.priority}
            data-testid="classify-priority"
            value={priority}
            onChange={(e) => setPriority(e.target.value as TicketPriority)}
          >
            {TicketPriority.options.map((p) => (
              <option key={p} value={p}>
                {t(`tickets.priority.${p}`)}
              </option>
            ))}
          </select>
        </SelectField>
        <SaveActions testId="classify-submit" label={t('tickets.classify.submit')} sending={form.sending} saved={saved} />
      </form>
    </section>
  );
}
