import { detectPhone } from '../../domain/leads/phone';
import { scoreLead } from '../../domain/leads/scoring';
import type { AiEngine, ReplyInput } from './ports';

/**
 * What the pipeline would do with a sample message: the reply the engine writes, the phone it detects and the
 * interest score it gives (first interaction). Lets the scenario editor try wording without a real prospect.
 */
export async function previewReply(engine: AiEngine, input: ReplyInput) {
  const phone = detectPhone(input.text);
  const [result, scored] = [
    await engine.generateReply(input),
    scoreLead({ text: input.text, interactionCount: 1, phone, prospectClass: null, kind: input.kind }),
  ];
  return {
    reply: result.value,
    source: result.source,
    promptVersion: result.promptVersion,
    fallbackReason: result.fallbackReason ?? null,
    phone,
    score: scored.score,
    scoreFactors: scored.factors,
  };
}
