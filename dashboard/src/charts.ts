import { h, s } from './dom';

export interface Series {
  label: string;
  /** A CSS class that colours the series (see styles.css: .c-approved, .c-held, …). */
  tone: string;
  values: Array<number | null>;
}

const WIDTH = 480;
const HEIGHT = 170;
const PAD = { top: 10, right: 8, bottom: 22, left: 40 };

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * power).find((step) => step >= value) ?? value;
}

function legend(series: Series[]): HTMLElement {
  return h(
    'ul',
    { class: 'legend' },
    series.map((one) => h('li', null, h('span', { class: `swatch ${one.tone}` }), one.label)),
  );
}

/** What a chart shows, in words, for those who cannot see it: each series' total over the range. */
function summaryOf(title: string, series: Series[], format: (value: number) => string): string {
  const totals = series.map((one) => {
    const values = one.values.filter((value): value is number => value !== null);
    return `${one.label}: ${values.length ? format(values.reduce((sum, value) => sum + value, 0)) : 'none'}`;
  });
  return `${title}. ${totals.join('; ')}.`;
}

/** Axes, grid and x labels (every nth, so they never overlap) shared by the charts. */
function frame(labels: string[], max: number, format: (value: number) => string, summary: string) {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const svg = s('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'chart',
    role: 'img',
    'aria-label': summary,
  });
  for (const fraction of [0, 0.5, 1]) {
    const y = PAD.top + plotH * (1 - fraction);
    svg.append(
      s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: 'grid' }),
      s('text', { x: PAD.left - 6, y: y + 4, class: 'axis', 'text-anchor': 'end' }, format(max * fraction)),
    );
  }
  const every = Math.max(1, Math.ceil(labels.length / 7));
  const step = plotW / Math.max(labels.length, 1);
  labels.forEach((label, index) => {
    if (index % every !== 0) return;
    svg.append(
      s(
        'text',
        { x: PAD.left + step * (index + 0.5), y: HEIGHT - 6, class: 'axis', 'text-anchor': 'middle' },
        label,
      ),
    );
  });
  return { svg, plotW, plotH, step, y: (value: number) => PAD.top + plotH * (1 - value / max) };
}

/** Stacked bars per bucket, with a legend; each bar's title tells its numbers. */
export function stackedBars(title: string, labels: string[], series: Series[]): HTMLElement {
  const totals = labels.map((_, index) => series.reduce((sum, one) => sum + (one.values[index] ?? 0), 0));
  const max = niceMax(Math.max(...totals, 0));
  const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
  const { svg, step, y } = frame(labels, max, format, summaryOf(title, series, format));
  const width = Math.max(1, Math.min(28, step * 0.7));
  labels.forEach((label, index) => {
    let base = 0;
    const x = PAD.left + step * index + (step - width) / 2;
    for (const one of series) {
      const value = one.values[index] ?? 0;
      if (value <= 0) continue;
      svg.append(
        s(
          'rect',
          { x, y: y(base + value), width, height: y(base) - y(base + value), class: one.tone },
          s('title', null, `${label}: ${value} ${one.label}`),
        ),
      );
      base += value;
    }
  });
  return h('figure', { class: 'chart-box' }, h('figcaption', null, title), svg, legend(series));
}

/** A line per series (gaps where a bucket has no value), for rates and durations. */
export function lines(
  title: string,
  labels: string[],
  series: Series[],
  format: (value: number) => string,
): HTMLElement {
  const max = niceMax(
    Math.max(0, ...series.flatMap((one) => one.values.filter((v): v is number => v !== null))),
  );
  // Rates and durations do not add up over buckets: the summary gives their latest value.
  const latest = series.map((one) => ({ ...one, values: one.values.filter((v) => v !== null).slice(-1) }));
  const { svg, step, y } = frame(labels, max, format, summaryOf(`${title} (latest)`, latest, format));
  for (const one of series) {
    let d = '';
    let pen = false;
    one.values.forEach((value, index) => {
      if (value === null) {
        pen = false;
        return;
      }
      const x = PAD.left + step * (index + 0.5);
      d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y(value).toFixed(1)}`;
      pen = true;
      svg.append(
        s(
          'circle',
          { cx: x, cy: y(value), r: 2.5, class: one.tone },
          s('title', null, `${labels[index]}: ${format(value)}`),
        ),
      );
    });
    if (d) svg.append(s('path', { d, class: `line ${one.tone}` }));
  }
  return h(
    'figure',
    { class: 'chart-box' },
    h('figcaption', null, title),
    svg,
    series.length > 1 ? legend(series) : null,
  );
}

/** Horizontal bars with labels and values, for rankings (moderators, signal codes). */
export function ranking(
  title: string,
  rows: Array<{ label: string; value: number; detail?: string }>,
): HTMLElement {
  const max = Math.max(1, ...rows.map((row) => row.value));
  return h(
    'figure',
    { class: 'chart-box' },
    h('figcaption', null, title),
    rows.length === 0
      ? h('p', { class: 'muted' }, 'Nothing in this range.')
      : h(
          'ul',
          { class: 'ranking' },
          rows.map((row) => {
            const bar = h('span', { class: 'bar' });
            bar.style.width = `${(row.value / max) * 100}%`;
            return h(
              'li',
              null,
              h('span', { class: 'label' }, row.label),
              h('span', { class: 'track' }, bar),
              h('span', { class: 'value', title: row.detail ?? '' }, String(row.value)),
            );
          }),
        ),
  );
}
