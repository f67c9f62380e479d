import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWorkflow, workflowPlugin } from '../../infra/local/workflow-plugin';
import { dynamo, tableName } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { leadIdOf } from '../../shared/domain/leads/lead';
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
 * Issue 23 item 6 end to end: signed Meta webhooks → the ASL workflow → the simulated Graph API. A step asks for
 * an email or a phone; the person's next DM is checked, stored on the lead and scored, or asked again once with
 * what was wrong; a second miss is let go; every webhook delivered twice asks nothing twice.
 */
const IG = '17841400000000888';
const PAGE = '8080';
let fake: FakeMetaGraph;
let stage: TestStage;
let owner: Awaited<ReturnType<typeof signupWithWorkspace>>;
let sequence = 0;

const EMAIL_QUESTION = 'Avec plaisir ! Quelle est votre adresse e-mail ?';
const PHONE_QUESTION = 'Un conseiller vous rappelle : quel est votre numéro ?';

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  fake.addPage({ id: PAGE, name: 'Capture Page', instagram: { id: IG, username: 'capture.shop' } });
  stage = await startTestStage({
    env: fake.env('verify-me'),
    plugins: [
      workflowPlugin({ concurrency: 2, retryIntervalMs: 5, redeliveryDelayMs: () => 20, maxReceiveCount: 3 }),
    ],
  });
  owner = await signupWithWorkspace(stage.api, 'capture-shop');
  await setWorkspacePlan(owner.workspaceId, 'premium');
  await connectMeta(stage, owner);
  for (const scenario of [
    {
      name: 'Newsletter',
      platform: 'instagram',
      trigger: 'dm',
      keywords: ['newsletter'],
      priority: 1,
      actions: [
        {
          action: 'reply',
          message: EMAIL_QUESTION,
          capture: 'email',
          quickReplies: [{ type: 'user_email' }],
        },
      ],
    },
    {
      name: 'Rappel',
      platform: 'instagram',
      trigger: 'dm',
      keywords: ['rappel'],
      priority: 2,
      actions: [{ action: 'reply', message: PHONE_QUESTION, capture: 'phone' }],
    },
  ]) {
    const created = await stage.api.post('/scenarios', scenario, auth());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
});

const auth = () => ({ token: owner.accessToken, workspaceId: owner.workspaceId });

/** Meta calls the webhook `times` times with the same signed payload (a redelivery). */
async function deliver(payload: unknown, times: number) {
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

/** The person writes a DM (the fake learns it, so the 24-hour window is open), delivered twice. */
async function personWrites(person: string, text: string) {
  sequence += 1;
  const mid = `mid-capture-${sequence}`;
  fake.addInboundMessage({ accountId: IG, from: { id: person, username: person }, text, id: mid });
  await deliver(metaWebhook.instagramMessage(IG, { sender: person, mid, text }), 2);
}

async function personTapsQuickReply(person: string, text: string, payload: string) {
  sequence += 1;
  const mid = `mid-capture-qr-${sequence}`;
  fake.addInboundMessage({ accountId: IG, from: { id: person, username: person }, text, id: mid });
  await deliver(metaWebhook.instagramQuickReply(IG, { sender: person, mid, text, payload }), 2);
}

const textsTo = (person: string) =>
  fake.state.sent
    .filter((m: SentMessage) => m.recipient === person && m.kind === 'dm')
    .map((m) => (m.body as { message: { text?: string } }).message.text);
const leadOf = async (person: string) =>
  (
    await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.lead(owner.workspaceId, leadIdOf(owner.workspaceId, 'instagram', person)),
      }),
    )
  ).Item;
const factorsOf = async (person: string) =>
  (((await leadOf(person))?.scoreFactors ?? []) as Array<{ factor: string }>).map((f) => f.factor);

