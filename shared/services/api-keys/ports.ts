import type { ApiKeyScope } from '../../domain/api-keys/api-key';

export interface ApiKeyRecord {
  id: string;
  workspaceId: string;
  name: string;
  scope: ApiKeyScope;
  /** sha256 (hex) of the key's secret part; the key itself is never stored. */
  secretHash: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Persistence of API keys; DynamoDB implements it in adapters/dynamo/api-key-store.ts. */
export interface ApiKeyStore {
  create(record: ApiKeyRecord): Promise<void>;
  /** The key by its id alone (what the authorizer knows), strongly consistent so a revocation holds at once. */
  get(keyId: string): Promise<ApiKeyRecord | undefined>;
  listOfWorkspace(workspaceId: string): Promise<ApiKeyRecord[]>;
  /** Sets revokedAt once, only on a key of that workspace; false when no such key exists there. */
  revoke(workspaceId: string, keyId: string, at: string): Promise<boolean>;
  /** Sets lastUsedAt to `at` only when it is unset or older than `staleBefore` (one conditional write). */
  touch(keyId: string, at: string, staleBefore: string): Promise<void>;
}
