import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAiBudgetStore } from '../../shared/adapters/dynamo/ai-budget-store';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoNotificationStore } from '../../shared/adapters/dynamo/notification-store';
import { OpenAiStructuredCompletion } from '../../shared/adapters/openai/openai-completion';
import { PLANS } from '../../shared/domain/plans/catalog';
import { AiBudgetService, budgetMonth } from '../../shared/services/ai/ai-budget';
import { LlmAiEngine } from '../../shared/services/ai/llm-engine';
import { NotificationService } from '../../shared/services/notifications/notification-service';
import { type FakeOpenAi, startFakeOpenAi } from '../../simulation/openai';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * The monthly AI budget of the plans, counted in DynamoDB (dynalite) by the real store, with our
 * OpenAI client (fetch) against the fake OpenAI over HTTP. The clock is injected: the month is 2026-12.
 */
let stage: TestStage;
let fake: FakeOpenAi;
let counter = 0;
const NOW = new Date(Date.UTC(2026, 11, 15, 12));
const LIMIT = PLANS.premium.aiTokensPerMonth;
const store = new DynamoAiBudgetStore(stageTable);
const notifications = new NotificationService(new DynamoNotificationStore(stageTable), () => NOW);
const EXPIRES = Math.floor(Date.UTC(2027, 1, 1) / 1000);

beforeAll(async () => {
  stage = await startTestStage();
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake?.stop();
  await stage?.stop();
});

const budgetFor = (plan: string) =>
  new AiBudgetService({
    store,
    planOf: async () => plan,
    notify: (workspaceId, input) => notifications.notify(workspaceId, input),
    now: () => NOW,
  });
const newWorkspace = () => `ws-budget-${process.pid}-${++counter}`;
const completion = () =>
  new OpenAiStructuredCompletion({
    apiKey: fake.apiKey,
    baseURL: fake.url,
    model: 'gpt-4o-mini',
    timeoutMs: 5_000,
    maxAttempts: 1,
  });
const ask = (engine: LlmAiEngine, workspaceId: string, text: string) =>
  engine.generateReply({
    workspaceId,
    platform: 'instagram',
    kind: 'dm',
    text,
    authorName: null,
    instruction: null,
  });

describe('Class: AiBudgetService (DynamoDB counters)', () => {
  describe('Method: reserve', () => {
    it('lets concurrent calls at the edge of the budget through only as far as it goes, never past it', async () => {
      // Prepare: earlier calls of the month left room for exactly 3 reservations of 2,000 tokens
      const workspaceId = newWorkspace();
      const budget = budgetFor('premium');
      expect(await store.reserve(workspaceId, '2026-12', LIMIT - 6_500, LIMIT, EXPIRES)).toBe(true);

      // Act
      const results = await Promise.all(Array.from({ length: 12 }, () => budget.reserve(workspaceId, 2_000)));

      // Assess
      expect(results.filter(Boolean)).toHaveLength(3);
      const month = await store.read(workspaceId, '2026-12');
      expect(month.reservedTokens).toBe(LIMIT - 500);
      expect(month.reservedTokens).toBeLessThanOrEqual(LIMIT);
    });

    it('refuses everything on a plan without AI, and counts each workspace and month apart', async () => {
      // Prepare
      const [a, b] = [newWorkspace(), newWorkspace()];

      // Act
      const onFreemium = await budgetFor('freemium').reserve(a, 1);
      const onPremium = await budgetFor('premium').reserve(b, 1_000);

      // Assess
      expect(onFreemium).toBeNull();
      expect(onPremium).toEqual({ workspaceId: b, month: '2026-12', tokens: 1_000, limit: LIMIT });
      expect((await store.read(a, '2026-12')).reservedTokens).toBe(0);
      expect((await store.read(b, '2026-11')).reservedTokens).toBe(0);
    });
  });

  describe('Method: settle', () => {
    it('tells the owners once when the month crosses 80 %, however many calls settle together', async () => {
      // Prepare: 79 % billed already, then 10 concurrent calls of 5,000 tokens each
      const workspaceId = newWorkspace();
      const budget = budgetFor('premium');
      const earlier = await budget.reserve(workspaceId, LIMIT * 0.79);
      await budget.settle(earlier!, { promptTokens: LIMIT * 0.79, completionTokens: 0 });
      const calls = await Promise.all(Array.from({ length: 10 }, () => budget.reserve(workspaceId, 6_000)));

      // Act
      await Promise.all(
        calls.map((r) => budget.settle(r!, { promptTokens: 4_000, completionTokens: 1_000 })),
      );

      // Assess
      const listed = await notifications.list(workspaceId, { unreadOnly: false, limit: 50 });
      const warnings = listed.items.filter((n) => n.kind === 'ai_budget_warning');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.body).toContain('80 %');
      expect(await budget.usage(workspaceId, 'premium')).toEqual({
        tokensPerMonth: LIMIT,
        tokensUsed: LIMIT * 0.79 + 50_000,
        promptTokens: LIMIT * 0.79 + 40_000,
        completionTokens: 10_000,
        calls: 11,
        tokensLeft: LIMIT - LIMIT * 0.79 - 50_000,
        resetsAt: '2027-01-01T00:00:00.000Z',
      });
    });
  });
});

