import { randomUUID } from 'node:crypto';
import { ConflictError, UnauthorizedError } from '../../errors';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import type { AccessTokenSigner, RefreshFamily, UserRecord, UserStore } from './ports';
import { familyOf, hashToken, newRefreshToken, openSuccessor, sealSuccessor, type TokenPair } from './tokens';

/**
 * How long a retried exchange of the same refresh token gets the same successor pair (concurrent refreshes from
 * several tabs, a response lost on the network). After it, presenting that token again revokes the family.
 */
export const REFRESH_GRACE_SECONDS = 10;
/** How many rotated-out token hashes a family remembers to recognise reuse (older ones are just invalid). */
const RETIRED_TOKENS_KEPT = 50;

export interface AuthSettings {
  jwtSecret: () => Promise<Uint8Array>;
  /** The access-token port (the JWT adapter in production). */
  signAccessToken: AccessTokenSigner;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  now?: () => Date;
}

export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
}

export interface Session {
  user: PublicUser;
  accessToken: string;
  refreshToken: string;
}

const INVALID_CREDENTIALS = 'The email or password is incorrect.';
const INVALID_REFRESH = 'The refresh token is invalid or has been revoked.';

export const toPublicUser = (user: UserRecord): PublicUser => ({
  id: user.id,
  email: user.email,
  name: user.name,
  emailVerified: user.emailVerified,
});

export class AuthService {
  constructor(
    private readonly store: UserStore,
    private readonly settings: AuthSettings,
  ) {}

  private now(): Date {
    return this.settings.now?.() ?? new Date();
  }

  async signup(input: { email: string; password: string; name?: string | undefined }): Promise<Session> {
    const user: UserRecord = {
      id: randomUUID(),
      email: input.email.toLowerCase(),
      name: input.name ?? null,
      passwordHash: await hashPassword(input.password),
      createdAt: this.now().toISOString(),
      emailVerified: false,
      emailVerifiedAt: null,
    };
    if (!(await this.store.createUser(user)))
      throw new ConflictError('An account with this email already exists.');
    return this.openSession(user);
  }

  async login(input: { email: string; password: string }): Promise<Session> {
    const user = await this.store.findUserByEmail(input.email.toLowerCase());
    // Same work and same answer whether the email exists or not: no account enumeration by message or timing.
    const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !valid) throw new UnauthorizedError(INVALID_CREDENTIALS);
    return this.openSession(user);
  }

  /**
   * Rotation: the presented token is exchanged once. A retry of that exchange within the grace window (the
   * same token again, e.g. three tabs refreshing at once, or a response lost on the network) gets the same
   * successor pair rather than logging the user out. Any other return of a rotated-out token is reuse: someone
   * holds a copy, so the whole family is revoked. A token that is not one this family issued revokes nothing.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const familyId = familyOf(refreshToken);
    let family = familyId ? await this.store.getRefreshFamily(familyId) : undefined;
    if (!familyId || !family || !this.usable(family)) throw new UnauthorizedError(INVALID_REFRESH);
    const presentedHash = hashToken(refreshToken);
    if (presentedHash === family.currentTokenHash) {
      const next = newRefreshToken(familyId);
      const pair = {
        accessToken: await this.accessToken(family.userId, family.email),
        refreshToken: next.token,
      };
      const rotated = await this.store.rotateRefreshFamily(familyId, {
        previousTokenHash: presentedHash,
        rotatedAt: this.now().getTime(),
        successor: sealSuccessor(refreshToken, familyId, pair),
        nextHash: next.hash,
        expiresAt: this.refreshExpiry(),
        retiredTokenHashes: [...family.retiredTokenHashes, presentedHash].slice(-RETIRED_TOKENS_KEPT),
      });
      if (rotated) return pair;
      // Another exchange of the same token won (or the family was revoked meanwhile): see what it wrote.
      family = await this.store.getRefreshFamily(familyId);
      if (!family || !this.usable(family)) throw new UnauthorizedError(INVALID_REFRESH);
    }
    const retried = this.graceRetry(family, refreshToken, presentedHash);
    if (retried) return retried;
    if (family.retiredTokenHashes.includes(presentedHash)) await this.store.revokeRefreshFamily(familyId);
    throw new UnauthorizedError(INVALID_REFRESH);
  }

  /**
   * Ends the session of this refresh token. Only a token the family issued (the current one, or one it rotated
   * out) revokes it: knowing the family id, which is the token's visible prefix, is not enough. Access tokens
   * already issued stay valid until their `exp` (at most ACCESS_TOKEN_TTL_SECONDS): they are verified without a
   * database read.
   */
  async logout(refreshToken: string): Promise<void> {
    const familyId = familyOf(refreshToken);
    if (!familyId) return;
    const family = await this.store.getRefreshFamily(familyId);
    if (!family) return;
    const presentedHash = hashToken(refreshToken);
    if (family.currentTokenHash === presentedHash || family.retiredTokenHashes.includes(presentedHash))
      await this.store.revokeRefreshFamily(familyId);
  }

  private usable(family: RefreshFamily): boolean {
    return !family.revoked && family.expiresAt * 1000 > this.now().getTime();
  }

  /** The pair of the rotation that retired this very token, if it happened less than the grace window ago. */
  private graceRetry(family: RefreshFamily, token: string, presentedHash: string): TokenPair | undefined {
    const rotation = family.lastRotation;
    if (!rotation || rotation.previousTokenHash !== presentedHash) return undefined;
    if (this.now().getTime() - rotation.rotatedAt > REFRESH_GRACE_SECONDS * 1000) return undefined;
    return openSuccessor(token, family.familyId, rotation.successor);
  }

  private async openSession(user: UserRecord): Promise<Session> {
    const refresh = newRefreshToken();
    await this.store.putRefreshFamily({
      familyId: refresh.familyId,
      userId: user.id,
      email: user.email,
      currentTokenHash: refresh.hash,
      revoked: false,
      expiresAt: this.refreshExpiry(),
    });
    return {
      user: toPublicUser(user),
      accessToken: await this.accessToken(user.id, user.email),
      refreshToken: refresh.token,
    };
  }

  private refreshExpiry(): number {
    return Math.floor(this.now().getTime() / 1000) + this.settings.refreshTtlSeconds;
  }

  private async accessToken(userId: string, email: string): Promise<string> {
    return this.settings.signAccessToken(
      { userId, email },
      await this.settings.jwtSecret(),
      this.settings.accessTtlSeconds,
    );
  }
}
