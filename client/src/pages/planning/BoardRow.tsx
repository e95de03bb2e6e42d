import type { OfficeSchedule, StaffAppointment } from '@oac/shared';
import { useId, useState } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { capitalize, type Formatters } from '../../i18n/format';
import { FailureNotice } from '../../ui/FailureNotice';
import { StatusBadge } from '../../ui/StatusBadge';
import { CitizenChangeActions } from './CitizenChange';

const COLUMNS = 6;

interface BoardRowProps {
  appointment: StaffAppointment;
  clerkName: string | null;
  schedule: OfficeSchedule;
  fmt: Formatters;
  onDone(message: string): void;
}

/** Only a booking still to come can change hands, be cancelled or be moved. */
function plannable(appointment: StaffAppointment): boolean {
  return appointment.status === 'booked' || appointment.status === 'checked_in';
}

export function BoardRow({ appointment: a, clerkName, schedule, fmt, onDone }: BoardRowProps) {
  const { t, text } = useI18n();
  const booking = { id: a.id, ticketNumber: a.ticketNumber, citizenName: a.citizenName, startsAt: a.startsAt };
  return (
    <tbody
      className={`board-table__appointment board-table__appointment--${a.status}`}
      data-testid="board-appointment"
      data-appointment-id={a.id}
      data-clerk-id={a.clerkId ?? ''}
      data-status={a.status}
    >
      <tr>
        <td data-label={t('planning.csv.time')} className="board-table__time">
          <time dateTime={a.startsAt}>{fmt.time(a.startsAt)}</time>
          <span className="muted">
            {'–'}
            <time dateTime={a.endsAt}>{fmt.time(a.endsAt)}</time>
          </span>
        </td>
        <th scope="row" data-label={t('planning.csv.ticket')} id={`appointment-${a.id}`} tabIndex={-1}>
          <span className="agenda__ticket">{a.ticketNumber}</span>
        </th>
        <td data-label={t('planning.csv.citizen')} className="board-table__citizen">
          {a.citizenName}
        </td>
        <td data-label={t('planning.csv.procedure')}>{text(a.service.name)}</td>
        <td data-label={t('planning.csv.clerk')}>{clerkName ?? <span className="muted">{t('planning.unassigned')}</span>}</td>
        <td data-label={t('planning.csv.status')}>
          <StatusBadge status={a.status} />
        </td>
      </tr>
      {plannable(a) && (
        <tr className="board-table__actions-row">
          <td colSpan={COLUMNS}>
            <CitizenChangeActions
              booking={booking}
              serviceId={a.service.id}
              officeId={schedule.office.id}
              timeZone={schedule.office.timeZone}
              fmt={fmt}
              onDone={onDone}
              before={<Reassign appointment={a} schedule={schedule} onDone={onDone} />}
            />
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** Gives the booking to another clerk of the office; the server refuses one who is busy then (`clerk_busy`). */
function Reassign({
  appointment: a,
  schedule,
  onDone,
}: {
  appointment: StaffAppointment;
  schedule: OfficeSchedule;
  onDone(message: string): void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const [clerkId, setClerkId] = useState(a.clerkId ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);
  const clerks = schedule.clerks.filter((c) => c.worksHere && (c.active || c.id === a.clerkId));
  const unchanged = clerkId === '' || clerkId === a.clerkId;

  async function reassign(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      await api.reassign(a.id, clerkId);
      const name = clerks.find((c) => c.id === clerkId)?.name ?? '';
      onDone(t('planning.reassign.done', { ticket: a.ticketNumber, name }));
    } catch (error) {
      setProblem(toFailure(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="board-reassign">
      <label htmlFor={id}>
        <span className="visually-hidden">
          {capitalize(t('planning.appointmentOf', { ticket: a.ticketNumber, name: a.citizenName }), lang)}:{' '}
        </span>
        {t('planning.reassign.label')}
      </label>
      <select id={id} data-testid="reassign-clerk" value={clerkId} onChange={(event) => setClerkId(event.target.value)}>
        {a.clerkId === null && <option value="">{t('planning.unassigned')}</option>}
        {clerks.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid="reassign-button"
        aria-disabled={busy || unchanged}
        onClick={() => !busy && !unchanged && void reassign()}
      >
        {busy ? t('planning.sending') : t('planning.reassign.button')}
      </button>
      {problem && <FailureNotice failure={problem} />}
    </div>
  );
}
