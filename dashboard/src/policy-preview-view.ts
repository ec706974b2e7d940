import { api } from './api';
import { ago, h, replace } from './dom';

interface Agreement {
  agree: number;
  falsePositives: number;
  falseNegatives: number;
}

interface PreviewPage {
  scanned: number;
  changed: number;
  changes: Record<string, number>;
  decided: number;
  agreement: { current: Agreement; draft: Agreement };
  examples: Array<{
    id: string;
    externalId: string;
    receivedAt: string;
    content: string;
    current: { action: string; score: number };
    draft: { action: string; score: number };
    decided: 'approved' | 'rejected' | null;
  }>;
  nextCursor: string | null;
}

const MAX_EXAMPLES = 30;

/** Adds one page's counts to the running totals. */
function add(total: PreviewPage, page: PreviewPage): PreviewPage {
  const sum = (a: Agreement, b: Agreement): Agreement => ({
    agree: a.agree + b.agree,
    falsePositives: a.falsePositives + b.falsePositives,
    falseNegatives: a.falseNegatives + b.falseNegatives,
  });
  const changes = { ...total.changes };
  for (const [kind, count] of Object.entries(page.changes)) changes[kind] = (changes[kind] ?? 0) + count;
  return {
    scanned: total.scanned + page.scanned,
    changed: total.changed + page.changed,
    changes,
    decided: total.decided + page.decided,
    agreement: {
      current: sum(total.agreement.current, page.agreement.current),
      draft: sum(total.agreement.draft, page.agreement.draft),
    },
    examples: [...total.examples, ...page.examples].slice(0, MAX_EXAMPLES),
    nextCursor: page.nextCursor,
  };
}

const agreementRow = (label: string, a: Agreement) =>
  h(
    'tr',
    null,
    h('th', { scope: 'row' }, label),
    h('td', { class: 'num' }, String(a.agree)),
    h('td', { class: 'num' }, String(a.falsePositives)),
    h('td', { class: 'num' }, String(a.falseNegatives)),
  );

function draw(result: PreviewPage): HTMLElement {
  return h(
    'div',
    { class: 'preview-result', 'data-testid': 'preview-result' },
    h(
      'p',
      null,
      h('strong', { 'data-testid': 'preview-changed' }, String(result.changed)),
      ` of ${result.scanned} stored comments would get another verdict`,
      Object.keys(result.changes).length > 0
        ? ` (${Object.entries(result.changes)
            .map(([kind, count]) => `${kind}: ${count}`)
            .join(', ')})`
        : '',
      '.',
    ),
    result.decided > 0
      ? h(
          'table',
          { class: 'signals' },
          h(
            'caption',
            null,
            `Against the ${result.decided} comment${result.decided === 1 ? '' : 's'} a moderator decided ` +
              '(false positives: held or rejected what they approved)',
          ),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, ''),
              h('th', { class: 'num' }, 'Agree'),
              h('th', { class: 'num' }, 'False positives'),
              h('th', { class: 'num' }, 'False negatives'),
            ),
          ),
          h(
            'tbody',
            null,
            agreementRow('Current policy', result.agreement.current),
            agreementRow('Draft', result.agreement.draft),
          ),
        )
      : h('p', { class: 'muted' }, 'No moderator decided any of these comments yet.'),
    h(
      'ul',
      { class: 'history preview-examples' },
      result.examples.map((example) =>
        h(
          'li',
          null,
          h('code', null, `${example.current.action} → ${example.draft.action}`),
          h('span', { class: 'excerpt' }, example.content),
          h(
            'span',
            { class: 'muted' },
            example.decided ? `moderator: ${example.decided} · ` : '',
            ago(example.receivedAt),
          ),
        ),
      ),
    ),
  );
}

/**
 * Back-testing the settings before saving them: re-scores the site's stored comments of the last days
 * with the draft the form holds, page by page, and shows what would change and how it agrees with
 * the moderators. Bad settings are reported at their fields by `report` (an error), and cleared
 * (null) once a preview goes through.
 */
export function createPolicyPreviewPanel(
  siteId: string,
  draft: () => Record<string, unknown>,
  report: (error: unknown) => void,
): HTMLElement {
  const days = h(
    'select',
    { 'aria-label': 'Days of comments to re-score' },
    [7, 30, 90].map((n) => h('option', { value: String(n) }, `last ${n} days`)),
  );
  const out = h('div', { 'aria-live': 'polite' });
  let total: PreviewPage | null = null;

  const run = async (cursor: string | null) => {
    try {
      const page = await api<PreviewPage>('POST', `/v1/sites/${siteId}/policy/preview`, {
        policy: draft(),
        days: Number(days.value),
        limit: 200,
        cursor: cursor ?? undefined,
      });
      report(null);
      total = cursor && total ? add(total, page) : page;
      const shown = total;
      replace(
        out,
        draw(shown),
        shown.nextCursor
          ? h(
              'button',
              { type: 'button', class: 'ghost', onclick: () => void run(shown.nextCursor) },
              'Scan more',
            )
          : null,
      );
    } catch (error) {
      report(error);
    }
  };

  return h(
    'div',
    { class: 'policy-preview card', 'data-testid': 'policy-preview' },
    h('h3', null, 'Before saving: what would these settings have done?'),
    h(
      'div',
      { class: 'row' },
      days,
      h(
        'button',
        { type: 'button', class: 'ghost', onclick: () => void run(null) },
        'Preview on stored comments',
      ),
    ),
    out,
  );
}
