import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
// Types only (erased at build: zero bytes in a bundle). The stripe package stays a dependency: it is where the
// resource and parameter shapes come from (and the simulated Stripe and the tests run its webhook helpers).
import type Stripe from 'stripe';

/**
 * The API version the stripe SDK v23 pins (its `ApiVersion`), sent on every request so the shapes we read are the
 * ones its types describe, whatever the account's default version is (https://docs.stripe.com/sdks/set-version:
 * "your API calls to Stripe use the API version that was current when the SDK was released").
 * Typed with the SDK's own type: upgrading the package fails to compile until this is moved with it.
 */
export const STRIPE_API_VERSION: Stripe.LatestApiVersion = '2026-10-28.endive';

/** What stripe-node does with `maxNetworkRetries: 1`: one retry, after its initial network retry delay (0.5 s). */
const MAX_RETRIES = 1;
const RETRY_DELAY_MS = 500;

/**
 * A failed Stripe call: Stripe's error object (https://docs.stripe.com/api/errors: `{ error: { type, code, message,
 * param, … } }` with the HTTP status), or no usable answer (status 0: the network failed or the timeout fired).
 */
export class StripeApiError extends Error {
  override name = 'StripeApiError';
  constructor(
    message: string,
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    /** Stripe's `error.type` (api_error, card_error, idempotency_error, invalid_request_error), when it sent one. */
    readonly type: string | undefined,
    /** Stripe's `error.code` (https://docs.stripe.com/error-codes), e.g. resource_missing, charge_already_refunded. */
    readonly code: string | undefined,
  ) {
    super(message);
  }

  /**
   * What stripe-node raises as StripeInvalidRequestError (its generateV1Error): a 400 or 404 error object, except an
   * idempotency error and a 400 rate_limit (a StripeRateLimitError there).
   */
  get invalidRequest(): boolean {
    return (
      (this.status === 400 || this.status === 404) &&
      this.type !== undefined &&
      this.type !== 'idempotency_error' &&
      this.code !== 'rate_limit'
    );
  }
}

/** A Stripe-Signature header that does not verify (https://docs.stripe.com/webhooks#verify-manually). */
export class StripeSignatureError extends Error {
  override name = 'StripeSignatureError';
}

type Params = object;

/**
 * Stripe's form encoding (https://docs.stripe.com/api: the API "accepts form-encoded request bodies"): nested objects
 * as `a[b]=v`, arrays by index `line_items[0][price]=v`, undefined left out, null sent empty (which unsets a field).
 * The same bytes as stripe-node's stringifyRequestData: encodeURIComponent, plus `!*()'` encoded as qs does, with the
 * brackets left readable (Stripe accepts both).
 */
export function stripeForm(params: Params): string {
  const pairs: string[] = [];
  const encode = (value: string) =>
    encodeURIComponent(value)
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%5B/g, '[')
      .replace(/%5D/g, ']');
  const add = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null || typeof value !== 'object')
      pairs.push(`${encode(key)}=${encode(String(value ?? ''))}`);
    // An array's entries are its indices: line_items[0][price].
    else for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return pairs.join('&');
}

export interface StripeClientOptions {
  /** Per attempt (default 15 s). */
  timeoutMs?: number;
  /** Before the one retry (default 500 ms, stripe-node's initial network retry delay). */
  retryDelayMs?: number;
  fetchFn?: typeof fetch;
}

/**
 * The few Stripe v1 calls the billing adapter makes, over fetch instead of the stripe SDK (240 KB of each billing
 * bundle for a handful of REST calls). Its conventions (https://docs.stripe.com/api):
 * - `Authorization: Bearer <secret key>` (https://docs.stripe.com/api/authentication), `Stripe-Version` pinned;
 * - POST bodies form-encoded (stripeForm); GET and DELETE parameters in the query string, as stripe-node sends them;
 * - every POST carries an Idempotency-Key: the caller's, or a generated one, the same on the retry, so a retried
 *   create is answered with the first one's result (https://docs.stripe.com/idempotency);
 * - one retry, on stripe-node's rule (RequestSender._shouldRetry, https://docs.stripe.com/error-low-level): no answer
 *   (network failure, timeout), or an answer with `Stripe-Should-Retry: true`, a 409, or a 5xx, unless it says
 *   `Stripe-Should-Retry: false`;
 * - an error is Stripe's error object with the HTTP status (https://docs.stripe.com/api/errors) → StripeApiError.
 */
