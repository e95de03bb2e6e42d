import type { CitizenAppointment, Language } from '@oac/shared';

export type MailKind = 'confirmation' | 'reminder' | 'changed' | 'cancelled' | 'lost_link' | 'survey';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** An iCalendar object to attach, with its METHOD (REQUEST, or CANCEL). */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

interface Copy {
  subject: Record<MailKind, (ticket: string) => string>;
  lead: Record<MailKind, string>;
  /** For a visit to the office (Habitatge et truca's follow-up): what differs from a video appointment. */
  inPerson: { confirmation: (ticket: string) => string; lead: Partial<Record<MailKind, string>>; link: string };
  hello: (name: string) => string;
  ticket: string;
  when: string;
  what: string;
  where: string;
  link: string;
  change: string;
  keep: string;
  bye: string;
}

const copy: Record<Language, Copy> = {
  ca: {
    subject: {
      confirmation: (n) => `Cita per videotrucada confirmada · ${n}`,
      reminder: (n) => `Recordatori de la vostra cita · ${n}`,
      changed: (n) => `La vostra cita ha canviat d’hora · ${n}`,
      cancelled: (n) => `Cita anul·lada · ${n}`,
      lost_link: (n) => `El vostre enllaç nou · ${n}`,
      survey: (n) => `Com us hem atès? · ${n}`,
    },
    lead: {
      confirmation: 'Teniu una cita per videotrucada amb el personal de l’oficina.',
      reminder: 'Us recordem que teniu una cita per videotrucada amb el personal de l’oficina.',
      changed: 'La vostra cita per videotrucada té una hora nova.',
      cancelled: 'La vostra cita per videotrucada s’ha anul·lat.',
      lost_link: 'Ens heu demanat un enllaç nou per a la vostra cita.',
      survey: 'El vostre tràmit s’ha resolt. Ens ajudeu a millorar? Respondre l’enquesta de la vostra pàgina és qüestió d’un minut.',
    },
    inPerson: {
      confirmation: (n) => `Cita presencial confirmada · ${n}`,
      lead: {
        confirmation: 'Teniu una cita presencial a l’oficina, per continuar el tràmit de la vostra videotrucada.',
        reminder: 'Us recordem que teniu una cita presencial a l’oficina.',
        changed: 'La vostra cita presencial té una hora nova.',
        cancelled: 'La vostra cita presencial s’ha anul·lat.',
      },
      link: 'El vostre enllaç privat (per veure la cita i els documents):',
    },
    hello: (name) => `Hola, ${name}:`,
    ticket: 'Número de tiquet',
    when: 'Data i hora',
    what: 'Tràmit',
    where: 'Oficina',
    link: 'El vostre enllaç privat (per comprovar la càmera, entrar a la videotrucada i veure els documents):',
    change: 'Des del mateix enllaç podeu canviar l’hora o anul·lar la cita.',
    keep: 'No compartiu aquest enllaç: qui el tingui pot entrar a la vostra cita.',
    bye: 'Ajuntament · Oficines d’Atenció Ciutadana',
  },
  es: {
    subject: {
      confirmation: (n) => `Cita por videollamada confirmada · ${n}`,
      reminder: (n) => `Recordatorio de su cita · ${n}`,
      changed: (n) => `Su cita ha cambiado de hora · ${n}`,
      cancelled: (n) => `Cita anulada · ${n}`,
      lost_link: (n) => `Su nuevo enlace · ${n}`,
      survey: (n) => `¿Cómo le hemos atendido? · ${n}`,
    },
    lead: {
      confirmation: 'Tiene una cita por videollamada con el personal de la oficina.',
      reminder: 'Le recordamos que tiene una cita por videollamada con el personal de la oficina.',
      changed: 'Su cita por videollamada tiene una hora nueva.',
      cancelled: 'Su cita por videollamada se ha anulado.',
      lost_link: 'Nos ha pedido un enlace nuevo para su cita.',
      survey: 'Su trámite se ha resuelto. ¿Nos ayuda a mejorar? Responder la encuesta de su página es cuestión de un minuto.',
    },
    inPerson: {
      confirmation: (n) => `Cita presencial confirmada · ${n}`,
      lead: {
        confirmation: 'Tiene una cita presencial en la oficina, para continuar el trámite de su videollamada.',
        reminder: 'Le recordamos que tiene una cita presencial en la oficina.',
        changed: 'Su cita presencial tiene una hora nueva.',
        cancelled: 'Su cita presencial se ha anulado.',
      },
      link: 'Su enlace privado (para ver la cita y los documentos):',
    },
    hello: (name) => `Hola, ${name}:`,
    ticket: 'Número de tique',
    when: 'Fecha y hora',
    what: 'Trámite',
    where: 'Oficina',
    link: 'Su enlace privado (para comprobar la cámara, entrar en la videollamada y ver los documentos):',
    change: 'Desde el mismo enlace puede cambiar la hora o anular la cita.',
    keep: 'No comparta este enlace: quien lo tenga puede entrar en su cita.',
    bye: 'Ayuntamiento · Oficinas de Atención Ciudadana',
  },
  en: {
    subject: {
      confirmation: (n) => `Video appointment confirmed · ${n}`,
      reminder: (n) => `Reminder of your appointment · ${n}`,
      changed: (n) => `Your appointment has a new time · ${n}`,
      cancelled: (n) => `Appointment cancelled · ${n}`,
      lost_link: (n) => `Your new link · ${n}`,
      survey: (n) => `How did we do? · ${n}`,
    },
    lead: {
      confirmation: 'You have a video appointment with the office staff.',
      reminder: 'This is a reminder of your video appointment with the office staff.',
      changed: 'Your video appointment has a new time.',
      cancelled: 'Your video appointment has been cancelled.',
      lost_link: 'You asked for a new link to your appointment.',
      survey: 'Your procedure has been resolved. Will you help us improve? Answering the survey on your page takes a minute.',
    },
    inPerson: {
      confirmation: (n) => `In-person appointment confirmed · ${n}`,
      lead: {
        confirmation: 'You have an appointment at the office, to carry on with the procedure of your video call.',
        reminder: 'This is a reminder of your appointment at the office.',
        changed: 'Your appointment at the office has a new time.',
        cancelled: 'Your appointment at the office has been cancelled.',
      },
      link: 'Your private link (to see the appointment and the documents):',
    },
    hello: (name) => `Hello ${name},`,
    ticket: 'Ticket number',
    when: 'Date and time',
    what: 'Procedure',
    where: 'Office',
    link: 'Your private link (to check your camera, join the call and see your documents):',
    change: 'From the same link you can change the time or cancel the appointment.',
    keep: 'Do not share this link: whoever has it can enter your appointment.',
    bye: 'City Council · Citizen Service Offices',
  },
};

