import type { Decision, StepDecision } from '../../domain/decisions/decide';
import { leadIdOf } from '../../domain/leads/lead';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import { variantOf } from '../../domain/scenarios/ab-test';
import { type ScenarioStep, stepKeySuffix } from '../../domain/scenarios/actions';
import { PermanentSendError, RetryableSendError, SendInProgressError } from './errors';
import type { Sender } from './sender';
import {
  idempotencyKeyOf,
  type MatchedScenario,
  type SendOutcome,
  type StepSendOutcome,
  type WrittenReply,
} from './workflow-state';

/** The steps a decision sends now: its own list, or (a decision from before lists) its one outgoing action. */
export function sendingSteps(decision: Decision): StepDecision[] {
  if (decision.steps) return decision.steps.filter((step) => step.send);
  if (!decision.send || !decision.outgoing) return [];
  return [
    {
      index: 0,
      action: decision.outgoing,
      send: true,
      consumesQuota: decision.consumesQuota,
      followUpAt: null,
      reason: decision.reason,
    },
  ];
}

/** The send-record key of one action of a scenario (the first action of a kind keeps `<dedupeKey>#<action>`). */
export const stepIdempotencyKey = (dedupeKey: string, actions: ScenarioStep[], index: number) =>
  idempotencyKeyOf(
    dedupeKey,
    stepKeySuffix(
      actions.map((step) => step.action),
      index,
    ),
  );

/**
 * Sends every action a scenario's decision sends now, in order, each through the Sender under its own key: each
 * is sent exactly once on its own, so a retry after the public reply went sends only the DM, and a refused
 * public reply does not stop the DM. The workflow's retry rules stay the Sender's: an action that may succeed
 * later (throttled, in progress elsewhere) makes the whole step retry once the others were tried (the ones that
 * went answer "already sent"); the step fails permanently only when every action did.
 */
export class ScenarioActionsSender {
  constructor(private readonly sender: Pick<Sender, 'send'>) {}

  async send(request: {
    message: IncomingMessage;
    scenario: MatchedScenario;
    decision: Decision;
    reply: WrittenReply;
  }): Promise<SendOutcome> {
    const { message, scenario, decision, reply } = request;
    const outcomes: StepSendOutcome[] = [];
    let retryLater: Error | undefined;
    let refused: PermanentSendError | undefined;
    const lead = leadIdOf(message.workspaceId, message.platform, message.author.platformUserId);
    const variantId = variantOf(scenario, lead)?.id ?? null;
    for (const step of sendingSteps(decision)) {
      const action = scenario.actions[step.index];
      const words = reply.steps?.find((w) => w.index === step.index)?.text ?? reply.text;
      const key = stepIdempotencyKey(message.dedupeKey, scenario.actions, step.index);
      try {
        const outcome = await this.sender.send({
          message,
          action: step.action,
          text: words,
          ...(action ? { content: action } : {}),
          consumesQuota: step.consumesQuota,
          scenarioId: scenario.id,
          variantId,
          idempotencyKey: key,
        });
        outcomes.push({
          index: step.index,
          action: step.action,
          status: outcome.status,
          idempotencyKey: key,
          providerMessageId: outcome.providerMessageId,
          explanation: outcome.explanation,
        });
      } catch (error) {
        if (error instanceof PermanentSendError) {
          refused ??= error;
          outcomes.push({
            index: step.index,
            action: step.action,
            status: 'failed',
            idempotencyKey: key,
            providerMessageId: null,
            explanation: error.message,
          });
        } else if (error instanceof RetryableSendError || error instanceof SendInProgressError) {
          retryLater ??= error;
        } else throw error;
      }
    }
    if (retryLater) throw retryLater;
    if (refused && outcomes.every((outcome) => outcome.status === 'failed')) throw refused;
    // The interaction shows the first action that went (a refused public reply does not hide the DM sent).
    const first = outcomes.find((outcome) => outcome.status !== 'failed') ?? outcomes[0];
    if (!first) throw new Error('Send needs a decision that sends something');
    return {
      status: first.status,
      idempotencyKey: first.idempotencyKey,
      providerMessageId: first.providerMessageId,
      explanation: first.explanation,
      steps: outcomes,
    };
  }
}