describe('Class: LlmAiEngine with the monthly budget', () => {
  it('answers with the rules, without calling the model, once the budget is spent', async () => {
    // Prepare
    const workspaceId = newWorkspace();
    const budget = budgetFor('premium');
    expect(await store.reserve(workspaceId, budgetMonth(NOW), LIMIT - 100, LIMIT, EXPIRES)).toBe(true);
    const engine = new LlmAiEngine({
      completion: completion(),
      cache: null,
      limiter: null,
      budget,
      budgetMs: 5_000,
    });
    const before = fake.state.received;

    // Act
    const reply = await ask(engine, workspaceId, 'Bonjour, vous êtes ouverts dimanche ?');

    // Assess
    expect(reply).toMatchObject({ source: 'rules', fallbackReason: 'monthly_budget_spent' });
    expect(fake.state.received).toBe(before);
  });

  it('records the tokens OpenAI reports for each call and gives back what the reservation did not use', async () => {
    // Prepare
    const workspaceId = newWorkspace();
    const budget = budgetFor('premium');
    const engine = new LlmAiEngine({
      completion: completion(),
      cache: null,
      limiter: null,
      budget,
      budgetMs: 5_000,
    });
    fake.script(
      { kind: 'json', value: { reply: 'Nous vous répondons vite.', needsHuman: false } },
      { kind: 'json', value: { reply: 'Oui, à samedi !', needsHuman: false } },
    );
    const before = fake.state.requests.length;

    // Act
    await ask(engine, workspaceId, 'Vous ouvrez à quelle heure ?');
    await ask(engine, workspaceId, 'Et samedi ?');

    // Assess: the fake's own usage figures, as the response bodies carried them
    const month = await store.read(workspaceId, '2026-12');
    expect(fake.state.requests.length).toBe(before + 2);
    expect(month.calls).toBe(2);
    expect(month.usedTokens).toBe(month.promptTokens + month.completionTokens);
    expect(month.promptTokens).toBeGreaterThan(0);
    expect(month.reservedTokens).toBe(month.usedTokens);
  });

  it('gives the whole reservation back when the call fails before any answer (429, 5xx)', async () => {
    // Prepare
    const workspaceId = newWorkspace();
    const budget = budgetFor('premium');
    const engine = new LlmAiEngine({
      completion: completion(),
      cache: null,
      limiter: null,
      budget,
      budgetMs: 5_000,
    });
    fake.script({ kind: 'server_error' });

    // Act
    const reply = await ask(engine, workspaceId, 'Vous livrez à Lyon ?');

    // Assess
    expect(reply).toMatchObject({ source: 'rules', fallbackReason: 'server_error' });
    expect(await store.read(workspaceId, '2026-12')).toMatchObject({ reservedTokens: 0, calls: 0 });
  });
});
