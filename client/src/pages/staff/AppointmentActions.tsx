import { councilDayOf, type Outcome, type StaffAppointment } from '@oac/shared';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useLoad } from '../../ui/useLoad';
import { useNow } from '../../ui/useNow';

interface ActionProps {
  appointment: StaffAppointment;
  onChanged(appointment: StaffAppointment): void;
}

function useAction(onChanged: (a: StaffAppointment) => void) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);
  async function run(work: () => Promise<StaffAppointment>): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    setProblem(null);
    try {
      onChanged(await work());
      return true;
    } catch (error) {
      setProblem(toFailure(error));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, problem, run };
}

/**
 * Ending the appointment with its outcome: attended, or a no-show once a few minutes of the start
 * have gone by (the server says when). Until the day is over, the outcome can be corrected.
 */
export function EndPanel({ appointment, onChanged }: ActionProps) {
  const { t, fmt, failure: explain } = useI18n();
  const now = useNow(15_000);
  const { busy, problem, run } = useAction(onChanged);
  const ended = appointment.status === 'done' || appointment.status === 'no_show';
  const noShowFrom = new Date(Date.parse(appointment.startsAt) + appointment.rules.noShowAfterMinutes * 60_000);
  const noShowReady = now.getTime() >= noShowFrom.getTime() && appointment.status !== 'in_call';
  const editable = ended && councilDayOf(now) === councilDayOf(new Date(appointment.startsAt));
  if (appointment.status === 'cancelled') return null;

  const outcomeButton = (outcome: Outcome, label: string, enabled: boolean) => (
    <button
      type="button"
      className={`button ${outcome === 'done' ? 'button--primary' : 'button--secondary'}`}
      data-testid={`end-${outcome}`}
      aria-disabled={busy || !enabled}
      onClick={() => enabled && void run(() => (ended ? api.changeOutcome(appointment.id, outcome) : api.end(appointment.id, outcome)))}
    >
      {label}
    </button>
  );

  return (
    <section className="card end-panel" aria-labelledby="end-heading">
      <h2 id="end-heading">{t(ended ? 'end.outcomeHeading' : 'end.heading')}</h2>
      {ended ? (
        <p data-testid="outcome">
          {t(appointment.status === 'done' ? 'end.wasDone' : 'end.wasNoShow')}
          {appointment.endedAt && ` · ${fmt.time(appointment.endedAt)}`}
        </p>
      ) : (
        <p className="hint">{t('end.hint')}</p>
      )}
      {problem && (
        <Notice kind="error">
          <p>{explain(problem.code)}</p>
        </Notice>
      )}
      {(!ended || editable) && (
        <div className="actions">
          {appointment.status !== 'done' && outcomeButton('done', t(ended ? 'end.changeToDone' : 'end.done'), true)}
          {appointment.status !== 'no_show' && outcomeButton('no_show', t(ended ? 'end.changeToNoShow' : 'end.noShow'), noShowReady)}
        </div>
      )}
      {!ended && !noShowReady && appointment.status !== 'in_call' && (
        <p className="muted">{t('end.noShowFrom', { time: fmt.time(noShowFrom.toISOString()) })}</p>
      )}
      {ended && !editable && <p className="muted">{t('end.locked')}</p>}
    </section>
  );
}

/** The staff's internal notes on the appointment; the citizen never sees them, and each change is audited. */
export function NotesPanel({ appointment, onChanged }: ActionProps) {
  const { t, failure: explain } = useI18n();
  const [notes, setNotes] = useState(appointment.notes);
  const [saved, setSaved] = useState(false);
  const { busy, problem, run } = useAction(onChanged);
  const dirty = notes !== appointment.notes;
  return (
    <section className="card notes-panel" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('notes.heading')}</h2>
      <label htmlFor="staff-notes" className="hint">
        {t('notes.hint')}
      </label>
      <textarea
        id="staff-notes"
        data-testid="staff-notes"
        maxLength={4_000}
        value={notes}
        onChange={(event) => {
          setNotes(event.target.value);
          setSaved(false);
        }}
      />
      {problem && (
        <Notice kind="error">
          <p>{explain(problem.code)}</p>
        </Notice>
      )}
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          data-testid="save-notes"
          aria-disabled={busy || !dirty}
          onClick={() => dirty && void run(() => api.setNotes(appointment.id, notes)).then((ok) => setSaved(ok))}
        >
          {t('notes.save')}
        </button>
        <span role="status">{saved && !dirty ? t('notes.saved') : ''}</span>
      </div>
    </section>
  );
}

/** The appointment's audit trail: who did what, and when. */
export function HistoryPanel({ appointment }: { appointment: StaffAppointment }) {
  const { t, fmt } = useI18n();
  // Keyed by the status and the notes, so the list follows every change shown on the page.
  const { state } = useLoad(
    (signal) => api.history(appointment.id, signal),
    `${appointment.id}/${appointment.status}/${appointment.notes.length}`,
  );
  return (
    <section className="card history-panel" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('history.heading')}</h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'ready' && state.data.length === 0 && <p className="muted">{t('history.none')}</p>}
      {state.status === 'ready' && state.data.length > 0 && (
        <ol className="history" data-testid="history">
          {state.data.map((entry, i) => (
            <li key={i}>
              <time dateTime={entry.at}>{fmt.time(entry.at)}</time>
              {t(historyKey(entry.action), { who: entry.actor.kind === 'system' ? t('history.system') : entry.actor.name })}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const HISTORY_KEYS = {
  'appointment.booked': 'history.booked',
  'appointment.checked_in': 'history.checked_in',
  'appointment.call_started': 'history.call_started',
  'appointment.call_interrupted': 'history.call_interrupted',
  'appointment.left': 'history.left',
  'appointment.ended': 'history.ended',
  'appointment.outcome_changed': 'history.outcome_changed',
  'appointment.cancelled': 'history.cancelled',
  'appointment.rescheduled': 'history.rescheduled',
  'appointment.notes_changed': 'history.notes_changed',
} as const;

function historyKey(action: string) {
  return (HISTORY_KEYS as Record<string, (typeof HISTORY_KEYS)[keyof typeof HISTORY_KEYS]>)[action] ?? 'history.other';
}
