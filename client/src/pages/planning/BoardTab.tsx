import type { OfficeSchedule, PlanningBoard } from '@oac/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { addDays, capitalize, dayInZone, isCalendarDay, type Formatters } from '../../i18n/format';
import { navigate, useLocation } from '../../router/history';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { BoardDay } from './BoardDay';
import { boardCsvRows, boardFileName } from './boardCsv';
import { weekStart } from './calendar';
import { downloadText, toCsv } from './csv';
import { planningHref, type PlanningQuery } from './planningUrl';
import { useKeptLoad } from './useKeptLoad';
import { useOfficeFormat } from './useOfficeFormat';

interface BoardTabProps {
  officeId: string;
  slug: string | null;
  schedule: OfficeSchedule;
  query: PlanningQuery;
  /** A booking was cancelled, moved or reassigned here: the conflicts may have changed too. */
  onAppointmentChanged(): void;
}

/** A day or a week of the office: opening, who is on shift, the appointments and the free seats. */
export function BoardTab({ officeId, slug, schedule, query, onAppointmentChanged }: BoardTabProps) {
  const { t, lang } = useI18n();
  const headingId = useId();
  const zone = schedule.office.timeZone;
  const fmt = useOfficeFormat(zone);
  const { hash } = useLocation();
  const today = dayInZone(new Date(), zone);
  const date = query.date ?? today;
  const week = query.view === 'week';
  const first = week ? weekStart(date) : date;
  const days = week ? 7 : 1;
  const board = useKeptLoad((signal) => api.planningBoard(officeId, first, days, signal), `${officeId}/${first}/${days}`);
  const [announcement, setAnnouncement] = useState('');
  const go = (changes: Partial<PlanningQuery>) => navigate(planningHref({ ...query, ...changes }));
  const goToDay = (day: string) => go({ date: day === today ? null : day });

  // Sent here from a stranded booking: show its row once the day is in.
  const target = board.data ? hash : '';
  useEffect(() => {
    if (!target.startsWith('appointment-')) return;
    const row = document.getElementById(target);
    row?.scrollIntoView({ block: 'center' });
    row?.focus({ preventScroll: true });
  }, [target]);

  // A cancelled or moved booking leaves the day, and focus with it: put it back on the day's title.
  const title = useRef<HTMLHeadingElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current || board.loading) return;
    refocus.current = false;
    if (!document.activeElement || document.activeElement === document.body) title.current?.focus();
  }, [board.loading]);

  function onDone(message: string): void {
    setAnnouncement(message);
    refocus.current = true;
    board.reload();
    onAppointmentChanged();
  }

  const heading = week
    ? t('planning.board.week', { from: fmt.shortCalendarDay(first), to: fmt.shortCalendarDay(addDays(first, 6)) })
    : capitalize(fmt.calendarDay(date), lang);
  return (
    <section className="planning-panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        {t('planning.tab.board')}
      </h2>
      <div className="board-toolbar">
        <div className="board-toolbar__views" role="group" aria-label={t('planning.board.view')}>
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="board-view-day"
            aria-pressed={!week}
            onClick={() => go({ view: 'day' })}
          >
            {t('planning.board.day')}
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="board-view-week"
            aria-pressed={week}
            onClick={() => go({ view: 'week' })}
          >
            {t('planning.board.weekView')}
          </button>
        </div>
        <DayJump date={date} onGo={goToDay} />
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="board-csv"
          aria-disabled={!board.data}
          onClick={() => board.data && downloadCsv(board.data, { slug, id: officeId }, first, fmt, schedule, t, lang)}
        >
          {t('planning.board.csv')}
        </button>
      </div>
      <div className="day-nav board-nav">
        <button type="button" className="button button--secondary" data-testid="board-prev" onClick={() => goToDay(addDays(date, -days))}>
          <span aria-hidden="true">‹ </span>
          {t(week ? 'planning.board.previousWeek' : 'agenda.previous')}
        </button>
        <h3 className="day-nav__title" aria-live="polite" tabIndex={-1} ref={title}>
          {heading}
          {!week && date === today && <span className="badge badge--today">{t('agenda.today')}</span>}
        </h3>
        <button type="button" className="button button--secondary" data-testid="board-next" onClick={() => goToDay(addDays(date, days))}>
          {t(week ? 'planning.board.nextWeek' : 'agenda.next')}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
      {(week ? !(today >= first && today <= addDays(first, 6)) : date !== today) && (
        <p className="board-today">
          <button type="button" className="link-button" data-testid="board-today" onClick={() => goToDay(today)}>
            {t('agenda.backToToday')}
          </button>
        </p>
      )}
      <div className="board-announce" role="status" data-testid="board-announce">
        {announcement && <p className="notice notice--success">{announcement}</p>}
      </div>
      {board.failure && <FailureNotice failure={board.failure} onRetry={board.reload} />}
      {!board.data && !board.failure && <Loading />}
      {board.data?.days.map((day) => (
        <BoardDay
          key={day.date}
          day={day}
          schedule={schedule}
          fmt={fmt}
          today={today}
          inWeek={week}
          onDone={onDone}
          onStale={board.reload}
        />
      ))}
    </section>
  );
}

function DayJump({ date, onGo }: { date: string; onGo(day: string): void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="board-toolbar__jump">
      <label htmlFor={id}>{t('planning.board.goTo')}</label>
      <input
        id={id}
        type="date"
        className="field__input field__input--inline"
        data-testid="board-date"
        value={date}
        onChange={(event) => isCalendarDay(event.target.value) && onGo(event.target.value)}
      />
    </div>
  );
}

function downloadCsv(
  board: PlanningBoard,
  office: { slug: string | null; id: string },
  first: string,
  fmt: Formatters,
  schedule: OfficeSchedule,
  t: ReturnType<typeof useI18n>['t'],
  lang: ReturnType<typeof useI18n>['lang'],
): void {
  const clerks = new Map(schedule.clerks.map((c) => [c.id, c.name]));
  const rows = boardCsvRows(board, {
    header: [
      t('planning.csv.date'),
      t('planning.csv.time'),
      t('planning.csv.ticket'),
      t('planning.csv.citizen'),
      t('planning.csv.procedure'),
      t('planning.csv.clerk'),
      t('planning.csv.status'),
    ],
    time: fmt.time,
    procedure: (a) => a.service.name[lang],
    clerk: (id) => (id ? (clerks.get(id) ?? '') : ''),
    status: (status) => t(`status.${status}`),
  });
  downloadText(toCsv(rows), boardFileName(office, first));
}
