/** A readable procedure number, e.g. `OAC-2026-000123`: office prefix, year, a per-year sequence. */
export function formatTicketNumber(prefix: string, year: number, sequence: number): string {
  if (!/^[A-Z]{2,8}$/.test(prefix)) throw new RangeError(`bad ticket prefix: ${prefix}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`bad ticket sequence: ${sequence}`);
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}
