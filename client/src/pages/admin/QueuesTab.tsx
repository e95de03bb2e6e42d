import type { AdminOffice, AdminQueue, StaffAccount, StaffUser } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import type { Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { TextField } from '../../ui/TextField';
import { pathsIn, useFormSend } from '../planning/useFormSend';
import { useKeptLoad } from '../planning/useKeptLoad';
import { emptyLocalized } from './LocalizedFields';
import { QueueFields, queueProblems, SupervisorSelect, type QueueDraft } from './QueueFields';
import { QueueItem } from './QueueItem';
import { SlaTargets } from './SlaTargets';
import './queues.css';

/** The single window's queues (issue 15), for admins: each queue's configuration, a new queue, and the default targets. */
export function QueuesTab({ user, offices }: { user: StaffUser; offices: AdminOffice[] }) {
  const { t } = useI18n();
  if (user.role !== 'admin') {
    return (
      <Notice kind="info" testId="queues-admin-only">
        <p>{t('admin.queues.adminOnly')}</p>
      </Notice>
    );
  }
  return <QueuesConfig offices={offices} />;
}

function QueuesConfig({ offices }: { offices: AdminOffice[] }) {
  const { t, text } = useI18n();
  const headingId = useId();
  const config = useKeptLoad((signal) => api.adminQueues(signal), 'admin-queues');
  const accounts = useKeptLoad((signal) => api.staffAccounts(signal), 'staff-accounts');
  const [status, setStatus] = useState<{ message: string; serial: number } | null>(null);

  function onChanged(message: string): void {
    setStatus((last) => ({ message, serial: (last?.serial ?? 0) + 1 }));
    config.reload();
  }

  const failure = config.failure ?? accounts.failure;
  return (
    <section className="planning-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('admin.tab.queues')}</h2>
      <p className="hint admin-queues__lead">{t('admin.queues.lead')}</p>
      <div role="status" className="admin-status" data-testid="queues-status">
        {status && <p key={status.serial}>{status.message}</p>}
      </div>
      {(!config.data || !accounts.data) &&
        (failure ? (
          <FailureNotice
            failure={failure}
            onRetry={() => {
              config.reload();
              accounts.reload();
            }}
          />
        ) : (
          <Loading />
        ))}
      {config.data && accounts.data && (
        <div className="planning-columns">
          <div>
            <h3>{t('admin.queues.list')}</h3>
            {/* Where the columns stack, the form comes after the list and the defaults: a way straight to it. */}
            <p className="admin-jump">
              <a
                href={`#${NEW}-code`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(`${NEW}-code`)?.focus();
                }}
              >
                {t('admin.queues.toNew')}
              </a>
            </p>
            <ul className="admin-list" data-testid="queue-list">
              {config.data.queues.map((queue) => (
                <QueueItem key={queue.id} queue={queue} accounts={accounts.data!} offices={offices} onChanged={onChanged} />
              ))}
            </ul>
            <div className="card admin-queues__defaults">
              <h3>{t('admin.queues.defaults')}</h3>
              <SlaTargets
                scope="default"
                legend={t('admin.queues.defaults')}
                legendHidden
                hint={t('admin.queues.defaultsHint')}
                targets={config.data.slaDefaults}
                save={async (request) => {
                  await api.setDefaultSla(request);
                  onChanged(t('admin.queues.defaultSaved', { priority: t(`tickets.priority.${request.priority}`) }));
                }}
              />
            </div>
          </div>
          <NewQueueForm accounts={accounts.data} onCreated={(queue) => onChanged(t('admin.queues.created', { name: text(queue.name) }))} />
        </div>
      )}
    </section>
  );
}

const NEW = 'queue-new';
const emptyDraft = (): QueueDraft => ({ name: emptyLocalized(), rank: '2', priority: 'normal' });

function NewQueueForm({ accounts, onCreated }: { accounts: StaffAccount[]; onCreated(queue: AdminQueue): void }) {
  const { t, failure: explain } = useI18n();
  const [draft, setDraft] = useState<QueueDraft>(emptyDraft);
  const [code, setCode] = useState('');
  const [supervisor, setSupervisor] = useState('');
  const form = useFormSend();
  const candidates = accounts.filter((a) => a.active).sort((a, b) => a.name.localeCompare(b.name));

  function explainFailure(failure: Failure): SummaryItem[] {
    if (failure.code === 'queue_code_taken') return [{ fieldId: `${NEW}-code`, message: explain(failure.code) }];
    if (failure.code === 'unknown_staff' || failure.code === 'staff_inactive')
      return [{ fieldId: `${NEW}-supervisor`, message: explain(failure.code) }];
    if (failure.code === 'validation_error' && pathsIn(failure.details).has('code'))
      return [{ fieldId: `${NEW}-code`, message: t('admin.queues.codeInvalid') }];
    return [{ fieldId: null, message: explain(failure.code) }];
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = [
      ...(/^[A-Z][A-Z0-9_]{1,19}$/.test(code) ? [] : [{ fieldId: `${NEW}-code`, message: t('admin.queues.codeInvalid') }]),
      ...queueProblems(NEW, draft, t),
    ];
    if (problems.length) {
      form.fail(problems);
      return;
    }
    const ok = await form.send(async () => {
      const queue = await api.createQueue({
        code,
        name: draft.name,
        rank: Number(draft.rank),
        defaultPriority: draft.priority,
        supervisorId: supervisor || null,
      });
      onCreated(queue);
    }, explainFailure);
    if (ok) {
      setDraft(emptyDraft());
      setCode('');
      setSupervisor('');
    }
  }

  return (
    <form className="card planning-form admin-form" noValidate onSubmit={(event) => void submit(event)} data-testid="queue-create-form">
      <h3>{t('admin.queues.new')}</h3>
      <p className="hint">{t('admin.queues.newHint')}</p>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <TextField
        id={`${NEW}-code`}
        data-testid={`${NEW}-code`}
        label={t('admin.queues.code')}
        hint={t('admin.queues.codeHint')}
        spellCheck={false}
        autoComplete="off"
        maxLength={20}
        value={code}
        error={form.fieldError(`${NEW}-code`)}
        onChange={(e) => setCode(e.target.value.toUpperCase())}
      />
      <QueueFields prefix={NEW} draft={draft} onChange={setDraft} errorOf={form.fieldError} />
      <SupervisorSelect
        id={`${NEW}-supervisor`}
        testId={`${NEW}-supervisor`}
        value={supervisor}
        candidates={candidates}
        error={form.fieldError(`${NEW}-supervisor`)}
        onChange={setSupervisor}
      />
      <div className="actions">
        <button type="submit" className="button button--primary" data-testid="queue-create" aria-disabled={form.sending}>
          {form.sending ? t('planning.sending') : t('admin.queues.create')}
        </button>
      </div>
    </form>
  );
}
