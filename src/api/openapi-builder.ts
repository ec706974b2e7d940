import { z } from 'zod';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as an object. */
export type JsonSchema = Record<string, unknown>;

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** A named schema (see `named`), or a JSON Schema. */
  schema?: JsonSchema;
  /** application/json unless said otherwise; several when the answer may be any of them. */
  contentType?: string | readonly string[];
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

/** One route as the document describes it; paths are written as Express writes them (`:id`). */
export interface OperationSpec {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Alternatives, each a set of schemes that must all hold; [] for an open route. */
  security: Array<Record<string, string[]>>;
  /** The zod schema that validates the query string. */
  query?: z.ZodType;
  headers?: Array<{ name: string; description: string; schema: JsonSchema; example?: string }>;
  body?: { schema: JsonSchema; contentType?: string; required?: boolean };
  responses: Record<string, ResponseSpec>;
}

const COMPONENTS = '#/components/schemas/';

/** The `default` response of every operation: whatever else goes wrong is a problem document. */
const ANY_OTHER_PROBLEM: ResponseSpec = {
  description: 'Any other error, as a problem document (see the `code`).',
  schema: { $ref: `${COMPONENTS}Problem` },
  contentType: 'application/problem+json',
};

/** A reference to a named schema of components.schemas. */
export const ref = (id: string): JsonSchema => ({ $ref: `${COMPONENTS}${id}` });

/** Drops what zod adds for a standalone JSON Schema document, which a schema inside OpenAPI must not carry. */
function embedded(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * Drops `default` from a request schema's properties, saying it in the description instead. A field
 * with a default is optional to the sender, but generators such as openapi-typescript make every
 * property with a `default` required in a components schema (they read it as always present).
 */
function withoutDefaults(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDefaults);
  if (!schema || typeof schema !== 'object') return schema;
  const { default: fallback, ...rest } = schema as JsonSchema;
  const walked = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, withoutDefaults(value)]),
  );
  if (fallback === undefined) return walked;
  const said = `Default: ${JSON.stringify(fallback)}.`;
  return {
    ...walked,
    description: typeof rest.description === 'string' ? `${rest.description} ${said}` : said,
  };
}

/**
 * JSON Schemas of named zod schemas, for components.schemas. Request schemas are described as they
 * are sent (`io: 'input'`: a field with a default is optional, and its default is said in words),
 * responses as they are produced. A named schema used inside another becomes a $ref.
 */
export function named(
  io: 'input' | 'output',
  schemas: Record<string, z.ZodType>,
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const converted = z.toJSONSchema(registry, {
    io,
    uri: (id) => `${COMPONENTS}${id}`,
    unrepresentable: 'any',
  });
  return Object.fromEntries(
    Object.entries(converted.schemas).map(([id, schema]) => {
      const plain = embedded(schema as JsonSchema);
      return [id, io === 'input' ? (withoutDefaults(plain) as JsonSchema) : plain];
    }),
  );
}

/** The query parameters of a zod object schema, one per property. */
function queryParameters(query: z.ZodType): JsonSchema[] {
  const schema = z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

/** `/v1/sites/:id` as OpenAPI writes it: `/v1/sites/{id}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Path parameters that hold our ids; the rest (a site's comment id, a file name) are plain strings. */
const UUID_PARAMS = new Set(['id', 'deliveryId']);

function pathParameters(expressPath: string): JsonSchema[] {
  return [...expressPath.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: UUID_PARAMS.has(match[1]!)
      ? { type: 'string', format: 'uuid' }
      : { type: 'string', minLength: 1 },
  }));
}

function response(spec: ResponseSpec): JsonSchema {
  return {
    description: spec.description,
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(spec.schema
      ? {
          content: Object.fromEntries(
            [spec.contentType ?? 'application/json'].flat().map((type) => [type, { schema: spec.schema }]),
          ),
        }
      : {}),
  };
}

/** The `paths` object of the operations, grouped by path in the order given. */
export function buildPaths(operations: readonly OperationSpec[]): Record<string, Record<string, JsonSchema>> {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    const parameters = [
      ...pathParameters(op.path),
      ...(op.query ? queryParameters(op.query) : []),
      ...(op.headers ?? []).map(({ name, description, schema, example }) => ({
        name,
        in: 'header',
        description,
        schema,
        ...(example ? { example } : {}),
      })),
    ];
    const operation: JsonSchema = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      security: op.security,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: op.body.required ?? true,
              content: { [op.body.contentType ?? 'application/json']: { schema: op.body.schema } },
            },
          }
        : {}),
      // Every route may also answer a problem the table does not list (413, 415, 500, 503, …).
      responses: Object.fromEntries(
        Object.entries({ ...op.responses, default: op.responses.default ?? ANY_OTHER_PROBLEM }).map(
          ([status, spec]) => [status, response(spec)],
        ),
      ),
    };
    (paths[openApiPath(op.path)] ??= {})[op.method] = operation;
  }
  return paths;
}
