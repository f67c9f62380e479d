import { randomUUID } from 'node:crypto';
import { config } from '../../shared/config';
import { logger } from '../../shared/observability/logger';
import type { QueueMessage, QueueName } from '../../shared/services/queue/ports';
import { attachConsumer, detachConsumer } from './adapters/in-process-queues';
import { type LocalQueuedMessage, LocalQueueStore } from './adapters/local-queue-store';
import { type BatchProcessor, type ItemFailure, type QueueRunner, queueArn, sqsRecord } from './queue-runner';

export interface TableQueueOptions {
  queue: QueueName;
  /** Messages processed at once (one per delivery). */
  concurrency: number;
  /** Receives before a message moves to the dead-letter list, as the queue's redrive policy. */
  maxReceiveCount: number;
  /** Wait before a failed message is received again (the SQS visibility timeout's stand-in). */
  redeliveryDelayMs: (receiveCount: number) => number;
  process: BatchProcessor;
  store?: LocalQueueStore;
}

/** A producer's messages as the queue stores them: SQS gives each an id and carries the body as a string. */
export function toQueuedMessages(messages: QueueMessage[], now = new Date()): LocalQueuedMessage[] {
  const enqueuedAt = now.toISOString();
  return messages.map((message) => ({
    messageId: randomUUID(),
    body: JSON.stringify(message.body),
    receiveCount: 0,
    enqueuedAt,
  }));
}

interface Scheduled extends LocalQueuedMessage {
  availableAt: number;
  firstReceivedAt?: number;
}

/**
 * One of the local stage's queues, as durable as SQS: the intake attached to the in-process broker writes each
 * message to the table before the producer's `publish` returns (so a webhook's 200 means "stored"); each receive
 * first writes its receive count; a message is deleted once processed, and after `maxReceiveCount` receives it
 * moves to the table's dead-letter list. On start every stored message is resumed with its count, so a crash
 * (SIGKILL included) redelivers what was not finished — at least once, exactly SQS's guarantee. A message whose
 * receives ran out while the stage was down is dead-lettered instead of received again, as SQS would.
 */
export class TableQueue implements QueueRunner {
  readonly description: string;
  private readonly store: LocalQueueStore;
  private readonly scheduled: Scheduled[] = [];
  /** Ids scheduled or running: a message stored by the intake and found by the start-up scan runs once. */
  private readonly known = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private running = 0;
  private accepting = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: TableQueueOptions) {
    this.store = options.store ?? new LocalQueueStore();
    this.description = `${options.queue}: local queue stored in the table (${options.concurrency} at a time, dead letters after ${options.maxReceiveCount} receives)`;
  }

  async start(): Promise<void> {
    this.accepting = true;
    await attachConsumer(this.options.queue, async (messages) => {
      const stored = toQueuedMessages(messages);
      await this.store.append(this.options.queue, stored);
      this.schedule(stored);
    });
    this.schedule(await this.store.pending(this.options.queue));
  }

  async stop(): Promise<void> {
    detachConsumer(this.options.queue);
    this.accepting = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
    // Whatever still waits stays in the table and is resumed on the next start.
    this.scheduled.length = 0;
    this.known.clear();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.notifyIdle();
    });
  }

  stats() {
    return { queued: this.scheduled.length, running: this.running };
  }

  deadLetters(limit?: number) {
    return this.store.deadLetters(this.options.queue, limit);
  }

  async redrive(): Promise<number> {
    const messages = await this.store.redrive(this.options.queue);
    this.schedule(messages);
    return messages.length;
  }

  private schedule(messages: LocalQueuedMessage[], delayMs = 0): void {
    const availableAt = Date.now() + delayMs;
    for (const message of messages) {
      if (this.known.has(message.messageId)) continue;
      this.known.add(message.messageId);
      this.scheduled.push({ ...message, availableAt });
    }
    this.pump();
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = Date.now();
    while (this.accepting && this.running < this.options.concurrency) {
      const index = this.scheduled.findIndex((m) => m.availableAt <= now);
      if (index < 0) break;
      const [message] = this.scheduled.splice(index, 1);
      this.running += 1;
      const work = this.receive(message!)
        .catch((error: Error) => {
          // The table failed under the queue itself: the message stays stored and is resumed on the next start.
          logger.error('local queue: a receive failed', {
            queue: this.options.queue,
            messageId: message!.messageId,
            error: error.message,
          });
          this.known.delete(message!.messageId);
        })
        .finally(() => {
          this.running -= 1;
          this.inFlight.delete(work);
          this.pump();
        });
      this.inFlight.add(work);
    }
    if (this.accepting && this.scheduled.length > 0 && this.running < this.options.concurrency) {
      const next = Math.min(...this.scheduled.map((m) => m.availableAt));
      this.timer = setTimeout(() => this.pump(), Math.max(0, next - Date.now()));
    }
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.scheduled.length > 0 || this.running > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async receive(message: Scheduled): Promise<void> {
    const { queue, maxReceiveCount } = this.options;
    if (message.receiveCount >= maxReceiveCount) {
      // Received that many times without finishing: the stage stopped while it was processed (SIGKILL, crash).
      await this.deadLetter(message, {
        error: 'ReceivesExhausted',
        cause: `received ${message.receiveCount} times without finishing (the stage stopped while processing it)`,
      });
      return;
    }
    const receiveCount = message.receiveCount + 1;
    if (!(await this.store.received(queue, message.messageId, receiveCount))) {
      this.known.delete(message.messageId);
      return;
    }
    message.firstReceivedAt ??= Date.now();
    const record = sqsRecord({
      messageId: message.messageId,
      receiptHandle: randomUUID(),
      body: message.body,
      receiveCount,
      sentAt: Date.parse(message.enqueuedAt),
      firstReceivedAt: message.firstReceivedAt,
      eventSourceARN: queueArn(config().AWS_REGION, queue),
      region: config().AWS_REGION,
    });
    let failure: ItemFailure | undefined;
    try {
      failure = (await this.options.process([record])).get(message.messageId);
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      failure = {
        error: cause?.name ?? (error as Error).name,
        cause: cause?.message ?? (error as Error).message,
      };
    }
    if (!failure) {
      await this.store.remove(queue, message.messageId);
      this.known.delete(message.messageId);
      return;
    }
    logger.warn('local queue: message failed', {
      queue,
      messageId: message.messageId,
      receiveCount,
      ...failure,
    });
    const next = { ...message, receiveCount };
    if (receiveCount >= maxReceiveCount) {
      await this.deadLetter(next, failure);
      return;
    }
    // Back in line after the delay; the table already holds the new receive count.
    this.known.delete(message.messageId);
    if (this.accepting) this.schedule([next], this.options.redeliveryDelayMs(receiveCount));
  }

  private async deadLetter(message: Scheduled, failure: ItemFailure): Promise<void> {
    const { availableAt: _availableAt, firstReceivedAt: _first, ...stored } = message;
    await this.store.deadLetter({
      ...stored,
      queue: this.options.queue,
      failedAt: new Date().toISOString(),
      ...failure,
    });
    this.known.delete(message.messageId);
  }
}
