import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { AccountCollector } from '../services/social/account-collector';
import { SocialAccountService } from '../services/social/social-account-service';
import { accountHealthService } from './account-health';
import { queuePublisher } from './queues';

let accounts: SocialAccountService | undefined;
let collector: AccountCollector | undefined;

export function socialAccountService(): SocialAccountService {
  accounts ??= new SocialAccountService(new DynamoSocialAccountStore());
  return accounts;
}

/** The scheduled collectors' shared loop (every provider's schedule hands it its provider). */
export function accountCollector(): AccountCollector {
  collector ??= new AccountCollector(
    new DynamoSocialAccountStore(),
    queuePublisher(),
    accountHealthService(),
  );
  return collector;
}
