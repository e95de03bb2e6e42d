import { isCalendarDay } from '../../i18n/format';

export const PLANNING_TABS = ['board', 'hours', 'closures', 'roster', 'peaks', 'conflicts'] as const;
export type PlanningTab = (typeof PLANNING_TABS)[number];
export type BoardView = 'day' | 'week';

/** What the planning page's address says: everything a planner may want to bookmark or share. */
export interface PlanningQuery {
  /** The admin's choice of office; a scheduler always plans their own. */
  office: string | null;
  tab: PlanningTab;
  /** The board's day, YYYY-MM-DD; null for today in the office's zone. */
  date: string | null;
  view: BoardView;
}

export const PLANNING_PATH = '/staff/planning';

function isTab(value: string | null): value is PlanningTab {
  return (PLANNING_TABS as readonly (string | null)[]).includes(value);
}

/** Reads the query, dropping what is not valid rather than failing on a hand-edited address. */
export function readPlanningQuery(search: URLSearchParams): PlanningQuery {
  const tab = search.get('tab');
  const date = search.get('date');
  const office = search.get('office');
  return {
    office: office && /^[0-9a-f-]{36}$/i.test(office) ? office : null,
    tab: isTab(tab) ? tab : 'board',
    date: isCalendarDay(date) ? date : null,
    view: search.get('view') === 'week' ? 'week' : 'day',
  };
}

/** The page's address for a query, leaving out the defaults so that plain links stay plain. */
export function planningHref(query: PlanningQuery, hash = ''): string {
  const search = new URLSearchParams();
  if (query.office) search.set('office', query.office);
  if (query.tab !== 'board') search.set('tab', query.tab);
  if (query.date) search.set('date', query.date);
  if (query.view !== 'day') search.set('view', query.view);
  const text = search.toString();
  return `${PLANNING_PATH}${text ? `?${text}` : ''}${hash ? `#${hash}` : ''}`;
}
