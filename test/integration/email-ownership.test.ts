import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoLocalMailbox } from '../../infra/local/adapters/local-mailbox';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoInvitationStore } from '../../shared/adapters/dynamo/invitation-store';
import { DynamoRateCounter } from '../../shared/adapters/dynamo/rate-counter';
import { DynamoUserStore } from '../../shared/adapters/dynamo/user-store';
import { DynamoWorkspaceStore } from '../../shared/adapters/dynamo/workspace-store';
import { jwtSecret } from '../../shared/adapters/secrets/jwt-secret';
import { EmailVerificationService } from '../../shared/services/auth/email-verification';
import { SendBudget } from '../../shared/services/email/send-budget';
import { InvitationService } from '../../shared/services/workspaces/invitation-service';
import { type ApiResponse, signup, signupWithWorkspace } from '../support/api';
import { joinWorkspace, mailboxOf, verificationTokenOf, verifyEmail } from '../support/members';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Issue 18 item 1, as an attacker tries it over HTTP: an address is worth something (an invitation, the
 * operators' allow-list) only once its owner opened the link we emailed to it.
 */
const OPERATOR = `ops.${process.pid}.${Date.now()}@example.test`;
const FRONTEND = 'http://127.0.0.1:5173';
/** A day long gone: what a service with this clock issues has expired by any real "now". */
const LONG_AGO = () => new Date('2025-01-01T09:00:00.000Z');

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({
    env: {
      ADMIN_EMAILS: OPERATOR,
      FRONTEND_URL: FRONTEND,
      EMAIL_VERIFICATION_PER_HOUR: '2',
      INVITATIONS_PER_WORKSPACE_PER_HOUR: '4',
    },
  });
});
afterAll(() => stage.stop());

type User = Awaited<ReturnType<typeof signup>>;
type Owner = Awaited<ReturnType<typeof signupWithWorkspace>>;

let counter = 0;
const freshEmail = (name: string) => `${name}.${process.pid}.${++counter}.${Date.now()}@example.test`;

async function signupAs(email: string): Promise<User> {
  const response = await stage.api.post('/auth/signup', { email, password: 'correct horse battery' });
  expect(response.status, response.text).toBe(201);
  return { email, password: 'correct horse battery', ...response.body };
}

const me = async (user: { accessToken: string }) =>
  (await stage.api.get('/auth/me', { token: user.accessToken })).body;

function invite(admin: Owner, email: string, role = 'member') {
  return stage.api.post(
    `/workspaces/${admin.workspaceId}/members`,
    { email, role },
    { token: admin.accessToken },
  );
}

const accept = (user: { accessToken: string }, invitationId: string) =>
  stage.api.post(`/invitations/${invitationId}/accept`, undefined, { token: user.accessToken });

function expectError(response: ApiResponse, status: number, code: string) {
  expect(response.status, response.text).toBe(status);
  expect(response.body.error.code).toBe(code);
}

const memberIds = async (owner: Owner) =>
  (await stage.api.get(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken })).body.members.map(
    (m: { userId: string }) => m.userId,
  );

/** Services of this stage's table and secret, but with a clock in the past: they issue what has since expired. */
const pastServices = () => {
  const mailbox = new DynamoLocalMailbox(LONG_AGO);
  return {
    verification: new EmailVerificationService(
      new DynamoUserStore(stageTable),
      mailbox,
      new SendBudget(new DynamoRateCounter(stageTable), LONG_AGO),
      { secret: jwtSecret, ttlSeconds: 24 * 3600, frontendUrl: FRONTEND, perHour: 5 },
      LONG_AGO,
    ),
    invitations: new InvitationService(
      new DynamoInvitationStore(stageTable),
      new DynamoWorkspaceStore(stageTable),
      new DynamoUserStore(stageTable),
      mailbox,
      new SendBudget(new DynamoRateCounter(stageTable), LONG_AGO),
      { frontendUrl: FRONTEND, perWorkspacePerHour: 5 },
      LONG_AGO,
    ),
  };
};

