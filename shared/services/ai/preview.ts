import { detectPhone } from '../../domain/leads/phone';
import { scoreLead } from '../../domain/leads/scoring';
import type { AiEngine, ReplyInput } from './ports';

/**
 * What the pipeline would do with a sample message: the reply the engine writes, the phone it detects and the
 * interest score it gives (first interaction). Lets the scenario editor try wording without a real prospect.
 * `engine` is the one the workspace's plan pays for (see aiEngineFor): the rule engine on a plan without
 * AI-written replies, exactly as the workflow answers (fallbackReason 'not_in_plan' when a model is configured).
 */
export async function previewReply(engine: { engine: AiEngine; heldBack: boolean }, input: ReplyInput) {
  const phone = detectPhone(input.text);
  const [result, scored] = [
    await engine.engine.generateReply(input),
    scoreLead({ text: input.text, interactionCount: 1, phone, prospectClass: null, kind: input.kind }),
  ];
  return {
    reply: result.value,
    source: result.source,
    promptVersion: result.promptVersion,
    fallbackReason: result.fallbackReason ?? (engine.heldBack ? 'not_in_plan' : null),
    phone,
    handover: result.handover === true,
    score: scored.score,
    scoreFactors: scored.factors,
  };
}
