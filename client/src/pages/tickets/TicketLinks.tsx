import { ThirdPartyKind, type ThirdPartyLink } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { Notice } from '../../ui/Notice';
import { TextField } from '../../ui/TextField';
import { SelectField } from '../planning/SelectField';
import { pathsIn, useFormSend } from '../planning/useFormSend';
import type { TicketPanelProps } from './TicketPage';
import { useTicketFailure } from './ticketFailure';

const IDS = { kind: 'ticket-link-kind', party: 'ticket-link-party', waitingFor: 'ticket-link-waiting-for' } as const;

/** Who outside the office the ticket waits for (another department, a provider), and what; each marked received when it comes. */
export function TicketLinks({ ticket, onChanged, refresh }: TicketPanelProps) {
  const { t } = useI18n();
  const explain = useTicketFailure();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const open = ticket.status !== 'resolved' && ticket.status !== 'closed';

  async function receive(link: ThirdPartyLink): Promise<void> {
    if (busy) return;
    setBusy(link.id);
    setProblem(null);
    setDone('');
    try {
      onChanged(await api.resolveTicketLink(ticket.id, link.id));
      setDone(t('tickets.links.receivedDone', { party: link.party }));
    } catch (error) {
      const failure = toFailure(error);
      setProblem(explain(failure));
      if (failure.code === 'invalid_transition' || failure.code === 'not_found') refresh();
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card ticket-links" aria-labelledby="ticket-links-heading">
      <h2 id="ticket-links-heading">{t('tickets.links.heading')}</h2>
      {ticket.links.length === 0 ? (
        <p className="muted">{t('tickets.links.none')}</p>
      ) : (
        <ul className="link-list" data-testid="ticket-links">
          {ticket.links.map((link) => (
            <LinkItem
              key={link.id}
              link={link}
              canReceive={ticket.canChange && link.resolvedAt === null}
              busy={busy === link.id}
              onReceive={() => void receive(link)}
            />
          ))}
        </ul>
      )}
      {problem && (
        <Notice kind="error">
          <p>{problem}</p>
        </Notice>
      )}
      <p role="status" className="planning-form__saved">
        {done}
      </p>
      {ticket.canChange && open && <LinkForm ticketId={ticket.id} onChanged={onChanged} refresh={refresh} />}
    </section>
  );
}

function LinkItem({ link, canReceive, busy, onReceive }: { link: ThirdPartyLink; canReceive: boolean; busy: boolean; onReceive(): void }) {
  const { t, fmt } = useI18n();
  const received = link.resolvedAt !== null;
  return (
    <li className={`link-item${received ? ' link-item--received' : ''}`} data-testid="ticket-link" data-received={received}>
      <div className="link-item__body">
        <p className="link-item__party">
          <span className="badge badge--link-kind">{t(`tickets.links.kind.${link.kind}`)}</span> <strong>{link.party}</strong>
        </p>
        <p>{t('tickets.links.waitingFor', { what: link.waitingFor })}</p>
        <p className="link-item__meta">
          {received ? (
            <span className="badge badge--resolved">{t('tickets.links.received', { when: fmt.shortDateTime(link.resolvedAt!) })}</span>
          ) : (
            t('tickets.links.since', { when: fmt.shortDateTime(link.createdAt) })
          )}
        </p>
      </div>
      {canReceive && (
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="ticket-link-receive"
          aria-disabled={busy}
          onClick={onReceive}
        >
          {t('tickets.links.receive')}
          <span className="visually-hidden"> {t('tickets.links.receiveWhich', { party: link.party })}</span>
        </button>
      )}
    </li>
  );
}

function LinkForm({ ticketId, onChanged, refresh }: { ticketId: string } & Omit<TicketPanelProps, 'ticket'>) {
  const { t } = useI18n();
  const explain = useTicketFailure();
  const [kind, setKind] = useState<ThirdPartyKind>('department');
  const [party, setParty] = useState('');
  const [waitingFor, setWaitingFor] = useState('');
  const [saved, setSaved] = useState('');
  const form = useFormSend();

  function check(): SummaryItem[] {
    return [
      ...(party.trim() ? [] : [{ fieldId: IDS.party, message: t('tickets.links.partyMissing') }]),
      ...(waitingFor.trim() ? [] : [{ fieldId: IDS.waitingFor, message: t('tickets.links.whatMissing') }]),
    ];
  }

  function explainFailure(failure: Failure): SummaryItem[] {
    if (failure.code === 'invalid_transition') refresh();
    if (failure.code === 'validation_error') {
      const paths = pathsIn(failure.details);
      const items: SummaryItem[] = [];
      if (paths.has('party')) items.push({ fieldId: IDS.party, message: t('tickets.links.partyMissing') });
      if (paths.has('waitingFor')) items.push({ fieldId: IDS.waitingFor, message: t('tickets.links.whatMissing') });
      if (items.length) return items;
    }
    return [{ fieldId: null, message: explain(failure) }];
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    setSaved('');
    const problems = check();
    if (problems.length) {
      form.fail(problems);
      return;
    }
    const ok = await form.send(
      async () => onChanged(await api.addTicketLink(ticketId, { kind, party: party.trim(), waitingFor: waitingFor.trim() })),
      explainFailure,
    );
    if (ok) {
      setSaved(t('tickets.links.added', { party: party.trim() }));
      setParty('');
      setWaitingFor('');
    }
  }

  return (
    <form className="planning-form link-form" noValidate onSubmit={(event) => void submit(event)} data-testid="link-form">
      <h3>{t('tickets.links.add')}</h3>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <SelectField id={IDS.kind} label={t('tickets.links.kind')} error={null}>
        <select id={IDS.kind} data-testid="link-kind" value={kind} onChange={(e) => setKind(e.target.value as ThirdPartyKind)}>
          {ThirdPartyKind.options.map((k) => (
            <option key={k} value={k}>
              {t(`tickets.links.kind.${k}`)}
            </option>
          ))}
        </select>
      </SelectField>
      <TextField
        id={IDS.party}
        data-testid="link-party"
        autoComplete="off"
        maxLength={200}
        label={t('tickets.links.party')}
        hint={t('tickets.links.partyHint')}
        value={party}
        error={form.fieldError(IDS.party)}
        onChange={(e) => setParty(e.target.value)}
      />
      <TextField
        id={IDS.waitingFor}
        data-testid="link-waiting-for"
        autoComplete="off"
        maxLength={500}
        label={t('tickets.links.what')}
        value={waitingFor}
        error={form.fieldError(IDS.waitingFor)}
        onChange={(e) => setWaitingFor(e.target.value)}
      />
      <div className="actions">
        <button type="submit" className="button button--secondary" data-testid="link-submit" aria-disabled={form.sending}>
          {t('tickets.links.submit')}
        </button>
        <span role="status" className="planning-form__saved">
          {saved}
        </span>
      </div>
    </form>
  );
}
