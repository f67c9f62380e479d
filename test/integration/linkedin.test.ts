import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as collectInteractions } from '../../functions/schedules/collect-interactions';
import {
  attachConsumer,
  detachConsumer,
  InProcessPublisher,
} from '../../infra/local/adapters/in-process-queues';
import { schedules } from '../../infra/schedules';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoLinkedInJobStore } from '../../shared/adapters/dynamo/linkedin-job-store';
import type { IncomingMessage } from '../../shared/domain/messages/incoming-message';
import type { Clock } from '../../shared/services/linkedin/ports';
import type { QueueMessage } from '../../shared/services/queue/ports';
import { linkedInService, linkedInStores } from '../../shared/wiring/linkedin';
import { socialProviders } from '../../shared/wiring/providers';
import type { FakeLinkedInSite } from '../../simulation/linkedin-site';
import { signupWithWorkspace } from '../support/api';
import { setWorkspacePlan } from '../support/leads';
import { startLinkedInStage } from '../support/linkedin';
import { joinWorkspace } from '../support/members';
import type { TestStage } from '../support/stage';

// Wednesday 25 Nov 2026, 11:00 in Paris (the default workspace time zone): inside the 8–20 working hours.
const WORKDAY_MORNING = new Date('2026-11-25T10:00:00.000Z');
let now = WORKDAY_MORNING;
/** How far LinkedIn's clock runs ahead of the worker's; 0 but in the skew test. */
let linkedInAheadMs = 0;
const sleeps: number[] = [];
const clock: Clock = {
  now: () => now,
  sleep: async (ms) => {
    sleeps.push(ms);
  },
  random: () => 0.5,
};

let site: FakeLinkedInSite;
let stage: TestStage;
let stopAll: () => Promise<void>;

beforeAll(async () => {
  ({
    site,
    stage,
    stop: stopAll,
  } = await startLinkedInStage(clock, {
    env: { LINKEDIN_DAILY_MESSAGE_LIMIT: '2' },
    siteNow: () => new Date(now.getTime() + linkedInAheadMs),
  }));
});
afterAll(() => stopAll?.());

type Owner = Awaited<ReturnType<typeof signupWithWorkspace>>;
const as = (owner: Owner) => ({ token: owner.accessToken, workspaceId: owner.workspaceId });

/** LinkedIn automation is an Ultra feature. */
async function ultraWorkspace(login: string): Promise<Owner> {
  const owner = await signupWithWorkspace(stage.api, login);
  await setWorkspacePlan(owner.workspaceId, 'ultra');
  return owner;
}

async function waitForJob(
  owner: Owner,
  jobId: string,
  until: string[] = ['succeeded', 'failed', 'deferred'],
) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = await stage.api.get(`/social-accounts/linkedin/jobs/${jobId}`, as(owner));
    if (until.includes(job.body.status)) return job.body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.body.status}: ${job.body.reason}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function memberWithInbox(name: string) {
  return site.addMember({
    name,
    conversations: [
      {
        participant: { profileId: 'lea-dubois', name: 'Léa Dubois' },
        messages: [
          { fromMember: false, text: 'Bonjour, quel est le prix de la formation ?' },
          { fromMember: true, text: 'Bonjour Léa, 490 € HT.' },
          { fromMember: false, text: 'Merci ! Appelez-moi au 06 12 34 56 78' },
        ],
      },
      {
        participant: { profileId: 'tom-b', name: 'Tom Bernard' },
        messages: [{ fromMember: false, text: 'Hello' }],
      },
    ],
  });
}

async function connected(name: string) {
  const login = name
    .split(' ')[0]!
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
  const owner = await ultraWorkspace(login);
  const member = memberWithInbox(name);
  const connect = await stage.api.post(
    '/social-accounts/linkedin/connect',
    { liAt: member.liAt, acknowledgeTerms: true },
    as(owner),
  );
  expect(connect.status).toBe(202);
  expect(await waitForJob(owner, connect.body.job.id)).toMatchObject({ status: 'succeeded' });
  return { owner, member };
}

