import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { sheetsConnectService } from '../../../shared/wiring/crm';

/** Google's consent page for Sheets (spreadsheets scope, offline access), with a signed state bound to this workspace and user. */
export const handler = http.workspace({ minRole: 'admin' }, async ({ workspace, auth }) =>
  json(200, { url: await sheetsConnectService().authorizationUrl(workspace.id, auth.userId) }),
);
