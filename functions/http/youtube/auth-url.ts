import { oauthAuthUrlRoute } from '../../../shared/http/oauth-routes';
import { youtubeConnectService } from '../../../shared/wiring/youtube-connect';

/** The Google consent page URL, with a signed expiring state bound to this workspace, user and browser (admin). */
export const handler = oauthAuthUrlRoute('youtube', (workspaceId, userId) =>
  youtubeConnectService().authorizationUrl('youtube', workspaceId, userId),
);
