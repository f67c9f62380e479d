import { PIPE_BATCH_SIZE } from '../queues';
import type { LocalDeadLetter } from './adapters/local-queue-store';
import { localQueueRunner } from './local-queues';
import type { LocalPlugin } from './plugin';
import { deadLetterRoutes } from './workflow/dead-letter-routes';
import { ExpressWorkflow } from './workflow/express-workflow';

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

/** What the running plugin offers the developer console, the integrator and tests. */
export interface LocalWorkflow {
  /** Resolves once nothing is queued, waiting for redelivery, or running. */
  idle(): Promise<void>;
  deadLetters(limit?: number): Promise<LocalDeadLetter[]>;
  /** Puts every dead letter back on the queue with a fresh receive count. */
  redrive(): Promise<number>;
  stats(): { queued: number; running: number; executions: number; failedExecutions: number };
}

/** The workflow of the stage running in this process (one at a time), set while the plugin runs. */
let running: LocalWorkflow | undefined;

/** The running local workflow, if the plugin started. */
export function localWorkflow(): LocalWorkflow {
  if (!running) throw new Error('The local workflow plugin is not running');
  return running;
}

const defaultDelay = (receiveCount: number) => Math.min(30_000, 500 * 2 ** (receiveCount - 1));

/**
 * The incomingMessages queue feeding the message-processing workflow, as the Pipe feeds Step Functions: a batch of
 * SQS-shaped records per Express execution (ExpressWorkflow), only the items reported in batchItemFailures
 * redelivered (after a growing delay), and after maxReceiveCount receives a message goes to the dead-letter list
 * with its cause. The queue is the table-backed local one (see TableQueue: stored before the webhook answers,
 * resumed after any stop or crash), or SQS itself in the AWS-emulated stage. On stop: no new work, in-flight
 * executions finish, everything else stays queued.
 */
export function workflowPlugin(options: WorkflowPluginOptions = {}): LocalPlugin {
  return {
    name: 'workflow',
    async start(context) {
      const workflow = new ExpressWorkflow({ retryIntervalMs: options.retryIntervalMs });
      const runner = localQueueRunner(QUEUE, (records) => workflow.run(records), {
        concurrency: Math.max(1, Math.min(options.concurrency ?? 3, 4)),
        maxReceiveCount: options.maxReceiveCount ?? 5,
        redeliveryDelayMs: options.redeliveryDelayMs ?? defaultDelay,
        batchSize: PIPE_BATCH_SIZE,
      });
      const api: LocalWorkflow = {
        idle: () => runner.idle(),
        deadLetters: async (limit) => (runner.deadLetters ? runner.deadLetters(limit) : unsupported()),
        redrive: async () => (runner.redrive ? runner.redrive() : unsupported()),
        stats: () => ({ ...runner.stats(), ...workflow.stats() }),
      };
      if (runner.deadLetters && runner.redrive)
        for (const route of deadLetterRoutes(api)) context.addRoute(route);
      running = api;
      await runner.start();
      return {
        banner: `Workflow: message-processing ASL in-process, fed by ${runner.description}`,
        async stop() {
          await runner.stop();
          if (running === api) running = undefined;
        },
      };
    },
  };
}

const unsupported = (): never => {
  throw new Error(
    "With SQS the dead letters are in the queue's SQS dead-letter queue: read and redrive them with the SQS API",
  );
};
