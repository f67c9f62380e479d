import { planOf } from '../../domain/plans/catalog';
import { nextQuotaReset, quotaDay } from '../../domain/plans/quota-day';
import type { QuotaStore } from './ports';

export interface QuotaWorkspace {
  id: string;
  plan: string;
  timezone: string;
}

export interface Usage {
  plan: string;
  dmLimitPerDay: number | null;
  dmSentToday: number;
  resetsAt: string;
}

export type ConsumeResult =
  | { allowed: true; day: string; used: number }
  | { allowed: false; day: string; limit: number };

/** The daily DM quota of a workspace, from the plan catalog, counted in the workspace's time zone. */
export class QuotaService {
  constructor(
    private readonly store: QuotaStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async consumeDm(workspace: QuotaWorkspace): Promise<ConsumeResult> {
    const plan = planOf(workspace.plan);
    const day = quotaDay(this.now(), workspace.timezone);
    const used = await this.store.tryConsume(workspace.id, day, plan.dmPerDay);
    return used === undefined
      ? { allowed: false, day, limit: plan.dmPerDay ?? 0 }
      : { allowed: true, day, used };
  }

  async releaseDm(workspaceId: string, day: string): Promise<void> {
    await this.store.release(workspaceId, day);
  }

  async usage(workspace: QuotaWorkspace): Promise<Usage> {
    const plan = planOf(workspace.plan);
    const now = this.now();
    return {
      plan: plan.id,
      dmLimitPerDay: plan.dmPerDay,
      dmSentToday: await this.store.used(workspace.id, quotaDay(now, workspace.timezone)),
      resetsAt: nextQuotaReset(now, workspace.timezone).toISOString(),
    };
  }
}