describe('Email verification', () => {
  it('emails a link at signup; opening it verifies the address, as /auth/me and login then show', async () => {
    // Prepare
    const user = await signup(stage.api, 'vera');
    expect(user.user.emailVerified).toBe(false);
    expect((await me(user)).user.emailVerified).toBe(false);
    const [mail] = await mailboxOf(stage.api, user.email);
    expect(mail).toMatchObject({ to: user.email, subject: expect.stringContaining('Confirm your email') });
    expect(mail!.links[0]).toMatch(new RegExp(`^${FRONTEND}/verify-email\\?token=`));

    // Act
    const verified = await stage.api.post('/auth/verify-email', {
      token: await verificationTokenOf(stage.api, user.email),
    });

    // Assess
    expect(verified.status).toBe(200);
    expect(verified.body.user).toEqual({ ...user.user, emailVerified: true });
    expect((await me(user)).user.emailVerified).toBe(true);
    const login = await stage.api.post('/auth/login', { email: user.email, password: user.password });
    expect(login.body.user.emailVerified).toBe(true);
  });

  it('refuses a verification token used twice, even by two concurrent requests', async () => {
    const user = await signup(stage.api, 'twice');
    const token = await verificationTokenOf(stage.api, user.email);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => stage.api.post('/auth/verify-email', { token })));
    expect([a, b, c].map((r) => r!.status).sort()).toEqual([200, 400, 400]);
    const again = await stage.api.post('/auth/verify-email', { token });
    expectError(again, 400, 'invalid_token');
    expect(again.body.error.message).toContain('already been used');
  });

  it('refuses forged tokens: tampered claims, another key, another user’s signature, an access token', async () => {
    // Prepare
    const victim = await signup(stage.api, 'victim');
    const attacker = await signup(stage.api, 'attacker');
    const [payload, signature] = (await verificationTokenOf(stage.api, attacker.email)).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const retargeted = Buffer.from(
      JSON.stringify({ ...claims, userId: victim.user.id, email: victim.email }),
    );
    const longer = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 365 * 24 * 3600 }));
    const forged = {
      'claims retargeted at the victim': `${retargeted.toString('base64url')}.${signature}`,
      'expiry extended': `${longer.toString('base64url')}.${signature}`,
      'signed with another key': `${retargeted.toString('base64url')}.${Buffer.alloc(32, 7).toString('base64url')}`,
      'the access token': victim.accessToken,
      'a JWT with the verification claims': await new SignJWT({ ...claims, userId: victim.user.id })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(process.env.JWT_SECRET!)),
      garbage: 'not-a-token-at-all',
    };

    // Act
    for (const [kind, token] of Object.entries(forged)) {
      const response = await stage.api.post('/auth/verify-email', { token });
      // Assess
      expect(response.status, kind).toBe(400);
      expect(response.body.error.code, kind).toBe('invalid_token');
    }
    expect((await me(victim)).user.emailVerified).toBe(false);
    expect((await me(attacker)).user.emailVerified).toBe(false);
  });

  it('refuses an expired link, and a new link replaces the older ones', async () => {
    // Prepare: the first link comes from signup; a second one is issued by a service whose clock is long past.
    const user = await signup(stage.api, 'late');
    const first = await verificationTokenOf(stage.api, user.email);
    await pastServices().verification.resend({ userId: user.user.id, email: user.email });
    const [expiredMail] = (await mailboxOf(stage.api, user.email)).filter(
      (m) => m.sentAt === LONG_AGO().toISOString(),
    );
    const expired = new URL(expiredMail!.links[0]!).searchParams.get('token')!;

    // Act
    const late = await stage.api.post('/auth/verify-email', { token: expired });
    const replaced = await stage.api.post('/auth/verify-email', { token: first });

    // Assess
    expectError(late, 400, 'invalid_token');
    expect(late.body.error.message).toContain('expired');
    expectError(replaced, 400, 'invalid_token');
    expect(replaced.body.error.message).toContain('replaced by a newer one');
    expect((await me(user)).user.emailVerified).toBe(false);
  });

  it('resends a link on request, a few per hour, and not once verified', async () => {
    const user = await signup(stage.api, 'resend');
    const responses: ApiResponse[] = [];
    // EMAIL_VERIFICATION_PER_HOUR=2 with signup's email counted: 2 × 2 + 1 requests cross at most one window boundary.
    for (let i = 0; i < 5; i += 1) {
      const response = await stage.api.post('/auth/verify-email/resend', undefined, {
        token: user.accessToken,
      });
      responses.push(response);
      if (response.status === 429) break;
    }
    expect(responses.slice(0, -1).every((r) => r.status === 202)).toBe(true);
    expect(responses[0]!.body).toEqual({ status: 'sent', to: user.email });
    const limited = responses.at(-1)!;
    expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const verifiedUser = await signup(stage.api, 'done');
    await verifyEmail(stage.api, verifiedUser);
    expectError(
      await stage.api.post('/auth/verify-email/resend', undefined, { token: verifiedUser.accessToken }),
      409,
      'conflict',
    );
    expect((await stage.api.post('/auth/verify-email/resend')).status).toBe(401);
  });

  it('lets an unverified user create and use their own workspace', async () => {
    const user = await signup(stage.api, 'solo');
    const created = await stage.api.post('/workspaces', { name: 'Solo shop' }, { token: user.accessToken });
    expect(created.status).toBe(201);
    const scenarios = await stage.api.get('/scenarios', {
      token: user.accessToken,
      workspaceId: created.body.id,
    });
    expect(scenarios.status).toBe(200);
    expect((await me(user)).user.emailVerified).toBe(false);
  });
});

