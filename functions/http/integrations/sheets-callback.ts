import { http } from '../../../shared/http/handler';
import { redirect } from '../../../shared/http/response';
import { oauthCallbackQuery } from '../../../shared/schemas/social-oauth';
import { sheetsConnectService } from '../../../shared/wiring/crm';

/** Public: the browser comes back from Google's consent page; the grant is sealed, the user sent to the frontend. */
export const handler = http.public({ query: oauthCallbackQuery }, async ({ query }) =>
  redirect(await sheetsConnectService().complete(query)),
);
