import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OAuthErrorCode } from '../../domain/oauth/callback';
import { type StateVerification, signOAuthState, verifyOAuthState } from '../../domain/oauth/signed-state';
import { hasAtLeast, type Role } from '../../domain/workspaces/roles';
import { AppError } from '../../errors';

/**
 * The one OAuth `state` mechanism of every provider (Meta, TikTok, YouTube): the signed, expiring token of
 * domain/oauth/signed-state.ts, keyed with a key derived from the JWT secret, plus
 * - PKCE: the verifier is derived from the state's nonce with the same secret, so it never travels in a URL and
 *   needs no storage between the auth-url and callback requests;
 * - a browser binding: `issue` returns a random value for an HttpOnly cookie and signs only its hash into the
 *   state, so a state that reaches the callback in another browser (an attacker's connect link opened by a
 *   victim) is refused;
 * - at the callback, `redeem` re-checks that the user who started the flow is still a member with the role the
 *   auth URL needed, and consumes the nonce: a state works once.
 */
export interface OAuthStateClaims {
  workspaceId: string;
  userId: string;
  provider: string;
}

/** The role the auth-url routes require, checked again at the callback. */
export const CONNECT_MIN_ROLE: Role = 'admin';

/** One-time nonces: the first callback with a state wins. */
export interface OAuthNonceStore {
  /** false when the nonce was already used. */
  consume(workspaceId: string, nonce: string, expiresAt: Date): Promise<boolean>;
}

export interface OAuthMembers {
  getMember(workspaceId: string, userId: string): Promise<{ role: Role } | undefined>;
}

/** Why a callback's state was refused, as the code the frontend receives. */
export class OAuthStateError extends AppError {
  override name = 'OAuthStateError';
  declare readonly code: OAuthErrorCode;
  constructor(code: OAuthErrorCode, message: string) {
    super(400, code, message);
  }
}

const REASONS: Record<Extract<StateVerification, { ok: false }>['reason'], [OAuthErrorCode, string]> = {
  malformed: ['invalid_state', 'The OAuth state is malformed.'],
  bad_signature: ['invalid_state', 'The OAuth state signature is invalid.'],
  expired: ['state_expired', 'The connection attempt expired; start it again.'],
  wrong_provider: ['invalid_state', 'The OAuth state was issued for another provider.'],
};

export class OAuthStateSigner {
  constructor(
    private readonly secret: () => Promise<Uint8Array>,
    private readonly ttlSeconds: number,
    private readonly deps: { nonces: OAuthNonceStore; members: OAuthMembers },
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `binding` goes into the HttpOnly cookie set with the auth URL, never into a URL. */
  async issue(
    claims: OAuthStateClaims,
  ): Promise<{ state: string; codeVerifier: string; codeChallenge: string; binding: string }> {
    const nonce = randomBytes(16).toString('base64url');
    const binding = randomBytes(32).toString('base64url');
    const state = signOAuthState(
      { ...claims, nonce, bind: bindingHash(binding) },
      await this.key('state'),
      this.now(),
      this.ttlSeconds,
    );
    const codeVerifier = await this.verifierOf(nonce);
    return { state, codeVerifier, codeChallenge: pkceChallenge(codeVerifier), binding };
  }

  /**
   * The callback's check, in this order: signature, expiry and provider; the browser binding; the member's
   * current role; then the nonce is spent (a browser that is not the initiator cannot burn the initiator's
   * state). Throws OAuthStateError with the code for the frontend; returns the claims and the PKCE verifier.
   */
  async redeem(
    state: string | undefined,
    provider: string,
    binding: string | undefined,
  ): Promise<OAuthStateClaims & { codeVerifier: string }> {
    const verified = verifyOAuthState(state, provider, await this.key('state'), this.now());
    if (!verified.ok) throw new OAuthStateError(...REASONS[verified.reason]);
    const { workspaceId, userId, nonce, bind, exp } = verified.claims;
    if (!binding || !sameText(bindingHash(binding), bind))
      throw new OAuthStateError(
        'session_mismatch',
        'This connection was started in another browser session; start it again from Flow IA.',
      );
    const member = await this.deps.members.getMember(workspaceId, userId);
    if (!member || !hasAtLeast(member.role, CONNECT_MIN_ROLE))
      throw new OAuthStateError(
        'forbidden',
        'You are no longer allowed to connect accounts to this workspace.',
      );
    if (!(await this.deps.nonces.consume(workspaceId, nonce, new Date(exp * 1000))))
      throw new OAuthStateError('invalid_state', 'This connection link was already used.');
    return { workspaceId, userId, provider, codeVerifier: await this.verifierOf(nonce) };
  }

  private async verifierOf(nonce: string): Promise<string> {
    return createHmac('sha256', await this.key('pkce'))
      .update(nonce)
      .digest('base64url');
  }

  /** Separate keys per purpose, derived from the JWT secret, so a state signature is never a valid JWT one. */
  private async key(purpose: string): Promise<Buffer> {
    return createHmac('sha256', await this.secret())
      .update(`flowia-oauth-${purpose}`)
      .digest();
  }
}

const bindingHash = (binding: string) => createHash('sha256').update(binding).digest('base64url');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** RFC 7636 S256: base64url(SHA-256(verifier)). */
export const pkceChallenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
