import { DynamoAiResponseCache } from '../adapters/dynamo/ai-cache-store';
import { DynamoAiRateLimiter } from '../adapters/dynamo/ai-rate-limiter';
import { OpenAiStructuredCompletion } from '../adapters/openai/openai-completion';
import { config } from '../config';
import { logger } from '../observability/logger';
import { LlmAiEngine } from '../services/ai/llm-engine';
import type { AiEngine } from '../services/ai/ports';
import { RuleBasedAiEngine } from '../services/ai/rule-engine';

let engine: AiEngine | undefined;

/**
 * The AI engine of this container: OpenAI (or any OpenAI-compatible server at OPENAI_BASE_URL) with the rule
 * engine as fallback when OPENAI_API_KEY is set; the rule engine alone otherwise (offline, no network).
 */
export function aiEngine(): AiEngine {
  engine ??= build();
  return engine;
}

function build(): AiEngine {
  const cfg = config();
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
    cache: new DynamoAiResponseCache(cfg.AI_CACHE_TTL_SECONDS),
    limiter: new DynamoAiRateLimiter({
      perWorkspace: cfg.AI_RATE_LIMIT_WORKSPACE_PER_MINUTE,
      global: cfg.AI_RATE_LIMIT_GLOBAL_PER_MINUTE,
      windowSeconds: 60,
    }),
    budgetMs: cfg.AI_BUDGET_MS,
    fallback: rules,
    onFallback: (event) => logger.warn('AI fell back to rules', { ...event }),
  });
}

export function resetAiEngine(): void {
  engine = undefined;
}
