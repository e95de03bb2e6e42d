/** Reads "12,50" or "12.50" (or "1.234,50") as euros; null for anything that is not an amount. */
export function parseAmount(input: string): number | null {
  const compact = input.replace(/[\s€]/g, '');
  if (compact === '') return null;
  // The last separator is the decimal one when two digits or fewer follow it.
  const match = /^(\d{1,3}(?:([.,])\d{3})*|\d+)(?:([.,])(\d{1,2}))?$/.exec(compact);
  if (!match) return null;
  const [, grouped, thousands, decimal, cents] = match;
  // One mark cannot be both: "12.345.6" is a typo, not an amount.
  if (thousands && thousands === decimal) return null;
  if (thousands && grouped!.split(thousands).length !== grouped!.split(/[.,]/).length) return null;
  const value = Number(`${grouped!.replace(/[.,]/g, '')}.${cents ?? '0'}`);
  return Number.isFinite(value) && value <= 1_000_000 ? value : null;
}
