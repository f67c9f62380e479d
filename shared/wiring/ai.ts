import type { AiEngine } from '../services/ai/ports';
import { RuleBasedAiEngine } from '../services/ai/rule-engine';

let engine: AiEngine | undefined;

/** The AI engine of this container. */
export function aiEngine(): AiEngine {
  engine ??= new RuleBasedAiEngine();
  return engine;
}

export function resetAiEngine(): void {
  engine = undefined;
}
