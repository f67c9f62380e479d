import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/config';
import { LlmAiEngine } from '../../shared/services/ai/llm-engine';
import { LlmSummarizer } from '../../shared/services/ai/llm-summarizer';
import { RuleBasedAiEngine } from '../../shared/services/ai/rule-engine';
import { RuleBasedSummarizer } from '../../shared/services/ai/rule-summarizer';
import { aiEngine, aiEngineFor } from '../../shared/wiring/ai';
import { summarizerFor } from '../../shared/wiring/conversation-summary';
import { type FakeOpenAi, startFakeOpenAi } from '../../simulation/openai';
import { signupWithWorkspace } from '../support/api';
import { makeLead, seedInteraction, seedLeads, setWorkspacePlan } from '../support/leads';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
let fake: FakeOpenAi;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  // The base URL points at the fake, but no key: the engine must stay offline.
  stage = await startTestStage({ env: { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: fake.url } });
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
});

function useKey(key: string | undefined) {
  if (key === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = key;
  resetConfig();
}

describe('Wiring: aiEngine()', () => {
  it('is the rule engine with no OPENAI_API_KEY, and makes no network call', async () => {
    useKey(undefined);
    const engine = aiEngine();
    expect(engine).toBeInstanceOf(RuleBasedAiEngine);
    const result = await engine.generateReply({
      workspaceId: 'ws-offline',
      platform: 'instagram',
      kind: 'comment',
      text: 'How much?',
      authorName: null,
      instruction: null,
    });
    expect(result.source).toBe('rules');
    expect(fake.state.received).toBe(0);
  });

  it('is the OpenAI-backed engine with a key, reaching OPENAI_BASE_URL', async () => {
    useKey(fake.apiKey);
    const engine = aiEngine();
    expect(engine).toBeInstanceOf(LlmAiEngine);
    // The plan's monthly AI budget applies to every model call: Premium has one.
    const owner = await signupWithWorkspace(stage.api, 'online');
    await setWorkspacePlan(owner.workspaceId, 'premium');
    fake.script({ kind: 'json', value: { phone: '+33 6 12 34 56 78' } });
    const result = await engine.extractPhoneNumber({
      workspaceId: owner.workspaceId,
      text: 'zéro six 12 34 56 78',
    });
    expect(result).toEqual({ value: '+33612345678', source: 'ai', promptVersion: 'extract-phone.fr.v1' });
    expect(fake.state.requests.at(-1)!.model).toBe('gpt-4o-mini');
    useKey(undefined);
  });
});

describe('Route: POST /ai/preview-reply', () => {
  it('returns the rules reply, phone and score with no key', async () => {
    useKey(undefined);
    const owner = await signupWithWorkspace(stage.api, 'preview');
    const before = fake.state.received;
    const response = await stage.api.post(
      '/ai/preview-reply',
      { text: 'Bonjour, c’est combien ? mon 06 12 34 56 78', kind: 'dm', authorName: 'Léa' },
      { token: owner.accessToken, workspaceId: owner.workspaceId },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      reply: 'Merci Léa, nous avons bien noté vos coordonnées : nous vous recontactons très vite.',
      source: 'rules',
      promptVersion: 'rules-v4',
      fallbackReason: null,
      phone: '+33612345678',
      handover: false,
      score: 70,
      scoreFactors: [
        { factor: 'price_question', points: 25 },
        { factor: 'question', points: 10 },
        { factor: 'direct_message', points: 10 },
        { factor: 'phone_given', points: 25 },
      ],
    });
    expect(fake.state.received).toBe(before);
  });

  it('answers in an allowed language: the rules say a person will answer and hand over', async () => {
    // Prepare
    useKey(undefined);
    const owner = await signupWithWorkspace(stage.api, 'previewlang');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    const put = await stage.api.put(
      `/workspaces/${owner.workspaceId}/knowledge`,
      { languages: ['fr', 'es'], defaultLanguage: 'fr' },
      as,
    );
    expect(put.status).toBe(200);

    // Act
    const spanish = await stage.api.post('/ai/preview-reply', { text: 'hola, precio?', kind: 'dm' }, as);
    const italian = await stage.api.post(
      '/ai/preview-reply',
      { text: 'Ciao, quanto costa?', kind: 'dm' },
      as,
    );

    // Assess
    expect(spanish.body).toMatchObject({
      reply: '¡Gracias por tu mensaje! Una persona de nuestro equipo te responderá muy pronto.',
      handover: true,
    });
    // Italian is not allowed: the default, French, answers; the rules cannot read the question, so a person will.
    expect(italian.body).toMatchObject({
      handover: true,
      reply: "Merci pour votre question ! Une personne de l'équipe vous répond très vite.",
    });
  });

  it('uses the model when a key is set, and the rules when the model fails', async () => {
    useKey(fake.apiKey);
    const owner = await signupWithWorkspace(stage.api, 'previewai');
    await setWorkspacePlan(owner.workspaceId, 'premium');
    const ask = () =>
      stage.api.post(
        '/ai/preview-reply',
        { text: 'Vous livrez à Lyon ?', instruction: 'Proposer la livraison gratuite dès 50 €' },
        { token: owner.accessToken, workspaceId: owner.workspaceId },
      );
    fake.script({
      kind: 'json',
      value: { reply: 'Oui ! Nous livrons, détails en privé.', needsHuman: false },
    });
    const ai = await ask();
    expect(ai.body).toMatchObject({
      reply: 'Oui ! Nous livrons, détails en privé.',
      source: 'ai',
    });
    expect(fake.state.requests.at(-1)!.messages[1]!.content).toContain(
      'Proposer la livraison gratuite dès 50 €',
    );
    fake.script({ kind: 'rate_limit', code: 'insufficient_quota' });
    // A different text, so the cache does not answer.
    const fallback = await stage.api.post(
      '/ai/preview-reply',
      { text: 'Vous livrez à Lille ?' },
      { token: owner.accessToken, workspaceId: owner.workspaceId },
    );
    expect(fallback.status).toBe(200);
    expect(fallback.body).toMatchObject({ source: 'rules', fallbackReason: 'insufficient_quota' });
    expect(fallback.body.reply).toContain('en message privé');
    useKey(undefined);
  });

  it('answers with the rule engine on a plan without AI-written replies, as the workflow does', async () => {
    // Prepare: a model is configured, the workspace is Freemium
    useKey(fake.apiKey);
    const owner = await signupWithWorkspace(stage.api, 'previewfree');
    const before = fake.state.received;

    // Act
    const response = await stage.api.post(
      '/ai/preview-reply',
      { text: 'Vous livrez à Nantes ?', instruction: 'Proposer la livraison gratuite' },
      { token: owner.accessToken, workspaceId: owner.workspaceId },
    );
    await setWorkspacePlan(owner.workspaceId, 'premium');
    fake.script({ kind: 'json', value: { reply: 'Oui, livraison offerte à Nantes !', needsHuman: false } });
    const upgraded = await stage.api.post(
      '/ai/preview-reply',
      { text: 'Vous livrez à Nantes ?', instruction: 'Proposer la livraison gratuite' },
      { token: owner.accessToken, workspaceId: owner.workspaceId },
    );
    useKey(undefined);

    // Assess: no model call for Freemium; the upgrade applies to the next request
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ source: 'rules', fallbackReason: 'not_in_plan' });
    expect(upgraded.body).toMatchObject({ source: 'ai', reply: 'Oui, livraison offerte à Nantes !' });
    expect(fake.state.received).toBe(before + 1);
  });

  it('validates the body and scopes to the caller’s workspaces', async () => {
    const a = await signupWithWorkspace(stage.api, 'pa');
    const b = await signupWithWorkspace(stage.api, 'pb');
    const empty = await stage.api.post(
      '/ai/preview-reply',
      { text: ' ' },
      { token: a.accessToken, workspaceId: a.workspaceId },
    );
    expect(empty.status).toBe(400);
    const foreign = await stage.api.post(
      '/ai/preview-reply',
      { text: 'prix ?' },
      { token: a.accessToken, workspaceId: b.workspaceId },
    );
    expect(foreign.status).toBe(403);
    const anonymous = await stage.api.post(
      '/ai/preview-reply',
      { text: 'prix ?' },
      { workspaceId: a.workspaceId },
    );
    expect(anonymous.status).toBe(401);
  });
});

