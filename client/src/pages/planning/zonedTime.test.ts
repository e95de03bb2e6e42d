import { describe, expect, it } from 'vitest';
import { instantToZonedLocal, isKnownTimeZone, zonedLocalToInstant, zoneOffsetMinutes } from './zonedTime';

describe('zonedLocalToInstant', () => {
  it('reads a wall time in Madrid, winter and summer', () => {
    expect(zonedLocalToInstant('2026-01-15T09:30', 'Europe/Madrid')).toBe('2026-01-15T08:30:00.000Z');
    expect(zonedLocalToInstant('2026-07-15T09:30', 'Europe/Madrid')).toBe('2026-07-15T07:30:00.000Z');
  });

  it('reads a wall time in the Canaries, an hour behind Madrid', () => {
    expect(zonedLocalToInstant('2026-01-15T09:30', 'Atlantic/Canary')).toBe('2026-01-15T09:30:00.000Z');
    expect(zonedLocalToInstant('2026-07-15T09:30', 'Atlantic/Canary')).toBe('2026-07-15T08:30:00.000Z');
  });

  it('does not depend on the day being a whole day away from a change', () => {
    // Madrid moves to summer time at 01:00 UTC on 29 March 2026 (02:00 → 03:00 local).
    expect(zonedLocalToInstant('2026-03-29T01:59', 'Europe/Madrid')).toBe('2026-03-29T00:59:00.000Z');
    expect(zonedLocalToInstant('2026-03-29T03:00', 'Europe/Madrid')).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedLocalToInstant('2026-03-28T23:00', 'Europe/Madrid')).toBe('2026-03-28T22:00:00.000Z');
    expect(zonedLocalToInstant('2026-03-30T00:30', 'Europe/Madrid')).toBe('2026-03-29T22:30:00.000Z');
  });

  it('takes a wall time that the spring change skips an hour on', () => {
    // 02:30 never shows on Madrid's clocks that night: it is read as 03:30 summer time.
    expect(zonedLocalToInstant('2026-03-29T02:30', 'Europe/Madrid')).toBe('2026-03-29T01:30:00.000Z');
    // The Canaries skip 01:00–02:00 at the same instant.
    expect(zonedLocalToInstant('2026-03-29T01:30', 'Atlantic/Canary')).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedLocalToInstant('2026-03-29T02:00', 'Atlantic/Canary')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('takes the earlier of the two instants of a wall time the autumn change repeats', () => {
    // Madrid goes back from 03:00 summer time to 02:00 at 01:00 UTC on 25 October 2026.
    expect(zonedLocalToInstant('2026-10-25T02:30', 'Europe/Madrid')).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedLocalToInstant('2026-10-25T03:00', 'Europe/Madrid')).toBe('2026-10-25T02:00:00.000Z');
    expect(zonedLocalToInstant('2026-10-25T01:59', 'Europe/Madrid')).toBe('2026-10-24T23:59:00.000Z');
    // The Canaries repeat 01:00–02:00.
    expect(zonedLocalToInstant('2026-10-25T01:30', 'Atlantic/Canary')).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedLocalToInstant('2026-10-25T02:00', 'Atlantic/Canary')).toBe('2026-10-25T02:00:00.000Z');
  });

  it('refuses what is not a date and a time', () => {
    expect(zonedLocalToInstant('', 'Europe/Madrid')).toBeNull();
    expect(zonedLocalToInstant('2026-02-30T10:00', 'Europe/Madrid')).toBeNull();
    expect(zonedLocalToInstant('2026-02-10T25:00', 'Europe/Madrid')).toBeNull();
    expect(zonedLocalToInstant('2026-02-10 10:00', 'Europe/Madrid')).toBeNull();
  });
});

describe('instantToZonedLocal', () => {
  it("shows an instant on the zone's wall clock", () => {
    expect(instantToZonedLocal('2026-07-15T07:30:00Z', 'Europe/Madrid')).toBe('2026-07-15T09:30');
    expect(instantToZonedLocal('2026-07-15T07:30:00Z', 'Atlantic/Canary')).toBe('2026-07-15T08:30');
    expect(instantToZonedLocal('2026-12-31T23:30:00Z', 'Europe/Madrid')).toBe('2027-01-01T00:30');
  });

  it('round-trips with zonedLocalToInstant, either side of both changes', () => {
    for (const zone of ['Europe/Madrid', 'Atlantic/Canary']) {
      for (let ms = Date.parse('2026-03-28T00:00:00Z'); ms < Date.parse('2026-03-30T00:00:00Z'); ms += 15 * 60_000) {
        expect(zonedLocalToInstant(instantToZonedLocal(new Date(ms), zone), zone), `${zone} ${new Date(ms).toISOString()}`).toBe(
          new Date(ms).toISOString(),
        );
      }
      // In autumn the repeated hour's second reading goes back to the first: the earlier instant.
      const second = Date.parse('2026-10-25T01:30:00Z');
      expect(zonedLocalToInstant(instantToZonedLocal(new Date(second), zone), zone)).toBe(new Date(second - 3_600_000).toISOString());
    }
  });
});

describe('zoneOffsetMinutes', () => {
  it('gives the offset in force at an instant', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'Europe/Madrid')).toBe(60);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Europe/Madrid')).toBe(120);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Atlantic/Canary')).toBe(60);
  });
});

describe('isKnownTimeZone', () => {
  it('knows IANA names and refuses others', () => {
    expect(isKnownTimeZone('Atlantic/Canary')).toBe(true);
    expect(isKnownTimeZone('Europe/Madird')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
  });
});
