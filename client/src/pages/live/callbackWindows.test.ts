import { describe, expect, it } from 'vitest';
import { callbackWindows, fromLocalField, nextQuarter, toLocalField } from './callbackWindows';

const MADRID = 'Europe/Madrid';

describe('callbackWindows', () => {
  it('on a weekday morning: the next hour, this afternoon from 15:00, tomorrow morning', () => {
    // Tuesday 10 March 2026, 10:20 in Barcelona (UTC+1).
    const now = new Date('2026-03-10T09:20:00Z');
    const [hour, afternoon, morning] = callbackWindows(now, MADRID);
    expect(hour).toEqual({ key: 'hour', from: '2026-03-10T09:20:00.000Z', to: '2026-03-10T10:20:00.000Z' });
    expect(afternoon).toEqual({ key: 'afternoon', from: '2026-03-10T14:00:00.000Z', to: '2026-03-10T18:00:00.000Z' });
    expect(morning).toEqual({
      key: 'morning',
      from: '2026-03-11T08:00:00.000Z',
      to: '2026-03-11T12:00:00.000Z',
      day: '2026-03-11',
      tomorrow: true,
    });
  });

  it('in the afternoon the afternoon starts now; after 18:00 it is no longer offered', () => {
    const at1630 = callbackWindows(new Date('2026-03-10T15:30:00Z'), MADRID);
    expect(at1630.find((w) => w.key === 'afternoon')?.from).toBe('2026-03-10T15:30:00.000Z');
    const at1810 = callbackWindows(new Date('2026-03-10T17:10:00Z'), MADRID);
    expect(at1810.map((w) => w.key)).toEqual(['hour', 'morning']);
  });

  it('on a Friday the morning is Monday; at the weekend there is no afternoon', () => {
    const friday = callbackWindows(new Date('2026-03-13T09:00:00Z'), MADRID);
    expect(friday.at(-1)).toMatchObject({ day: '2026-03-16', tomorrow: false });
    const saturday = callbackWindows(new Date('2026-03-14T09:00:00Z'), MADRID);
    expect(saturday.map((w) => w.key)).toEqual(['hour', 'morning']);
    expect(saturday.at(-1)).toMatchObject({ day: '2026-03-16', tomorrow: false });
  });

  it('keeps the wall clock across the change to summer time', () => {
    // Friday 27 March 2026 (UTC+1); Monday 30 March is already UTC+2.
    const [, , morning] = callbackWindows(new Date('2026-03-27T09:00:00Z'), MADRID);
    expect(morning).toMatchObject({ from: '2026-03-30T07:00:00.000Z', to: '2026-03-30T11:00:00.000Z' });
  });
});

describe('the fields of another time', () => {
  it('read and write the council clock', () => {
    expect(toLocalField('2026-07-01T08:30:00Z', MADRID)).toBe('2026-07-01T10:30');
    expect(fromLocalField('2026-07-01T10:30', MADRID)).toBe('2026-07-01T08:30:00.000Z');
    expect(fromLocalField('', MADRID)).toBeNull();
  });

  it('start at the next quarter hour, at least a minute away', () => {
    expect(nextQuarter(new Date('2026-03-10T09:20:00Z')).toISOString()).toBe('2026-03-10T09:30:00.000Z');
    expect(nextQuarter(new Date('2026-03-10T09:29:30Z')).toISOString()).toBe('2026-03-10T09:45:00.000Z');
  });
});
