import type { OfficeSchedule, Peak } from '@oac/shared';
import { useId, useState } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { dayInZone, type Formatters } from '../../i18n/format';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { PeakForm } from './PeakForm';
import { useKeptLoad } from './useKeptLoad';
import { useOfficeFormat } from './useOfficeFormat';
import './peaks.css';

interface PeaksTabProps {
  officeId: string;
  schedule: OfficeSchedule;
}

/**
 * Seasonal peaks (issue 15): the office's clerks lent to a queue for some days, or a queue's
 * rank changed for them. Listed are those in force and those to come; each ends by itself.
 */
export function PeaksTab({ officeId, schedule }: PeaksTabProps) {
  const { t } = useI18n();
  const headingId = useId();
  const zone = schedule.office.timeZone;
  const fmt = useOfficeFormat(zone);
  const today = dayInZone(new Date(), zone);
  const peaks = useKeptLoad((signal) => api.officePeaks(officeId, signal), `peaks-${officeId}`);
  const queues = useKeptLoad((signal) => api.queues(signal), 'queues');
  const [status, setStatus] = useState<{ message: string; serial: number } | null>(null);
  // Only the office's own clerks may be lent from here.
  const clerks = schedule.clerks.filter((c) => c.office.id === officeId && c.active).sort((a, b) => a.name.localeCompare(b.name));

  function onChanged(message: string): void {
    setStatus((last) => ({ message, serial: (last?.serial ?? 0) + 1 }));
    peaks.reload();
    queues.reload();
  }

  return (
    <section className="planning-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('planning.tab.peaks')}</h2>
      <p className="hint peaks__lead">{t('planning.peaks.lead')}</p>
      <div role="status" className="admin-status" data-testid="peaks-status">
        {status && <p key={status.serial}>{status.message}</p>}
      </div>
      <div className="planning-columns">
        <div>
          <h3>{t('planning.peaks.list')}</h3>
          {!peaks.data && (peaks.failure ? <FailureNotice failure={peaks.failure} onRetry={peaks.reload} /> : <Loading />)}
          {peaks.data && peaks.data.length === 0 && <p className="muted">{t('planning.peaks.none')}</p>}
          {peaks.data && peaks.data.length > 0 && (
            <ul className="exception-list" data-testid="peak-list">
              {peaks.data.map((peak) => (
                <PeakItem key={peak.id} peak={peak} officeId={officeId} today={today} fmt={fmt} onChanged={onChanged} />
              ))}
            </ul>
          )}
        </div>
        {!queues.data ? (
          queues.failure ? (
            <FailureNotice failure={queues.failure} onRetry={queues.reload} />
          ) : (
            <Loading />
          )
        ) : (
          <PeakForm
            officeId={officeId}
            today={today}
            queues={queues.data}
            clerks={clerks}
            onAdded={(peak) => onChanged(t('planning.peaks.added', { queue: peak.queue.code }))}
          />
        )}
      </div>
    </section>
  );
}

interface ItemProps {
  peak: Peak;
  officeId: string;
  today: string;
  fmt: Formatters;
  onChanged(message: string): void;
}

function PeakItem({ peak, officeId, today, fmt, onChanged }: ItemProps) {
  const { t, text } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);
  const days =
    peak.from === peak.to
      ? fmt.calendarDay(peak.from)
      : t('planning.closures.range', { from: fmt.calendarDay(peak.from), to: fmt.calendarDay(peak.to) });
  // One in force since an earlier day ends today; any other goes altogether.
  const ends = peak.state === 'in_force' && peak.from < today;
  const name = text(peak.queue.name);

  async function remove(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      const removal = await api.removePeak(officeId, peak.id);
      onChanged(t(removal.outcome === 'ended' ? 'planning.peaks.ended' : 'planning.peaks.deleted', { queue: peak.queue.code }));
    } catch (error) {
      setProblem(toFailure(error));
      setBusy(false);
    }
  }

  return (
    <li className="exception-item peak-item" data-testid="peak-item" data-peak-id={peak.id}>
      <div className="exception-item__body">
        <p className="exception-item__name">
          <strong>{name}</strong> <span className={`badge badge--peak-${peak.state}`}>{t(`planning.peaks.state.${peak.state}`)}</span>
        </p>
        <p className="exception-item__days">{days}</p>
        <p className="peak-item__reason">{peak.reason}</p>
        {peak.rank !== null && <p className="peak-item__what">{t('planning.peaks.rank', { rank: peak.rank, own: peak.queue.rank })}</p>}
        {peak.clerks.length > 0 && (
          <p className="peak-item__what">{t('planning.peaks.clerks', { names: peak.clerks.map((c) => c.name).join(', ') })}</p>
        )}
        {peak.createdBy && <p className="muted peak-item__by">{t('planning.peaks.by', { name: peak.createdBy })}</p>}
        {problem && <FailureNotice failure={problem} />}
      </div>
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid="peak-remove"
        aria-disabled={busy}
        onClick={() => !busy && void remove()}
      >
        {busy ? t('planning.sending') : t(ends ? 'planning.peaks.end' : 'planning.remove')}
        <span className="visually-hidden">
          {' '}
          {name}, {days}
        </span>
      </button>
    </li>
  );
}