describe('Route: GET /leads/{id}/summary', () => {
  it('summarises with the rule engine on a plan without AI-written replies, with the model on Premium', async () => {
    // Prepare
    useKey(fake.apiKey);
    const owner = await signupWithWorkspace(stage.api, 'summary');
    const lead = makeLead(owner.workspaceId, { displayName: 'Léa' });
    await seedLeads([lead]);
    const before = fake.state.received;
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };

    // Act
    const freemium = await stage.api.get(`/leads/${lead.id}/summary`, as);
    await setWorkspacePlan(owner.workspaceId, 'premium');
    const opened = await stage.api.get(`/leads/${lead.id}`, as);
    const modelCallsToOpen = fake.state.received - before;
    fake.script({ kind: 'json', value: { summary: 'Léa demande les tarifs.' } });
    const premium = await stage.api.get(`/leads/${lead.id}/summary`, as);
    useKey(undefined);

    // Assess
    expect(freemium.status).toBe(200);
    expect(freemium.body.summary.source).toBe('rules');
    expect(opened.status).toBe(200);
    expect(modelCallsToOpen).toBe(0);
    expect(premium.body.summary).toEqual({ text: 'Léa demande les tarifs.', source: 'ai' });
    expect(fake.state.received).toBe(before + 1);
  });
});

