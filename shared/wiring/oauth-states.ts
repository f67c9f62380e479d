import { stageTable } from '../adapters/dynamo/client';
import { DynamoMembershipReader } from '../adapters/dynamo/membership-reader';
import { DynamoOAuthNonceStore } from '../adapters/dynamo/oauth-nonce-store';
import { jwtSecret } from '../adapters/secrets/jwt-secret';
import { config } from '../config';
import { OAuthStateSigner } from '../services/social/oauth-state';
import { built } from './container';

/** The OAuth state mechanism every provider's connect flow uses (Meta's and the OAuth 2 providers'). */
export function oauthStates(): OAuthStateSigner {
  return built(
    oauthStates,
    () =>
      new OAuthStateSigner(jwtSecret, config().OAUTH_STATE_TTL_SECONDS, {
        nonces: new DynamoOAuthNonceStore(stageTable),
        members: new DynamoMembershipReader(stageTable),
      }),
  );
}
