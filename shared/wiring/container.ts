import { type Config, config } from '../config';

const graphs = new Map<() => unknown, unknown>();

/**
 * The one caching style of the composition. A composition function hands itself and its builder to `built`:
 *
 *   export function inboxService(): ConversationService {
 *     return built(inboxService, (config) => new ConversationService({ ... }));
 *   }
 *
 * The graph is built on the first call, from the parsed config, and every later call in this container (a warm
 * Lambda keeps it) gets the same one. Composition functions are plain function declarations, never values built
 * at import, so a Lambda's bundle holds only the graphs it calls (see infra/resource-needs.ts).
 */
export function built<T>(composition: () => T, build: (config: Config) => T): T {
  if (!graphs.has(composition)) graphs.set(composition, build(config()));
  return graphs.get(composition) as T;
}

/**
 * A new container in this process: the local stage (re)starts with its own table, stand-ins and providers, so the
 * graphs a previous stage built are dropped. A Lambda runs one container per process and never calls it.
 */
export function newContainer(): void {
  graphs.clear();
}
