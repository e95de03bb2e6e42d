import { describe, expect, it } from 'vitest';
import { planningHref, readPlanningQuery } from './planningUrl';

const office = '6f1c1b9e-6a55-4c43-9d1c-0d6f0f3f2a11';

describe('readPlanningQuery', () => {
  it('defaults to the board of today, by day', () => {
    expect(readPlanningQuery(new URLSearchParams(''))).toEqual({ office: null, tab: 'board', date: null, view: 'day' });
  });

  it('reads every parameter and drops what is not valid', () => {
    expect(readPlanningQuery(new URLSearchParams(`office=${office}&tab=roster&date=2026-05-04&view=week`))).toEqual({
      office,
      tab: 'roster',
      date: '2026-05-04',
      view: 'week',
    });
    expect(readPlanningQuery(new URLSearchParams('office=x&tab=nope&date=tomorrow&view=month'))).toEqual({
      office: null,
      tab: 'board',
      date: null,
      view: 'day',
    });
  });
});

describe('planningHref', () => {
  it('leaves the defaults out and round-trips', () => {
    expect(planningHref({ office: null, tab: 'board', date: null, view: 'day' })).toBe('/staff/planning');
    const query = { office, tab: 'conflicts', date: '2026-05-04', view: 'week' } as const;
    const href = planningHref(query, 'appointment-1');
    expect(href).toBe(`/staff/planning?office=${office}&tab=conflicts&date=2026-05-04&view=week#appointment-1`);
    expect(readPlanningQuery(new URL(href, 'http://x').searchParams)).toEqual(query);
  });
});
