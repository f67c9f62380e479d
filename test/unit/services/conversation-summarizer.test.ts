import { describe, expect, it } from 'vitest';
import { writesPhone } from '../../../shared/domain/leads/phone-text';
import { LlmSummarizer } from '../../../shared/services/ai/llm-summarizer';
import { type FallbackEvent, ModelCaller } from '../../../shared/services/ai/model-call';
import {
  AiUnavailableError,
  type ConversationTurn,
  type StructuredCompletion,
  type StructuredCompletionRequest,
} from '../../../shared/services/ai/ports';
import { RuleBasedAiEngine } from '../../../shared/services/ai/rule-engine';
import { RuleBasedSummarizer } from '../../../shared/services/ai/rule-summarizer';

const at = '2026-03-01T10:00:00.000Z';
const lead = (text: string): ConversationTurn => ({ from: 'lead', text, at });
const business = (text: string): ConversationTurn => ({ from: 'business', text, at });

/** A model that answers from a script (an answer, or an error to throw) and records what it was asked. */
function scriptedModel(answer: unknown | Error) {
  const requests: StructuredCompletionRequest<unknown>[] = [];
  const completion: StructuredCompletion = {
    model: 'test-model',
    tokenCeiling: () => 1000,
    complete: async <T>(request: StructuredCompletionRequest<T>) => {
      requests.push(request as StructuredCompletionRequest<unknown>);
      if (answer instanceof Error) throw answer;
      return { output: answer as T, usage: { promptTokens: 10, completionTokens: 5 } };
    },
  };
  return { completion, requests };
}

describe('Function: writesPhone', () => {
  it('finds a stored E.164 number written nationally, internationally, spaced, dotted or spelled', () => {
    // Prepare
    const phone = '+33612345678';

    // Act / Assess
    for (const text of [
      'mon numéro 06 12 34 56 78',
      'tel: 06.12.34.56.78',
      'call +33 6 12 34 56 78',
      'appelez le +33 (0)6 12 34 56 78',
      '0033612345678 merci',
      'zéro six douze trente-quatre cinquante-six soixante-dix-huit',
      '6 12 34 56 78',
    ])
      expect(writesPhone(phone, text), text).toBe(true);
  });

  it('does not find it in a message with another number, a price or no digits', () => {
    // Prepare
    const phone = '+33612345678';

    // Act / Assess
    for (const text of ['mon numéro 07 81 22 33 44', 'c’est 45 € ?', 'bonjour', 'commande 2026'])
      expect(writesPhone(phone, text), text).toBe(false);
  });
});

describe('Class: RuleBasedSummarizer', () => {
  describe('Method: summarizeConversation', () => {
    it('states the lead’s stored phone and counts the message writing it as contact details', async () => {
      // Prepare
      const summarizer = new RuleBasedSummarizer();
      const history = [
        lead('Bonjour, c’est combien le bouquet ?'),
        business('35 €.'),
        lead('Je le prends, mon numéro 06 12 34 56 78'),
      ];

      // Act
      const summary = await summarizer.summarizeConversation({
        workspaceId: 'ws',
        history,
        knownPhone: '+33612345678',
      });

      // Assess
      expect(summary).toEqual({
        value:
          "2 message(s) du prospect, 1 réponse(s) de l'entreprise. Sujets : prix, commande/réservation, coordonnées données. " +
          'Téléphone donné : +33612345678. Dernier message : « Je le prends, mon numéro 06 12 34 56 78 ».',
        source: 'rules',
        promptVersion: 'rules-v4',
      });
    });

    it('reads the same summary as the AI engine’s rules when the stored phone is the one written', async () => {
      // Prepare
      const history = [
        lead('Hi, how much is the box?'),
        business('It is 30 EUR.'),
        lead('Great, call me at +33 6 12 34 56 78'),
      ];

      // Act
      const stored = await new RuleBasedSummarizer().summarizeConversation({
        workspaceId: 'ws',
        history,
        knownPhone: '+33612345678',
      });
      const detected = await new RuleBasedAiEngine().summarizeConversation({ workspaceId: 'ws', history });

      // Assess
      expect(stored).toEqual(detected);
      expect(stored.value).toContain('Phone given: +33612345678.');
    });

    it('states the stored phone even when no loaded message writes it, and no phone when none is stored', async () => {
      // Prepare
      const summarizer = new RuleBasedSummarizer();
      const history = [lead('Hello, are you open on Sunday?'), lead('My other number is 07 81 22 33 44')];

      // Act
      const withPhone = await summarizer.summarizeConversation({
        workspaceId: 'ws',
        history,
        knownPhone: '+33612345678',
      });
      const without = await summarizer.summarizeConversation({
        workspaceId: 'ws',
        history,
        knownPhone: null,
      });

      // Assess
      expect(withPhone.value).toContain('Phone given: +33612345678.');
      // A number other than the stored one is not read as contact details (no detector on this route).
      expect(withPhone.value).not.toContain('contact details given');
      expect(without.value).not.toContain('Phone given');
    });
  });
});

