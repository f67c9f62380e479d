import { oauthCallbackRoute } from '../../../shared/http/oauth-routes';
import { oauthCallbackQuery } from '../../../shared/schemas/social-oauth';
import { youtubeConnectService } from '../../../shared/wiring/youtube-connect';

/** Public: the browser comes back from Google's consent page; the tokens are sealed, the user sent to the frontend. */
export const handler = oauthCallbackRoute('youtube', oauthCallbackQuery, (query, binding) =>
  youtubeConnectService().complete('youtube', query, binding),
);
