import type { HealthCheck } from '../health/health-service';
import type { YouTubeProjectQuota } from '../youtube/youtube-budget';
import type {
  QueueDepth,
  QueueStatsSource,
  ScheduleSummary,
  WorkflowFailureSource,
  WorkflowFailures,
} from './ports';

export interface OperationsStatus {
  stage: string;
  generatedAt: string;
  queues: QueueDepth[];
  workflow: WorkflowFailures;
  schedules: ScheduleSummary[];
  /** The project's shared YouTube budget today; null where YouTube is not configured. */
  youtubeQuota: YouTubeProjectQuota | null;
}

/**
 * What an operator needs at a glance: queue depths, dead letters, recent workflow failures, schedules, and the
 * YouTube budget every workspace shares (paused until midnight Pacific after a quotaExceeded).
 */
export class OperationsStatusService {
  constructor(
    private readonly queues: QueueStatsSource,
    private readonly workflow: WorkflowFailureSource,
    private readonly youtube: (() => Promise<YouTubeProjectQuota>) | undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async status(stage: string, schedules: ScheduleSummary[], failureLimit = 20): Promise<OperationsStatus> {
    const [queues, workflow, youtubeQuota] = await Promise.all([
      Promise.all(this.queues.queues.map((queue) => this.queues.depth(queue))),
      this.workflow.recentFailures(failureLimit),
      this.youtube ? this.youtube() : null,
    ]);
    return { stage, generatedAt: this.clock().toISOString(), queues, workflow, schedules, youtubeQuota };
  }
}

/**
 * One non-critical health check per queue: unreachable → failing (the report degrades, the API keeps serving),
 * messages in the dead-letter queue → degraded with the count, no URL in this environment → not_configured.
 */
export function queueHealthChecks(source: QueueStatsSource): HealthCheck[] {
  return source.queues.map((queue) => ({
    name: `queue.${queue}`,
    critical: false,
    async run() {
      const depth = await source.depth(queue);
      if (!depth.configured) return { state: 'not_configured' as const };
      if (depth.deadLetter && depth.deadLetter > 0)
        return {
          state: 'degraded' as const,
          reason: `${depth.deadLetter} message(s) in the dead-letter queue`,
        };
      return { state: 'ok' as const };
    },
  }));
}

/** Optional providers: configured → ok, otherwise not_configured (never a failure: the rest keeps working). */
export function dependencyHealthChecks(configured: Record<string, boolean>): HealthCheck[] {
  return Object.entries(configured).map(([name, isConfigured]) => ({
    name: `provider.${name}`,
    critical: false,
    run: async () => ({ state: isConfigured ? ('ok' as const) : ('not_configured' as const) }),
  }));
}
