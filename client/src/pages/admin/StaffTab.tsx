import type { AdminOffice, StaffAccount, StaffUser } from '@oac/shared';
import { useId, useState } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { useKeptLoad } from '../planning/useKeptLoad';
import { NewPassword, type IssuedPassword } from './NewPassword';
import { STAFF_EMAIL_ID, StaffForm } from './StaffForm';
import { StaffItem } from './StaffItem';

export interface StaffTabProps {
  user: StaffUser;
  offices: AdminOffice[];
}

/** The accounts of the office (a scheduler's) or of every office (an admin's), and a form to open one. */
export function StaffTab({ user, offices }: StaffTabProps) {
  const { t } = useI18n();
  const headingId = useId();
  const accounts = useKeptLoad((signal) => api.staffAccounts(signal), 'staff-accounts');
  const [issued, setIssued] = useState<IssuedPassword | null>(null);
  const [status, setStatus] = useState('');

  function onIssued(account: StaffAccount, password: string, reason: IssuedPassword['reason']): void {
    setIssued((last) => ({ name: account.name, email: account.email, password, reason, serial: (last?.serial ?? 0) + 1 }));
    accounts.reload();
  }

  function onChanged(message: string): void {
    setStatus(message);
    accounts.reload();
  }

  return (
    <section className="planning-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('admin.tab.staff')}</h2>
      {issued && <NewPassword issued={issued} onDone={() => setIssued(null)} />}
      <p role="status" className="admin-status" data-testid="staff-status">
        {status}
      </p>
      <div className="planning-columns">
        <div>
          <h3>{t('admin.staff.list')}</h3>
          {/* Where the columns stack, the form comes after a long list: a way straight to it. */}
          <p className="admin-jump">
            <a
              href={`#${STAFF_EMAIL_ID}`}
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(STAFF_EMAIL_ID)?.focus();
              }}
            >
              {t('admin.staff.toNew')}
            </a>
          </p>
          {!accounts.data && (accounts.failure ? <FailureNotice failure={accounts.failure} onRetry={accounts.reload} /> : <Loading />)}
          {accounts.data && accounts.data.length === 0 && <p className="muted">{t('admin.staff.none')}</p>}
          {accounts.data && accounts.data.length > 0 && (
            <ul className="admin-list" data-testid="staff-list">
              {accounts.data.map((account) => (
                <StaffItem
                  key={account.id}
                  user={user}
                  account={account}
                  offices={offices}
                  onChanged={onChanged}
                  onReset={(password) => onIssued(account, password, 'reset')}
                />
              ))}
            </ul>
          )}
        </div>
        <StaffForm user={user} offices={offices} onCreated={(account, password) => onIssued(account, password, 'created')} />
      </div>
    </section>
  );
}
