import type { AdminOffice, StaffAccount, StaffRole, StaffUser } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import type { Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { SelectField } from '../planning/SelectField';
import { pathsIn, useFormSend } from '../planning/useFormSend';
import { ROLE_LABELS, rolesFor } from './roles';

export const STAFF_EMAIL_ID = 'staff-new-email';
const IDS = { email: STAFF_EMAIL_ID, name: 'staff-new-name', role: 'staff-new-role', office: 'staff-new-office' } as const;

interface StaffFormProps {
  user: StaffUser;
  offices: AdminOffice[];
  onCreated(account: StaffAccount, password: string): void;
}

/** Opens an account; the server answers its first password, which the page shows once. */
export function StaffForm({ user, offices, onCreated }: StaffFormProps) {
  const { t, text, failure: explain } = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('clerk');
  const [officeId, setOfficeId] = useState(user.officeId ?? '');
  const form = useFormSend();
  const ownOffice = offices.find((o) => o.id === user.officeId);

  function check(): SummaryItem[] {
    return [
      ...(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) ? [] : [{ fieldId: IDS.email, message: t('admin.staff.emailInvalid') }]),
      ...(name.trim().length >= 2 ? [] : [{ fieldId: IDS.name, message: t('admin.staff.nameInvalid') }]),
      ...(role === 'admin' || officeId ? [] : [{ fieldId: IDS.office, message: t('admin.staff.officeMissing') }]),
    ];
  }

  function explainFailure(failure: Failure): SummaryItem[] {
    if (failure.code === 'email_taken') return [{ fieldId: IDS.email, message: explain(failure.code) }];
    if (failure.code === 'validation_error') {
      const paths = pathsIn(failure.details);
      const items: SummaryItem[] = [];
      if (paths.has('email')) items.push({ fieldId: IDS.email, message: t('admin.staff.emailInvalid') });
      if (paths.has('name')) items.push({ fieldId: IDS.name, message: t('admin.staff.nameInvalid') });
      if (paths.has('officeId')) items.push({ fieldId: IDS.office, message: t('admin.staff.officeMissing') });
      if (items.length) return items;
    }
    return [{ fieldId: null, message: explain(failure.code) }];
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = check();
    if (problems.length) {
      form.fail(problems);
      return;
    }
    const ok = await form.send(async () => {
      const { account, password } = await api.createStaffAccount({
        email: email.trim(),
        name: name.trim(),
        role,
        officeId: officeId || null,
      });
      onCreated(account, password);
    }, explainFailure);
    if (ok) {
      setEmail('');
      setName('');
    }
  }

  return (
    <form className="card planning-form admin-form" noValidate onSubmit={(event) => void submit(event)} data-testid="staff-create-form">
      <h3>{t('admin.staff.new')}</h3>
      <p className="hint">{t('admin.staff.newHint')}</p>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <TextField
        id={IDS.email}
        data-testid="staff-new-email"
        type="email"
        autoComplete="off"
        spellCheck={false}
        label={t('admin.staff.email')}
        value={email}
        error={form.fieldError(IDS.email)}
        onChange={(e) => setEmail(e.target.value)}
      />
      <TextField
        id={IDS.name}
        data-testid="staff-new-name"
        autoComplete="off"
        label={t('admin.staff.name')}
        value={name}
        error={form.fieldError(IDS.name)}
        onChange={(e) => setName(e.target.value)}
      />
      <SelectField id={IDS.role} label={t('admin.staff.role')} error={null}>
        <select id={IDS.role} data-testid="staff-new-role" value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
          {rolesFor(user).map((r) => (
            <option key={r} value={r}>
              {t(ROLE_LABELS[r])}
            </option>
          ))}
        </select>
      </SelectField>
      {user.role === 'admin' ? (
        <SelectField id={IDS.office} label={t('admin.staff.office')} error={form.fieldError(IDS.office)}>
          <select id={IDS.office} data-testid="staff-new-office" value={officeId} onChange={(e) => setOfficeId(e.target.value)}>
            <option value="">{t('admin.staff.noOffice')}</option>
            {offices.map((o) => (
              <option key={o.id} value={o.id}>
                {text(o.name)}
              </option>
            ))}
          </select>
        </SelectField>
      ) : (
        <p className="admin-form__fixed">
          <span className="field__label">{t('admin.staff.office')}</span> {ownOffice ? text(ownOffice.name) : ''}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" data-testid="staff-create" aria-disabled={form.sending}>
          {form.sending ? t('planning.sending') : t('admin.staff.create')}
        </button>
      </div>
    </form>
  );
}
