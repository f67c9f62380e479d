import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as collectInteractions } from '../../functions/schedules/collect-interactions';
import { localWorkflow } from '../../infra/local/workflow-plugin';
import { schedules } from '../../infra/schedules';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoTraceStore } from '../../shared/adapters/dynamo/trace-store';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { dedupeKeyOf } from '../../shared/domain/messages/dedupe-key';
import type { Clock } from '../../shared/services/linkedin/ports';
import { webhookDispatcher } from '../../shared/wiring/webhooks';
import type { FakeLinkedInSite } from '../../simulation/linkedin-site';
import { signupWithWorkspace } from '../support/api';
import { setWorkspacePlan } from '../support/leads';
import { startLinkedInStage } from '../support/linkedin';
import type { TestStage } from '../support/stage';
import { startWebhookReceiver } from '../support/webhook-receiver';

// Wednesday 25 Nov 2026, 11:00 in Paris: inside the browser worker's working hours.
const clock: Clock = {
  now: () => new Date('2026-11-25T10:00:00.000Z'),
  sleep: async () => {},
  random: () => 0.5,
};

let site: FakeLinkedInSite;
let stage: TestStage;
let stopAll: () => Promise<void>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  ({
    site,
    stage,
    stop: stopAll,
  } = await startLinkedInStage(clock, {
    withWorkflow: true,
    env: { WEBHOOKS_ALLOW_LOOPBACK: '1' },
  }));
});
afterAll(async () => {
  await stopAll?.();
  await receiver?.stop();
});

type Owner = Awaited<ReturnType<typeof signupWithWorkspace>>;
const as = (owner: Owner) => ({ token: owner.accessToken, workspaceId: owner.workspaceId });

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A workspace with a LinkedIn member connected and synced, and a scenario answering LinkedIn DMs. */
async function connectedWithScenario(login: string, name: string) {
  const owner = await signupWithWorkspace(stage.api, login);
  await setWorkspacePlan(owner.workspaceId, 'ultra');
  const member = site.addMember({
    name,
    conversations: [
      {
        participant: { profileId: `${login}-prospect`, name: 'Léa Dubois' },
        messages: [{ fromMember: false, text: 'Bonjour, quel est le prix de la formation ?' }],
      },
    ],
  });
  const scenario = await stage.api.post(
    '/scenarios',
    {
      name: 'Prix',
      platform: 'linkedin',
      trigger: 'dm',
      action: 'dm',
      message: 'Merci ! Je vous envoie la brochure.',
    },
    as(owner),
  );
  expect(scenario.status).toBe(201);
  const connect = await stage.api.post(
    '/social-accounts/linkedin/connect',
    { liAt: member.liAt, acknowledgeTerms: true },
    as(owner),
  );
  const jobStatus = async (id: string) =>
    (await stage.api.get(`/social-accounts/linkedin/jobs/${id}`, as(owner))).body.status as string;
  await until(
    () => jobStatus(connect.body.job.id),
    (s) => s === 'succeeded',
    'connect',
  );
  const sync = await stage.api.post('/social-accounts/linkedin/sync', undefined, as(owner));
  await until(
    () => jobStatus(sync.body.id),
    (s) => s === 'succeeded',
    'sync',
  );
  return { owner, member };
}

async function collectAndProcess() {
  const entry = schedules.find((s) => s.name === 'collect-linkedin')!;
  expect(entry.handler).toBe('functions/schedules/collect-interactions.ts');
  const handler = collectInteractions;
  await handler(entry.input);
  await localWorkflow().idle();
}

const deliveriesOf = async (owner: Owner) =>
  (await stage.api.get('/deliveries', as(owner))).body.items as Array<Record<string, any>>;