export class StripeClient {
  private readonly timeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(
    private readonly secretKey: string,
    /** https://api.stripe.com in production, a fake server in tests (its path is ignored, as the SDK ignores it). */
    private readonly apiUrl: string,
    options: StripeClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retryDelayMs = options.retryDelayMs ?? RETRY_DELAY_MS;
    this.fetchFn = options.fetchFn ?? ((input, init) => fetch(input, init));
  }

  get<T>(path: string, params: Params = {}): Promise<T> {
    return this.request('GET', path, params);
  }

  post<T>(path: string, params: Params = {}, idempotencyKey?: string): Promise<T> {
    return this.request('POST', path, params, idempotencyKey);
  }

  delete<T>(path: string, params: Params = {}): Promise<T> {
    return this.request('DELETE', path, params);
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: Params,
    idempotencyKey?: string,
  ): Promise<T> {
    const form = stripeForm(params);
    const url = new URL(path, this.apiUrl);
    const post = method === 'POST';
    if (!post) url.search = form;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.secretKey}`,
      'stripe-version': STRIPE_API_VERSION,
      accept: 'application/json',
    };
    if (post) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['idempotency-key'] = idempotencyKey ?? `flowia-retry-${randomUUID()}`;
    }
    for (let attempt = 0; ; attempt++) {
      const retry = attempt < MAX_RETRIES;
      let response: Response;
      let text: string;
      try {
        response = await this.fetchFn(url, {
          method,
          headers,
          ...(post ? { body: form } : {}),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        const verdict = response.headers.get('stripe-should-retry');
        if (
          retry &&
          verdict !== 'false' &&
          (verdict === 'true' || response.status === 409 || response.status >= 500)
        ) {
          await response.body?.cancel();
          await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
          continue;
        }
        text = await response.text();
      } catch (error) {
        if (retry) {
          await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
          continue;
        }
        // stripe-node's StripeConnectionError messages.
        throw new StripeApiError(
          (error as { name?: unknown } | null)?.name === 'TimeoutError'
            ? `Request aborted due to timeout being reached (${this.timeoutMs}ms)`
            : `An error occurred with our connection to Stripe. Request was retried ${attempt} times.`,
          0,
          undefined,
          undefined,
        );
      }
      return answer<T>(response.status, text);
    }
  }
}

/** The parsed body, or the StripeApiError its `error` object (or an unreadable body) stands for. */
function answer<T>(status: number, text: string): T {
  let body: { error?: { type?: string; code?: string; message?: string } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new StripeApiError('Invalid JSON received from the Stripe API', status, undefined, undefined);
  }
  const error = body?.error;
  if (error || status < 200 || status > 299)
    throw new StripeApiError(
      error?.message ?? `Stripe answered HTTP ${status}.`,
      status,
      error?.type,
      error?.code,
    );
  return body as T;
}

/**
 * Verifies a Stripe-Signature header by hand (https://docs.stripe.com/webhooks#verify-manually): split it on `,`
 * and each element on `=`; `t` is the timestamp and each `v1` a signature (there are several while a secret is
 * rolled); the expected signature is the hex HMAC-SHA256 of `${t}.${rawBody}` keyed with the endpoint's secret,
 * compared in constant time against each `v1`; then the timestamp must be no older than the tolerance (Stripe's
 * default 300 s, against replays). stripe-node's checks and their order, with its messages.
 */
export function verifyStripeSignature(
  rawBody: string,
  header: string,
  secret: string,
  toleranceSeconds: number,
  nowMs: number = Date.now(),
): void {
  if (!rawBody) throw new StripeSignatureError('No webhook payload was provided.');
  if (!header) throw new StripeSignatureError('No stripe-signature header value was provided.');
  let timestamp = Number.NaN;
  const signatures: string[] = [];
  for (const element of header.split(',')) {
    const [prefix, value = ''] = element.split('=');
    if (prefix === 't') timestamp = Number.parseInt(value, 10);
    if (prefix === 'v1' && value) signatures.push(value);
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new StripeSignatureError('Unable to extract timestamp and signatures from header');
  if (signatures.length === 0) throw new StripeSignatureError('No signatures found with expected scheme');
  if (!secret.trim()) throw new StripeSignatureError('No webhook secret value was provided.');
  const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex'));
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches)
    throw new StripeSignatureError('No signatures found matching the expected signature for payload.');
  if (toleranceSeconds > 0 && Math.floor(nowMs / 1000) - timestamp > toleranceSeconds)
    throw new StripeSignatureError('Timestamp outside the tolerance zone');
}
