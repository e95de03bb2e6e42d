import type { OfficeSchedule, PlanningBoard } from '@oac/shared';
import { useI18n } from '../../i18n/I18nProvider';
import type { Formatters } from '../../i18n/format';
import { BoardRow } from './BoardRow';

type Day = PlanningBoard['days'][number];

interface BoardTableProps {
  day: Day;
  schedule: OfficeSchedule;
  fmt: Formatters;
  onDone(message: string): void;
}

/**
 * The day's appointments, one `<tbody>` each: its facts, its actions and, when open, the cancel or
 * move step, kept together. On a phone the rows stack (see styles.css); the table never widens the page.
 */
export function BoardTable({ day, schedule, fmt, onDone }: BoardTableProps) {
  const { t } = useI18n();
  const clerks = new Map(schedule.clerks.map((c) => [c.id, c.name]));
  const sorted = [...day.appointments].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <div className="board-table-scroll">
      <table className="board-table">
        <caption className="visually-hidden">{t('planning.board.appointmentsOf', { day: fmt.calendarDay(day.date) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('planning.csv.time')}</th>
            <th scope="col">{t('planning.csv.ticket')}</th>
            <th scope="col">{t('planning.csv.citizen')}</th>
            <th scope="col">{t('planning.csv.procedure')}</th>
            <th scope="col">{t('planning.csv.clerk')}</th>
            <th scope="col">{t('planning.csv.status')}</th>
          </tr>
        </thead>
        {sorted.map((appointment) => (
          <BoardRow
            key={appointment.id}
            appointment={appointment}
            clerkName={appointment.clerkId ? (clerks.get(appointment.clerkId) ?? null) : null}
            schedule={schedule}
            fmt={fmt}
            onDone={onDone}
          />
        ))}
      </table>
    </div>
  );
}
