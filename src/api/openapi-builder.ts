import { z } from 'zod';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as an object. */
export type JsonSchema = Record<string, unknown>;

export type Method = 'get' | 'post' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** A named schema (see `named`), or a JSON Schema. */
  schema?: JsonSchema;
  /** application/json unless said otherwise. */
  contentType?: string;
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

/** A reference to a named schema of components.schemas. */
export const ref = (id: string): JsonSchema => ({ $ref: `${COMPONENTS}${id}` });

/** Drops what zod adds for a standalone JSON Schema document, which a schema inside OpenAPI must not carry. */
function embedded(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * JSON Schemas of named zod schemas, for components.schemas. Request schemas are described as they
 * are sent (`io: 'input'`: a field with a default is optional), responses as they are produced.
 * A named schema used inside another becomes a $ref.
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
    Object.entries(converted.schemas).map(([id, schema]) => [id, embedded(schema as JsonSchema)]),
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
      ? { content: { [spec.contentType ?? 'application/json']: { schema: spec.schema } } }
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
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, spec]) => [status, response(spec)]),
      ),
    };
    (paths[openApiPath(op.path)] ??= {})[op.method] = operation;
  }
  return paths;
}
