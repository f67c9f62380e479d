import { config } from '../../../shared/config';
import { AppError } from '../../../shared/errors';
import { http } from '../../../shared/http/handler';
import { redirect } from '../../../shared/http/response';
import { logger } from '../../../shared/observability/logger';
import { oauthCallbackQuery } from '../../../shared/schemas/social';
import { accountRecovery } from '../../../shared/wiring/account-recovery';
import { metaConnectService } from '../../../shared/wiring/meta';

/**
 * Public: the browser returns from Facebook without our bearer token; the signed `state` is what authorises
 * the request. Always answers with a redirect to the frontend, carrying the outcome (never a token).
 */
export const handler = http.public({ query: oauthCallbackQuery }, async ({ query }) => {
  const back = (outcome: Record<string, string>) => {
    const url = new URL(config().FRONTEND_URL);
    for (const [name, value] of Object.entries(outcome)) url.searchParams.set(name, value);
    return redirect(url.toString());
  };
  try {
    const outcome = await metaConnectService().callback(query);
    if (!outcome.ok)
      return back({
        error: outcome.error,
        provider: 'meta',
        ...(outcome.message ? { message: outcome.message } : {}),
      });
    // A reconnect resumes automations and recovers what the outage held back (best effort: the scheduled
    // collector catches up on anything this misses).
    await accountRecovery()
      .reconnected(outcome.reconnected)
      .catch((error: Error) => logger.error('backfill after reconnect failed', { error }));
    return back({
      connected: 'meta',
      accounts: String(outcome.accounts.length),
      ...(outcome.alreadyConnected > 0 ? { alreadyConnected: String(outcome.alreadyConnected) } : {}),
    });
  } catch (error) {
    if (error instanceof AppError) return back({ error: error.code, provider: 'meta' });
    logger.error('meta connection failed', { error: error as Error });
    return back({ error: 'provider_error', provider: 'meta' });
  }
});
