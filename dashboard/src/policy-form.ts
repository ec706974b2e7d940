import { api } from './api';
import { h, humanize } from './dom';
import { field, lines } from './forms';

/** The part of JSON Schema the policy uses. */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  propertyNames?: { enum?: string[] };
  items?: Schema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
}

/** Words for the settings that have them; any other setting is labelled from its name and schema. */
const HINTS: Record<string, string> = {
  sensitivity: 'a preset: sets both thresholds and the weights of the weak signals',
  reviewThreshold: 'a score at or above this holds the comment',
  rejectThreshold: 'a score at or above this rejects it',
  maxLinks: 'more links than this add to the score',
  trustedAfterApproved: 'approved comments that make an author trusted',
  minSubmitSeconds: 'quicker submissions look automated',
  blockedTerms: 'reject a comment outright',
  flaggedTerms: 'hold a comment for review',
  allowedTerms: 'never matched by terms or profanity',
  swearing: 'allowed: swear words no longer count (slurs and sexual terms still do)',
  blockedDomains: 'links to these reject a comment',
  allowedDomains: 'links to these never count',
  languages: 'language codes such as "en"; empty: any',
  holdFirst: "a new author's first comments wait for a person until one is approved; 0: none",
  mode: 'observe (trial mode): verdicts are stored, but the site is told approve',
  blockedEmailDomains: 'authors with an e-mail at these domains are rejected',
  blockedNetworks: 'comments from these IP networks (CIDR, e.g. 203.0.113.0/24) are rejected',
  retentionDays: 'after this many days comments lose their personal data; blank keeps them',
  reasons: 'code: text, one per line: what commenters are told, over the default texts',
};

let cached: Promise<{ schema: Schema }> | null = null;
/** The policy's schema (GET /v1/sites/policy-schema), read once per page. */
export const policySchema = () => (cached ??= api<{ schema: Schema }>('GET', '/v1/sites/policy-schema'));

/** Equal as JSON, key order aside (per-check settings come back in the schema's order). */
const sameValue = (a: unknown, b: unknown): boolean =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const sorted = (value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.entries(value)
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([k, v]) => [k, sorted(v)]),
      )
    : value;

const typeOf = (schema: Schema) => (Array.isArray(schema.type) ? schema.type[0] : schema.type);

/** One control for one setting, and how to read its value back. */
interface Control {
  element: HTMLElement;
  read(): unknown;
}

function scalar(schema: Schema, value: unknown, label: string): Control {
  const type = typeOf(schema);
  if (schema.enum) {
    const select = h(
      'select',
      null,
      schema.enum.map((option) =>
        h('option', { value: String(option), selected: option === value }, humanize(String(option))),
      ),
    );
    return { element: select, read: () => select.value };
  }
  if (type === 'boolean') {
    const box = h('input', { type: 'checkbox', checked: value === true, 'aria-label': label });
    return { element: box, read: () => box.checked };
  }
  if (type === 'number' || type === 'integer') {
    const input = h('input', {
      type: 'number',
      step: type === 'integer' ? 1 : 'any',
      min: schema.minimum,
      max: schema.maximum,
      value: value === undefined ? '' : String(value),
    });
    return { element: input, read: () => (input.value === '' ? undefined : Number(input.value)) };
  }
  const input = h('input', { type: 'text', value: value === undefined ? '' : String(value) });
  return { element: input, read: () => input.value || undefined };
}

function list(schema: Schema, value: unknown): Control {
  const options = schema.items?.enum;
  if (options) {
    const chosen = new Set(Array.isArray(value) ? value : []);
    const boxes = options.map((option) =>
      h('input', { type: 'checkbox', value: String(option), checked: chosen.has(option) }),
    );
    return {
      element: h(
        'div',
        { class: 'checks' },
        boxes.map((box, i) => h('label', { class: 'check' }, box, humanize(String(options[i])))),
      ),
      read: () => boxes.filter((box) => box.checked).map((box) => box.value),
    };
  }
  const area = h('textarea', { rows: 4, spellcheck: 'false' });
  area.value = (Array.isArray(value) ? value : []).join('\n');
  return { element: area, read: () => lines(area.value) };
}

/** Whether a setting is a record of texts by free-form key (the site's reason texts by code). */
const isTextMap = (schema: Schema) =>
  !schema.propertyNames?.enum &&
  !schema.properties &&
  typeof schema.additionalProperties === 'object' &&
  typeOf(schema.additionalProperties) === 'string';

