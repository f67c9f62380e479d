import * as z from '../schemas/zod';

/**
 * The OpenAPI 3.1 document, generated from the route manifest and the very zod schemas the handlers validate
 * with (zod 4's own z.toJSONSchema, draft 2020-12, which is OpenAPI 3.1's schema dialect): requests are described
 * as the client may send them (io 'input': defaults optional, coercions accepted), responses as the server
 * produces them (io 'output'). Pure: the manifest comes in as an argument, so shared/ never imports infra/.
 */

/** What the generator reads from a route; infra/routes' RouteDefinition satisfies it. */
export interface OpenApiRoute {
  method: string;
  path: string;
  summary: string;
  tag: string;
  auth: 'none' | 'jwt';
  exposure: 'api' | 'functionUrl';
  workspaceScoped?: boolean;
  localOnly?: boolean;
  request?: { body?: z.core.$ZodType; query?: z.core.$ZodType; params?: z.core.$ZodType };
  responses?: Record<number, z.core.$ZodType | { contentType: string } | null>;
}

export interface OpenApiOptions {
  title?: string;
  version?: string;
  description?: string;
  /** Server URL; '/' (same origin) by default, which is what the docs page uses. */
  serverUrl?: string;
  /** Routes served only by the local stage are listed only when asked (the local stage asks). */
  includeLocalOnly?: boolean;
}

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: '3.1.0';
  jsonSchemaDialect: string;
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
    parameters: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
};
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  security: Array<Record<string, string[]>>;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  'x-exposure'?: 'functionUrl';
  'x-local-only'?: true;
}

/** The contract's error envelope (CONTRACT.md "HTTP conventions"): one shared component. */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z
      .string()
      .check(z.describe('snake_case code, e.g. validation_failed, unauthorized, provider_error')),
    message: z.string().check(z.describe('A human sentence; never a stack trace or a secret')),
    details: z
      .optional(z.array(z.object({ path: z.string(), message: z.string() })))
      .check(z.describe('Validation failures only')),
  }),
});

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
  302: 'Redirect',
};

export function buildOpenApiDocument(
  routes: readonly OpenApiRoute[],
  options: OpenApiOptions = {},
): OpenApiDocument {
  const schemas = new SchemaCollector();
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  const operationIds = new Set<string>();
  for (const route of routes) {
    if (route.localOnly && !options.includeLocalOnly) continue;
    tags.add(route.tag);
    const operation = buildOperation(route, schemas, uniqueId(operationIdOf(route), operationIds));
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: options.title ?? 'Flow IA API',
      version: options.version ?? '0.1.0',
      description:
        options.description ??
        'Social-media interactions turned into qualified leads. JSON in and out; every response carries ' +
          'x-request-id, and the same id follows the work through queues and the workflow in the logs. ' +
          'Operations marked x-exposure: functionUrl (webhooks) are served on their own Lambda function URL in AWS.',
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: toSchema(errorEnvelopeSchema, 'output', schemas), ...schemas.hoisted },
      responses: {
        BadRequest: errorResponse('validation_failed, invalid_json or a missing X-Workspace-Id'),
        Unauthorized: errorResponse('unauthorized: missing, invalid or expired access token'),
        Forbidden: errorResponse('forbidden: not a member of the workspace, or the role is too low'),
        Error: errorResponse('Any other error, in the same envelope'),
      },
      parameters: {
        WorkspaceId: {
          name: 'X-Workspace-Id',
          in: 'header',
          required: true,
          description: 'The workspace this request acts on; the caller must be a member.',
          schema: { type: 'string' },
        },
      },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The accessToken from /auth/signup, /auth/login or /auth/refresh.',
        },
      },
    },
  };
}

