import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { SocialAccountService } from '../services/social/social-account-service';

let accounts: SocialAccountService | undefined;

export function socialAccountService(): SocialAccountService {
  accounts ??= new SocialAccountService(new DynamoSocialAccountStore());
  return accounts;
}
