import { SlaRiskFilter, TicketStatus } from '@oac/shared';

export const TICKET_VIEWS = ['mine', 'queues', 'search'] as const;
export type TicketsView = (typeof TICKET_VIEWS)[number];
export type SlaRisk = (typeof SlaRiskFilter.options)[number];

export const TICKETS_PATH = '/staff/tickets';

/** What the tickets page shows, as its address says: bookmarkable, and the browser's back goes to the last search. */
export interface TicketsQuery {
  view: TicketsView;
  q: string;
  status: TicketStatus | null;
  queue: string | null;
  sla: SlaRisk | null;
}

/** The view and the search the address names; anything it does not understand is left out. */
export function readTicketsQuery(search: URLSearchParams, fallback: TicketsView): TicketsQuery {
  const view = search.get('view');
  const status = TicketStatus.safeParse(search.get('status'));
  const sla = SlaRiskFilter.safeParse(search.get('sla'));
  const queue = search.get('queue');
  return {
    view: (TICKET_VIEWS as readonly (string | null)[]).includes(view) ? (view as TicketsView) : fallback,
    q: (search.get('q') ?? '').trim().slice(0, 200),
    status: status.success ? status.data : null,
    queue: queue && /^[0-9a-f-]{36}$/i.test(queue) ? queue : null,
    sla: sla.success ? sla.data : null,
  };
}

/** The address of a view; only a search carries its terms. */
export function ticketsHref(query: Partial<TicketsQuery> & { view: TicketsView }): string {
  const params = new URLSearchParams();
  params.set('view', query.view);
  if (query.view === 'search') {
    if (query.q) params.set('q', query.q);
    if (query.status) params.set('status', query.status);
    if (query.queue) params.set('queue', query.queue);
    if (query.sla) params.set('sla', query.sla);
  }
  return `${TICKETS_PATH}?${params.toString()}`;
}

/** The list route's query for a view: a search looks through everything the person may see. */
export function apiQuery(query: TicketsQuery) {
  if (query.view !== 'search') return { view: query.view };
  return {
    view: 'all' as const,
    ...(query.q ? { q: query.q } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.queue ? { queueId: query.queue } : {}),
    ...(query.sla ? { sla: query.sla } : {}),
  };
}
