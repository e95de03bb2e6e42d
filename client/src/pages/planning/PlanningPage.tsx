import type { Office, StaffUser } from '@oac/shared';
import { useId } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { navigate, useLocation } from '../../router/history';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useLoad } from '../../ui/useLoad';
import { ManagerPage } from '../staff/ManagerPage';
import { OfficePlan } from './OfficePlan';
import { planningHref, readPlanningQuery, type PlanningQuery } from './planningUrl';

/** The scheduler's planning tools (issue 14): the board, the hours, closures, the roster and the bookings to fix. */
export function PlanningPage() {
  return (
    <ManagerPage title="planning.title" className="planning" clerkOnly="planning.clerkOnly" refusedTestId="planning-not-allowed">
      {(user) => <OfficeChoice user={user} />}
    </ManagerPage>
  );
}

function OfficeChoice({ user }: { user: StaffUser }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const asked = readPlanningQuery(search);
  const isAdmin = user.role === 'admin';
  // The office list is public and small: the admin chooses from it, and everyone's CSV is named after its slug.
  const { state, reload } = useLoad((signal) => api.offices(signal), 'offices');
  const offices = state.status === 'ready' ? state.data : [];
  if (isAdmin && state.status === 'loading') return <Loading />;
  if (isAdmin && state.status === 'failed') return <FailureNotice failure={state.failure} onRetry={reload} />;
  const officeId = isAdmin ? (asked.office ?? offices[0]?.id ?? null) : user.officeId;
  if (!officeId) {
    return (
      <Notice kind="info">
        <p>{t('planning.noOffices')}</p>
      </Notice>
    );
  }
  // A scheduler's address never names an office: theirs is the only one they plan.
  const query: PlanningQuery = { ...asked, office: isAdmin ? asked.office : null };
  return (
    <>
      {isAdmin && <OfficePicker offices={offices} officeId={officeId} query={query} />}
      <OfficePlan key={officeId} officeId={officeId} slug={offices.find((o) => o.id === officeId)?.slug ?? null} query={query} />
    </>
  );
}

function OfficePicker({ offices, officeId, query }: { offices: Office[]; officeId: string; query: PlanningQuery }) {
  const { t, text } = useI18n();
  const id = useId();
  return (
    <div className="planning-office-picker">
      <label htmlFor={id} className="field__label">
        {t('planning.office')}
      </label>
      <select
        id={id}
        data-testid="planning-office"
        value={officeId}
        onChange={(event) => navigate(planningHref({ ...query, office: event.target.value, date: null }))}
      >
        {!offices.some((o) => o.id === officeId) && <option value={officeId}>{t('planning.otherOffice')}</option>}
        {offices.map((office) => (
          <option key={office.id} value={office.id}>
            {text(office.name)}
          </option>
        ))}
      </select>
    </div>
  );
}
