import type { Queue, StaffUser, TicketDetail } from '@oac/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { useLoad } from '../../ui/useLoad';
import { useTitle } from '../../ui/useTitle';
import { StaffBar } from '../staff/StaffBar';
import { loginPathFor, useStaffSession } from '../staff/useStaffSession';
import { useTicketFeed } from '../staff/useAgendaFeed';
import { ClassifyForm } from './ClassifyForm';
import { RerouteForm } from './RerouteForm';
import { TicketActions } from './TicketActions';
import { TicketFacts } from './TicketFacts';
import { TicketLinks } from './TicketLinks';
import { TicketNotes } from './TicketNotes';
import { TicketSessions } from './TicketSessions';
import { TicketSurvey } from './TicketSurvey';
import { TicketTimeline } from './TicketTimeline';
import { TICKETS_PATH } from './ticketsUrl';

/** One ticket (issue 15): its facts and clocks, what can be done now, notes, third parties, sessions and history. */
export function TicketPage({ ticketId }: { ticketId: string }) {
  const { t } = useI18n();
  const session = useStaffSession();
  const { state, reload, set } = useLoad((signal) => api.ticket(ticketId, signal), ticketId);
  const number = state.status === 'ready' ? state.data.number : null;
  useTitle(number ? t('tickets.detail.title', { number }) : t('tickets.detail.heading'));
  useEffect(() => {
    if (state.status === 'failed' && state.failure.code === 'unauthenticated')
      navigate(loginPathFor(window.location.pathname), { replace: true });
  }, [state]);
  // After a refusal (the ticket moved on meanwhile), the page shows what it is now, without a loading flash.
  const refresh = useCallback(() => void api.ticket(ticketId).then(set, () => undefined), [ticketId, set]);
  // A colleague's change, the citizen's answer, a call: the page follows them as they happen.
  useTicketFeed((pushed) => {
    if (pushed.id === ticketId) refresh();
  }, refresh);
  return (
    <div className="page planning ticket-page">
      <p className="back">
        <Link href={TICKETS_PATH}>
          <span aria-hidden="true">‹ </span>
          {t('tickets.detail.back')}
        </Link>
      </p>
      <h1 tabIndex={-1}>{number ? t('tickets.detail.title', { number }) : t('tickets.detail.heading')}</h1>
      {session.status === 'loading' && <Loading />}
      {session.status === 'failed' && session.failure.code !== 'unauthenticated' && <FailureNotice failure={session.failure} />}
      {session.status === 'ready' && (
        <>
          <StaffBar user={session.data} />
          {state.status === 'loading' && <Loading />}
          {state.status === 'failed' && state.failure.code !== 'unauthenticated' && (
            <FailureNotice failure={state.failure} onRetry={state.failure.code === 'forbidden' ? undefined : reload} />
          )}
          {state.status === 'ready' && <TicketView ticket={state.data} user={session.data} onChanged={set} refresh={refresh} />}
        </>
      )}
    </div>
  );
}

export interface TicketPanelProps {
  ticket: TicketDetail;
  /** The page's copy of the ticket after a change made here: every change answers the whole ticket. */
  onChanged(ticket: TicketDetail): void;
  /** Fetch the ticket again, after a refusal that says it changed meanwhile. */
  refresh(): void;
}

function TicketView({ ticket, user, onChanged, refresh }: { ticket: TicketDetail; user: StaffUser } & Omit<TicketPanelProps, 'ticket'>) {
  // Queues name the reroute's choices and the timeline's moves; without them both still work, by their codes.
  const { state } = useLoad((signal) => api.queues(signal), 'queues');
  const queues: Queue[] = state.status === 'ready' ? state.data : [];
  const panel = { ticket, onChanged, refresh };
  const open = ticket.status !== 'resolved' && ticket.status !== 'closed';
  const [rerouted, setRerouted] = useState<string | null>(null);
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (rerouted) notice.current?.focus();
  }, [rerouted]);
  return (
    <>
      {rerouted && (
        <div className="admin-status ticket-page__notice" role="status" tabIndex={-1} ref={notice} data-testid="ticket-rerouted">
          <p>{rerouted}</p>
        </div>
      )}
      <TicketFacts ticket={ticket} />
      <TicketActions {...panel} user={user} />
      <div className="planning-columns ticket-page__columns">
        <div className="admin-stack">
          <TicketNotes {...panel} />
          <TicketLinks {...panel} />
          <TicketTimeline ticket={ticket} queues={queues} />
        </div>
        <div className="admin-stack">
          {ticket.canChange && open && <ClassifyForm {...panel} />}
          {ticket.canChange && open && <RerouteForm {...panel} queues={queues} onRerouted={setRerouted} />}
          <TicketSurvey ticket={ticket} />
          <TicketSessions ticket={ticket} />
        </div>
      </div>
    </>
  );
}
