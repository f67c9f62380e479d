import { oauthCallbackRoute } from '../../../shared/http/oauth-routes';
import { oauthCallbackQuery } from '../../../shared/schemas/social-oauth';
import { sheetsConnectService } from '../../../shared/wiring/crm-sheets-connect';

/** Public: the browser comes back from Google's consent page; the grant is sealed, the user sent to the frontend. */
export const handler = oauthCallbackRoute('sheets', oauthCallbackQuery, (query, binding) =>
  sheetsConnectService().complete(query, binding),
);
