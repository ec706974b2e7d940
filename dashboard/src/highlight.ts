import type { Signal } from './types';

interface Mark {
  start: number;
  end: number;
  checks: string[];
  codes: string[];
}

/** The signals' spans, clamped to the text, sorted, and overlapping ones merged. */
export function markRanges(length: number, signals: Signal[]): Mark[] {
  const ranges = signals
    .flatMap((signal) =>
      (signal.spans ?? []).map((span) => ({
        start: Math.max(0, Math.min(length, Math.floor(span.start))),
        end: Math.max(0, Math.min(length, Math.floor(span.end))),
        checks: [signal.check],
        codes: [signal.code],
      })),
    )
    .filter((range) => range.end > range.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Mark[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start < last.end) {
      last.end = Math.max(last.end, range.end);
      for (const check of range.checks) if (!last.checks.includes(check)) last.checks.push(check);
      for (const code of range.codes) if (!last.codes.includes(code)) last.codes.push(code);
    } else {
      merged.push({ ...range, checks: [...range.checks], codes: [...range.codes] });
    }
  }
  return merged;
}

/**
 * The comment as text nodes, with <mark> elements around the offending spans. Built from text
 * nodes only: whatever the comment holds (markup, script, links) shows as the characters it is.
 */
export function highlighted(content: string, signals: Signal[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let position = 0;
  for (const range of markRanges(content.length, signals)) {
    if (range.start > position)
      fragment.append(document.createTextNode(content.slice(position, range.start)));
    const mark = document.createElement('mark');
    mark.textContent = content.slice(range.start, range.end);
    mark.dataset.check = range.checks[0] ?? '';
    mark.title = range.codes.join(', ');
    fragment.append(mark);
    position = range.end;
  }
  if (position < content.length) fragment.append(document.createTextNode(content.slice(position)));
  return fragment;
}
