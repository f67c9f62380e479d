import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoLeadWriter } from '../../shared/adapters/dynamo/lead-writer';
import { leadIdOf } from '../../shared/domain/leads/lead';
import type { IncomingMessageInput } from '../../shared/domain/messages/incoming-message';
import { automationGate } from '../../shared/wiring/conversations';
import { type FakeOpenAi, startFakeOpenAi } from '../../simulation/openai';
import { signupWithWorkspace } from '../support/api';
import {
  connectInstagram,
  incoming,
  RecordingProvider,
  startWorkflowStage,
  type WorkflowStage,
} from '../support/engine';
import { setWorkspacePlan } from '../support/leads';

/**
 * The AI engine inside the message workflow, with our OpenAI client (fetch) against the fake OpenAI over HTTP:
 * hand-over when the knowledge cannot answer, the conversation's memory, the safety of the prompt.
 */
let stage: WorkflowStage;
let openai: FakeOpenAi;
const provider = new RecordingProvider();
const leads = new DynamoLeadWriter(stageTable);

beforeAll(async () => {
  openai = await startFakeOpenAi();
  stage = await startWorkflowStage({
    provider,
    env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.url },
  });
});
afterAll(async () => {
  await stage?.stop();
  await openai?.stop();
});
beforeEach(() => {
  openai.state.queue.length = 0;
  openai.state.responder = undefined;
});

/** A Premium shop (AI-written replies) whose one scenario leaves every DM's wording to the AI engine. */
async function premiumShop(name: string) {
  const owner = await signupWithWorkspace(stage.api, name);
  const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
  await setWorkspacePlan(owner.workspaceId, 'premium');
  const created = await stage.api.post('/scenarios', { name: 'Tout', action: 'dm', priority: 50 }, as);
  expect(created.status).toBe(201);
  const knowledge = await stage.api.put(
    `/workspaces/${owner.workspaceId}/knowledge`,
    {
      hours: 'Du mardi au samedi, 10h–19h',
      products: [{ name: 'Bougie', price: { amountMinor: 2400, currency: 'EUR' } }],
    },
    as,
  );
  expect(knowledge.status).toBe(200);
  const account = await connectInstagram(owner.workspaceId);
  return { account, owner, as };
}

/** The same person writing again in the same DM conversation. */
const again = (first: IncomingMessageInput, text: string, n: number): IncomingMessageInput => {
  const next = incoming({ id: first.accountId, workspaceId: first.workspaceId }, { kind: 'dm', text });
  return {
    ...next,
    author: first.author,
    conversationId: first.conversationId,
    platformMessageId: `${first.platformMessageId}-${n}`,
    dedupeKey: `${first.dedupeKey}-${n}`,
  };
};

