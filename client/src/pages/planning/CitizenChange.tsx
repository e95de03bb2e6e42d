import type { Slot } from '@oac/shared';
import { useId, useState, type ReactNode } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { capitalize, type Formatters } from '../../i18n/format';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useLoad } from '../../ui/useLoad';
import { SlotPicker } from '../booking/SlotStep';

/** What both the board and the conflicts list know of a booking to cancel or move. */
export interface Booking {
  id: string;
  ticketNumber: string;
  citizenName: string;
  startsAt: string;
}

interface ChangeProps {
  booking: Booking;
  fmt: Formatters;
  /** Done: the message to announce; the caller reloads. */
  onDone(message: string): void;
  onClose(): void;
}

/** The cancel's second step: the citizen loses the appointment, and is e-mailed, only on a clear yes. */
export function CancelConfirm({ booking, fmt, onDone, onClose }: ChangeProps) {
  const { t, lang } = useI18n();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);

  async function cancel(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      await api.staffCancel(booking.id);
      onDone(t('planning.cancel.done', { ticket: booking.ticketNumber, name: booking.citizenName }));
    } catch (error) {
      setProblem(toFailure(error));
      setBusy(false);
    }
  }

  return (
    <div className="confirm" role="group" aria-labelledby={id}>
      <p id={id}>
        <strong>
          {t('planning.cancel.question', {
            name: booking.citizenName,
            ticket: booking.ticketNumber,
            when: capitalize(fmt.dateTime(booking.startsAt), lang),
          })}
        </strong>
      </p>
      <p>{t('planning.cancel.emailed')}</p>
      {problem && <FailureNotice failure={problem} />}
      <div className="actions">
        <button
          type="button"
          className="button button--danger button--small"
          data-testid="cancel-confirm"
          aria-disabled={busy}
          onClick={() => !busy && void cancel()}
        >
          {busy ? t('planning.sending') : t('planning.cancel.yes')}
        </button>
        <button type="button" className="button button--secondary button--small" data-testid="cancel-keep" onClick={onClose}>
          {t('citizen.cancel.keep')}
        </button>
      </div>
    </div>
  );
}

interface ReschedulePanelProps extends ChangeProps {
  /** The booking's procedure; null when the caller does not know it (a conflict), and it is looked up. */
  serviceId: string | null;
  officeId: string;
  timeZone: string;
}

/** Another free slot of the same procedure, chosen with the citizen's own picker, on the office's clock. */
export function ReschedulePanel({ serviceId, ...props }: ReschedulePanelProps) {
  const known = serviceId;
  const { state, reload } = useLoad(
    known ? null : async (signal) => (await api.staffAppointment(props.booking.id, signal)).service.id,
    `service/${props.booking.id}`,
  );
  if (known) return <Reschedule serviceId={known} {...props} />;
  if (state.status === 'failed') return <FailureNotice failure={state.failure} onRetry={reload} />;
  if (state.status === 'loading') return <Loading />;
  return <Reschedule serviceId={state.data} {...props} />;
}

function Reschedule({ booking, fmt, onDone, onClose, serviceId, officeId, timeZone }: ReschedulePanelProps & { serviceId: string }) {
  const { t, lang, failure: explain } = useI18n();
  const id = useId();
  const [slot, setSlot] = useState<Slot | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);
  const [refresh, setRefresh] = useState(0);

  async function move(to: Slot): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      const moved = await api.staffReschedule(booking.id, to.id);
      onDone(t('planning.move.done', { ticket: booking.ticketNumber, name: booking.citizenName, when: fmt.dateTime(moved.startsAt) }));
    } catch (error) {
      const failure = toFailure(error);
      setProblem(failure);
      setBusy(false);
      // Someone took it meanwhile: show the fresh list.
      if (failure.code === 'slot_taken' || failure.code === 'slot_not_found' || failure.code === 'slot_in_past') {
        setSlot(null);
        setRefresh((n) => n + 1);
      }
    }
  }

  return (
    <div className="move board-move" data-testid="reschedule-panel">
      <p className="board-move__title">
        <strong>{t('planning.move.heading', { ticket: booking.ticketNumber, name: booking.citizenName })}</strong>
      </p>
      <SlotPicker serviceId={serviceId} officeId={officeId} selected={slot} refresh={refresh} onChoose={setSlot} timeZone={timeZone} />
      {problem && (
        <Notice kind="error">
          <p>{explain(problem.code)}</p>
        </Notice>
      )}
      {slot && (
        <div className="confirm" role="group" aria-labelledby={id}>
          <p id={id}>
            <strong>
              {t('planning.move.question', { name: booking.citizenName, when: capitalize(fmt.dateTime(slot.startsAt), lang) })}
            </strong>
          </p>
          <p>{t('planning.cancel.emailed')}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary button--small"
              data-testid="reschedule-confirm"
              aria-disabled={busy}
              onClick={() => !busy && void move(slot)}
            >
              {busy ? t('planning.sending') : t('citizen.move.yes')}
            </button>
          </div>
        </div>
      )}
      <div className="actions">
        <button type="button" className="button button--secondary button--small" data-testid="reschedule-keep" onClick={onClose}>
          {t('planning.move.keep')}
        </button>
      </div>
    </div>
  );
}

interface CitizenChangeActionsProps {
  booking: Booking;
  serviceId: string | null;
  officeId: string;
  timeZone: string;
  fmt: Formatters;
  onDone(message: string): void;
  /** Actions of the caller's own that sit before Move and Cancel (the board's reassign). */
  before?: ReactNode;
}

/** Move and Cancel for the citizen, each opening its own step below: the board's and the conflicts' alike. */
export function CitizenChangeActions({ booking, before, onDone, ...where }: CitizenChangeActionsProps) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'idle' | 'cancelling' | 'moving'>('idle');
  const done = (message: string) => {
    setMode('idle');
    onDone(message);
  };
  const which = t('planning.appointmentOf', { ticket: booking.ticketNumber, name: booking.citizenName });
  const toggle = (next: 'cancelling' | 'moving') => setMode(mode === next ? 'idle' : next);
  return (
    <>
      <div className="board-actions">
        {before}
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="reschedule-button"
          aria-expanded={mode === 'moving'}
          onClick={() => toggle('moving')}
        >
          {t('planning.move.button')}
          <span className="visually-hidden"> {which}</span>
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="cancel-button"
          aria-expanded={mode === 'cancelling'}
          onClick={() => toggle('cancelling')}
        >
          {t('planning.cancel.button')}
          <span className="visually-hidden"> {which}</span>
        </button>
      </div>
      {mode === 'cancelling' && <CancelConfirm booking={booking} fmt={where.fmt} onDone={done} onClose={() => setMode('idle')} />}
      {mode === 'moving' && <ReschedulePanel booking={booking} {...where} onDone={done} onClose={() => setMode('idle')} />}
    </>
  );
}
