import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup, signupWithWorkspace } from '../support/api';
import { connectInstagram } from '../support/engine';
import { makeLead, seedLeads } from '../support/leads';
import { joinWorkspace } from '../support/members';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;

beforeAll(async () => {
  stage = await startTestStage();
});
afterAll(() => stage.stop());

type Entry = { action: string; actor: { type: string; id: string }; target: { type: string; id: string } };
const actions = (items: Entry[]) => items.map((entry) => entry.action);

describe('Routes: GET /audit', () => {
  it('records who did what, newest first, for owners and admins', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'audit');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    const admin = await signup(stage.api, 'admin');
    const member = await signup(stage.api, 'member');
    await joinWorkspace(stage.api, owner, admin, 'admin');
    await joinWorkspace(stage.api, owner, member, 'member');
    const key = await stage.api.post('/api-keys', { name: 'zap', scope: 'read' }, as);
    expect((await stage.api.delete(`/api-keys/${key.body.id}`, as)).status).toBe(204);
    const account = await connectInstagram(owner.workspaceId);
    expect((await stage.api.delete(`/social-accounts/${account.id}`, as)).status).toBe(204);
    expect(
      (await stage.api.patch(`/workspaces/${owner.workspaceId}`, { interactionRetentionMonths: 6 }, as))
        .status,
    ).toBe(200);
    const [lead] = [makeLead(owner.workspaceId)];
    await seedLeads([lead!]);
    expect((await stage.api.get(`/leads/${lead!.id}/export`, as)).status).toBe(200);
    expect((await stage.api.delete(`/leads/${lead!.id}`, as)).status).toBe(204);
    const me = (await stage.api.get('/auth/me', { token: member.accessToken })).body.user;
    expect((await stage.api.delete(`/workspaces/${owner.workspaceId}/members/${me.id}`, as)).status).toBe(
      204,
    );

    // Act
    const byOwner = await stage.api.get('/audit', as);
    const byAdmin = await stage.api.get('/audit', {
      token: admin.accessToken,
      workspaceId: owner.workspaceId,
    });

    // Assess
    expect(byOwner.status, byOwner.text).toBe(200);
    expect(actions(byOwner.body.items)).toEqual([
      'member.removed',
      'lead.erased',
      'lead.exported',
      'workspace.updated',
      'account.disconnected',
      'api_key.revoked',
      'api_key.created',
      'member.added',
      'member.invited',
      'member.added',
      'member.invited',
    ]);
    const [removed, erased, , updated, disconnected, revoked] = byOwner.body.items as Entry[];
    expect(removed).toMatchObject({
      actor: { type: 'user', id: owner.user.id },
      target: { type: 'member', id: me.id },
      details: { role: 'member' },
    });
    expect(erased).toMatchObject({ target: { type: 'lead', id: lead!.id } });
    expect(updated).toMatchObject({ details: { interactionRetentionMonths: 6 } });
    expect(disconnected).toMatchObject({ target: { type: 'social_account', id: account.id } });
    expect(revoked).toMatchObject({ target: { type: 'api_key', id: key.body.id } });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.items).toHaveLength(11);
    // Nothing secret in the log: the API key itself was shown once, never stored in clear.
    expect(byOwner.text).not.toContain(key.body.key);
  });

  it('pages with cursors bound to the workspace', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'pages');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    for (const name of ['a', 'b', 'c'])
      expect((await stage.api.post('/api-keys', { name, scope: 'read' }, as)).status).toBe(201);
    const other = await signupWithWorkspace(stage.api, 'pages-other');

    // Act
    const first = await stage.api.get('/audit?limit=2', as);
    const second = await stage.api.get(`/audit?limit=2&cursor=${first.body.nextCursor}`, as);
    const foreign = await stage.api.get(`/audit?limit=2&cursor=${first.body.nextCursor}`, {
      token: other.accessToken,
      workspaceId: other.workspaceId,
    });

    // Assess
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toBe('cursor');
  });

  it('is refused to members, API keys and other workspaces, and has no route to change an entry', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'guard');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    const member = await signup(stage.api, 'guard-member');
    await joinWorkspace(stage.api, owner, member, 'member');
    const key = await stage.api.post('/api-keys', { name: 'k', scope: 'write' }, as);
    const other = await signupWithWorkspace(stage.api, 'guard-other');

    // Act
    const asMember = await stage.api.get('/audit', {
      token: member.accessToken,
      workspaceId: owner.workspaceId,
    });
    const withKey = await stage.api.get('/audit', { token: key.body.key });
    const intoOther = await stage.api.get('/audit', {
      token: other.accessToken,
      workspaceId: owner.workspaceId,
    });
    const entryId = (await stage.api.get('/audit', as)).body.items[0].id;
    const edits = await Promise.all([
      stage.api.delete('/audit', as),
      stage.api.delete(`/audit/${entryId}`, as),
      stage.api.patch(`/audit/${entryId}`, { action: 'member.added' }, as),
      stage.api.post('/audit', { action: 'member.added' }, as),
    ]);

    // Assess
    expect(asMember.status).toBe(403);
    expect(withKey.status).toBe(403);
    expect(intoOther.status).toBe(403);
    for (const edit of edits) expect([404, 405]).toContain(edit.status);
    expect((await stage.api.get('/audit', as)).body.items[0].id).toBe(entryId);
  });
});
