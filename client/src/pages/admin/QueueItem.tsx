import type { AdminOffice, AdminQueue, StaffAccount } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SaveActions } from '../planning/SelectField';
import { useFormSend } from '../planning/useFormSend';
import { QueueFields, queueProblems, SupervisorSelect, type QueueDraft } from './QueueFields';
import { SlaTargets } from './SlaTargets';

interface QueueItemProps {
  queue: AdminQueue;
  /** Every staff account, for the members (active clerks) and the supervisor (anyone active). */
  accounts: StaffAccount[];
  offices: AdminOffice[];
  /** A change went through: say so, and load the queues again. */
  onChanged(message: string): void;
}

/** One queue, folded: its name, code and rank; opened, its fields, activity, members, supervisor and targets. */
export function QueueItem({ queue, accounts, offices, onChanged }: QueueItemProps) {
  const { t, text } = useI18n();
  const name = text(queue.name);
  return (
    <li
      className={`admin-list__item admin-list__item--stacked${queue.active ? '' : ' admin-list__item--inactive'}`}
      data-testid="queue-item"
      data-code={queue.code}
    >
      <details className="admin-details admin-details--service">
        <summary data-testid="queue-open">
          <span className="admin-service__name">{name}</span>
          <span className="agenda__ticket">{queue.code}</span>
          {!queue.active && <span className="badge badge--inactive">{t('admin.queues.inactive')}</span>}
          <span className="admin-list__meta admin-service__meta">
            {t('admin.queues.meta', { rank: queue.rank, members: queue.members.length, open: queue.openTickets })}
            {queue.effectiveRank !== queue.rank && <> · {t('admin.queues.rankNow', { rank: queue.effectiveRank })}</>}
            {' · '}
            {queue.supervisor ? t('admin.queues.supervisedBy', { name: queue.supervisor.name }) : t('admin.queues.noSupervisor')}
          </span>
        </summary>
        <div className="admin-details__body">
          <EditForm queue={queue} onChanged={onChanged} />
          <MembersForm queue={queue} accounts={accounts} offices={offices} onChanged={onChanged} />
          <SupervisorForm queue={queue} accounts={accounts} onChanged={onChanged} />
          <SlaTargets
            scope={queue.id}
            legend={t('admin.queues.sla')}
            hint={t('admin.queues.slaHint')}
            targets={queue.sla}
            save={async (request) => {
              await api.setQueueSla(queue.id, request);
              onChanged(t('admin.queues.targetSaved', { name, priority: t(`tickets.priority.${request.priority}`) }));
            }}
            clear={async (priority) => {
              await api.clearQueueSla(queue.id, priority);
              onChanged(t('admin.queues.targetCleared', { name, priority: t(`tickets.priority.${priority}`) }));
            }}
          />
          <Activity queue={queue} onChanged={onChanged} />
        </div>
      </details>
    </li>
  );
}

function EditForm({ queue, onChanged }: { queue: AdminQueue; onChanged(message: string): void }) {
  const { t, text, failure: explain } = useI18n();
  const [draft, setDraft] = useState<QueueDraft>({ name: { ...queue.name }, rank: String(queue.rank), priority: queue.defaultPriority });
  const form = useFormSend();
  const prefix = `queue-${queue.id}`;

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = queueProblems(prefix, draft, t);
    if (problems.length) {
      form.fail(problems);
      return;
    }
    await form.send(
      async () => {
        const saved = await api.saveQueue(queue.id, { name: draft.name, rank: Number(draft.rank), defaultPriority: draft.priority });
        onChanged(t('admin.queues.saved', { name: text(saved.name) }));
      },
      (failure) => [{ fieldId: null, message: explain(failure.code) }],
    );
  }

  return (
    <form className="planning-form admin-form" noValidate onSubmit={(event) => void submit(event)} data-testid="queue-edit-form">
      <h4>{t('admin.queues.fields')}</h4>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <QueueFields prefix={prefix} draft={draft} onChange={setDraft} errorOf={form.fieldError} />
      <SaveActions
        testId="queue-save"
        label={form.sending ? t('planning.sending') : t('admin.queues.save')}
        sending={form.sending}
        saved={null}
      />
    </form>
  );
}

