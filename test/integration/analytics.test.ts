import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWorkflow, workflowPlugin } from '../../infra/local/workflow-plugin';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { incomingMessageSchema } from '../../shared/domain/messages/incoming-message';
import { assignVariant } from '../../shared/domain/scenarios/ab-test';
import type { WorkflowState } from '../../shared/services/engine/workflow-state';
import { leadOutcomes } from '../../shared/wiring/lead-outcomes';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { setWorkspacePlan } from '../support/leads';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Issue 23 item 8 end to end: signed Meta webhooks → the ASL workflow → the simulated Graph API, and the
 * funnel read back from GET /analytics/scenarios and /analytics/posts. A comment gets its public reply and its
 * A/B-tested private reply; Meta's read receipt, the person's answer, the phone they give and the lead marked
 * won each count once, however often Meta redelivers them.
 */
const IG = '17841400000000888';
const PAGE = '8080';
const VERSIONS = [
  { id: 'A', weight: 50, message: 'Bonjour {{firstName}} ! Voici nos prix : atelier.paris/tarifs' },
  { id: 'B', weight: 50, message: 'Coucou {{firstName}}, tout est ici : atelier.paris/tarifs 💌' },
];
let fake: FakeMetaGraph;
let stage: TestStage;
let owner: Awaited<ReturnType<typeof signupWithWorkspace>>;
let other: Awaited<ReturnType<typeof signupWithWorkspace>>;
let scenarioId: string;
let sequence = 0;

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  fake.addPage({ id: PAGE, name: 'Atelier Page', instagram: { id: IG, username: 'atelier.stats' } });
  fake.addMedia(IG, { id: 'media-1' });
  fake.addMedia(IG, { id: 'media-2' });
  stage = await startTestStage({
    env: fake.env('verify-me'),
    plugins: [
      workflowPlugin({ concurrency: 3, retryIntervalMs: 5, redeliveryDelayMs: () => 20, maxReceiveCount: 3 }),
    ],
  });
  owner = await signupWithWorkspace(stage.api, 'atelier-stats');
  other = await signupWithWorkspace(stage.api, 'rival-stats');
  await setWorkspacePlan(owner.workspaceId, 'premium');
  await connectMeta(stage, owner);
  const created = await stage.api.post(
    '/scenarios',
    {
      name: 'Prix en commentaire',
      platform: 'instagram',
      trigger: 'comment',
      keywords: ['prix'],
      actions: [
        { action: 'reply', message: 'Je t’écris en privé @{{username}} !' },
        { action: 'private_reply', message: null, abVariants: VERSIONS },
      ],
    },
    auth(),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  scenarioId = created.body.id;
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
});

const auth = () => ({ token: owner.accessToken, workspaceId: owner.workspaceId });

async function deliver(payload: unknown, times = 1) {
  const signed = signedMetaWebhook(payload, fake.appSecret);
  for (let i = 0; i < times; i++) {
    const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
      rawBody: signed.body,
      headers: signed.headers,
    });
    expect(response.status).toBe(200);
  }
  await localWorkflow().idle();
}

/** A person comments on a post; returns the private reply our scenario sent them (its Graph message id). */
async function personComments(person: string, mediaId: string, text: string, times = 1, time?: number) {
  sequence += 1;
  const id = `1791${sequence}${person.length}`;
  fake.addComment({ id, mediaId, text, from: { id: person, username: person } });
  const comment = { id, from: person, username: person, text, mediaId, ...(time ? { time } : {}) };
  await deliver(metaWebhook.instagramComment(IG, comment), times);
  return fake.state.sent.find((m) => m.kind === 'private_reply' && m.recipient === id);
}

async function personWrites(person: string, text: string, times = 1) {
  sequence += 1;
  const mid = `mid-stats-${sequence}`;
  fake.addInboundMessage({ accountId: IG, from: { id: person, username: person }, text, id: mid });
  await deliver(metaWebhook.instagramMessage(IG, { sender: person, mid, text }), times);
}

/** Today ± 1 day, so the day of the webhooks (stamped by the fake with the time they are built) is inside. */
function around(): { from: string; to: string } {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(-1), to: day(1) };
}

async function funnel() {
  const { from, to } = around();
  const response = await stage.api.get(`/analytics/scenarios?from=${from}&to=${to}`, auth());
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items.find((item: { scenarioId: string }) => item.scenarioId === scenarioId);
}

async function posts() {
  const { from, to } = around();
  const response = await stage.api.get(`/analytics/posts?from=${from}&to=${to}`, auth());
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as Array<{ mediaId: string } & Record<string, number>>;
}

const versionOf = (person: string) =>
  assignVariant(VERSIONS, scenarioId, leadIdOf(owner.workspaceId, 'instagram', person));
