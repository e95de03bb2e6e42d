import type { StaffAppointment } from '@oac/shared';
import { Fragment, useEffect } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { addDays, councilDay, isCalendarDay } from '../../i18n/format';
import { navigate, useLocation } from '../../router/history';
import { Link } from '../../router/Link';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { StatusBadge } from '../../ui/StatusBadge';
import { useLoad } from '../../ui/useLoad';
import { useNow } from '../../ui/useNow';
import { chime, useAgendaFeed, useWaitingAlerts } from './useAgendaFeed';
import { useTitle } from '../../ui/useTitle';
import { LobbySettingsPanel } from './LobbySettingsPanel';
import { LiveDeskPanel } from '../live/LiveDeskPanel';
import { StaffBar } from './StaffBar';
import { useStaffSession } from './useStaffSession';

export function AgendaPage() {
  const { t } = useI18n();
  useTitle(t('agenda.title'));
  const session = useStaffSession();
  // A scheduler takes no calls: their work is the planning, which is also where the login lands them.
  const scheduler = session.status === 'ready' && session.data.role === 'scheduler';
  useEffect(() => {
    if (scheduler) navigate('/staff/planning', { replace: true });
  }, [scheduler]);
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('agenda.title')}</h1>
      {(session.status === 'loading' || scheduler) && <Loading />}
      {session.status === 'failed' && session.failure.code !== 'unauthenticated' && <FailureNotice failure={session.failure} />}
      {session.status === 'ready' && !scheduler && (
        <>
          <StaffBar user={session.data} />
          {session.data.role === 'clerk' && <LiveDeskPanel />}
          <Agenda homeOfficeId={session.data.officeId} />
          {session.data.role === 'clerk' && <LobbySettingsPanel />}
        </>
      )}
    </div>
  );
}

/** `homeOfficeId`: the staff member's own office; an appointment elsewhere (a clerk rostered there) says where. */
function Agenda({ homeOfficeId }: { homeOfficeId: string | null }) {
  const { t, fmt } = useI18n();
  const { search } = useLocation();
  const today = councilDay(new Date());
  const asked = search.get('date');
  const date = isCalendarDay(asked) ? asked : today;
  const { state, reload, set } = useLoad((signal) => api.agenda(date, signal), date);
  const goTo = (day: string) => navigate(day === today ? '/staff' : `/staff?date=${day}`);
  const alerts = useWaitingAlerts();
  const now = useNow(30_000);
  const current = state.status === 'ready' ? state.data : null;

  const onChange = (a: StaffAppointment) => {
    if (!current) return;
    const before = current.appointments.find((x) => x.id === a.id);
    const belongs = councilDay(a.startsAt) === date && a.status !== 'cancelled';
    const appointments = belongs
      ? [...current.appointments.filter((x) => x.id !== a.id), a]
      : current.appointments.filter((x) => x.id !== a.id);
    set({ ...current, appointments });
    if (belongs && a.status === 'checked_in' && before?.status !== 'checked_in') {
      if (alerts.sound) chime();
      if (alerts.notify && 'Notification' in window && Notification.permission === 'granted') {
        new Notification(t('agenda.notifyTitle', { name: a.citizenName }), {
          body: t('agenda.notifyBody', { ticket: a.ticketNumber, time: fmt.time(a.startsAt) }),
          tag: a.id,
        });
      }
    }
  };
  const { live } = useAgendaFeed(onChange, reload);
  const sorted = current ? [...current.appointments].sort((a, b) => a.startsAt.localeCompare(b.startsAt)) : [];
  // The current-time line goes before the first appointment that has not ended yet.
  const nowIndex = date === today ? sorted.findIndex((a) => Date.parse(a.endsAt) > now.getTime()) : -2;

  return (
    <section aria-labelledby="agenda-day">
      <div className="day-nav">
        <button type="button" className="button button--secondary" data-testid="agenda-prev" onClick={() => goTo(addDays(date, -1))}>
          <span aria-hidden="true">‹ </span>
          {t('agenda.previous')}
        </button>
        <h2 id="agenda-day" className="day-nav__title" aria-live="polite">
          {fmt.calendarDay(date)}
          {date === today && <span className="badge badge--today">{t('agenda.today')}</span>}
        </h2>
        <button type="button" className="button button--secondary" data-testid="agenda-next" onClick={() => goTo(addDays(date, 1))}>
          {t('agenda.next')}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
      <div className="agenda-options">
        {date !== today && (
          <button type="button" className="link-button" onClick={() => goTo(today)}>
            {t('agenda.backToToday')}
          </button>
        )}
        <label>
          <input type="checkbox" data-testid="agenda-sound" checked={alerts.sound} onChange={(e) => alerts.setSound(e.target.checked)} />{' '}
          {t('agenda.sound')}
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="agenda-notify"
            checked={alerts.notify}
            onChange={(e) => void alerts.setNotify(e.target.checked)}
          />{' '}
          {t('agenda.notify')}
        </label>
        <span className="muted" data-testid="agenda-live" data-live={live}>
          {live ? t('agenda.live') : ''}
        </span>
      </div>
      {alerts.denied && <Notice kind="info">{t('agenda.notifyDenied')}</Notice>}
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <FailureNotice failure={state.failure} onRetry={reload} />}
      {current && sorted.length === 0 && <Notice kind="info">{t('agenda.empty')}</Notice>}
      {current && sorted.length > 0 && (
        <ul className="agenda">
          {sorted.map((appointment, i) => (
            <Fragment key={appointment.id}>
              {i === nowIndex && <NowLine now={now} />}
              <AgendaItem appointment={appointment} elsewhere={homeOfficeId !== null && appointment.office.id !== homeOfficeId} />
            </Fragment>
          ))}
          {nowIndex === -1 && <NowLine now={now} />}
        </ul>
      )}
    </section>
  );
}

