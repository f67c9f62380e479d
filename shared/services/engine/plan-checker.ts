import type { AccountState } from '../../domain/decisions/decide';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import { planOf } from '../../domain/plans/catalog';
import { DEFAULT_TIMEZONE } from '../../domain/workspaces/timezone';
import type { QuotaService } from '../quota/quota-service';
import type { SocialAccountStore } from '../social/ports';
import type { Workspace } from '../workspaces/ports';
import type { PlanCheck } from './workflow-state';

export interface WorkspaceReader {
  getWorkspace(workspaceId: string): Promise<Workspace | undefined>;
}

/** The plan checker: the workspace's plan and features, today's DM usage, and whether the account can send. */
export class PlanChecker {
  constructor(
    private readonly workspaces: WorkspaceReader,
    private readonly accounts: Pick<SocialAccountStore, 'get'>,
    private readonly quota: QuotaService,
  ) {}

  async check(message: IncomingMessage): Promise<PlanCheck> {
    const [workspace, account] = await Promise.all([
      this.workspaces.getWorkspace(message.workspaceId),
      this.accounts.get(message.workspaceId, message.accountId),
    ]);
    const plan = planOf(workspace?.plan);
    const usage = await this.quota.usage({
      id: message.workspaceId,
      plan: plan.id,
      timezone: workspace?.timezone ?? DEFAULT_TIMEZONE,
    });
    const accountStatus: AccountState = account ? account.status : 'missing';
    return {
      plan: plan.id,
      features: plan.features,
      dmLimitPerDay: usage.dmLimitPerDay,
      dmSentToday: usage.dmSentToday,
      quotaReached: usage.dmLimitPerDay !== null && usage.dmSentToday >= usage.dmLimitPerDay,
      resetsAt: usage.resetsAt,
      accountStatus,
    };
  }
}