const zero = {
  triggered: 0,
  repliedPublicly: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  answered: 0,
  contactCaptured: 0,
  won: 0,
};

describe('Analytics: the funnel of a scenario and of a post', () => {
  it('counts comment → public reply + DM → read → answer → phone → won once each, whatever Meta redelivers', async () => {
    // Act: the comment arrives three times, the read receipt twice, the answer twice, the phone once.
    const dm = await personComments('lea.m', 'media-1', 'Quel est le prix ?', 3);
    expect(dm).toBeDefined();
    await deliver(metaWebhook.instagramSeen(IG, { sender: 'lea.m', mid: dm!.id }), 2);
    await personWrites('lea.m', 'Oui, je veux bien en savoir plus', 2);
    await personWrites('lea.m', 'Mon numéro : 06 12 34 56 78');
    const leadId = leadIdOf(owner.workspaceId, 'instagram', 'lea.m');
    for (let i = 0; i < 2; i++) {
      const won = await stage.api.patch(`/leads/${leadId}`, { status: 'won' }, auth());
      expect(won.status, JSON.stringify(won.body)).toBe(200);
    }
    // The receipt again, after everything: still counted once.
    await deliver(metaWebhook.instagramSeen(IG, { sender: 'lea.m', mid: dm!.id }));

    // Assess
    const once = {
      triggered: 1,
      repliedPublicly: 1,
      sent: 1,
      delivered: 1,
      read: 1,
      answered: 1,
      contactCaptured: 1,
      won: 1,
    };
    const scenario = await funnel();
    expect(scenario).toMatchObject({ name: 'Prix en commentaire', ...once });
    const mine = versionOf('lea.m');
    expect(dm!.text).toBe(mine.message.replace('{{firstName}}', 'lea.m'));
    expect(scenario.variants).toEqual([
      { variantId: 'A', weight: 50, ...(mine.id === 'A' ? once : zero) },
      { variantId: 'B', weight: 50, ...(mine.id === 'B' ? once : zero) },
    ]);
    expect((await posts()).find((post) => post.mediaId === 'media-1')).toEqual({
      mediaId: 'media-1',
      ...once,
    });
  });

  it("splits the DM between the A/B versions by lead, and reports each version's results", async () => {
    // Prepare: three people the hash gives A and three it gives B.
    const people: Record<'A' | 'B', string[]> = { A: [], B: [] };
    for (let i = 0; people.A.length < 3 || people.B.length < 3; i++) {
      const person = `ab.person.${i}`;
      const version = versionOf(person).id as 'A' | 'B';
      if (people[version].length < 3) people[version].push(person);
    }
    const before = await funnel();

    // Act
    const sent: Record<string, { id: string; text: string }> = {};
    for (const person of [...people.A, ...people.B])
      sent[person] = (await personComments(person, 'media-2', `prix svp (${person})`))!;
    await deliver(metaWebhook.instagramSeen(IG, { sender: people.B[0]!, mid: sent[people.B[0]!]!.id }));
    // The same lead commenting again gets the same version.
    const again = await personComments(people.A[0]!, 'media-2', 'et le prix en gros ?');

    // Assess
    for (const person of people.A) expect(sent[person]!.text).toMatch(/^Bonjour /);
    for (const person of people.B) expect(sent[person]!.text).toMatch(/^Coucou /);
    expect(again!.text).toMatch(/^Bonjour /);
    const after = await funnel();
    const [a, b] = after.variants;
    const [a0, b0] = before.variants;
    expect(a.triggered - a0.triggered).toBe(4);
    expect(a.sent - a0.sent).toBe(4);
    expect(b.triggered - b0.triggered).toBe(3);
    expect(b.sent - b0.sent).toBe(3);
    expect(b.read - b0.read).toBe(1);
    expect(a.read - a0.read).toBe(0);
    expect(after.sent - before.sent).toBe(7);
    const media2 = (await posts()).find((post) => post.mediaId === 'media-2');
    expect(media2).toMatchObject({ triggered: 7, repliedPublicly: 7, sent: 7, won: 0 });
  });
});

describe('Analytics: saving an A/B test', () => {
  it('refuses a split public reply with a 400 naming the field, and shows the versions of a DM it saved', async () => {
    // Act
    const publicSplit = await stage.api.post(
      '/scenarios',
      {
        name: 'Mauvais test',
        trigger: 'comment',
        actions: [{ action: 'reply', message: null, abVariants: VERSIONS }],
      },
      auth(),
    );
    const saved = await stage.api.get(`/scenarios/${scenarioId}`, auth());
    // Assess
    expect(publicSplit.status).toBe(400);
    expect(publicSplit.body.error).toMatchObject({
      code: 'validation_failed',
      details: [
        { path: 'actions.0.abVariants', message: expect.stringMatching(/public reply rotates its wordings/) },
      ],
    });
    expect(saved.body.actions[1].abVariants).toEqual(VERSIONS);
  });
});

