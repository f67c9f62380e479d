import { AsyncLocalStorage } from 'node:async_hooks';
import { checkTableWrites } from '../../shared/adapters/dynamo/client';
import { configGeneration, scopeConfig } from '../../shared/config';
import type { InternalFunctionName } from '../../shared/services/functions/ports';
import type { QueueName } from '../../shared/services/queue/ports';
import { scopeContainers } from '../../shared/wiring/container';
import { handlerNeeds } from '../lambdas';
import { environmentNamesOf, RESOURCE_ENVIRONMENT_NAMES, type ResourceNeeds } from '../resource-needs';

/** A handler reached a resource its manifest entry does not declare: in AWS it would have no URL or no grant. */
export class UndeclaredResourceError extends Error {
  override name = 'UndeclaredResourceError';
}

interface Running {
  handler: string;
  needs: ResourceNeeds;
  /**
   * process.env without the resource names the handler does not declare, as it was when the process last read its
   * environment (resetConfig): what a Lambda's environment is, fixed for the life of its container.
   */
  env: Record<string, string | undefined>;
}

const running = new AsyncLocalStorage<Running>();
let declared: Map<string, ResourceNeeds> | undefined;

/**
 * Each declaration's environment, taken once per configGeneration: copying process.env at every invocation was 2 %
 * of the pipeline bench's CPU, and a new object each time made config() parse it again (config.ts caches a
 * parse per environment object).
 */
const environments = new WeakMap<
  ResourceNeeds,
  { generation: number; env: Record<string, string | undefined> }
>();

function environmentFor(needs: ResourceNeeds): Record<string, string | undefined> {
  const generation = configGeneration();
  const taken = environments.get(needs);
  if (taken?.generation === generation) return taken.env;
  const granted = environmentNamesOf(needs);
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(process.env))
    if (!RESOURCE_ENVIRONMENT_NAMES.has(name) || granted.has(name)) env[name] = value;
  environments.set(needs, { generation, env: Object.freeze(env) });
  return env;
}

/**
 * Runs one invocation of `handler` as its Lambda would run: config() sees only the environment its declaration
 * grants (infra/resource-needs.ts, RESOURCE_ENVIRONMENT), and a queue send or a table write it does not declare
 * throws an UndeclaredResourceError naming the handler and the resource. A handler with no declaration is refused
 * outright.
 */
export function runAsHandler<T>(handler: string, invoke: () => T, entryNeeds?: ResourceNeeds): T {
  declared ??= handlerNeeds();
  // A manifest handler runs with its Lambda's declaration (the union of its entries); an entry a test serves
  // besides the manifests, with its own.
  const needs = declared.get(handler) ?? entryNeeds;
  if (!needs)
    throw new UndeclaredResourceError(
      `${handler} is in no manifest (routes, workflow, schedules, queue consumers): it has no declared resources`,
    );
  return running.run({ handler, needs, env: environmentFor(needs) }, invoke);
}

/** The running handler's own environment, outside any handler process.env (the stage's own code). */
const scopedEnvironment = () => running.getStore()?.env;

export const resourceGuard = {
  queueSend(queue: QueueName): void {
    const current = running.getStore();
    if (current && !current.needs.sendsTo?.includes(queue))
      throw new UndeclaredResourceError(
        `${current.handler} sent to the ${queue} queue, which its manifest entry does not declare (needs.sendsTo)`,
      );
  },
  invoke(name: InternalFunctionName): void {
    const current = running.getStore();
    if (current && !current.needs.invokes?.includes(name))
      throw new UndeclaredResourceError(
        `${current.handler} invoked the internal function ${name}, which its manifest entry does not declare (needs.invokes)`,
      );
  },
  tableWrite(operation: string): void {
    const current = running.getStore();
    if (current && current.needs.table !== 'write' && current.needs.table !== 'readWrite')
      throw new UndeclaredResourceError(
        `${current.handler} wrote to the table (${operation}), which its manifest entry does not declare (needs.table)`,
      );
  },
};

/** Turns the checks on for every handler the stage runs, each with its own graphs (or off, when the stage stops). */
export function enforceDeclaredResources(on: boolean): void {
  scopeConfig(on ? scopedEnvironment : undefined);
  scopeContainers(on ? () => running.getStore()?.handler : undefined);
  checkTableWrites(on ? resourceGuard.tableWrite : undefined);
}
