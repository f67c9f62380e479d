import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeLambdaEntries } from '../../../infra/lambdas';
import { routes } from '../../../infra/routes';
import { ENTRY_POINT } from '../../../shared/entry/entry';

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
