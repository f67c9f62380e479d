export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  passwordHash: string;
  createdAt: string;
  /** True once the user opened the verification link we emailed to `email`: only then is the address theirs. */
  emailVerified: boolean;
  emailVerifiedAt: string | null;
}

export interface RefreshFamily {
  familyId: string;
  userId: string;
  email: string;
  /** sha256 of the one refresh token of this family that is still valid. */
  currentTokenHash: string;
  revoked: boolean;
  expiresAt: number;
  /**
   * The last rotation: which token it retired, when (epoch ms), and the pair it handed out, sealed under a key
   * derived from the retired token itself (so only its holder can open it). A retry of that rotation within the
   * grace window gets the same pair back.
   */
  lastRotation?: RefreshRotation;
  /** Hashes of rotated-out tokens, oldest first, bounded: presenting one again is reuse and revokes the family. */
  retiredTokenHashes: string[];
}

export interface RefreshRotation {
  previousTokenHash: string;
  rotatedAt: number;
  successor: SealedSuccessor;
}

/** AES-256-GCM of the successor pair's JSON (base64 fields). */
export interface SealedSuccessor {
  iv: string;
  tag: string;
  ciphertext: string;
}

/** Persistence the auth service needs; DynamoDB implements it in adapters/dynamo/user-store.ts. */
export interface UserStore {
  /** Claims the email and stores the user; false when the email is taken. Race-free. */
  createUser(user: UserRecord): Promise<boolean>;
  findUserByEmail(email: string): Promise<UserRecord | undefined>;
  getUser(userId: string): Promise<UserRecord | undefined>;
  putRefreshFamily(family: Omit<RefreshFamily, 'lastRotation' | 'retiredTokenHashes'>): Promise<void>;
  getRefreshFamily(familyId: string): Promise<RefreshFamily | undefined>;
  /**
   * Makes `nextHash` current only if `expectedHash` still is and the family is not revoked (one conditional
   * write); false means another rotation won or the family was revoked.
   */
  rotateRefreshFamily(
    familyId: string,
    rotation: RefreshRotation & { nextHash: string; expiresAt: number; retiredTokenHashes: string[] },
  ): Promise<boolean>;
  revokeRefreshFamily(familyId: string): Promise<void>;
  /**
   * Makes `nonce` the one verification nonce that may still be redeemed (a newer link replaces older ones).
   * False when the user is gone or already verified.
   */
  setVerificationNonce(user: { id: string; email: string }, nonce: string): Promise<boolean>;
  /** Redeems the nonce: marks the address verified only if `nonce` is still the current one (single use). */
  markEmailVerified(user: { id: string; email: string }, nonce: string, at: string): Promise<boolean>;
}

export interface AccessClaims {
  userId: string;
  email: string;
}

/** Signs a short-lived access token (implemented by shared/adapters/jwt/access-token.ts). */
export type AccessTokenSigner = (
  claims: AccessClaims,
  secret: Uint8Array,
  ttlSeconds: number,
) => Promise<string>;
