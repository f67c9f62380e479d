import { DynamoAiResponseCache } from '../adapters/dynamo/ai-cache-store';
import { DynamoAiRateLimiter } from '../adapters/dynamo/ai-rate-limiter';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { OpenAiStructuredCompletion } from '../adapters/openai/openai-completion';
import { hasFeature } from '../domain/plans/features';
import { logger } from '../observability/logger';
import type { ModelCallOptions } from '../services/ai/model-call';
import { aiBudget } from './ai-budget';
import { built } from './container';

/**
 * The model of this container and what each call to it goes through (cache, rate limiter, the plan's budget):
 * OpenAI, or any OpenAI-compatible server at OPENAI_BASE_URL, when OPENAI_API_KEY is set; null otherwise (the
 * rules answer alone, offline, no network). Shared by the AI engine (ai.ts) and the conversation summarizer
 * (conversation-summary.ts), so both gate, cache, limit and log alike.
 */
export function aiModel(): ModelCallOptions | null {
  return built(aiModel, (cfg) => {
    if (!cfg.OPENAI_API_KEY) return null;
    return {
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
      onFallback: (event) => logger.warn('AI fell back to rules', { ...event }),
    };
  });
}

function workspacePlans(): DynamoWorkspaceStore {
  return built(workspacePlans, () => new DynamoWorkspaceStore(stageTable));
}

/** Whether the workspace's plan includes AI-written replies, read on every call (a downgrade applies at once). */
export async function planIncludesAi(workspaceId: string): Promise<boolean> {
  return hasFeature((await workspacePlans().getWorkspace(workspaceId))?.plan, 'aiReplies');
}
