/**
 * Google OAuth 2.0 for web server applications, as every Google feature of Flow IA uses it (YouTube, Sheets):
 * one OAuth client of the Google Cloud project, offline access, a refresh token sealed in the vault
 * (https://developers.google.com/identity/protocols/oauth2/web-server). shared/adapters/google implements it.
 */
export interface GoogleTokenSet {
  accessToken: string;
  refreshToken: string | null;
  /** ISO time the access token expires (Google answers `expires_in`, about 3599 s). */
  expiresAt: string | null;
  /** The scopes the user actually granted (space-separated): with granular consent it may be fewer than asked. */
  scope: string;
}

export interface GoogleOAuthPort {
  authorizationUrl(request: {
    scopes: readonly string[];
    state: string;
    redirectUri: string;
    codeChallenge: string;
  }): string;
  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<GoogleTokenSet>;
  /** The refresh_token grant; Google keeps the refresh token (none comes back), so the caller keeps its own. */
  refresh(refreshToken: string): Promise<GoogleTokenSet>;
}

/**
 * A refused OAuth call. `revoked`: 400 invalid_grant, the grant is gone (revoked by the user, unused for six months,
 * a Testing-mode app's 7-day limit): only a new consent helps. `invalid_request`: our request was wrong.
 * `unavailable`: Google failed or could not be reached; trying later may work.
 */
export class GoogleOAuthError extends Error {
  override name = 'GoogleOAuthError';
  constructor(
    readonly kind: 'revoked' | 'invalid_request' | 'unavailable',
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
