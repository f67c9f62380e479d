import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../errors';

/**
 * The OAuth `state`: a short signed token binding the consent round trip to one workspace and user, expiring
 * after a few minutes, so a callback cannot attach an account to someone else's workspace (login CSRF) or be
 * replayed later. Stateless: `base64url(payload).base64url(HMAC-SHA256)`, keyed with a key derived from the JWT
 * secret. The PKCE verifier is derived from the state's nonce with the same secret, so it never travels in a URL
 * and needs no storage between the auth-url and callback requests.
 */
export interface OAuthStateClaims {
  workspaceId: string;
  userId: string;
  provider: string;
}

interface Payload extends OAuthStateClaims {
  nonce: string;
  exp: number;
}

export class OAuthStateError extends ValidationError {
  override name = 'OAuthStateError';
}

export class OAuthStateSigner {
  constructor(
    private readonly secret: () => Promise<Uint8Array>,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(
    claims: OAuthStateClaims,
  ): Promise<{ state: string; codeVerifier: string; codeChallenge: string }> {
    const payload: Payload = {
      ...claims,
      nonce: randomBytes(16).toString('base64url'),
      exp: Math.floor(this.now().getTime() / 1000) + this.ttlSeconds,
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const key = await this.key('state');
    const state = `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
    const codeVerifier = await this.verifierOf(payload.nonce);
    return { state, codeVerifier, codeChallenge: pkceChallenge(codeVerifier) };
  }

  /** Checks signature, expiry and provider; returns the claims and the PKCE verifier of this round trip. */
  async verify(state: string, provider: string): Promise<OAuthStateClaims & { codeVerifier: string }> {
    const [body, signature, extra] = state.split('.');
    if (!body || !signature || extra !== undefined)
      throw new OAuthStateError('The OAuth state is malformed.');
    const expected = createHmac('sha256', await this.key('state'))
      .update(body)
      .digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new OAuthStateError('The OAuth state signature is invalid.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    if (payload.exp * 1000 < this.now().getTime())
      throw new OAuthStateError('The connection attempt expired; start it again.');
    if (payload.provider !== provider)
      throw new OAuthStateError('The OAuth state was issued for another provider.');
    return {
      workspaceId: payload.workspaceId,
      userId: payload.userId,
      provider: payload.provider,
      codeVerifier: await this.verifierOf(payload.nonce),
    };
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
