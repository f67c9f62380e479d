import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup, signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';
import { joinWorkspace } from '../support/workspaces';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage();
});
afterAll(() => stage.stop());

const TRIES = 4;

async function owners(workspaceId: string, token: string): Promise<string[]> {
  const response = await stage.api.get(`/workspaces/${workspaceId}`, { token });
  expect(response.status).toBe(200);
  return response.body.members
    .filter((m: { role: string }) => m.role === 'owner')
    .map((m: { userId: string }) => m.userId);
}

describe('Races: the last owner', () => {
  it('two owners leaving at the same moment: one leaves, the other gets 409 last_owner', async () => {
    for (let attempt = 0; attempt < TRIES; attempt++) {
      // Prepare
      const first = await signupWithWorkspace(stage.api, 'owner-a');
      const second = await signup(stage.api, 'owner-b');
      await joinWorkspace(first.workspaceId, second, 'owner');
      const path = (userId: string) => `/workspaces/${first.workspaceId}/members/${userId}`;
      // Act
      const [a, b] = await Promise.all([
        stage.api.delete(path(first.user.id), { token: first.accessToken }),
        stage.api.delete(path(second.user.id), { token: second.accessToken }),
      ]);
      // Assess
      expect([a.status, b.status].sort(), `attempt ${attempt}`).toEqual([204, 409]);
      const refused = a.status === 409 ? a : b;
      expect(refused.body.error.code).toBe('last_owner');
      const stayer = a.status === 409 ? first : second;
      expect(await owners(first.workspaceId, stayer.accessToken)).toEqual([stayer.user.id]);
    }
  });

  it('two owners removing each other at the same moment keep one owner', async () => {
    for (let attempt = 0; attempt < TRIES; attempt++) {
      // Prepare
      const first = await signupWithWorkspace(stage.api, 'owner-c');
      const second = await signup(stage.api, 'owner-d');
      await joinWorkspace(first.workspaceId, second, 'owner');
      const path = (userId: string) => `/workspaces/${first.workspaceId}/members/${userId}`;
      // Act
      const [a, b] = await Promise.all([
        stage.api.delete(path(second.user.id), { token: first.accessToken }),
        stage.api.delete(path(first.user.id), { token: second.accessToken }),
      ]);
      // Assess: the loser is either refused (last_owner) or no longer a member by the time it is checked (403)
      const statuses = [a.status, b.status];
      expect(
        statuses.filter((s) => s === 204),
        `attempt ${attempt}: ${statuses}`,
      ).toHaveLength(1);
      const loser = a.status === 204 ? b : a;
      expect(['last_owner', 'forbidden']).toContain(loser.body.error.code);
      const stayer = a.status === 204 ? first : second;
      expect(await owners(first.workspaceId, stayer.accessToken)).toEqual([stayer.user.id]);
    }
  });

  it('three owners leaving at once leave exactly one owner', async () => {
    for (let attempt = 0; attempt < TRIES; attempt++) {
      // Prepare
      const first = await signupWithWorkspace(stage.api, 'owner-e');
      const others = [await signup(stage.api, 'owner-f'), await signup(stage.api, 'owner-g')];
      for (const other of others) await joinWorkspace(first.workspaceId, other, 'owner');
      const everyone = [first, ...others];
      // Act
      const results = await Promise.all(
        everyone.map((o) =>
          stage.api.delete(`/workspaces/${first.workspaceId}/members/${o.user.id}`, { token: o.accessToken }),
        ),
      );
      // Assess
      expect(results.map((r) => r.status).sort(), `attempt ${attempt}`).toEqual([204, 204, 409]);
      const stayer = everyone[results.findIndex((r) => r.status === 409)]!;
      expect(await owners(first.workspaceId, stayer.accessToken)).toEqual([stayer.user.id]);
    }
  });

  it('an owner who joined later can still leave while another owner stays', async () => {
    // Prepare
    const first = await signupWithWorkspace(stage.api, 'owner-h');
    const second = await signup(stage.api, 'owner-i');
    await joinWorkspace(first.workspaceId, second, 'owner');
    // Act
    const left = await stage.api.delete(`/workspaces/${first.workspaceId}/members/${first.user.id}`, {
      token: first.accessToken,
    });
    const last = await stage.api.delete(`/workspaces/${first.workspaceId}/members/${second.user.id}`, {
      token: second.accessToken,
    });
    // Assess
    expect(left.status).toBe(204);
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('last_owner');
    expect(await owners(first.workspaceId, second.accessToken)).toEqual([second.user.id]);
  });
});

describe('Races: rename and member removal', () => {
  it('a rename at the same moment as removals never brings a removed member back', async () => {
    for (let attempt = 0; attempt < TRIES; attempt++) {
      // Prepare
      const owner = await signupWithWorkspace(stage.api, 'renamer');
      const members = [];
      for (let i = 0; i < 8; i++) {
        const member = await signup(stage.api, `leaver${i}`);
        await joinWorkspace(owner.workspaceId, member, 'member');
        members.push(member);
      }
      // Act
      const [rename, ...removals] = await Promise.all([
        stage.api.patch(
          `/workspaces/${owner.workspaceId}`,
          { name: `Renamed ${attempt}` },
          { token: owner.accessToken },
        ),
        ...members.map((m) =>
          stage.api.delete(`/workspaces/${owner.workspaceId}/members/${m.user.id}`, {
            token: owner.accessToken,
          }),
        ),
      ]);
      // Assess
      expect(rename.status).toBe(200);
      expect(removals.map((r) => r.status)).toEqual(members.map(() => 204));
      const workspace = await stage.api.get(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken });
      expect(workspace.body.name).toBe(`Renamed ${attempt}`);
      expect(workspace.body.members.map((m: { userId: string }) => m.userId)).toEqual([owner.user.id]);
      for (const member of members) {
        const mine = await stage.api.get('/workspaces', { token: member.accessToken });
        expect(mine.body.items).toEqual([]);
        const direct = await stage.api.get(`/workspaces/${owner.workspaceId}`, { token: member.accessToken });
        expect(direct.status).toBe(403);
      }
      const ownerView = await stage.api.get('/workspaces', { token: owner.accessToken });
      expect(ownerView.body.items).toEqual([
        { id: owner.workspaceId, name: `Renamed ${attempt}`, role: 'owner' },
      ]);
    }
  });
});
