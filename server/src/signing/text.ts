/** The languages documents are issued in. */
export type DocumentLanguage = 'ca' | 'es' | 'en';

const LOCALES: Record<DocumentLanguage, string> = { ca: 'ca-ES', es: 'es-ES', en: 'en-GB' };

interface Labels {
  citizenReason: string;
  signedBy: (name: string, when: string) => string;
  onlineFrom: (ip: string) => string;
  verificationCode: string;
  verifyAt: string;
}

export const LABELS: Record<DocumentLanguage, Labels> = {
  ca: {
    citizenReason: 'Signat per la persona interessada',
    signedBy: (name, when) => `Signat per ${name} · ${when}`,
    onlineFrom: (ip) => `En línia, des de ${ip}`,
    verificationCode: 'Codi segur de verificació (CSV)',
    verifyAt: 'Verifiqueu-lo a',
  },
  es: {
    citizenReason: 'Firmado por la persona interesada',
    signedBy: (name, when) => `Firmado por ${name} · ${when}`,
    onlineFrom: (ip) => `En línea, desde ${ip}`,
    verificationCode: 'Código seguro de verificación (CSV)',
    verifyAt: 'Verifíquelo en',
  },
  en: {
    citizenReason: 'Signed by the person concerned',
    signedBy: (name, when) => `Signed by ${name} · ${when}`,
    onlineFrom: (ip) => `Online, from ${ip}`,
    verificationCode: 'Secure verification code (CSV)',
    verifyAt: 'Verify it at',
  },
};

/** A date and time as the council writes it, in Madrid time, in the document's language. */
export function formatWhen(iso: string, language: DocumentLanguage): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an ISO date: ${iso}`);
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone: 'Europe/Madrid',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

// The standard fonts draw WinAnsi only: libpdf silently drops the rest ("Łukasz" became "ukasz").
// So accents are stripped where that gives a WinAnsi letter, control and bidi characters are
// dropped, and anything else becomes "?".
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

function isWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(ch);
}

export function winAnsiText(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (isWinAnsi(ch)) out += ch;
    else if (/\s/.test(ch)) out += ' ';
    else if (/\p{C}/u.test(ch))
      continue; // control and bidi characters draw nothing useful
    else {
      const bare = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += bare !== '' && [...bare].every(isWinAnsi) ? bare : '?';
    }
  }
  return out;
}
