import { api, describe, query } from './api';
import { duration, h, replace, STATUS_LABEL } from './dom';
import { lines, ranking, stackedBars } from './charts';
import type { AppContext, View } from './context';
import type { Counts } from './types';

interface Activity {
  counts: Counts;
  range: { from: string; to: string; bucket: 'hour' | 'day' };
  series: Array<{
    start: string;
    verdicts: { approved: number; pending_review: number; rejected: number };
    decisions: { approved: number; rejected: number };
    /** Trial mode: approved comments the policy would have held or rejected. */
    observed: { wouldHold: number; wouldReject: number };
    medianSecondsToDecision: number | null;
    checks: Record<string, number>;
  }>;
  moderators: Array<{
    moderatorId: string | null;
    name: string;
    approved: number;
    rejected: number;
    total: number;
  }>;
  medianSecondsToDecision: number | null;
  checks: Array<{ check: string; code: string; count: number }>;
  observed: { wouldHold: number; wouldReject: number };
}

const CHECK_TONES = ['t1', 't2', 't3', 't4', 't5', 't6', 't7'];
const day = (date: Date) => date.toISOString().slice(0, 10);

/** Stats over a range: counts now, verdicts and decisions over time, time to decision, checks firing. */
export function mountStats(container: HTMLElement, ctx: AppContext): View {
  const today = new Date();
  const site = h(
    'select',
    { 'aria-label': 'Site' },
    h('option', { value: '' }, 'All sites'),
    ctx.directory.sites.map((one) => h('option', { value: one.id }, one.name)),
  );
  const from = h('input', {
    type: 'date',
    'aria-label': 'From',
    value: day(new Date(today.getTime() - 13 * 86_400_000)),
  });
  const to = h('input', { type: 'date', 'aria-label': 'To', value: day(today) });
  const bucket = h(
    'select',
    { 'aria-label': 'Bucket' },
    h('option', { value: 'day' }, 'By day'),
    h('option', { value: 'hour' }, 'By hour'),
  );
  const body = h('div', { class: 'stats', 'data-testid': 'stats' }, h('p', { class: 'muted' }, 'Loading…'));

  const load = async () => {
    const end = new Date(`${to.value}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    try {
      const stats = await api<Activity>(
        'GET',
        `/v1/review/stats${query({ siteId: site.value, from: `${from.value}T00:00:00Z`, to: end.toISOString(), bucket: bucket.value })}`,
      );
      draw(stats);
    } catch (error) {
      replace(body, h('p', { class: 'banner banner-error' }, describe(error)));
    }
  };

  const draw = (stats: Activity) => {
    const hourly = stats.range.bucket === 'hour';
    const labels = stats.series.map((b) => (hourly ? b.start.slice(11, 16) : b.start.slice(5, 10)));
    const checks = [...new Set(stats.series.flatMap((b) => Object.keys(b.checks)))].sort();
    replace(
      body,
      h(
        'div',
        { class: 'cards' },
        (Object.keys(stats.counts) as Array<keyof Counts>).map((status) =>
          h(
            'div',
            { class: `card stat status-${status}` },
            h('span', { class: 'big' }, String(stats.counts[status])),
            h('span', null, STATUS_LABEL[status] ?? status),
          ),
        ),
        h(
          'div',
          { class: 'card stat' },
          h('span', { class: 'big' }, duration(stats.medianSecondsToDecision)),
          h('span', null, 'median time to a decision'),
        ),
        h(
          'div',
          { class: 'card stat', 'data-testid': 'observed' },
          h('span', { class: 'big' }, `${stats.observed.wouldHold} / ${stats.observed.wouldReject}`),
          h('span', null, 'trial mode would have held / rejected'),
        ),
      ),
      h(
        'div',
        { class: 'chart-grid' },
        stackedBars('Worker verdicts', labels, [
          { label: 'approved', tone: 'c-approved', values: stats.series.map((b) => b.verdicts.approved) },
          { label: 'held', tone: 'c-held', values: stats.series.map((b) => b.verdicts.pending_review) },
          { label: 'rejected', tone: 'c-rejected', values: stats.series.map((b) => b.verdicts.rejected) },
        ]),
        stackedBars('Trial mode: approved, but the policy would have', labels, [
          { label: 'held', tone: 'c-held', values: stats.series.map((b) => b.observed.wouldHold) },
          { label: 'rejected', tone: 'c-rejected', values: stats.series.map((b) => b.observed.wouldReject) },
        ]),
        stackedBars('Moderator decisions', labels, [
          { label: 'approved', tone: 'c-approved', values: stats.series.map((b) => b.decisions.approved) },
          { label: 'rejected', tone: 'c-rejected', values: stats.series.map((b) => b.decisions.rejected) },
        ]),
        lines(
          'Median time from intake to decision',
          labels,
          [{ label: 'median', tone: 't1', values: stats.series.map((b) => b.medianSecondsToDecision) }],
          duration,
        ),
        lines(
          'Comments each check fired on',
          labels,
          checks.map((check, index) => ({
            label: check,
            tone: CHECK_TONES[index % CHECK_TONES.length]!,
            values: stats.series.map((b) => b.checks[check] ?? 0),
          })),
          (value) => String(Math.round(value)),
        ),
        ranking(
          'Decisions per moderator',
          stats.moderators.map((m) => ({
            label: m.name,
            value: m.total,
            detail: `${m.approved} approved, ${m.rejected} rejected`,
          })),
        ),
        ranking(
          'Signals that fired',
          stats.checks.slice(0, 12).map((c) => ({ label: `${c.check} · ${c.code}`, value: c.count })),
        ),
      ),
    );
  };

  for (const input of [site, from, to, bucket]) input.addEventListener('change', () => void load());
  container.append(
    h(
      'div',
      { class: 'page' },
      h('div', { class: 'toolbar' }, h('h1', null, 'Stats'), site, from, to, bucket),
      body,
    ),
  );
  void load();
  return {};
}
