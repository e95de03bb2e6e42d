import { SlaRiskFilter, TicketStatus, type Queue } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { TextField } from '../../ui/TextField';
import { ChoiceSelect } from '../planning/SelectField';
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
        <ChoiceSelect
          id="ticket-search-status"
          label={t('tickets.field.status')}
          value={status}
          none={t('tickets.search.anyStatus')}
          options={TicketStatus.options.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
          onChange={setStatus}
        />
        <ChoiceSelect
          id="ticket-search-queue"
          label={t('tickets.field.queue')}
          value={queue}
          none={t('tickets.search.anyQueue')}
          options={queues.map((q) => ({ value: q.id, label: text(q.name) }))}
          onChange={setQueue}
        />
        <ChoiceSelect
          id="ticket-search-sla"
          label={t('tickets.search.sla')}
          value={sla}
          none={t('tickets.search.anySla')}
          options={SlaRiskFilter.options.map((s) => ({ value: s, label: t(`tickets.search.sla.${s}`) }))}
          onChange={setSla}
        />
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
