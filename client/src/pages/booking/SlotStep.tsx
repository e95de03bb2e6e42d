import type { Service, Slot } from '@oac/shared';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { addDays, councilDay } from '../../i18n/format';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useLoad } from '../../ui/useLoad';
import { StepHeading } from './StepHeading';

/** The slots endpoint is asked for one week at a time. */
const WEEK = 7;

interface SlotStepProps {
  service: Service;
  selected: Slot | null;
  /** Set when the slot the citizen chose was taken meanwhile; shown above the fresh list. */
  problem: string | null;
  /** Changes whenever the list must be fetched again (e.g. after a slot was taken). */
  refresh: number;
  onChoose(slot: Slot): void;
}

function groupByDay(slots: Slot[]): [string, Slot[]][] {
  const days = new Map<string, Slot[]>();
  for (const slot of [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const day = councilDay(slot.startsAt);
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return [...days.entries()];
}

export function SlotStep({ service, selected, problem, refresh, onChoose }: SlotStepProps) {
  const { t, fmt } = useI18n();
  const today = councilDay(new Date());
  const [from, setFrom] = useState(today);
  const { state, reload } = useLoad((signal) => api.slots(service.id, from, WEEK, signal), `${service.id}/${from}/${refresh}`);
  const last = addDays(from, WEEK - 1);

  return (
    <fieldset className="step">
      <legend>
        <StepHeading>{t('booking.slot.heading')}</StepHeading>
      </legend>
      <p className="hint">{t('booking.slot.hint')}</p>
      {problem && <Notice kind="error">{problem}</Notice>}
      <div className="week-nav">
        <button type="button" className="button button--secondary" disabled={from <= today} onClick={() => setFrom(addDays(from, -WEEK))}>
          {t('booking.slot.earlier')}
        </button>
        <p className="week-nav__range" aria-live="polite">
          {t('booking.slot.range', { from: fmt.calendarDay(from), to: fmt.calendarDay(last) })}
        </p>
        <button type="button" className="button button--secondary" onClick={() => setFrom(addDays(from, WEEK))}>
          {t('booking.slot.later')}
        </button>
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <FailureNotice failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' && state.data.length === 0 && <Notice kind="info">{t('booking.slot.none')}</Notice>}
      {state.status === 'ready' &&
        groupByDay(state.data).map(([day, slots]) => (
          <fieldset key={day} className="slot-day">
            <legend className="slot-day__legend">{fmt.day(slots[0]?.startsAt ?? `${day}T12:00:00Z`)}</legend>
            <ul className="slot-grid">
              {slots.map((slot) => (
                <li key={slot.id}>
                  <button
                    type="button"
                    className="slot"
                    data-testid="slot-option"
                    data-slot-id={slot.id}
                    aria-pressed={selected?.id === slot.id}
                    onClick={() => onChoose(slot)}
                  >
                    {fmt.time(slot.startsAt)}
                  </button>
                </li>
              ))}
            </ul>
          </fieldset>
        ))}
    </fieldset>
  );
}
