import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as collectInteractions } from '../../functions/schedules/collect-interactions';

const collectMeta = () => collectInteractions({ provider: 'meta' });

import { localWorkflow } from '../../infra/local/workflow-plugin';
import { leadIdOf } from '../../shared/domain/leads/lead';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Never lose a lead silently, over real HTTP against the fake Graph API: every send attempt in the delivery
 * log; a token that expires mid-run pauses the account (status, plain-words error, one notification) without
 * losing the interaction; reconnecting recovers the outage — answered once where still in the window, logged
 * only where not, never a duplicate DM.
 */
const IG = '17841400000000077';
const PAGE = '7070';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
let fake: FakeMetaGraph;
let stage: TestStage;
let owner: Awaited<ReturnType<typeof signupWithWorkspace>>;

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  fake.addPage({ id: PAGE, name: 'Fleurs Page', instagram: { id: IG, username: 'fleurs.lyon' } });
  stage = await startTestStage({ env: fake.env('verify-health') });
  owner = await signupWithWorkspace(stage.api, 'fleurs');
  await connectMeta(stage, owner);
  // The routine collection of a healthy account has run once: the collector has a position to resume from.
  await collectMeta();
  for (const scenario of [
    { name: 'DMs', trigger: 'dm', action: 'reply', message: 'Merci {{firstName}}, voici nos bouquets.' },
    { name: 'Comments', trigger: 'comment', action: 'private_reply', message: 'Je vous écris en privé !' },
  ]) {
    const created = await stage.api.post(
      '/scenarios',
      { ...scenario, platform: 'instagram', keywords: [], priority: 1 },
      auth(),
    );
    expect(created.status).toBe(201);
  }
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
});

const auth = () => ({ token: owner.accessToken, workspaceId: owner.workspaceId });
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const sentTo = (recipient: string) => fake.state.sent.filter((m) => m.recipient === recipient);
const lead = (sender: string) =>
  stage.api.get(`/leads/${leadIdOf(owner.workspaceId, 'instagram', sender)}`, auth());
const instagramAccount = async () =>
  (await stage.api.get('/social-accounts', auth())).body.items.find(
    (a: { platform: string }) => a.platform === 'instagram',
  );

/** A person writes (the fake Graph learns it) and Meta delivers the webhook. */
async function personWrites(sender: string, text: string, mid: string) {
  fake.addInboundMessage({ accountId: IG, from: { id: sender, username: sender }, text, id: mid });
  const signed = signedMetaWebhook(metaWebhook.instagramMessage(IG, { sender, mid, text }), fake.appSecret);
  const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
    rawBody: signed.body,
    headers: signed.headers,
  });
  expect(response.status).toBe(200);
}

