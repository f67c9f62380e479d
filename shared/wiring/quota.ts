import { stageTable } from '../adapters/dynamo/client';
import { DynamoMembershipReader } from '../adapters/dynamo/membership-reader';
import { DynamoQuotaStore } from '../adapters/dynamo/quota-store';
import { DmAllowance } from '../services/quota/dm-allowance';
import { QuotaService } from '../services/quota/quota-service';
import { built } from './container';

export function quotaService(): QuotaService {
  return built(quotaService, () => new QuotaService(new DynamoQuotaStore(stageTable)));
}

/** The DM quota of manual sends (the same counter as the workflow's). */
export function dmAllowance(): DmAllowance {
  return built(dmAllowance, () => new DmAllowance(new DynamoMembershipReader(stageTable), quotaService()));
}
