// The client's own module, not the package index: the index also loads GoogleAuth, its compute and workload
// identity clients and gcp-metadata, about 160 KB of bundle this OAuth round trip never runs.
import { OAuth2Client } from 'google-auth-library/build/src/auth/oauth2client';
import { GoogleOAuthError, type GoogleOAuthPort, type GoogleTokenSet } from '../../services/google/ports';

export interface GoogleOAuthEndpoints {
  clientId: string;
  clientSecret: string;
  /** e.g. https://accounts.google.com (the consent page is /o/oauth2/v2/auth under it). */
  oauthUrl: string;
  /** The full token endpoint, e.g. https://oauth2.googleapis.com/token. */
  tokenUrl: string;
}

/**
 * Google OAuth 2.0 for web server applications with google-auth-library
 * (https://developers.google.com/identity/protocols/oauth2/web-server): the consent URL with `access_type=offline`
 * (a refresh token) and `prompt=consent` (a refresh token on every connect, not only the first), PKCE S256, the
 * code exchange and the refresh_token grant. A client per call: credentials live on the client, and accounts
 * refresh concurrently. The library stamps `expiry_date` with the machine's clock; the lifetime Google gave is
 * re-anchored on our clock, so expiry decisions follow the injected `now`.
 */
export class GoogleOAuthClient implements GoogleOAuthPort {
  constructor(
    private readonly endpoints: GoogleOAuthEndpoints,
    private readonly now: () => Date = () => new Date(),
  ) {}

  authorizationUrl(request: {
    scopes: readonly string[];
    state: string;
    redirectUri: string;
    codeChallenge: string;
  }): string {
    return this.client().generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      scope: [...request.scopes],
      state: request.state,
      redirect_uri: request.redirectUri,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256' as never,
    });
  }

  async exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<GoogleTokenSet> {
    const { tokens } = await guard(() =>
      this.client().getToken({ code, codeVerifier, redirect_uri: redirectUri }),
    );
    return this.tokenSet(tokens);
  }

  async refresh(refreshToken: string): Promise<GoogleTokenSet> {
    const client = this.client();
    client.setCredentials({ refresh_token: refreshToken });
    const { credentials } = await guard(() => client.refreshAccessToken());
    return this.tokenSet(credentials);
  }

  private client(): OAuth2Client {
    return new OAuth2Client({
      clientId: this.endpoints.clientId,
      clientSecret: this.endpoints.clientSecret,
      endpoints: {
        oauth2AuthBaseUrl: new URL('/o/oauth2/v2/auth', this.endpoints.oauthUrl).toString(),
        oauth2TokenUrl: this.endpoints.tokenUrl,
      },
    });
  }

  private tokenSet(tokens: {
    access_token?: string | null;
    refresh_token?: string | null;
    expiry_date?: number | null;
    scope?: string | null;
  }): GoogleTokenSet {
    if (!tokens.access_token)
      throw new GoogleOAuthError('unavailable', 'no_token', 'Google returned no access token.', 502);
    // expiry_date = the library's Date.now() + expires_in: take the lifetime back out, anchor it on our clock.
    const lifetimeSeconds = tokens.expiry_date ? Math.round((tokens.expiry_date - Date.now()) / 1000) : null;
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? null,
      expiresAt:
        lifetimeSeconds === null
          ? null
          : new Date(this.now().getTime() + lifetimeSeconds * 1000).toISOString(),
      scope: tokens.scope ?? '',
    };
  }
}

interface GaxiosLikeError {
  response?: { status?: number; data?: unknown };
}

/** The token endpoint's error `{ error, error_description }` (RFC 6749 §5.2) → GoogleOAuthError. */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GoogleOAuthError) throw error;
    const { response } = error as GaxiosLikeError;
    if (!response) throw new GoogleOAuthError('unavailable', 'network', 'Google could not be reached.', 0);
    const status = response.status ?? 0;
    const data = (response.data ?? {}) as { error?: unknown; error_description?: unknown };
    const code = typeof data.error === 'string' ? data.error : `http_${status}`;
    const message = typeof data.error_description === 'string' ? data.error_description : code;
    // invalid_grant: "the provided authorization grant … or refresh token is invalid, expired, revoked"
    // (https://www.rfc-editor.org/rfc/rfc6749#section-5.2); Google: "Token has been expired or revoked."
    if (code === 'invalid_grant') throw new GoogleOAuthError('revoked', code, message, status);
    if (status >= 500 || status === 0) throw new GoogleOAuthError('unavailable', code, message, status);
    throw new GoogleOAuthError('invalid_request', code, message, status);
  }
}
