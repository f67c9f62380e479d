import { randomUUID } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import {
  type LocalDeadLetter,
  type LocalQueuedMessage,
  LocalQueueStore,
} from '../../shared/adapters/dynamo/local-queue-store';
import { attachConsumer, detachConsumer } from '../../shared/adapters/queue/in-process-queues';
import { recordLocalDeadLetter } from '../../shared/adapters/queue/local-dead-letters';
import { logger } from '../../shared/observability/logger';
import { type AslDefinition, readWorkflowDefinition, taskStates, workflowTasks } from '../workflow';
import { loadHandler, REPO_ROOT } from './handlers';
import { lambdaContext } from './lambda-context';
import type { LocalPlugin, RunningPlugin } from './plugin';

const QUEUE = 'incomingMessages';

export interface WorkflowPluginOptions {
  /** Executions running at once (the pipe's concurrency stand-in). Default 3. */
  concurrency?: number;
  /** Receives before a message goes to the dead-letter list, as the queue's redrive policy. Default 5. */
  maxReceiveCount?: number;
  /** Delay before a failed message is received again (SQS visibility timeout stand-in). */
  redeliveryDelayMs?: (receiveCount: number) => number;
  /** Overrides every Retry wait of the ASL (tests); the ASL's own backoff otherwise. */
  retryIntervalMs?: number;
}

interface Pending extends LocalQueuedMessage {
  availableAt: number;
}

interface FailedItem {
  messageId: string;
  failed: boolean;
  error?: string;
  cause?: string;
}

/** What the running plugin offers the developer console, the integrator and tests. */
export interface LocalWorkflow {
  /** Resolves once nothing is queued, waiting for redelivery, or running. */
  idle(): Promise<void>;
  deadLetters(limit?: number): Promise<LocalDeadLetter[]>;
  /** Puts every dead letter back on the queue with a fresh receive count. */
  redrive(): Promise<number>;
  stats(): { queued: number; running: number; executions: number; failedExecutions: number };
}

const holder = globalThis as { __flowiaWorkflow?: LocalWorkflow };

/** The running local workflow, if the plugin started. */
export function localWorkflow(): LocalWorkflow {
  if (!holder.__flowiaWorkflow) throw new Error('The local workflow plugin is not running');
  return holder.__flowiaWorkflow;
}

const defaultDelay = (receiveCount: number) => Math.min(30_000, 500 * 2 ** (receiveCount - 1));

/**
 * The incomingMessages queue and the message-processing workflow, in-process: the same ASL as in AWS run by
 * aws-local-stepfunctions, each Task placeholder mapped to the same handler module the CDK stack deploys.
 * Like the pipe with SQS: a batch of SQS-shaped records per execution, only the items reported in
 * batchItemFailures are redelivered (after a growing delay), and after maxReceiveCount receives a message goes
 * to a dead-letter list kept in the table, with its cause. On stop: no new work, in-flight executions finish,
 * and whatever still waits is parked in the table and resumed on the next start.
 */
