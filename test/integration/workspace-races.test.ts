import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';
import { addMemberInStore } from '../support/workspaces';

type User = Awaited<ReturnType<typeof signup>>;

let stage: TestStage;
/** Signed up once (password hashing is the slow part); every attempt gets fresh workspaces. */
let owners: User[];
let members: User[];
beforeAll(async () => {
  stage = await startTestStage();
  owners = [];
  for (const name of ['owner-a', 'owner-b', 'owner-c']) owners.push(await signup(stage.api, name));
  members = [];
  for (let i = 0; i < 6; i++) members.push(await signup(stage.api, `member${i}`));
});
afterAll(() => stage.stop());

const TRIES = 4;
const SLOW = { timeout: 120_000 };

/** A new workspace created by the first user, with the others joined at `role`. */
async function workspaceOf(creator: User, others: User[], role: 'owner' | 'member'): Promise<string> {
  const created = await stage.api.post('/workspaces', { name: 'Race shop' }, { token: creator.accessToken });
  expect(created.status).toBe(201);
  for (const other of others) await addMemberInStore(created.body.id, other, role);
  return created.body.id as string;
}

async function ownersOf(workspaceId: string, token: string): Promise<string[]> {
  const response = await stage.api.get(`/workspaces/${workspaceId}`, { token });
  expect(response.status).toBe(200);
  return response.body.members
    .filter((m: { role: string }) => m.role === 'owner')
    .map((m: { userId: string }) => m.userId);
}

const removal = (workspaceId: string, target: User, actor: User) =>
  stage.api.delete(`/workspaces/${workspaceId}/members/${target.user.id}`, { token: actor.accessToken });

describe('Races: the last owner', () => {
  it('two owners leaving at the same moment: one leaves, the other gets 409 last_owner', SLOW, async () => {
    const [first, second] = owners as [User, User];
    for (let attempt = 0; attempt < TRIES; attempt++) {
      // Prepare
      const workspaceId = await workspaceOf(first, [second], 'owner');
      // Act
      const [a, b] = await Promise.all([
        removal(workspaceId, first, first),
        removal(workspaceId, second, second),
      ]);
      // Assess
      expect([a.status, b.status].sort(), `attempt ${attempt}`).toEqual([204, 409]);
      const refused = a.status === 409 ? a : b;
      expect(refused.body.error.code).toBe('last_owner');
      const stayer = a.status === 409 ? first : second;
      expect(await ownersOf(workspaceId, stayer.accessToken)).toEqual([stayer.user.id]);
    }
  });

  it('two owners removing each other at the same moment keep one owner', SLOW, async () => {
    const [first, second] = owners as [User, User];
    for (let attempt = 0; attempt < TRIES; attempt++) {
      // Prepare
      const workspaceId = await workspaceOf(first, [second], 'owner');
      // Act
      const [a, b] = await Promise.all([
        removal(workspaceId, second, first),
        removal(workspaceId, first, second),
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
      expect(await ownersOf(workspaceId, stayer.accessToken)).toEqual([stayer.user.id]);
    }
  });

  it('three owners leaving at once leave exactly one owner', SLOW, async () => {
    const [first, ...others] = owners as [User, User, User];
    for (let attempt = 0; attempt < TRIES; attempt++) {
      // Prepare
      const workspaceId = await workspaceOf(first, others, 'owner');
      // Act
      const results = await Promise.all(owners.map((o) => removal(workspaceId, o, o)));
      // Assess
      expect(results.map((r) => r.status).sort(), `attempt ${attempt}`).toEqual([204, 204, 409]);
      const stayer = owners[results.findIndex((r) => r.status === 409)]!;
      expect(await ownersOf(workspaceId, stayer.accessToken)).toEqual([stayer.user.id]);
    }
  });

  it('an owner who joined later can leave while another owner stays, then the last one cannot', async () => {
    // Prepare
    const [first, second] = owners as [User, User];
    const workspaceId = await workspaceOf(first, [second], 'owner');
    // Act
    const left = await removal(workspaceId, first, first);
    const last = await removal(workspaceId, second, second);
    // Assess
    expect(left.status).toBe(204);
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('last_owner');
    expect(await ownersOf(workspaceId, second.accessToken)).toEqual([second.user.id]);
  });
});

describe('Races: rename and member removal', () => {
  it('a rename at the same moment as removals never brings a removed member back', SLOW, async () => {
    const owner = owners[0]!;
    for (let attempt = 0; attempt < TRIES; attempt++) {
      // Prepare
      const workspaceId = await workspaceOf(owner, members, 'member');
      // Act
      const [rename, ...removals] = await Promise.all([
        stage.api.patch(
          `/workspaces/${workspaceId}`,
          { name: `Renamed ${attempt}` },
          { token: owner.accessToken },
        ),
        ...members.map((m) => removal(workspaceId, m, owner)),
      ]);
      // Assess
      expect(rename.status).toBe(200);
      expect(removals.map((r) => r.status)).toEqual(members.map(() => 204));
      const workspace = await stage.api.get(`/workspaces/${workspaceId}`, { token: owner.accessToken });
      expect(workspace.body.name).toBe(`Renamed ${attempt}`);
      expect(workspace.body.members.map((m: { userId: string }) => m.userId)).toEqual([owner.user.id]);
      for (const member of members) {
        const mine = await stage.api.get('/workspaces', { token: member.accessToken });
        expect(mine.body.items.map((w: { id: string }) => w.id)).not.toContain(workspaceId);
        const direct = await stage.api.get(`/workspaces/${workspaceId}`, { token: member.accessToken });
        expect(direct.status).toBe(403);
      }
      const ownerView = await stage.api.get('/workspaces', { token: owner.accessToken });
      expect(ownerView.body.items).toContainEqual({
        id: workspaceId,
        name: `Renamed ${attempt}`,
        role: 'owner',
      });
    }
  });
});
