import type { QueueMessage, QueueName, QueuePublisher } from '../../../shared/services/queue/ports';

export type QueueConsumer = (messages: QueueMessage[]) => Promise<void>;

/** Durable storage for messages published while a queue has no consumer (the local stage's table). */
export type QueueJournal = (queue: QueueName, messages: QueueMessage[]) => Promise<void>;

interface Broker {
  consumers: Map<QueueName, QueueConsumer>;
  pending: Map<QueueName, QueueMessage[]>;
  journal: QueueJournal | undefined;
}

/**
 * The local stage's queues. Producers publish exactly as they would to SQS; the local stage attaches the
 * consumer (the workflow runner, the LinkedIn worker), whose intake stores each message before `publish`
 * returns. With no consumer attached (while the stage starts or stops) messages go to the journal the stage set,
 * and the consumer finds them there when it starts; without a journal (no stage) they wait in memory. One broker
 * per process: the stage installs the publisher into the wiring (shared/wiring/local-stage.ts), so producers and
 * consumers share this module.
 */
const broker: Broker = { consumers: new Map(), pending: new Map(), journal: undefined };

export class InProcessPublisher implements QueuePublisher {
  async publish(queue: QueueName, messages: QueueMessage[]): Promise<void> {
    const consumer = broker.consumers.get(queue);
    if (consumer) return consumer(messages);
    if (broker.journal) return broker.journal(queue, messages);
    broker.pending.set(queue, [...(broker.pending.get(queue) ?? []), ...messages]);
  }
}

/** Attaches the consumer of a queue and hands it whatever was published in memory before it existed. */
export async function attachConsumer(queue: QueueName, consumer: QueueConsumer): Promise<void> {
  broker.consumers.set(queue, consumer);
  const waiting = broker.pending.get(queue) ?? [];
  broker.pending.delete(queue);
  if (waiting.length > 0) await consumer(waiting);
}

export function detachConsumer(queue: QueueName): void {
  broker.consumers.delete(queue);
}

/** The local stage sets its journal once the table exists, and clears it before the table closes. */
export function setQueueJournal(journal: QueueJournal | undefined): void {
  broker.journal = journal;
}
