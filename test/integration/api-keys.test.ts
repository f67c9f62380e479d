import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';
import { addMemberInStore } from '../support/workspaces';

let stage: TestStage;

beforeAll(async () => {
  stage = await startTestStage();
});
afterAll(async () => {
  await stage?.stop();
});

const scenario = { name: 'Prix', keywords: ['prix'], action: 'dm', message: 'Hello' };

async function ownerWithKeys(name: string) {
  const owner = await signupWithWorkspace(stage.api, name);
  const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
  const read = await stage.api.post('/api-keys', { name: 'dashboard', scope: 'read' }, as);
  const write = await stage.api.post('/api-keys', { name: 'zapier', scope: 'write' }, as);
  return { owner, as, read: read.body, write: write.body, created: [read, write] };
}

describe('Routes: /api-keys', () => {
  it('shows a key once, lists keys without secrets, and revokes them', async () => {
    // Prepare
    const { as, read, created } = await ownerWithKeys('keys');

    // Act
    const used = await stage.api.get('/leads', { token: read.key });
    const list = await stage.api.get('/api-keys', as);
    const revoke = await stage.api.delete(`/api-keys/${read.id}`, as);
    const again = await stage.api.delete(`/api-keys/${read.id}`, as);
    const afterRevoke = await stage.api.get('/leads', { token: read.key });
    const listed = await stage.api.get('/api-keys', as);

    // Assess
    expect(created.map((r) => r.status)).toEqual([201, 201]);
    expect(read).toMatchObject({ name: 'dashboard', scope: 'read', lastUsedAt: null, revokedAt: null });
    expect(read.key).toMatch(/^fia_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/);
    expect(used.status).toBe(200);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(read.key.slice(-43));
    expect(list.text).not.toContain('secretHash');
    const listedRead = list.body.items.find((k: { id: string }) => k.id === read.id);
    expect(listedRead).toMatchObject({ name: 'dashboard', scope: 'read', revokedAt: null });
    expect(listedRead.lastUsedAt).toEqual(expect.any(String));
    expect(listedRead).not.toHaveProperty('key');
    expect([revoke.status, again.status]).toEqual([204, 204]);
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.error.message).toMatch(/revoked/);
    expect(listed.body.items.find((k: { id: string }) => k.id === read.id).revokedAt).toEqual(
      expect.any(String),
    );
  });

  it('keeps a read key to GET and lets a write key write, with or without X-Workspace-Id', async () => {
    // Prepare
    const { owner, read, write } = await ownerWithKeys('scope');

    // Act
    const preview = { text: 'combien ?', kind: 'dm' };
    const readPost = await stage.api.post('/ai/preview-reply', preview, { token: read.key });
    const writePost = await stage.api.post('/ai/preview-reply', preview, {
      token: write.key,
      workspaceId: owner.workspaceId,
    });
    const readGet = await stage.api.get('/leads', { token: read.key, workspaceId: owner.workspaceId });

    // Assess
    expect(readPost.status).toBe(403);
    expect(readPost.body.error.message).toMatch(/read-only/);
    expect(writePost.status).toBe(200);
    expect(readGet.status).toBe(200);
  });

  it('confines a key to its workspace, the streaming CSV export included', async () => {
    // Prepare
    const a = await ownerWithKeys('tenant-a');
    const b = await ownerWithKeys('tenant-b');
    await stage.api.post('/scenarios', scenario, b.as);

    // Act
    const cross = await stage.api.get('/scenarios', { token: a.write.key, workspaceId: b.owner.workspaceId });
    const crossPath = await stage.api.get(`/workspaces/${b.owner.workspaceId}/knowledge`, {
      token: a.write.key,
    });
    const revokeOther = await stage.api.delete(`/api-keys/${b.write.id}`, a.as);
    const own = await stage.api.get('/scenarios', { token: a.write.key });
    const ownCsv = await stage.api.get('/leads/export.csv', { token: a.read.key });
    const crossCsv = await stage.api.get('/leads/export.csv', {
      token: a.read.key,
      workspaceId: b.owner.workspaceId,
    });
    const revokedB = await stage.api.delete(`/api-keys/${b.read.id}`, b.as);
    const revokedCsv = await stage.api.get('/leads/export.csv', { token: b.read.key });

    // Assess
    expect(cross.status).toBe(403);
    expect(crossPath.status).toBe(403);
    expect(revokeOther.status).toBe(404);
    expect(own.body.items).toEqual([]);
    expect(ownCsv.status).toBe(200);
    expect(ownCsv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(crossCsv.status).toBe(403);
    expect(revokedB.status).toBe(204);
    expect(revokedCsv.status).toBe(401);
  });

  it('never lets a key act as an owner, an admin or a person', async () => {
    // Prepare
    const { owner, write } = await ownerWithKeys('roles');
    const asKey = { token: write.key };

    // Act
    const statuses = [
      (await stage.api.post('/api-keys', { name: 'x', scope: 'write' }, asKey)).status,
      (await stage.api.get('/api-keys', asKey)).status,
      (await stage.api.delete(`/api-keys/${write.id}`, asKey)).status,
      (await stage.api.post('/billing/create-checkout', { plan: 'premium' }, asKey)).status,
      (
        await stage.api.post(
          `/workspaces/${owner.workspaceId}/members`,
          { email: 'x@example.test', role: 'member' },
          asKey,
        )
      ).status,
      (await stage.api.delete(`/workspaces/${owner.workspaceId}/members/${owner.user.id}`, asKey)).status,
      (await stage.api.delete(`/workspaces/${owner.workspaceId}`, asKey)).status,
      (await stage.api.get('/auth/me', asKey)).status,
      (await stage.api.get('/workspaces', asKey)).status,
    ];

    // Assess
    expect(statuses).toEqual([403, 403, 403, 403, 403, 403, 403, 403, 403]);
    expect((await stage.api.get(`/workspaces/${owner.workspaceId}`, asKey)).status).toBe(200);
  });

  it('answers 401 to malformed and forged keys, and leaves JWTs as they were', async () => {
    // Prepare
    const { owner, as, write } = await ownerWithKeys('forged');
    const lastChar = write.key.endsWith('A') ? 'B' : 'A';
    const forged = [
      'fia_nope',
      `${write.key.slice(0, -1)}${lastChar}`,
      `fia_${'0'.repeat(24)}_${write.key.slice(-43)}`,
      `${write.key}x`,
    ];

    // Act
    const statuses = [];
    for (const token of forged) statuses.push((await stage.api.get('/scenarios', { token })).status);
    const me = await stage.api.get('/auth/me', { token: owner.accessToken });
    const scenarios = await stage.api.get('/scenarios', as);

    // Assess
    expect(statuses).toEqual([401, 401, 401, 401]);
    expect(me.status).toBe(200);
    expect(scenarios.status).toBe(200);
  });

  it('lets only owners and admins manage keys, and validates the body', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'kadmin');
    const member = await signupWithWorkspace(stage.api, 'kmember');
    await addMemberInStore(owner.workspaceId, member, 'member');
    const asMember = { token: member.accessToken, workspaceId: owner.workspaceId };
    const asOwner = { token: owner.accessToken, workspaceId: owner.workspaceId };

    // Act
    const byMember = await stage.api.post('/api-keys', { name: 'x', scope: 'read' }, asMember);
    const listByMember = await stage.api.get('/api-keys', asMember);
    const badScope = await stage.api.post('/api-keys', { name: 'x', scope: 'admin' }, asOwner);
    const noName = await stage.api.post('/api-keys', { scope: 'read' }, asOwner);

    // Assess
    expect(byMember.status).toBe(403);
    expect(listByMember.status).toBe(403);
    expect(badScope.status).toBe(400);
    expect(badScope.body.error.details[0].path).toBe('scope');
    expect(noName.status).toBe(400);
  });
});
