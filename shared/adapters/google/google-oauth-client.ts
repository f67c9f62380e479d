import { GoogleOAuthError, type GoogleOAuthPort, type GoogleTokenSet } from '../../services/google/ports';

export interface GoogleOAuthEndpoints {
  clientId: string;
  clientSecret: string;
  /** e.g. https://accounts.google.com (the consent page is /o/oauth2/v2/auth under it). */
  oauthUrl: string;
  /** The full token endpoint, e.g. https://oauth2.googleapis.com/token. */
  tokenUrl: string;
}

export interface GoogleOAuthClientOptions {
  /** Per token request (default 10 s). */
  timeoutMs?: number;
  fetchFn?: typeof fetch;
}

/**
 * Google OAuth 2.0 for web server applications over fetch
 * (https://developers.google.com/identity/protocols/oauth2/web-server), without google-auth-library (with gaxios
 * and its fetch polyfills, 160 KB of the Sheets connect bundles, for one URL and two form POSTs):
 * - the consent URL (#creatingclient, "Step 1: Set authorization parameters"): client_id, redirect_uri,
 *   response_type=code, scope (space-delimited), state, `access_type=offline` (a refresh token), `prompt=consent`
 *   (a refresh token on every connect, not only the first: #offline), and PKCE `code_challenge` +
 *   `code_challenge_method=S256`;
 * - the token endpoint (#exchange-authorization-code, #offline "Refreshing an access token"): a POST of
 *   application/x-www-form-urlencoded with client_id and client_secret in the body, `grant_type=authorization_code`
 *   (code, redirect_uri, code_verifier) or `grant_type=refresh_token` (refresh_token). The answer is
 *   `{ access_token, expires_in, refresh_token?, scope, token_type }`; `expires_in` is anchored on the injected
 *   clock, so expiry decisions follow `now`.
 * No retries: a failed call is classified (GoogleOAuthError) and the caller decides (the refresh schedule tries
 * again, a connect shows the error). The client holds no credentials, so one instance serves every account.
 */
export class GoogleOAuthClient implements GoogleOAuthPort {
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(
    private readonly endpoints: GoogleOAuthEndpoints,
    private readonly now: () => Date = () => new Date(),
    options: GoogleOAuthClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetchFn = options.fetchFn ?? ((input, init) => fetch(input, init));
  }

  authorizationUrl(request: {
    scopes: readonly string[];
    state: string;
    redirectUri: string;
    codeChallenge: string;
  }): string {
    const url = new URL('/o/oauth2/v2/auth', this.endpoints.oauthUrl);
    for (const [name, value] of Object.entries({
      client_id: this.endpoints.clientId,
      redirect_uri: request.redirectUri,
      response_type: 'code',
      scope: request.scopes.join(' '),
      state: request.state,
      access_type: 'offline',
      prompt: 'consent',
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
    }))
      url.searchParams.set(name, value);
    return url.toString();
  }

  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<GoogleTokenSet> {
    return this.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });
  }

  /** Google answers no refresh_token here (#offline): the one we sent stays valid and comes back as it was. */
  async refresh(refreshToken: string): Promise<GoogleTokenSet> {
    const tokens = await this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  }

  private async token(grant: Record<string, string>): Promise<GoogleTokenSet> {
    let response: Response;
    try {
      response = await this.fetchFn(this.endpoints.tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          client_id: this.endpoints.clientId,
          client_secret: this.endpoints.clientSecret,
          ...grant,
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw unreachable(error);
    }
    let body: Record<string, unknown>;
    try {
      body = jsonObject(await response.text());
    } catch (error) {
      throw unreachable(error);
    }
    if (!response.ok) throw refusal(response.status, body);
    return this.tokenSet(body);
  }

  private tokenSet(body: Record<string, unknown>): GoogleTokenSet {
    if (typeof body.access_token !== 'string' || !body.access_token)
      throw new GoogleOAuthError('unavailable', 'no_token', 'Google returned no access token.', 502);
    const lifetimeSeconds = Number(body.expires_in);
    return {
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : null,
      expiresAt:
        Number.isFinite(lifetimeSeconds) && lifetimeSeconds > 0
          ? new Date(this.now().getTime() + lifetimeSeconds * 1000).toISOString()
          : null,
      scope: typeof body.scope === 'string' ? body.scope : '',
    };
  }
}

/** The body as a JSON object, or `{}` (an empty answer, an HTML error page from a proxy). */
function jsonObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** No answer: the timeout fired (AbortSignal.timeout rejects with a TimeoutError) or the network failed. */
function unreachable(error: unknown): GoogleOAuthError {
  return (error as { name?: unknown } | null)?.name === 'TimeoutError'
    ? new GoogleOAuthError('unavailable', 'timeout', 'Google did not answer in time.', 0)
    : new GoogleOAuthError('unavailable', 'network', 'Google could not be reached.', 0);
}

/** The token endpoint's error `{ error, error_description }` (RFC 6749 §5.2) → GoogleOAuthError. */
function refusal(status: number, data: Record<string, unknown>): GoogleOAuthError {
  const code = typeof data.error === 'string' ? data.error : `http_${status}`;
  const message = typeof data.error_description === 'string' ? data.error_description : code;
  // invalid_grant: "the provided authorization grant … or refresh token is invalid, expired, revoked"
  // (https://www.rfc-editor.org/rfc/rfc6749#section-5.2); Google: "Token has been expired or revoked."
  if (code === 'invalid_grant') return new GoogleOAuthError('revoked', code, message, status);
  if (status >= 500) return new GoogleOAuthError('unavailable', code, message, status);
  return new GoogleOAuthError('invalid_request', code, message, status);
}
