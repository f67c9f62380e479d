import { DynamoAccountClaimStore } from '../adapters/dynamo/account-claim-store';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { ClaimingSocialAccountStore } from '../services/social/claiming-account-store';
import { SocialAccountService } from '../services/social/social-account-service';
import { auditLog } from './audit';
import { built } from './container';

/**
 * The account store of every connect, disconnect and webhook-routing path: an external account is claimed by
 * one workspace at most (409 account_already_connected for the next one).
 */
export function socialAccountStore(): ClaimingSocialAccountStore {
  return built(
    socialAccountStore,
    () =>
      new ClaimingSocialAccountStore(
        new DynamoSocialAccountStore(stageTable),
        new DynamoAccountClaimStore(stageTable),
      ),
  );
}

export function socialAccountService(): SocialAccountService {
  return built(socialAccountService, () => new SocialAccountService(socialAccountStore(), auditLog()));
}
