import type { StaffUser } from '@oac/shared';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { useLocation } from '../../router/history';
import { Link } from '../../router/Link';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useTitle } from '../../ui/useTitle';
import { useKeptLoad } from '../planning/useKeptLoad';
import { StaffBar } from '../staff/StaffBar';
import { useStaffSession } from '../staff/useStaffSession';
import { ADMIN_TABS, adminHref, readAdminTab, type AdminTab } from './adminUrl';
import { CatalogueTab } from './CatalogueTab';
import { OfficesTab } from './OfficesTab';
import { QueuesTab } from './QueuesTab';
import { StaffTab } from './StaffTab';

const labels: Record<AdminTab, MessageKey> = {
  staff: 'admin.tab.staff',
  catalogue: 'admin.tab.catalogue',
  offices: 'admin.tab.offices',
  queues: 'admin.tab.queues',
};

/** The queues are configured by admins alone. */
const tabsFor = (user: StaffUser): readonly AdminTab[] => ADMIN_TABS.filter((tab) => tab !== 'queues' || user.role === 'admin');

/** Staff accounts, the procedure catalogue and the offices (issue 14), for schedulers and admins. */
export function AdminPage() {
  const { t } = useI18n();
  useTitle(t('admin.title'));
  const session = useStaffSession();
  return (
    <div className="page planning admin">
      <h1 tabIndex={-1}>{t('admin.title')}</h1>
      {session.status === 'loading' && <Loading />}
      {session.status === 'failed' && session.failure.code !== 'unauthenticated' && <FailureNotice failure={session.failure} />}
      {session.status === 'ready' && (
        <>
          <StaffBar user={session.data} />
          <AdminFor user={session.data} />
        </>
      )}
    </div>
  );
}

function AdminFor({ user }: { user: StaffUser }) {
  const { t } = useI18n();
  if (user.role === 'clerk' || (user.role === 'scheduler' && !user.officeId)) {
    return (
      <Notice kind="info" testId="admin-not-allowed">
        <p>{t(user.role === 'clerk' ? 'admin.clerkOnly' : 'planning.noOffice')}</p>
        <p>
          <Link href="/staff">{t('planning.toAgenda')}</Link>
        </p>
      </Notice>
    );
  }
  return <AdminTools user={user} />;
}

function AdminTools({ user }: { user: StaffUser }) {
  const { t } = useI18n();
  const tab = readAdminTab(useLocation().search);
  // Every tab names offices (the staff's, the procedures'), so the list is loaded once for all.
  const offices = useKeptLoad((signal) => api.adminOffices(signal), 'admin-offices');
  return (
    <>
      <p className="muted admin__lead">{t(user.role === 'admin' ? 'admin.lead.admin' : 'admin.lead.scheduler')}</p>
      <nav className="planning-tabs" aria-label={t('admin.tabs')}>
        <ul className="planning-tabs__list">
          {tabsFor(user).map((name) => (
            <li key={name}>
              <Link
                href={adminHref(name)}
                className="planning-tabs__link"
                data-testid={`admin-tab-${name}`}
                aria-current={tab === name ? 'page' : undefined}
              >
                {t(labels[name])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {!offices.data && (offices.failure ? <FailureNotice failure={offices.failure} onRetry={offices.reload} /> : <Loading />)}
      {offices.data && tab === 'staff' && <StaffTab user={user} offices={offices.data} />}
      {offices.data && tab === 'catalogue' && <CatalogueTab user={user} offices={offices.data} />}
      {offices.data && tab === 'offices' && <OfficesTab user={user} offices={offices.data} onChanged={offices.reload} />}
      {offices.data && tab === 'queues' && <QueuesTab user={user} offices={offices.data} />}
    </>
  );
}
