import { stageTable } from '../adapters/dynamo/client';
import { DynamoMembershipReader } from '../adapters/dynamo/membership-reader';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { PlanChecker } from '../services/engine/plan-checker';
import { built } from './container';
import { quotaService } from './quota';

/** The CheckPlan step (and the follow-up runner): the workspace's plan, its account and the DM quota. */
export function planChecker(): PlanChecker {
  return built(
    planChecker,
    () =>
      new PlanChecker(
        new DynamoMembershipReader(stageTable),
        new DynamoSocialAccountStore(stageTable),
        quotaService(),
      ),
  );
}
