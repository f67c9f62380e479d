import { LeadSummarizer } from '../services/leads/lead-service';
import { built } from './container';
import { summarizerFor } from './conversation-summary';
import { leadDetail } from './lead-detail';

/** GET /leads/{id}/summary: the lead's conversation and the summarizer the plan pays for. */
export function leadSummarizer(): LeadSummarizer {
  return built(
    leadSummarizer,
    () =>
      new LeadSummarizer(leadDetail(), async (workspaceId) => (await summarizerFor(workspaceId)).summarizer),
  );
}
