import { type Config, config, configGeneration } from '../config';

type Graphs = Map<(...args: never[]) => unknown, unknown>;

/** The graphs of each container this process runs: one in a Lambda, one per handler on the local stage. */
const containers = new Map<string, Graphs>();
let generation = configGeneration();
let currentContainer: (() => string | undefined) | undefined;

/**
 * The local stage runs every handler in one process, each as its own Lambda would run (its own environment:
 * infra/local/resource-guard.ts): while one runs, `current` names it, and the graphs it builds are its own, built
 * from its own config, never another handler's.
 */
export function scopeContainers(current: (() => string | undefined) | undefined): void {
  currentContainer = current;
}

/**
 * The one caching style of the composition. A composition function hands itself and its builder to `built`:
 *
 *   export function conversationService(): ConversationService {
 *     return built(conversationService, (config) => new ConversationService({ ... }));
 *   }
 *
 * The graph is built on the first call, from the parsed config, and every later call in this container (a warm
 * Lambda keeps it) gets the same one. Composition functions are plain function declarations, never values built
 * at import, so a Lambda's bundle holds only the graphs it calls (see infra/resource-needs.ts). When the process
 * re-reads its environment (the local stage starting, a test changing a setting: resetConfig), the next call
 * builds a new graph, as a new container would.
 */
export function built<T>(composition: (...args: never[]) => T, build: (config: Config) => T): T {
  if (generation !== configGeneration()) {
    containers.clear();
    generation = configGeneration();
  }
  const name = currentContainer?.() ?? '';
  let graphs = containers.get(name);
  if (!graphs) {
    graphs = new Map();
    containers.set(name, graphs);
  }
  if (!graphs.has(composition)) graphs.set(composition, build(config()));
  return graphs.get(composition) as T;
}
