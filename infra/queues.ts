import type { QueueName } from '../shared/adapters/queue/queue-publisher';

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
