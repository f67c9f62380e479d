/**
 * Fixed-window counting: time is cut into windows of `windowSeconds` aligned on the epoch, and each subject
 * (a user, an IP) gets one counter per window. One atomic ADD per request and no read: the cheapest correct
 * limiter on DynamoDB. Its known weakness (up to twice the limit across a window boundary) is acceptable for
 * abuse protection, which is what this guards against.
 */
export interface RateWindow {
  /** Epoch seconds at which the window started; part of the counter's key. */
  start: number;
  /** Epoch seconds at which the next window starts. */
  end: number;
}

export function rateWindow(now: Date, windowSeconds: number): RateWindow {
  const seconds = Math.floor(now.getTime() / 1000);
  const start = seconds - (seconds % windowSeconds);
  return { start, end: start + windowSeconds };
}

/** Whole seconds until the window ends (at least 1), for the Retry-After header. */
export function secondsUntilReset(now: Date, window: RateWindow): number {
  return Math.max(1, Math.ceil(window.end - now.getTime() / 1000));
}

export interface RateLimitRule {
  /** The counter's subject: `user:<id>`, `ip:<address>`, `auth-ip:<address>`. */
  subject: string;
  limit: number;
}

export interface RateLimitPolicy {
  windowSeconds: number;
  perUser: number;
  perIp: number;
  authPerIp: number;
}

/** Credential-stuffing targets get the stricter per-IP budget instead of the general one. */
export const CREDENTIAL_ROUTES = new Set(['POST /auth/login', 'POST /auth/signup']);

/** The counters one request must stay under. */
export function rulesFor(
  request: { routeKey: string; sourceIp: string; userId: string | undefined },
  policy: RateLimitPolicy,
): RateLimitRule[] {
  const rules: RateLimitRule[] = CREDENTIAL_ROUTES.has(request.routeKey)
    ? [{ subject: `auth-ip:${request.sourceIp}`, limit: policy.authPerIp }]
    : [{ subject: `ip:${request.sourceIp}`, limit: policy.perIp }];
  if (request.userId) rules.push({ subject: `user:${request.userId}`, limit: policy.perUser });
  return rules;
}
