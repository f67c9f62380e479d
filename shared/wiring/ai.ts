import { DynamoAiResponseCache } from '../adapters/dynamo/ai-cache-store';
import { DynamoAiRateLimiter } from '../adapters/dynamo/ai-rate-limiter';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { OpenAiStructuredCompletion } from '../adapters/openai/openai-completion';
import { hasFeature } from '../domain/plans/features';
import { logger } from '../observability/logger';
import { LlmAiEngine } from '../services/ai/llm-engine';
import type { AiEngine } from '../services/ai/ports';
import { RuleBasedAiEngine } from '../services/ai/rule-engine';
import { aiBudget } from './ai-budget';
import { built } from './container';

/**
 * The AI engine of this container: OpenAI (or any OpenAI-compatible server at OPENAI_BASE_URL) with the rule
 * engine as fallback when OPENAI_API_KEY is set; the rule engine alone otherwise (offline, no network).
 */
export function aiEngine(): AiEngine {
  return built(aiEngine, (cfg) => {
    const rules = new RuleBasedAiEngine();
    if (!cfg.OPENAI_API_KEY) return rules;
    return new LlmAiEngine({
      completion: new OpenAiStructuredCompletion({
        apiKey: cfg.OPENAI_API_KEY,
        ...(cfg.OPENAI_BASE_URL ? { baseURL: cfg.OPENAI_BASE_URL } : {}),
        model: cfg.OPENAI_MODEL,
        timeoutMs: cfg.OPENAI_TIMEOUT_MS,
        maxAttempts: cfg.OPENAI_MAX_ATTEMPTS,
      }),
      cache: new DynamoAiResponseCache(stageTable, cfg.AI_CACHE_TTL_SECONDS),
      limiter: new DynamoAiRateLimiter(stageTable, {
        perWorkspace: cfg.AI_RATE_LIMIT_WORKSPACE_PER_MINUTE,
        global: cfg.AI_RATE_LIMIT_GLOBAL_PER_MINUTE,
        windowSeconds: 60,
      }),
      budget: aiBudget(),
      budgetMs: cfg.AI_BUDGET_MS,
      fallback: rules,
      onFallback: (event) => logger.warn('AI fell back to rules', { ...event }),
    });
  });
}

function planEngines(): { workspaces: DynamoWorkspaceStore; rules: AiEngine } {
  return built(planEngines, () => ({
    workspaces: new DynamoWorkspaceStore(stageTable),
    rules: new RuleBasedAiEngine(),
  }));
}

/**
 * The engine a workspace's plan pays for, read on every call (a downgrade applies at once): the configured one
 * when the plan includes AI-written replies, the rule engine otherwise — as the workflow's reply writer does.
 * `heldBack`: a model is configured but the plan kept it out.
 */
export async function aiEngineFor(workspaceId: string): Promise<{ engine: AiEngine; heldBack: boolean }> {
  const configured = aiEngine();
  const { workspaces, rules } = planEngines();
  if (hasFeature((await workspaces.getWorkspace(workspaceId))?.plan, 'aiReplies'))
    return { engine: configured, heldBack: false };
  return { engine: rules, heldBack: !(configured instanceof RuleBasedAiEngine) };
}
