import type { AdminOffice, StaffAccount, StaffRole, StaffUser } from '@oac/shared';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { FailureNotice } from '../../ui/FailureNotice';
import { TextField } from '../../ui/TextField';
import { SelectField } from '../planning/SelectField';
import { pathsIn, useFormSend } from '../planning/useFormSend';
import { ROLE_LABELS, rolesFor } from './roles';

interface StaffItemProps {
  user: StaffUser;
  account: StaffAccount;
  offices: AdminOffice[];
  onChanged(message: string): void;
  onReset(password: string): void;
}

type Pending = 'deactivate' | 'reset' | null;

/** One account: who, where and in what role, and what the manager may do with it. */
export function StaffItem({ user, account, offices, onChanged, onReset }: StaffItemProps) {
  const { t, text } = useI18n();
  const [confirming, setConfirming] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);
  // After an action the button pressed is gone (a confirmation, Deactivate turned Reactivate): focus the row's first action.
  const [refocus, setRefocus] = useState(0);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const actionsRef = useRef<HTMLDivElement>(null);
  const office = offices.find((o) => o.id === account.officeId);
  const self = account.id === user.id;
  const manages = user.role === 'admin' || (account.role !== 'admin' && account.officeId === user.officeId);
  const mayDeactivate = manages && !(self && user.role === 'scheduler');

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  useEffect(() => {
    if (refocus > 0) actionsRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [refocus]);

  async function run(action: NonNullable<Pending> | 'reactivate'): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      if (action === 'reset') {
        onReset((await api.resetStaffPassword(account.id)).password);
      } else {
        await api.setStaffActive(account.id, action === 'reactivate');
        onChanged(t(action === 'reactivate' ? 'admin.staff.reactivated' : 'admin.staff.deactivated', { name: account.name }));
      }
      setConfirming(null);
      if (action !== 'reset') setRefocus((n) => n + 1);
    } catch (error) {
      setProblem(toFailure(error));
      setConfirming(null);
      setRefocus((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li
      className={`admin-list__item${account.active ? '' : ' admin-list__item--inactive'}`}
      data-testid="staff-row"
      data-staff-id={account.id}
    >
      <div className="admin-list__body">
        <p className="admin-list__main">
          <strong>{account.name}</strong>
          {self && <span className="badge">{t('admin.staff.you')}</span>}
          {!account.active && <span className="badge badge--inactive">{t('admin.staff.inactive')}</span>}
        </p>
        <p className="admin-list__meta">{account.email}</p>
        <p className="admin-list__meta">
          {t(ROLE_LABELS[account.role])} · {office ? text(office.name) : t('admin.staff.noOffice')}
        </p>
        {problem && <FailureNotice failure={problem} />}
      </div>
      {manages && (
        <div className="admin-list__actions" ref={actionsRef}>
          {confirming ? (
            <div className="admin-confirm" role="group" aria-label={account.name}>
              <p className="admin-confirm__text">
                {t(confirming === 'reset' ? 'admin.staff.confirmReset' : 'admin.staff.confirmDeactivate', { name: account.name })}
              </p>
              <div className="actions">
                <button
                  type="button"
                  ref={confirmRef}
                  className="button button--danger button--small"
                  data-testid={`staff-confirm-${confirming}`}
                  aria-disabled={busy}
                  onClick={() => !busy && void run(confirming)}
                >
                  {busy ? t('planning.sending') : t(confirming === 'reset' ? 'admin.staff.reset' : 'admin.staff.deactivate')}
                </button>
                <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(null)}>
                  {t('admin.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <div className="actions">
              {account.active && mayDeactivate && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  data-testid="staff-deactivate"
                  onClick={() => setConfirming('deactivate')}
                >
                  {t('admin.staff.deactivate')}
                  <span className="visually-hidden"> {account.name}</span>
                </button>
              )}
              {!account.active && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  data-testid="staff-reactivate"
                  aria-disabled={busy}
                  onClick={() => !busy && void run('reactivate')}
                >
                  {t('admin.staff.reactivate')}
                  <span className="visually-hidden"> {account.name}</span>
                </button>
              )}
              {!self && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  data-testid="staff-reset"
                  onClick={() => setConfirming('reset')}
                >
                  {t('admin.staff.reset')}
                  <span className="visually-hidden"> {account.name}</span>
                </button>
              )}
            </div>
          )}
          <details className="admin-details">
            <summary data-testid="staff-edit">
              {t('admin.staff.change')}
              <span className="visually-hidden"> {account.name}</span>
            </summary>
            <AccountForm user={user} account={account} offices={offices} onSaved={onChanged} />
          </details>
        </div>
      )}
    </li>
  );
}

/** Name, role and office; a scheduler's choices stay within their office and below admin. */
function AccountForm({
  user,
  account,
  offices,
  onSaved,
}: {
  user: StaffUser;
  account: StaffAccount;
  offices: AdminOffice[];
  onSaved(m: string): void;
}) {
  const { t, text, failure: explain } = useI18n();
  const [name, setName] = useState(account.name);
  const [role, setRole] = useState<StaffRole>(account.role);
  const [officeId, setOfficeId] = useState(account.officeId ?? '');
  const form = useFormSend();
  const ids = { name: `staff-${account.id}-name`, role: `staff-${account.id}-role`, office: `staff-${account.id}-office` };
  const roles = rolesFor(user);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    if (role !== 'admin' && !officeId) {
      form.fail([{ fieldId: ids.office, message: t('admin.staff.officeMissing') }]);
      return;
    }
    const change = user.role === 'admin' ? { name: name.trim(), role, officeId: officeId || null } : { name: name.trim(), role };
    await form.send(
      async () => {
        await api.saveStaffAccount(account.id, change);
        onSaved(t('admin.staff.saved', { name: name.trim() }));
      },
      (failure) => {
        const paths = failure.code === 'validation_error' ? pathsIn(failure.details) : new Set<string>();
        if (paths.has('name')) return [{ fieldId: ids.name, message: t('admin.staff.nameInvalid') }];
        if (paths.has('officeId')) return [{ fieldId: ids.office, message: t('admin.staff.officeMissing') }];
        return [{ fieldId: null, message: explain(failure.code) }];
      },
    );
  }

  return (
    <form className="planning-form admin-form" noValidate onSubmit={(event) => void submit(event)} data-testid="staff-edit-form">
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <TextField
        id={ids.name}
        label={t('admin.staff.name')}
        value={name}
        error={form.fieldError(ids.name)}
        onChange={(e) => setName(e.target.value)}
      />
      <SelectField id={ids.role} label={t('admin.staff.role')} error={null}>
        <select id={ids.role} data-testid="staff-role" value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
          {!roles.includes(account.role) && <option value={account.role}>{t(ROLE_LABELS[account.role])}</option>}
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(ROLE_LABELS[r])}
            </option>
          ))}
        </select>
      </SelectField>
      {user.role === 'admin' && (
        <SelectField id={ids.office} label={t('admin.staff.office')} error={form.fieldError(ids.office)}>
          <select id={ids.office} data-testid="staff-office" value={officeId} onChange={(e) => setOfficeId(e.target.value)}>
            <option value="">{t('admin.staff.noOffice')}</option>
            {offices.map((o) => (
              <option key={o.id} value={o.id}>
                {text(o.name)}
              </option>
            ))}
          </select>
        </SelectField>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary button--small" data-testid="staff-save" aria-disabled={form.sending}>
          {form.sending ? t('planning.sending') : t('admin.save')}
        </button>
      </div>
    </form>
  );
}
