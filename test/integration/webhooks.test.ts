import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoWebhookStore } from '../../shared/adapters/dynamo/webhook-store';
import { GuardedWebhookTransport } from '../../shared/adapters/http/webhook-transport';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { WebhookDispatcher } from '../../shared/services/webhooks/webhook-dispatcher';
import { tokenVault } from '../../shared/wiring/vault';
import { webhookDispatcher } from '../../shared/wiring/webhooks';
import { signupWithWorkspace } from '../support/api';
import {
  connectInstagram,
  failures,
  incoming,
  RecordingProvider,
  startWorkflowStage,
  type WorkflowStage,
} from '../support/engine';
import { makeLead, seedLeads } from '../support/leads';
import { startWebhookReceiver, verifyFlowiaSignature } from '../support/webhook-receiver';
import { addMemberInStore } from '../support/workspaces';

let stage: WorkflowStage;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const provider = new RecordingProvider();
const ALL_EVENTS = [
  'lead.created',
  'lead.updated',
  'lead.qualified',
  'conversation.handover',
  'message.sent',
  'message.failed',
];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  stage = await startWorkflowStage({ provider, env: { WEBHOOKS_ALLOW_LOOPBACK: '1' } });
});
afterAll(async () => {
  await stage?.stop();
  await receiver?.stop();
});

async function ownerWithEndpoint(name: string, events: string[] = ALL_EVENTS) {
  const owner = await signupWithWorkspace(stage.api, name);
  const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
  const path = `/${name}`;
  const endpoint = await stage.api.post('/webhooks/endpoints', { url: receiver.url(path), events }, as);
  expect(endpoint.status).toBe(201);
  return { owner, as, path, endpoint: endpoint.body as { id: string; secret: string } };
}

/** A dispatcher on its own clock, over the stage's table, through the same guarded transport. */
function dispatcherAt(clock: { now: number }, allowLoopback = true) {
  return new WebhookDispatcher(
    new DynamoWebhookStore(stageTable),
    tokenVault(),
    new GuardedWebhookTransport({ allowLoopback, timeoutMs: 5000 }),
    () => new Date(clock.now),
  );
}

