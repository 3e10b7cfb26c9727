// The server's export tables (`ExportTable`: the report's, a transcript's, the audit log's) in
// the reader's language and time zone: the columns named in their words, closed words (a
// message's status, a note's visibility) and activity lines translated as the thread words
// them, an audit entry's particulars as the Audit screen words them (lib/audit.ts), times
// written in the reader's zone (named in the column's header), numbers kept numbers. The CSV a
// reader saves is written here (lib/csv.ts); the printed transcript shows the same cells
// (components/TranscriptMenu.svelte). The server's own English CSV is the CLI's.
import type { ExportCell } from '../bindings/ExportCell';
import type { ExportTable } from '../bindings/ExportTable';
import type { Translator } from '../i18n';
import { en, type PlainKey, type UiKey } from '../i18n/en';
import { auditKindName, auditText } from './audit';
import { csv, type CsvCell } from './csv';
import type { SaveFile } from './download';
import { operatorLabel } from './names';
import { activityText } from './workflow';

/** What was exported: it names the file. */
export type ExportWhat = 'operators' | 'episodes' | 'transcript' | 'audit';

const FILE_NAMES = {
  operators: 'export.file.operators',
  episodes: 'export.file.episodes',
  transcript: 'export.file.transcript',
  audit: 'export.file.audit',
} as const satisfies Record<ExportWhat, UiKey>;

/** The closed words of each column that has them, by the server's keys. */
const LABELS: Readonly<Record<string, Readonly<Record<string, PlainKey>>>> = {
  scope: { team: 'export.scope.team', operator: 'export.scope.operator' },
  item: { message: 'export.item.message', note: 'export.item.note', activity: 'export.item.activity' },
  direction: { in: 'export.direction.in', out: 'export.direction.out' },
  author_kind: {
    customer: 'export.author.customer',
    operator: 'export.author.operator',
    system: 'export.author.system',
    outside: 'export.author.outside',
  },
  // A message's delivery status, or the conversation's status an activity line set.
  status: {
    queued: 'export.status.queued',
    sent: 'export.status.sent',
    delivered: 'export.status.delivered',
    seen: 'export.status.seen',
    failed: 'export.status.failed',
    rejected: 'export.status.rejected',
    open: 'status.open',
    pending: 'status.pending',
    snoozed: 'status.snoozed',
    resolved: 'status.resolved',
  },
  visibility: { customer: 'export.visibility.customer', internal: 'export.visibility.internal' },
};

/** The reader's time zone (the browser's), in which exported times are written. */
export function readerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** `YYYY-MM-DD HH:MM:SS` of an instant in `zone` (UTC when the zone is unknown). */
export function localTime(at: string, zone: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  let format: Intl.DateTimeFormat;
  try {
    format = timeFormat(zone);
  } catch {
    format = timeFormat('UTC');
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

function timeFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
}

/** A column's name in the reader's words (a time column's names the zone); a key this build does not know, as it is. */
export function columnName(key: string, tr: Translator, zone: string): string {
  const ui = `export.column.${key}`;
  if (!(ui in en)) return key;
  // Every column's text takes at most `{zone}`.
  const t = tr.t as (key: UiKey, values?: Record<string, string>) => string;
  return t(ui as UiKey, { zone });
}

/** A closed word of `column` in the reader's words; one this build does not know (a gateway's own status) as it came. */
export function labelText(column: string, key: string, tr: Translator): string {
  if (column === 'kind') return auditKindName(key, tr);
  const ui = LABELS[column]?.[key];
  return ui ? tr.t(ui) : key;
}

/** A cell as the reader's file has it: text in their words, a number as a number, nothing as empty. */
export function cellValue(column: string, cell: ExportCell, tr: Translator, zone: string): CsvCell {
  switch (cell.kind) {
    case 'empty':
      return null;
    case 'text':
      return cell.text;
    case 'integer':
    case 'decimal':
      return cell.value;
    case 'time':
      return localTime(cell.at, zone);
    case 'label': {
      const word = labelText(column, cell.key, tr);
      return cell.reason ? tr.t('export.because', { status: word, reason: tr.phrase(cell.reason) }) : word;
    }
    case 'operator':
      return operatorLabel(cell.operator, null, tr);
    case 'activity':
      return activityText(cell.activity, null, tr);
    case 'audit':
      // The audit entry's particulars, in the words its Audit screen row says them.
      return auditText(cell.entry, tr, null);
  }
  // A kind of cell from a newer server than this page.
  return null;
}

/** The table as the reader's CSV. */
export function tableCsv(table: ExportTable, tr: Translator, zone: string): string {
  const header = table.columns.map((c) => columnName(c, tr, zone));
  const rows = table.rows.map((row) => row.map((cell, i) => cellValue(table.columns[i] ?? '', cell, tr, zone)));
  return csv(header, rows);
}

/** The file's name: the server's stem in the reader's words (`отчёт-2026-01-01-2026-01-31-операторы.csv`). */
export function exportFileName(what: ExportWhat, stem: string, tr: Translator): string {
  return `${tr.t(FILE_NAMES[what], { stem })}.csv`;
}

/** The table as the file the reader saves. */
export function exportFile(what: ExportWhat, table: ExportTable, tr: Translator, zone: string = readerTimeZone()): SaveFile {
  return { name: exportFileName(what, table.name, tr), mime: 'text/csv', text: tableCsv(table, tr, zone) };
}
