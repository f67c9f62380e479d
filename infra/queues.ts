import type { QueueName } from '../shared/services/queue/ports';
import type { ResourceNeeds } from './resource-needs';

/** One queue's delivery settings: the CDK data stack deploys them, the AWS-emulated local stage creates them. */
export interface QueueSettings {
  /** Longer than the consumer's timeout, so a slow execution is not delivered twice while it still runs. */
  visibilityTimeoutSeconds: number;
  /** Receives before SQS moves a message to the dead-letter queue. */
  maxReceiveCount: number;
  retentionDays: number;
  deadLetterRetentionDays: number;
}

/** THE queue manifest: both queues, each with its dead-letter queue. */
export const queueSettings: Record<QueueName, QueueSettings> = {
  // Webhooks and collectors → the message-processing workflow (the Pipe's sync execution: 110 s at most).
  incomingMessages: {
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    retentionDays: 4,
    deadLetterRetentionDays: 14,
  },
  // LinkedIn browser work → the Chromium container Lambda (5 minutes at most).
  browserLinkedIn: {
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    retentionDays: 4,
    deadLetterRetentionDays: 14,
  },
};

/**
 * Messages the Pipe hands one workflow execution at most (its SQS batch; the workflow's Map runs them side by side,
 * MaxConcurrency 10 in the ASL): the CDK pipeline stack's default and the local stage's.
 */
export const PIPE_BATCH_SIZE = 10;

/** A Lambda fed by a queue (an SQS event source), or the sweep that feeds it again. */
export interface QueueConsumer {
  queue: QueueName;
  /** Source file exporting `handler`. */
  handler: string;
  /** What the consumer's code uses: its Lambda's environment and grants come from this alone. */
  needs: ResourceNeeds;
}

/**
 * THE queue consumers besides the workflow (incomingMessages feeds the message-processing state machine through
 * the pipe, whose steps are declared in infra/workflow.ts): the LinkedIn browser worker, a container image, and the
 * sweep that re-queues its deferred jobs. The worker only opens the sealed session cookies the connect route stored;
 * its image entry loads the provider secret (the stage's LinkedIn settings may live there).
 */
export const queueConsumers = {
  browserLinkedIn: {
    queue: 'browserLinkedIn',
    handler: 'functions/queues/browser-linkedin.ts',
    needs: { table: 'readWrite', sendsTo: ['browserLinkedIn'], vault: 'open', secrets: ['providers'] },
  },
  linkedInResume: {
    queue: 'browserLinkedIn',
    handler: 'functions/schedules/linkedin-resume.ts',
    needs: { table: 'readWrite', sendsTo: ['browserLinkedIn'], vault: 'open' },
  },
} satisfies Record<string, QueueConsumer>;