describe('Outbound webhooks', () => {
  it('delivers the workflow events, each signed with the endpoint secret, once', async () => {
    // Prepare
    const { owner, as, path, endpoint } = await ownerWithEndpoint('wf');
    for (const scenario of [
      { name: 'Humain', keywords: ['humain'], action: 'handover', priority: 1 },
      { name: 'Tout', action: 'dm', message: 'Merci !', priority: 50 },
    ])
      expect((await stage.api.post('/scenarios', scenario, as)).status).toBe(201);
    const account = await connectInstagram(owner.workspaceId);
    const first = incoming(account, { kind: 'dm', text: 'Bonjour, le prix ?' });
    const second = { ...incoming(account, { kind: 'dm', text: 'Je veux un humain' }), author: first.author };
    const third = incoming(account, { kind: 'dm', text: 'Hello' });

    // Act
    await stage.process(first);
    await stage.process(first); // redelivered: no second event
    await stage.process(second);
    provider.failNext(failures.outsideWindow);
    await stage.process(third);
    await webhookDispatcher().runDue(100);
    await webhookDispatcher().runDue(100);

    // Assess
    const got = receiver.at(path);
    const types = got.map((r) => r.event.type).sort();
    expect(types).toEqual(
      [
        'conversation.handover',
        'lead.created',
        'lead.created',
        'lead.updated',
        'message.failed',
        'message.sent',
      ].sort(),
    );
    const now = Math.floor(Date.now() / 1000);
    for (const r of got) {
      expect(
        verifyFlowiaSignature(r.headers['flowia-signature'] as string, r.body, endpoint.secret, now),
      ).toBe(true);
      expect(r.event).toMatchObject({ id: expect.stringMatching(/^evt_/), workspaceId: owner.workspaceId });
      expect(r.headers['flowia-event-id']).toBe(r.event.id);
    }
    const leadId = leadIdOf(owner.workspaceId, 'instagram', first.author.platformUserId);
    const created = got.find((r) => r.event.type === 'lead.created' && r.event.data.lead.id === leadId);
    expect(created?.event.data.lead).toMatchObject({
      id: leadId,
      platform: 'instagram',
      interactionCount: 1,
    });
    expect(got.find((r) => r.event.type === 'message.sent')?.event.data.message).toMatchObject({
      leadId,
      text: 'Merci !',
      providerMessageId: expect.any(String),
    });
    expect(got.find((r) => r.event.type === 'conversation.handover')?.event.data).toMatchObject({
      conversation: { leadId, botPaused: true, pausedReason: 'handover' },
      message: { text: 'Je veux un humain' },
    });
    expect(got.find((r) => r.event.type === 'message.failed')?.event.data.message.error).toMatch(/24-hour/);
    const deliveries = await stage.api.get('/webhooks/deliveries', as);
    expect(deliveries.body.items).toHaveLength(6);
    for (const d of deliveries.body.items)
      expect(d).toMatchObject({ status: 'delivered', endpointId: endpoint.id, attempts: [{ status: 200 }] });
  });

  it("announces a member's reply by hand: message.sent once under a retried Idempotency-Key, message.failed when refused", async () => {
    // Prepare: no scenario, so the only messages Flow IA sends are the member's.
    const { owner, as, path } = await ownerWithEndpoint('human', ['message.sent', 'message.failed']);
    const account = await connectInstagram(owner.workspaceId);
    const first = incoming(account, { kind: 'dm', text: 'Bonjour, une question' });
    await stage.process(first);
    const id = leadIdOf(owner.workspaceId, 'instagram', first.author.platformUserId);
    const reply = (text: string, key: string) =>
      stage.api.post(
        `/conversations/${id}/messages`,
        { text },
        { ...as, headers: { 'idempotency-key': key } },
      );

    // Act
    const sent = await reply('Je vous réponds', 'human-1');
    const retried = await reply('Je vous réponds', 'human-1');
    provider.failNext(failures.outsideWindow);
    const refused = await reply('Encore moi', 'human-2');
    await webhookDispatcher().runDue(100);
    await webhookDispatcher().runDue(100);

    // Assess
    expect([sent.status, retried.status, refused.status]).toEqual([201, 200, 409]);
    const events = receiver.at(path).map((r) => r.event);
    expect(events.map((e) => e.type).sort()).toEqual(['message.failed', 'message.sent']);
    expect(events.find((e) => e.type === 'message.sent')?.data.message).toMatchObject({
      id: sent.body.message.id,
      conversationId: id,
      leadId: id,
      platform: 'instagram',
      author: 'human',
      authorUserId: owner.user.id,
      text: 'Je vous réponds',
      scenarioId: null,
      providerMessageId: expect.any(String),
    });
    expect(events.find((e) => e.type === 'message.failed')?.data.message).toMatchObject({
      author: 'human',
      authorUserId: owner.user.id,
      text: 'Encore moi',
      error: expect.stringMatching(/24-hour/),
    });
  });

  it('retries a failing receiver with backoff until it answers, gives up after 24 h, and replays on demand', async () => {
    // Prepare
    const { owner, as, path } = await ownerWithEndpoint('retry', ['lead.updated', 'lead.qualified']);
    const lead = makeLead(owner.workspaceId);
    await seedLeads([lead]);
    const clock = { now: 0 };
    const dispatcher = dispatcherAt(clock);

    // Act: a PATCH qualifies the lead (two events); the receiver fails twice, then answers.
    const patch = await stage.api.patch(`/leads/${lead.id}`, { status: 'qualified' }, as);
    clock.now = Date.now() + 1000;
    receiver.answerNext(500, 302);
    await dispatcher.runDue(100);
    await dispatcher.runDue(100); // nothing is due again yet
    const afterFailures = receiver.at(path).length;
    clock.now += 61_000;
    await dispatcher.runDue(100);
    const list = await stage.api.get('/webhooks/deliveries', as);

    // Assess
    expect(patch.status).toBe(200);
    expect(afterFailures).toBe(2);
    expect(
      receiver
        .at(path)
        .map((r) => r.event.type)
        .sort(),
    ).toEqual(['lead.qualified', 'lead.qualified', 'lead.updated', 'lead.updated']);
    for (const d of list.body.items) {
      expect(d.status).toBe('delivered');
      expect(d.attempts.map((a: { status: number }) => a.status)).toEqual([expect.any(Number), 200]);
    }
    const failed = list.body.items.flatMap(
      (d: { attempts: Array<{ status: number; error: string }> }) => d.attempts[0],
    );
    expect(failed.map((a: { status: number }) => a.status).sort()).toEqual([302, 500]);
    expect(failed.find((a: { status: number }) => a.status === 302).error).toMatch(
      /redirects are not followed/,
    );

    // Act: replay one delivery; then a receiver that always fails, seen only after the 24-hour window.
    const one = list.body.items[0];
    const replay = await stage.api.post(`/webhooks/deliveries/${one.id}/replay`, undefined, as);
    await dispatcher.runDue(100);
    const replayed = receiver.at(path).at(-1);
    await stage.api.patch(`/leads/${lead.id}`, { notes: 'called back' }, as); // qualified already: lead.updated only
    receiver.answerNext(500);
    clock.now += 25 * 3600 * 1000;
    await dispatcher.runDue(100);
    const last = await stage.api.get('/webhooks/deliveries', as);

    // Assess
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ id: one.id, status: 'pending' });
    expect(replayed?.event.id).toBe(one.eventId);
    expect(last.body.items).toHaveLength(3);
    const newest = last.body.items[0];
    expect(newest).toMatchObject({ eventType: 'lead.updated', status: 'failed', nextAttemptAt: null });
    expect(newest.attempts).toEqual([expect.objectContaining({ status: 500 })]);
    expect(last.body.items.find((d: { id: string }) => d.id === one.id).attempts).toHaveLength(3);
  });

  it('never sends to a private or loopback address with the AWS guard', async () => {
    // Prepare
    const { owner, as, path } = await ownerWithEndpoint('guard', ['lead.updated']);
    const lead = makeLead(owner.workspaceId);
    await seedLeads([lead]);

    // Act
    await stage.api.patch(`/leads/${lead.id}`, { notes: 'x' }, as);
    const clock = { now: Date.now() + 1000 };
    await dispatcherAt(clock, false).runDue(100);
    const list = await stage.api.get('/webhooks/deliveries', as);
    const badUrls = await Promise.all(
      [
        'https://10.0.0.1/hook',
        'https://169.254.169.254/latest',
        'https://[::ffff:169.254.169.254]/',
        'http://example.com/hook',
      ].map((url) => stage.api.post('/webhooks/endpoints', { url, events: ['lead.updated'] }, as)),
    );

    // Assess
    expect(receiver.at(path)).toHaveLength(0);
    expect(list.body.items[0]).toMatchObject({ status: 'failed', attempts: [{ status: null }] });
    expect(list.body.items[0].attempts[0].error).toMatch(/loopback/);
    for (const bad of badUrls) {
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('url');
    }
  });

  it('keeps endpoints, deliveries and events inside their workspace', async () => {
    // Prepare
    const a = await ownerWithEndpoint('tenant-a', ['lead.updated']);
    const b = await ownerWithEndpoint('tenant-b', ['lead.updated']);
    const lead = makeLead(a.owner.workspaceId);
    await seedLeads([lead]);
    await stage.api.patch(`/leads/${lead.id}`, { notes: 'a only' }, a.as);
    await webhookDispatcher().runDue(100);
    const aDelivery = (await stage.api.get('/webhooks/deliveries', a.as)).body.items[0];

    // Act
    const bEndpoints = await stage.api.get('/webhooks/endpoints', b.as);
    const bDeliveries = await stage.api.get('/webhooks/deliveries', b.as);
    const crossGet = await stage.api.get(`/webhooks/endpoints/${a.endpoint.id}`, b.as);
    const crossPatch = await stage.api.patch(`/webhooks/endpoints/${a.endpoint.id}`, { active: false }, b.as);
    const crossDelete = await stage.api.delete(`/webhooks/endpoints/${a.endpoint.id}`, b.as);
    const crossReplay = await stage.api.post(`/webhooks/deliveries/${aDelivery.id}/replay`, undefined, b.as);
    const otherHeader = await stage.api.get('/webhooks/endpoints', {
      token: b.owner.accessToken,
      workspaceId: a.owner.workspaceId,
    });

    // Assess
    expect(receiver.at(a.path)).toHaveLength(1);
    expect(receiver.at(b.path)).toHaveLength(0);
    expect(bEndpoints.body.items.map((e: { id: string }) => e.id)).toEqual([b.endpoint.id]);
    expect(bEndpoints.text).not.toContain('secret');
    expect(bDeliveries.body.items).toEqual([]);
    expect([crossGet.status, crossPatch.status, crossDelete.status, crossReplay.status]).toEqual([
      404, 404, 404, 404,
    ]);
    expect(otherHeader.status).toBe(403);
    expect((await stage.api.get(`/webhooks/endpoints/${a.endpoint.id}`, a.as)).body.active).toBe(true);
  });

  it('lets only owners and admins manage endpoints, validates them, and stops a deleted one', async () => {
    // Prepare
    const { owner, as, endpoint } = await ownerWithEndpoint('manage', ['lead.updated']);
    const member = await signupWithWorkspace(stage.api, 'whmember');
    await addMemberInStore(owner.workspaceId, member, 'member');
    const key = await stage.api.post('/api-keys', { name: 'zap', scope: 'write' }, as);

    // Act
    const byMember = await stage.api.get('/webhooks/endpoints', {
      token: member.accessToken,
      workspaceId: owner.workspaceId,
    });
    const byKey = await stage.api.post(
      '/webhooks/endpoints',
      { url: receiver.url('/k'), events: ['lead.updated'] },
      { token: key.body.key },
    );
    const invalid = await Promise.all(
      [
        { url: receiver.url('/x'), events: [] },
        { url: receiver.url('/x'), events: ['lead.deleted'] },
        { url: receiver.url('/x'), events: ['lead.updated', 'lead.updated'] },
        { url: receiver.url('/x') },
      ].map((body) => stage.api.post('/webhooks/endpoints', body, as)),
    );
    const patched = await stage.api.patch(
      `/webhooks/endpoints/${endpoint.id}`,
      { events: ['lead.created', 'lead.updated'], description: 'CRM' },
      as,
    );
    const removed = await stage.api.delete(`/webhooks/endpoints/${endpoint.id}`, as);
    const gone = await stage.api.get(`/webhooks/endpoints/${endpoint.id}`, as);

    // Assess
    expect(byMember.status).toBe(403);
    expect(byKey.status).toBe(403);
    for (const bad of invalid) expect(bad.status).toBe(400);
    expect(patched.body).toMatchObject({
      events: ['lead.created', 'lead.updated'],
      description: 'CRM',
      active: true,
    });
    expect(patched.body).not.toHaveProperty('secret');
    expect(removed.status).toBe(204);
    expect(gone.status).toBe(404);
  });
});
