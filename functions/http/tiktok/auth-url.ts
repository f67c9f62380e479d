import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { oauthConnectService } from '../../../shared/wiring/social-connect';

/** The tiktok consent page URL, with a signed expiring state bound to this workspace and user. */
export const handler = http.workspace({ minRole: 'admin' }, async ({ workspace, auth }) =>
  json(200, { url: await oauthConnectService().authorizationUrl('tiktok', workspace.id, auth.userId) }),
);
