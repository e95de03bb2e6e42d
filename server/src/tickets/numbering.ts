/** A readable procedure number, e.g. `OAC-2026-000123`: office prefix, year, a per-year sequence. */
export function formatTicketNumber(prefix: string, year: number, sequence: number): string {
  if (!/^[A-Z]{2,8}$/.test(prefix)) throw new RangeError(`bad ticket prefix: ${prefix}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`bad ticket sequence: ${sequence}`);
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseTicketNumber(value: string): { prefix: string; year: number; sequence: number } | null {
  const m = /^([A-Z]{2,8})-(\d{4})-(\d{6,})$/.exec(value);
  return m ? { prefix: m[1]!, year: Number(m[2]), sequence: Number(m[3]) } : null;
}
