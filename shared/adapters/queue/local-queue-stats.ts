import type {
  QueueDepth,
  QueueStatsSource,
  WorkflowFailureSource,
  WorkflowFailures,
} from '../../services/operations/ports';
import { queueStats } from './in-process-queues';
import { localDeadLetters } from './local-dead-letters';

/**
 * Queue depths in the local stage: the in-process broker's pending messages (published while no consumer was
 * attached) and the local dead letters. The broker hands messages straight to the consumer, so "in flight" is
 * not tracked locally (null).
 */
export class LocalQueueStats implements QueueStatsSource {
  readonly queues = ['incomingMessages', 'browserLinkedIn'] as const;

  async depth(queue: string): Promise<QueueDepth> {
    const stats = queueStats()[queue as (typeof this.queues)[number]];
    return {
      queue,
      configured: true,
      visible: stats?.pending ?? 0,
      inFlight: null,
      deadLetter: localDeadLetters().filter((letter) => letter.queue === queue).length,
    };
  }
}

/** Workflow failures locally: the dead letters of the incomingMessages queue (the workflow's input). */
export class LocalWorkflowFailures implements WorkflowFailureSource {
  async recentFailures(limit: number): Promise<WorkflowFailures> {
    const failures = localDeadLetters()
      .filter((letter) => letter.queue === 'incomingMessages')
      .slice(0, limit)
      .map((letter, index) => ({
        id: letter.messageId ?? `local-${index}`,
        startedAt: null,
        stoppedAt: letter.failedAt,
        error: letter.error,
        correlationId: letter.correlationId,
      }));
    return { source: 'local', configured: true, failures, note: null };
  }
}
