import { RateLimitedError } from '../errors';
import { logger } from '../observability/logger';
import type { SubjectLimiter } from '../services/rate-limit/subject-limiter';
import { rateLimiter } from '../wiring/rate-limit';
import type { HttpMiddleware } from './middlewares';

/**
 * The API's per-user and per-IP request budgets (429 rate_limited with Retry-After).
 * The user comes from the Lambda authorizer's verified context, so this runs before the body is parsed: an
 * abusive client costs one counter update, not a JSON parse and a handler. Function-URL webhooks (route key
 * `$default`) are not limited: their senders are providers that sign each delivery and retry on 429, and a
 * throttled delivery only delays real events. If the counter store fails the request goes through (fail open):
 * the limiter protects against abuse and must not become an outage of its own.
 */
export function rateLimit(): HttpMiddleware {
  return {
    name: 'rateLimit',
    before: async (request) => {
      const routeKey = request.event.routeKey;
      if (!routeKey || routeKey === '$default') return;
      const limiter = rateLimiter();
      if (!limiter) return;
      const authorizer = (
        request.event.requestContext as { authorizer?: { lambda?: Record<string, unknown> } }
      ).authorizer?.lambda;
      // A workspace API key has the per-user budget of its own, as `apikey:<keyId>`.
      const userId =
        typeof authorizer?.userId === 'string' && authorizer.userId
          ? authorizer.userId
          : typeof authorizer?.apiKeyId === 'string' && authorizer.apiKeyId
            ? `apikey:${authorizer.apiKeyId}`
            : undefined;
      try {
        await limiter.enforce({ routeKey, sourceIp: request.context.http.sourceIp, userId });
      } catch (error) {
        if (error instanceof RateLimitedError) {
          logger.warn('rate limited', { route: routeKey, user: userId });
          throw error;
        }
        logger.warn('rate limiter unavailable, request let through', { error: error as Error });
      }
    },
  };
}

/**
 * Counts one request against a per-subject budget (login per account, export per workspace): 429 rate_limited with
 * Retry-After past it; fails open like the API limiter when the counter store is down. No-op when limits are off.
 */
export async function spendBudget(
  limiter: SubjectLimiter | undefined,
  subject: string,
  message: string,
): Promise<void> {
  if (!limiter) return;
  try {
    await limiter.hit(subject, message);
  } catch (error) {
    if (error instanceof RateLimitedError) throw error;
    logger.warn('rate limiter unavailable, request let through', { error: error as Error });
  }
}
