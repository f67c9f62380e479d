import { jwtSecret } from '../adapters/secrets/jwt-secret';
import { config } from '../config';
import { OAuthConnectService } from '../services/social/oauth-connect';
import { OAuthStateSigner } from '../services/social/oauth-state';
import { accountRecovery } from './account-recovery';
import { socialProvider } from './providers';

let service: OAuthConnectService | undefined;

/** The OAuth connect round trip (auth URL with signed state + PKCE, callback) for every OAuth provider. */
export function oauthConnectService(): OAuthConnectService {
  if (!service) {
    const c = config();
    service = new OAuthConnectService(
      new OAuthStateSigner(jwtSecret, c.OAUTH_STATE_TTL_SECONDS),
      socialProvider,
      {
        appBaseUrl: c.appBaseUrl,
        frontendUrl: c.FRONTEND_URL,
      },
      accountRecovery(),
    );
  }
  return service;
}
