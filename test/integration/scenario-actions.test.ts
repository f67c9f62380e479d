import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as followUps } from '../../functions/schedules/follow-ups';
import { localWorkflow, workflowPlugin } from '../../infra/local/workflow-plugin';
import { dynamo, stageTable, tableName } from '../../shared/adapters/dynamo/client';
import { DynamoFollowUpStore } from '../../shared/adapters/dynamo/follow-up-store';
import * as keys from '../../shared/adapters/dynamo/keys';
import { queryAll } from '../../shared/adapters/dynamo/queries';
import { DynamoQuotaStore } from '../../shared/adapters/dynamo/quota-store';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { QuotaService } from '../../shared/services/quota/quota-service';
import {
  type FakeMetaGraph,
  metaWebhook,
  type SentMessage,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { setWorkspacePlan } from '../support/leads';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Issue 23 items 3 and 4 end to end: signed Meta webhooks → the ASL workflow → the simulated Graph API. A comment
 * gets a public reply (one of several wordings) and a private reply with buttons, each exactly once whatever the
 * retries; the tapped button runs its postback scenario; a tapped user_phone_number / user_email quick reply
 * stores the contact on the lead.
 */
const IG = '17841400000000777';
const PAGE = '7070';
let fake: FakeMetaGraph;
let stage: TestStage;
let owner: Awaited<ReturnType<typeof signupWithWorkspace>>;
let sequence = 0;

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  fake.addPage({ id: PAGE, name: 'Atelier Page', instagram: { id: IG, username: 'atelier.paris' } });
  fake.addMedia(IG, { id: 'media-1' });
  stage = await startTestStage({
    env: fake.env('verify-me'),
    plugins: [
      workflowPlugin({ concurrency: 3, retryIntervalMs: 5, redeliveryDelayMs: () => 20, maxReceiveCount: 3 }),
    ],
  });
  owner = await signupWithWorkspace(stage.api, 'atelier-actions');
  // Premium's daily DM allowance: this file sends more private messages than Freemium's 10 a day.
  await setWorkspacePlan(owner.workspaceId, 'premium');
  await connectMeta(stage, owner);
  const scenarios = [
    {
      name: 'Prix en commentaire',
      platform: 'instagram',
      trigger: 'comment',
      keywords: ['prix'],
      priority: 1,
      actions: [
        {
          action: 'reply',
          message: 'Merci @{{username}}, je t’envoie tout en message privé !',
          variants: ['Regarde tes messages @{{username}} 📩', 'C’est parti en DM, @{{username}} !'],
        },
        {
          action: 'private_reply',
          message: 'Bonjour {{firstName}} ! Que veux-tu voir ?',
          buttons: [
            { type: 'postback', title: 'Voir les prix', payload: 'PRICES' },
            { type: 'postback', title: 'Réserver', payload: 'BOOK' },
          ],
        },
      ],
    },
    // A catch-all DM scenario tried first: a tap still goes to the branch written for its payload.
    {
      name: 'Tout DM',
      platform: 'instagram',
      trigger: 'dm',
      action: 'reply',
      message: 'Merci !',
      priority: 0,
    },
    {
      name: 'Branche prix',
      platform: 'instagram',
      trigger: 'postback',
      payload: 'PRICES',
      actions: [
        {
          action: 'reply',
          message: 'Nos prix : atelier.paris/tarifs. Un conseiller peut t’appeler ?',
          quickReplies: [{ type: 'user_phone_number' }, { type: 'user_email' }],
        },
      ],
    },
    {
      name: 'Branche réservation',
      platform: 'instagram',
      trigger: 'postback',
      payload: 'BOOK',
      actions: [
        {
          action: 'reply',
          message: null,
          elements: [
            {
              title: 'Atelier du samedi',
              subtitle: '10 h – 12 h, 45 €',
              buttons: [{ type: 'web_url', title: 'Réserver', url: 'https://atelier.paris/reserver' }],
            },
          ],
        },
      ],
    },
  ];
  for (const scenario of scenarios) {
    const created = await stage.api.post('/scenarios', scenario, auth());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
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
}

/** A person comments on the post: the fake Graph stores the comment, Meta calls our webhook. */
async function personComments(person: string, text: string, times = 1) {
  sequence += 1;
  const id = `1790${sequence}${person.length}`;
  fake.addComment({ id, mediaId: 'media-1', text, from: { id: person, username: person } });
  await deliver(
    metaWebhook.instagramComment(IG, { id, from: person, username: person, text, mediaId: 'media-1' }),
    times,
  );
  await localWorkflow().idle();
  return id;
}

/** A person taps a postback button: it is theirs to send, so it opens the 24-hour window (the fake learns it). */
async function personTaps(person: string, title: string, payload: string) {
  sequence += 1;
  const mid = `mid-tap-${sequence}`;
  fake.addInboundMessage({ accountId: IG, from: { id: person, username: person }, text: title, id: mid });
  await deliver(metaWebhook.instagramPostback(IG, { sender: person, mid, title, payload }));
  await localWorkflow().idle();
}

async function personTapsQuickReply(person: string, text: string, payload: string) {
  sequence += 1;
  const mid = `mid-qr-${sequence}`;
  fake.addInboundMessage({ accountId: IG, from: { id: person, username: person }, text, id: mid });
  await deliver(metaWebhook.instagramQuickReply(IG, { sender: person, mid, text, payload }));
  await localWorkflow().idle();
}

const sentTo = (person: string, commentId?: string) =>
  fake.state.sent.filter(
    (m) => m.recipient === person || (commentId !== undefined && m.recipient === commentId),
  );
const bodyOf = (sent: SentMessage) => sent.body as { message: Record<string, any> };
const usage = async () => (await stage.api.get('/billing/usage', auth())).body.dmSentToday as number;
const leadOf = async (person: string) =>
  (
    await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.lead(owner.workspaceId, leadIdOf(owner.workspaceId, 'instagram', person)),
      }),
    )
  ).Item;

