import type { Config } from '../config';
import { OAuthConnectService } from '../services/social/oauth-connect';
import { accountRecoveryWith } from './account-recovery';
import { auditLog } from './audit';
import { oauthStates } from './oauth-states';
import type { SocialProviders } from './provider-lookup';

/**
 * The OAuth connect round trip (auth URL with signed state + PKCE, callback) of the platforms in `providers`, part
 * of that platform's graph (`tiktokConnectService`, `youtubeConnectService`): this module imports no platform, so
 * a TikTok route bundles no Google client.
 */
export function oauthConnect(c: Config, providers: SocialProviders): OAuthConnectService {
  return new OAuthConnectService(
    oauthStates(),
    providers,
    { appBaseUrl: c.appBaseUrl, frontendUrl: c.FRONTEND_URL },
    accountRecoveryWith(providers),
    auditLog(),
  );
}
