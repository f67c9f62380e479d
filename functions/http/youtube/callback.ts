import { http } from '../../../shared/http/handler';
import { redirect } from '../../../shared/http/response';
import { oauthCallbackQuery } from '../../../shared/schemas/social-oauth';
import { oauthConnectService } from '../../../shared/wiring/social-connect';

/** Public: the browser comes back from youtube's consent page; the tokens are sealed, the user sent to the frontend. */
export const handler = http.public({ query: oauthCallbackQuery }, async ({ query }) =>
  redirect(await oauthConnectService().complete('youtube', query)),
);
