import { DynamoQuotaStore } from '../adapters/dynamo/quota-store';
import { QuotaService } from '../services/quota/quota-service';

let service: QuotaService | undefined;

export function quotaService(): QuotaService {
  service ??= new QuotaService(new DynamoQuotaStore());
  return service;
}
