import type { QueueMessage, QueueName, QueuePublisher } from './queue-publisher';

export type QueueConsumer = (messages: QueueMessage[]) => Promise<void>;

interface Broker {
  consumers: Map<QueueName, QueueConsumer>;
  pending: Map<QueueName, QueueMessage[]>;
}

/**
 * The local stage's queues. Producers publish exactly as they would to SQS; the local stage attaches the
 * consumer (the workflow runner, the LinkedIn processor). Kept on globalThis so every module instance in the
 * process (tsx, vitest) shares one broker.
 */
const holder = globalThis as { __flowiaQueues?: Broker };
holder.__flowiaQueues ??= { consumers: new Map(), pending: new Map() };
const broker: Broker = holder.__flowiaQueues;

export class InProcessPublisher implements QueuePublisher {
  async publish(queue: QueueName, messages: QueueMessage[]): Promise<void> {
    const consumer = broker.consumers.get(queue);
    if (!consumer) {
      broker.pending.set(queue, [...(broker.pending.get(queue) ?? []), ...messages]);
      return;
    }
    await consumer(messages);
  }
}

/** Attaches the consumer of a queue and hands it whatever was published before it existed. */
export async function attachConsumer(queue: QueueName, consumer: QueueConsumer): Promise<void> {
  broker.consumers.set(queue, consumer);
  const waiting = broker.pending.get(queue) ?? [];
  broker.pending.delete(queue);
  if (waiting.length > 0) await consumer(waiting);
}

export function detachConsumer(queue: QueueName): void {
  broker.consumers.delete(queue);
}

/** Read-only view of the broker for /health and /admin/status: messages waiting, and whether a consumer runs. */
export function queueStats(): Record<QueueName, { pending: number; consumerAttached: boolean }> {
  const stats = {} as Record<QueueName, { pending: number; consumerAttached: boolean }>;
  for (const queue of ['incomingMessages', 'browserLinkedIn'] as const)
    stats[queue] = {
      pending: broker.pending.get(queue)?.length ?? 0,
      consumerAttached: broker.consumers.has(queue),
    };
  return stats;
}