describe('Scenario actions: comment → public reply + private reply with buttons → the chosen branch', () => {
  it('sends the public reply and the private reply with its button template once each, however often Meta redelivers', async () => {
    const before = await usage();

    const commentId = await personComments('lea.m', 'Quel est le prix ?', 3);

    const replies = fake.state.sent.filter((m) => m.kind === 'reply' && m.on === commentId);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(/lea\.m/);
    const privateReplies = fake.state.sent.filter(
      (m) => m.kind === 'private_reply' && m.recipient === commentId,
    );
    expect(privateReplies).toHaveLength(1);
    expect(bodyOf(privateReplies[0]!).message).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'button',
          text: 'Bonjour lea.m ! Que veux-tu voir ?',
          buttons: [
            { type: 'postback', title: 'Voir les prix', payload: 'PRICES' },
            { type: 'postback', title: 'Réserver', payload: 'BOOK' },
          ],
        },
      },
    });
    // The public reply is not a DM: only the private reply counts against the plan's quota.
    expect(await usage()).toBe(before + 1);
    const deliveries = await stage.api.get('/deliveries', auth());
    const mine = deliveries.body.items.filter((d: { text: string }) => /lea\.m/.test(d.text));
    expect(mine.map((d: { action: string }) => d.action).sort()).toEqual(['private_reply', 'reply']);
  });

  it('retried after the public reply went, sends only the private reply, once', async () => {
    // The first private reply call fails with a Meta outage (code 2, retryable); everything else goes through.
    let failed = 0;
    fake.randomFaults({
      seed: 1,
      code: 2,
      rate: (call) => (call.method === 'POST' && call.path.endsWith('/messages') && failed++ === 0 ? 1 : 0),
    });
    try {
      const commentId = await personComments('noe.b', 'Le prix svp ?');
      expect(fake.state.sent.filter((m) => m.kind === 'reply' && m.on === commentId)).toHaveLength(1);
      expect(
        fake.state.sent.filter((m) => m.kind === 'private_reply' && m.recipient === commentId),
      ).toHaveLength(1);
      expect(failed).toBeGreaterThan(1);
    } finally {
      fake.randomFaults(null);
    }
  });

  it('spreads its public replies over the wordings, each comment always getting the same one', async () => {
    const people = ['ana', 'bea', 'cyril', 'dora', 'eli', 'fanny', 'gus', 'hugo'];
    const texts = new Set<string>();
    for (const person of people) {
      const commentId = await personComments(person, `prix ? (${person})`);
      const reply = fake.state.sent.find((m) => m.kind === 'reply' && m.on === commentId)!;
      expect(reply.text).toContain(`@${person}`);
      texts.add(reply.text.replace(person, '…'));
    }
    expect(texts.size).toBeGreaterThan(1);
    for (const text of texts)
      expect([
        'Merci @…, je t’envoie tout en message privé !',
        'Regarde tes messages @… 📩',
        'C’est parti en DM, @… !',
      ]).toContain(text);
  });

  it('answers a tapped button with the branch written for its payload, not the catch-all DM scenario', async () => {
    await personComments('ines.r', 'prix ?');

    await personTaps('ines.r', 'Voir les prix', 'PRICES');

    const dms = sentTo('ines.r').filter((m) => m.kind === 'dm');
    expect(dms).toHaveLength(1);
    expect(bodyOf(dms[0]!).message).toEqual({
      text: 'Nos prix : atelier.paris/tarifs. Un conseiller peut t’appeler ?',
      quick_replies: [{ content_type: 'user_phone_number' }, { content_type: 'user_email' }],
    });

    await personTaps('ines.r', 'Réserver', 'BOOK');
    const cards = sentTo('ines.r').filter((m) => m.kind === 'dm');
    expect(cards).toHaveLength(2);
    expect(bodyOf(cards[1]!).message).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'generic',
          elements: [
            {
              title: 'Atelier du samedi',
              subtitle: '10 h – 12 h, 45 €',
              buttons: [{ type: 'web_url', url: 'https://atelier.paris/reserver', title: 'Réserver' }],
            },
          ],
        },
      },
    });
  });

  it("stores the phone and the email a person gives with Meta's one-tap quick replies", async () => {
    await personComments('jade.k', 'prix ?');
    await personTaps('jade.k', 'Voir les prix', 'PRICES');

    await personTapsQuickReply('jade.k', '+33 6 12 34 56 78', '+33612345678');
    await personTapsQuickReply('jade.k', 'jade.k@example.fr', 'jade.k@example.fr');

    const lead = await leadOf('jade.k');
    expect(lead).toMatchObject({ phone: '+33612345678', email: 'jade.k@example.fr' });
    const factors = (lead!.scoreFactors as Array<{ factor: string }>).map((f) => f.factor);
    expect(factors).toEqual(expect.arrayContaining(['phone_given']));
  });
});