const LOCALES: Record<Language, string> = { ca: 'ca-ES', es: 'es-ES', en: 'en-GB' };
const QUOTES: Record<Language, [string, string]> = { ca: ['«', '»'], es: ['«', '»'], en: ['“', '”'] };

/**
 * Text a citizen typed, made safe to paste into council-branded mail (issue 11, §3): one line,
 * no control or direction-changing characters, in quotation marks, and with every dot, colon,
 * slash and at sign replaced by a look-alike (U+2024, U+A789, U+2215, U+FF20), so that no mail
 * client can turn any part of it into a link (`pay at evil.example`). The schemas already refuse
 * most of this; mail must not rely on them.
 */
export function quoteUserText(text: string, language: Language): string {
  const [open, close] = QUOTES[language];
  const flat = text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replaceAll('.', '\u2024')
    .replaceAll(':', '\ua789')
    .replaceAll('/', '\u2215')
    .replaceAll('@', '\uff20');
  return `${open}${flat}${close}`;
}

/** For the HTML part: every interpolated value goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface MailInput {
  kind: MailKind;
  appointment: CitizenAppointment;
  email: string;
  language: Language;
  /** The citizen's page, with this message's own token; none for a cancellation. */
  url: string | null;
  /** Whether the citizen may still change or cancel it (before the cut-off). */
  changeable: boolean;
}

/** The copy of a visit to the office where it differs from a video appointment's. */
function forChannel(c: Copy, channel: CitizenAppointment['channel']): Copy {
  if (channel !== 'in_person') return c;
  return {
    ...c,
    subject: { ...c.subject, confirmation: c.inPerson.confirmation },
    lead: { ...c.lead, ...c.inPerson.lead },
    link: c.inPerson.link,
  };
}

/** A message to the citizen about their appointment, in their language, as plain text and as HTML. */
export function appointmentMail(m: MailInput): MailMessage {
  const a = m.appointment;
  const c = forChannel(copy[m.language], a.channel);
  const when = new Intl.DateTimeFormat(LOCALES[m.language], { timeZone: a.office.timeZone, dateStyle: 'full', timeStyle: 'short' }).format(
    new Date(a.startsAt),
  );
  const facts: [string, string][] = [
    [c.ticket, a.ticketNumber],
    [c.when, when],
    [c.what, a.service.name[m.language]],
    [c.where, `${a.office.name[m.language]}, ${a.office.address}`],
  ];
  const greeting = c.hello(quoteUserText(a.citizenName, m.language));
  const withLink = m.url !== null;
  const text = [
    greeting,
    '',
    c.lead[m.kind],
    '',
    ...facts.map(([k, v]) => `${k}: ${v}`),
    ...(withLink ? ['', c.link, m.url!, ...(m.changeable ? ['', c.change] : []), '', c.keep] : []),
    '',
    c.bye,
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${m.language}"><body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b">`,
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(c.lead[m.kind])}</p>`,
    `<table role="presentation" style="border-collapse:collapse">`,
    ...facts.map(([k, v]) => `<tr><th style="text-align:left;padding:2px 12px 2px 0">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    `</table>`,
    ...(withLink
      ? [
          `<p>${escapeHtml(c.link)}<br><a href="${escapeHtml(m.url!)}" style="color:#a6192e;font-weight:bold">${escapeHtml(m.url!)}</a></p>`,
          ...(m.changeable ? [`<p>${escapeHtml(c.change)}</p>`] : []),
          `<p style="color:#4a4a4a">${escapeHtml(c.keep)}</p>`,
        ]
      : []),
    `<p style="color:#4a4a4a">${escapeHtml(c.bye)}</p>`,
    `</body></html>`,
  ].join('\n');
  return { to: m.email, subject: c.subject[m.kind](a.ticketNumber), text, html };
}
