import type { AuditEntry } from '../db/decisions-repository';

/** The columns of the audit export, in order. */
export const AUDIT_CSV_HEADER = [
  'decided_at',
  'site',
  'comment_id',
  'site_comment_id',
  'from_status',
  'to_status',
  'action',
  'decided_by',
  'moderator',
  'score',
  'reason',
  'note',
  'undoes',
  'excerpt',
];

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break. A field that starts
 * like a formula (=, +, -, @, tab, carriage return) gets a leading apostrophe, so a spreadsheet shows
 * a hostile comment's text instead of running it (OWASP "CSV injection").
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV line (CRLF-terminated) of the fields. */
export const csvLine = (fields: Array<string | number | null>) => `${fields.map(csvField).join(',')}\r\n`;

/** One audit entry as a CSV line, with the names of its site and moderator. */
export function auditCsvLine(
  entry: AuditEntry,
  names: { site(id: string): string; moderator(id: string | null): string },
): string {
  return csvLine([
    entry.createdAt,
    names.site(entry.siteId),
    entry.commentId,
    entry.externalId,
    entry.fromStatus,
    entry.toStatus,
    entry.action,
    entry.decidedBy,
    entry.decidedBy === 'moderator' ? names.moderator(entry.moderatorId) : null,
    entry.score,
    entry.reason,
    entry.note,
    entry.undoes,
    entry.excerpt,
  ]);
}
