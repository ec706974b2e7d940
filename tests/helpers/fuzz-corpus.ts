import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

import { createRandom } from '../../src/moderation/hashing';

/*
 * A seeded corpus of bad requests over the operations of an OpenAPI document: the seven kinds of
 * client mistakes of issue 9, each aimed at every route the document lists. The same seed gives
 * the same corpus, so a failure can be replayed (FUZZ_SEED).
 */

export const KINDS = ['percent', 'encoding', 'nul', 'surrogate', 'cursor', 'date', 'deep'] as const;
export type Kind = (typeof KINDS)[number];

/** One request of the corpus; `body` is sent as given (a string or bytes) with `headers`. */
export interface FuzzRequest {
  kind: Kind;
  operationId: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** What the corpus needs to reach past authentication and into the routes' real work. */
export interface FuzzContext {
  /** Values of path parameters by name, and by `path prefix|name` where a name means different things. */
  pathValues: Record<string, string>;
  /** Headers that authenticate a request to an operation with these security schemes. */
  credentials(schemes: string[]): Record<string, string>;
  /** Fields every form body carries (Akismet's api_key and blog). */
  formFields: Record<string, string>;
}

const NUL = 'x\u0000y';
const SURROGATE = 'x\ud800y';
/** Dates PostgreSQL cannot store: year 0000 and before, and after 9999. */
const BAD_DATES = ['0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '+275760-09-13T00:00:00Z'];
const DEEP = 5_000;
/** A cursor whose number is past bigint: base64url JSON of the positions the api issues. */
const BIG = '99999999999999999999999999';
const CURSORS = [
  { id: BIG },
  { seq: BIG, score: 1 },
  { seq: BIG },
  { id: `-${BIG}` },
  { at: BIG, id: BIG },
].map((position) => Buffer.from(JSON.stringify(position)).toString('base64url'));

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A plausible value of a schema, so that one bad field, not a missing one, is what a route meets. */
function sample(schema: Schema, resolve: (schema: Schema) => Schema, depth = 0): unknown {
  const s = resolve(schema);
  if (s.enum) return s.enum[0];
  const alternative = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (alternative) return sample(alternative, resolve, depth);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'email') return 'someone@example.com';
      if (s.format === 'uri') return 'https://example.com/a';
      if (s.format === 'date-time') return '2026-01-01T00:00:00Z';
      return 'fuzz';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      if (depth > 1) return {};
      return Object.fromEntries(
        (s.required ?? []).map((name) => [name, sample(s.properties?.[name] ?? {}, resolve, depth + 1)]),
      );
    default:
      return 'fuzz';
  }
}

/** Dotted paths of the string fields of a body schema (two levels deep), where a bad text can go. */
function stringFields(schema: Schema, resolve: (schema: Schema) => Schema, prefix = '', depth = 0): string[] {
  const s = resolve(schema);
  return Object.entries(s.properties ?? {}).flatMap(([name, property]) => {
    const p = resolve(property);
    const path = prefix ? `${prefix}.${name}` : name;
    const types = [p.type, ...(p.anyOf ?? []).map((a) => resolve(a).type)].flat();
    if (p.properties && depth < 1) return stringFields(p, resolve, path, depth + 1);
    return types.includes('string') ? [path] : [];
  });
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof at[part] !== 'object' || at[part] === null) at[part] = {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts[parts.length - 1]!] = value;
}

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** URL-encoding that writes a lone surrogate as the bytes a careless encoder would (CESU-8). */
const encodeLoosely = (text: string) =>
  encodeURIComponent(text.replace(LONE, '\u0001')).replaceAll('%01', '%ED%A0%80');

/** A form body (Akismet) from fields, URL-encoded, NUL and all. */
const formOf = (fields: Record<string, unknown>) =>
  Object.entries(fields)
    .map(([key, value]) => `${encodeLoosely(key)}=${encodeLoosely(String(value))}`)
    .join('&');

/**
 * The corpus: for every operation of the document and every kind, `perKind` requests (the field,
 * parameter and variant chosen by the seed). Kinds that do not apply to an operation (a cursor for
 * a route without one) aim at what it has instead, so each route meets all seven.
 */