describe('Scenario actions: on Messenger (a Facebook Page)', () => {
  it('answers a Page DM with a button template and a tapped button with its branch', async () => {
    // Prepare
    const menu = await stage.api.post(
      '/scenarios',
      {
        name: 'Menu Messenger',
        platform: 'facebook',
        trigger: 'dm',
        keywords: ['menu'],
        priority: 0,
        actions: [
          {
            action: 'reply',
            message: 'Que souhaitez-vous ?',
            buttons: [{ type: 'postback', title: 'Horaires', payload: 'FB_HOURS' }],
          },
        ],
      },
      auth(),
    );
    const hours = await stage.api.post(
      '/scenarios',
      {
        name: 'Horaires',
        platform: 'facebook',
        trigger: 'postback',
        payload: 'FB_HOURS',
        actions: [
          {
            action: 'reply',
            message: 'Ouvert du mardi au samedi.',
            quickReplies: [{ title: 'Merci', payload: 'THANKS' }],
          },
        ],
      },
      auth(),
    );
    expect([menu.status, hours.status]).toEqual([201, 201]);
    const psid = 'psid-marc';
    const page = (payload: Record<string, any>) => ({ ...payload, object: 'page' });

    // Act
    fake.addInboundMessage({
      accountId: PAGE,
      platform: 'messenger',
      from: { id: psid, username: 'marc' },
      text: 'menu',
      id: 'm-fb-1',
    });
    await deliver(page(metaWebhook.instagramMessage(PAGE, { sender: psid, mid: 'm-fb-1', text: 'menu' })));
    await localWorkflow().idle();
    fake.addInboundMessage({
      accountId: PAGE,
      platform: 'messenger',
      from: { id: psid, username: 'marc' },
      text: 'Horaires',
      id: 'm-fb-2',
    });
    await deliver(
      page(
        metaWebhook.instagramPostback(PAGE, {
          sender: psid,
          mid: 'm-fb-2',
          title: 'Horaires',
          payload: 'FB_HOURS',
        }),
      ),
    );
    await localWorkflow().idle();

    // Assess
    const sent = sentTo(psid);
    expect(sent.map((m) => [m.kind, m.on])).toEqual([
      ['dm', PAGE],
      ['dm', PAGE],
    ]);
    expect(bodyOf(sent[0]!).message.attachment.payload).toMatchObject({
      template_type: 'button',
      buttons: [{ type: 'postback', title: 'Horaires', payload: 'FB_HOURS' }],
    });
    expect(bodyOf(sent[1]!).message).toEqual({
      text: 'Ouvert du mardi au samedi.',
      quick_replies: [{ content_type: 'text', title: 'Merci', payload: 'THANKS' }],
    });
  });
});