describe('Contact capture: a step asks for an email or a phone', () => {
  it('asks, re-asks once with the suggested domain on a typo, then stores and scores the confirmed address', async () => {
    // Act
    await personWrites('lea.capture', 'Je veux la newsletter');
    await personWrites('lea.capture', 'lea.martin@gmial.com');
    await personWrites('lea.capture', 'oui');

    // Assess
    expect(textsTo('lea.capture')).toEqual([
      EMAIL_QUESTION,
      'Vouliez-vous dire lea.martin@gmail.com ? Répondez « oui », ou écrivez votre adresse e-mail corrigée.',
    ]);
    const lead = await leadOf('lea.capture');
    expect(lead).toMatchObject({ email: 'lea.martin@gmail.com', capture: { pending: null } });
    expect(await factorsOf('lea.capture')).toContain('email_given');
    const api = await stage.api.get(`/leads/${lead!.id}`, auth());
    expect(api.body.lead).toMatchObject({ email: 'lea.martin@gmail.com' });
    expect(api.body.lead).not.toHaveProperty('capture');
  });

  it('stores a valid first answer without asking again', async () => {
    await personWrites('noe.capture', 'newsletter svp');
    await personWrites('noe.capture', 'Voici : NOE@Example.fr');

    expect(textsTo('noe.capture')).toEqual([EMAIL_QUESTION]);
    expect(await leadOf('noe.capture')).toMatchObject({ email: 'noe@example.fr' });
  });

  it('after a second miss lets it go: no third question, no address stored', async () => {
    await personWrites('zoe.capture', 'newsletter');
    await personWrites('zoe.capture', 'zoe@gmail');
    await personWrites('zoe.capture', 'bof, plus tard');
    await personWrites('zoe.capture', 'toujours pas');

    expect(textsTo('zoe.capture')).toEqual([
      EMAIL_QUESTION,
      'Il manque la fin de votre adresse e-mail, par exemple gmail.com et non gmail. Pouvez-vous l’écrire en entier ?',
    ]);
    const lead = await leadOf('zoe.capture');
    expect(lead).toMatchObject({ email: null, capture: { pending: null, last: { outcome: 'gave_up' } } });
    expect(await factorsOf('zoe.capture')).not.toContain('email_given');
  });

  it("fills the capture with Meta's user_email quick reply", async () => {
    await personWrites('ana.capture', 'newsletter');
    await personTapsQuickReply('ana.capture', 'ana@example.com', 'ana@example.com');

    expect(textsTo('ana.capture')).toEqual([EMAIL_QUESTION]);
    expect(await leadOf('ana.capture')).toMatchObject({
      email: 'ana@example.com',
      capture: { pending: null },
    });
  });

  it('asks for one number when two are given, and stores the E.164 one', async () => {
    await personWrites('gus.capture', 'Un rappel svp');
    await personWrites('gus.capture', '06 12 34 56 78 ou 07 81 22 33 44');
    await personWrites('gus.capture', '07 81 22 33 44');

    expect(textsTo('gus.capture')).toEqual([
      PHONE_QUESTION,
      'J’ai vu plusieurs numéros : lequel est le vôtre ? Envoyez-en un seul, de préférence avec l’indicatif (+33…).',
    ]);
    expect(await leadOf('gus.capture')).toMatchObject({ phone: '+33781223344' });
    expect(await factorsOf('gus.capture')).toContain('phone_given');
  });

  it('counts the asking scenario triggered once per person (not again for a re-ask), and each valid answer as a contact captured', async () => {
    // Prepare: lea (typo, then "oui"), noe (valid), zoe (two misses), ana (quick reply) answered the Newsletter.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const scenarios = await stage.api.get('/scenarios', auth());
    const newsletter = scenarios.body.items.find((s: { name: string }) => s.name === 'Newsletter');

    // Act
    const response = await stage.api.get(`/analytics/scenarios?from=${day(-1)}&to=${day(1)}`, auth());

    // Assess
    const row = response.body.items.find((item: { scenarioId: string }) => item.scenarioId === newsletter.id);
    expect(row).toMatchObject({ triggered: 4, contactCaptured: 3 });
  });

  it('refuses capture where it cannot work: on a public reply under a comment, or without the question', async () => {
    const publicAsk = await stage.api.post(
      '/scenarios',
      {
        name: 'Email en public',
        trigger: 'comment',
        actions: [{ action: 'reply', message: 'Ton email ?', capture: 'email' }],
      },
      auth(),
    );
    const silent = await stage.api.post(
      '/scenarios',
      { name: 'Sans question', trigger: 'dm', actions: [{ action: 'dm', message: null, capture: 'phone' }] },
      auth(),
    );

    expect(publicAsk.status).toBe(400);
    expect(publicAsk.body.error.details).toEqual([expect.objectContaining({ path: 'actions.0.capture' })]);
    expect(silent.status).toBe(400);
    expect(silent.body.error.details).toEqual([expect.objectContaining({ path: 'actions.0.message' })]);
  });
});