/** A record of texts by key as `key: text` lines; a line without a colon is sent so the API names it. */
function textMap(value: unknown): Control {
  const area = h('textarea', { rows: 4, spellcheck: 'false' });
  area.value = Object.entries((value ?? {}) as Record<string, string>)
    .map(([key, text]) => `${key}: ${text}`)
    .join('\n');
  return {
    element: area,
    read: () =>
      Object.fromEntries(
        lines(area.value).map((line) => {
          const at = line.indexOf(':');
          return at < 0 ? [line, ''] : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
        }),
      ),
  };
}

/**
 * A record of named objects (per-check settings): a table with a row per name and a column per
 * setting of each, e.g. enabled and weight of every check.
 */
function table(key: string, schema: Schema, value: unknown): Control {
  const names = schema.propertyNames?.enum ?? Object.keys(schema.properties ?? {});
  const inner =
    (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined) ?? {};
  const columns = Object.entries(inner.properties ?? {});
  const current = (value ?? {}) as Record<string, Record<string, unknown>>;
  const cells = names.map((name) =>
    columns.map(([column, columnSchema]) => {
      const label = `${humanize(name)}: ${humanize(column)}`;
      const control = scalar(columnSchema, current[name]?.[column] ?? columnSchema.default, label);
      control.element.setAttribute('aria-label', label);
      control.element.setAttribute('name', `policy.${key}.${name}.${column}`);
      return control;
    }),
  );
  return {
    element: h(
      'table',
      { class: 'grid-table compact', 'data-path': `policy.${key}` },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, humanize(key)),
          columns.map(([column]) => h('th', null, humanize(column))),
        ),
      ),
      h(
        'tbody',
        null,
        names.map((name, row) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, humanize(name)),
            cells[row]!.map((cell) => h('td', null, cell.element)),
          ),
        ),
      ),
    ),
    read: () =>
      // Only what the form changed since it was drawn.
      Object.fromEntries(
        names.map((name, row) => [
          name,
          Object.fromEntries(columns.map(([column], i) => [column, cells[row]![i]!.read()])),
        ]),
      ),
  };
}

/**
 * The settings form of a policy, built from its JSON Schema: numbers, switches and choices first,
 * then per-name tables (the checks), then lists (one entry per line). A setting the policy gains
 * shows up here by itself. `read` gives what changed, to PATCH over the stored policy: a preset
 * chosen alone then sets what it sets, instead of being overruled by the values shown beside it.
 */
export function policyFields(
  schema: Schema,
  policy: Record<string, unknown>,
): { sections: HTMLElement[]; read(): Record<string, unknown> } {
  const scalars: HTMLElement[] = [];
  const tables: HTMLElement[] = [];
  const lists: HTMLElement[] = [];
  const readers: Array<[string, () => unknown]> = [];
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const label = humanize(key);
    const hint = HINTS[key] ?? property.description;
    const type = typeOf(property);
    if (type === 'object' && isTextMap(property)) {
      const control = textMap(policy[key]);
      lists.push(field(label, `policy.${key}`, control.element, hint));
      readers.push([key, control.read]);
    } else if (type === 'object') {
      const control = table(key, property, policy[key]);
      tables.push(
        h(
          'div',
          { class: 'field', 'data-path': `policy.${key}` },
          control.element,
          h('span', { class: 'field-error', role: 'alert' }),
        ),
      );
      readers.push([key, control.read]);
    } else if (type === 'array') {
      const control = list(property, policy[key]);
      lists.push(field(label, `policy.${key}`, control.element, hint));
      readers.push([key, control.read]);
    } else {
      const control = scalar(property, policy[key], label);
      scalars.push(field(label, `policy.${key}`, control.element, hint));
      readers.push([key, control.read]);
    }
  }
  const initial = new Map(readers.map(([key, read]) => [key, read()]));
  const section = (title: string, content: HTMLElement[], grid: string) =>
    content.length ? h('div', null, h('h3', null, title), h('div', { class: grid }, content)) : null;
  return {
    sections: [
      section('Thresholds and limits', scalars, 'form-grid five'),
      section('Checks', tables, 'form-grid one'),
      section('Terms, domains and languages (one per line)', lists, 'form-grid'),
    ].filter((one): one is HTMLDivElement => one !== null),
    read: () =>
      // Only what the form changed since it was drawn.
      Object.fromEntries(
        readers
          .map(([key, read]) => [key, read()] as const)
          .filter(([key, value]) => value !== undefined && !sameValue(value, initial.get(key))),
      ),
  };
}