describe('Invitations', () => {
  it('invites an address; its verified owner sees the invitation, accepts it once and joins at the role', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'olivia');
    const email = freshEmail('new.hire');

    // Act
    const invited = await invite(owner, email, 'admin');

    // Assess
    expect(invited.status).toBe(202);
    expect(invited.body).toMatchObject({
      invitationId: expect.any(String),
      status: 'pending',
      email,
      role: 'admin',
    });
    const { invitationId } = invited.body;
    const [mail] = await mailboxOf(stage.api, email);
    expect(mail!.subject).toContain("olivia's shop");
    expect(mail!.links).toEqual([`${FRONTEND}/invitations/${invitationId}`]);
    const pending = await stage.api.get(`/workspaces/${owner.workspaceId}/invitations`, {
      token: owner.accessToken,
    });
    expect(pending.body).toEqual({
      items: [
        {
          invitationId,
          email,
          role: 'admin',
          status: 'pending',
          invitedBy: { userId: owner.user.id, name: 'olivia' },
          invitedAt: expect.any(String),
          expiresAt: invited.body.expiresAt,
        },
      ],
      nextCursor: null,
    });
    expect(Date.parse(invited.body.expiresAt) - Date.parse(pending.body.items[0].invitedAt)).toBe(
      7 * 24 * 3600 * 1000,
    );

    const hire = await signupAs(email);
    await verifyEmail(stage.api, hire);
    const mine = await stage.api.get('/invitations', { token: hire.accessToken });
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        invitationId,
        workspace: { id: owner.workspaceId, name: "olivia's shop" },
        role: 'admin',
        invitedBy: { name: 'olivia' },
      }),
    ]);
    const accepted = await accept(hire, invitationId);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({
      workspace: { id: owner.workspaceId, name: "olivia's shop", role: 'admin' },
    });
    expect((await me(hire)).workspaces).toEqual([
      { id: owner.workspaceId, name: "olivia's shop", role: 'admin' },
    ]);
    expect((await stage.api.get('/invitations', { token: hire.accessToken })).body.items).toEqual([]);
    expect(
      (await stage.api.get(`/workspaces/${owner.workspaceId}/invitations`, { token: owner.accessToken })).body
        .items,
    ).toEqual([]);
  });

  it('gives nothing to whoever registers the invited address first without verifying it', async () => {
    // Prepare: the invitation is for new.hire; Mallory signs up with that address before the real new hire.
    const owner = await signupWithWorkspace(stage.api, 'shop');
    const email = freshEmail('new.hire');
    const { invitationId } = (await invite(owner, email, 'owner')).body;
    const mallory = await signupAs(email);

    // Act
    const listed = await stage.api.get('/invitations', { token: mallory.accessToken });
    const accepted = await accept(mallory, invitationId);

    // Assess
    expectError(listed, 403, 'email_not_verified');
    expectError(accepted, 403, 'email_not_verified');
    expect((await me(mallory)).workspaces).toEqual([]);
    expect(
      (await stage.api.get(`/workspaces/${owner.workspaceId}`, { token: mallory.accessToken })).status,
    ).toBe(403);
    expect(await memberIds(owner)).toEqual([owner.user.id]);
    // The invitation is still pending: the address's real owner can still be let in.
    const pending = await stage.api.get(`/workspaces/${owner.workspaceId}/invitations`, {
      token: owner.accessToken,
    });
    expect(pending.body.items.map((i: { status: string }) => i.status)).toEqual(['pending']);
  });

  it('is accepted only by the invited address: another verified user can neither see nor accept it', async () => {
    const owner = await signupWithWorkspace(stage.api, 'boss');
    const { invitationId } = (await invite(owner, freshEmail('invitee'))).body;
    const eve = await signup(stage.api, 'eve');
    await verifyEmail(stage.api, eve);
    expect((await stage.api.get('/invitations', { token: eve.accessToken })).body.items).toEqual([]);
    expectError(await accept(eve, invitationId), 403, 'forbidden');
    expectError(await accept(eve, 'no-such-invitation'), 404, 'not_found');
    expect(await memberIds(owner)).toEqual([owner.user.id]);
  });

  it('cannot be replayed: a second accept, even concurrent, fails and changes nothing', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'replay');
    const hire = await signup(stage.api, 'hire');
    await verifyEmail(stage.api, hire);
    const { invitationId } = (await invite(owner, hire.email)).body;

    // Act
    const results = await Promise.all([1, 2, 3].map(() => accept(hire, invitationId)));
    const later = await accept(hire, invitationId);

    // Assess
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expectError(later, 409, 'conflict');
    expect((await me(hire)).workspaces).toEqual([
      { id: owner.workspaceId, name: "replay's shop", role: 'member' },
    ]);
    // Leaving and replaying the old invitation does not let the member back in.
    expect(
      (
        await stage.api.delete(`/workspaces/${owner.workspaceId}/members/${hire.user.id}`, {
          token: hire.accessToken,
        })
      ).status,
    ).toBe(204);
    const replayed = await accept(hire, invitationId);
    expectError(replayed, 409, 'conflict');
    expect(replayed.body.error.message).toContain('already been used');
    expect(await memberIds(owner)).toEqual([owner.user.id]);
  });

  it('cannot be accepted once expired (7 days), and shows as expired to the workspace', async () => {
    // Prepare: an invitation issued by a service whose clock is long past.
    const owner = await signupWithWorkspace(stage.api, 'expiry');
    const hire = await signup(stage.api, 'slow');
    await verifyEmail(stage.api, hire);
    const old = await pastServices().invitations.invite(
      owner.workspaceId,
      { userId: owner.user.id, role: 'owner' },
      { email: hire.email, role: 'member' },
    );

    // Act
    const accepted = await accept(hire, old.invitationId);

    // Assess
    expectError(accepted, 409, 'conflict');
    expect(accepted.body.error.message).toContain('expired');
    expect((await stage.api.get('/invitations', { token: hire.accessToken })).body.items).toEqual([]);
    const listed = await stage.api.get(`/workspaces/${owner.workspaceId}/invitations`, {
      token: owner.accessToken,
    });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ invitationId: old.invitationId, status: 'expired' }),
    ]);
    expect(await memberIds(owner)).toEqual([owner.user.id]);
    // An expired invitation does not block a new one to the same address.
    expect((await invite(owner, hire.email)).status).toBe(202);
  });

  it('never invites above the inviter’s own role: an admin cannot invite an owner, a member nobody', async () => {
    const owner = await signupWithWorkspace(stage.api, 'roles');
    const admin = await signup(stage.api, 'admin');
    const member = await signup(stage.api, 'member');
    await joinWorkspace(stage.api, owner, admin, 'admin');
    await joinWorkspace(stage.api, owner, member);
    const asAdmin = { ...admin, workspaceId: owner.workspaceId };
    const asMember = { ...member, workspaceId: owner.workspaceId };

    const ownerByAdmin = await invite(asAdmin, freshEmail('would.be.owner'), 'owner');
    expectError(ownerByAdmin, 403, 'forbidden');
    expect(ownerByAdmin.body.error.message).toContain('owner');
    expectError(await invite(asMember, freshEmail('friend')), 403, 'forbidden');
    expect((await invite(asAdmin, freshEmail('peer'), 'admin')).status).toBe(202);
    // Nor revoke above it: the owner's invitation of another owner stays out of an admin's reach.
    const { invitationId } = (await invite(owner, freshEmail('co.owner'), 'owner')).body;
    expectError(
      await stage.api.delete(`/workspaces/${owner.workspaceId}/invitations/${invitationId}`, {
        token: admin.accessToken,
      }),
      403,
      'forbidden',
    );
    expectError(
      await stage.api.get(`/workspaces/${owner.workspaceId}/invitations`, { token: member.accessToken }),
      403,
      'forbidden',
    );
  });

  it('cannot be accepted after an admin revoked it', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'revoker');
    const hire = await signup(stage.api, 'unlucky');
    await verifyEmail(stage.api, hire);
    const { invitationId } = (await invite(owner, hire.email)).body;
    const path = `/workspaces/${owner.workspaceId}/invitations/${invitationId}`;

    // Act
    const revoked = await stage.api.delete(path, { token: owner.accessToken });
    const accepted = await accept(hire, invitationId);

    // Assess
    expect(revoked.status).toBe(204);
    expectError(accepted, 409, 'conflict');
    expect(accepted.body.error.message).toContain('revoked');
    expectError(await stage.api.delete(path, { token: owner.accessToken }), 409, 'conflict');
    expect((await stage.api.get('/invitations', { token: hire.accessToken })).body.items).toEqual([]);
    expect(await memberIds(owner)).toEqual([owner.user.id]);
  });

  it('lets exactly one of a concurrent accept and revoke win', async () => {
    const owner = await signupWithWorkspace(stage.api, 'race');
    const hire = await signup(stage.api, 'racer');
    await verifyEmail(stage.api, hire);
    const { invitationId } = (await invite(owner, hire.email)).body;
    const [accepted, revoked] = await Promise.all([
      accept(hire, invitationId),
      stage.api.delete(`/workspaces/${owner.workspaceId}/invitations/${invitationId}`, {
        token: owner.accessToken,
      }),
    ]);
    expect([accepted.status, revoked.status]).toContainEqual(409);
    expect([accepted.status === 200, revoked.status === 204].filter(Boolean)).toHaveLength(1);
    expect((await memberIds(owner)).includes(hire.user.id)).toBe(accepted.status === 200);
  });

  it('keeps another workspace’s invitations out of reach', async () => {
    const alice = await signupWithWorkspace(stage.api, 'alice');
    const bob = await signupWithWorkspace(stage.api, 'bob');
    const { invitationId } = (await invite(bob, freshEmail('bobs.hire'))).body;
    expectError(
      await stage.api.get(`/workspaces/${bob.workspaceId}/invitations`, { token: alice.accessToken }),
      403,
      'forbidden',
    );
    expectError(
      await stage.api.delete(`/workspaces/${bob.workspaceId}/invitations/${invitationId}`, {
        token: alice.accessToken,
      }),
      403,
      'forbidden',
    );
    // Through her own workspace, Bob's invitation id names nothing.
    expectError(
      await stage.api.delete(`/workspaces/${alice.workspaceId}/invitations/${invitationId}`, {
        token: alice.accessToken,
      }),
      404,
      'not_found',
    );
    const still = await stage.api.get(`/workspaces/${bob.workspaceId}/invitations`, {
      token: bob.accessToken,
    });
    expect(still.body.items.map((i: { invitationId: string }) => i.invitationId)).toEqual([invitationId]);
  });

  it('dies with the right of its sender: an admin removed after inviting leaves no admin behind', async () => {
    const owner = await signupWithWorkspace(stage.api, 'cleanup');
    const admin = await signup(stage.api, 'leaving');
    await joinWorkspace(stage.api, owner, admin, 'admin');
    const accomplice = await signup(stage.api, 'accomplice');
    await verifyEmail(stage.api, accomplice);
    const { invitationId } = (
      await invite({ ...admin, workspaceId: owner.workspaceId }, accomplice.email, 'admin')
    ).body;
    await stage.api.delete(`/workspaces/${owner.workspaceId}/members/${admin.user.id}`, {
      token: owner.accessToken,
    });
    const accepted = await accept(accomplice, invitationId);
    expectError(accepted, 409, 'conflict');
    expect(accepted.body.error.message).toContain('can no longer grant');
    expect(await memberIds(owner)).toEqual([owner.user.id]);
  });

  it('makes an invited owner a real owner: the last-owner rule counts them once they accepted', async () => {
    const founder = await signupWithWorkspace(stage.api, 'founder');
    const partner = await signup(stage.api, 'partner');
    await joinWorkspace(stage.api, founder, partner, 'owner');
    const path = (user: User) => `/workspaces/${founder.workspaceId}/members/${user.user.id}`;
    expect((await stage.api.delete(path(founder), { token: founder.accessToken })).status).toBe(204);
    expectError(await stage.api.delete(path(partner), { token: partner.accessToken }), 409, 'last_owner');
    expect((await me(partner)).workspaces).toEqual([
      { id: founder.workspaceId, name: "founder's shop", role: 'owner' },
    ]);
  });

  it('refuses a second pending invitation, a current member, and more invitations than the hourly budget', async () => {
    const owner = await signupWithWorkspace(stage.api, 'budget');
    const member = await signup(stage.api, 'already');
    await joinWorkspace(stage.api, owner, member);
    expectError(await invite(owner, member.email), 409, 'conflict');
    const email = freshEmail('twice');
    expect((await invite(owner, email)).status).toBe(202);
    expectError(await invite(owner, email.toUpperCase()), 409, 'conflict');
    // INVITATIONS_PER_WORKSPACE_PER_HOUR=4, two spent: 2 × 4 + 1 requests cross at most one window boundary.
    const responses: ApiResponse[] = [];
    for (let i = 0; i < 9; i += 1) {
      const response = await invite(owner, freshEmail('spam'));
      responses.push(response);
      if (response.status === 429) break;
    }
    expectError(responses.at(-1)!, 429, 'rate_limited');
    const listed = await stage.api.get(`/workspaces/${owner.workspaceId}/invitations`, {
      token: owner.accessToken,
    });
    expect(listed.body.items).toHaveLength(responses.length);
  });
});

describe('Operators (ADMIN_EMAILS)', () => {
  it('counts an allow-listed address only once it is verified', async () => {
    const impostor = await signupAs(OPERATOR);
    expectError(await stage.api.get('/admin/status', { token: impostor.accessToken }), 403, 'forbidden');
    await verifyEmail(stage.api, impostor);
    expect((await stage.api.get('/admin/status', { token: impostor.accessToken })).status).toBe(200);
  });
});

describe('GET /_local/mailbox', () => {
  it('lists one address’s emails newest first, with their links, and validates the address', async () => {
    const user = await signup(stage.api, 'mailbox');
    await stage.api.post('/auth/verify-email/resend', undefined, { token: user.accessToken });
    const items = await mailboxOf(stage.api, user.email);
    expect(items).toHaveLength(2);
    expect(items.every((m) => m.to === user.email && m.links.length === 1)).toBe(true);
    expect(items[0]!.sentAt >= items[1]!.sentAt).toBe(true);
    const everyone = await stage.api.get('/_local/mailbox?limit=5');
    expect(everyone.body.items.length).toBeLessThanOrEqual(5);
    expectError(await stage.api.get('/_local/mailbox?to=not-an-email'), 400, 'validation_failed');
  });
});
