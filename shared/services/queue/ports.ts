/** The project's queues, by logical name (CDK and the local stage map each to a real queue). */
export type QueueName = 'incomingMessages' | 'browserLinkedIn';

export interface QueueMessage {
  /** Unique within one publish call (SQS batch entry id); also used for tracing. */
  id: string;
  body: unknown;
}

/** The port every producer uses: the webhook, the collectors, the LinkedIn routes. */
export interface QueuePublisher {
  publish(queue: QueueName, messages: QueueMessage[]): Promise<void>;
}
