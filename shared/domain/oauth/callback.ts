/**
 * What an OAuth callback tells the frontend, shared by every provider: the redirect carries one of these codes
 * and nothing else a provider wrote (RFC 6749 §4.1.2.1 lets the provider send `error_description` free text,
 * which must never be reflected into our frontend's URL: https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1).
 */
export const OAUTH_ERROR_CODES = [
  /** The person cancelled on the provider's consent page (RFC 6749 `error=access_denied`). */
  'access_denied',
  /** The state is missing, malformed, not ours, for another provider, or was already used. */
  'invalid_state',
  /** The state is older than OAUTH_STATE_TTL_SECONDS: start again. */
  'state_expired',
  /** The browser that came back is not the one that asked for the auth URL (no or another binding cookie). */
  'session_mismatch',
  /** The user who started the flow is no longer a member of the workspace, or no longer an admin. */
  'forbidden',
  /** The provider sent neither a code nor an error. */
  'invalid_request',
  /** Meta: the person granted no Page. */
  'no_accounts',
  /** The external account belongs to another workspace. */
  'account_already_connected',
  /** The workspace's plan does not include this provider. */
  'plan_required',
  /** The person unticked a permission the connection needs on the provider's consent page (TikTok, Google). */
  'scope_missing',
  /** Google Sheets: Google returned no refresh token (an earlier grant still stands in the Google account). */
  'no_refresh_token',
  /** The provider failed or refused (any other provider `error`, a failed code exchange). */
  'provider_error',
  /** This server has no keys for the provider. */
  'provider_not_configured',
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

const KNOWN = new Set<string>(OAUTH_ERROR_CODES);

/** A code from the list as is; anything else (an unexpected error code, a provider's `error`) is provider_error. */
export function oauthErrorCode(code: string | undefined): OAuthErrorCode {
  return code !== undefined && KNOWN.has(code) ? (code as OAuthErrorCode) : 'provider_error';
}

/**
 * The redirect URI registered with each provider: <APP_BASE_URL>/social-accounts/<provider>/callback, and
 * <APP_BASE_URL>/integrations/sheets/callback for Google Sheets (an integration, not a social account).
 */
export function oauthCallbackUrl(appBaseUrl: string, provider: string): string {
  const path =
    provider === 'sheets' ? '/integrations/sheets/callback' : `/social-accounts/${provider}/callback`;
  return `${appBaseUrl.replace(/\/$/, '')}${path}`;
}
