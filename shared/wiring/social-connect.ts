import { config } from '../config';
import { OAuthConnectService } from '../services/social/oauth-connect';
import { accountRecovery } from './account-recovery';
import { auditLog } from './audit';
import { built } from './container';
import { oauthStates } from './oauth-states';
import { socialProviders } from './providers';

/** The OAuth connect round trip (auth URL with signed state + PKCE, callback) for every OAuth provider. */
export function oauthConnectService(): OAuthConnectService {
  return built(oauthConnectService, () => {
    const c = config();
    return new OAuthConnectService(
      oauthStates(),
      socialProviders(),
      {
        appBaseUrl: c.appBaseUrl,
        frontendUrl: c.FRONTEND_URL,
      },
      accountRecovery(),
      auditLog(),
    );
  });
}
