import { OUTSIDE_WINDOW_EXPLANATION } from '../../domain/messages/messaging-window';
import type { SendFailure } from '../../services/social/ports';

/** The Graph API's error body: `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  fbtrace_id?: string;
}

/*
 * Sources. Every rule below maps by the documented `code` first; a subcode only refines the explanation, and
 * only when the subcode is documented for that code, or (marked "community") seen with that code in public
 * client code without an official table row. An unknown subcode therefore never changes the meaning the
 * code has, and never puts a wrong explanation in front of the user.
 *   [graph]     https://developers.facebook.com/docs/graph-api/guides/error-handling (codes 1, 2, 4, 10, 17,
 *               102, 190, 200-299, 341, 368; authentication subcodes 458, 459, 460, 463, 464, 467, 492)
 *   [limits]    https://developers.facebook.com/docs/graph-api/overview/rate-limiting (32 Page-level, 613)
 *   [messenger] https://developers.facebook.com/docs/messenger-platform/error-codes (10 – 2018278 outside the
 *               allowed window; 551 person not available)
 */

/** Code 190 subcodes, [graph] "Authentication Error Subcodes": what to tell the user for each. */
const AUTH_SUBCODES: Record<number, string> = {
  458: 'the Meta app was removed from the account: reconnect the account',
  459: 'Meta checkpointed the account: log in to Facebook to clear it, then reconnect the account',
  460: 'the Facebook password was changed, which ends the connection: reconnect the account',
  463: 'the Meta access token expired: reconnect the account',
  464: 'the Facebook account is not confirmed: confirm it on Facebook, then reconnect the account',
  467: 'the Meta access token is no longer valid (logged out or revoked): reconnect the account',
  492: 'the Meta session is no longer valid: reconnect the account',
};
/** 190 with no subcode or one not in the table: [graph] says only "get a new token". */
const AUTH_GENERIC = 'Meta no longer accepts the access token: reconnect the account';

/** [graph] 4 application, 17 user; [limits] 32 Page-level, 613 custom-level. */
const THROTTLING_CODES = new Set([4, 17, 32, 613]);

/** Subcodes of code 10 (permission denied) that say which refusal it is. */
const CODE_10_SUBCODES: Record<number, { failure: SendFailure['code']; explanation: string }> = {
  // [messenger] 10 – 2018278: message sent outside of the allowed window.
  2018278: { failure: 'outside_window', explanation: OUTSIDE_WINDOW_EXPLANATION },
  // community: Instagram's outside-the-window subcode. No official table row found; seen with code 10 only.
  2534022: { failure: 'outside_window', explanation: OUTSIDE_WINDOW_EXPLANATION },
  // community: the comment already got its one private reply. No official table row found; seen with code 10.
  2534025: { failure: 'already_replied', explanation: 'this comment already received its one private reply' },
};
// Not mapped: 2534014 ("user cannot be found", community only) adds nothing to the code it comes with.

const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * Graph error → one clear state. Only throttling and Meta-side outages are `retryable`: an expired token, a
 * closed window or a blocked recipient fails the same way on every retry, so nothing retries those.
 */
export function mapGraphError(
  status: number,
  error: GraphErrorBody | undefined,
  headers?: Headers,
): SendFailure {
  const code = error?.code;
  const subcode = error?.error_subcode;
  const providerCode = code === undefined ? `http_${status}` : `${code}${subcode ? `/${subcode}` : ''}`;
  const fail = (
    failureCode: SendFailure['code'],
    explanation: string,
    extra: Partial<SendFailure> = {},
  ): SendFailure => ({ code: failureCode, retryable: false, explanation, providerCode, ...extra });
  const metaSays = error?.message ? ` (Meta: ${error.message.slice(0, 200)})` : '';

  // [graph] 190 invalid or expired token, 102 API session: same handling, the user reconnects. An
  // OAuthException without a code says no more than that.
  if (code === undefined && error?.type === 'OAuthException') return fail('auth_expired', AUTH_GENERIC);
  if (code === 190 || code === 102)
    return fail('auth_expired', (code === 190 && subcode && AUTH_SUBCODES[subcode]) || AUTH_GENERIC);
  if (code !== undefined && THROTTLING_CODES.has(code))
    return fail('rate_limited', 'Meta is throttling this account: retry later', {
      retryable: true,
      retryAfterSeconds: retryAfterFrom(headers),
    });
  // [graph] 1 unknown, 2 service temporarily unavailable: retry.
  if (code === 1 || code === 2)
    return fail('provider_unavailable', 'Meta is temporarily unavailable: retry later', {
      retryable: true,
      retryAfterSeconds: retryAfterFrom(headers, 30),
    });
  if (code === 10) {
    const known = subcode === undefined ? undefined : CODE_10_SUBCODES[subcode];
    if (known) return fail(known.failure, known.explanation);
    // [graph] 10 "API Permission Denied": which permission or policy, only Meta's message says.
    return fail('permission_denied', `Meta refused this action for the app${metaSays}`);
  }
  // [graph] 200-299 "API Permission (Multiple values depending on permission)".
  if (code !== undefined && code >= 200 && code <= 299)
    return fail('permission_denied', `the Meta app lacks a permission for this action${metaSays}`);
  // [messenger] 551: this person isn't available right now.
  if (code === 551) return fail('recipient_unavailable', 'this person cannot receive messages right now');
  // [graph] 100 invalid parameter.
  if (code === 100) return fail('invalid_request', error?.message ?? 'Meta rejected the request');
  if (status >= 500)
    return fail('provider_unavailable', 'Meta is temporarily unavailable: retry later', {
      retryable: true,
      retryAfterSeconds: retryAfterFrom(headers, 30),
    });
  return fail('invalid_request', error?.message ?? `Meta answered HTTP ${status}`);
}

/**
 * How long to wait, from Meta's usage headers: X-Business-Use-Case-Usage gives `estimated_time_to_regain_access`
 * in minutes; X-App-Usage gives percentages of a rolling hour (throttled at 100).
 */
export function retryAfterFrom(headers: Headers | undefined, fallback = DEFAULT_RETRY_AFTER_SECONDS): number {
  const explicit = Number(headers?.get('retry-after'));
  if (Number.isFinite(explicit) && explicit > 0) return explicit;
  const buc = parseJson(headers?.get('x-business-use-case-usage'));
  if (buc && typeof buc === 'object') {
    let minutes = 0;
    for (const usages of Object.values(buc as Record<string, unknown>))
      for (const usage of Array.isArray(usages) ? usages : [])
        minutes = Math.max(
          minutes,
          Number((usage as Record<string, unknown>)?.estimated_time_to_regain_access) || 0,
        );
    if (minutes > 0) return minutes * 60;
  }
  const app = parseJson(headers?.get('x-app-usage')) as Record<string, unknown> | undefined;
  if (app && typeof app === 'object') {
    const peak = Math.max(
      ...['call_count', 'total_cputime', 'total_time'].map((key) => Number(app[key]) || 0),
    );
    if (peak >= 100) return 15 * 60;
  }
  return fallback;
}

function parseJson(value: string | null | undefined): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
