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

const AUTH_SUBCODES = new Set([458, 459, 460, 463, 464, 467]);
const THROTTLING_CODES = new Set([4, 17, 32, 613]);
const WINDOW_SUBCODES = new Set([2018278, 2534022]);
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

  if (code === 190 || code === 102)
    return fail(
      'auth_expired',
      AUTH_SUBCODES.has(subcode ?? 0) && subcode !== 463
        ? 'the Meta connection was revoked: reconnect the account'
        : 'the Meta access token expired: reconnect the account',
    );
  if (code !== undefined && THROTTLING_CODES.has(code))
    return fail('rate_limited', 'Meta is throttling this account: retry later', {
      retryable: true,
      retryAfterSeconds: retryAfterFrom(headers),
    });
  if (code === 10 && WINDOW_SUBCODES.has(subcode ?? 0))
    return fail('outside_window', OUTSIDE_WINDOW_EXPLANATION);
  if (subcode === 2534025)
    return fail('already_replied', 'this comment already received its one private reply');
  if (code === 551 || subcode === 2534014)
    return fail('recipient_unavailable', 'this person cannot receive messages right now');
  if (code === 100) return fail('invalid_request', error?.message ?? 'Meta rejected the request');
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299))
    return fail('permission_denied', 'the Meta app lacks a permission for this action');
  if (code === 1 || code === 2 || status >= 500)
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