export function buildCorpus(
  document: Document,
  context: FuzzContext,
  options: { seed: number; perKind: number },
): FuzzRequest[] {
  const random = createRandom(options.seed);
  const resolve = (schema: Schema): Schema =>
    schema.$ref ? resolve(document.components.schemas[schema.$ref.split('/').pop()!] ?? {}) : schema;
  const corpus: FuzzRequest[] = [];

  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const params = operation.parameters ?? [];
      const query = params.filter((p) => p.in === 'query');
      const pathParams = params.filter((p) => p.in === 'path');
      const [contentType, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
      const isForm = contentType === 'application/x-www-form-urlencoded';
      const bodySchema = media?.schema;
      const security = ((operation as { security?: Array<Record<string, unknown>> }).security ?? []).flatMap(
        (alternative) => Object.keys(alternative),
      );
      const headers = context.credentials(security);

      const valueOf = (name: string) =>
        context.pathValues[`${template.split('{')[0]}|${name}`] ?? context.pathValues[name] ?? 'fuzz';
      const pathWith = (bad?: { name: string; raw: string }) =>
        template.replace(/\{([^}]+)\}/g, (_m, name: string) =>
          bad?.name === name ? bad.raw : encodeURIComponent(valueOf(name)),
        );
      const baseBody = () => ({
        ...(isForm ? context.formFields : {}),
        ...((bodySchema ? sample(bodySchema, resolve) : {}) as Record<string, unknown>),
      });
      const fields = bodySchema ? stringFields(bodySchema, resolve) : [];
      const encodeBody = (body: Record<string, unknown>) => (isForm ? formOf(body) : JSON.stringify(body));
      const bodyHeaders: Record<string, string> = contentType ? { 'content-type': contentType } : {};
      const add = (kind: Kind, path: string, extra: Partial<FuzzRequest> = {}) =>
        corpus.push({
          kind,
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path,
          headers: { ...headers, ...(extra.body !== undefined ? bodyHeaders : {}), ...extra.headers },
          body: extra.body,
        });
      /** A bad text in a path parameter, a query parameter or a body field, whichever the route has. */
      const badText = (kind: Kind, text: string, encoded: string) => {
        const targets = [
          ...pathParams.map((p) => () => add(kind, pathWith({ name: p.name, raw: encoded }))),
          ...query.map((p) => () => add(kind, `${pathWith()}?${p.name}=${encoded}`)),
          ...fields.map((field) => () => {
            const body = baseBody();
            setPath(body, field, text);
            add(kind, pathWith(), { body: encodeBody(body) });
          }),
        ];
        if (targets.length === 0) add(kind, `${pathWith()}?q=${encoded}`);
        else pick(random, targets)();
      };

      for (let i = 0; i < options.perKind; i++) {
        // 1. Percent-encoding that does not decode, in a path parameter or the last segment.
        const badPercent = pick(random, ['%ZZ', '%FF', '%E0%A4%A', '%', '%C0%AF']);
        if (pathParams.length > 0)
          add('percent', pathWith({ name: pick(random, pathParams).name, raw: badPercent }));
        else add('percent', `${pathWith()}${badPercent}`);

        // 2. A corrupt compressed body (on any route: a GET's body is read too when it declares one).
        const json = Buffer.from(encodeBody(baseBody()));
        const encoding = pick(random, ['gzip', 'deflate', 'br'] as const);
        const packed = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync }[encoding](json);
        const corrupt = pick(random, [
          packed.subarray(0, Math.max(1, packed.length - 3)),
          Buffer.concat([packed.subarray(0, 4), Buffer.from('not compressed at all')]),
          Buffer.from('{"plain":"json, not compressed"}'),
        ]);
        add('encoding', pathWith(), {
          body: corrupt,
          headers: { 'content-type': contentType ?? 'application/json', 'content-encoding': encoding },
        });

        // 3 and 4. U+0000 and a lone surrogate, in a path id, a query filter or a text field.
        badText('nul', NUL, '%00');
        badText('surrogate', SURROGATE, pick(random, ['%ED%A0%80', '%EF%BF%BD%ED%B0%80']));

        // 5. A cursor (or numeric id) past bigint.
        const cursor = query.find((p) => p.name === 'cursor');
        const numeric = pathParams.find((p) => /Id$/.test(p.name) && p.name !== 'externalId');
        if (cursor) add('cursor', `${pathWith()}?cursor=${pick(random, CURSORS)}`);
        else if (numeric) add('cursor', pathWith({ name: numeric.name, raw: BIG }));
        else add('cursor', `${pathWith()}?cursor=${pick(random, CURSORS)}&limit=${BIG}`);

        // 6. A date PostgreSQL cannot hold, in a date-time query parameter or body field.
        const date = pick(random, BAD_DATES);
        const dateParams = query.filter((p) => p.schema.format === 'date-time');
        const dateFields = fields.filter((f) => /(At|since|until|from|to)$/.test(f));
        if (dateParams.length > 0)
          add('date', `${pathWith()}?${pick(random, dateParams).name}=${encodeURIComponent(date)}`);
        else if (dateFields.length > 0 || !isForm) {
          const body = baseBody();
          setPath(body, dateFields.length > 0 ? pick(random, dateFields) : 'createdAt', date);
          add('date', pathWith(), { body: encodeBody(body) });
        } else add('date', `${pathWith()}?since=${encodeURIComponent(date)}`);

        // 7. A value nested 5,000 arrays deep (written by hand: the text is the point).
        const deep = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
        const field = fields.length > 0 ? pick(random, [...fields, 'meta']) : 'meta';
        const body = baseBody();
        setPath(body, field, '@DEEP@');
        add('deep', pathWith(), {
          body: isForm ? formOf({ ...body, [field]: deep }) : JSON.stringify(body).replace('"@DEEP@"', deep),
          headers: { 'content-type': isForm ? contentType! : 'application/json' },
        });
      }
    }
  }
  return corpus;
}
