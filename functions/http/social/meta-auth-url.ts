import { oauthAuthUrlRoute } from '../../../shared/http/oauth-routes';
import { metaConnectService } from '../../../shared/wiring/meta';

/** Where to send the browser to connect Facebook Pages and Instagram accounts (admins only). */
export const handler = oauthAuthUrlRoute('meta', (workspaceId, userId) =>
  metaConnectService().authUrl(workspaceId, userId),
);
