import { describe, expect, it } from 'vitest';
import { bookingConfirmation } from './templates';

const appointment = {
  id: '6f1c1d2e-0000-4000-8000-000000000001',
  ticketNumber: 'OAC-2026-000123',
  status: 'booked' as const,
  startsAt: '2026-11-24T08:20:00.000Z',
  endsAt: '2026-11-24T08:40:00.000Z',
  citizenName: 'Anna Garcia',
  office: {
    id: 'x',
    name: { ca: 'OAC Ciutat Vella', es: 'OAC Ciutat Vella', en: 'Ciutat Vella office' },
    address: 'Plaça de Sant Miquel, 3',
  },
  service: { id: 'y', name: { ca: 'Alta al padró', es: 'Alta en el padrón', en: 'Census registration' } },
  clerkName: null,
};
const url = 'https://cita.example.cat/a/abc';

describe('bookingConfirmation', () => {
  it('gives the ticket, the Madrid time, the procedure, the office and the private link, in Catalan', () => {
    const m = bookingConfirmation(appointment, 'anna@example.org', url, 'ca');
    expect(m.to).toBe('anna@example.org');
    expect(m.subject).toBe('Cita per videotrucada confirmada · OAC-2026-000123');
    expect(m.text).toContain('Número de tiquet: OAC-2026-000123');
    expect(m.text).toContain('Data i hora: dimarts, 24 de novembre del 2026, a les 9:20');
    expect(m.text).toContain('Alta al padró');
    expect(m.text).toContain('Plaça de Sant Miquel, 3');
    expect(m.text.split('\n')).toContain(url);
  });

  it('speaks the language the citizen booked in', () => {
    expect(bookingConfirmation(appointment, 'a@b.c', url, 'es').text).toContain('Alta en el padrón');
    const en = bookingConfirmation(appointment, 'a@b.c', url, 'en');
    expect(en.subject).toBe('Video appointment confirmed · OAC-2026-000123');
    expect(en.text).toContain('Tuesday, 24 November 2026 at 09:20');
  });
});
