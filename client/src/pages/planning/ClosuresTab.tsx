import type { CalendarException, OfficeSchedule, SchedulingChange } from '@oac/shared';
import { useId, useState } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { dayInZone, type Formatters } from '../../i18n/format';
import { FailureNotice } from '../../ui/FailureNotice';
import { splitExceptions } from './calendar';
import { ExceptionForm } from './ExceptionForm';
import { useOfficeFormat } from './useOfficeFormat';

interface TabProps {
  officeId: string;
  schedule: OfficeSchedule;
  onChange(change: SchedulingChange): void;
}

/** Holidays, closures and special hours: the coming ones first, the past ones folded away. */
export function ClosuresTab({ officeId, schedule, onChange }: TabProps) {
  const { t } = useI18n();
  const headingId = useId();
  const zone = schedule.office.timeZone;
  const fmt = useOfficeFormat(zone);
  const today = dayInZone(new Date(), zone);
  const { upcoming, past } = splitExceptions(schedule.exceptions, today);
  return (
    <section className="planning-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('planning.tab.closures')}</h2>
      <div className="planning-columns">
        <div>
          <h3>{t('planning.closures.upcoming')}</h3>
          {schedule.exceptions.some((e) => e.officeId === null) && <p className="hint">{t('planning.closures.cityNote')}</p>}
          {upcoming.length === 0 ? (
            <p className="muted">{t('planning.closures.none')}</p>
          ) : (
            <ul className="exception-list">
              {upcoming.map(({ exception, from, to }) => (
                <ExceptionItem
                  key={exception.id}
                  exception={exception}
                  from={from}
                  to={to}
                  officeId={officeId}
                  fmt={fmt}
                  onChange={onChange}
                />
              ))}
            </ul>
          )}
          {past.length > 0 && (
            <details className="exception-past">
              <summary>{t('planning.closures.past', { count: past.length })}</summary>
              <ul className="exception-list">
                {past.map((exception) => (
                  <ExceptionItem
                    key={exception.id}
                    exception={exception}
                    from={exception.from}
                    to={exception.to}
                    officeId={officeId}
                    fmt={fmt}
                    onChange={onChange}
                  />
                ))}
              </ul>
            </details>
          )}
        </div>
        <ExceptionForm officeId={officeId} today={today} onChange={onChange} />
      </div>
    </section>
  );
}

interface ItemProps {
  exception: CalendarException;
  /** The days of the occurrence shown: for a yearly one, its next. */
  from: string;
  to: string;
  officeId: string;
  fmt: Formatters;
  onChange(change: SchedulingChange): void;
}

function ExceptionItem({ exception: e, from, to, officeId, fmt, onChange }: ItemProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);
  const city = e.officeId === null;
  const days = from === to ? fmt.calendarDay(from) : t('planning.closures.range', { from: fmt.calendarDay(from), to: fmt.calendarDay(to) });

  async function remove(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      onChange(await api.deleteCalendarException(officeId, e.id));
    } catch (error) {
      setProblem(toFailure(error));
      setBusy(false);
    }
  }

  return (
    <li className={`exception-item exception-item--${e.kind}`} data-testid="exception-item" data-exception-id={e.id}>
      <div className="exception-item__body">
        <p className="exception-item__name">
          <strong>{e.name}</strong>{' '}
          {city ? (
            <span className="badge badge--city">{t('planning.closures.city')}</span>
          ) : (
            <span className={`badge badge--kind-${e.kind}`}>{t(`planning.kind.${e.kind}`)}</span>
          )}
          {e.recurringYearly && <span className="badge badge--yearly">{t('planning.closures.yearly')}</span>}
        </p>
        <p className="exception-item__days">
          {days}
          {e.kind === 'special_hours' && e.hours && (
            <span className="muted">
              {' · '}
              {e.hours.length === 0 ? t('planning.board.closed') : e.hours.map((h) => `${h.opens}–${h.closes}`).join(', ')}
            </span>
          )}
        </p>
        {problem && <FailureNotice failure={problem} />}
      </div>
      {!city && (
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="exception-remove"
          aria-disabled={busy}
          onClick={() => !busy && void remove()}
        >
          {busy ? t('planning.sending') : t('planning.remove')}
          <span className="visually-hidden"> {e.name}</span>
        </button>
      )}
    </li>
  );
}
