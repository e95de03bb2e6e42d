import type { StaffUser } from '@oac/shared';
import { api } from '../../api/endpoints';
import { councilDay } from '../../i18n/format';
import { useI18n } from '../../i18n/I18nProvider';
import { useLocation } from '../../router/history';
import { useLoad } from '../../ui/useLoad';
import { ManagerPage } from '../staff/ManagerPage';
import { QualityFilterForm } from './QualityFilters';
import { QualityResults } from './QualityResults';
import { readQualityFilters } from './qualityUrl';
import './quality.css';

/** The quality indicators (issue 15): what schedulers and managers watch, for a period and a slice of the work. */
export function QualityPage() {
  return (
    <ManagerPage title="quality.title" className="planning quality-page" clerkOnly="quality.clerkOnly" refusedTestId="quality-not-allowed">
      {(user) => <Dashboard user={user} />}
    </ManagerPage>
  );
}

function Dashboard({ user }: { user: StaffUser }) {
  const { t, text } = useI18n();
  const isAdmin = user.role === 'admin';
  const asked = readQualityFilters(useLocation().search);
  // A scheduler's address never names an office: theirs is the only one they see.
  const filters = isAdmin ? asked : { ...asked, office: null };
  const today = councilDay(new Date());
  // The lists only name the filters' choices: a failure leaves a filter at "all", never the page without figures.
  const offices = useLoad((signal) => api.adminOffices(signal), 'quality-offices').state;
  const queues = useLoad((signal) => api.queues(signal), 'quality-queues').state;
  const catalogue = useLoad((signal) => api.catalogue(signal), 'quality-catalogue').state;
  const officeList = offices.status === 'ready' ? offices.data : [];
  const ownOffice = isAdmin ? null : (officeList.find((o) => o.id === user.officeId) ?? null);
  const procedures = (catalogue.status === 'ready' ? catalogue.data : []).filter(
    (p) => isAdmin || (user.officeId !== null && p.officeIds.includes(user.officeId)),
  );
  const officeId = isAdmin ? filters.office : user.officeId;
  const office = officeList.find((o) => o.id === officeId) ?? null;
  const officeName = office ? text(office.name) : isAdmin && !officeId ? t('quality.allOffices') : '';
  return (
    <>
      <p className="muted quality-page__lead">{t(isAdmin ? 'quality.lead.admin' : 'quality.lead.scheduler')}</p>
      <QualityFilterForm
        filters={filters}
        today={today}
        offices={isAdmin ? officeList : null}
        fixedOffice={ownOffice ? text(ownOffice.name) : ''}
        queues={queues.status === 'ready' ? queues.data : []}
        procedures={procedures}
      />
      <QualityResults filters={filters} today={today} sendOffice={isAdmin} officeName={officeName} officeSlug={office?.slug ?? null} />
    </>
  );
}