describe('Class: LlmSummarizer', () => {
  describe('Method: summarizeConversation', () => {
    it('summarises with the model and the summary prompt only, without sending the stored phone', async () => {
      // Prepare
      const { completion, requests } = scriptedModel({ summary: '  Léa wants the price of the box.  ' });
      const summarizer = new LlmSummarizer(
        new ModelCaller({ completion, cache: null, limiter: null, budgetMs: 5000 }),
        new RuleBasedSummarizer(),
      );

      // Act
      const summary = await summarizer.summarizeConversation({
        workspaceId: 'ws',
        history: [lead('Hi, how much is the box?'), business('It is 30 EUR.')],
        knownPhone: '+33612345678',
      });

      // Assess
      expect(summary).toEqual({
        value: 'Léa wants the price of the box.',
        source: 'ai',
        promptVersion: 'summary.en.v1',
      });
      expect(requests).toHaveLength(1);
      expect(requests[0]!.schemaName).toBe('summary');
      expect(requests[0]!.maxOutputTokens).toBe(400);
      expect(requests[0]!.user).toContain('Prospect: Hi, how much is the box?\nBusiness: It is 30 EUR.');
      expect(`${requests[0]!.system}${requests[0]!.user}`).not.toContain('612345678');
    });

    it('falls back to the rule summary, with the stored phone, when the model fails', async () => {
      // Prepare
      const { completion } = scriptedModel(new AiUnavailableError('timeout', 'the model did not answer'));
      const fallbacks: FallbackEvent[] = [];
      const summarizer = new LlmSummarizer(
        new ModelCaller({
          completion,
          cache: null,
          limiter: null,
          budgetMs: 5000,
          onFallback: (event) => fallbacks.push(event),
        }),
        new RuleBasedSummarizer(),
      );

      // Act
      const summary = await summarizer.summarizeConversation({
        workspaceId: 'ws',
        history: [lead('Bonjour, vous livrez à Lyon ? 06 12 34 56 78')],
        knownPhone: '+33612345678',
      });

      // Assess
      expect(summary).toMatchObject({
        source: 'rules',
        promptVersion: 'rules-v4',
        fallbackReason: 'timeout',
      });
      expect(summary.value).toContain('Téléphone donné : +33612345678.');
      expect(summary.value).toContain('coordonnées données');
      expect(fallbacks).toEqual([
        {
          operation: 'summarizeConversation',
          workspaceId: 'ws',
          reason: 'timeout',
          detail: 'the model did not answer',
        },
      ]);
    });

    it('falls back to the rules when the model’s summary is empty', async () => {
      // Prepare
      const { completion } = scriptedModel({ summary: '   ' });
      const summarizer = new LlmSummarizer(
        new ModelCaller({ completion, cache: null, limiter: null, budgetMs: 5000 }),
        new RuleBasedSummarizer(),
      );

      // Act
      const summary = await summarizer.summarizeConversation({
        workspaceId: 'ws',
        history: [lead('Hello')],
        knownPhone: null,
      });

      // Assess
      expect(summary).toMatchObject({ source: 'rules', fallbackReason: 'invalid_output' });
    });
  });
});