function buildOperation(
  route: OpenApiRoute,
  schemas: SchemaCollector,
  operationId: string,
): OpenApiOperation {
  const parameters: unknown[] = [];
  const paramsSchema = route.request?.params ? toSchema(route.request.params, 'input', schemas) : undefined;
  for (const name of pathPlaceholders(route.path)) {
    parameters.push({
      name,
      in: 'path',
      required: true,
      schema: propertyOf(paramsSchema, name) ?? { type: 'string' },
    });
  }
  if (route.request?.query) {
    const query = toSchema(route.request.query, 'input', schemas);
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties as Record<string, JsonSchema>) ?? {})) {
      parameters.push({
        name,
        in: 'query',
        required: required.has(name),
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
        schema,
      });
    }
  }
  if (route.workspaceScoped) parameters.push({ $ref: '#/components/parameters/WorkspaceId' });

  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.responses ?? {})) {
    const description = STATUS_TEXT[Number(status)] ?? `Status ${status}`;
    if (schema === null) responses[status] = { description };
    else if (isContentType(schema))
      responses[status] = {
        description,
        content: { [schema.contentType]: { schema: { type: 'string' } } },
      };
    else
      responses[status] = {
        description,
        content: { 'application/json': { schema: toSchema(schema, 'output', schemas) } },
      };
  }
  if (Object.keys(responses).length === 0) responses['200'] = { description: 'OK' };
  const hasInput = Boolean(route.request?.body || route.request?.query || route.request?.params);
  if (hasInput || route.workspaceScoped) responses['400'] ??= { $ref: '#/components/responses/BadRequest' };
  if (route.auth === 'jwt') {
    responses['401'] ??= { $ref: '#/components/responses/Unauthorized' };
    responses['403'] ??= { $ref: '#/components/responses/Forbidden' };
  }
  responses.default = { $ref: '#/components/responses/Error' };

  return {
    operationId,
    summary: route.summary,
    tags: [route.tag],
    security: route.auth === 'jwt' ? [{ bearerAuth: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.request?.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toSchema(route.request.body, 'input', schemas) } },
          },
        }
      : {}),
    responses,
    ...(route.exposure === 'functionUrl' ? { 'x-exposure': 'functionUrl' as const } : {}),
    ...(route.localOnly ? { 'x-local-only': true as const } : {}),
  };
}

/** `{id}` and `{proxy+}` placeholders of an API Gateway path, in order. */
export function pathPlaceholders(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1] as string);
}

/** POST /workspaces/{id}/members → postWorkspacesIdMembers. */
export function operationIdOf(route: Pick<OpenApiRoute, 'method' | 'path'>): string {
  const words = route.path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return route.method.toLowerCase() + words.join('');
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

function isContentType(value: unknown): value is { contentType: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { contentType?: unknown }).contentType === 'string'
  );
}

function propertyOf(schema: JsonSchema | undefined, name: string): JsonSchema | undefined {
  return (schema?.properties as Record<string, JsonSchema> | undefined)?.[name];
}

/**
 * Converts one zod schema. Definitions zod puts in `$defs` (recursive or registered schemas) are hoisted into
 * components.schemas, because a `#/$defs/…` reference inside the OpenAPI document would resolve against the
 * document's root, not the schema's.
 */
function toSchema(schema: z.core.$ZodType, io: 'input' | 'output', schemas: SchemaCollector): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  delete converted.$schema;
  const defs = converted.$defs as Record<string, JsonSchema> | undefined;
  delete converted.$defs;
  if (!defs) return converted;
  const renamed = new Map<string, string>();
  for (const name of Object.keys(defs)) renamed.set(name, schemas.reserve(name));
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const target = key === '$ref' && typeof inner === 'string' ? inner.match(/^#\/\$defs\/(.+)$/) : null;
      out[key] = target?.[1] ? `#/components/schemas/${renamed.get(target[1]) ?? target[1]}` : rewrite(inner);
    }
    return out;
  };
  for (const [name, def] of Object.entries(defs))
    schemas.hoisted[renamed.get(name) as string] = rewrite(def) as JsonSchema;
  return rewrite(converted) as JsonSchema;
}

class SchemaCollector {
  readonly hoisted: Record<string, JsonSchema> = {};
  private readonly names = new Set<string>(['Error']);

  reserve(name: string): string {
    const base = name.replace(/[^A-Za-z0-9._-]/g, '_') || 'Schema';
    let unique = base;
    for (let n = 2; this.names.has(unique); n++) unique = `${base}_${n}`;
    this.names.add(unique);
    return unique;
  }
}
