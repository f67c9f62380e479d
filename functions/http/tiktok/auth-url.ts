import { oauthAuthUrlRoute } from '../../../shared/http/oauth-routes';
import { tiktokConnectService } from '../../../shared/wiring/tiktok-connect';

/** The TikTok consent page URL, with a signed expiring state bound to this workspace, user and browser (admin). */
export const handler = oauthAuthUrlRoute('tiktok', (workspaceId, userId) =>
  tiktokConnectService().authorizationUrl('tiktok', workspaceId, userId),
);
