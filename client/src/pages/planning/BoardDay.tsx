import type { CalendarException, OfficeSchedule, PlanningBoard } from '@oac/shared';
import { useId } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { capitalize, type Formatters } from '../../i18n/format';
import { BoardTable } from './BoardTable';
import { exceptionsOn } from './calendar';
import { SlotSeats } from './SlotSeats';

type Day = PlanningBoard['days'][number];

interface BoardDayProps {
  day: Day;
  schedule: OfficeSchedule;
  fmt: Formatters;
  today: string;
  /** In a week each day names itself; a single day is named by the board's title already. */
  inWeek: boolean;
  onDone(message: string): void;
  /** The board is behind the server (a slot was booked meanwhile): fetch it again, quietly. */
  onStale(): void;
}

export function BoardDay({ day, schedule, fmt, today, inWeek, onDone, onStale }: BoardDayProps) {
  const { t, lang } = useI18n();
  const headingId = useId();
  const closed = day.opening.length === 0;
  return (
    <section
      className={`board-day${closed ? ' board-day--closed' : ''}`}
      data-testid="board-day"
      data-date={day.date}
      aria-labelledby={inWeek ? headingId : undefined}
      aria-label={inWeek ? undefined : fmt.calendarDay(day.date)}
    >
      <div className="board-day__head">
        {inWeek && (
          <h4 id={headingId} className="board-day__title">
            {capitalize(fmt.calendarDay(day.date), lang)}
            {day.date === today && <span className="badge badge--today">{t('agenda.today')}</span>}
          </h4>
        )}
        <Opening day={day} exceptions={schedule.exceptions} />
      </div>
      {(!closed || day.shifts.length > 0 || day.appointments.length > 0) && (
        <div className="board-day__facts">
          <Shifts shifts={day.shifts} Heading={inWeek ? 'h5' : 'h4'} />
          <Capacity day={day} schedule={schedule} fmt={fmt} Heading={inWeek ? 'h5' : 'h4'} onDone={onDone} onStale={onStale} />
        </div>
      )}
      {day.appointments.length === 0 ? (
        <p className="muted board-day__empty">{t('agenda.empty')}</p>
      ) : (
        <BoardTable day={day} schedule={schedule} fmt={fmt} onDone={onDone} />
      )}
    </section>
  );
}

/** The day's hours, or that it is closed and why: a holiday, a closure, or no hours on that weekday. */
function Opening({ day, exceptions }: { day: Day; exceptions: CalendarException[] }) {
  const { t } = useI18n();
  const why = exceptionsOn(day.date, exceptions);
  const named = why.map((e) => (e.officeId === null ? t('planning.board.cityHoliday', { name: e.name }) : e.name)).join(' · ');
  if (day.opening.length === 0) {
    return (
      <p className="board-day__opening board-day__opening--closed" data-testid="board-closed">
        <strong>{t('planning.board.closed')}</strong>{' '}
        {named ? t('planning.board.closedBecause', { why: named }) : t('planning.board.closedWeekday')}
      </p>
    );
  }
  const ranges = day.opening.map((r) => `${r.opens}–${r.closes}`).join(', ');
  const special = why.filter((e) => e.kind === 'special_hours');
  return (
    <p className="board-day__opening">
      <strong>{t('planning.board.open')}</strong> {ranges}
      {special.length > 0 && (
        <span className="badge badge--special">{t('planning.board.specialHours', { name: special.map((e) => e.name).join(', ') })}</span>
      )}
    </p>
  );
}

type SubHeading = 'h4' | 'h5';

function Shifts({ shifts, Heading }: { shifts: Day['shifts']; Heading: SubHeading }) {
  const { t } = useI18n();
  return (
    <div className="board-facts">
      <Heading className="board-facts__title">{t('planning.board.onShift')}</Heading>
      {shifts.length === 0 ? (
        <p className="muted">{t('planning.board.nobody')}</p>
      ) : (
        <ul className="board-facts__list">
          {[...shifts]
            .sort((a, b) => a.starts.localeCompare(b.starts) || a.clerkName.localeCompare(b.clerkName))
            .map((s) => (
              <li key={`${s.clerkId}/${s.starts}`} data-testid="board-shift" className={s.absent ? 'board-facts__absent' : undefined}>
                <span className="board-facts__name">{s.clerkName}</span>{' '}
                <span className="board-facts__time">
                  {s.starts}–{s.ends}
                </span>
                {s.absent && <span className="badge badge--absent">{t('planning.board.absent')}</span>}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

interface CapacityProps {
  day: Day;
  schedule: OfficeSchedule;
  fmt: Formatters;
  Heading: SubHeading;
  onDone(message: string): void;
  onStale(): void;
}

/** Per procedure, the seats taken of the day's total, where there is still room, and each slot's seats to set. */
function Capacity({ day, schedule, fmt, Heading, onDone, onStale }: CapacityProps) {
  const { t, text } = useI18n();
  const totals = new Map<string, { booked: number; capacity: number }>();
  for (const slot of day.slots) {
    const total = totals.get(slot.serviceId) ?? { booked: 0, capacity: 0 };
    totals.set(slot.serviceId, { booked: total.booked + slot.booked, capacity: total.capacity + slot.capacity });
  }
  const services = schedule.services.filter((s) => totals.has(s.id));
  return (
    <div className="board-facts">
      <Heading className="board-facts__title">{t('planning.board.capacity')}</Heading>
      {services.length === 0 ? (
        <p className="muted">{t('planning.board.noSlots')}</p>
      ) : (
        <ul className="board-facts__list">
          {services.map((service) => {
            const { booked, capacity } = totals.get(service.id)!;
            return (
              <li key={service.id} className="board-facts__capacity" data-testid="board-capacity" data-service-id={service.id}>
                <span className="board-facts__name">{text(service.name)}</span>{' '}
                <span className="board-facts__seats">
                  {t('planning.board.seats', { booked, capacity, free: Math.max(0, capacity - booked) })}
                </span>
                <meter className="board-facts__meter" min={0} max={Math.max(1, capacity)} value={booked} aria-hidden="true" />
                <SlotSeats
                  serviceId={service.id}
                  serviceName={text(service.name)}
                  slots={day.slots.filter((s) => s.serviceId === service.id)}
                  fmt={fmt}
                  onDone={onDone}
                  onStale={onStale}
                />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
