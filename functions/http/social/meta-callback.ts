import { config } from '../../../shared/config';
import { oauthErrorCode } from '../../../shared/domain/oauth/callback';
import { AppError } from '../../../shared/errors';
import { oauthCallbackRoute } from '../../../shared/http/oauth-routes';
import { logger } from '../../../shared/observability/logger';
import { oauthCallbackQuery } from '../../../shared/schemas/social';
import { metaConnectService } from '../../../shared/wiring/meta';
import { metaAccountRecovery } from '../../../shared/wiring/meta-recovery';

/**
 * Public: the browser returns from Facebook without our bearer token; the signed `state` and the browser binding
 * cookie are what authorise the request. Always answers with a redirect to the frontend, carrying the outcome as
 * a code of OAUTH_ERROR_CODES (never a token, never Meta's text).
 */
export const handler = oauthCallbackRoute('meta', oauthCallbackQuery, async (query, binding) => {
  const back = (outcome: Record<string, string>) => {
    const url = new URL(config().FRONTEND_URL);
    for (const [name, value] of Object.entries(outcome)) url.searchParams.set(name, value);
    return url.toString();
  };
  try {
    const outcome = await metaConnectService().callback(query, binding);
    if (!outcome.ok) return back({ error: outcome.error, provider: 'meta' });
    // A reconnect resumes automations and recovers what the outage held back (best effort: the scheduled
    // collector catches up on anything this misses).
    await metaAccountRecovery()
      .reconnected(outcome.reconnected)
      .catch((error: Error) => logger.error('backfill after reconnect failed', { error }));
    return back({
      connected: 'meta',
      accounts: String(outcome.accounts.length),
      ...(outcome.alreadyConnected > 0 ? { alreadyConnected: String(outcome.alreadyConnected) } : {}),
    });
  } catch (error) {
    if (!(error instanceof AppError)) logger.error('meta connection failed', { error: error as Error });
    return back({
      error: oauthErrorCode(error instanceof AppError ? error.code : undefined),
      provider: 'meta',
    });
  }
});
