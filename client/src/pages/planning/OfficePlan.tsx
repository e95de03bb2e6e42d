import type { SchedulingChange } from '@oac/shared';
import { useCallback, useState } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { BoardTab } from './BoardTab';
import { ChangeResult } from './ChangeResult';
import { ClosuresTab } from './ClosuresTab';
import { ConflictsTab } from './ConflictsTab';
import { HoursTab } from './HoursTab';
import { PeaksTab } from './PeaksTab';
import { PlanningTabs } from './PlanningTabs';
import type { PlanningQuery } from './planningUrl';
import { RosterTab } from './RosterTab';
import { useKeptLoad } from './useKeptLoad';

interface OfficePlanProps {
  officeId: string;
  /** For the CSV's file name; null when the office is not in the public list (an inactive one). */
  slug: string | null;
  query: PlanningQuery;
}

/** One office's plan: loaded once, kept while it reloads after each change, and shared by the tabs. */
export function OfficePlan({ officeId, slug, query }: OfficePlanProps) {
  const { text, t } = useI18n();
  const schedule = useKeptLoad((signal) => api.officeSchedule(officeId, signal), officeId);
  const conflicts = useKeptLoad((signal) => api.schedulingConflicts(officeId, signal), officeId);
  const [change, setChange] = useState<{ result: SchedulingChange; serial: number } | null>(null);
  const { reload: reloadSchedule } = schedule;
  const { reload: reloadConflicts } = conflicts;

  const onChange = useCallback(
    (result: SchedulingChange) => {
      setChange((last) => ({ result, serial: (last?.serial ?? 0) + 1 }));
      reloadSchedule();
      reloadConflicts();
    },
    [reloadSchedule, reloadConflicts],
  );

  if (!schedule.data) {
    return schedule.failure ? <FailureNotice failure={schedule.failure} onRetry={schedule.reload} /> : <Loading />;
  }
  const plan = schedule.data;
  const zone = plan.office.timeZone;
  return (
    <>
      <p className="planning__office" data-testid="planning-office-name">
        <strong>{text(plan.office.name)}</strong>
        <span className="muted"> · {t('planning.zone', { zone })}</span>
        {!plan.office.active && <span className="badge badge--inactive">{t('planning.inactive')}</span>}
      </p>
      <PlanningTabs query={query} conflicts={conflicts.data?.length ?? null} />
      {schedule.failure && <FailureNotice failure={schedule.failure} onRetry={schedule.reload} />}
      <ChangeResult
        change={change}
        query={query}
        timeZone={zone}
        open={conflicts.loading || !conflicts.data ? null : new Set(conflicts.data.map((c) => c.id))}
        onDismiss={() => setChange(null)}
      />
      {query.tab === 'board' && (
        <BoardTab officeId={officeId} slug={slug} schedule={plan} query={query} onAppointmentChanged={reloadConflicts} />
      )}
      {query.tab === 'hours' && <HoursTab officeId={officeId} schedule={plan} onChange={onChange} />}
      {query.tab === 'closures' && <ClosuresTab officeId={officeId} schedule={plan} onChange={onChange} />}
      {query.tab === 'roster' && <RosterTab officeId={officeId} schedule={plan} onChange={onChange} />}
      {query.tab === 'peaks' && <PeaksTab officeId={officeId} schedule={plan} />}
      {query.tab === 'conflicts' && (
        <ConflictsTab officeId={officeId} schedule={plan} conflicts={conflicts} onAppointmentChanged={reloadConflicts} />
      )}
    </>
  );
}