describe('LinkedIn sends handed from the workflow to the browser worker', { timeout: 120_000 }, () => {
  it("logs the DM as queued, then sent with LinkedIn's message id once the browser typed it", async () => {
    // Prepare
    const { owner, member } = await connectedWithScenario('handoffok', 'Nora Petit');

    // Act
    await collectAndProcess();
    const settled = await until(
      () => deliveriesOf(owner),
      (items) => items[0]?.status === 'sent',
      'delivery settles',
    );

    // Assess
    const sent = site.state.sent.filter((s) => s.liAt === member.liAt);
    expect(sent.map((s) => s.text)).toEqual(['Merci ! Je vous envoie la brochure.']);
    expect(settled).toHaveLength(1);
    expect(settled[0]).toMatchObject({
      platform: 'linkedin',
      action: 'dm',
      providerMessageId: sent[0]!.messageId,
    });
    expect(settled[0]!.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['queued', 'sent']);
    const usage = await stage.api.get('/billing/usage', as(owner));
    expect(usage.body.dmSentToday).toBe(1);
  });

  it('turns a send the worker could not make into a failed delivery with its reason, and gives the DM back', async () => {
    // Prepare: the conversation disappears from LinkedIn after the sync
    const { owner, member } = await connectedWithScenario('handoffko', 'Hugo Lambert');
    member.conversations.splice(0);

    // Act
    await collectAndProcess();
    const settled = await until(
      () => deliveriesOf(owner),
      (items) => items[0]?.status === 'failed',
      'delivery fails',
    );

    // Assess
    expect(site.state.sent.filter((s) => s.liAt === member.liAt)).toEqual([]);
    expect(settled[0]).toMatchObject({
      status: 'failed',
      explanation: 'This conversation was not found on LinkedIn for this account.',
    });
    expect(settled[0]!.attempts.at(-1)).toMatchObject({ outcome: 'failed', error: { code: 'not_found' } });
    const usage = await stage.api.get('/billing/usage', as(owner));
    expect(usage.body.dmSentToday).toBe(0);
  });

  it('answers LinkedIn DMs only on a plan with LinkedIn automation: a downgrade applies to the next DM', async () => {
    // Prepare: the first DM is answered on Ultra
    const { owner, member } = await connectedWithScenario('downgrade', 'Rose Marchand');
    await collectAndProcess();
    await until(
      () => deliveriesOf(owner),
      (items) => items[0]?.status === 'sent',
      'first answer',
    );
    // A second DM arrives and the browser syncs it; then the workspace goes back to Freemium.
    const conversation = member.conversations[0]!;
    const second = {
      id: `urn:li:msg:downgrade-${Date.now()}`,
      senderProfileId: conversation.participant.profileId,
      senderName: conversation.participant.name,
      text: 'Et pour trois personnes ?',
      sentAt: new Date(clock.now().getTime() + 60_000).toISOString(),
    };
    conversation.messages.push(second);
    const sync = await stage.api.post('/social-accounts/linkedin/sync', undefined, as(owner));
    await until(
      async () =>
        (await stage.api.get(`/social-accounts/linkedin/jobs/${sync.body.id}`, as(owner))).body.status,
      (status) => status === 'succeeded',
      'sync',
    );
    await setWorkspacePlan(owner.workspaceId, 'freemium');

    // Act
    await collectAndProcess();

    // Assess: logged as a lead, not answered, and the trace says why
    expect(site.state.sent.filter((s) => s.liAt === member.liAt)).toHaveLength(1);
    expect(await deliveriesOf(owner)).toHaveLength(1);
    const decide = (
      await new DynamoTraceStore(stageTable).read(owner.workspaceId, dedupeKeyOf('linkedin', 'dm', second.id))
    ).find((step) => step.step === 'Decide');
    expect(decide).toMatchObject({ decision: 'ignore' });
    expect(decide!.reason).toContain(
      'skipped: LinkedIn automation is not included in the Freemium plan. Upgrade to Ultra to use it.',
    );
    const leads = await stage.api.get('/leads?platform=linkedin', as(owner));
    expect(leads.body.items.map((l: { externalUserId: string }) => l.externalUserId)).toEqual([
      conversation.participant.profileId,
    ]);
  });

  it("sends a member's reply through the browser worker once per Idempotency-Key, in the thread after the bot's, announced as message.sent", async () => {
    // Prepare: the automatic answer went out; the owner listens to message events.
    const { owner, member } = await connectedWithScenario('handhuman', 'Inès Morel');
    const endpoint = await stage.api.post(
      '/webhooks/endpoints',
      { url: receiver.url('/linkedin-human'), events: ['message.sent', 'message.failed'] },
      as(owner),
    );
    expect(endpoint.status).toBe(201);
    await collectAndProcess();
    await until(
      () => deliveriesOf(owner),
      (items) => items[0]?.status === 'sent',
      'automatic reply',
    );
    const id = leadIdOf(owner.workspaceId, 'linkedin', 'handhuman-prospect');
    const text = 'Bonjour Léa, ici Inès : la prochaine session commence lundi.';
    const reply = () =>
      stage.api.post(
        `/conversations/${id}/messages`,
        { text },
        { ...as(owner), headers: { 'idempotency-key': 'li-reply-1' } },
      );

    // Act: the reply, retried at once (the job is still queued), and again once the worker typed it.
    const sent = await reply();
    const retried = await reply();
    const thread = await until(
      async () => (await stage.api.get(`/conversations/${id}`, as(owner))).body,
      (c) => c.messages?.at(-1)?.deliveryStatus === 'sent',
      'the human reply settles',
    );
    const late = await reply();
    await webhookDispatcher().runDue(100);

    // Assess: one job on the browserLinkedIn queue, one message typed on LinkedIn.
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({ author: 'human', authorUserId: owner.user.id });
    expect(sent.body.message.deliveryStatus).toBe('queued');
    expect(retried.status).toBe(200);
    expect(retried.body.message.id).toBe(sent.body.message.id);
    expect(late.status).toBe(200);
    expect(late.body.message).toMatchObject({ id: sent.body.message.id, deliveryStatus: 'sent' });
    const typed = site.state.sent.filter((s) => s.liAt === member.liAt);
    expect(typed.map((s) => s.text)).toEqual(['Merci ! Je vous envoie la brochure.', text]);
    // The thread in true order, each message with its author and delivery status; the bot is paused.
    expect(
      thread.messages.map((m: { author: string; deliveryStatus: string | null; text: string }) => [
        m.author,
        m.deliveryStatus,
        m.text,
      ]),
    ).toEqual([
      ['contact', null, 'Bonjour, quel est le prix de la formation ?'],
      ['bot', 'sent', 'Merci ! Je vous envoie la brochure.'],
      ['human', 'sent', text],
    ]);
    expect(thread).toMatchObject({
      platform: 'linkedin',
      botPaused: true,
      pausedReason: 'human_reply',
      status: 'waiting',
    });
    const human = (await deliveriesOf(owner)).find((d) => d.text === text);
    expect(human?.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['queued', 'sent']);
    // Both LinkedIn sends announced once each when the worker reported, the member's with its author.
    const events = receiver.at('/linkedin-human').map((r) => r.event);
    expect(events.map((e) => e.type)).toEqual(['message.sent', 'message.sent']);
    expect(events.find((e) => e.data.message.author === 'human')?.data.message).toMatchObject({
      conversationId: id,
      platform: 'linkedin',
      authorUserId: owner.user.id,
      text,
      providerMessageId: typed[1]!.messageId,
    });
    expect(events.find((e) => e.data.message.author === 'bot')?.data.message.providerMessageId).toBe(
      typed[0]!.messageId,
    );
  });
});
