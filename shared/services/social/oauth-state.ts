import { createHash, createHmac, randomBytes } from 'node:crypto';
import { type StateVerification, signOAuthState, verifyOAuthState } from '../../domain/oauth/signed-state';
import { ValidationError } from '../../errors';

/**
 * The OAuth `state` of the OAuth 2 providers (TikTok, YouTube): the signed, expiring token of
 * domain/oauth/signed-state.ts (one format for every provider, Meta included), keyed with a key derived from the
 * JWT secret, plus PKCE: the verifier is derived from the state's nonce with the same secret, so it never travels
 * in a URL and needs no storage between the auth-url and callback requests.
 */
export interface OAuthStateClaims {
  workspaceId: string;
  userId: string;
  provider: string;
}

export class OAuthStateError extends ValidationError {
  override name = 'OAuthStateError';
}

const REASONS: Record<Extract<StateVerification, { ok: false }>['reason'], string> = {
  malformed: 'The OAuth state is malformed.',
  bad_signature: 'The OAuth state signature is invalid.',
  expired: 'The connection attempt expired; start it again.',
  wrong_provider: 'The OAuth state was issued for another provider.',
};

export class OAuthStateSigner {
  constructor(
    private readonly secret: () => Promise<Uint8Array>,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(
    claims: OAuthStateClaims,
  ): Promise<{ state: string; codeVerifier: string; codeChallenge: string }> {
    const nonce = randomBytes(16).toString('base64url');
    const state = signOAuthState({ ...claims, nonce }, await this.key('state'), this.now(), this.ttlSeconds);
    const codeVerifier = await this.verifierOf(nonce);
    return { state, codeVerifier, codeChallenge: pkceChallenge(codeVerifier) };
  }

  /** Checks signature, expiry and provider; returns the claims and the PKCE verifier of this round trip. */
  async verify(state: string, provider: string): Promise<OAuthStateClaims & { codeVerifier: string }> {
    const verified = verifyOAuthState(state, provider, await this.key('state'), this.now());
    if (!verified.ok) throw new OAuthStateError(REASONS[verified.reason]);
    const { workspaceId, userId, nonce } = verified.claims;
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

/** RFC 7636 S256: base64url(SHA-256(verifier)). */
export const pkceChallenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
