import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localWorkflow, workflowPlugin } from '../../infra/local/workflow-plugin';
import { DynamoAiBudgetStore } from '../../shared/adapters/dynamo/ai-budget-store';
import { dynamo, stageTable, tableName } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { PLANS } from '../../shared/domain/plans/catalog';
import { budgetMonth } from '../../shared/services/ai/ai-budget';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { type FakeOpenAi, type FakeOpenAiRequest, startFakeOpenAi } from '../../simulation/openai';
import { signupWithWorkspace } from '../support/api';
import { setWorkspacePlan } from '../support/leads';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Issue 24 item 3 end to end: signed Meta webhooks → the ASL workflow, with our OpenAI client (fetch) against the
 * simulated OpenAI. The model's class becomes the score's ai_class_* factor only when the plan includes AI lead
 * qualification (Ultra); its second opinion on a phone is asked only when the rules' number is ambiguous; a
 * spent monthly budget leaves the rules' score; a redelivered webhook calls the model once.
 */
const IG = '17841400000000999';
const PAGE = '9090';
let fake: FakeMetaGraph;
let openai: FakeOpenAi;
let stage: TestStage;
let owner: Awaited<ReturnType<typeof signupWithWorkspace>>;
let sequence = 0;

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  fake.addPage({ id: PAGE, name: 'Qualif Page', instagram: { id: IG, username: 'qualif.shop' } });
  openai = await startFakeOpenAi();
  stage = await startTestStage({
    env: { ...fake.env('verify-me'), OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.url },
    plugins: [
      workflowPlugin({ concurrency: 2, retryIntervalMs: 5, redeliveryDelayMs: () => 20, maxReceiveCount: 3 }),
    ],
  });
  owner = await signupWithWorkspace(stage.api, 'qualif-shop');
  await connectMeta(stage, owner);
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
  await openai?.stop();
});
beforeEach(async () => {
  await setWorkspacePlan(owner.workspaceId, 'ultra');
  openai.state.requests.length = 0;
  openai.state.responder = (request) => {
    if (request.schemaName === 'classify')
      return { kind: 'json', value: { class: 'hot', reason: 'wants to order two candles this week' } };
    if (request.schemaName === 'extract-phone') return { kind: 'json', value: { phone: '+33781223344' } };
    return undefined;
  };
});

/** The person writes a DM, and Meta delivers the signed webhook `times` times. */
async function personWrites(person: string, text: string, times = 1) {
  sequence += 1;
  const mid = `mid-qualif-${sequence}`;
  fake.addInboundMessage({ accountId: IG, from: { id: person, username: person }, text, id: mid });
  const signed = signedMetaWebhook(
    metaWebhook.instagramMessage(IG, { sender: person, mid, text }),
    fake.appSecret,
  );
  for (let i = 0; i < times; i++) {
    const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
      rawBody: signed.body,
      headers: signed.headers,
    });
    expect(response.status).toBe(200);
  }
  await localWorkflow().idle();
}

const leadOf = async (person: string) =>
  (
    await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.lead(owner.workspaceId, leadIdOf(owner.workspaceId, 'instagram', person)),
      }),
    )
  ).Item!;
const factorsOf = async (person: string) =>
  ((await leadOf(person)).scoreFactors as Array<{ factor: string; points: number }>).map((f) => f.factor);
const asked = (schemaName: string) =>
  openai.state.requests.filter((r: FakeOpenAiRequest) => r.schemaName === schemaName);

describe('Workflow: UpdateLead qualifies the lead with the model', () => {
  it('adds the model’s class as ai_class_* with its reason on Ultra, once for a redelivered webhook', async () => {
    // Act
    await personWrites('hot.buyer', 'Je veux commander deux bougies, vous livrez cette semaine ?', 3);

    // Assess
    expect(asked('classify')).toHaveLength(1);
    expect(asked('extract-phone')).toHaveLength(0);
    const lead = await leadOf('hot.buyer');
    expect(lead).toMatchObject({
      prospectClass: 'hot',
      prospectReason: 'wants to order two candles this week',
    });
    expect(await factorsOf('hot.buyer')).toContain('ai_class_hot');
    expect(lead.score).toBe(
      (lead.scoreFactors as Array<{ points: number }>).reduce((sum, f) => sum + f.points, 0),
    );
    const api = await stage.api.get(`/leads/${lead.id}`, {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(api.body.lead).toMatchObject({ prospectClass: 'hot', prospectReason: expect.any(String) });
  });

  it('replaces the class when the model changes its mind (one ai_class_* factor at a time)', async () => {
    await personWrites('cooling', 'Combien la bougie ?');
    openai.state.responder = (request) =>
      request.schemaName === 'classify'
        ? { kind: 'json', value: { class: 'cold', reason: 'not interested any more' } }
        : undefined;

    await personWrites('cooling', 'Finalement non merci');

    const factors = (await factorsOf('cooling')).filter((f) => f.startsWith('ai_class_'));
    expect(factors).toEqual(['ai_class_cold']);
  });

  it('asks no model on a plan without AI lead qualification (Premium writes AI replies, it does not qualify)', async () => {
    await setWorkspacePlan(owner.workspaceId, 'premium');

    await personWrites('premium.buyer', 'Je veux commander deux bougies 06 12 34 56 78 ou 07 81 22 33 44');

    expect(openai.state.requests).toHaveLength(0);
    expect((await factorsOf('premium.buyer')).some((f) => f.startsWith('ai_class_'))).toBe(false);
    // The rules' reading stands: the first number.
    expect((await leadOf('premium.buyer')).phone).toBe('+33612345678');
  });

  it('asks a second opinion on two numbers and keeps the one the model reads as the person’s', async () => {
    await personWrites('two.numbers', 'Mon fixe 01 42 68 53 00, sinon plutôt mon portable 07 81 22 33 44');

    expect(asked('extract-phone')).toHaveLength(1);
    expect((await leadOf('two.numbers')).phone).toBe('+33781223344');
    expect(await factorsOf('two.numbers')).toContain('phone_given');
  });

  it('asks no second opinion when the rules read one number plainly', async () => {
    await personWrites('one.number', 'Appelez-moi au 06 12 34 56 78');

    expect(asked('extract-phone')).toHaveLength(0);
    expect(asked('classify')).toHaveLength(1);
    expect((await leadOf('one.number')).phone).toBe('+33612345678');
  });

  it('falls back to the rules when the month’s AI budget is spent: no call, no ai_class_* factor', async () => {
    // Prepare: the whole Ultra budget is already reserved this month.
    const limit = PLANS.ultra.aiTokensPerMonth;
    const month = budgetMonth(new Date());
    const store = new DynamoAiBudgetStore(stageTable);
    const left = limit - (await store.read(owner.workspaceId, month)).reservedTokens;
    expect(await store.reserve(owner.workspaceId, month, left, limit, 4_102_444_800)).toBe(true);

    // Act
    await personWrites('late.buyer', 'Je veux commander, 06 12 34 56 78 ou 07 81 22 33 44 ?');

    // Assess
    expect(openai.state.requests).toHaveLength(0);
    expect((await factorsOf('late.buyer')).some((f) => f.startsWith('ai_class_'))).toBe(false);
    expect((await leadOf('late.buyer')).phone).toBe('+33612345678');
  });
});