describe('Scenario actions: over the DM quota', () => {
  it('posts the public reply now and follows the private reply (with its buttons) up once the quota resets, once', async () => {
    // Prepare: on Freemium, with today's 10 DMs used up.
    await setWorkspacePlan(owner.workspaceId, 'freemium');
    const quota = new QuotaService(new DynamoQuotaStore(stageTable));
    for (let used = await usage(); used < 10; used++)
      await quota.consumeDm({ id: owner.workspaceId, plan: 'freemium', timezone: 'Europe/Paris' });
    try {
      // Act
      const commentId = await personComments('kim.t', 'prix ?');

      // Assess: the public reply went, the private reply waits.
      expect(fake.state.sent.filter((m) => m.kind === 'reply' && m.on === commentId)).toHaveLength(1);
      expect(fake.state.sent.filter((m) => m.recipient === commentId)).toHaveLength(0);
      const items = await queryAll(stageTable, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.ws(owner.workspaceId), ':prefix': 'FOLLOWUP#' },
        ConsistentRead: true,
      });
      const scheduled = items.find((item) => item.dedupeKey === `instagram:comment:${commentId}`);
      expect(scheduled).toMatchObject({
        status: 'scheduled',
        action: 'private_reply',
        step: { keySuffix: 'private_reply' },
      });

      // The quota has room again (a paid plan here) and the follow-up is due.
      await setWorkspacePlan(owner.workspaceId, 'premium');
      await new DynamoFollowUpStore(stageTable).reschedule(
        scheduled as never,
        new Date(Date.now() - 1000).toISOString(),
        'due',
      );
      expect(await followUps({})).toMatchObject({ sent: 1 });
      expect(await followUps({})).toMatchObject({ sent: 0 });
      await deliver(
        metaWebhook.instagramComment(IG, {
          id: commentId,
          from: 'kim.t',
          text: 'prix ?',
          mediaId: 'media-1',
        }),
      );
      await localWorkflow().idle();

      const privateReplies = fake.state.sent.filter((m) => m.recipient === commentId);
      expect(privateReplies).toHaveLength(1);
      expect(bodyOf(privateReplies[0]!).message.attachment.payload.template_type).toBe('button');
      expect(fake.state.sent.filter((m) => m.kind === 'reply' && m.on === commentId)).toHaveLength(1);
    } finally {
      await setWorkspacePlan(owner.workspaceId, 'premium');
    }
  });
});