function NowLine({ now }: { now: Date }) {
  const { t, fmt } = useI18n();
  return (
    <li className="agenda__now" data-testid="agenda-now" aria-hidden="true">
      {t('agenda.now', { time: fmt.time(now.toISOString()) })}
    </li>
  );
}

function AgendaItem({ appointment, elsewhere }: { appointment: StaffAppointment; elsewhere: boolean }) {
  const { t, text, fmt } = useI18n();
  return (
    <li
      className={`agenda__item agenda__item--${appointment.status}`}
      data-testid="agenda-item"
      data-appointment-id={appointment.id}
      data-status={appointment.status}
    >
      <p className="agenda__time">
        <time dateTime={appointment.startsAt}>{fmt.time(appointment.startsAt)}</time>
        <span className="muted">
          {' – '}
          <time dateTime={appointment.endsAt}>{fmt.time(appointment.endsAt)}</time>
        </span>
      </p>
      <div className="agenda__body">
        <p className="agenda__who">
          <span className="agenda__ticket">{appointment.ticketNumber}</span> {appointment.citizenName}
        </p>
        <p className="agenda__what">{text(appointment.service.name)}</p>
        {elsewhere && (
          <p className="agenda__where" data-testid="agenda-office">
            {t('agenda.atOffice', { office: text(appointment.office.name) })}
          </p>
        )}
        <StatusBadge status={appointment.status} />
        {appointment.status === 'checked_in' && appointment.checkedInAt && (
          <span className="badge badge--waiting" data-testid="waiting-badge">
            {t('agenda.waitingSince', { time: fmt.time(appointment.checkedInAt) })}
          </span>
        )}
      </div>
      <Link href={`/staff/appointments/${appointment.id}`} className="button button--primary agenda__open" data-testid="open-appointment">
        {t('agenda.open')}
        <span className="visually-hidden">
          {' '}
          {t('agenda.openWhich', { ticket: appointment.ticketNumber, name: appointment.citizenName })}
        </span>
      </Link>
    </li>
  );
}
