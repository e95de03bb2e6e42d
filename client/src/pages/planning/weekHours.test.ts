import { describe, expect, it } from 'vitest';
import { checkWeek, draftFromHours, hoursFromDraft, newRange, rangeAfter, type WeekDraft } from './weekHours';

const week = (days: Partial<WeekDraft>): WeekDraft => ({ 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [], ...days });

describe('draftFromHours and hoursFromDraft', () => {
  it('round-trip the week, Monday first and each day in time order', () => {
    const hours = [
      { weekday: 2, opens: '16:00', closes: '18:40' },
      { weekday: 1, opens: '09:00', closes: '14:00' },
      { weekday: 2, opens: '09:00', closes: '14:00' },
    ];
    const draft = draftFromHours(hours);
    expect(draft[2].map((r) => r.opens)).toEqual(['09:00', '16:00']);
    expect(draft[7]).toEqual([]);
    expect(hoursFromDraft(draft)).toEqual([
      { weekday: 1, opens: '09:00', closes: '14:00' },
      { weekday: 2, opens: '09:00', closes: '14:00' },
      { weekday: 2, opens: '16:00', closes: '18:40' },
    ]);
  });
});

describe('rangeAfter', () => {
  it('proposes the morning first, then a range after the last one', () => {
    expect(rangeAfter([])).toMatchObject({ opens: '09:00', closes: '14:00' });
    expect(rangeAfter([{ opens: '09:00', closes: '14:00' }])).toMatchObject({ opens: '15:00', closes: '18:00' });
    expect(rangeAfter([{ opens: '20:00', closes: '23:30' }])).toMatchObject({ opens: '23:00', closes: '24:00' });
  });
});

describe('checkWeek', () => {
  it('accepts ranges that touch', () => {
    expect(checkWeek(week({ 1: [newRange('09:00', '14:00'), newRange('14:00', '18:00')] }))).toEqual([]);
  });

  it('points at an empty time, an end before its start, and an overlap', () => {
    const empty = newRange('', '14:00');
    const backwards = newRange('15:00', '13:00');
    const first = newRange('09:00', '14:00');
    const overlapping = newRange('13:30', '17:00');
    expect(checkWeek(week({ 1: [empty], 3: [backwards], 5: [first, overlapping] }))).toEqual([
      { weekday: 1, key: empty.key, field: 'opens', code: 'missing' },
      { weekday: 3, key: backwards.key, field: 'closes', code: 'order' },
      { weekday: 5, key: overlapping.key, field: 'opens', code: 'overlap' },
    ]);
  });
});
