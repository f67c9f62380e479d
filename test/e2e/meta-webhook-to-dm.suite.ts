import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWorkflow } from '../../infra/local/workflow-plugin';
import { dynamo, tableName } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
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
 * The one complete path, over real HTTP end to end: a signed Meta webhook → the function-URL handler →
 * incomingMessages → the ASL workflow (aws-local-stepfunctions) → interaction + lead with score and phone →
 * a DM at the fake Graph API, within the Freemium quota, exactly once however often Meta redelivers.
 * Run on the local stage (meta-webhook-to-dm.test.ts) and on the AWS-emulated one (…-aws.test.ts): `env`
 * gives the stage's extra environment, once the file's beforeAll hooks before this suite have run.
 */
const IG = '17841400000000001';
const PAGE = '4040';

export interface MetaPathContext {
  fake: FakeMetaGraph;
  stage: TestStage;
  owner: Awaited<ReturnType<typeof signupWithWorkspace>>;
}

export function metaWebhookToDmSuite(label: string, env: () => Record<string, string> = () => ({})) {
  let fake: FakeMetaGraph;
  let stage: TestStage;
  let owner: Awaited<ReturnType<typeof signupWithWorkspace>>;
  const context = {} as MetaPathContext;

  beforeAll(async () => {
    fake = await startFakeMetaGraph();
    fake.addPage({ id: PAGE, name: 'Atelier Page', instagram: { id: IG, username: 'atelier.paris' } });
    stage = await startTestStage({ env: { ...fake.env('verify-me'), ...env() } });
    owner = await signupWithWorkspace(stage.api, 'atelier');
    await connectMeta(stage, owner);
    const scenario = await stage.api.post(
      '/scenarios',
      {
        name: 'Prix en DM',
        platform: 'instagram',
        trigger: 'dm',
        keywords: ['prix', 'tarif', 'price'],
        action: 'reply',
        message: 'Bonjour {{firstName}} ! Nos tarifs sont sur atelier.paris/tarifs.',
        priority: 1,
      },
      { token: owner.accessToken, workspaceId: owner.workspaceId },
    );
    expect(scenario.status).toBe(201);
    Object.assign(context, { fake, stage, owner });
  });
  afterAll(async () => {
    await stage?.stop();
    await fake?.stop();
  });

  /** A person writes to the account: the fake Graph learns it (24-hour window) and Meta calls our webhook. */
  async function personWrites(sender: string, username: string, text: string, mid: string, times = 1) {
    fake.addInboundMessage({ accountId: IG, from: { id: sender, username }, text, id: mid });
    const signed = signedMetaWebhook(metaWebhook.instagramMessage(IG, { sender, mid, text }), fake.appSecret);
    for (let i = 0; i < times; i++) {
      const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
        rawBody: signed.body,
        headers: signed.headers,
      });
      expect(response.status).toBe(200);
    }
  }

  const auth = () => ({ token: owner.accessToken, workspaceId: owner.workspaceId });

  describe(`Path: signed Meta webhook → workflow → lead → DM (${label})`, () => {
    it('turns a DM into one interaction, a scored lead with its phone, and exactly one reply at Graph', async () => {
      const usedBefore = (await stage.api.get('/billing/usage', auth())).body.dmSentToday as number;
      await personWrites(
        'igsid-lea',
        'lea.m',
        'Bonjour, quel est le prix ? Mon numéro : 06 12 34 56 78',
        'mid-lea-1',
        4,
      );
      await localWorkflow().idle();

      const replies = fake.state.sent.filter((m) => m.recipient === 'igsid-lea');
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ kind: 'dm', text: expect.stringContaining('Nos tarifs') });

      const leadId = leadIdOf(owner.workspaceId, 'instagram', 'igsid-lea');
      const { Item: lead } = await dynamo().send(
        new GetCommand({ TableName: tableName(), Key: keys.lead(owner.workspaceId, leadId) }),
      );
      expect(lead).toMatchObject({ phone: '+33612345678', interactionCount: 1, platform: 'instagram' });
      expect(lead?.score).toBeGreaterThan(0);
      expect(lead?.scoreFactors.map((f: { factor: string }) => f.factor)).toEqual(
        expect.arrayContaining(['price_question', 'phone_given']),
      );

      const usage = await stage.api.get('/billing/usage', auth());
      expect(usage.body).toMatchObject({ plan: 'freemium', dmLimitPerDay: 10, dmSentToday: usedBefore + 1 });
    });

    it('rejects a webhook with a wrong signature and processes nothing', async () => {
      const before = fake.state.sent.length;
      const payload = metaWebhook.instagramMessage(IG, {
        sender: 'igsid-forged',
        mid: 'mid-forged',
        text: 'prix ?',
      });
      const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
        rawBody: JSON.stringify(payload),
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      });
      expect(response.status).toBe(401);
      await localWorkflow().idle();
      expect(fake.state.sent.length).toBe(before);
      const id = leadIdOf(owner.workspaceId, 'instagram', 'igsid-forged');
      const { Item } = await dynamo().send(
        new GetCommand({ TableName: tableName(), Key: keys.lead(owner.workspaceId, id) }),
      );
      expect(Item).toBeUndefined();
    });

    // Last: it uses up the day's quota, which a DM test after it could not send within.
    it('stops at the Freemium quota: 10 DMs a day, the rest logged with the reason and never sent', async () => {
      // Relative to what today's usage already is, so the test needs no earlier test (nor is hurt by one).
      const before = fake.state.sent.length;
      const usedBefore = (await stage.api.get('/billing/usage', auth())).body.dmSentToday as number;
      const room = 10 - usedBefore;
      const people = room + 2;
      for (let i = 0; i < people; i++)
        await personWrites(`igsid-q${i}`, `q${i}`, `Quel est le tarif ? (${i})`, `mid-q-${i}`);
      await localWorkflow().idle();

      expect(fake.state.sent.length - before).toBe(room);
      const usage = await stage.api.get('/billing/usage', auth());
      expect(usage.body.dmSentToday).toBe(10);
      const blocked = [];
      for (let i = 0; i < people; i++) {
        const id = leadIdOf(owner.workspaceId, 'instagram', `igsid-q${i}`);
        const { Item } = await dynamo().send(
          new GetCommand({ TableName: tableName(), Key: keys.lead(owner.workspaceId, id) }),
        );
        expect(Item, `lead q${i}`).toBeDefined();
        if (!fake.state.sent.some((m) => m.recipient === `igsid-q${i}`)) blocked.push(i);
      }
      expect(blocked).toHaveLength(2);
    });
  });
  return context;
}