describe('Scenario actions: saving', () => {
  const post = (body: Record<string, unknown>) => stage.api.post('/scenarios', body, auth());
  const step = (extra: Record<string, unknown>) => ({
    name: 'x',
    trigger: 'dm',
    actions: [{ action: 'reply', message: 'Choisis :', ...extra }],
  });
  const problemOf = async (body: Record<string, unknown>) => {
    const response = await post(body);
    expect(response.status, JSON.stringify(body)).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    return response.body.error.details as Array<{ path: string; message: string }>;
  };
  const button = (n: number) => ({ type: 'postback', title: `B${n}`, payload: `P${n}` });

  it("refuses what Meta would refuse, with a 400 naming the field and Meta's limit", async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [
        step({ quickReplies: Array.from({ length: 14 }, (_, i) => ({ title: `Q${i}`, payload: `P${i}` })) }),
        'actions.0.quickReplies',
        'at most 13 quick replies',
      ],
      [
        step({ quickReplies: [{ title: 'x'.repeat(21), payload: 'P' }] }),
        'actions.0.quickReplies.0.title',
        'at most 20 characters of a quick reply title',
      ],
      [
        step({ quickReplies: [{ title: 'Oui', payload: 'p'.repeat(1001) }] }),
        'actions.0.quickReplies.0.payload',
        'at most 1000 characters',
      ],
      [step({ buttons: [1, 2, 3, 4].map(button) }), 'actions.0.buttons', 'at most 3 buttons'],
      [
        step({ buttons: [{ type: 'postback', title: 'Un titre bien trop long', payload: 'P' }] }),
        'actions.0.buttons.0.title',
        'at most 20 characters in a button title',
      ],
      [
        step({ buttons: [{ type: 'postback', title: 'Go', payload: 'p'.repeat(1001) }] }),
        'actions.0.buttons.0.payload',
        'at most 1000 characters in a postback payload',
      ],
      [step({ message: 'm'.repeat(641), buttons: [button(1)] }), 'actions.0.message', '640 characters'],
      [
        step({
          message: null,
          elements: Array.from({ length: 11 }, (_, i) => ({ title: `C${i}`, subtitle: 's' })),
        }),
        'actions.0.elements',
        'at most 10 cards',
      ],
      [
        step({ message: null, elements: [{ title: 't'.repeat(81), subtitle: 's' }] }),
        'actions.0.elements.0.title',
        'at most 80 characters in a card title',
      ],
      [
        step({ message: null, elements: [{ title: 'C', subtitle: 's', buttons: [1, 2, 3, 4].map(button) }] }),
        'actions.0.elements.0.buttons',
        'at most 3 buttons on a card',
      ],
      [step({ buttons: [{ type: 'postback', title: 'Go' }] }), 'actions.0.buttons.0', 'needs a payload'],
      [step({ buttons: [{ type: 'web_url', title: 'Go' }] }), 'actions.0.buttons.0', 'needs a url'],
      [
        { ...step({ buttons: [button(1)] }), trigger: 'comment' },
        'actions.0.action',
        'public reply under a comment is plain text',
      ],
      [
        step({ quickReplies: [{ title: 'a', payload: 'b' }], buttons: [button(1)] }),
        'actions.0.quickReplies',
        'not several',
      ],
      [{ name: 'x', trigger: 'postback', action: 'reply', message: 'ok' }, 'payload', 'give its payload'],
      [{ ...step({ buttons: [button(1)] }), platform: 'tiktok' }, 'actions.0', 'tiktok sends text only'],
      [
        {
          name: 'x',
          trigger: 'comment',
          actions: [
            { action: 'private_reply', message: 'a' },
            { action: 'private_reply', message: 'b' },
          ],
        },
        'actions',
        'one private reply per comment',
      ],
      [
        {
          name: 'x',
          trigger: 'comment',
          actions: [{ action: 'reply', message: 'a' }, { action: 'handover' }],
        },
        'actions.1.action',
        'stands alone',
      ],
      [
        { name: 'x', action: 'reply', message: 'a', actions: [{ action: 'reply', message: 'a' }] },
        'actions',
        'not both',
      ],
    ];
    for (const [body, path, message] of cases) {
      const details = await problemOf(body);
      expect(details, JSON.stringify(body).slice(0, 200)).toEqual(
        expect.arrayContaining([{ path, message: expect.stringContaining(message) }]),
      );
    }
  });

  it('keeps the single action/message form: accepted, shown as a list of one, patched on its first action', async () => {
    const created = await post({ name: 'Simple', trigger: 'dm', action: 'reply', message: 'Bonjour !' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      action: 'reply',
      message: 'Bonjour !',
      actions: [
        { action: 'reply', message: 'Bonjour !', variants: [], quickReplies: [], buttons: [], elements: [] },
      ],
    });
    const patched = await stage.api.patch(`/scenarios/${created.body.id}`, { message: 'Salut !' }, auth());
    expect(patched.body).toMatchObject({
      message: 'Salut !',
      actions: [{ action: 'reply', message: 'Salut !' }],
    });
    const bad = await stage.api.patch(
      `/scenarios/${created.body.id}`,
      { message: 'Hi {{lastName}}' },
      auth(),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'message', message: expect.stringContaining('lastName') },
    ]);
    await stage.api.delete(`/scenarios/${created.body.id}`, auth());
  });

  it('reads a scenario stored before action lists as a list of one', async () => {
    const id = 'legacy-scenario';
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.scenario(owner.workspaceId, id),
          type: 'scenario',
          id,
          workspaceId: owner.workspaceId,
          name: 'Ancien',
          platform: 'any',
          trigger: 'story_reply',
          keywords: [],
          action: 'dm',
          message: 'Merci pour ta réponse !',
          active: false,
          priority: 500,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        },
      }),
    );
    const read = await stage.api.get(`/scenarios/${id}`, auth());
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      action: 'dm',
      message: 'Merci pour ta réponse !',
      payload: null,
      match: 'word',
      actions: [{ action: 'dm', message: 'Merci pour ta réponse !', buttons: [] }],
    });
    await stage.api.delete(`/scenarios/${id}`, auth());
  });
});

