import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { type AslDefinition, readWorkflowDefinition, taskStates, workflowTasks } from '../workflow';
import type { LocalDeadLetter } from './adapters/local-queue-store';
import { loadHandler, REPO_ROOT } from './handlers';
import { lambdaContext } from './lambda-context';
import { localQueueRunner } from './local-queues';
import type { LocalPlugin, RunningPlugin } from './plugin';
import type { BatchProcessor, ItemFailure } from './queue-runner';

const QUEUE = 'incomingMessages';

export interface WorkflowPluginOptions {
  /** Executions running at once (the pipe's concurrency stand-in). Default 3. */
  concurrency?: number;
  /** Receives before a message goes to the dead-letter list, as the queue's redrive policy. Default 5. */
  maxReceiveCount?: number;
  /** Delay before a failed message is received again (SQS visibility timeout stand-in; SQS's own with SQS). */
  redeliveryDelayMs?: (receiveCount: number) => number;
  /** Overrides every Retry wait of the ASL (tests); the ASL's own backoff otherwise. */
  retryIntervalMs?: number;
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
 * to the dead-letter list with its cause. The queue is the table-backed local one (see TableQueue: stored before
 * the webhook answers, resumed after any stop or crash), or SQS itself in the AWS-emulated stage. On stop: no
 * new work, in-flight executions finish, everything else stays queued.
 */
export function workflowPlugin(options: WorkflowPluginOptions = {}): LocalPlugin {
  return {
    name: 'workflow',
    async start(context) {
      const concurrency = Math.max(1, Math.min(options.concurrency ?? 3, 4));
      const maxReceiveCount = options.maxReceiveCount ?? 5;
      const delay = options.redeliveryDelayMs ?? defaultDelay;
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

      let executions = 0;
      let failedExecutions = 0;

      /** One Express execution for a batch of SQS records, as the Pipe starts it; failures as it reports them. */
      const processBatch: BatchProcessor = async (records) => {
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
        executions += 1;
        try {
          // The Pipe hands the execution its input as JSON.
          const execution = machine.run(JSON.parse(JSON.stringify(records)), {
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
          const failures = new Map<string, ItemFailure>();
          for (const { itemIdentifier } of output?.batchItemFailures ?? []) {
            const item = reported.find((r) => r.messageId === itemIdentifier);
            failures.set(itemIdentifier, {
              error: item?.error ?? 'unknown',
              cause: item?.cause ?? 'reported as a batch item failure',
            });
          }
          return failures;
        } catch (error) {
          failedExecutions += 1;
          throw error;
        }
      };

      const runner = localQueueRunner(QUEUE, processBatch, {
        concurrency,
        maxReceiveCount,
        redeliveryDelayMs: delay,
        batchSize: 10,
      });

      const api: LocalWorkflow = {
        idle: () => runner.idle(),
        deadLetters: async (limit) => (runner.deadLetters ? runner.deadLetters(limit) : unsupported()),
        redrive: async () => (runner.redrive ? runner.redrive() : unsupported()),
        stats: () => ({ ...runner.stats(), executions, failedExecutions }),
      };
      holder.__flowiaWorkflow = api;
      // Local-only console endpoints (127.0.0.1): the dead-letter list with causes, and a redrive.
      // With SQS (AWS-emulated stage) the dead letters are in the SQS dead-letter queue, read with the SQS API.
      const reply = (response: import('node:http').ServerResponse, body: unknown) => {
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify(body));
      };
      if (runner.deadLetters)
        context.addRoute({
          method: 'GET',
          path: '/local/workflow/dead-letters',
          handle: async (_request, response) =>
            reply(response, { items: await api.deadLetters(), stats: api.stats() }),
        });
      if (runner.redrive)
        context.addRoute({
          method: 'POST',
          path: '/local/workflow/dead-letters/redrive',
          handle: async (_request, response) => reply(response, { redriven: await api.redrive() }),
        });

      await runner.start();

      const running_: RunningPlugin = {
        banner: `Workflow: message-processing ASL in-process, fed by ${runner.description}`,
        async stop() {
          await runner.stop();
          if (holder.__flowiaWorkflow === api) holder.__flowiaWorkflow = undefined;
        },
      };
      return running_;
    },
  };
}

const unsupported = (): never => {
  throw new Error(
    "With SQS the dead letters are in the queue's SQS dead-letter queue: read and redrive them with the SQS API",
  );
};
