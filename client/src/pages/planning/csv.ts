import { saveBlob } from '../../api/download';

/*
 * CSV as RFC 4180 writes it (comma, CRLF, fields quoted when they must be), with the UTF-8 byte
 * order mark without which Excel reads "Pèrez" as "PÃ¨rez".
 */

const BOM = '\uFEFF';

/** A spreadsheet runs a cell that starts like a formula; a leading apostrophe keeps it text (OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows, the first being the header, as one CSV text with its BOM and a CRLF after every record. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** Hands a text to the browser as a file download. */
export function downloadText(text: string, filename: string, type = 'text/csv;charset=utf-8'): void {
  saveBlob(new Blob([text], { type }), filename);
}

/** A file name's part made of a free text: lower case ASCII letters, digits and hyphens. */
export function fileSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
