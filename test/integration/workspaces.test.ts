import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup, signupWithWorkspace } from '../support/api';
import { joinWorkspace, verifyEmail } from '../support/members';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage();
});
afterAll(() => stage.stop());

describe('Routes: /workspaces', () => {
  it('creates a workspace owned by its creator, on the freemium plan', async () => {
    const user = await signup(stage.api, 'creator');
    const created = await stage.api.post('/workspaces', { name: 'Bakery' }, { token: user.accessToken });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Bakery', role: 'owner', plan: 'freemium' });
    const list = await stage.api.get('/workspaces', { token: user.accessToken });
    expect(list.body).toEqual({
      items: [{ id: created.body.id, name: 'Bakery', role: 'owner' }],
      nextCursor: null,
    });
    const me = await stage.api.get('/auth/me', { token: user.accessToken });
    expect(me.body.workspaces).toEqual([{ id: created.body.id, name: 'Bakery', role: 'owner' }]);
  });

  it('never lets a user of workspace A read or write workspace B', async () => {
    const a = await signupWithWorkspace(stage.api, 'alice');
    const b = await signupWithWorkspace(stage.api, 'bruno');
    for (const [method, path, body] of [
      ['GET', `/workspaces/${b.workspaceId}`, undefined],
      ['PATCH', `/workspaces/${b.workspaceId}`, { name: 'pwned' }],
      ['DELETE', `/workspaces/${b.workspaceId}`, undefined],
      ['POST', `/workspaces/${b.workspaceId}/members`, { email: a.email, role: 'owner' }],
      ['DELETE', `/workspaces/${b.workspaceId}/members/${b.user.id}`, undefined],
    ] as const) {
      const response = await stage.api.request(method, path, { token: a.accessToken, body });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
    const still = await stage.api.get(`/workspaces/${b.workspaceId}`, { token: b.accessToken });
    expect(still.body).toMatchObject({ name: "bruno's shop" });
    expect(still.body.members.map((m: { userId: string }) => m.userId)).toEqual([b.user.id]);
  });

  it('answers 403 for a workspace that does not exist (no probing ids)', async () => {
    const user = await signup(stage.api, 'prober');
    const response = await stage.api.get('/workspaces/does-not-exist', { token: user.accessToken });
    expect(response.status).toBe(403);
  });

  it('adds members by role through invitations and enforces who may do what', async () => {
    const owner = await signupWithWorkspace(stage.api, 'olga');
    const admin = await signup(stage.api, 'adam');
    const member = await signup(stage.api, 'mia');
    const ws = owner.workspaceId;
    await joinWorkspace(stage.api, owner, admin, 'admin');
    await joinWorkspace(stage.api, { ...admin, workspaceId: ws }, member);
    // An admin cannot create owners; a member cannot invite anyone or rename the workspace.
    expect(
      (
        await stage.api.post(
          `/workspaces/${ws}/members`,
          { email: 'x@example.test', role: 'owner' },
          { token: admin.accessToken },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await stage.api.post(
          `/workspaces/${ws}/members`,
          { email: 'y@example.test' },
          { token: member.accessToken },
        )
      ).status,
    ).toBe(403);
    expect(
      (await stage.api.patch(`/workspaces/${ws}`, { name: 'Renamed' }, { token: member.accessToken })).status,
    ).toBe(403);
    // Inviting a member again is a conflict.
    expect(
      (
        await stage.api.post(
          `/workspaces/${ws}/members`,
          { email: member.email },
          { token: owner.accessToken },
        )
      ).status,
    ).toBe(409);
    // An admin cannot remove the owner; the last owner cannot leave.
    expect(
      (await stage.api.delete(`/workspaces/${ws}/members/${owner.user.id}`, { token: admin.accessToken }))
        .status,
    ).toBe(403);
    expect(
      (await stage.api.delete(`/workspaces/${ws}/members/${owner.user.id}`, { token: owner.accessToken }))
        .status,
    ).toBe(409);
    // Renames are seen by every member; members can leave.
    expect(
      (await stage.api.patch(`/workspaces/${ws}`, { name: 'Renamed' }, { token: admin.accessToken })).status,
    ).toBe(200);
    const mine = await stage.api.get('/workspaces', { token: member.accessToken });
    expect(mine.body.items).toEqual([{ id: ws, name: 'Renamed', role: 'member' }]);
    expect(
      (await stage.api.delete(`/workspaces/${ws}/members/${member.user.id}`, { token: member.accessToken }))
        .status,
    ).toBe(204);
    expect((await stage.api.get(`/workspaces/${ws}`, { token: member.accessToken })).status).toBe(403);
  });

  it('invites an email that has no account yet: signing up alone joins nothing, verifying and accepting does', async () => {
    const owner = await signupWithWorkspace(stage.api, 'inviter');
    const email = `invitee.${Date.now()}@example.test`;
    const invite = await stage.api.post(
      `/workspaces/${owner.workspaceId}/members`,
      { email, role: 'admin' },
      { token: owner.accessToken },
    );
    expect(invite.status).toBe(202);
    expect(invite.body).toMatchObject({
      invitationId: expect.any(String),
      status: 'pending',
      email,
      role: 'admin',
    });
    const joined = await stage.api.post('/auth/signup', { email, password: 'long enough pw' });
    const token = joined.body.accessToken;
    expect((await stage.api.get('/auth/me', { token })).body.workspaces).toEqual([]);
    await verifyEmail(stage.api, { email });
    const accepted = await stage.api.post(`/invitations/${invite.body.invitationId}/accept`, undefined, {
      token,
    });
    expect(accepted.status).toBe(200);
    const me = await stage.api.get('/auth/me', { token });
    expect(me.body.workspaces).toEqual([{ id: owner.workspaceId, name: "inviter's shop", role: 'admin' }]);
  });

  it('deletes a workspace with its data; only the owner may', async () => {
    const owner = await signupWithWorkspace(stage.api, 'deleter');
    const admin = await signup(stage.api, 'deladmin');
    await joinWorkspace(stage.api, owner, admin, 'admin');
    expect(
      (await stage.api.delete(`/workspaces/${owner.workspaceId}`, { token: admin.accessToken })).status,
    ).toBe(403);
    expect(
      (await stage.api.delete(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken })).status,
    ).toBe(204);
    expect((await stage.api.get('/workspaces', { token: admin.accessToken })).body.items).toEqual([]);
    expect(
      (await stage.api.get(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken })).status,
    ).toBe(403);
  });

  it('validates names, time zones and path ids', async () => {
    const user = await signup(stage.api, 'val');
    const bad = await stage.api.post(
      '/workspaces',
      { name: '', timezone: 'Mars/Base' },
      { token: user.accessToken },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['name', 'timezone']);
    const badId = await stage.api.get('/workspaces/bad%20id', { token: user.accessToken });
    expect(badId.status).toBe(400);
  });
});
