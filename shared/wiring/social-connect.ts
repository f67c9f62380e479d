import { config } from '../config';
import { OAuthConnectService } from '../services/social/oauth-connect';
import { accountRecovery } from './account-recovery';
import { auditLog } from './audit';
import { oauthStates } from './oauth-states';
import { socialProviders } from './providers';

let service: OAuthConnectService | undefined;

/** The OAuth connect round trip (auth URL with signed state + PKCE, callback) for every OAuth provider. */
export function oauthConnectService(): OAuthConnectService {
  if (!service) {
    const c = config();
    service = new OAuthConnectService(
      oauthStates(),
      socialProviders(),
      {
        appBaseUrl: c.appBaseUrl,
        frontendUrl: c.FRONTEND_URL,
      },
      accountRecovery(),
      auditLog(),
    );
  }
  return service;
}
