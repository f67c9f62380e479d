import { randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { handler as browserLinkedIn } from '../../functions/queues/browser-linkedin';
import { attachConsumer, detachConsumer } from '../../shared/adapters/queue/in-process-queues';
import { logger } from '../../shared/observability/logger';
import type { Clock } from '../../shared/services/linkedin/ports';
import { configureLinkedInClock, linkedInService } from '../../shared/wiring/linkedin';
import { closeLinkedInBrowser } from '../../shared/wiring/linkedin-browser';
import type { LocalPlugin } from './plugin';

export interface LinkedInPluginOptions {
  /** Jobs running at once (each is a browser context; one per account is enforced by the lease anyway). */
  concurrency?: number;
  /** Stand-in for the SQS visibility timeout before a failed message is delivered again. */
  redeliveryDelayMs?: number;
  /** The queue's maxReceiveCount: after that many receives a failing message is dead-lettered (logged). */
  maxReceives?: number;
  /** How often deferred jobs that are due go back on the queue (the EventBridge rule in AWS). */
  resumeEveryMs?: number;
  /** Tests pass a clock to control working hours, days and pacing. */
  clock?: Clock;
}

interface Delivery {
  messageId: string;
  body: unknown;
  receives: number;
}

const sqsRecord = (delivery: Delivery): SQSRecord => ({
  messageId: delivery.messageId,
  receiptHandle: `local-${delivery.messageId}-${delivery.receives}`,
  body: JSON.stringify(delivery.body),
  attributes: {
    ApproximateReceiveCount: String(delivery.receives),
    SentTimestamp: String(Date.now()),
    SenderId: 'local',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:local:000000000000:browserLinkedIn',
  awsRegion: 'local',
});

/**
 * The `browserLinkedIn` queue's consumer in the local stage: the same SQS handler as the container Lambda,
 * fed one SQS-shaped record at a time with bounded concurrency, failed records redelivered after a delay like
 * SQS would, and due deferred jobs re-queued on a timer. On stop it drains: queued and delayed messages get
 * their turn, then the browser closes.
 */
export function linkedInPlugin(options: LinkedInPluginOptions = {}): LocalPlugin {
  const concurrency = options.concurrency ?? 2;
  const redeliveryDelayMs = options.redeliveryDelayMs ?? 1000;
  // SQS redelivers after the visibility timeout (minutes) and dead-letters after 5 receives; here a redelivery
  // comes after a second, so it takes more receives to outwait another job holding the account (a sync).
  const maxReceives = options.maxReceives ?? 60;
  return {
    name: 'linkedin',
    async start() {
      if (options.clock) configureLinkedInClock(options.clock);
      const ready: Delivery[] = [];
      const delayed = new Map<NodeJS.Timeout, Delivery>();
      let active = 0;
      let stopping = false;
      let idle: (() => void) | undefined;

      const pump = () => {
        while (active < concurrency && ready.length > 0) {
          const delivery = ready.shift()!;
          active += 1;
          void deliver(delivery).finally(() => {
            active -= 1;
            pump();
            if (active === 0 && ready.length === 0 && delayed.size === 0) idle?.();
          });
        }
      };

      const deliver = async (delivery: Delivery) => {
        delivery.receives += 1;
        const event: SQSEvent = { Records: [sqsRecord(delivery)] };
        const response = await browserLinkedIn(event).catch(() => ({
          batchItemFailures: [{ itemIdentifier: delivery.messageId }],
        }));
        if (response.batchItemFailures.length === 0) return;
        if (delivery.receives >= maxReceives || stopping) {
          logger.error('browserLinkedIn message dead-lettered', {
            messageId: delivery.messageId,
            body: delivery.body,
          });
          return;
        }
        const timer = setTimeout(() => {
          delayed.delete(timer);
          ready.push(delivery);
          pump();
        }, redeliveryDelayMs);
        delayed.set(timer, delivery);
      };

      await attachConsumer('browserLinkedIn', async (messages) => {
        for (const message of messages)
          ready.push({ messageId: randomUUID(), body: message.body, receives: 0 });
        pump();
      });

      const resume = setInterval(() => {
        linkedInService()
          .resumeDue()
          .catch((error: Error) => logger.warn('LinkedIn resume sweep failed', { error: error.message }));
      }, options.resumeEveryMs ?? 60_000);
      resume.unref();

      return {
        banner: `LinkedIn browser worker: ${concurrency} at a time, LinkedIn at ${process.env.LINKEDIN_URL ?? 'https://www.linkedin.com'}`,
        async stop() {
          detachConsumer('browserLinkedIn');
          clearInterval(resume);
          stopping = true;
          // Delayed redeliveries get one last turn now rather than being lost with the process.
          for (const [timer, delivery] of delayed) {
            clearTimeout(timer);
            ready.push(delivery);
          }
          delayed.clear();
          if (active > 0 || ready.length > 0) {
            const drained = new Promise<void>((resolve) => {
              idle = resolve;
            });
            pump();
            await drained;
          }
          await closeLinkedInBrowser();
        },
      };
    },
  };
}
