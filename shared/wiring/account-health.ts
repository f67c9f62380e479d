import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { AccountHealthService } from '../services/account-health/account-health-service';
import { notificationService } from './notifications';

let service: AccountHealthService | undefined;

export function accountHealthService(): AccountHealthService {
  service ??= new AccountHealthService(new DynamoSocialAccountStore(), notificationService());
  return service;
}