async function synced(name: string) {
  const { owner, member } = await connected(name);
  const sync = await stage.api.post('/social-accounts/linkedin/sync', undefined, as(owner));
  expect(await waitForJob(owner, sync.body.id)).toMatchObject({ status: 'succeeded' });
  const conversationId = member.conversations[0]!.id;
  return { owner, member, conversationId };
}

const linkedinAccounts = async (workspaceId: string) =>
  (await linkedInStores().accounts.list(workspaceId)).filter((a) => a.provider === 'linkedin');

const sentBy = (liAt: string) => site.state.sent.filter((s) => s.liAt === liAt);

// A real browser on a busy 2-core machine: generous per-test budgets, never fixed sleeps.
describe('Routes: /social-accounts/linkedin (real browser against the fake LinkedIn)', {
  timeout: 90_000,
}, () => {
  it('connects with the li_at cookie, verifies it in the browser and never echoes the cookie', async () => {
    const owner = await ultraWorkspace('camille');
    const member = memberWithInbox('Camille Martin');

    const connect = await stage.api.post(
      '/social-accounts/linkedin/connect',
      { liAt: member.liAt, profileName: 'Camille', acknowledgeTerms: true },
      as(owner),
    );

    expect(connect.status).toBe(202);
    expect(connect.text).not.toContain(member.liAt);
    expect(await waitForJob(owner, connect.body.job.id)).toMatchObject({
      kind: 'verify',
      status: 'succeeded',
    });
    const account = await stage.api.get('/social-accounts/linkedin', as(owner));
    expect(account.body).toMatchObject({
      status: 'active',
      verification: 'verified',
      profileId: member.profileId,
      displayName: 'Camille Martin',
      lastError: null,
    });
    expect(account.text).not.toContain(member.liAt);
  });

  it('lists the synced conversations and reads a thread', async () => {
    const { owner, conversationId } = await synced('Hugo Petit');

    const conversations = await stage.api.get('/social-accounts/linkedin/conversations', as(owner));
    const messages = await stage.api.get(
      `/social-accounts/linkedin/messages?conversationId=${encodeURIComponent(conversationId)}`,
      as(owner),
    );

    expect(conversations.status).toBe(200);
    expect(
      conversations.body.items.map((c: { participantName: string }) => c.participantName).sort(),
    ).toEqual(['Léa Dubois', 'Tom Bernard']);
    expect(messages.body.items.map((m: { text: string; fromSelf: boolean }) => [m.text, m.fromSelf])).toEqual(
      [
        ['Bonjour, quel est le prix de la formation ?', false],
        ['Bonjour Léa, 490 € HT.', true],
        ['Merci ! Appelez-moi au 06 12 34 56 78', false],
      ],
    );
  });

  it('types and sends a message exactly once, at a human pace', async () => {
    const { owner, member, conversationId } = await synced('Inès Laurent');
    sleeps.length = 0;

    const send = await stage.api.post(
      '/social-accounts/linkedin/send-message',
      { conversationId, text: 'Je vous appelle demain matin.' },
      as(owner),
    );

    expect(send.status).toBe(202);
    const job = await waitForJob(owner, send.body.id);
    expect(job.status).toBe('succeeded');
    expect(sentBy(member.liAt)).toEqual([
      expect.objectContaining({
        conversationId,
        text: 'Je vous appelle demain matin.',
        messageId: job.result.messageId,
      }),
    ]);
    // One pause per typed character at least, drawn from the typing range, plus pauses before acting.
    expect(sleeps.length).toBeGreaterThan('Je vous appelle demain matin.'.length);
    const thread = await stage.api.get(
      `/social-accounts/linkedin/messages?conversationId=${conversationId}`,
      as(owner),
    );
    expect(thread.body.items.at(-1)).toMatchObject({ text: 'Je vous appelle demain matin.', fromSelf: true });

    // SQS redelivers the message after a crash that happened once the message was sent but before the job
    // was marked done: the send record makes the second run answer without typing anything.
    await new DynamoLinkedInJobStore(stageTable).update(owner.workspaceId, job.id, { status: 'running' });
    await new InProcessPublisher().publish('browserLinkedIn', [
      { id: 'redelivery', body: { workspaceId: owner.workspaceId, jobId: job.id } },
    ]);
    expect(await waitForJob(owner, job.id, ['succeeded', 'failed'])).toMatchObject({
      status: 'succeeded',
      result: { messageId: job.result.messageId },
    });
    expect(sentBy(member.liAt)).toHaveLength(1);
  });

  it("files a sent message by LinkedIn's time, not the worker's, so it follows the message it answers", async () => {
    // Prepare: LinkedIn's clock two hours ahead of the worker's, so the contact's messages carry stamps that
    // are later than anything the worker's clock would write.
    linkedInAheadMs = 2 * 3600_000;
    try {
      const { owner, member, conversationId } = await synced('Rose Lambert');

      // Act
      const send = await stage.api.post(
        '/social-accounts/linkedin/send-message',
        { conversationId, text: 'Avec plaisir, à demain.' },
        as(owner),
      );
      const job = await waitForJob(owner, send.body.id);

      // Assess
      expect(job.status).toBe('succeeded');
      const thread = await stage.api.get(
        `/social-accounts/linkedin/messages?conversationId=${conversationId}`,
        as(owner),
      );
      const last = thread.body.items.at(-1);
      expect(last).toMatchObject({ text: 'Avec plaisir, à demain.', fromSelf: true });
      const linkedInCopy = member.conversations[0]!.messages.at(-1)!;
      expect(last.sentAt).toBe(linkedInCopy.sentAt);
    } finally {
      linkedInAheadMs = 0;
    }
  });

  it('marks the account needs_reconnect with a reason when LinkedIn shows the login wall', async () => {
    const { owner, member } = await connected('Paul Girard');
    member.session = 'expired';

    const sync = await stage.api.post('/social-accounts/linkedin/sync', undefined, as(owner));

    const job = await waitForJob(owner, sync.body.id);
    expect(job).toMatchObject({ status: 'failed' });
    expect(job.reason).toMatch(/session cookie \(li_at\) expired/);
    const account = await stage.api.get('/social-accounts/linkedin', as(owner));
    expect(account.body).toMatchObject({ status: 'needs_reconnect' });
    expect(account.body.lastError).toMatch(/Reconnect LinkedIn/);
    const notices = await stage.api.get('/notifications', as(owner));
    expect(notices.body.items.map((n: { kind: string }) => n.kind)).toEqual(['account_needs_reconnect']);
    const refused = await stage.api.post(
      '/social-accounts/linkedin/send-message',
      { conversationId: member.conversations[0]!.id, text: 'hello' },
      as(owner),
    );
    expect(refused.status).toBe(409);
  });

  it("shows LinkedIn's terms warning: the owner acknowledges it once, stored with who and when; nothing before", async () => {
    // Prepare
    const owner = await ultraWorkspace('terms');
    const member = memberWithInbox('Inès Terms');
    const admin = await signupWithWorkspace(stage.api, 'terms-admin');
    await joinWorkspace(stage.api, owner, admin, 'admin');
    const asAdmin = { token: admin.accessToken, workspaceId: owner.workspaceId };
    // Act
    const unacknowledged = await stage.api.post(
      '/social-accounts/linkedin/connect',
      { liAt: member.liAt },
      as(owner),
    );
    const byAdmin = await stage.api.post(
      '/social-accounts/linkedin/connect',
      { liAt: member.liAt, acknowledgeTerms: true },
      asAdmin,
    );
    const before = await stage.api.get('/social-accounts/linkedin', as(owner));
    const first = await stage.api.post(
      '/social-accounts/linkedin/connect',
      { liAt: member.liAt, acknowledgeTerms: true },
      as(owner),
    );
    const again = await stage.api.post('/social-accounts/linkedin/connect', { liAt: member.liAt }, as(owner));
    // Assess
    expect(unacknowledged.status).toBe(409);
    expect(unacknowledged.body.error.code).toBe('linkedin_terms_not_acknowledged');
    expect(unacknowledged.body.error.message).toContain('User Agreement');
    // Admins may connect, but only the owner acknowledges.
    expect(byAdmin.status).toBe(403);
    expect(before.status).toBe(404);
    expect(first.status).toBe(202);
    expect(first.body.terms).toEqual({
      warning: expect.stringContaining('User Agreement (section 8.2) forbids bots'),
      termsUrl: 'https://www.linkedin.com/legal/user-agreement',
      acknowledgedBy: owner.user.id,
      acknowledgedAt: now.toISOString(),
    });
    // Acknowledged once: a reconnect needs no flag and keeps the first acknowledgement.
    expect(again.status).toBe(202);
    expect(again.body.terms).toEqual(first.body.terms);
    await waitForJob(owner, again.body.job.id);
  });

  it('pauses the account with a reason when LinkedIn asks for a checkpoint challenge', async () => {
    const owner = await ultraWorkspace('flagged');
    const member = memberWithInbox('Zoé Roux');
    member.session = 'checkpoint';

    const connect = await stage.api.post(
      '/social-accounts/linkedin/connect',
      { liAt: member.liAt, acknowledgeTerms: true },
      as(owner),
    );

    expect(await waitForJob(owner, connect.body.job.id)).toMatchObject({ status: 'failed' });
    const account = await stage.api.get('/social-accounts/linkedin', as(owner));
    expect(account.body.status).toBe('paused');
    expect(account.body.lastError).toMatch(/security check \(checkpoint\)/);
    const notices = await stage.api.get('/notifications', as(owner));
    expect(notices.body.items.map((n: { kind: string }) => n.kind)).toEqual(['account_paused']);
  });

  it('retries transient 500 pages with backoff, then succeeds', async () => {
    const { owner } = await connected('Nina Faure');
    sleeps.length = 0;
    site.state.failNextPageLoads = 2;

    const sync = await stage.api.post('/social-accounts/linkedin/sync', undefined, as(owner));

    expect(await waitForJob(owner, sync.body.id)).toMatchObject({
      status: 'succeeded',
      result: { conversations: 2 },
    });
    expect(site.state.failNextPageLoads).toBe(0);
    // random() = 0.5 → backoff of 2 s × 2^n × 0.75
    expect(sleeps).toEqual(expect.arrayContaining([1500, 3000]));
  });

  it('defers sends beyond the daily limit to the next working day, one browser session at a time', async () => {
    const { owner, member, conversationId } = await synced('Louis Moreau');

    const jobs = await Promise.all(
      ['un', 'deux', 'trois'].map((text) =>
        stage.api.post('/social-accounts/linkedin/send-message', { conversationId, text }, as(owner)),
      ),
    );
    const results = await Promise.all(jobs.map((job) => waitForJob(owner, job.body.id)));

    expect(results.map((r) => r.status).sort()).toEqual(['deferred', 'succeeded', 'succeeded']);
    const deferred = results.find((r) => r.status === 'deferred');
    expect(deferred.reason).toMatch(/Daily limit of 2 LinkedIn messages reached/);
    expect(deferred.runAfter).toBe('2026-11-26T07:00:00.000Z'); // 08:00 in Paris, the next day
    expect(sentBy(member.liAt)).toHaveLength(2);
    expect((await stage.api.get('/social-accounts/linkedin', as(owner))).body.messagesSentToday).toBe(2);

    // Deferred, not dropped: the next morning the sweep puts it back on the queue and it is sent.
    now = new Date('2026-11-26T08:30:00.000Z');
    try {
      expect(await linkedInService().resumeDue()).toBeGreaterThanOrEqual(1);
      expect(await waitForJob(owner, deferred.id, ['succeeded', 'failed'])).toMatchObject({
        status: 'succeeded',
      });
      expect(sentBy(member.liAt)).toHaveLength(3);
    } finally {
      now = WORKDAY_MORNING;
    }
  });

  it('defers work outside the workspace working hours instead of dropping it', async () => {
    const { owner, member, conversationId } = await synced('Emma Blanc');
    now = new Date('2026-11-25T02:00:00.000Z'); // 03:00 in Paris
    try {
      const send = await stage.api.post(
        '/social-accounts/linkedin/send-message',
        { conversationId, text: 'Bonne nuit' },
        as(owner),
      );

      const job = await waitForJob(owner, send.body.id);
      expect(job).toMatchObject({ status: 'deferred', runAfter: '2026-11-25T07:00:00.000Z' });
      expect(job.reason).toMatch(/Outside working hours \(8:00–20:00, Europe\/Paris\)/);
      expect(sentBy(member.liAt)).toHaveLength(0);
    } finally {
      now = WORKDAY_MORNING;
    }
  });

  it('serves the engine as a SocialProvider: collects inbound DMs and sends once per idempotency key', async () => {
    const { owner, member, conversationId } = await synced('Jade Perrin');
    const [account] = await linkedinAccounts(owner.workspaceId);
    const provider = socialProviders()('linkedin');

    const collected = await provider.collect(account!, null);
    const message = {
      action: 'dm' as const,
      text: 'Merci pour votre message !',
      recipient: { platformUserId: 'lea-dubois', commentId: null, conversationId, mediaId: null },
      idempotencyKey: `interaction-1:dm:${owner.workspaceId}`,
    };
    const first = await provider.send(account!, message);
    const retried = await provider.send(account!, message);

    expect(collected.messages.map((m) => [m.platform, m.kind, m.author.platformUserId, m.text])).toEqual(
      expect.arrayContaining([
        ['linkedin', 'dm', 'lea-dubois', 'Bonjour, quel est le prix de la formation ?'],
        ['linkedin', 'dm', 'tom-b', 'Hello'],
      ]),
    );
    expect(collected.messages).toHaveLength(3); // the member's own reply is not an interaction
    expect(first).toEqual(retried);
    expect(first.status).toBe('queued');
    const jobId = (first as { providerMessageId: string }).providerMessageId.replace('linkedin-job:', '');
    expect(await waitForJob(owner, jobId)).toMatchObject({ status: 'succeeded' });
    expect(sentBy(member.liAt).map((s) => s.text)).toEqual(['Merci pour votre message !']);
  });

  it('brings synced inbound DMs into the incomingMessages queue on the collect-linkedin schedule, once', async () => {
    // Prepare
    const { owner } = await synced('Inès Morel');
    const received: IncomingMessage[] = [];
    await attachConsumer('incomingMessages', async (messages: QueueMessage[]) => {
      received.push(...messages.map((m) => m.body as IncomingMessage));
    });
    const entry = schedules.find((s) => s.name === 'collect-linkedin')!;
    expect(entry.handler).toBe('functions/schedules/collect-interactions.ts');
    const handler = collectInteractions;

    try {
      // Act
      await handler(entry.input);
      await handler(entry.input);

      // Assess
      const mine = received.filter((m) => m.workspaceId === owner.workspaceId);
      expect(mine.map((m) => [m.platform, m.kind, m.source, m.author.platformUserId, m.text])).toEqual([
        ['linkedin', 'dm', 'collector', 'lea-dubois', 'Bonjour, quel est le prix de la formation ?'],
        ['linkedin', 'dm', 'collector', 'lea-dubois', 'Merci ! Appelez-moi au 06 12 34 56 78'],
        ['linkedin', 'dm', 'collector', 'tom-b', 'Hello'],
      ]);
    } finally {
      detachConsumer('incomingMessages');
    }
  });

  it('needs the Ultra plan to connect, sync or send: 402 plan_required naming it, and nothing stored', async () => {
    // Prepare
    const freemium = await signupWithWorkspace(stage.api, 'freeli');
    const premium = await signupWithWorkspace(stage.api, 'premli');
    await setWorkspacePlan(premium.workspaceId, 'premium');
    const member = memberWithInbox('Basile Noël');

    // Act
    const calls = [];
    for (const owner of [freemium, premium])
      calls.push(
        await stage.api.post(
          '/social-accounts/linkedin/connect',
          { liAt: member.liAt, acknowledgeTerms: true },
          as(owner),
        ),
        await stage.api.post('/social-accounts/linkedin/sync', undefined, as(owner)),
        await stage.api.post(
          '/social-accounts/linkedin/send-message',
          { conversationId: member.conversations[0]!.id, text: 'Bonjour' },
          as(owner),
        ),
      );

    // Assess
    for (const call of calls) {
      expect(call.status, call.text).toBe(402);
      expect(call.body.error.code).toBe('plan_required');
      expect(call.body.error.message).toMatch(
        /LinkedIn automation is not included in the (Freemium|Premium) plan\. Upgrade to Ultra/,
      );
    }
    expect(await linkedinAccounts(freemium.workspaceId)).toEqual([]);
    expect(await linkedinAccounts(premium.workspaceId)).toEqual([]);
  });

  it('counts a message sent through the API against the daily DM quota, and gives it back when it fails', async () => {
    // Prepare
    const { owner, conversationId } = await synced('Margaux Henry');
    const usage = async () => (await stage.api.get('/billing/usage', as(owner))).body.dmSentToday;

    // Act
    const sent = await stage.api.post(
      '/social-accounts/linkedin/send-message',
      { conversationId, text: 'Je vous envoie la brochure.' },
      as(owner),
    );
    const afterSend = await usage();
    const lost = await stage.api.post(
      '/social-accounts/linkedin/send-message',
      { conversationId: '2-no-such-conversation', text: 'Bonjour ?' },
      as(owner),
    );
    const failed = await waitForJob(owner, lost.body.id);

    // Assess
    expect(sent.status).toBe(202);
    expect(afterSend).toBe(1);
    expect(await waitForJob(owner, sent.body.id)).toMatchObject({ status: 'succeeded' });
    expect(failed).toMatchObject({ status: 'failed', reason: expect.stringContaining('not found') });
    expect(await usage()).toBe(1);
  });

  it('refuses a LinkedIn member another workspace owns: the verification fails and nothing is read', async () => {
    // Prepare
    const { owner: first, member } = await connected('Victor Roche');
    const second = await ultraWorkspace('victorbis');

    // Act
    const connect = await stage.api.post(
      '/social-accounts/linkedin/connect',
      { liAt: member.liAt, acknowledgeTerms: true },
      as(second),
    );
    const verification = await waitForJob(second, connect.body.job.id);
    const sync = await stage.api.post('/social-accounts/linkedin/sync', undefined, as(second));

    // Assess
    expect(connect.status).toBe(202);
    expect(verification).toMatchObject({ status: 'failed' });
    expect(verification.reason).toMatch(
      /This LinkedIn member is already connected to another Flow IA workspace/,
    );
    const account = await stage.api.get('/social-accounts/linkedin', as(second));
    expect(account.body).toMatchObject({
      status: 'needs_reconnect',
      profileId: null,
      verification: 'pending',
    });
    expect(sync.status).toBe(409);
    expect((await stage.api.get('/social-accounts/linkedin/conversations', as(second))).body.items).toEqual(
      [],
    );
    // The owner keeps it.
    expect((await stage.api.get('/social-accounts/linkedin', as(first))).body).toMatchObject({
      status: 'active',
      profileId: member.profileId,
    });
  });

  it('answers 404 when no LinkedIn account is connected and 400 for a malformed cookie', async () => {
    const owner = await signupWithWorkspace(stage.api, 'nobody');
    expect((await stage.api.get('/social-accounts/linkedin/conversations', as(owner))).status).toBe(404);
    const bad = await stage.api.post(
      '/social-accounts/linkedin/connect',
      { liAt: 'has spaces; x=1' },
      as(owner),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });
});
