import { jwtSecret } from '../adapters/secrets/jwt-secret';
import { config } from '../config';
import { OAuthConnectService } from '../services/social/oauth-connect';
import { OAuthStateSigner } from '../services/social/oauth-state';
import { accountRecovery } from './account-recovery';
import { socialProvider } from './providers';

let service: OAuthConnectService | undefined;
let signer: OAuthStateSigner | undefined;

/** The one signed OAuth `state` (+ PKCE) of every connect flow: the social providers' and Google Sheets'. */
export function oauthStateSigner(): OAuthStateSigner {
  signer ??= new OAuthStateSigner(jwtSecret, config().OAUTH_STATE_TTL_SECONDS);
  return signer;
}

/** The OAuth connect round trip (auth URL with signed state + PKCE, callback) for every OAuth provider. */
export function oauthConnectService(): OAuthConnectService {
  if (!service) {
    const c = config();
    service = new OAuthConnectService(
      oauthStateSigner(),
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
