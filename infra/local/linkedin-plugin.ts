import type { SQSEvent } from 'aws-lambda';
import { handler as browserLinkedIn } from '../../functions/queues/browser-linkedin';
import { logger } from '../../shared/observability/logger';
import type { Clock } from '../../shared/services/linkedin/ports';
import { configureLinkedInClock, linkedInService } from '../../shared/wiring/linkedin';
import { closeLinkedInBrowser } from '../../shared/wiring/linkedin-browser';
import { queueConsumers } from '../queues';
import { localQueueRunner } from './local-queues';
import type { LocalPlugin } from './plugin';
import type { BatchProcessor, ItemFailure } from './queue-runner';
import { runAsHandler } from './resource-guard';

const worker = queueConsumers.browserLinkedIn;

export interface LinkedInPluginOptions {
  /** Jobs running at once (each is a browser context; one per account is enforced by the lease anyway). */
  concurrency?: number;
  /** Stand-in for the SQS visibility timeout before a failed message is delivered again. */
  redeliveryDelayMs?: number;
  /** The queue's maxReceiveCount: after that many receives a failing message moves to the dead-letter list. */
  maxReceives?: number;
  /** How often deferred jobs that are due go back on the queue (the EventBridge rule in AWS). */
  resumeEveryMs?: number;
  /** Tests pass a clock to control working hours, days and pacing. */
  clock?: Clock;
}

/**
 * The `browserLinkedIn` queue's consumer in the local stage: the same SQS handler as the container Lambda, fed
 * one SQS record at a time (the event source's batch size) with bounded concurrency, from the table-backed local
 * queue (failed records redelivered after a delay, dead-lettered after `maxReceives`, everything resumed after a
 * restart) or from SQS in the AWS-emulated stage; due deferred jobs are re-queued on a timer. On stop, the jobs
 * being run finish and the browser closes; queued ones stay queued.
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
      const processBatch: BatchProcessor = async (records) => {
        const event: SQSEvent = { Records: records };
        // As its container Lambda: only what the worker declares (infra/queues.ts).
        const response = await runAsHandler(worker.handler, () => browserLinkedIn(event));
        const failures = new Map<string, ItemFailure>();
        for (const { itemIdentifier } of response.batchItemFailures)
          failures.set(itemIdentifier, { error: 'LinkedInJobRetry', cause: 'the job asked to be retried' });
        return failures;
      };
      const runner = localQueueRunner('browserLinkedIn', processBatch, {
        concurrency,
        batchSize: 1,
        maxReceiveCount: maxReceives,
        redeliveryDelayMs: () => redeliveryDelayMs,
      });
      await runner.start();

      const resume = setInterval(() => {
        runAsHandler(queueConsumers.linkedInResume.handler, () => linkedInService().resumeDue()).catch(
          (error: Error) => logger.warn('LinkedIn resume sweep failed', { error: error.message }),
        );
      }, options.resumeEveryMs ?? 60_000);
      resume.unref();

      return {
        banner: `LinkedIn browser worker: ${concurrency} at a time, LinkedIn at ${process.env.LINKEDIN_URL ?? 'https://www.linkedin.com'}, fed by ${runner.description}`,
        async stop() {
          clearInterval(resume);
          await runner.stop();
          await closeLinkedInBrowser();
        },
      };
    },
  };
}
