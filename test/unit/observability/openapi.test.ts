import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../infra/routes';
import {
  buildOpenApiDocument,
  type OpenApiOperation,
  operationIdOf,
  pathPlaceholders,
} from '../../../shared/http/openapi';
import * as z from '../../../shared/schemas/zod';

const document = buildOpenApiDocument(routes, { includeLocalOnly: true });
const operationOf = (method: string, path: string) =>
  document.paths[path]?.[method.toLowerCase()] as OpenApiOperation | undefined;

/** Every `$ref` string anywhere in a value. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  return found;
}

function resolvePointer(pointer: string): unknown {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
}

describe('Function: buildOpenApiDocument', () => {
  it('lists every manifest route under its path and method, with its summary and tag', () => {
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      const operation = operationOf(route.method, route.path);
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation?.summary).toBe(route.summary);
      expect(operation?.tags).toEqual([route.tag]);
    }
    const documented = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(documented).toBe(routes.length);
  });

  it("includes each route's request body, query and path schemas as JSON Schema of the client's input", () => {
    for (const route of routes) {
      const operation = operationOf(route.method, route.path) as OpenApiOperation;
      const label = `${route.method} ${route.path}`;
      const params = (operation.parameters ?? []) as Array<{ name?: string; in?: string; $ref?: string }>;
      if (route.request?.body) {
        const expected = z.toJSONSchema(route.request.body, {
          target: 'draft-2020-12',
          io: 'input',
          unrepresentable: 'any',
        });
        delete (expected as { $schema?: string }).$schema;
        expect(operation.requestBody, label).toMatchObject({
          required: true,
          content: { 'application/json': { schema: expected } },
        });
      } else expect(operation.requestBody, label).toBeUndefined();
      if (route.request?.query) {
        const expected = z.toJSONSchema(route.request.query, { io: 'input', unrepresentable: 'any' }) as {
          properties?: Record<string, unknown>;
        };
        const queryNames = params.filter((p) => p.in === 'query').map((p) => p.name);
        expect(queryNames, label).toEqual(Object.keys(expected.properties ?? {}));
      }
      const pathNames = params.filter((p) => p.in === 'path').map((p) => p.name);
      expect(pathNames, label).toEqual(pathPlaceholders(route.path));
    }
  });

  it('describes declared responses from their schemas (output side) and always offers the error envelope', () => {
    for (const route of routes) {
      const operation = operationOf(route.method, route.path) as OpenApiOperation;
      for (const [status, schema] of Object.entries(route.responses ?? {})) {
        const response = operation.responses[status] as { content?: Record<string, { schema: unknown }> };
        expect(response, `${route.method} ${route.path} ${status}`).toBeDefined();
        if (schema === null) expect(response.content).toBeUndefined();
        else if ('contentType' in schema)
          expect(Object.keys(response.content ?? {})).toEqual([schema.contentType]);
        else expect(response.content?.['application/json']?.schema).toBeDefined();
      }
      expect(operation.responses.default).toEqual({ $ref: '#/components/responses/Error' });
    }
    expect(document.components.schemas.Error).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: { error: { required: ['code', 'message'] } },
    });
  });

  it('secures jwt routes with bearerAuth and adds X-Workspace-Id to workspace-scoped routes', () => {
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const route of routes) {
      const operation = operationOf(route.method, route.path) as OpenApiOperation;
      expect(operation.security).toEqual(route.auth === 'jwt' ? [{ bearerAuth: [] }] : []);
      const header = (operation.parameters ?? []).some(
        (p) => (p as { $ref?: string }).$ref === '#/components/parameters/WorkspaceId',
      );
      expect(header, `${route.method} ${route.path}`).toBe(Boolean(route.workspaceScoped));
    }
  });

  it('is structurally valid: OpenAPI 3.1 header, unique operation ids, resolvable refs, valid 2020-12 schemas', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBeTruthy();
    const ids = Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((op) => op.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of refsIn(document)) expect(resolvePointer(ref), ref).toBeDefined();
    for (const [path, item] of Object.entries(document.paths)) {
      expect(path.startsWith('/')).toBe(true);
      for (const [method, operation] of Object.entries(item)) {
        expect(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']).toContain(method);
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      }
    }
    // Every schema in the document compiles as JSON Schema draft 2020-12 (OpenAPI 3.1's dialect).
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const schemas: unknown[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object')
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'schema') schemas.push(inner);
          else collect(inner);
        }
    };
    collect(document.paths);
    schemas.push(...Object.values(document.components.schemas));
    for (const schema of schemas)
      expect(ajv.validateSchema(schema as object), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('leaves local-only routes out unless asked, and marks function-URL routes', () => {
    const local = [
      {
        method: 'GET',
        path: '/console',
        summary: 'console',
        tag: 'dev',
        auth: 'none',
        exposure: 'api',
        localOnly: true,
      },
      {
        method: 'POST',
        path: '/hooks/{provider}',
        summary: 'hook',
        tag: 'hooks',
        auth: 'none',
        exposure: 'functionUrl',
      },
    ] as const;
    const aws = buildOpenApiDocument(local);
    expect(aws.paths['/console']).toBeUndefined();
    expect(aws.paths['/hooks/{provider}']?.post?.['x-exposure']).toBe('functionUrl');
    expect(
      buildOpenApiDocument(local, { includeLocalOnly: true }).paths['/console']?.get?.['x-local-only'],
    ).toBe(true);
  });

  it('hoists recursive schema definitions into components so references resolve from the document root', () => {
    const node: z.core.$ZodType = z.object({
      name: z.string(),
      get children() {
        return z.array(node);
      },
    });
    const doc = buildOpenApiDocument([
      {
        method: 'POST',
        path: '/tree',
        summary: 'tree',
        tag: 'x',
        auth: 'none',
        exposure: 'api',
        request: { body: node },
      },
    ]);
    const refs = refsIn(doc.paths).concat(refsIn(doc.components.schemas));
    expect(refs.some((ref) => ref.startsWith('#/$defs'))).toBe(false);
    for (const ref of refs.filter((r) => r.startsWith('#/components/schemas/')))
      expect(doc.components.schemas[ref.split('/').pop() as string], ref).toBeDefined();
  });
});

describe('Function: operationIdOf', () => {
  it('names operations after method and path', () => {
    expect(operationIdOf({ method: 'POST', path: '/workspaces/{id}/members' })).toBe(
      'postWorkspacesIdMembers',
    );
    expect(operationIdOf({ method: 'GET', path: '/openapi.json' })).toBe('getOpenapiJson');
  });
});
