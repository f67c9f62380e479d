export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  passwordHash: string;
  createdAt: string;
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
}
