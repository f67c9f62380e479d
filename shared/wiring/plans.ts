import { stageTable } from '../adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { PlanChecker } from '../services/engine/plan-checker';
import { built } from './container';
import { quotaService } from './quota';

/** The CheckPlan step (and the follow-up runner): the workspace's plan, its account and the DM quota. */
export function planChecker(): PlanChecker {
  return built(
    planChecker,
    () =>
      new PlanChecker(
        new DynamoWorkspaceStore(stageTable),
        new DynamoSocialAccountStore(stageTable),
        quotaService(),
      ),
  );
}
