import { PRICES } from './aws-prices';

/** How far a figure is from its floor, the way the bench prints it. */
export interface Ratio {
  figure: number;
  floor: number;
  /** figure / floor (for latencies: how many times slower than the floor; for rates: the share of the ceiling). */
  ratio: number;
  target: string;
  met: boolean;
}

/** `kind` says which way is better: a latency or import time is better low, a rate is better high. */
export function ratio(
  figure: number,
  floor: number,
  kind: 'lower-is-better' | 'higher-is-better',
  limit: number,
): Ratio {
  const value = floor > 0 ? figure / floor : Number.POSITIVE_INFINITY;
  const rounded = Math.round(value * 100) / 100;
  return kind === 'lower-is-better'
    ? { figure, floor, ratio: rounded, target: `≤ ${limit}× floor`, met: value <= limit }
    : { figure, floor, ratio: rounded, target: `≥ ${limit * 100} % of ceiling`, met: value >= limit };
}

/** Each figure over the first one (rounded to 0.01): how a per-message or per-page time grows with the data. */
export function growth(figures: number[]): number[] {
  const first = figures[0];
  if (first === undefined) return [];
  return figures.map((figure) =>
    first > 0 ? Math.round((figure / first) * 100) / 100 : Number.POSITIVE_INFINITY,
  );
}

/** p50/p90/p99/max of latencies in ms (nearest rank), rounded to 0.1 ms: every timed section's, one import of a
 * bundle as much as one request. */
