import type { Context } from 'aws-lambda';
import type { IncomingMessage } from '../domain/messages/incoming-message';
import { addLogKeys, logger, withLogKeys } from '../observability/logger';
import { countStepFailure, flushingMetrics } from '../observability/metrics';
import type { WorkflowState } from '../services/engine/workflow-state';
import { traceStore } from '../wiring/trace';

export interface StepOutcome {
  decision?: string | null;
  reason?: string | null;
}

export interface StepDefinition<I, R> {
  /** The ASL state name: the trace, the logs and the failure metric use it. */
  name: string;
  run(input: I): Promise<R>;
  /** Where the message is, when it is not `input.message` (the first step parses it from the queue body). */
  messageOf?(input: I, result: R | undefined): IncomingMessage | undefined;
  /** The decision and its reason, for the trace. */
  outcome?(result: R, input: I): StepOutcome;
}

const MAX_PREVIEW = 80;

/** The short, secret-free input summary a trace entry carries (the developer console shows it). */
export function summarize(state: Partial<WorkflowState> | undefined): Record<string, unknown> {
  const message = state?.message;
  const summary: Record<string, unknown> = {};
  if (message) {
    summary.platform = message.platform;
    summary.kind = message.kind;
    summary.source = message.source;
    summary.actionable = message.actionable;
    summary.textPreview = message.text.slice(0, MAX_PREVIEW);
  }
  if (state?.plan)
    summary.plan = `${state.plan.plan} ${state.plan.dmSentToday}/${state.plan.dmLimitPerDay ?? '∞'}`;
  if (state?.match) summary.scenario = state.match.scenario?.name ?? null;
  if (state?.decision) summary.decision = state.decision.action;
  if (state?.send) summary.send = state.send.status;
  if (state?.sendError) summary.sendError = state.sendError.Error;
  return summary;
}

/**
 * The one wrapper around every workflow step handler: correlation id in the logs, a trace entry per attempt in
 * DynamoDB (step, input summary, decision and reason, duration, retry count, error — redacted), and the EMF
 * failure metric per step. A trace that cannot be written never fails the step.
 */
export function workflowStep<I, R>(step: StepDefinition<I, R>) {
  return flushingMetrics(
    (input: I, _context?: Context): Promise<R> =>
      withLogKeys({ workflow_step: step.name }, () => runStep(step, input)),
  );
}

async function runStep<I, R>(step: StepDefinition<I, R>, input: I): Promise<R> {
  const started = Date.now();
  const early = step.messageOf?.(input, undefined) ?? (input as { message?: IncomingMessage }).message;
  if (early) addLogKeys({ correlation_id: early.correlationId, dedupe_key: early.dedupeKey });
  let result: R | undefined;
  let failure: Error | undefined;
  try {
    result = await step.run(input);
    return result;
  } catch (error) {
    failure = error as Error;
    // Under the name and dimension the dashboard searches (MetricName.StepFailures, `Step`).
    countStepFailure(step.name);
    throw error;
  } finally {
    const durationMs = Date.now() - started;
    const message = step.messageOf?.(input, result) ?? early;
    const outcome = result !== undefined && step.outcome ? step.outcome(result, input) : {};
    let retryCount: number | undefined;
    if (message) {
      try {
        retryCount = await traceStore().record({
          workspaceId: message.workspaceId,
          dedupeKey: message.dedupeKey,
          correlationId: message.correlationId,
          step: step.name,
          at: new Date(started).toISOString(),
          durationMs,
          input: summarize({ ...(input as Partial<WorkflowState>), message }),
          decision: outcome.decision ?? null,
          reason: outcome.reason ?? null,
          error: failure ? { name: failure.name, message: failure.message } : null,
        });
      } catch (traceError) {
        logger.warn('trace entry not written', { error: traceError as Error });
      }
    }
    const log = failure ? logger.warn.bind(logger) : logger.info.bind(logger);
    log('workflow step', {
      durationMs,
      retryCount,
      decision: outcome.decision,
      reason: outcome.reason,
      ...(failure ? { error: { name: failure.name, message: failure.message } } : {}),
    });
  }
}
