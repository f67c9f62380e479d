import { LlmSummarizer } from '../services/ai/llm-summarizer';
import { ModelCaller } from '../services/ai/model-call';
import type { ConversationSummarizer } from '../services/ai/ports';
import { RuleBasedSummarizer } from '../services/ai/rule-summarizer';
import { aiModel, planIncludesAi } from './ai-model';
import { built } from './container';

/**
 * GET /leads/{id}/summary's own graph: the summary prompts and the rule summary, not the whole AI engine. The
 * rules read the lead's stored phone (SummaryInput.knownPhone), never detect one, so no libphonenumber either.
 */
function summarizers(): {
  configured: ConversationSummarizer;
  rules: ConversationSummarizer;
  model: boolean;
} {
  return built(summarizers, () => {
    const rules = new RuleBasedSummarizer();
    const model = aiModel();
    return {
      configured: model ? new LlmSummarizer(new ModelCaller(model), rules) : rules,
      rules,
      model: model !== null,
    };
  });
}

/**
 * The summarizer a workspace's plan pays for, gated as aiEngineFor (ai.ts) gates the AI engine: the model with
 * the rules as fallback when one is configured and the plan includes AI-written replies, the rules otherwise.
 * `heldBack`: a model is configured but the plan kept it out.
 */
export async function summarizerFor(
  workspaceId: string,
): Promise<{ summarizer: ConversationSummarizer; heldBack: boolean }> {
  const { configured, rules, model } = summarizers();
  if (await planIncludesAi(workspaceId)) return { summarizer: configured, heldBack: false };
  return { summarizer: rules, heldBack: model };
}
