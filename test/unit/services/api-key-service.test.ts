import { describe, expect, it } from 'vitest';
import {
  generateApiKey,
  parseApiKey,
  scopeAllows,
  secretMatches,
} from '../../../shared/domain/api-keys/api-key';
import { ApiKeyService } from '../../../shared/services/api-keys/api-key-service';
import type { ApiKeyRecord, ApiKeyStore } from '../../../shared/services/api-keys/ports';

const ADMIN = { type: 'user' as const, id: 'user1' };

class MemoryApiKeyStore implements ApiKeyStore {
  readonly records = new Map<string, ApiKeyRecord>();
  touches = 0;
  async create(record: ApiKeyRecord) {
    this.records.set(record.id, { ...record });
  }
  async get(keyId: string) {
    const record = this.records.get(keyId);
    return record ? { ...record } : undefined;
  }
  async listOfWorkspace(workspaceId: string) {
    return [...this.records.values()].filter((record) => record.workspaceId === workspaceId);
  }
  async revoke(workspaceId: string, keyId: string, at: string) {
    const record = this.records.get(keyId);
    if (!record || record.workspaceId !== workspaceId) return false;
    record.revokedAt ??= at;
    return true;
  }
  async touch(keyId: string, at: string, staleBefore: string) {
    const record = this.records.get(keyId);
    if (record && (!record.lastUsedAt || record.lastUsedAt < staleBefore)) {
      record.lastUsedAt = at;
      this.touches += 1;
    }
  }
}

function serviceAt(start: number) {
  const clock = { now: start };
  const store = new MemoryApiKeyStore();
  return { clock, store, service: new ApiKeyService(store, () => new Date(clock.now)) };
}

describe('Function: generateApiKey', () => {
  it('makes fia_<24 hex>_<43 base64url> keys whose secret only matches its own hash', () => {
    // Act
    const a = generateApiKey();
    const b = generateApiKey();

    // Assess
    expect(a.key).toMatch(/^fia_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/);
    const parts = parseApiKey(a.key);
    expect(parts?.keyId).toBe(a.keyId);
    expect(secretMatches(parts?.secret ?? '', a.secretHash)).toBe(true);
    expect(secretMatches(parseApiKey(b.key)?.secret ?? '', a.secretHash)).toBe(false);
    expect(a.secretHash).not.toContain(parts?.secret ?? '');
  });

  it('rejects malformed keys', () => {
    // Assess
    for (const bad of [
      'fia_',
      'fia_abc_def',
      `fia_${'g'.repeat(24)}_${'a'.repeat(43)}`,
      `xia_${'a'.repeat(24)}_${'a'.repeat(43)}`,
    ])
      expect(parseApiKey(bad)).toBeUndefined();
  });
});

describe('Function: scopeAllows', () => {
  it('lets a read key only read', () => {
    // Assess
    expect(scopeAllows('read', 'GET')).toBe(true);
    expect(scopeAllows('read', 'POST')).toBe(false);
    expect(scopeAllows('read', 'DELETE')).toBe(false);
    expect(scopeAllows('write', 'PATCH')).toBe(true);
  });
});

describe('Class: ApiKeyService', () => {
  describe('Method: authenticate', () => {
    it('accepts its key, and records the last use at most once a minute', async () => {
      // Prepare
      const { clock, store, service } = serviceAt(Date.UTC(2030, 0, 1));
      const created = await service.create('ws1', 'user1', { name: 'zap', scope: 'read' });

      // Act
      const first = await service.authenticate(created.key);
      clock.now += 30_000;
      const second = await service.authenticate(created.key);
      clock.now += 31_000;
      const third = await service.authenticate(created.key);

      // Assess
      expect(first).toEqual({ ok: true, key: { keyId: created.id, workspaceId: 'ws1', scope: 'read' } });
      expect(second.ok && third.ok).toBe(true);
      expect(store.touches).toBe(2);
      expect(store.records.get(created.id)?.lastUsedAt).toBe(new Date(clock.now).toISOString());
    });

    it('refuses a forged secret, an unknown id and a revoked key', async () => {
      // Prepare
      const { service } = serviceAt(Date.UTC(2030, 0, 1));
      const created = await service.create('ws1', 'user1', { name: 'zap', scope: 'write' });
      const forged = `${created.key.slice(0, -1)}${created.key.endsWith('A') ? 'B' : 'A'}`;
      const unknown = `fia_${'0'.repeat(24)}_${created.key.slice(-43)}`;

      // Act
      const results = [await service.authenticate(forged), await service.authenticate(unknown)];
      await service.revoke('ws1', created.id, ADMIN);
      const revoked = await service.authenticate(created.key);

      // Assess
      expect(results).toEqual([
        { ok: false, reason: 'The API key is not valid.' },
        { ok: false, reason: 'The API key is not valid.' },
      ]);
      expect(revoked).toEqual({ ok: false, reason: 'This API key was revoked.' });
    });
  });

  describe('Method: revoke', () => {
    it('is idempotent in its workspace and a 404 from another', async () => {
      // Prepare
      const { service } = serviceAt(Date.UTC(2030, 0, 1));
      const created = await service.create('ws1', 'user1', { name: 'zap', scope: 'write' });

      // Act
      await service.revoke('ws1', created.id, ADMIN);
      await service.revoke('ws1', created.id, ADMIN);
      const other = service.revoke('ws2', created.id, ADMIN);

      // Assess
      await expect(other).rejects.toMatchObject({ status: 404 });
      expect((await service.list('ws1'))[0]).not.toHaveProperty('secretHash');
    });
  });
});
