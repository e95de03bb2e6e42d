import type { PlanningBoard } from '@oac/shared';
import { describe, expect, it } from 'vitest';
import { boardCsvRows, boardFileName } from './boardCsv';
import { csvField, fileSlug, toCsv } from './csv';

describe('csvField', () => {
  it('leaves plain text as it is, accents included', () => {
    expect(csvField('Núria Pèrez')).toBe('Núria Pèrez');
  });

  it('quotes commas, quotes and line breaks, doubling the quotes (RFC 4180)', () => {
    expect(csvField('Padró, alta')).toBe('"Padró, alta"');
    expect(csvField('el "bo"')).toBe('"el ""bo"""');
    expect(csvField('una\nlínia')).toBe('"una\nlínia"');
    expect(csvField('una\r\nlínia')).toBe('"una\r\nlínia"');
  });

  it('keeps a cell that looks like a formula as text', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+34')).toBe("'+34");
    expect(csvField('@x')).toBe("'@x");
  });
});

describe('toCsv', () => {
  it('starts with the UTF-8 byte order mark and ends every record with CRLF', () => {
    const text = toCsv([
      ['a', 'b'],
      ['1', 'x,y'],
    ]);
    expect(text).toBe('\uFEFFa,b\r\n1,"x,y"\r\n');
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('fileSlug', () => {
  it('makes a plain ASCII name', () => {
    expect(fileSlug('Habitatge · Eixample')).toBe('habitatge-eixample');
    expect(fileSlug('OAC Ciutat Vella')).toBe('oac-ciutat-vella');
  });
});

const appointment = (id: string, startsAt: string, extra: Partial<PlanningBoard['days'][number]['appointments'][number]> = {}) =>
  ({
    id,
    ticketNumber: `OAC-2026-00000${id}`,
    status: 'booked' as const,
    startsAt,
    endsAt: startsAt,
    citizenName: `Persona ${id}`,
    citizenEmail: 'x@example.org',
    language: 'ca' as const,
    office: { id: 'o', name: { ca: 'O', es: 'O', en: 'O' } },
    service: { id: 's', code: 'PADRO', name: { ca: 'Padró', es: 'Padrón', en: 'Register' } },
    clerkId: 'c1',
    checkedInAt: null,
    endedAt: null,
    notes: '',
    rules: { joinWindowMinutes: 10, changeCutoffMinutes: 1440, noShowAfterMinutes: 15 },
    ...extra,
  }) as PlanningBoard['days'][number]['appointments'][number];

describe('boardCsvRows', () => {
  it('lists the appointments of every day of the view in time order, as labelled', () => {
    const board: PlanningBoard = {
      officeId: 'o',
      timeZone: 'Europe/Madrid',
      days: [
        {
          date: '2026-05-04',
          opening: [],
          shifts: [],
          slots: [],
          appointments: [
            appointment('2', '2026-05-04T09:00:00Z', { status: 'no_show', clerkId: null }),
            appointment('1', '2026-05-04T07:00:00Z'),
          ],
        },
        { date: '2026-05-05', opening: [], shifts: [], slots: [], appointments: [appointment('3', '2026-05-05T07:20:00Z')] },
      ],
    };
    const rows = boardCsvRows(board, {
      header: ['Dia', 'Hora', 'Tiquet', 'Ciutadà', 'Tràmit', 'Personal', 'Estat'],
      time: (iso) => iso.slice(11, 16),
      procedure: (a) => a.service.name.ca,
      clerk: (id) => (id === 'c1' ? 'Marta' : ''),
      status: (s) => s,
    });
    expect(rows).toEqual([
      ['Dia', 'Hora', 'Tiquet', 'Ciutadà', 'Tràmit', 'Personal', 'Estat'],
      ['2026-05-04', '07:00', 'OAC-2026-000001', 'Persona 1', 'Padró', 'Marta', 'booked'],
      ['2026-05-04', '09:00', 'OAC-2026-000002', 'Persona 2', 'Padró', '', 'no_show'],
      ['2026-05-05', '07:20', 'OAC-2026-000003', 'Persona 3', 'Padró', 'Marta', 'booked'],
    ]);
  });
});

describe('boardFileName', () => {
  it("names the file after the office's slug, or its id without one", () => {
    expect(boardFileName({ slug: 'habitatge-eixample', id: 'x' }, '2026-05-04')).toBe('planning-habitatge-eixample-2026-05-04.csv');
    expect(boardFileName({ slug: null, id: '0b7c' }, '2026-05-04')).toBe('planning-0b7c-2026-05-04.csv');
  });
});
