import { randomUUID } from 'node:crypto';
import { ConflictError, UnauthorizedError } from '../../errors';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import type { UserRecord, UserStore } from './ports';
import { familyOf, hashToken, newRefreshToken, signAccessToken } from './tokens';

export interface AuthSettings {
  jwtSecret: () => Promise<Uint8Array>;
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

  /** Rotation: the presented token is exchanged once; presenting it again revokes the whole family. */
  async refresh(refreshToken: string): Promise<{ accessToken: string; refreshToken: string }> {
    const familyId = familyOf(refreshToken);
    const family = familyId ? await this.store.getRefreshFamily(familyId) : undefined;
    if (!familyId || !family || family.revoked || family.expiresAt * 1000 <= this.now().getTime())
      throw new UnauthorizedError(INVALID_REFRESH);
    const presentedHash = hashToken(refreshToken);
    const next = newRefreshToken(familyId);
    const rotated =
      presentedHash === family.currentTokenHash &&
      (await this.store.rotateRefreshFamily(familyId, presentedHash, next.hash, this.refreshExpiry()));
    if (!rotated) {
      // A rotated-out token came back: someone holds a copy. Kill the session for both parties.
      await this.store.revokeRefreshFamily(familyId);
      throw new UnauthorizedError(INVALID_REFRESH);
    }
    const accessToken = await this.accessToken(family.userId, family.email);
    return { accessToken, refreshToken: next.token };
  }

  async logout(refreshToken: string): Promise<void> {
    const familyId = familyOf(refreshToken);
    if (!familyId) return;
    const family = await this.store.getRefreshFamily(familyId);
    if (family && family.currentTokenHash === hashToken(refreshToken))
      await this.store.revokeRefreshFamily(familyId);
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
    return signAccessToken(
      { userId, email },
      await this.settings.jwtSecret(),
      this.settings.accessTtlSeconds,
    );
  }
}
