import { oauthCallbackRoute } from '../../../shared/http/oauth-routes';
import { oauthCallbackQuery } from '../../../shared/schemas/social-oauth';
import { tiktokConnectService } from '../../../shared/wiring/tiktok-connect';

/** Public: the browser comes back from TikTok's consent page; the tokens are sealed, the user sent to the frontend. */
export const handler = oauthCallbackRoute('tiktok', oauthCallbackQuery, (query, binding) =>
  tiktokConnectService().complete('tiktok', query, binding),
);
