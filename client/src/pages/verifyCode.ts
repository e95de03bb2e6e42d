/**
 * The verification code (CSV) as a person types it: from the paper, so in any case, with spaces,
 * with or without the dashes. The alphabet leaves out I and O because they read as 1 and 0, so
 * those are taken to mean the digits. Anything that still is not sixteen symbols is malformed.
 */
const SYMBOL = /^[0-9A-HJ-NP-Z]$/;
const LOOK_ALIKES: Record<string, string> = { O: '0', I: '1' };

/** The code in its printed form (`ABCD-2345-EFGH-6789`), or null when it cannot be one. */
export function normaliseCode(input: string): string | null {
  const symbols = [...input.toUpperCase().replace(/[\s\-‐‑–—_.·]/g, '')].map((c) => LOOK_ALIKES[c] ?? c);
  if (symbols.length !== 16 || !symbols.every((c) => SYMBOL.test(c))) return null;
  return [0, 4, 8, 12].map((i) => symbols.slice(i, i + 4).join('')).join('-');
}
