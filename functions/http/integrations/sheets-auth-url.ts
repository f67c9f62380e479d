import { oauthAuthUrlRoute } from '../../../shared/http/oauth-routes';
import { sheetsConnectService } from '../../../shared/wiring/crm-sheets-connect';

/**
 * Google's consent page for Sheets (spreadsheets scope, offline access): a signed state bound to this workspace,
 * user and browser (the HttpOnly binding cookie), like every other connect flow.
 */
export const handler = oauthAuthUrlRoute('sheets', (workspaceId, userId) =>
  sheetsConnectService().authorizationUrl(workspaceId, userId),
);