export function workflowPlugin(options: WorkflowPluginOptions = {}): LocalPlugin {
  return {
    name: 'workflow',
    async start(context) {
      const concurrency = Math.max(1, Math.min(options.concurrency ?? 3, 4));
      const maxReceiveCount = options.maxReceiveCount ?? 5;
      const delay = options.redeliveryDelayMs ?? defaultDelay;
      const store = new LocalQueueStore();
      const raw = readWorkflowDefinition(REPO_ROOT);
      const parsed = JSON.parse(raw) as AslDefinition;
      const tasks = taskStates(parsed);
      const handlerOf = new Map(workflowTasks.map((task) => [task.placeholder, task]));
      for (const [, placeholder] of tasks)
        if (!handlerOf.has(placeholder))
          throw new Error(`No handler for the workflow placeholder ${placeholder}`);
      // Placeholders become Lambda-shaped ARNs so the definition validates exactly as AWS would see it.
      const substituted = raw.replace(
        /\$\{(\w+)\}/g,
        (_, name: string) => `arn:aws:lambda:eu-west-3:000000000000:function:flowia-local-${name}`,
      );
      const { QueryLanguage: _jsonPathIsTheDefault, ...definition } = JSON.parse(substituted) as Record<
        string,
        unknown
      >;
      const machine = new StateMachine(definition as unknown as StateMachineDefinition);

      const queue: Pending[] = [];
      let running = 0;
      let executions = 0;
      let failedExecutions = 0;
      let accepting = true;
      let timer: NodeJS.Timeout | undefined;
      const inFlight = new Set<Promise<void>>();
      let idleWaiters: Array<() => void> = [];

      const enqueue = (messages: LocalQueuedMessage[], delayMs = 0) => {
        const availableAt = Date.now() + delayMs;
        for (const message of messages) queue.push({ ...message, availableAt });
        pump();
      };

      const notifyIdle = () => {
        if (queue.length > 0 || running > 0) return;
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const resolve of waiters) resolve();
      };

      function pump(): void {
        if (timer) clearTimeout(timer);
        timer = undefined;
        const now = Date.now();
        while (accepting && running < concurrency) {
          const index = queue.findIndex((m) => m.availableAt <= now);
          if (index < 0) break;
          const [message] = queue.splice(index, 1);
          running += 1;
          const work = execute(message!).finally(() => {
            running -= 1;
            inFlight.delete(work);
            pump();
          });
          inFlight.add(work);
        }
        if (accepting && queue.length > 0 && running < concurrency) {
          const next = Math.min(...queue.map((m) => m.availableAt));
          timer = setTimeout(pump, Math.max(0, next - Date.now()));
        }
        notifyIdle();
      }

      async function execute(message: Pending): Promise<void> {
        const receiveCount = message.receiveCount + 1;
        let reported: FailedItem[] = [];
        const handlers = Object.fromEntries(
          tasks.map(([stateName, placeholder]) => {
            const task = handlerOf.get(placeholder)!;
            return [
              stateName,
              async (input: unknown) => {
                if (placeholder === 'ReportBatchFunctionArn') reported = input as FailedItem[];
                const handler = await loadHandler<(event: unknown, context: unknown) => Promise<unknown>>(
                  task.handler,
                );
                // A Lambda's result crosses JSON: undefined fields vanish, dates become strings.
                const result = await handler(
                  input,
                  lambdaContext(`flowia-local-${stateName}`, task.timeoutSeconds),
                );
                return result === undefined ? null : JSON.parse(JSON.stringify(result));
              },
            ];
          }),
        );
        const record = {
          messageId: message.messageId,
          receiptHandle: randomUUID(),
          body: message.body,
          attributes: {
            ApproximateReceiveCount: String(receiveCount),
            SentTimestamp: String(Date.parse(message.enqueuedAt)),
          },
          messageAttributes: {},
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:eu-west-3:000000000000:${QUEUE}`,
          awsRegion: 'eu-west-3',
        };
        executions += 1;
        let failure: { error: string; cause: string } | undefined;
        try {
          const execution = machine.run([record], {
            overrides: {
              taskResourceLocalHandlers: handlers,
              ...(options.retryIntervalMs !== undefined
                ? {
                    retryIntervalOverrides: Object.fromEntries(
                      tasks.map(([name]) => [name, options.retryIntervalMs!]),
                    ),
                  }
                : {}),
            },
          });
          const output = (await execution.result) as {
            batchItemFailures?: Array<{ itemIdentifier: string }>;
          };
          if (output?.batchItemFailures?.some((f) => f.itemIdentifier === message.messageId)) {
            const item = reported.find((r) => r.messageId === message.messageId);
            failure = {
              error: item?.error ?? 'unknown',
              cause: item?.cause ?? 'reported as a batch item failure',
            };
          }
        } catch (error) {
          failedExecutions += 1;
          const cause = (error as Error & { cause?: Error }).cause;
          failure = {
            error: cause?.name ?? (error as Error).name,
            cause: cause?.message ?? (error as Error).message,
          };
        }
        if (!failure) return;
        logger.warn('local workflow: message failed', {
          messageId: message.messageId,
          receiveCount,
          ...failure,
        });
        const next = {
          messageId: message.messageId,
          body: message.body,
          receiveCount,
          enqueuedAt: message.enqueuedAt,
        };
        if (receiveCount >= maxReceiveCount) {
          const failedAt = new Date().toISOString();
          await store.deadLetter({ ...next, queue: QUEUE, failedAt, ...failure });
          // /health and /admin/status read the process's dead-letter port (the table keeps the redrivable copy).
          recordLocalDeadLetter({
            queue: QUEUE,
            messageId: message.messageId,
            correlationId: correlationIdOfBody(message.body),
            error: `${failure.error}: ${failure.cause}`,
            failedAt,
          });
          return;
        }
        enqueue([next], delay(receiveCount));
      }

      const api: LocalWorkflow = {
        idle: () =>
          new Promise<void>((resolve) => {
            idleWaiters.push(resolve);
            notifyIdle();
          }),
        deadLetters: (limit) => store.deadLetters(QUEUE, limit),
        async redrive() {
          const letters = await store.deadLetters(QUEUE, 1000);
          for (const letter of letters) await store.removeDeadLetter(letter);
          enqueue(
            letters.map(({ messageId, body, enqueuedAt }) => ({
              messageId,
              body,
              enqueuedAt,
              receiveCount: 0,
            })),
          );
          return letters.length;
        },
        stats: () => ({ queued: queue.length, running, executions, failedExecutions }),
      };
      holder.__flowiaWorkflow = api;
      // Local-only console endpoints (127.0.0.1): the dead-letter list with causes, and a redrive.
      const reply = (response: import('node:http').ServerResponse, body: unknown) => {
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify(body));
      };
      context.addRoute({
        method: 'GET',
        path: '/local/workflow/dead-letters',
        handle: async (_request, response) =>
          reply(response, { items: await api.deadLetters(), stats: api.stats() }),
      });
      context.addRoute({
        method: 'POST',
        path: '/local/workflow/dead-letters/redrive',
        handle: async (_request, response) => reply(response, { redriven: await api.redrive() }),
      });

      await attachConsumer(QUEUE, async (messages) => {
        const enqueuedAt = new Date().toISOString();
        // SQS would serialise the body; so does the local queue, so the workflow parses exactly what AWS gives it.
        enqueue(
          messages.map((m) => ({
            messageId: randomUUID(),
            body: JSON.stringify(m.body),
            receiveCount: 0,
            enqueuedAt,
          })),
        );
      });
      enqueue(await store.unpark(QUEUE));

      const running_: RunningPlugin = {
        banner: `Workflow: message-processing ASL in-process (concurrency ${concurrency}, dead letters after ${maxReceiveCount} receives)`,
        async stop() {
          detachConsumer(QUEUE);
          accepting = false;
          if (timer) clearTimeout(timer);
          await Promise.allSettled([...inFlight]);
          const waiting = queue.splice(0).map(({ availableAt: _, ...message }) => message);
          if (waiting.length > 0) await store.park(QUEUE, waiting);
          if (holder.__flowiaWorkflow === api) holder.__flowiaWorkflow = undefined;
          for (const resolve of idleWaiters.splice(0)) resolve();
        },
      };
      return running_;
    },
  };
}

function correlationIdOfBody(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { correlationId?: unknown };
    return typeof parsed.correlationId === 'string' ? parsed.correlationId : null;
  } catch {
    return null;
  }
}
