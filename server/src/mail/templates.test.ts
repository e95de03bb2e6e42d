import { describe, expect, it } from 'vitest';
import { appointmentMail, escapeHtml, quoteUserText, type MailInput } from './templates';

const appointment = {
  id: '6f1c1d2e-0000-4000-8000-000000000001',
  ticketNumber: 'OAC-2026-000123',
  status: 'booked' as const,
  channel: 'video' as const,
  callMode: 'video' as const,
  startsAt: '2026-11-24T08:20:00.000Z',
  endsAt: '2026-11-24T08:40:00.000Z',
  citizenName: 'Anna Garcia',
  office: {
    id: 'x',
    name: { ca: 'OAC Ciutat Vella', es: 'OAC Ciutat Vella', en: 'Ciutat Vella office' },
    address: 'Plaça de Sant Miquel, 3',
    timeZone: 'Europe/Madrid',
  },
  service: { id: 'y', name: { ca: 'Alta al padró', es: 'Alta en el padrón', en: 'Census registration' } },
  clerkName: null,
  language: 'ca' as const,
  endedAt: null,
  rules: { joinWindowMinutes: 15, noShowAfterMinutes: 10, changeCutoffMinutes: 120 },
};
const url = 'https://cita.example.cat/a#abc';
const mail = (over: Partial<MailInput> = {}) =>
  appointmentMail({ kind: 'confirmation', appointment, email: 'anna@example.org', language: 'ca', url, changeable: true, ...over });

describe('appointmentMail', () => {
  it('gives the ticket, the Madrid time, the procedure, the office and the private link, in Catalan', () => {
    const m = mail();
    expect(m.to).toBe('anna@example.org');
    expect(m.subject).toBe('Cita per videotrucada confirmada · OAC-2026-000123');
    expect(m.text).toContain('Número de tiquet: OAC-2026-000123');
    expect(m.text).toContain('Data i hora: dimarts, 24 de novembre del 2026, a les 9:20');
    expect(m.text).toContain('Alta al padró');
    expect(m.text).toContain('Plaça de Sant Miquel, 3');
    expect(m.text.split('\n')).toContain(url);
    expect(m.text).toContain('podeu canviar l’hora o anul·lar la cita');
    expect(m.html).toContain(`<a href="${url}"`);
    expect(m.html).toContain('<html lang="ca">');
  });

  it('tells of a visit to the office, not a video call, for an in-person appointment', () => {
    const visit = { ...appointment, channel: 'in_person' as const };
    const ca = mail({ appointment: visit });
    expect(ca.subject).toBe('Cita presencial confirmada · OAC-2026-000123');
    expect(ca.text).toContain('cita presencial a l’oficina');
    expect(ca.text).not.toMatch(/videotrucada confirmada|entrar a la videotrucada/);
    expect(mail({ appointment: visit, language: 'en', kind: 'reminder' }).text).toContain('your appointment at the office');
    expect(mail({ appointment: visit, language: 'es' }).text).toContain('Plaça de Sant Miquel, 3');
  });

  it('speaks the language the citizen booked in, and says what each message is for', () => {
    expect(mail({ language: 'es' }).text).toContain('Alta en el padrón');
    const en = mail({ language: 'en' });
    expect(en.subject).toBe('Video appointment confirmed · OAC-2026-000123');
    expect(en.text).toContain('Tuesday, 24 November 2026 at 09:20');
    expect(mail({ kind: 'reminder' }).subject).toBe('Recordatori de la vostra cita · OAC-2026-000123');
    expect(mail({ kind: 'changed', language: 'en' }).text).toContain('has a new time');
    const cancelled = mail({ kind: 'cancelled', url: null, language: 'es' });
    expect(cancelled.subject).toBe('Cita anulada · OAC-2026-000123');
    expect(cancelled.text).not.toContain('https://');
    expect(mail({ changeable: false }).text).not.toContain('canviar l’hora');
  });
});

describe('user text in mail', () => {
  const hostile = 'Anna\nURGENT: pay the 30 EUR fee at http://evil.example/pay or www.evil.example, mail help@evil.example\u202e <b>x</b>';

  it('quotes the name on one line, and leaves nothing a mail client could turn into a link', () => {
    const m = mail({ appointment: { ...appointment, citizenName: hostile }, language: 'en' });
    const greeting = m.text.split('\n')[0]!;
    expect(greeting.startsWith('Hello “Anna URGENT')).toBe(true);
    expect(greeting.endsWith('”,')).toBe(true);
    // The only link in the whole message is the private one, on its own line.
    const links = m.text.match(/https?:\/\/\S+|www\.\S+|\S+\.\w{2,}\/\S*|\S+@\S+\.\S+/g) ?? [];
    expect(links).toEqual([url]);
    // No control or direction-changing character but the line breaks of the template itself.
    expect(m.text).not.toMatch(/(?!\n)[\p{Cc}\p{Cf}]/u);
    // In the HTML part, the same, and no markup of the citizen's.
    expect(m.html).not.toContain('<b>x</b>');
    expect(m.html).toContain('&lt;b&gt;x&lt;');
    expect(m.html.match(/href="/g)).toHaveLength(1);
  });

  it('leaves an ordinary name as the person wrote it, apart from the quotes', () => {
    expect(quoteUserText('Maria Gal·la d’Oliveira-Puig', 'ca')).toBe('«Maria Gal·la d’Oliveira-Puig»');
    expect(quoteUserText('J. R. Puig', 'en')).toBe('“J\u2024 R\u2024 Puig”');
    expect(escapeHtml(`"<&'>`)).toBe('&quot;&lt;&amp;&#39;&gt;');
  });
});