describe('Wiring: summarizerFor()', () => {
  it('gates the summarizer by plan as aiEngineFor gates the engine: rules without AI replies, the model on Premium', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'summarizer-plan');

    // Act
    useKey(undefined);
    const offline = await summarizerFor(owner.workspaceId);
    const offlineEngine = await aiEngineFor(owner.workspaceId);
    useKey(fake.apiKey);
    const freemium = await summarizerFor(owner.workspaceId);
    const freemiumEngine = await aiEngineFor(owner.workspaceId);
    await setWorkspacePlan(owner.workspaceId, 'premium');
    const premium = await summarizerFor(owner.workspaceId);
    const premiumEngine = await aiEngineFor(owner.workspaceId);
    useKey(undefined);

    // Assess
    expect(offline.summarizer).toBeInstanceOf(RuleBasedSummarizer);
    expect(offline.heldBack).toBe(offlineEngine.heldBack);
    expect(offline.heldBack).toBe(false);
    expect(freemium.summarizer).toBeInstanceOf(RuleBasedSummarizer);
    expect(freemiumEngine.engine).toBeInstanceOf(RuleBasedAiEngine);
    expect(freemium.heldBack).toBe(true);
    expect(freemiumEngine.heldBack).toBe(true);
    expect(premium.summarizer).toBeInstanceOf(LlmSummarizer);
    expect(premiumEngine.engine).toBeInstanceOf(LlmAiEngine);
    expect(premium.heldBack).toBe(false);
  });
});

describe('Route: GET /leads/{id}/summary (rules)', () => {
  it('states the phone stored on the lead in the rule summary', async () => {
    // Prepare
    useKey(undefined);
    const owner = await signupWithWorkspace(stage.api, 'summary-phone');
    const lead = makeLead(owner.workspaceId, { displayName: 'Léa', phone: '+33612345678' });
    await seedLeads([lead]);
    await seedInteraction(owner.workspaceId, lead.id, {
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      direction: 'inbound',
      text: 'Je prends le bouquet, mon numéro 06 12 34 56 78',
    });
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };

    // Act
    const response = await stage.api.get(`/leads/${lead.id}/summary`, as);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.summary.source).toBe('rules');
    expect(response.body.summary.text).toContain('Téléphone donné : +33612345678.');
    expect(response.body.summary.text).toContain('coordonnées données');
  });
});
