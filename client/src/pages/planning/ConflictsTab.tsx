import type { AffectedAppointment, OfficeSchedule } from '@oac/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import type { Formatters } from '../../i18n/format';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { CitizenChangeActions } from './CitizenChange';
import type { KeptLoad } from './useKeptLoad';
import { useOfficeFormat } from './useOfficeFormat';

interface ConflictsTabProps {
  officeId: string;
  schedule: OfficeSchedule;
  /** Loaded by the page, which shows their number on the tab. */
  conflicts: KeptLoad<AffectedAppointment[]>;
  onAppointmentChanged(): void;
}

/** The bookings the plan no longer covers: each is moved to a slot that is, or cancelled, for the citizen. */
export function ConflictsTab({ officeId, schedule, conflicts, onAppointmentChanged }: ConflictsTabProps) {
  const { t } = useI18n();
  const headingId = useId();
  const fmt = useOfficeFormat(schedule.office.timeZone);
  const [announcement, setAnnouncement] = useState('');
  const list = conflicts.data ? [...conflicts.data].sort((a, b) => a.startsAt.localeCompare(b.startsAt)) : null;

  // A resolved booking leaves the list, and focus with it: put it back on the list's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current || conflicts.loading) return;
    refocus.current = false;
    if (!document.activeElement || document.activeElement === document.body) heading.current?.focus();
  }, [conflicts.loading]);

  function onDone(message: string): void {
    setAnnouncement(message);
    refocus.current = true;
    onAppointmentChanged();
  }

  return (
    <section className="planning-panel" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1} ref={heading}>
        {t('planning.tab.conflicts')}
      </h2>
      <p className="hint">{t('planning.conflicts.hint')}</p>
      <div className="board-announce" role="status">
        {announcement && <p className="notice notice--success">{announcement}</p>}
      </div>
      {conflicts.failure && <FailureNotice failure={conflicts.failure} onRetry={conflicts.reload} />}
      {!list && !conflicts.failure && <Loading />}
      {list && list.length === 0 && (
        <Notice kind="success" live={false} testId="conflicts-none">
          <p>{t('planning.conflicts.none')}</p>
        </Notice>
      )}
      {list && list.length > 0 && (
        <ul className="conflict-list">
          {list.map((a) => (
            <Conflict key={a.id} conflict={a} officeId={officeId} timeZone={schedule.office.timeZone} fmt={fmt} onDone={onDone} />
          ))}
        </ul>
      )}
    </section>
  );
}

interface ConflictProps {
  conflict: AffectedAppointment;
  officeId: string;
  timeZone: string;
  fmt: Formatters;
  onDone(message: string): void;
}

function Conflict({ conflict: a, officeId, timeZone, fmt, onDone }: ConflictProps) {
  const { t, text } = useI18n();
  const booking = { id: a.id, ticketNumber: a.ticketNumber, citizenName: a.citizenName, startsAt: a.startsAt };
  return (
    <li className="conflict" data-testid="conflict-item" data-appointment-id={a.id} data-reason={a.reason}>
      <div className="conflict__facts">
        <p className="conflict__when">
          <time dateTime={a.startsAt}>{fmt.shortDateTime(a.startsAt)}</time>
        </p>
        <p className="conflict__who">
          <span className="agenda__ticket">{a.ticketNumber}</span> <strong>{a.citizenName}</strong>
        </p>
        <p className="conflict__what">
          {text(a.service)}
          {a.clerkName && <span className="muted"> · {a.clerkName}</span>}
        </p>
        <p>
          <span className={`badge badge--reason-${a.reason}`}>{t(`planning.reason.${a.reason}`)}</span>
        </p>
      </div>
      <CitizenChangeActions booking={booking} serviceId={null} officeId={officeId} timeZone={timeZone} fmt={fmt} onDone={onDone} />
    </li>
  );
}