describe('Simulated Meta: the Send API refuses rich messages beyond the documented limits', () => {
  const sendRaw = (message: unknown) =>
    fetch(`${fake.url}/v25.0/${PAGE}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fake.pageToken(PAGE)}` },
      body: JSON.stringify({ recipient: { id: 'nobody' }, messaging_type: 'RESPONSE', message }),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));

  it('answers (#100) for 14 quick replies, 4 buttons, 11 cards, a 641-character text or a 21-character button title', async () => {
    const qr = (n: number) => ({ content_type: 'text', title: `Q${n}`, payload: `P${n}` });
    const postback = (title: string) => ({ type: 'postback', title, payload: 'P' });
    const template = (payload: Record<string, unknown>) => ({ attachment: { type: 'template', payload } });
    for (const message of [
      { text: 'x', quick_replies: Array.from({ length: 14 }, (_, i) => qr(i)) },
      template({ template_type: 'button', text: 'x', buttons: ['a', 'b', 'c', 'd'].map(postback) }),
      template({ template_type: 'button', text: 'x'.repeat(641), buttons: [postback('a')] }),
      template({ template_type: 'button', text: 'x', buttons: [postback('b'.repeat(21))] }),
      template({
        template_type: 'generic',
        elements: Array.from({ length: 11 }, (_, i) => ({ title: `C${i}`, subtitle: 's' })),
      }),
      template({ template_type: 'generic', elements: [{ title: 'only a title' }] }),
    ]) {
      const response = await sendRaw(message);
      expect(response.status, JSON.stringify(message).slice(0, 120)).toBe(400);
      expect(response.body.error.code).toBe(100);
    }
  });
});
