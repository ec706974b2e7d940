import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LABEL_TAB_TEXT,
  YOUTUBE_CSV,
  createCsvParser,
  readLabeledRows,
  type LabeledFileOptions,
  type LabeledRow,
} from '../../src/labeled-file';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'labeled-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(name: string, content: string, options: LabeledFileOptions): Promise<LabeledRow[]> {
  const path = join(dir, name);
  await writeFile(path, content);
  const rows: LabeledRow[] = [];
  for await (const row of readLabeledRows(path, options)) rows.push(row);
  return rows;
}

describe('CSV parser (RFC 4180)', () => {
  it.each([
    ['plain cells', 'a,b,c\n', [['a', 'b', 'c']]],
    ['quoted commas and doubled quotes', '"a,1","say ""hi""",x\n', [['a,1', 'say "hi"', 'x']]],
    [
      'a line break inside quotes',
      '"line 1\nline 2",1\r\nnext,0\r\n',
      [
        ['line 1\nline 2', '1'],
        ['next', '0'],
      ],
    ],
    ['an empty quoted cell and a missing last newline', '"",b', [['', 'b']]],
    ['blank lines', 'a\n\nb\n', [['a'], ['b']]],
  ])('reads %s', (_name, text, records) => {
    const parser = createCsvParser();
    expect([...parser.push(text), ...parser.end()]).toEqual(records);
  });

  it('reads records split across chunks anywhere', () => {
    const text = '"x ""y"", z",1\n"second\nrow",0\n';
    for (let cut = 1; cut < text.length; cut++) {
      const parser = createCsvParser();
      const records = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut)), ...parser.end()];
      expect(records).toEqual([
        ['x "y", z', '1'],
        ['second\nrow', '0'],
      ]);
    }
  });
});

describe('readLabeledRows', () => {
  it('reads a YouTube-style CSV by header names, dropping a leading byte-order mark', async () => {
    const csv =
      '\uFEFF"COMMENT_ID","CONTENT","TAG"\n' +
      '"id1","Check out my channel, please ""subscribe""",1\n' +
      '"id2","Nice song\nreally",0\n' +
      '"id3","",1\n';
    expect(await read('yt.csv', csv, YOUTUBE_CSV)).toEqual([
      { text: 'Check out my channel, please "subscribe"', label: true },
      { text: 'Nice song\nreally', label: false },
    ]);
  });

  it('reads a headerless label<TAB>text file, splitting on the first tab and keeping quotes', async () => {
    const tsv = 'ham\tOk lar... "Joking" wif u\nspam\tFree entry\twith a tab\r\nSPAM\tCall now\n';
    expect(await read('sms.tsv', tsv, LABEL_TAB_TEXT)).toEqual([
      { text: 'Ok lar... "Joking" wif u', label: false },
      { text: 'Free entry\twith a tab', label: true },
      { text: 'Call now', label: true },
    ]);
  });

  it('reads a TSV with a header, an author column and another spam value', async () => {
    const tsv = 'id\ttweet\tclass\tuser\n1\t"quoted" text\tOFF\tann\n2\tfine\tNOT\tbob\n';
    const options: LabeledFileOptions = {
      format: 'tsv',
      header: true,
      textColumn: 'tweet',
      labelColumn: 'class',
      spamValue: 'off',
      authorColumn: 'user',
    };
    expect(await read('olid.tsv', tsv, options)).toEqual([
      { text: '"quoted" text', label: true, author: 'ann' },
      { text: 'fine', label: false, author: 'bob' },
    ]);
  });

  it('names the columns it has when a named column is missing', async () => {
    await expect(read('bad.csv', 'A,B\nx,1\n', YOUTUBE_CSV)).rejects.toThrow(
      'no text column "CONTENT"; the header has "A", "B"',
    );
  });
});
