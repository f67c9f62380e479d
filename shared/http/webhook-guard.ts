import { AppError, RateLimitedError } from '../errors';
import { logger } from '../observability/logger';
import { webhookRejects } from '../wiring/rate-limit';
import type { HttpMiddleware } from './middlewares';

/** Rejections that prove the sender is not the provider: no valid signature, or a body the provider never sends. */
const UNAUTHENTICATED = new Set(['unauthorized', 'invalid_signature', 'invalid_json', 'payload_too_large']);

/**
 * The limit of the webhook function URLs (Meta, Stripe), per source IP, counting only the requests that failed
 * authentication. Why this shape:
 * - The URLs are public (auth NONE): anyone can invoke them. Reserved concurrency would cap a flood, but it caps
 *   the provider too, and a throttled function URL answers 429/503 to Meta's and Stripe's real deliveries during
 *   the flood, which is what an attacker wants; it also takes concurrency away from the rest of the account.
 * - A per-page or per-account budget on *signed* deliveries would slow a legitimate burst (a viral post's
 *   comments) and gains nothing: only Meta can sign, replays are deduplicated downstream by platform id, and the
 *   daily DM quota bounds what a delivery can cost.
 * - So an IP that keeps sending unsigned or badly signed requests gets 429 (with Retry-After) before its body is
 *   even read, for the rest of the window, which makes a flood cheap to turn away. A legitimate delivery is never
 *   refused: the provider's IPs send only signed requests, so they never accumulate rejections (source IPs
 *   cannot be spoofed over TCP). If they ever did (our secret rotated wrongly), every delivery was already being
 *   refused with 401/400; the 429 changes nothing for them, and both Meta and Stripe redeliver a non-2xx later
 *   (Stripe for up to 3 days: https://docs.stripe.com/webhooks/process-undelivered-events; Meta retries failed
 *   deliveries: https://developers.facebook.com/docs/graph-api/webhooks/getting-started).
 * Fails open when the counter store is down, like the API limiter.
 */
export function webhookGuard(): HttpMiddleware {
  return {
    name: 'webhookGuard',
    before: async (request) => {
      const limiter = webhookRejects();
      if (!limiter) return;
      try {
        await limiter.check(
          request.context.http.sourceIp,
          'Too many rejected webhook requests from this address; retry later.',
        );
      } catch (error) {
        if (error instanceof RateLimitedError) {
          logger.warn('webhook source throttled', { sourceIp: request.context.http.sourceIp });
          throw error;
        }
        logger.warn('rate limiter unavailable, request let through', { error: error as Error });
      }
    },
    onError: async (request) => {
      const error = request.error;
      if (!(error instanceof AppError) || !UNAUTHENTICATED.has(error.code)) return;
      // Counting may itself pass the budget (hit throws then): the answer is still this request's own error.
      await webhookRejects()
        ?.hit(request.context.http?.sourceIp ?? 'unknown')
        .catch(() => undefined);
    },
  };
}
