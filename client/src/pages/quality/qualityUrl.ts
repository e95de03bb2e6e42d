import { QUALITY_MAX_DAYS, TicketPriority, type QualityQuery } from '@oac/shared';
import { addDays, isCalendarDay } from '../../i18n/format';

export const QUALITY_PATH = '/staff/quality';

/** The quick periods; each is relative to today, so a bookmark of "the last 7 days" stays that. */
export const QUALITY_PRESETS = ['7d', '30d', 'month'] as const;
export type QualityPreset = (typeof QUALITY_PRESETS)[number];

export type QualityPeriod = { kind: 'preset'; preset: QualityPreset } | { kind: 'range'; from: string; to: string };

/** What the dashboard's address says: everything a manager may want to bookmark or share. */
export interface QualityFilters {
  period: QualityPeriod;
  /** The admin's choice of office, null for all; a scheduler always sees their own. */
  office: string | null;
  queue: string | null;
  procedure: string | null;
  priority: TicketPriority | null;
}

const DEFAULT_PRESET: QualityPreset = '30d';
export const DEFAULT_PERIOD: QualityPeriod = { kind: 'preset', preset: DEFAULT_PRESET };

const UUID = /^[0-9a-f-]{36}$/i;

function id(value: string | null): string | null {
  return value && UUID.test(value) ? value : null;
}

/** The number of days a period covers, both ends included. */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000) + 1;
}

/** A day that exists: `isCalendarDay` alone lets 2026-02-30 through, which Date rolls over to March. */
function isRealDay(value: string): boolean {
  return isCalendarDay(value) && new Date(`${value}T12:00:00Z`).toISOString().slice(0, 10) === value;
}

/** Why a hand-typed period cannot be asked for, or null when it can. */
export function periodProblem(from: string, to: string): 'missing' | 'reversed' | 'too_long' | null {
  if (!isRealDay(from) || !isRealDay(to)) return 'missing';
  if (from > to) return 'reversed';
  if (periodDays(from, to) > QUALITY_MAX_DAYS) return 'too_long';
  return null;
}

function readPeriod(search: URLSearchParams): QualityPeriod {
  const from = search.get('from');
  const to = search.get('to');
  if (from !== null && to !== null && periodProblem(from, to) === null) return { kind: 'range', from, to };
  const preset = search.get('period');
  if ((QUALITY_PRESETS as readonly (string | null)[]).includes(preset)) return { kind: 'preset', preset: preset as QualityPreset };
  return DEFAULT_PERIOD;
}

/** Reads the query, dropping what is not valid rather than failing on a hand-edited address. */
export function readQualityFilters(search: URLSearchParams): QualityFilters {
  const priority = TicketPriority.safeParse(search.get('priority'));
  return {
    period: readPeriod(search),
    office: id(search.get('office')),
    queue: id(search.get('queue')),
    procedure: id(search.get('procedure')),
    priority: priority.success ? priority.data : null,
  };
}

/** The page's address for its filters, leaving out the defaults so that the plain link stays plain. */
export function qualityHref(filters: QualityFilters): string {
  const search = new URLSearchParams();
  const { period } = filters;
  if (period.kind === 'range') {
    search.set('from', period.from);
    search.set('to', period.to);
  } else if (period.preset !== DEFAULT_PRESET) {
    search.set('period', period.preset);
  }
  if (filters.office) search.set('office', filters.office);
  if (filters.queue) search.set('queue', filters.queue);
  if (filters.procedure) search.set('procedure', filters.procedure);
  if (filters.priority) search.set('priority', filters.priority);
  const text = search.toString();
  return `${QUALITY_PATH}${text ? `?${text}` : ''}`;
}

/** The days a period covers, given today's date (YYYY-MM-DD): the last N days end today. */
export function resolvePeriod(period: QualityPeriod, today: string): { from: string; to: string } {
  if (period.kind === 'range') return { from: period.from, to: period.to };
  if (period.preset === 'month') return { from: `${today.slice(0, 8)}01`, to: today };
  return { from: addDays(today, period.preset === '7d' ? -6 : -29), to: today };
}

/** The route's query for the filters; a scheduler's office is theirs on the server's side, so it is never sent. */
export function qualityApiQuery(filters: QualityFilters, today: string, sendOffice: boolean): QualityQuery {
  return {
    ...resolvePeriod(filters.period, today),
    ...(sendOffice && filters.office ? { officeId: filters.office } : {}),
    ...(filters.queue ? { queueId: filters.queue } : {}),
    ...(filters.procedure ? { serviceId: filters.procedure } : {}),
    ...(filters.priority ? { priority: filters.priority } : {}),
  };
}