describe('Analytics: a replayed workflow step', () => {
  it('counts nothing twice when UpdateLead runs again for a message already counted', async () => {
    // Prepare: a comment processed normally, then the very state its UpdateLead step saw.
    const time = Math.floor(Date.now() / 1000);
    const dm = await personComments('rejoue', 'media-1', 'le prix ?', 1, time);
    const accounts = await stage.api.get('/social-accounts', auth());
    const account = accounts.body.items.find((a: { platform: string }) => a.platform === 'instagram');
    const commentId = dm!.recipient;
    const message = incomingMessageSchema.parse({
      dedupeKey: `instagram:comment:${commentId}`,
      workspaceId: owner.workspaceId,
      accountId: account.id,
      platform: 'instagram',
      kind: 'comment',
      platformMessageId: commentId,
      mediaId: 'media-1',
      author: { platformUserId: 'rejoue', username: 'rejoue' },
      text: 'le prix ?',
      occurredAt: new Date(time * 1000).toISOString(),
      source: 'webhook',
      correlationId: 'replay-test',
    });
    const leadId = leadIdOf(owner.workspaceId, 'instagram', 'rejoue');
    const scenarios = await stage.api.get(`/scenarios/${scenarioId}`, auth());
    const state = {
      messageId: 'replayed',
      message,
      logged: {
        leadId,
        firstDelivery: false,
        alreadyProcessed: false,
        score: 0,
        phone: null,
        interactionCount: 1,
      },
      match: {
        scenario: {
          id: scenarioId,
          name: 'Prix en commentaire',
          actions: scenarios.body.actions,
          keyword: 'prix',
        },
      },
      decision: {
        action: 'reply',
        send: true,
        outgoing: 'reply',
        consumesQuota: false,
        followUpAt: null,
        scenarioId,
        reason: 'replayed',
      },
      send: {
        status: 'already_sent',
        idempotencyKey: `${message.dedupeKey}#reply`,
        providerMessageId: null,
        explanation: 'sent earlier',
        steps: [
          {
            index: 0,
            action: 'reply',
            status: 'already_sent',
            idempotencyKey: `${message.dedupeKey}#reply`,
            providerMessageId: null,
            explanation: 'sent earlier',
          },
          {
            index: 1,
            action: 'private_reply',
            status: 'already_sent',
            idempotencyKey: `${message.dedupeKey}#private_reply`,
            providerMessageId: dm!.id,
            explanation: 'sent earlier',
          },
        ],
      },
    } as unknown as WorkflowState;
    const before = await funnel();

    // Act: the step replayed twice, as a retried execution would.
    await leadOutcomes().apply(state);
    await leadOutcomes().apply(state);

    // Assess
    const after = await funnel();
    expect(after).toEqual(before);
    expect(before.triggered).toBeGreaterThan(0);
  });
});

describe('Analytics: the date range', () => {
  it('answers 400 naming the field for a bad day, a reversed range or one over 92 days', async () => {
    // Act
    const badDay = await stage.api.get('/analytics/scenarios?from=2026-02-30', auth());
    const reversed = await stage.api.get('/analytics/posts?from=2026-03-10&to=2026-03-01', auth());
    const tooLong = await stage.api.get('/analytics/scenarios?from=2025-01-01&to=2026-01-01', auth());
    // Assess
    expect(badDay.status).toBe(400);
    expect(badDay.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'from' }] });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0]).toMatchObject({
      path: 'to',
      message: 'to (2026-03-01) is before from (2026-03-10)',
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].message).toBe('the range spans 366 days: at most 92');
  });

  it('reads nothing outside the range', async () => {
    // Act
    const past = await stage.api.get('/analytics/posts?from=2020-01-01&to=2020-03-01', auth());
    // Assess
    expect(past.body).toEqual({ from: '2020-01-01', to: '2020-03-01', items: [] });
  });
});

describe('Analytics: workspace isolation', () => {
  it("shows another workspace nothing of this one's funnel, and refuses its members this workspace's", async () => {
    // Act
    const { from, to } = around();
    const theirs = await stage.api.get(`/analytics/scenarios?from=${from}&to=${to}`, {
      token: other.accessToken,
      workspaceId: other.workspaceId,
    });
    const theirPosts = await stage.api.get(`/analytics/posts?from=${from}&to=${to}`, {
      token: other.accessToken,
      workspaceId: other.workspaceId,
    });
    const intrusion = await stage.api.get(`/analytics/scenarios?from=${from}&to=${to}`, {
      token: other.accessToken,
      workspaceId: owner.workspaceId,
    });
    // Assess
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    expect(theirPosts.body.items).toEqual([]);
    expect(intrusion.status).toBe(403);
  });
});
