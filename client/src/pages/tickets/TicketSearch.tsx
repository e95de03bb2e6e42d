import { SlaRiskFilter, TicketStatus, type Queue } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { TextField } from '../../ui/TextField';
import { SelectField } from '../planning/SelectField';
import { ticketsHref, type SlaRisk, type TicketsQuery } from './ticketsUrl';

/** A search by number or e-mail, narrowed by state, queue and SLA risk; it lives in the address. */
export function TicketSearch({ query, queues }: { query: TicketsQuery; queues: Queue[] }) {
  const { t, text } = useI18n();
  const [q, setQ] = useState(query.q);
  const [status, setStatus] = useState<string>(query.status ?? '');
  const [queue, setQueue] = useState<string>(query.queue ?? '');
  const [sla, setSla] = useState<string>(query.sla ?? '');

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    navigate(
      ticketsHref({
        view: 'search',
        q: q.trim(),
        status: (status || null) as TicketStatus | null,
        queue: queue || null,
        sla: (sla || null) as SlaRisk | null,
      }),
    );
  }

  return (
    <form className="card planning-form ticket-search" role="search" noValidate onSubmit={submit} data-testid="ticket-search">
      <TextField
        id="ticket-search-q"
        data-testid="ticket-search-q"
        type="search"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        label={t('tickets.search.q')}
        hint={t('tickets.search.qHint')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <div className="planning-form__row">
        <SelectField id="ticket-search-status" label={t('tickets.field.status')} error={null}>
          <select id="ticket-search-status" data-testid="ticket-search-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('tickets.search.anyStatus')}</option>
            {TicketStatus.options.map((s) => (
              <option key={s} value={s}>
                {t(`tickets.status.${s}`)}
              </option>
            ))}
          </select>
        </SelectField>
        <SelectField id="ticket-search-queue" label={t('tickets.field.queue')} error={null}>
          <select id="ticket-search-queue" data-testid="ticket-search-queue" value={queue} onChange={(e) => setQueue(e.target.value)}>
            <option value="">{t('tickets.search.anyQueue')}</option>
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {text(q.name)}
              </option>
            ))}
          </select>
        </SelectField>
        <SelectField id="ticket-search-sla" label={t('tickets.search.sla')} error={null}>
          <select id="ticket-search-sla" data-testid="ticket-search-sla" value={sla} onChange={(e) => setSla(e.target.value)}>
            <option value="">{t('tickets.search.anySla')}</option>
            {SlaRiskFilter.options.map((s) => (
              <option key={s} value={s}>
                {t(`tickets.search.sla.${s}`)}
              </option>
            ))}
          </select>
        </SelectField>
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary" data-testid="ticket-search-submit">
          {t('tickets.search.submit')}
        </button>
        {(query.q || query.status || query.queue || query.sla) && (
          <Link href={ticketsHref({ view: 'search' })}>{t('tickets.search.clear')}</Link>
        )}
      </div>
    </form>
  );
}
