import { type Config, config, configGeneration } from '../config';

const graphs = new Map<(...args: never[]) => unknown, unknown>();
let generation = configGeneration();

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
    graphs.clear();
    generation = configGeneration();
  }
  if (!graphs.has(composition)) graphs.set(composition, build(config()));
  return graphs.get(composition) as T;
}
