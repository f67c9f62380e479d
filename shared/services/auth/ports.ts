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
}

/** Persistence the auth service needs; DynamoDB implements it in adapters/dynamo/user-store.ts. */
export interface UserStore {
  /** Claims the email and stores the user; false when the email is taken. Race-free. */
  createUser(user: UserRecord): Promise<boolean>;
  findUserByEmail(email: string): Promise<UserRecord | undefined>;
  getUser(userId: string): Promise<UserRecord | undefined>;
  putRefreshFamily(family: RefreshFamily): Promise<void>;
  getRefreshFamily(familyId: string): Promise<RefreshFamily | undefined>;
  /** Swaps the current token hash only if it is still `expectedHash`; false means a concurrent or reused token. */
  rotateRefreshFamily(
    familyId: string,
    expectedHash: string,
    nextHash: string,
    expiresAt: number,
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
