import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from '../domain/messages/incoming-message';
import { lambdaEntry } from '../entry/entry';
import { addLogKeys, logger } from '../observability/logger';
import { countStepFailure } from '../observability/metrics';
import type { DoneMarker, TraceEntry, TraceStore } from '../services/engine/ports';
import type { WorkflowState } from '../services/engine/workflow-state';

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
  /** True when the execution ends after this step (Complete; LogInteraction for an already processed message). */
  endsExecution?(result: R, input: I): boolean;
  /**
   * The done marker the step's result carries (Complete): written in the same UpdateItem as the execution's trace,
   * so that write is part of the step's work, and a failure of it fails the step (retried, then redelivered).
   */
  marksDone?(result: R): DoneMarker | undefined;
}

/**
 * Where a step's trace entry rides in its result until the execution's trace is written: the ASL stores each
 * result under its own ResultPath, so every later step finds the earlier entries in its input.
 */
export const TRACE_FIELD = '_trace';

const MAX_PREVIEW = 80;

/** The short, secret-free summary of the message a trace carries once for all its steps (the console shows it). */
export function summarizeMessage(message: IncomingMessage): Record<string, unknown> {
  return {
    platform: message.platform,
    kind: message.kind,
    source: message.source,
    actionable: message.actionable,
    textPreview: message.text.slice(0, MAX_PREVIEW),
  };
}

/** What the earlier steps had decided when a step ran: the per-step part of its trace entry's input. */
export function summarizeState(state: Partial<WorkflowState> | undefined): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  if (state?.plan)
    summary.plan = `${state.plan.plan} ${state.plan.dmSentToday}/${state.plan.dmLimitPerDay ?? '∞'}`;
  if (state?.match) summary.scenario = state.match.scenario?.name ?? null;
  if (state?.decision) summary.decision = state.decision.action;
  if (state?.send) summary.send = state.send.status;
  if (state?.sendError) summary.sendError = state.sendError.Error;
  return summary;
}

/**
 * The one wrapper around every workflow step handler (given the trace store its composition built): correlation id in the logs, the step's trace entry (step,
 * input summary, decision and reason, duration, error — redacted), and the EMF failure metric per step.
 * Trace entries are written once per execution rather than once per step: a step that succeeds carries its entry
 * in its result (TRACE_FIELD); the step that ends the execution, or one that fails, writes every entry the state
 * carries plus its own in one write. A retried or redelivered step records each attempt, and writing an attempt
 * again changes nothing. A trace that cannot be written never fails the step, except the one that also marks the
 * message done (`marksDone`: Complete's one write), whose failure fails it.
 */
export function workflowStep<I, R>(step: StepDefinition<I, R>, traces: TraceStore) {
  return lambdaEntry((input: I) => runStep(step, traces, input), {
    logKeys: () => ({ workflow_step: step.name }),
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The entries earlier steps of this execution left in the state (the first step's result is the state itself). */
export function carriedTrace(input: unknown, dedupeKey: string): TraceEntry[] {
  if (!isRecord(input)) return [];
  const candidates = [
    input[TRACE_FIELD],
    ...Object.values(input).map((v) => (isRecord(v) ? v[TRACE_FIELD] : null)),
  ];
  const seen = new Set<string>();
  const entries: TraceEntry[] = [];
  for (const candidate of candidates) {
    if (!isRecord(candidate) || typeof candidate.attemptId !== 'string') continue;
    const entry = candidate as unknown as TraceEntry;
    if (entry.dedupeKey !== dedupeKey || seen.has(entry.attemptId)) continue;
    seen.add(entry.attemptId);
    entries.push(entry);
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

async function runStep<I, R>(step: StepDefinition<I, R>, traces: TraceStore, input: I): Promise<R> {
  const started = Date.now();
  // 48 random bits tell the attempts of one step of one message apart; it names an attribute of the trace item.
  const attemptId = randomBytes(6).toString('hex');
  const early = step.messageOf?.(input, undefined) ?? (input as { message?: IncomingMessage }).message;
  if (early) addLogKeys({ correlation_id: early.correlationId, dedupe_key: early.dedupeKey });
  let result: R | undefined;
  let failure: Error | undefined;
  try {
    result = await step.run(input);
  } catch (error) {
    failure = error as Error;
    // Under the name and dimension the dashboard searches (MetricName.StepFailures, `Step`).
    countStepFailure(step.name);
  }
  const durationMs = Date.now() - started;
  const message = step.messageOf?.(input, result) ?? early;
  const outcome = result !== undefined && step.outcome ? step.outcome(result, input) : {};
  let retryCount: number | undefined;
  if (message) {
    const entry: TraceEntry = {
      workspaceId: message.workspaceId,
      dedupeKey: message.dedupeKey,
      correlationId: message.correlationId,
      step: step.name,
      attemptId,
      at: new Date(started).toISOString(),
      durationMs,
      message: summarizeMessage(message),
      input: summarizeState(input as Partial<WorkflowState>),
      decision: outcome.decision ?? null,
      reason: outcome.reason ?? null,
      error: failure ? { name: failure.name, message: failure.message } : null,
    };
    const ends = result !== undefined && (step.endsExecution?.(result, input) ?? false);
    const done = result !== undefined ? step.marksDone?.(result) : undefined;
    if (!failure && !ends && !done && isRecord(result))
      (result as Record<string, unknown>)[TRACE_FIELD] = entry;
    else
      try {
        retryCount = await traces.record([...carriedTrace(input, message.dedupeKey), entry], done);
      } catch (traceError) {
        if (!done) logger.warn('trace entry not written', { error: traceError as Error });
        else {
          // The message is not done: the step fails, so its retry (or the redelivery) writes the marker.
          failure = traceError as Error;
          countStepFailure(step.name);
        }
      }
  }
  // The marker rides only on the trace's write: a step that marks done without a message is a programming error.
  if (!message && !failure && result !== undefined && step.marksDone?.(result))
    failure = new Error(`${step.name} marks a message done but has none`);
  const log = failure ? logger.warn.bind(logger) : logger.info.bind(logger);
  log('workflow step', {
    durationMs,
    retryCount,
    decision: outcome.decision,
    reason: outcome.reason,
    ...(failure ? { error: { name: failure.name, message: failure.message } } : {}),
  });
  if (failure) throw failure;
  return result as R;
}
