import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoLeadWriter } from '../../shared/adapters/dynamo/lead-writer';
import { leadIdOf } from '../../shared/domain/leads/lead';
import type { IncomingMessageInput } from '../../shared/domain/messages/incoming-message';
import { automationGate } from '../../shared/wiring/conversations';
import { signupWithWorkspace } from '../support/api';
import {
  connectInstagram,
  incoming,
  RecordingProvider,
  startWorkflowStage,
  type WorkflowStage,
} from '../support/engine';

let stage: WorkflowStage;
const provider = new RecordingProvider();
const leads = new DynamoLeadWriter(stageTable);

beforeAll(async () => {
  stage = await startWorkflowStage({ provider });
});
afterAll(() => stage.stop());

async function shopWith(scenarios: Record<string, unknown>[]) {
  const owner = await signupWithWorkspace(stage.api, 'pause');
  for (const scenario of scenarios) {
    const created = await stage.api.post('/scenarios', scenario, {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(created.status).toBe(201);
  }
  const account = await connectInstagram(owner.workspaceId);
  return Object.assign(account, { owner });
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

describe('Workflow: the bot stops (handover, STOP)', () => {
  it('sends nothing automatic after a hand-over, but still logs the message and updates the lead', async () => {
    // Prepare
    const account = await shopWith([
      { name: 'Humain', keywords: ['humain'], action: 'handover', priority: 1 },
      { name: 'Tout', action: 'dm', message: 'Réponse automatique', priority: 50 },
    ]);
    const first = incoming(account, { kind: 'dm', text: 'Je veux parler à un humain' });
    await stage.process(first);
    const leadId = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);
    expect(provider.sentTo(first.author.platformUserId)).toHaveLength(0);
    expect(await automationGate().get(first.workspaceId, leadId)).toMatchObject({
      botPaused: true,
      pausedReason: 'handover',
    });

    // Act
    await stage.process(again(first, 'Alors, vous êtes là ? 06 12 34 56 78', 1));

    // Assess
    expect(provider.sentTo(first.author.platformUserId)).toHaveLength(0);
    const lead = await leads.get(first.workspaceId, leadId);
    expect(lead?.phone).toBe('+33612345678');
    expect(lead?.interactionCount ?? 0).toBeGreaterThanOrEqual(2);

    // A member resuming the bot lets the next message be answered again.
    await automationGate().resume(first.workspaceId, leadId);
    await stage.process(again(first, 'Merci', 2));
    expect(provider.sentTo(first.author.platformUserId)).toHaveLength(1);
  });

  it('hands over after telling, in the person’s language, that a human will answer (no templates in it)', async () => {
    // Prepare
    const account = await shopWith([{ name: 'Tout', action: 'dm', priority: 50 }]);
    const as = { token: account.owner.accessToken, workspaceId: account.owner.workspaceId };
    await stage.api.put(`/workspaces/${account.workspaceId}/knowledge`, { languages: ['fr', 'es'] }, as);
    const first = incoming(account, { kind: 'dm', text: 'Hola, ¿cuánto cuesta la caja?' });
    const leadId = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);

    // Act
    await stage.process(first);
    await stage.process(again(first, '¿Hola?', 1));

    // Assess
    const sent = provider.sentTo(first.author.platformUserId);
    expect(sent.map((s) => s.message.text)).toEqual([
      '¡Gracias por tu mensaje! Una persona de nuestro equipo te responderá muy pronto.',
    ]);
    expect(await automationGate().get(first.workspaceId, leadId)).toMatchObject({
      botPaused: true,
      pausedReason: 'handover',
    });
    expect((await leads.get(first.workspaceId, leadId))?.tags).toContain('handover');
  });

  it('honours STOP until the person opts in with START; a member cannot resume over an opt-out', async () => {
    // Prepare
    const account = await shopWith([{ name: 'Tout', action: 'dm', message: 'Réponse automatique' }]);
    const first = incoming(account, { kind: 'dm', text: 'Bonjour' });
    await stage.process(first);
    expect(provider.sentTo(first.author.platformUserId)).toHaveLength(1);
    const leadId = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);

    // Act
    await stage.process(again(first, 'Arrête !', 1));
    await stage.process(again(first, 'Pourquoi ?', 2));
    await automationGate().resume(first.workspaceId, leadId);
    await stage.process(again(first, 'Encore ?', 3));

    // Assess
    expect(provider.sentTo(first.author.platformUserId)).toHaveLength(1);
    expect(await automationGate().get(first.workspaceId, leadId)).toMatchObject({
      optedOut: true,
      pausedReason: 'opt_out',
    });

    await stage.process(again(first, 'START', 4));
    expect(provider.sentTo(first.author.platformUserId)).toHaveLength(2);
  });

  it('pauses and resumes through the routes; another workspace gets 404', async () => {
    // Prepare
    const account = await shopWith([{ name: 'Tout', action: 'dm', message: 'Réponse automatique' }]);
    const as = { token: account.owner.accessToken, workspaceId: account.owner.workspaceId };
    const first = incoming(account, { kind: 'dm', text: 'Bonjour' });
    await stage.process(first);
    const id = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);
    const other = await signupWithWorkspace(stage.api, 'intruder');
    const intruder = { token: other.accessToken, workspaceId: other.workspaceId };

    // Act
    const paused = await stage.api.post(`/conversations/${id}/pause`, {}, as);
    await stage.process(again(first, 'Re-bonjour', 1));

    // Assess
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ id, botPaused: true, pausedReason: 'manual', optedOut: false });
    expect(provider.sentTo(first.author.platformUserId)).toHaveLength(1);
    expect((await stage.api.get(`/conversations/${id}`, intruder)).status).toBe(404);
    expect((await stage.api.post(`/conversations/${id}/resume`, {}, intruder)).status).toBe(404);
    expect((await stage.api.get(`/conversations/${id}`, as)).body).toMatchObject({ botPaused: true });

    const resumed = await stage.api.post(`/conversations/${id}/resume`, {}, as);
    expect(resumed.body).toMatchObject({ botPaused: false, pausedReason: null });
    await stage.process(again(first, 'Merci', 2));
    expect(provider.sentTo(first.author.platformUserId)).toHaveLength(2);
  });
});
