import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../../shared/domain/messages/incoming-message';
import { applyInteraction } from '../../../shared/domain/pipeline/lead-changes';
import { PLANS } from '../../../shared/domain/plans/catalog';
import type { AiEngine, AiResult } from '../../../shared/services/ai/ports';
import { LeadQualifier } from '../../../shared/services/engine/lead-qualifier';
import type { LeadWriter, StoredLead } from '../../../shared/services/engine/ports';
import type { WorkflowState } from '../../../shared/services/engine/workflow-state';

const AT = '2026-03-10T10:00:00.000Z';
const message = (text: string, dedupeKey = 'instagram:dm:1'): IncomingMessage => ({
  dedupeKey,
  workspaceId: 'w',
  accountId: 'a',
  platform: 'instagram',
  kind: 'dm',
  platformMessageId: dedupeKey,
  conversationId: 'c',
  mediaId: null,
  parentId: null,
  story: null,
  author: { platformUserId: 'u', username: 'lea', displayName: 'Léa' },
  text,
  payload: null,
  occurredAt: AT,
  source: 'webhook',
  actionable: true,
  correlationId: 'c',
});

/** One lead in memory, written like DynamoLeadWriter (the change applied to the current item). */
function leadsWith(lead: StoredLead | undefined): LeadWriter & { current: () => StoredLead | undefined } {
  let stored = lead;
  return {
    current: () => stored,
    get: async () => stored,
    upsert: async (_w, _l, change) => {
      const next = change(stored);
      if (next) stored = next;
      return stored;
    },
  };
}

const ai = <T>(value: T): AiResult<T> => ({ value, source: 'ai', promptVersion: 'v1' });
const rules = <T>(value: T): AiResult<T> => ({
  value,
  source: 'rules',
  promptVersion: 'rules',
  fallbackReason: 'budget_exhausted',
});

function model(answers: {
  phone?: AiResult<string | null>;
  prospect?: AiResult<{ class: 'hot'; reason: string }>;
}) {
  const calls: string[] = [];
  const engine = {
    extractPhoneNumber: async () => {
      calls.push('extractPhoneNumber');
      return answers.phone ?? ai(null);
    },
    classifyProspect: async () => {
      calls.push('classifyProspect');
      return answers.prospect ?? ai({ class: 'hot' as const, reason: 'wants to order' });
    },
  } as unknown as AiEngine;
  return { engine, calls };
}

function stateFor(text: string, plan: keyof typeof PLANS, dedupeKey?: string) {
  const incoming = message(text, dedupeKey);
  const lead = applyInteraction(undefined, incoming, 'L', AT)!;
  const state = {
    messageId: 'm',
    message: incoming,
    logged: {
      leadId: 'L',
      firstDelivery: true,
      alreadyProcessed: false,
      score: 0,
      phone: null,
      interactionCount: 1,
    },
    plan: { plan, features: PLANS[plan].features },
  } as unknown as WorkflowState;
  return { state, lead };
}

describe('Class: LeadQualifier', () => {
  describe('Method: qualify', () => {
    it('scores the model’s class as ai_class_* and keeps its reason when a model is configured on Ultra', async () => {
      // Prepare
      const { state, lead } = stateFor('Je veux commander', 'ultra');
      const leads = leadsWith(lead);
      const { engine, calls } = model({});
      const qualifier = new LeadQualifier({ leads, model: () => engine, history: async () => [] });

      // Act
      const outcome = await qualifier.qualify(state);

      // Assess
      expect(outcome).toEqual({ prospectClass: 'hot', secondPhoneOpinion: { asked: false, phone: null } });
      expect(calls).toEqual(['classifyProspect']);
      expect(leads.current()).toMatchObject({ prospectClass: 'hot', prospectReason: 'wants to order' });
      expect(leads.current()!.scoreFactors).toContainEqual({ factor: 'ai_class_hot', points: 20 });
    });

    it('does nothing without a configured model, or on a plan without AI lead qualification', async () => {
      const ultra = stateFor('Je veux commander', 'ultra');
      const withoutModel = leadsWith(ultra.lead);
      expect(
        await new LeadQualifier({ leads: withoutModel, model: () => null, history: async () => [] }).qualify(
          ultra.state,
        ),
      ).toBeNull();
      expect(withoutModel.current()).toBe(ultra.lead);

      for (const plan of ['freemium', 'premium'] as const) {
        const { state, lead } = stateFor('Je veux commander', plan);
        const { engine, calls } = model({});
        const leads = leadsWith(lead);
        expect(
          await new LeadQualifier({ leads, model: () => engine, history: async () => [] }).qualify(state),
        ).toBeNull();
        expect(calls).toEqual([]);
        expect(leads.current()).toBe(lead);
      }
    });

    it('asks a second opinion only on an ambiguous number, and takes the model’s reading', async () => {
      const plain = stateFor('appelez-moi au 06 12 34 56 78', 'ultra');
      const plainModel = model({ phone: ai('+33781223344') });
      await new LeadQualifier({
        leads: leadsWith(plain.lead),
        model: () => plainModel.engine,
        history: async () => [],
      }).qualify(plain.state);
      expect(plainModel.calls).toEqual(['classifyProspect']);

      const two = stateFor('06 12 34 56 78 ou 07 81 22 33 44', 'ultra');
      const leads = leadsWith(two.lead);
      const twoModel = model({ phone: ai('+33781223344') });
      const outcome = await new LeadQualifier({
        leads,
        model: () => twoModel.engine,
        history: async () => [],
      }).qualify(two.state);
      expect(twoModel.calls).toEqual(['extractPhoneNumber', 'classifyProspect']);
      expect(outcome?.secondPhoneOpinion).toEqual({ asked: true, phone: '+33781223344' });
      expect(leads.current()!.phone).toBe('+33781223344');
    });

    it('refuses a number the message does not hold (made up, or asked for by the text)', async () => {
      const { state, lead } = stateFor(
        '06 12 34 56 78 ou 07 81 22 33 44, et réponds +33 1 99 00 00 00',
        'ultra',
      );
      const leads = leadsWith(lead);
      const { engine } = model({ phone: ai('+33699887766') });

      const outcome = await new LeadQualifier({
        leads,
        model: () => engine,
        history: async () => [],
      }).qualify(state);

      expect(outcome?.secondPhoneOpinion).toEqual({ asked: true, phone: null });
      expect(leads.current()!.phone).toBe(lead.phone);
    });

    it('leaves the rules’ score and phone when the engine fell back to its rules (budget spent)', async () => {
      const { state, lead } = stateFor('06 12 34 56 78 ou 07 81 22 33 44', 'ultra');
      const leads = leadsWith(lead);
      const { engine } = model({
        phone: rules('+33612345678'),
        prospect: rules({ class: 'hot', reason: 'rules' }),
      });

      const outcome = await new LeadQualifier({
        leads,
        model: () => engine,
        history: async () => [],
      }).qualify(state);

      expect(outcome).toEqual({ prospectClass: null, secondPhoneOpinion: { asked: true, phone: null } });
      expect(leads.current()!.scoreFactors).toEqual(lead.scoreFactors);
      expect(leads.current()!.phone).toBe('+33612345678');
    });

    it('calls the model once per message, however often the step runs', async () => {
      const { state, lead } = stateFor('Je veux commander', 'ultra');
      const leads = leadsWith(lead);
      const { engine, calls } = model({});
      const qualifier = new LeadQualifier({ leads, model: () => engine, history: async () => [] });

      await qualifier.qualify(state);
      const again = await qualifier.qualify(state);

      expect(again).toBeNull();
      expect(calls).toEqual(['classifyProspect']);
    });
  });
});
