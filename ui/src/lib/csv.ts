// CSV the way spreadsheets read it, written by the same rules as the server's writer
// (crates/core/src/export/csv.rs): UTF-8 with a byte-order mark, CRLF line ends, quoted as RFC
// 4180 says, and a text cell that starts like a formula defused (OWASP's CSV injection), so
// opening the file runs nothing. The UI writes the exports' files itself, in the reader's
// language (lib/exportTable.ts); the server's English CSV is the CLI's.

/**
 * One cell: text (words from people, or the reader's words) is quoted as needed and defused;
 * a number (seconds, a count, a negative difference) is written as the number it is, so a
 * spreadsheet can sum it; null is an empty cell.
 */
export type CsvCell = string | number | null;

/** The byte-order mark that makes Excel read the file as UTF-8 (Cyrillic otherwise turns into mojibake). */
export const BOM = '\uFEFF';

/** A whole CSV file: the header as the first record, then each row. */
export function csv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  let out = BOM + record(header);
  for (const row of rows) out += record(row);
  return out;
}

function record(cells: readonly CsvCell[]): string {
  return cells.map(cell).join(',') + '\r\n';
}

function cell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // A cell a spreadsheet would take for a formula starts with an apostrophe instead, shown as
  // text and never evaluated.
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[,"\r\n]/.test(value) ? `"${defused.replace(/"/g, '""')}"` : defused;
}
