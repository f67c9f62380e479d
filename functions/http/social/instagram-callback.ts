import { config } from '../../../shared/config';
import { oauthErrorCode } from '../../../shared/domain/oauth/callback';
import { AppError } from '../../../shared/errors';
import { oauthCallbackRoute } from '../../../shared/http/oauth-routes';
import { logger } from '../../../shared/observability/logger';
import { oauthCallbackQuery } from '../../../shared/schemas/social';
import { INSTAGRAM_LOGIN } from '../../../shared/services/meta/instagram-connect-service';
import { instagramConnectService } from '../../../shared/wiring/meta';
import { metaAccountRecovery } from '../../../shared/wiring/meta-recovery';

/**
 * Public: the browser returns from Instagram's authorization window without our bearer token; the signed `state`
 * and the browser binding cookie authorise the request. Always a redirect to the frontend with the outcome as a
 * code of OAUTH_ERROR_CODES (never a token, never Instagram's text).
 */
export const handler = oauthCallbackRoute(INSTAGRAM_LOGIN, oauthCallbackQuery, async (query, binding) => {
  const back = (outcome: Record<string, string>) => {
    const url = new URL(config().FRONTEND_URL);
    for (const [name, value] of Object.entries(outcome)) url.searchParams.set(name, value);
    return url.toString();
  };
  try {
    const outcome = await instagramConnectService().callback(query, binding);
    if (!outcome.ok) return back({ error: outcome.error, provider: INSTAGRAM_LOGIN });
    await metaAccountRecovery()
      .reconnected(outcome.reconnected)
      .catch((error: Error) => logger.error('backfill after reconnect failed', { error }));
    return back({ connected: INSTAGRAM_LOGIN, accounts: '1' });
  } catch (error) {
    if (!(error instanceof AppError)) logger.error('instagram connection failed', { error: error as Error });
    return back({
      error: oauthErrorCode(error instanceof AppError ? error.code : undefined),
      provider: INSTAGRAM_LOGIN,
    });
  }
});
