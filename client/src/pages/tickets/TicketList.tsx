import type { TicketSummary } from '@oac/shared';
import { useCallback, useEffect, useRef } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { Link } from '../../router/Link';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useKeptLoad } from '../planning/useKeptLoad';
import { useTicketFeed } from '../staff/useAgendaFeed';
import { PriorityBadge, SlaBadges, TicketStatusBadge } from './TicketBadges';
import { apiQuery, ticketsHref, type TicketsQuery } from './ticketsUrl';

/** The tickets of a view, most urgent first (the server's order), with a count read out after each search. */
export function TicketList({ query, refresh }: { query: TicketsQuery; refresh: number }) {
  const { t } = useI18n();
  const list = useKeptLoad((signal) => api.tickets(apiQuery(query), signal), ticketsHref(query));
  const { reload } = list;
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  // Any change of a ticket this person may see reloads the list, at most once a second; the list
  // keeps showing while it reloads. Other nodes' changes and other offices' queues are picked up
  // every half minute besides.
  const later = useRef<number | null>(null);
  const soon = useCallback(() => {
    later.current ??= window.setTimeout(() => {
      later.current = null;
      reload();
    }, 1_000);
  }, [reload]);
  useTicketFeed(soon, reload);
  useEffect(() => {
    const every = window.setInterval(reload, 30_000);
    return () => {
      window.clearInterval(every);
      if (later.current !== null) window.clearTimeout(later.current);
    };
  }, [reload]);
  const data = list.data;
  return (
    <div className="ticket-list" aria-busy={list.loading}>
      <div className="ticket-list__bar">
        <p className="ticket-list__count" role="status" data-testid="ticket-count">
          {data &&
            (data.total === 1 ? t('tickets.count.one') : t('tickets.count.many', { count: data.total })) +
              (data.total > data.tickets.length ? ` ${t('tickets.count.shown', { shown: data.tickets.length })}` : '')}
        </p>
        <button type="button" className="button button--secondary button--small" data-testid="tickets-refresh" onClick={list.reload}>
          {t('tickets.refresh')}
        </button>
      </div>
      {!data && list.loading && <Loading />}
      {list.failure && <FailureNotice failure={list.failure} onRetry={list.reload} />}
      {data && data.tickets.length === 0 && (
        <Notice kind="info" live={false}>
          <p>{t(`tickets.empty.${query.view}`)}</p>
        </Notice>
      )}
      {data && data.tickets.length > 0 && (
        <ul className="ticket-rows">
          {data.tickets.map((ticket) => (
            <TicketRow key={ticket.id} ticket={ticket} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** The worst of the two clocks, for the row's edge colour (the badges say it in words). */
function worstSla(ticket: TicketSummary): string {
  const states = [ticket.sla.own.state, ticket.sla.resolve.state];
  return states.includes('breached') ? 'breached' : states.includes('at_risk') ? 'at_risk' : 'ok';
}

function TicketRow({ ticket }: { ticket: TicketSummary }) {
  const { t, text } = useI18n();
  return (
    <li
      className={`ticket-row ticket-row--sla-${worstSla(ticket)}`}
      data-testid="ticket-row"
      data-ticket-id={ticket.id}
      data-status={ticket.status}
    >
      <p className="ticket-row__head">
        <Link href={`/staff/tickets/${ticket.id}`} className="ticket-row__number" data-testid="ticket-link">
          {ticket.number}
        </Link>
        <span className="ticket-row__citizen">{ticket.citizenName}</span>
      </p>
      {ticket.subject && <p className="ticket-row__subject">{ticket.subject}</p>}
      <p className="ticket-row__meta">
        <span className="visually-hidden">{t('tickets.field.procedure')}: </span>
        {ticket.service ? text(ticket.service.name) : <em>{t('tickets.uncatalogued')}</em>}
        <span aria-hidden="true"> · </span>
        <span className="ticket-row__queue">
          {t('tickets.field.queue')}: {ticket.queue ? text(ticket.queue.name) : t('tickets.noQueue')}
        </span>
      </p>
      <p className="ticket-row__badges">
        <TicketStatusBadge status={ticket.status} />
        <PriorityBadge priority={ticket.priority} />
        <span className="ticket-row__owner">{ticket.owner ? t('tickets.owner', { name: ticket.owner.name }) : t('tickets.noOwner')}</span>
      </p>
      <p className="ticket-row__sla">
        <SlaBadges sla={ticket.sla} />
      </p>
    </li>
  );
}
