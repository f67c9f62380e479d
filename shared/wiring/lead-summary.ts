import { LeadSummarizer } from '../services/leads/lead-service';
import { aiEngineFor } from './ai';
import { built } from './container';
import { leadDetail } from './lead-detail';

/** GET /leads/{id}/summary: the lead's conversation and the AI engine the plan pays for. */
export function leadSummarizer(): LeadSummarizer {
  return built(
    leadSummarizer,
    () => new LeadSummarizer(leadDetail(), async (workspaceId) => (await aiEngineFor(workspaceId)).engine),
  );
}
