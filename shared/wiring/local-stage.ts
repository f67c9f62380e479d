import type { ProviderName } from '../domain/messages/platforms';
import type { EmailSender } from '../services/email/ports';
import type { FunctionInvoker, InternalFunctionName } from '../services/functions/ports';
import type { QueueStatsSource, WorkflowFailureSource } from '../services/operations/ports';
import type { QueueName, QueuePublisher } from '../services/queue/ports';
import type { SocialProvider } from '../services/social/ports';
import type { KeyProvider } from '../services/vault/envelope';

/**
 * What the local stage (infra/local/stage.ts) plugs in where AWS has a managed service: its in-process queues and
 * their counters, its mailbox, its KMS stand-in. The stage installs them before any handler runs; a Lambda never
 * does, so no Lambda bundle holds any of them (they live in infra/local/adapters/).
 */
export interface LocalStageAdapters {
  /** Used when FLOWIA_LOCAL_TRANSPORT=1 (the stage's own queues rather than SQS). */
  queuePublisher?: QueuePublisher;
  queueStats?: QueueStatsSource;
  workflowFailures?: WorkflowFailureSource;
  /** The email provider on STAGE=local without EMAIL_FROM. */
  mailbox?: EmailSender;
  /** The token vault's key provider without KMS_KEY_ID. */
  keyProvider?: KeyProvider;
  /** Runs an internal function's handler in process, as its own Lambda (infra/local/adapters). */
  functionInvoker?: FunctionInvoker;
  /** Refuses a queue send or a call the running handler did not declare (infra/local/resource-guard.ts). */
  resourceGuard?: { queueSend(queue: QueueName): void; invoke(name: InternalFunctionName): void };
  /** Providers the stage's starter hands in instead of the real adapters (a test's recording provider). */
  providers?: Partial<Record<ProviderName, SocialProvider>>;
}

let installed: LocalStageAdapters = {};

/** Installs the stage's stand-ins (after it set its environment, so the graphs built next use them). */
export function installLocalStageAdapters(adapters: LocalStageAdapters): void {
  installed = adapters;
}

export function localStageAdapter<K extends keyof LocalStageAdapters>(name: K): LocalStageAdapters[K] {
  return installed[name];
}

/** The local stage's adapter, or an error naming what the configuration asked for and nobody installed. */
export function requireLocalStageAdapter<K extends keyof LocalStageAdapters>(
  name: K,
  why: string,
): NonNullable<LocalStageAdapters[K]> {
  const adapter = installed[name];
  if (!adapter)
    throw new Error(`${why}, but the local stage installed no ${name} (infra/local/stage.ts does)`);
  return adapter;
}
