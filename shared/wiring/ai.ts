import { LlmAiEngine } from '../services/ai/llm-engine';
import type { AiEngine } from '../services/ai/ports';
import { RuleBasedAiEngine } from '../services/ai/rule-engine';
import { aiModel, planIncludesAi } from './ai-model';
import { built } from './container';

/**
 * The AI engine of this container: the model (ai-model.ts) with the rule engine as fallback when
 * OPENAI_API_KEY is set; the rule engine alone otherwise (offline, no network).
 */
export function aiEngine(): AiEngine {
  return built(aiEngine, () => {
    const rules = new RuleBasedAiEngine();
    const model = aiModel();
    return model ? new LlmAiEngine({ ...model, fallback: rules }) : rules;
  });
}

function ruleEngine(): AiEngine {
  return built(ruleEngine, () => new RuleBasedAiEngine());
}

/**
 * The engine a workspace's plan pays for, read on every call (a downgrade applies at once): the configured one
 * when the plan includes AI-written replies, the rule engine otherwise — as the workflow's reply writer does.
 * `heldBack`: a model is configured but the plan kept it out. (The summary route applies the same gate to its
 * own summarizer: conversation-summary.ts.)
 */
export async function aiEngineFor(workspaceId: string): Promise<{ engine: AiEngine; heldBack: boolean }> {
  const configured = aiEngine();
  if (await planIncludesAi(workspaceId)) return { engine: configured, heldBack: false };
  return { engine: ruleEngine(), heldBack: !(configured instanceof RuleBasedAiEngine) };
}
