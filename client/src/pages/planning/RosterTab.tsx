import type { OfficeSchedule, SchedulingChange } from '@oac/shared';
import { useId, useState, type ReactNode } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { FailureNotice } from '../../ui/FailureNotice';
import { AbsenceForm } from './AbsenceForm';
import { ShiftForm } from './ShiftForm';
import { useOfficeFormat } from './useOfficeFormat';

interface TabProps {
  officeId: string;
  schedule: OfficeSchedule;
  onChange(change: SchedulingChange): void;
}

/** Who works when, for which procedures, and who is away. */
export function RosterTab({ officeId, schedule, onChange }: TabProps) {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section className="planning-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('planning.tab.roster')}</h2>
      <div className="planning-columns">
        <ShiftList officeId={officeId} schedule={schedule} onChange={onChange} />
        <ShiftForm officeId={officeId} schedule={schedule} onChange={onChange} />
      </div>
      <div className="planning-columns">
        <AbsenceList officeId={officeId} schedule={schedule} onChange={onChange} />
        <AbsenceForm officeId={officeId} schedule={schedule} onChange={onChange} />
      </div>
    </section>
  );
}

function ShiftList({ officeId, schedule, onChange }: TabProps) {
  const { t, text, fmt } = useI18n();
  const services = new Map(schedule.services.map((s) => [s.id, s]));
  const clerks = schedule.clerks.filter((c) => c.worksHere && (c.active || schedule.shifts.some((s) => s.clerkId === c.id)));
  return (
    <div>
      <h3>{t('planning.roster.shifts')}</h3>
      {clerks.length === 0 && <p className="muted">{t('planning.roster.noClerks')}</p>}
      {clerks.map((clerk) => {
        const shifts = schedule.shifts
          .filter((s) => s.clerkId === clerk.id)
          .sort((a, b) => a.weekday - b.weekday || a.starts.localeCompare(b.starts));
        return (
          <div key={clerk.id} className="roster-clerk" data-testid="roster-clerk" data-clerk-id={clerk.id}>
            <h4 className="roster-clerk__name">
              {clerk.name}
              {!clerk.active && <span className="badge badge--inactive">{t('planning.inactive')}</span>}
            </h4>
            {clerk.office.id !== officeId && (
              <p className="muted roster-clerk__from">{t('planning.roster.fromOffice', { office: text(clerk.office.name) })}</p>
            )}
            {shifts.length === 0 ? (
              <p className="muted">{t('planning.roster.noShifts')}</p>
            ) : (
              <ul className="roster-list">
                {shifts.map((s) => (
                  <RemovableItem
                    key={s.id}
                    testId="shift-item"
                    dataId={{ 'data-shift-id': s.id }}
                    removeTestId="shift-remove"
                    removeWhat={t('planning.roster.shiftOf', { name: clerk.name, weekday: fmt.weekdayName(s.weekday), starts: s.starts })}
                    remove={() => api.deleteShift(officeId, s.id)}
                    onChange={onChange}
                  >
                    <p className="roster-list__main">
                      <strong className="roster-list__weekday">{fmt.weekdayName(s.weekday)}</strong> {s.starts}–{s.ends}
                    </p>
                    <p className="muted roster-list__meta">
                      {s.validTo
                        ? t('planning.roster.validRange', { from: fmt.calendarDay(s.validFrom), to: fmt.calendarDay(s.validTo) })
                        : t('planning.roster.validFrom', { from: fmt.calendarDay(s.validFrom) })}
                    </p>
                    <p className="roster-list__meta">
                      {s.serviceIds.map((id) => (services.get(id) ? text(services.get(id)!.name) : id)).join(', ')}
                    </p>
                  </RemovableItem>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </div>
  );
}

function AbsenceList({ officeId, schedule, onChange }: TabProps) {
  const { t } = useI18n();
  const fmt = useOfficeFormat(schedule.office.timeZone);
  const absences = [...schedule.absences].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <div>
      <h3>{t('planning.roster.absences')}</h3>
      {absences.length === 0 ? (
        <p className="muted">{t('planning.roster.noAbsences')}</p>
      ) : (
        <ul className="roster-list">
          {absences.map((a) => (
            <RemovableItem
              key={a.id}
              testId="absence-item"
              dataId={{ 'data-absence-id': a.id }}
              removeTestId="absence-remove"
              removeWhat={t('planning.roster.absenceOf', { name: a.clerkName, from: fmt.shortDateTime(a.startsAt) })}
              remove={() => api.deleteAbsence(officeId, a.id)}
              onChange={onChange}
            >
              <p className="roster-list__main">
                <strong>{a.clerkName}</strong>
              </p>
              <p className="roster-list__meta">
                {t('planning.roster.absentRange', { from: fmt.shortDateTime(a.startsAt), to: fmt.shortDateTime(a.endsAt) })}
              </p>
              {a.reason && <p className="muted roster-list__meta">{a.reason}</p>}
            </RemovableItem>
          ))}
        </ul>
      )}
    </div>
  );
}

interface RemovableItemProps {
  testId: string;
  dataId: Record<`data-${string}`, string>;
  removeTestId: string;
  /** Read after "Remove" by a screen reader, since every row's button says the same. */
  removeWhat: string;
  remove(): Promise<SchedulingChange>;
  onChange(change: SchedulingChange): void;
  children: ReactNode;
}

function RemovableItem({ testId, dataId, removeTestId, removeWhat, remove, onChange, children }: RemovableItemProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);

  async function run(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      onChange(await remove());
    } catch (error) {
      setProblem(toFailure(error));
      setBusy(false);
    }
  }

  return (
    <li className="roster-list__item" data-testid={testId} {...dataId}>
      <div className="roster-list__body">
        {children}
        {problem && <FailureNotice failure={problem} />}
      </div>
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid={removeTestId}
        aria-disabled={busy}
        onClick={() => !busy && void run()}
      >
        {busy ? t('planning.sending') : t('planning.remove')}
        <span className="visually-hidden"> {removeWhat}</span>
      </button>
    </li>
  );
}
