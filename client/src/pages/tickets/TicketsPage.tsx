import type { Queue, StaffUser } from '@oac/shared';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { useLocation } from '../../router/history';
import { Link } from '../../router/Link';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { useLoad } from '../../ui/useLoad';
import { useTitle } from '../../ui/useTitle';
import { StaffBar } from '../staff/StaffBar';
import { useStaffSession } from '../staff/useStaffSession';
import { RegisterTicketForm, REGISTER_HEADING_ID } from './RegisterTicketForm';
import { TicketList } from './TicketList';
import { TicketSearch } from './TicketSearch';
import { readTicketsQuery, ticketsHref, type TicketsQuery, type TicketsView } from './ticketsUrl';

/** The single window's tickets (issue 15): a clerk's own, their queues', and a search; schedulers and admins read. */
export function TicketsPage() {
  const { t } = useI18n();
  useTitle(t('tickets.title'));
  const session = useStaffSession();
  return (
    <div className="page planning tickets">
      <h1 tabIndex={-1}>{t('tickets.title')}</h1>
      {session.status === 'loading' && <Loading />}
      {session.status === 'failed' && session.failure.code !== 'unauthenticated' && <FailureNotice failure={session.failure} />}
      {session.status === 'ready' && (
        <>
          <StaffBar user={session.data} />
          <TicketsFor user={session.data} />
        </>
      )}
    </div>
  );
}

/** The views a role has: only a clerk owns tickets, and only a clerk registers contacts. */
function viewsFor(user: StaffUser): readonly TicketsView[] {
  return user.role === 'clerk' ? ['mine', 'queues', 'search'] : ['queues', 'search'];
}

function viewLabel(view: TicketsView, user: StaffUser): MessageKey {
  if (view === 'mine') return 'tickets.view.mine';
  if (view === 'search') return 'tickets.view.search';
  return user.role === 'clerk' ? 'tickets.view.queues' : user.role === 'scheduler' ? 'tickets.view.supervised' : 'tickets.view.all';
}

function TicketsFor({ user }: { user: StaffUser }) {
  const { t } = useI18n();
  const views = viewsFor(user);
  const asked = readTicketsQuery(useLocation().search, views[0]!);
  const query: TicketsQuery = views.includes(asked.view) ? asked : { ...asked, view: views[0]! };
  const clerk = user.role === 'clerk';
  // The queues name the filter's choices and the reroute's; a failure only leaves the filter shorter.
  const { state: queuesState } = useLoad((signal) => api.queues(signal), 'queues');
  const queues: Queue[] = queuesState.status === 'ready' ? queuesState.data : [];
  // A contact registered for its queue shows in the list at once.
  const [registered, setRegistered] = useState(0);
  const list = (
    <section className="tickets__list" aria-labelledby="tickets-list-heading">
      <h2 id="tickets-list-heading" tabIndex={-1}>
        {t(viewLabel(query.view, user))}
      </h2>
      {query.view === 'search' && <TicketSearch key={ticketsHref(query)} query={query} queues={queues} />}
      <TicketList query={query} refresh={registered} />
    </section>
  );
  return (
    <>
      <p className="muted tickets__lead">{t(`tickets.lead.${user.role}`)}</p>
      {clerk && (
        <p className="admin-jump">
          <a href={`#${REGISTER_HEADING_ID}`}>{t('tickets.register.jump')}</a>
        </p>
      )}
      <nav className="planning-tabs" aria-label={t('tickets.views')}>
        <ul className="planning-tabs__list">
          {views.map((view) => (
            <li key={view}>
              <Link
                href={ticketsHref({ view })}
                className="planning-tabs__link"
                data-testid={`tickets-view-${view}`}
                aria-current={query.view === view ? 'page' : undefined}
              >
                {t(viewLabel(view, user))}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {clerk ? (
        <div className="planning-columns tickets__columns">
          {list}
          <RegisterTicketForm onRegistered={() => setRegistered((n) => n + 1)} />
        </div>
      ) : (
        list
      )}
    </>
  );
}
