import { DynamoAccountClaimStore } from '../adapters/dynamo/account-claim-store';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { ClaimingSocialAccountStore } from '../services/social/claiming-account-store';
import { SocialAccountService } from '../services/social/social-account-service';
import { auditLog } from './audit';

let store: ClaimingSocialAccountStore | undefined;
let accounts: SocialAccountService | undefined;

/**
 * The account store of every connect, disconnect and webhook-routing path: an external account is claimed by
 * one workspace at most (409 account_already_connected for the next one).
 */
export function socialAccountStore(): ClaimingSocialAccountStore {
  store ??= new ClaimingSocialAccountStore(
    new DynamoSocialAccountStore(stageTable),
    new DynamoAccountClaimStore(stageTable),
  );
  return store;
}

export function socialAccountService(): SocialAccountService {
  accounts ??= new SocialAccountService(socialAccountStore(), auditLog());
  return accounts;
}
