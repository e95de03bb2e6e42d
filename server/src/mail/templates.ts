import type { CitizenAppointment, Language } from '@oac/shared';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

const copy = {
  ca: {
    subject: (n: string) => `Cita per videotrucada confirmada · ${n}`,
    hello: (name: string) => `Hola, ${name}:`,
    intro: 'Teniu una cita per videotrucada amb el personal de l’oficina.',
    ticket: 'Número de tiquet',
    when: 'Data i hora',
    what: 'Tràmit',
    where: 'Oficina',
    link: 'El vostre enllaç privat (per comprovar la càmera i entrar a la videotrucada):',
    keep: 'No compartiu aquest enllaç: qui el tingui pot entrar a la vostra cita.',
    bye: 'Ajuntament · Oficines d’Atenció Ciutadana',
  },
  es: {
    subject: (n: string) => `Cita por videollamada confirmada · ${n}`,
    hello: (name: string) => `Hola, ${name}:`,
    intro: 'Tiene una cita por videollamada con el personal de la oficina.',
    ticket: 'Número de tique',
    when: 'Fecha y hora',
    what: 'Trámite',
    where: 'Oficina',
    link: 'Su enlace privado (para comprobar la cámara y entrar en la videollamada):',
    keep: 'No comparta este enlace: quien lo tenga puede entrar en su cita.',
    bye: 'Ayuntamiento · Oficinas de Atención Ciudadana',
  },
  en: {
    subject: (n: string) => `Video appointment confirmed · ${n}`,
    hello: (name: string) => `Hello ${name},`,
    intro: 'You have a video appointment with the office staff.',
    ticket: 'Ticket number',
    when: 'Date and time',
    what: 'Procedure',
    where: 'Office',
    link: 'Your private link (to check your camera and join the call):',
    keep: 'Do not share this link: whoever has it can enter your appointment.',
    bye: 'City Council · Citizen Service Offices',
  },
} as const;

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

/** The confirmation a citizen receives after booking, in their language, with their private link. */
export function bookingConfirmation(a: CitizenAppointment, email: string, url: string, language: Language): MailMessage {
  const c = copy[language];
  const when = new Intl.DateTimeFormat(LOCALES[language], { timeZone: 'Europe/Madrid', dateStyle: 'full', timeStyle: 'short' }).format(
    new Date(a.startsAt),
  );
  const text = [
    c.hello(quoteUserText(a.citizenName, language)),
    '',
    c.intro,
    '',
    `${c.ticket}: ${a.ticketNumber}`,
    `${c.when}: ${when}`,
    `${c.what}: ${a.service.name[language]}`,
    `${c.where}: ${a.office.name[language]}, ${a.office.address}`,
    '',
    c.link,
    url,
    '',
    c.keep,
    '',
    c.bye,
  ].join('\n');
  return { to: email, subject: c.subject(a.ticketNumber), text };
}
