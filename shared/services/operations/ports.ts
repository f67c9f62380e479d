/** Depth of one logical queue and its dead-letter queue. `null`: the source cannot tell (e.g. not tracked locally). */
export interface QueueDepth {
  queue: string;
  /** False when the queue's URL is not set in this environment. */
  configured: boolean;
  /** Messages waiting to be received. */
  visible: number | null;
  /** Messages received and not yet deleted (being processed). */
  inFlight: number | null;
  /** Messages in the dead-letter queue. */
  deadLetter: number | null;
}

export interface QueueStatsSource {
  /** Logical queue names, in display order. */
  readonly queues: readonly string[];
  depth(queue: string): Promise<QueueDepth>;
}

export interface WorkflowFailure {
  id: string;
  startedAt: string | null;
  stoppedAt: string | null;
  error: string | null;
  correlationId: string | null;
}

export interface WorkflowFailures {
  source: 'stepfunctions' | 'local';
  configured: boolean;
  failures: WorkflowFailure[];
  /** Why the list may be incomplete (e.g. Express workflows cannot be listed). */
  note: string | null;
}

export interface WorkflowFailureSource {
  recentFailures(limit: number): Promise<WorkflowFailures>;
}

export interface ScheduleSummary {
  name: string;
  description: string;
  everyMinutes: number;
}
