import type {
  QueueDepth,
  QueueStatsSource,
  WorkflowFailureSource,
  WorkflowFailures,
} from '../../../shared/services/operations/ports';
import { LocalQueueStore } from './local-queue-store';

/**
 * Queue depths in the local stage, from the queues' write-ahead store: messages stored and not finished (those
 * being processed included: the local queue does not tell them apart, so `inFlight` is null) and the
 * dead-letter list, which survives restarts as a DLQ does.
 */
export class LocalQueueStats implements QueueStatsSource {
  readonly queues = ['incomingMessages', 'browserLinkedIn'] as const;

  constructor(private readonly store = new LocalQueueStore()) {}

  async depth(queue: string): Promise<QueueDepth> {
    const { queued, deadLetters } = await this.store.depth(queue);
    return { queue, configured: true, visible: queued, inFlight: null, deadLetter: deadLetters };
  }
}

/** Workflow failures locally: the dead letters of the incomingMessages queue (the workflow's input), newest first. */
export class LocalWorkflowFailures implements WorkflowFailureSource {
  constructor(private readonly store = new LocalQueueStore()) {}

  async recentFailures(limit: number): Promise<WorkflowFailures> {
    const letters = await this.store.deadLetters('incomingMessages', limit);
    const failures = letters.map((letter) => ({
      id: letter.messageId,
      startedAt: null,
      stoppedAt: letter.failedAt,
      error: `${letter.error}: ${letter.cause}`,
      correlationId: correlationIdOfBody(letter.body),
    }));
    return { source: 'local', configured: true, failures, note: null };
  }
}

function correlationIdOfBody(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { correlationId?: unknown };
    return typeof parsed.correlationId === 'string' ? parsed.correlationId : null;
  } catch {
    return null;
  }
}
