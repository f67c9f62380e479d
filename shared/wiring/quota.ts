import { stageTable } from '../adapters/dynamo/client';
import { DynamoQuotaStore } from '../adapters/dynamo/quota-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { DmAllowance } from '../services/quota/dm-allowance';
import { QuotaService } from '../services/quota/quota-service';

let service: QuotaService | undefined;
let allowance: DmAllowance | undefined;

export function quotaService(): QuotaService {
  service ??= new QuotaService(new DynamoQuotaStore(stageTable));
  return service;
}

/** The DM quota of manual sends (the same counter as the workflow's). */
export function dmAllowance(): DmAllowance {
  allowance ??= new DmAllowance(new DynamoWorkspaceStore(stageTable), quotaService());
  return allowance;
}
