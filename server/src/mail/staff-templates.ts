import { LANGUAGES, type Language, type TicketPriority } from '@oac/shared';
import { escapeHtml, quoteUserText, type MailMessage } from './templates';

/*
 * Mail to staff. Staff accounts keep no language, so a message to a supervisor carries the
 * council's three, Catalan first, each whole; the subject is the Catalan one with the number.
 */

export interface EscalationInput {
  to: string;
  supervisorName: string;
  ticketNumber: string;
  subject: string;
  queue: Record<Language, string>;
  priority: TicketPriority;
  /** Which clock warned: time to own, or time to resolve. */
  clock: 'own' | 'resolve';
  /** When it breaches (or breached), or null while it cannot be known. */
  dueAt: Date | null;
  timeZone: string;
  /** The ticket's page for staff. */
  url: string;
}

const COPY: Record<
  Language,
  {
    subject: (n: string) => string;
    hello: (n: string) => string;
    lead: Record<'own' | 'resolve', string>;
    labels: string[];
    priority: Record<TicketPriority, string>;
    open: string;
  }
> = {
  ca: {
    subject: (n) => `Tiquet a punt d’incomplir l’SLA · ${n}`,
    hello: (n) => `Hola, ${n}:`,
    lead: {
      own: 'Un tiquet de la cua que superviseu no té ningú assignat i el termini per atendre’l s’acaba (o s’ha acabat).',
      resolve: 'El termini per resoldre un tiquet de la cua que superviseu s’acaba (o s’ha acabat).',
    },
    labels: ['Tiquet', 'Assumpte', 'Cua', 'Prioritat', 'Termini'],
    priority: { urgent: 'urgent', high: 'alta', normal: 'normal', low: 'baixa' },
    open: 'Obriu el tiquet:',
  },
  es: {
    subject: (n) => `Tique a punto de incumplir el SLA · ${n}`,
    hello: (n) => `Hola, ${n}:`,
    lead: {
      own: 'Un tique de la cola que supervisa no tiene a nadie asignado y el plazo para atenderlo se acaba (o se ha acabado).',
      resolve: 'El plazo para resolver un tique de la cola que supervisa se acaba (o se ha acabado).',
    },
    labels: ['Tique', 'Asunto', 'Cola', 'Prioridad', 'Plazo'],
    priority: { urgent: 'urgente', high: 'alta', normal: 'normal', low: 'baja' },
    open: 'Abra el tique:',
  },
  en: {
    subject: (n) => `Ticket about to breach its SLA · ${n}`,
    hello: (n) => `Hello ${n},`,
    lead: {
      own: 'A ticket in the queue you supervise has nobody in charge, and its time to be taken is running out (or has run out).',
      resolve: 'A ticket in the queue you supervise is running out of time to be resolved (or has run out).',
    },
    labels: ['Ticket', 'Subject', 'Queue', 'Priority', 'Due'],
    priority: { urgent: 'urgent', high: 'high', normal: 'normal', low: 'low' },
    open: 'Open the ticket:',
  },
};
const LOCALES: Record<Language, string> = { ca: 'ca-ES', es: 'es-ES', en: 'en-GB' };

/** The escalation of a ticket to its queue's supervisor, before (or at) a breach. */
export function escalationMail(m: EscalationInput): MailMessage {
  const sections = LANGUAGES.map((lang) => {
    const c = COPY[lang];
    const due = m.dueAt
      ? new Intl.DateTimeFormat(LOCALES[lang], { timeZone: m.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(m.dueAt)
      : '—';
    const values = [m.ticketNumber, m.subject ? quoteUserText(m.subject, lang) : '—', m.queue[lang], c.priority[m.priority], due];
    return { lang, c, facts: c.labels.map((label, i) => [label, values[i]!] as const) };
  });
  const text = sections
    .map(({ c, facts }) =>
      [c.hello(m.supervisorName), '', c.lead[m.clock], '', ...facts.map(([k, v]) => `${k}: ${v}`), '', c.open, m.url].join('\n'),
    )
    .join('\n\n——\n\n');
  const html = [
    `<!doctype html><html lang="ca"><body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b">`,
    ...sections.map(({ lang, c, facts }) =>
      [
        `<section lang="${lang}">`,
        `<p>${escapeHtml(c.hello(m.supervisorName))}</p>`,
        `<p>${escapeHtml(c.lead[m.clock])}</p>`,
        `<table role="presentation" style="border-collapse:collapse">`,
        ...facts.map(
          ([k, v]) => `<tr><th style="text-align:left;padding:2px 12px 2px 0">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
        ),
        `</table>`,
        `<p>${escapeHtml(c.open)} <a href="${escapeHtml(m.url)}" style="color:#a6192e;font-weight:bold">${escapeHtml(m.url)}</a></p>`,
        `</section><hr>`,
      ].join('\n'),
    ),
    `</body></html>`,
  ].join('\n');
  return { to: m.to, subject: COPY.ca.subject(m.ticketNumber), text, html };
}
