/** One run of a diff: text both revisions share, or text one removed or added. */
export interface DiffPart {
  op: 'same' | 'removed' | 'added';
  text: string;
}

/**
 * The middle of two long, wholly different texts is not aligned word by word: past this many
 * table cells (words × words) it is shown as removed and added in one piece, so a hostile pair of
 * 20 000-character edits costs a bounded amount of work.
 */
export const MAX_DIFF_CELLS = 1_000_000;

/** Words and the whitespace between them, as separate tokens: a diff by word keeps spacing exact. */
const tokens = (text: string) => text.split(/(\s+)/).filter((token) => token !== '');

function push(parts: DiffPart[], op: DiffPart['op'], text: string): void {
  if (text === '') return;
  const last = parts[parts.length - 1];
  if (last?.op === op) last.text += text;
  else parts.push({ op, text });
}

/** The longest-common-subsequence alignment of two token lists, as diff parts. */
function align(a: string[], b: string[], parts: DiffPart[]): void {
  const cols = b.length + 1;
  // lengths[i * cols + j]: the LCS length of a[i..] and b[j..].
  const lengths = new Uint32Array((a.length + 1) * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * cols + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * cols + j + 1]! + 1
          : Math.max(lengths[(i + 1) * cols + j]!, lengths[i * cols + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push(parts, 'same', a[i++]!);
      j++;
    } else if (lengths[(i + 1) * cols + j]! >= lengths[i * cols + j + 1]!) push(parts, 'removed', a[i++]!);
    else push(parts, 'added', b[j++]!);
  }
  push(parts, 'removed', a.slice(i).join(''));
  push(parts, 'added', b.slice(j).join(''));
}

/**
 * What changed from one revision of a comment to the next, word by word: the parts in order, so
 * that the `same` and `removed` parts spell the old text and the `same` and `added` parts the new.
 */
export function diffText(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  ) {
    end++;
  }
  const parts: DiffPart[] = [];
  push(parts, 'same', a.slice(0, start).join(''));
  const middleA = a.slice(start, a.length - end);
  const middleB = b.slice(start, b.length - end);
  if (middleA.length * middleB.length > MAX_DIFF_CELLS) {
    push(parts, 'removed', middleA.join(''));
    push(parts, 'added', middleB.join(''));
  } else {
    align(middleA, middleB, parts);
  }
  push(parts, 'same', a.slice(a.length - end).join(''));
  return parts;
}