function MembersForm({ queue, accounts, offices, onChanged }: QueueItemProps) {
  const { t, text, failure: explain } = useI18n();
  const [chosen, setChosen] = useState<string[]>(queue.members.map((m) => m.id));
  const form = useFormSend();
  const officeName = (id: string | null) => {
    const office = offices.find((o) => o.id === id);
    return office ? text(office.name) : t('admin.staff.noOffice');
  };
  // Active clerks, by office then name; a member whose account was deactivated stays listed so it can be taken out.
  const clerks = accounts
    .filter((a) => a.role === 'clerk' && (a.active || queue.members.some((m) => m.id === a.id)))
    .sort((a, b) => officeName(a.officeId).localeCompare(officeName(b.officeId)) || a.name.localeCompare(b.name));

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    await form.send(
      async () => {
        await api.setQueueMembers(queue.id, chosen);
        onChanged(t('admin.queues.membersSaved', { name: text(queue.name) }));
      },
      (failure) => [{ fieldId: null, message: explain(failure.code) }],
    );
  }

  return (
    <form className="planning-form admin-form" noValidate onSubmit={(event) => void submit(event)} data-testid="queue-members-form">
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <fieldset className="planning-fieldset">
        <legend className="field__label">{t('admin.queues.members')}</legend>
        <p className="hint">{t('admin.queues.membersHint')}</p>
        {clerks.length === 0 && <p className="muted">{t('admin.queues.noClerks')}</p>}
        <div className="queue-members">
          {clerks.map((clerk) => (
            <label key={clerk.id} className="checkbox">
              <input
                type="checkbox"
                data-testid="queue-member"
                value={clerk.id}
                checked={chosen.includes(clerk.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, clerk.id] : chosen.filter((id) => id !== clerk.id))}
              />
              <span>
                {clerk.name} <span className="muted">· {officeName(clerk.officeId)}</span>
                {!clerk.active && <span className="badge badge--inactive">{t('admin.staff.inactive')}</span>}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button--secondary" data-testid="queue-members-save" aria-disabled={form.sending}>
          {form.sending ? t('planning.sending') : t('admin.queues.saveMembers')}
        </button>
      </div>
    </form>
  );
}

function SupervisorForm({ queue, accounts, onChanged }: Omit<QueueItemProps, 'offices'>) {
  const { t, text, failure: explain } = useI18n();
  const [chosen, setChosen] = useState(queue.supervisor?.id ?? '');
  const form = useFormSend();
  const id = `queue-${queue.id}-supervisor`;
  const candidates = accounts.filter((a) => a.active || a.id === queue.supervisor?.id).sort((a, b) => a.name.localeCompare(b.name));

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    await form.send(
      async () => {
        await api.setQueueSupervisor(queue.id, chosen || null);
        onChanged(t('admin.queues.supervisorSaved', { name: text(queue.name) }));
      },
      (failure) => [{ fieldId: id, message: explain(failure.code) }],
    );
  }

  return (
    <form className="planning-form admin-form" noValidate onSubmit={(event) => void submit(event)} data-testid="queue-supervisor-form">
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <SupervisorSelect
        id={id}
        testId="queue-supervisor"
        value={chosen}
        candidates={candidates}
        hint={t('admin.queues.supervisorHint')}
        error={form.fieldError(id)}
        onChange={setChosen}
      />
      <div className="actions">
        <button type="submit" className="button button--secondary" data-testid="queue-supervisor-save" aria-disabled={form.sending}>
          {form.sending ? t('planning.sending') : t('admin.queues.saveSupervisor')}
        </button>
      </div>
    </form>
  );
}

/** Deactivating stops new work only: what is already in the queue is still served, as the hint says. */
function Activity({ queue, onChanged }: { queue: AdminQueue; onChanged(message: string): void }) {
  const { t, text, failure: explain } = useI18n();
  const form = useFormSend();

  async function toggle(): Promise<void> {
    await form.send(
      async () => {
        await api.setQueueActive(queue.id, !queue.active);
        onChanged(t(queue.active ? 'admin.queues.deactivated' : 'admin.queues.reactivated', { name: text(queue.name) }));
      },
      (failure) => [{ fieldId: null, message: explain(failure.code) }],
    );
  }

  return (
    <div className="planning-fieldset queue-activity">
      <p className="field__label">{t('admin.queues.activity')}</p>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <p className="hint">{t(queue.active ? 'admin.queues.deactivateHint' : 'admin.queues.reactivateHint', { open: queue.openTickets })}</p>
      <button
        type="button"
        className={`button button--small ${queue.active ? 'button--danger' : 'button--secondary'}`}
        data-testid={queue.active ? 'queue-deactivate' : 'queue-reactivate'}
        aria-disabled={form.sending}
        onClick={() => !form.sending && void toggle()}
      >
        {form.sending ? t('planning.sending') : t(queue.active ? 'admin.queues.deactivate' : 'admin.queues.reactivate')}
      </button>
    </div>
  );
}
