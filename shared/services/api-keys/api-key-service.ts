import {
  type ApiKeyScope,
  generateApiKey,
  LAST_USED_RESOLUTION_MS,
  parseApiKey,
  secretMatches,
} from '../../domain/api-keys/api-key';
import type { AuditActor } from '../../domain/audit/audit-entry';
import { ConflictError, NotFoundError } from '../../errors';
import { logger } from '../../observability/logger';
import type { AuditRecorder } from '../audit/audit-log';
import type { ApiKeyRecord, ApiKeyStore } from './ports';

/** More active keys than this in one workspace is a 409: a workspace needs a few integrations, not thousands. */
export const MAX_ACTIVE_KEYS_PER_WORKSPACE = 50;

export interface ApiKeyIdentity {
  keyId: string;
  workspaceId: string;
  scope: ApiKeyScope;
}

export type ApiKeyAuthentication = { ok: true; key: ApiKeyIdentity } | { ok: false; reason: string };

const INVALID = 'The API key is not valid.';

/** What a key's owner may see of it: everything but the secret's hash. */
export function apiKeyView({ secretHash: _hash, workspaceId: _ws, ...view }: ApiKeyRecord) {
  return view;
}

/**
 * Workspace API keys: created (and shown) once, listed without secrets, revoked for good; and the authorizer's
 * check of a presented key (one GetItem, a constant-time hash comparison, at most one write a minute).
 */
export class ApiKeyService {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly now: () => Date = () => new Date(),
    private readonly audit?: AuditRecorder,
  ) {}

  async create(workspaceId: string, createdBy: string, input: { name: string; scope: ApiKeyScope }) {
    const active = (await this.store.listOfWorkspace(workspaceId)).filter((key) => !key.revokedAt);
    if (active.length >= MAX_ACTIVE_KEYS_PER_WORKSPACE)
      throw new ConflictError(
        `A workspace holds at most ${MAX_ACTIVE_KEYS_PER_WORKSPACE} active API keys; revoke one first.`,
      );
    const generated = generateApiKey();
    const record: ApiKeyRecord = {
      id: generated.keyId,
      workspaceId,
      name: input.name,
      scope: input.scope,
      secretHash: generated.secretHash,
      createdAt: this.now().toISOString(),
      createdBy,
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.store.create(record);
    await this.audit?.record(
      workspaceId,
      { type: 'user', id: createdBy },
      'api_key.created',
      { type: 'api_key', id: record.id },
      { name: record.name, scope: record.scope },
    );
    return { ...apiKeyView(record), key: generated.key };
  }

  async list(workspaceId: string) {
    const records = await this.store.listOfWorkspace(workspaceId);
    return records.map(apiKeyView);
  }

  /** Idempotent: revoking a revoked key of the workspace is a no-op; another workspace's key is a 404. */
  async revoke(workspaceId: string, keyId: string, actor: AuditActor): Promise<void> {
    if (!(await this.store.revoke(workspaceId, keyId, this.now().toISOString())))
      throw new NotFoundError('API key not found.');
    await this.audit?.record(workspaceId, actor, 'api_key.revoked', { type: 'api_key', id: keyId });
  }

  async authenticate(credential: string): Promise<ApiKeyAuthentication> {
    const parts = parseApiKey(credential);
    if (!parts) return { ok: false, reason: INVALID };
    const record = await this.store.get(parts.keyId);
    // Same answer for an unknown id and a wrong secret: a caller learns nothing about which ids exist.
    if (!record || !secretMatches(parts.secret, record.secretHash)) return { ok: false, reason: INVALID };
    if (record.revokedAt) return { ok: false, reason: 'This API key was revoked.' };
    const now = this.now();
    if (!record.lastUsedAt || Date.parse(record.lastUsedAt) <= now.getTime() - LAST_USED_RESOLUTION_MS)
      try {
        await this.store.touch(
          record.id,
          now.toISOString(),
          new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString(),
        );
      } catch (error) {
        // The last-used time is informative: failing to record it never refuses a valid key.
        logger.warn('api key last-used time not recorded', { error: error as Error, keyId: record.id });
      }
    return { ok: true, key: { keyId: record.id, workspaceId: record.workspaceId, scope: record.scope } };
  }
}
