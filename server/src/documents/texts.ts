import type { Language, TemplateName } from '@oac/shared';
import { TIME_ZONE } from '@oac/shared';

/** What the office writes on documents, in the citizen's language (issue 16: stamp text and file names). */
interface Texts {
  stampedBy: (clerk: string) => string;
  office: (office: string) => string;
  ticket: (n: string) => string;
  code: (code: string) => string;
  verifyAt: (url: string) => string;
  signatureReason: string;
  sealReason: string;
  suffix: Record<'stamped' | 'signed' | 'sealed', string>;
  template: Record<TemplateName, { title: string; file: string; intro: string }>;
  fields: {
    citizen: string;
    procedure: string;
    ticket: string;
    date: string;
    clerk: string;
    office: string;
    amount: string;
  };
}

const TEXTS: Record<Language, Texts> = {
  ca: {
    stampedBy: (c) => `Segellat per ${c}`,
    office: (o) => `Oficina: ${o}`,
    ticket: (n) => `Tiquet ${n}`,
    code: (c) => `Codi segur de verificació (CSV): ${c}`,
    verifyAt: (u) => `Verifiqueu-lo a ${u}`,
    signatureReason: 'Signatura de la persona interessada',
    sealReason: "Segell electrònic de l'oficina",
    suffix: { stamped: 'segellat', signed: 'signat', sealed: 'segell-electronic' },
    template: {
      certificate: { title: 'Certificat', file: 'certificat', intro: 'Es certifica que:' },
      request_form: { title: 'Sol·licitud', file: 'sollicitud', intro: 'La persona interessada sol·licita:' },
      receipt: { title: 'Justificant de pagament', file: 'justificant', intro: 'Es fa constar el pagament de:' },
    },
    fields: {
      citizen: 'Persona interessada',
      procedure: 'Tràmit',
      ticket: 'Tiquet',
      date: 'Data',
      clerk: 'Tramitat per',
      office: 'Oficina',
      amount: 'Import',
    },
  },
  es: {
    stampedBy: (c) => `Sellado por ${c}`,
    office: (o) => `Oficina: ${o}`,
    ticket: (n) => `Tique ${n}`,
    code: (c) => `Código seguro de verificación (CSV): ${c}`,
    verifyAt: (u) => `Verifíquelo en ${u}`,
    signatureReason: 'Firma de la persona interesada',
    sealReason: 'Sello electrónico de la oficina',
    suffix: { stamped: 'sellado', signed: 'firmado', sealed: 'sello-electronico' },
    template: {
      certificate: { title: 'Certificado', file: 'certificado', intro: 'Se certifica que:' },
      request_form: { title: 'Solicitud', file: 'solicitud', intro: 'La persona interesada solicita:' },
      receipt: { title: 'Justificante de pago', file: 'justificante', intro: 'Se hace constar el pago de:' },
    },
    fields: {
      citizen: 'Persona interesada',
      procedure: 'Trámite',
      ticket: 'Tique',
      date: 'Fecha',
      clerk: 'Tramitado por',
      office: 'Oficina',
      amount: 'Importe',
    },
  },
  en: {
    stampedBy: (c) => `Stamped by ${c}`,
    office: (o) => `Office: ${o}`,
    ticket: (n) => `Ticket ${n}`,
    code: (c) => `Secure verification code (CSV): ${c}`,
    verifyAt: (u) => `Verify it at ${u}`,
    signatureReason: 'Signature of the person concerned',
    sealReason: "The office's electronic seal",
    suffix: { stamped: 'stamped', signed: 'signed', sealed: 'sealed' },
    template: {
      certificate: { title: 'Certificate', file: 'certificate', intro: 'It is hereby certified that:' },
      request_form: { title: 'Request', file: 'request', intro: 'The person concerned requests:' },
      receipt: { title: 'Payment receipt', file: 'receipt', intro: 'Payment is recorded for:' },
    },
    fields: {
      citizen: 'Person concerned',
      procedure: 'Procedure',
      ticket: 'Ticket',
      date: 'Date',
      clerk: 'Handled by',
      office: 'Office',
      amount: 'Amount',
    },
  },
};

export function texts(language: Language): Texts {
  return TEXTS[language];
}

/** A date and time as the office's wall clock shows it, in the citizen's language. */
export function localDateTime(at: Date, language: Language): string {
  const locale = language === 'en' ? 'en-GB' : language === 'es' ? 'es-ES' : 'ca-ES';
  return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'short' }).format(at);
}

/** `name.pdf` → `name-sealed.pdf` in the language; a name without `.pdf` gets it. */
export function versionFilename(filename: string, suffix: string): string {
  const base = filename
    .replace(/\.(pdf|png|jpe?g|heic)$/i, '')
    .replace(/-(segellat|sellado|stamped|signat|firmado|signed|segell-electronic|sello-electronico|sealed)$/i, '');
  return `${base}-${suffix}.pdf`;
}