export function percentiles(samples: number[]) {
  const sorted = samples.toSorted((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    count: sorted.length,
    p50Ms: round(at(50)),
    p90Ms: round(at(90)),
    p99Ms: round(at(99)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
}

/**
 * The pipeline's ceiling in messages/s: the store's own puts/s and gets/s (measured with the same client) shared
 * by the writes and reads one message costs. A message that costs w writes and r reads takes w/puts + r/gets s.
 */
export function pipelineCeiling(putsPerSecond: number, getsPerSecond: number, writes: number, reads: number) {
  const seconds = (writes > 0 ? writes / putsPerSecond : 0) + (reads > 0 ? reads / getsPerSecond : 0);
  return seconds > 0 ? 1 / seconds : Number.POSITIVE_INFINITY;
}

/** What one processed message uses, as the bench counts it (averages per message). */
export interface PerMessageUsage {
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  stepFunctionsExpressRequests: number;
  stepFunctionsGbSeconds: number;
  sqsRequests: number;
  pipesRequests: number;
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  kmsRequests: number;
  logBytes: number;
  openAiInputTokens: number;
  openAiOutputTokens: number;
}

/** What the pipeline section measured for one message, apart from how many messages share an execution. */
export interface MeasuredMessage {
  /** The webhook Lambda's duration (its ack latency, an upper bound) and memory. */
  webhook: { ms: number; memoryMb: number };
  /** Each workflow step's invocations per message, mean duration and memory. */
  steps: ReadonlyArray<{ invocationsPerMessage: number; meanMs: number; memoryMb: number }>;
  /** The batch report Lambda, once per execution. */
  reportBatch: { ms: number; memoryMb: number };
  queueSends: number;
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  kmsRequests: number;
  /** What the handlers logged for the message. */
  logBytes: number;
  /** Lambda's own log lines per invocation at the deployed system log level. */
  platformLogBytesPerInvocation: number;
}

/**
 * What one message uses when it takes `executions` workflow executions: 1 when each message starts its own (a
 * quiet account), 1 / the Pipe's batch size when every execution carries a full batch. An execution runs its
 * batch's items side by side (the ASL Map), so it lasts about one message's path through the steps; Step
 * Functions, the Pipe, SQS's receive and delete and ReportBatch are per execution, the rest per message.
 */
export function messageUsage(message: MeasuredMessage, executions: number, prices = PRICES): PerMessageUsage {
  const lambdaMs = prices.lambda.billedMsGranularity;
  const express = prices.stepFunctionsExpress;
  const stepInvocations = message.steps.reduce((sum, s) => sum + s.invocationsPerMessage, 0);
  const lambdaInvocations = 1 + stepInvocations + executions;
  const executionMs =
    message.steps.reduce((sum, s) => sum + s.invocationsPerMessage * s.meanMs, 0) + message.reportBatch.ms;
  return {
    lambdaInvocations,
    lambdaGbSeconds:
      billedGbSeconds(message.webhook.ms, message.webhook.memoryMb, lambdaMs) +
      message.steps.reduce(
        (sum, s) => sum + s.invocationsPerMessage * billedGbSeconds(s.meanMs, s.memoryMb, lambdaMs),
        0,
      ) +
      executions * billedGbSeconds(message.reportBatch.ms, message.reportBatch.memoryMb, lambdaMs),
    stepFunctionsExpressRequests: executions,
    stepFunctionsGbSeconds:
      executions *
      billedGbSeconds(executionMs, express.memoryChunkMb, express.billedMsGranularity, express.memoryChunkMb),
    // The webhook's send, then the Pipe's receive and delete of each batch.
    sqsRequests: message.queueSends + 2 * executions,
    pipesRequests: executions,
    dynamoWriteUnits: message.dynamoWriteUnits,
    dynamoReadUnits: message.dynamoReadUnits,
    kmsRequests: message.kmsRequests,
    logBytes: message.logBytes + lambdaInvocations * message.platformLogBytesPerInvocation,
    openAiInputTokens: 0,
    openAiOutputTokens: 0,
  };
}

/** US dollars per 1,000 messages, without AI (and without Chromium) and with OpenAI at its list price. */
export function costPerThousand(usage: PerMessageUsage, prices = PRICES) {
  const perMessage = {
    lambda:
      usage.lambdaInvocations * (prices.lambda.perMillionRequests / 1e6) +
      usage.lambdaGbSeconds * prices.lambda.perGbSecondArm,
    stepFunctions:
      usage.stepFunctionsExpressRequests * (prices.stepFunctionsExpress.perMillionRequests / 1e6) +
      usage.stepFunctionsGbSeconds * prices.stepFunctionsExpress.perGbSecond,
    sqs: usage.sqsRequests * (prices.sqs.perMillionRequests / 1e6),
    eventBridgePipes: usage.pipesRequests * (prices.eventBridgePipes.perMillionRequests / 1e6),
    dynamodb:
      usage.dynamoWriteUnits * (prices.dynamodb.perMillionWriteUnits / 1e6) +
      usage.dynamoReadUnits * (prices.dynamodb.perMillionReadUnits / 1e6),
    kms: usage.kmsRequests * (prices.kms.perTenThousandRequests / 1e4),
    logs: (usage.logBytes / 1024 ** 3) * prices.cloudwatchLogs.perGbIngested,
  };
  const openAi =
    usage.openAiInputTokens * (prices.openai.perMillionInputTokens / 1e6) +
    usage.openAiOutputTokens * (prices.openai.perMillionOutputTokens / 1e6);
  const withoutAi = Object.values(perMessage).reduce((sum, value) => sum + value, 0);
  const round = (value: number) => Math.round(value * 1000 * 1e6) / 1e6;
  return {
    byService: Object.fromEntries(Object.entries(perMessage).map(([name, value]) => [name, round(value)])),
    withoutAi: round(withoutAi),
    withOpenAi: round(withoutAi + openAi),
    target: 0.012,
    met: withoutAi * 1000 <= 0.012,
    pricesWrittenOn: prices.writtenOn,
    openAiModel: prices.openai.model,
  };
}

/** GB-seconds one invocation is billed: duration rounded up to the granularity, times the memory in GB. */
export function billedGbSeconds(durationMs: number, memoryMb: number, granularityMs: number, chunkMb = 1) {
  const billedMs = Math.max(granularityMs, Math.ceil(durationMs / granularityMs) * granularityMs);
  const billedMb = Math.ceil(memoryMb / chunkMb) * chunkMb;
  return (billedMs / 1000) * (billedMb / 1024);
}