describe('Delivery log: GET /deliveries and the lead detail', () => {
  it('records every attempt: a throttled send then its success shows two attempts, with the provider answers', async () => {
    fake.throttle(1, 4);
    await personWrites('ig-hugo', 'Bonjour, vous livrez ?', 'mid-hugo-1');
    await localWorkflow().idle();

    expect(sentTo('ig-hugo')).toHaveLength(1);
    const list = await stage.api.get('/deliveries?platform=instagram&status=sent', auth());
    expect(list.status).toBe(200);
    const row = list.body.items.find(
      (d: { leadId: string }) => d.leadId === leadIdOf(owner.workspaceId, 'instagram', 'ig-hugo'),
    );
    expect(row).toMatchObject({
      platform: 'instagram',
      action: 'reply',
      status: 'sent',
      text: expect.stringContaining('voici nos bouquets'),
      scenarioId: expect.any(String),
      providerMessageId: sentTo('ig-hugo')[0]!.id,
    });
    expect(row.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        outcome: 'retry',
        error: { code: 'rate_limited', retryable: true, providerCode: '4' },
        explanation: 'Meta is throttling this account: retry later',
      }),
      expect.objectContaining({ attempt: 2, outcome: 'sent', providerMessageId: row.providerMessageId }),
    ]);
    const detail = await lead('ig-hugo');
    expect(detail.status).toBe(200);
    expect(detail.body.deliveries).toEqual([row]);
  });

  it('shows a permanent failure with its explanation and tells the workspace once a day', async () => {
    fake.state.unavailableUsers.add('ig-ines');
    fake.state.unavailableUsers.add('ig-jade');
    await personWrites('ig-ines', 'Un bouquet pour samedi ?', 'mid-ines-1');
    await personWrites('ig-jade', 'Un bouquet pour dimanche ?', 'mid-jade-1');
    await localWorkflow().idle();

    const failed = await stage.api.get('/deliveries?status=failed', auth());
    expect(failed.body.items).toHaveLength(2);
    expect(failed.body.items[0].attempts).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        error: { code: 'recipient_unavailable', retryable: false, providerCode: '551/2534014' },
        explanation: 'this person cannot receive messages right now',
      }),
    ]);
    const notices = (await stage.api.get('/notifications', auth())).body.items;
    expect(notices.filter((n: { kind: string }) => n.kind === 'delivery_failed')).toHaveLength(1);
  });

  it('pages with a cursor, filters by date, and keeps workspaces apart', async () => {
    const first = await stage.api.get('/deliveries?limit=1', auth());
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await stage.api.get(`/deliveries?limit=1&cursor=${first.body.nextCursor}`, auth());
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect(second.body.items[0].createdAt <= first.body.items[0].createdAt).toBe(true);

    // The UTC day the deliveries were logged on, read from them, not from the wall clock: a run that crosses
    // midnight UTC between the sends and these reads must not look for them on the wrong day.
    const today = first.body.items[0].createdAt.slice(0, 10);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00.000Z`) + DAY).toISOString().slice(0, 10);
    expect((await stage.api.get(`/deliveries?from=${tomorrow}`, auth())).body.items).toEqual([]);
    expect((await stage.api.get(`/deliveries?from=${today}&to=${today}`, auth())).body.items).toHaveLength(3);
    expect((await stage.api.get('/deliveries?status=nope', auth())).status).toBe(400);
    expect((await stage.api.get(`/deliveries?from=${tomorrow}&to=${today}`, auth())).status).toBe(400);

    const outsider = await signupWithWorkspace(stage.api, 'outsider');
    const theirs = { token: outsider.accessToken, workspaceId: outsider.workspaceId };
    expect((await stage.api.get('/deliveries', theirs)).body.items).toEqual([]);
    expect((await stage.api.get(`/deliveries?cursor=${first.body.nextCursor}`, theirs)).status).toBe(400);
  });
});

describe('Outage: a token that expires mid-run', () => {
  it('pauses the account, keeps the interaction and the lead, notifies once, and logs the failed attempt', async () => {
    const notificationsBefore = (await stage.api.get('/notifications', auth())).body.items.length;
    fake.expireToken(fake.pageToken(PAGE));
    await personWrites('ig-basile', 'Bonjour, un bouquet de pivoines ?', 'mid-basile-1');
    await localWorkflow().idle();

    expect(sentTo('ig-basile')).toHaveLength(0);
    expect(await instagramAccount()).toMatchObject({
      status: 'needs_reconnect',
      lastError: 'The Meta access token expired: reconnect the account.',
      lastEventAt: expect.any(String),
    });
    const detail = await lead('ig-basile');
    expect(detail.status).toBe(200);
    expect(detail.body.history.map((h: { text: string }) => h.text)).toContain(
      'Bonjour, un bouquet de pivoines ?',
    );
    expect(detail.body.deliveries).toHaveLength(1);
    expect(detail.body.deliveries[0]).toMatchObject({
      status: 'account_blocked',
      attempts: [
        {
          attempt: 1,
          outcome: 'failed',
          error: { code: 'auth_expired', retryable: false, providerCode: '190/463' },
          explanation: 'the Meta access token expired: reconnect the account',
        },
      ],
    });

    // During the outage the account receives nothing new: Meta's webhook is acknowledged and dropped (no lead,
    // no phone, no reply); the conversation stays on Meta until the reconnect's backfill reads it.
    await personWrites('ig-chloe', 'Vous êtes ouverts dimanche ?', 'mid-chloe-1');
    await personWrites('ig-chloe', 'Vous êtes ouverts dimanche ?', 'mid-chloe-1');
    await localWorkflow().idle();
    expect(sentTo('ig-chloe')).toHaveLength(0);
    expect((await lead('ig-chloe')).status).toBe(404);
    expect((await stage.api.get('/deliveries?status=account_blocked', auth())).body.items).toHaveLength(1);

    const notices = (await stage.api.get('/notifications', auth())).body.items;
    expect(notices).toHaveLength(notificationsBefore + 1);
    expect(notices[0]).toMatchObject({
      kind: 'account_needs_reconnect',
      accountId: (await instagramAccount()).id,
      body: expect.stringContaining('access token expired'),
    });
  });

  it('after a reconnect, recovers the outage once: answers what is still in its window, logs the rest', async () => {
    // Missed while the account was down (no webhook): a fresh DM, a DM past 24 hours, a recent comment and a
    // comment past the 7-day private-reply window.
    fake.addInboundMessage({
      accountId: IG,
      from: { id: 'ig-dora', username: 'dora' },
      text: 'Des tulipes ?',
      id: 'mid-dora-1',
      at: ago(2 * 60_000),
    });
    fake.addInboundMessage({
      accountId: IG,
      from: { id: 'ig-emile', username: 'emile' },
      text: 'Des roses ?',
      id: 'mid-emile-1',
      at: ago(30 * HOUR),
    });
    fake.addMedia(IG, { id: 'media-77', timestamp: ago(10 * DAY) });
    fake.addComment({
      id: 'c-fanny',
      mediaId: 'media-77',
      text: 'Prix ?',
      from: { id: 'ig-fanny', username: 'fanny' },
      timestamp: ago(2 * DAY),
    });
    fake.addComment({
      id: 'c-gael',
      mediaId: 'media-77',
      text: 'Joli',
      from: { id: 'ig-gael', username: 'gael' },
      timestamp: ago(8 * DAY),
    });
    const sentBefore = fake.state.sent.length;

    await connectMeta(stage, owner);
    await localWorkflow().idle();

    expect(await instagramAccount()).toMatchObject({ status: 'active', lastError: null });
    // Answered once: the message whose send failed, the one that arrived during the outage, the missed ones in
    // window.
    expect(sentTo('ig-basile')).toHaveLength(1);
    expect(sentTo('ig-chloe')).toHaveLength(1);
    expect(sentTo('ig-dora')).toHaveLength(1);
    expect(sentTo('c-fanny')).toMatchObject([{ kind: 'private_reply', text: 'Je vous écris en privé !' }]);
    // Logged as leads, never answered: outside the 24-hour and the 7-day windows.
    expect(sentTo('ig-emile')).toHaveLength(0);
    expect(sentTo('c-gael')).toHaveLength(0);
    expect((await lead('ig-emile')).status).toBe(200);
    expect((await lead('ig-gael')).status).toBe(200);
    // Nothing answered before the outage is answered again.
    expect(sentTo('ig-hugo')).toHaveLength(1);
    expect(fake.state.sent.length - sentBefore).toBe(4);

    const basile = (await lead('ig-basile')).body.deliveries;
    expect(basile).toHaveLength(1);
    expect(basile[0]).toMatchObject({ status: 'sent' });
    expect(basile[0].attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'sent']);

    // The scheduled collector (the routine backfill of healthy accounts) finds nothing left to do.
    await collectMeta();
    await localWorkflow().idle();
    expect(fake.state.sent.length - sentBefore).toBe(4);
  });

  it('notifies again for the next outage after a reconnect', async () => {
    const before = (await stage.api.get('/notifications', auth())).body.items.length;
    fake.expireToken(fake.pageToken(PAGE));
    await personWrites('ig-iris', 'Encore là ?', 'mid-iris-1');
    await localWorkflow().idle();
    expect((await instagramAccount()).status).toBe('needs_reconnect');
    const notices = (await stage.api.get('/notifications', auth())).body.items;
    expect(notices).toHaveLength(before + 1);
    expect(notices[0].kind).toBe('account_needs_reconnect');
  });
});
