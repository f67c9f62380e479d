import { oauthAuthUrlRoute } from '../../../shared/http/oauth-routes';
import { INSTAGRAM_LOGIN } from '../../../shared/services/meta/instagram-connect-service';
import { instagramConnectService } from '../../../shared/wiring/meta';

/** Where to send the browser to connect an Instagram professional account with the Instagram Login (admins only). */
export const handler = oauthAuthUrlRoute(INSTAGRAM_LOGIN, (workspaceId, userId) =>
  instagramConnectService().authUrl(workspaceId, userId),
);
