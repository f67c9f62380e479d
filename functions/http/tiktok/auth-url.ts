import { oauthAuthUrlRoute } from '../../../shared/http/oauth-routes';
import { oauthConnectService } from '../../../shared/wiring/social-connect';

/** The TikTok consent page URL, with a signed expiring state bound to this workspace, user and browser (admin). */
export const handler = oauthAuthUrlRoute('tiktok', (workspaceId, userId) =>
  oauthConnectService().authorizationUrl('tiktok', workspaceId, userId),
);