describe('Workflow: GenerateReply with the AI engine', () => {
  it('sends the model’s “a person will follow up”, pauses the bot and notifies the team when needsHuman', async () => {
    // Prepare
    const { account, as } = await premiumShop('needs-human');
    openai.script({
      kind: 'json',
      value: { reply: "Une personne de l'équipe revient vers vous très vite.", needsHuman: true },
    });
    const first = incoming(account, { kind: 'dm', text: 'Vous faites des bougies sans parfum ?' });
    const leadId = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);

    // Act
    await stage.process(first);
    await stage.process(first);
    await stage.process(again(first, 'Alors ?', 1));

    // Assess
    const sent = provider.sentTo(first.author.platformUserId).map((s) => s.message.text);
    expect(sent).toEqual(["Une personne de l'équipe revient vers vous très vite."]);
    expect(await automationGate().get(first.workspaceId, leadId)).toMatchObject({
      botPaused: true,
      pausedReason: 'handover',
    });
    expect((await leads.get(first.workspaceId, leadId))?.tags).toContain('handover');
    const notifications = await stage.api.get('/notifications', as);
    expect(
      notifications.body.items.filter((n: { kind: string }) => n.kind === 'conversation_handover'),
    ).toHaveLength(1);
    expect(openai.state.requests).toHaveLength(1);
  });

  it('hands over with the rule engine too when the model fails and the knowledge cannot answer', async () => {
    // Prepare
    const { account } = await premiumShop('rules-human');
    openai.script({ kind: 'server_error' }, { kind: 'server_error' }, { kind: 'server_error' });
    const first = incoming(account, { kind: 'dm', text: 'Is the wax vegan?' });
    const leadId = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);

    // Act
    await stage.process(first);

    // Assess
    expect(provider.sentTo(first.author.platformUserId).map((s) => s.message.text)).toEqual([
      'Thanks for your question Marie! Someone from our team will answer you very soon.',
    ]);
    expect(await automationGate().get(first.workspaceId, leadId)).toMatchObject({
      botPaused: true,
      pausedReason: 'handover',
    });
  });

  it('keeps the bot on when the model answers from the knowledge (needsHuman false)', async () => {
    // Prepare
    const { account } = await premiumShop('answered');
    openai.script({ kind: 'json', value: { reply: 'La bougie est à 24 €.', needsHuman: false } });
    const first = incoming(account, { kind: 'dm', text: 'Combien la bougie ?' });
    const leadId = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);

    // Act
    await stage.process(first);

    // Assess
    expect(provider.sentTo(first.author.platformUserId).map((s) => s.message.text)).toEqual([
      'La bougie est à 24 €.',
    ]);
    expect((await automationGate().get(first.workspaceId, leadId))?.botPaused ?? false).toBe(false);
  });

  it('shows the month’s OpenAI tokens and calls in GET /billing/usage, against the plan’s AI budget', async () => {
    // Prepare
    const { account, as } = await premiumShop('usage');
    openai.script({ kind: 'json', value: { reply: 'Nous ouvrons à 10 h.', needsHuman: false } });

    // Act
    await stage.process(incoming(account, { kind: 'dm', text: 'Vous ouvrez à quelle heure ?' }));
    const usage = await stage.api.get('/billing/usage', as);

    // Assess
    expect(usage.status).toBe(200);
    const { ai } = usage.body;
    expect(ai).toMatchObject({ tokensPerMonth: 1_000_000, calls: 1 });
    expect(ai.tokensUsed).toBe(ai.promptTokens + ai.completionTokens);
    expect(ai.promptTokens).toBeGreaterThan(0);
    expect(ai.tokensLeft).toBe(1_000_000 - ai.tokensUsed);
    expect(Date.parse(ai.resetsAt)).toBeGreaterThan(Date.now());
  });

  it('answers a second question in context: the model sees the conversation so far, both directions', async () => {
    // Prepare
    const { account } = await premiumShop('memory');
    openai.script(
      { kind: 'json', value: { reply: 'La bougie est à 24 €.', needsHuman: false } },
      { kind: 'json', value: { reply: 'Oui, nous livrons la bougie à Lyon.', needsHuman: false } },
    );
    const first = incoming(account, { kind: 'dm', text: 'Combien la bougie ?' });
    await stage.process(first);
    const before = openai.state.requests.length;

    // Act
    await stage.process(again(first, 'Et vous la livrez à Lyon ?', 1));

    // Assess
    const prompt = openai.state.requests[before]!.messages;
    const conversation = prompt[1]!.content.match(/<conversation>\n([\s\S]*?)\n<\/conversation>/)?.[1];
    expect(conversation?.split('\n')).toEqual([
      'Prospect: Combien la bougie ?',
      'Entreprise: La bougie est à 24 €.',
    ]);
    expect(prompt[1]!.content).toContain('<message>\nEt vous la livrez à Lyon ?\n</message>');
    expect(provider.sentTo(first.author.platformUserId).map((s) => s.message.text)).toEqual([
      'La bougie est à 24 €.',
      'Oui, nous livrons la bougie à Lyon.',
    ]);
  });
});
