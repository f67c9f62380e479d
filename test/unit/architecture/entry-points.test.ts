import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeLambdaEntries } from '../../../infra/lambdas';
import { routes } from '../../../infra/routes';
import { ENTRY_POINT } from '../../../shared/entry/entry';
import { ROUTE_SPEC, type RouteSpec } from '../../../shared/http/handler';

const ROOT = join(__dirname, '../../..');
/** The LinkedIn browser worker's handler: a container image (infra/linkedin-image), not in the Node entries. */
const CONTAINER_ENTRIES = ['functions/queues/browser-linkedin.ts'];

const entries = [
  ...new Set([
    ...nodeLambdaEntries(),
    ...routes.filter((route) => route.localOnly).map((route) => route.handler),
    ...CONTAINER_ENTRIES,
  ]),
].sort();

describe('Architecture: entry points', () => {
  it.each(entries)('%s is built on the common middleware stack', async (entry) => {
    // Prepare / Act
    const module = (await import(join(ROOT, entry))) as { handler?: unknown };

    // Assess: built by http.*, lambdaEntry or workflowStep (shared/entry/entry.ts), never by hand
    expect(typeof module.handler).toBe('function');
    expect((module.handler as Record<symbol, unknown>)[ENTRY_POINT]).toBe(true);
  });

  it('leaves middy to the entry modules: no handler builds a chain of its own', () => {
    const builders = entries.filter((entry) =>
      readFileSync(join(ROOT, entry), 'utf8').includes('@middy/core'),
    );
    expect(builders).toEqual([]);
  });
});

describe('Architecture: route handlers and the manifest', () => {
  const byHandler = [...new Set(routes.map((route) => route.handler))].sort();

  it.each(byHandler)(
    '%s validates with the schemas and access its manifest entries declare',
    async (file) => {
      // Prepare
      const declared = routes.filter((route) => route.handler === file);
      const module = (await import(join(ROOT, file))) as { handler: Record<symbol, RouteSpec | undefined> };

      // Act
      const spec = module.handler[ROUTE_SPEC];

      // Assess: the same zod objects (not copies), and a jwt route is never public nor the reverse
      expect(spec).toBeDefined();
      // One function may serve several entries (Meta's webhook: GET with the hub.* query, POST without one).
      for (const part of ['body', 'query', 'params'] as const) {
        const schemas = [...new Set(declared.map((route) => route.request?.[part]).filter(Boolean))];
        expect(schemas.length, `${file} ${part}`).toBeLessThanOrEqual(1);
        expect(spec?.schemas[part], `${file} ${part}`).toBe(schemas[0]);
      }
      for (const route of declared) {
        // A streaming function URL has no authorizer (auth 'none') and verifies the Bearer in its own chain.
        expect(spec?.access === 'public', `${route.method} ${route.path} auth`).toBe(
          route.auth === 'none' && !route.streaming,
        );
        // Membership is checked for X-Workspace-Id routes and for /workspaces/{id}… (the workspace in the path).
        const member = route.workspaceScoped === true || route.path.startsWith('/workspaces/{id}');
        expect(
          spec?.access !== 'public' && spec?.access !== 'user',
          `${route.method} ${route.path} role`,
        ).toBe(member);
      }
    },
  );
});
