import type { Office, Procedure, Slot } from '@oac/shared';
import { TIME_ZONE } from '@oac/shared';
import { useMemo, useState } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { addDays, councilDay, createFormatters, dayInZone, type Formatters } from '../../i18n/format';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useLoad } from '../../ui/useLoad';
import { StepHeading } from './StepHeading';

/** Whole days from one calendar day to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/** The slots endpoint is asked for one week at a time. */
const WEEK = 7;

interface SlotStepProps {
  service: Procedure;
  /** One office, or null for any office that offers the procedure. */
  officeId: string | null;
  selected: Slot | null;
  /** The day to open on: that of a slot that was just taken, so the citizen stays on the day they chose. */
  keepDay?: string | null;
  /** Set when the slot the citizen chose was taken meanwhile; shown above the fresh list. */
  problem: string | null;
  /** Changes whenever the list must be fetched again (e.g. after a slot was taken). */
  refresh: number;
  onChoose(slot: Slot): void;
}

function groupByDay(slots: Slot[], timeZone: string): { day: string; slots: Slot[] }[] {
  const days = new Map<string, Slot[]>();
  for (const slot of [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const day = dayInZone(slot.startsAt, timeZone);
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return [...days.entries()].map(([day, list]) => ({ day, slots: list }));
}

export function SlotStep({ service, officeId, selected, keepDay = null, problem, refresh, onChoose }: SlotStepProps) {
  const { t } = useI18n();
  return (
    <fieldset className="step">
      <legend>
        <StepHeading>{t('booking.slot.heading')}</StepHeading>
      </legend>
      <p className="hint">{t('booking.slot.hint')}</p>
      {problem && <Notice kind="error">{problem}</Notice>}
      <SlotPicker
        serviceId={service.id}
        officeId={officeId}
        offices={officeId ? undefined : service.offices}
        selected={selected}
        keepDay={keepDay}
        refresh={refresh}
        onChoose={onChoose}
      />
    </fieldset>
  );
}

interface SlotPickerProps {
  serviceId: string;
  /** The office the citizen chose, or null for any that offers the procedure. */
  officeId: string | null;
  /** With any office: the offices, to name each time's office. */
  offices?: Office[];
  selected: Slot | null;
  refresh: number;
  onChoose(slot: Slot): void;
  /** A day to open on when no slot is selected (see SlotStep). */
  keepDay?: string | null;
  /** The clock to show the times on; the council's unless staff plan an office in another zone. */
  timeZone?: string;
}

/** A week of free slots of one procedure, a day and then a time; for booking and for moving an appointment. */
export function SlotPicker({
  serviceId,
  officeId,
  offices,
  selected,
  keepDay = null,
  refresh,
  onChoose,
  timeZone = TIME_ZONE,
}: SlotPickerProps) {
  const { t, lang, fmt: councilFmt } = useI18n();
  const fmt = useMemo(() => (timeZone === TIME_ZONE ? councilFmt : createFormatters(lang, timeZone)), [councilFmt, lang, timeZone]);
  const today = councilDay(new Date());
  // The week shown: the one of the kept day, counted in whole weeks from today.
  const [from, setFrom] = useState(() =>
    keepDay && keepDay > today ? addDays(today, WEEK * Math.floor(daysBetween(today, keepDay) / WEEK)) : today,
  );
  const { state, reload } = useLoad(
    (signal) => api.slots(serviceId, officeId, from, WEEK, signal),
    `${serviceId}/${officeId}/${from}/${refresh}`,
  );
  return (
    <>
      <WeekNav from={from} today={today} onMove={setFrom} />
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <FailureNotice failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' && state.data.length === 0 && <Notice kind="info">{t('booking.slot.none')}</Notice>}
      {state.status === 'ready' && state.data.length > 0 && (
        <DayAndTime
          key={from}
          days={groupByDay(state.data, timeZone)}
          selected={selected}
          keepDay={keepDay}
          offices={offices}
          onChoose={onChoose}
          fmt={fmt}
          timeZone={timeZone}
        />
      )}
    </>
  );
}

function WeekNav({ from, today, onMove }: { from: string; today: string; onMove(from: string): void }) {
  const { t, fmt } = useI18n();
  return (
    <div className="week-nav">
      <button type="button" className="button button--secondary" disabled={from <= today} onClick={() => onMove(addDays(from, -WEEK))}>
        {t('booking.slot.earlier')}
      </button>
      <p className="week-nav__range" aria-live="polite">
        {t('booking.slot.range', { from: fmt.shortCalendarDay(from), to: fmt.shortCalendarDay(addDays(from, WEEK - 1)) })}
      </p>
      <button type="button" className="button button--secondary" onClick={() => onMove(addDays(from, WEEK))}>
        {t('booking.slot.later')}
      </button>
    </div>
  );
}

interface DayAndTimeProps {
  keepDay: string | null;
  offices: Office[] | undefined;
  days: { day: string; slots: Slot[] }[];
  selected: Slot | null;
  onChoose(slot: Slot): void;
  fmt: Formatters;
  timeZone: string;
}

/** A day first, then its times: a week of slots at once is too long a list, above all on a phone. */
function DayAndTime({ days, selected, keepDay, offices, onChoose, fmt, timeZone }: DayAndTimeProps) {
  const { t, text } = useI18n();
  const officeOf = (slot: Slot) => offices?.find((o) => o.id === slot.officeId);
  const selectedDay = selected ? dayInZone(selected.startsAt, timeZone) : keepDay;
  const [day, setDay] = useState(days.some((d) => d.day === selectedDay) ? selectedDay : null);
  const current = days.find((d) => d.day === day) ?? days[0];
  if (!current) return null;
  const first = current.slots[0]?.startsAt ?? `${current.day}T12:00:00Z`;
  return (
    <>
      <fieldset className="slot-group">
        <legend className="slot-group__legend">{t('booking.slot.dayLegend')}</legend>
        <ul className="day-grid">
          {days.map(({ day: d, slots }) => {
            const at = slots[0]?.startsAt ?? `${d}T12:00:00Z`;
            return (
              <li key={d}>
                <button
                  type="button"
                  className="day-option"
                  data-testid="slot-day"
                  data-day={d}
                  aria-pressed={d === current.day}
                  onClick={() => setDay(d)}
                >
                  <span className="day-option__weekday">{fmt.weekday(at)}</span>
                  <span className="day-option__date">{fmt.dayMonth(at)}</span>
                  <span className="day-option__count">
                    {t(slots.length === 1 ? 'booking.slot.freeOne' : 'booking.slot.freeMany', { count: slots.length })}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <fieldset className="slot-group">
        <legend className="slot-group__legend">{t('booking.slot.timeLegend', { day: fmt.day(first) })}</legend>
        <ul className="slot-grid">
          {current.slots.map((slot) => (
            <li key={slot.id}>
              <button
                type="button"
                className="slot"
                data-testid="slot-option"
                data-slot-id={slot.id}
                data-starts-at={slot.startsAt}
                aria-pressed={selected?.id === slot.id}
                onClick={() => onChoose(slot)}
              >
                {fmt.time(slot.startsAt)}
                {officeOf(slot) && <span className="slot__office">{text(officeOf(slot)!.name)}</span>}
              </button>
            </li>
          ))}
        </ul>
      </fieldset>
    </>
  );
}
