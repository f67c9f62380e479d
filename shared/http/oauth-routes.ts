import { config } from '../config';
import { oauthCallbackUrl } from '../domain/oauth/callback';
import type * as z from '../schemas/zod';
import { CONNECT_MIN_ROLE } from '../services/social/oauth-state';
import { type ApiHandler, http } from './handler';
import { json, redirect } from './response';

/**
 * The two HTTP ends of every provider's OAuth connect, so the browser binding is written once:
 * - the auth-url route (workspace admins) answers `{ url }` and sets a short-lived cookie holding the binding
 *   value whose hash the signed state carries: HttpOnly (no script reads it), SameSite=Lax (a browser sends it on
 *   the provider's top-level redirect back, not on cross-site subrequests), Secure whenever the API is served
 *   over https (everywhere but the local http stage), scoped to that provider's callback path, and living as
 *   long as the state (OAUTH_STATE_TTL_SECONDS);
 * - the callback route reads it, lets the service redeem the state with it, and clears it.
 * The frontend must therefore call the auth-url route with credentials (`fetch(…, { credentials: 'include' })`)
 * from an origin the API accepts cookies from: see docs/security.md for deployments where the frontend and the
 * API are not the same site.
 */
const cookieName = (provider: string) => `flowia_oauth_${provider}`;

function bindingCookie(provider: string, value: string, maxAgeSeconds: number): string {
  const callback = new URL(oauthCallbackUrl(config().appBaseUrl, provider));
  return [
    `${cookieName(provider)}=${value}`,
    `Path=${callback.pathname}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(callback.protocol === 'https:' ? ['Secure'] : []),
  ].join('; ');
}

function bindingOf(cookies: string[] | undefined, provider: string): string | undefined {
  const prefix = `${cookieName(provider)}=`;
  const value = cookies?.find((cookie) => cookie.startsWith(prefix))?.slice(prefix.length);
  return value || undefined;
}

/** GET /social-accounts/<provider>/auth-url: the consent URL, and the binding cookie of this browser. */
export function oauthAuthUrlRoute(
  provider: string,
  start: (workspaceId: string, userId: string) => Promise<{ url: string; binding: string }>,
): ApiHandler {
  return http.workspace({ minRole: CONNECT_MIN_ROLE }, async ({ workspace, auth }) => {
    const { url, binding } = await start(workspace.id, auth.userId);
    return {
      ...json(200, { url }, { 'cache-control': 'no-store' }),
      cookies: [bindingCookie(provider, binding, config().OAUTH_STATE_TTL_SECONDS)],
    };
  });
}

/**
 * GET /social-accounts/<provider>/callback: public (the browser comes back from the provider without our bearer
 * token). `finish` returns the frontend URL to redirect to; the binding cookie is cleared whatever the outcome.
 */
export function oauthCallbackRoute<Q extends z.core.$ZodType>(
  provider: string,
  query: Q,
  finish: (query: z.output<Q>, binding: string | undefined) => Promise<string>,
): ApiHandler {
  return http.public({ query }, async (request) => {
    const location = await finish(request.query as z.output<Q>, bindingOf(request.event.cookies, provider));
    return { ...redirect(location), cookies: [bindingCookie(provider, '', 0)] };
  });
}
