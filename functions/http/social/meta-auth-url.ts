import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { metaConnectService } from '../../../shared/wiring/meta';

/** Where to send the browser to connect Facebook Pages and Instagram accounts (admins only). */
export const handler = http.workspace({ minRole: 'admin' }, async ({ workspace, auth }) =>
  json(200, { url: await metaConnectService().authUrl(workspace.id, auth.userId) }),
);
