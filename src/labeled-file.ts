import { createReadStream } from 'node:fs';

/** How to read a labeled file. Columns are header names, or 0-based indexes (the only choice without a header). */
export interface LabeledFileOptions {
  /** `csv`: RFC 4180 (quoted cells may hold commas, quotes and line breaks). `tsv`: tab-separated, no quoting. */
  format: 'csv' | 'tsv';
  /** Whether the first row names the columns. */
  header: boolean;
  textColumn: string | number;
  labelColumn: string | number;
  /** The label cell's value that means spam (compared trimmed, case-insensitively); any other value is ham. */
  spamValue: string;
  authorColumn?: string | number;
  /** Further columns to read into `LabeledRow.extra`, by name (e.g. a date, or a column that marks rows to skip). */
  extraColumns?: readonly string[];
}

export interface LabeledRow {
  text: string;
  label: boolean;
  author?: string;
  /** The cells of `extraColumns`, by column name; a missing cell is "". */
  extra?: Record<string, string>;
}

/** Defaults for the YouTube comment spam CSVs (`COMMENT_ID,CONTENT,TAG`, TAG 1 = spam). */
export const YOUTUBE_CSV: LabeledFileOptions = {
  format: 'csv',
  header: true,
  textColumn: 'CONTENT',
  labelColumn: 'TAG',
  spamValue: '1',
};

/** Defaults for headerless `label<TAB>text` files such as the SMS Spam Collection. */
export const LABEL_TAB_TEXT: LabeledFileOptions = {
  format: 'tsv',
  header: false,
  textColumn: 1,
  labelColumn: 0,
  spamValue: 'spam',
};

/**
 * Splits CSV text (RFC 4180) into records as chunks arrive: a quoted cell may hold commas, line
 * breaks and doubled quotes, and may span chunks. A quote inside an unquoted cell is kept as is.
 */
export function createCsvParser(): { push(chunk: string): string[][]; end(): string[][] } {
  // start: at a cell's first character; quote: just after a quote inside a quoted cell.
  let state: 'start' | 'unquoted' | 'quoted' | 'quote' = 'start';
  let cell = '';
  let record: string[] = [];
  let records: string[][] = [];
  const endRecord = () => {
    record.push(cell);
    // A blank line is no record.
    if (record.length > 1 || cell !== '') records.push(record);
    cell = '';
    record = [];
  };
  const take = () => {
    const done = records;
    records = [];
    return done;
  };
  return {
    push(chunk) {
      for (const char of chunk) {
        if (state === 'quoted') {
          if (char === '"') state = 'quote';
          else cell += char;
          continue;
        }
        if (state === 'quote') {
          state = 'unquoted';
          if (char === '"') {
            cell += '"';
            state = 'quoted';
            continue;
          }
        }
        if (char === '"' && state === 'start') {
          state = 'quoted';
        } else if (char === ',') {
          record.push(cell);
          cell = '';
          state = 'start';
        } else if (char === '\n') {
          endRecord();
          state = 'start';
        } else if (char !== '\r') {
          cell += char;
          state = 'unquoted';
        }
      }
      return take();
    },
    end() {
      if (cell !== '' || record.length > 0) endRecord();
      state = 'start';
      return take();
    },
  };
}

/** Splits tab-separated text into records as chunks arrive; no quoting, so `"` is an ordinary character. */
function createTsvParser(): { push(chunk: string): string[][]; end(): string[][] } {
  let pending = '';
  const split = (lines: string[]) =>
    lines
      .map((line) => line.replace(/\r$/, ''))
      .filter((line) => line !== '')
      .map((line) => line.split('\t'));
  return {
    push(chunk) {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      return split(lines);
    },
    end() {
      const last = split([pending]);
      pending = '';
      return last;
    },
  };
}

function columnIndex(names: string[] | null, column: string | number, what: string): number {
  if (typeof column === 'number') return column;
  if (/^\d+$/.test(column) && !names?.includes(column)) return Number(column);
  const index = names?.indexOf(column) ?? -1;
  if (index < 0) {
    throw new Error(
      names
        ? `no ${what} column "${column}"; the header has ${names.map((name) => `"${name}"`).join(', ')}`
        : `the ${what} column must be a number when the file has no header`,
    );
  }
  return index;
}

/**
 * The labeled rows of a CSV or TSV file, streamed: a large file never sits in memory. A byte-order
 * mark at the start is dropped. A TSV row with more cells than columns keeps the extra tabs in its
 * last column (so `label<TAB>text` splits on the first tab only). Rows without text or label are skipped.
 */
export async function* readLabeledRows(path: string, options: LabeledFileOptions): AsyncIterable<LabeledRow> {
  const parser = options.format === 'csv' ? createCsvParser() : createTsvParser();
  let names: string[] | null = null;
  let width = 0;
  let columns: { text: number; label: number; author: number | null; extra: Array<[string, number]> } | null =
    null;
  let first = true;

  function* rows(records: string[][]): Generator<LabeledRow> {
    for (let record of records) {
      if (first) {
        first = false;
        if (record[0]?.startsWith('\uFEFF')) record[0] = record[0].slice(1);
        if (options.header) {
          names = record.map((name) => name.trim());
          width = names.length;
          continue;
        }
      }
      if (!columns) {
        columns = {
          text: columnIndex(names, options.textColumn, 'text'),
          label: columnIndex(names, options.labelColumn, 'label'),
          author:
            options.authorColumn === undefined ? null : columnIndex(names, options.authorColumn, 'author'),
          extra: (options.extraColumns ?? []).map((name) => [name, columnIndex(names, name, name)]),
        };
        if (!options.header) width = Math.max(columns.text, columns.label, columns.author ?? 0) + 1;
      }
      if (options.format === 'tsv' && record.length > width && width > 0) {
        record = [...record.slice(0, width - 1), record.slice(width - 1).join('\t')];
      }
      const text = record[columns.text];
      const label = record[columns.label]?.trim();
      if (!text || !label) continue;
      const row: LabeledRow = { text, label: label.toLowerCase() === options.spamValue.trim().toLowerCase() };
      const author = columns.author === null ? undefined : record[columns.author];
      if (author) row.author = author;
      if (columns.extra.length > 0) {
        row.extra = Object.fromEntries(columns.extra.map(([name, index]) => [name, record[index] ?? '']));
      }
      yield row;
    }
  }

  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    yield* rows(parser.push(chunk as string));
  }
  yield* rows(parser.end());
}
