import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/errors';
import type { ConversationSummarizer, SummaryInput } from '../../../shared/services/ai/ports';
import { LeadDetail, LeadSummarizer } from '../../../shared/services/leads/lead-service';
import type { Interaction, LeadStore } from '../../../shared/services/leads/ports';
import { makeLead } from '../../support/leads';

const lead = makeLead('w1', { id: 'l1', phone: '+33612345678' });
const turn = (occurredAt: string, direction: Interaction['direction'], text: string): Interaction =>
  ({ platform: 'instagram', kind: 'dm', direction, text, occurredAt, author: null }) as Interaction;
const thread = [
  turn('2026-03-01T10:00:00.000Z', 'inbound', 'Price?'),
  turn('2026-03-01T10:01:00.000Z', 'outbound', '20 EUR.'),
];

/** One workspace's lead and thread in memory; records the `since` each history read asked for. */
function storeOf(): Pick<LeadStore, 'get' | 'history'> & { sinces: string[] } {
  const sinces: string[] = [];
  return {
    sinces,
    get: async (workspaceId, leadId) => (workspaceId === 'w1' && leadId === 'l1' ? lead : undefined),
    history: async (_w, _l, _limit, since) => {
      sinces.push(since);
      return thread;
    },
  };
}
const retention = { cutoff: async () => '2026-02-01T00:00:00.000Z' };

describe('Class: LeadDetail', () => {
  describe('Method: getWithHistory', () => {
    it('returns the lead and its thread since the retention cutoff', async () => {
      // Prepare
      const store = storeOf();

      // Act
      const detail = await new LeadDetail(store, retention).getWithHistory('w1', 'l1');

      // Assess
      expect(detail).toEqual({ lead, history: thread });
      expect(store.sinces).toEqual(['2026-02-01T00:00:00.000Z']);
    });

    it('throws NotFoundError for a lead of another workspace', async () => {
      await expect(new LeadDetail(storeOf(), retention).getWithHistory('w2', 'l1')).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });
});

describe('Class: LeadSummarizer', () => {
  describe('Method: summarize', () => {
    it('hands the thread to the workspace’s summarizer as lead and business turns, oldest first, with the stored phone', async () => {
      // Prepare
      const asked: SummaryInput[] = [];
      const engine = {
        summarizeConversation: async (input: SummaryInput) => {
          asked.push(input);
          return { value: 'Asked the price.', source: 'ai' as const, promptVersion: 'summary.en.v1' };
        },
      } satisfies ConversationSummarizer;
      const enginesAskedFor: string[] = [];
      const summarizer = new LeadSummarizer(new LeadDetail(storeOf(), retention), async (workspaceId) => {
        enginesAskedFor.push(workspaceId);
        return engine;
      });

      // Act
      const summary = await summarizer.summarize('w1', 'l1');

      // Assess
      expect(summary).toEqual({ text: 'Asked the price.', source: 'ai' });
      expect(enginesAskedFor).toEqual(['w1']);
      expect(asked).toEqual([
        {
          workspaceId: 'w1',
          history: [
            { from: 'lead', text: 'Price?', at: '2026-03-01T10:00:00.000Z' },
            { from: 'business', text: '20 EUR.', at: '2026-03-01T10:01:00.000Z' },
          ],
          // The phone the pipeline stored, read by the rules instead of detecting one again.
          knownPhone: '+33612345678',
        },
      ]);
    });

    it('asks no engine for a lead it cannot see', async () => {
      // Prepare
      let asked = 0;
      const summarizer = new LeadSummarizer(new LeadDetail(storeOf(), retention), async () => {
        asked += 1;
        return {} as ConversationSummarizer;
      });

      // Act / Assess
      await expect(summarizer.summarize('w2', 'l1')).rejects.toBeInstanceOf(NotFoundError);
      expect(asked).toBe(0);
    });
  });
});
