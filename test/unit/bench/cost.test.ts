import { describe, expect, it } from 'vitest';
import { PRICES } from '../../bench/aws-prices';
import {
  billedGbSeconds,
  costPerThousand,
  growth,
  messageUsage,
  percentiles,
  pipelineCeiling,
  ratio,
} from '../../bench/cost';

const nothing = {
  lambdaInvocations: 0,
  lambdaGbSeconds: 0,
  stepFunctionsExpressRequests: 0,
  stepFunctionsGbSeconds: 0,
  sqsRequests: 0,
  pipesRequests: 0,
  dynamoWriteUnits: 0,
  dynamoReadUnits: 0,
  kmsRequests: 0,
  logBytes: 0,
  openAiInputTokens: 0,
  openAiOutputTokens: 0,
};

describe('Function: ratio', () => {
  it('says a latency three times its floor meets a ≤ 3× target and one above does not', () => {
    // Act
    const met = ratio(30, 10, 'lower-is-better', 3);
    const missed = ratio(31, 10, 'lower-is-better', 3);

    // Assess
    expect(met).toMatchObject({ ratio: 3, met: true, target: '≤ 3× floor' });
    expect(missed).toMatchObject({ ratio: 3.1, met: false });
  });

  it('reads a rate as the share of its ceiling', () => {
    // Act
    const result = ratio(50, 100, 'higher-is-better', 0.6);

    // Assess
    expect(result).toMatchObject({ ratio: 0.5, met: false, target: '≥ 60 % of ceiling' });
  });
});

describe('Function: pipelineCeiling', () => {
  it('shares the store time between the writes and the reads one message costs', () => {
    // Act: 6 writes at 600 puts/s (0.01 s) + 4 reads at 400 gets/s (0.01 s) = 0.02 s a message.
    const ceiling = pipelineCeiling(600, 400, 6, 4);

    // Assess
    expect(ceiling).toBeCloseTo(50, 6);
  });
});

describe('Function: costPerThousand', () => {
  it('prices each service from the one price file, per 1,000 messages', () => {
    // Prepare
    const usage = { ...nothing, dynamoWriteUnits: 6, dynamoReadUnits: 4, kmsRequests: 1, sqsRequests: 2 };

    // Act
    const cost = costPerThousand(usage);

    // Assess
    const dynamo =
      1000 * (6 * PRICES.dynamodb.perMillionWriteUnits + 4 * PRICES.dynamodb.perMillionReadUnits) * 1e-6;
    expect(cost.byService.dynamodb).toBeCloseTo(dynamo, 6);
    expect(cost.byService.kms).toBeCloseTo(1000 * (PRICES.kms.perTenThousandRequests / 1e4), 6);
    expect(cost.byService.sqs).toBeCloseTo(1000 * 2 * (PRICES.sqs.perMillionRequests / 1e6), 6);
    expect(cost.withoutAi).toBeCloseTo(
      cost.byService.dynamodb! + cost.byService.kms! + cost.byService.sqs!,
      6,
    );
    expect(cost.withOpenAi).toBe(cost.withoutAi);
  });

  it('adds OpenAI at the configured model price only to the with-AI figure', () => {
    // Act
    const cost = costPerThousand({ ...nothing, openAiInputTokens: 1000, openAiOutputTokens: 100 });

    // Assess
    expect(cost.withoutAi).toBe(0);
    expect(cost.withOpenAi).toBeCloseTo(
      1000 * (1000 * PRICES.openai.perMillionInputTokens + 100 * PRICES.openai.perMillionOutputTokens) * 1e-6,
      6,
    );
    expect(cost.met).toBe(true);
  });
});

describe('Function: costPerThousand (Lambda, Step Functions, Pipes, Logs)', () => {
  it('prices invocations, GB-seconds, pipe requests and ingested log bytes', () => {
    // Prepare
    const usage = {
      ...nothing,
      lambdaInvocations: 10,
      lambdaGbSeconds: 0.5,
      stepFunctionsExpressRequests: 0.1,
      stepFunctionsGbSeconds: 0.01,
      pipesRequests: 0.1,
      logBytes: 1024 ** 3 / 1e6,
    };

    // Act
    const cost = costPerThousand(usage);

    // Assess
    expect(cost.byService.lambda).toBeCloseTo(
      1000 * (10 * (PRICES.lambda.perMillionRequests / 1e6) + 0.5 * PRICES.lambda.perGbSecondArm),
      6,
    );
    expect(cost.byService.stepFunctions).toBeCloseTo(
      1000 *
        (0.1 * (PRICES.stepFunctionsExpress.perMillionRequests / 1e6) +
          0.01 * PRICES.stepFunctionsExpress.perGbSecond),
      6,
    );
    expect(cost.byService.eventBridgePipes).toBeCloseTo(1000 * 0.1 * 0.4e-6, 9);
    expect(cost.byService.logs).toBeCloseTo((1000 / 1e6) * PRICES.cloudwatchLogs.perGbIngested, 6);
  });
});

describe('Function: billedGbSeconds', () => {
  it('rounds the duration up to the billing granularity and the memory up to its chunk', () => {
    // Act
    const lambda = billedGbSeconds(12.3, 256, 1);
    const express = billedGbSeconds(130, 50, 100, 64);
    const instant = billedGbSeconds(0, 1024, 1);

    // Assess
    expect(lambda).toBeCloseTo((13 / 1000) * 0.25, 12);
    expect(express).toBeCloseTo((200 / 1000) * (64 / 1024), 12);
    expect(instant).toBeCloseTo(0.001, 12);
  });
});

describe('Function: growth', () => {
  it('divides each round by the first, so a flat series reads about 1', () => {
    // Act
    const flat = growth([8.6, 8.76, 8.5]);
    const linear = growth([2, 20, 200]);

    // Assess
    expect(flat).toEqual([1, 1.02, 0.99]);
    expect(linear).toEqual([1, 10, 100]);
    expect(growth([])).toEqual([]);
  });
});

describe('Function: messageUsage', () => {
  const measured = {
    webhook: { ms: 12, memoryMb: 256 },
    steps: [
      { invocationsPerMessage: 1, meanMs: 40, memoryMb: 256 },
      { invocationsPerMessage: 1.5, meanMs: 20, memoryMb: 512 },
    ],
    reportBatch: { ms: 5, memoryMb: 256 },
    queueSends: 1,
    dynamoWriteUnits: 26,
    dynamoReadUnits: 16.5,
    kmsRequests: 0.1,
    logBytes: 2800,
    platformLogBytesPerInvocation: 0,
  };

  it('charges a message its own execution when each message starts one', () => {
    // Act
    const usage = messageUsage(measured, 1);

    // Assess: the webhook, 2.5 step invocations and ReportBatch; the send, the receive and the delete.
    expect(usage.lambdaInvocations).toBe(4.5);
    expect(usage.stepFunctionsExpressRequests).toBe(1);
    expect(usage.pipesRequests).toBe(1);
    expect(usage.sqsRequests).toBe(3);
    expect(usage.dynamoWriteUnits).toBe(26);
    expect(usage.logBytes).toBe(2800);
  });

  it('shares what is per execution across a full batch, and nothing else', () => {
    // Act
    const alone = messageUsage(measured, 1);
    const batched = messageUsage(measured, 1 / 10);

    // Assess: Step Functions, the Pipe, SQS receive/delete and ReportBatch a tenth each; steps and DynamoDB the same.
    expect(batched.stepFunctionsExpressRequests).toBeCloseTo(0.1, 9);
    expect(batched.stepFunctionsGbSeconds).toBeCloseTo(alone.stepFunctionsGbSeconds / 10, 9);
    expect(batched.pipesRequests).toBeCloseTo(0.1, 9);
    expect(batched.sqsRequests).toBeCloseTo(1.2, 9);
    expect(batched.lambdaInvocations).toBeCloseTo(3.6, 9);
    const reportBatchGbSeconds = billedGbSeconds(5, 256, PRICES.lambda.billedMsGranularity);
    expect(alone.lambdaGbSeconds - batched.lambdaGbSeconds).toBeCloseTo(0.9 * reportBatchGbSeconds, 9);
    expect(batched.dynamoWriteUnits).toBe(alone.dynamoWriteUnits);
    expect(batched.dynamoReadUnits).toBe(alone.dynamoReadUnits);
    expect(costPerThousand(batched).withoutAi).toBeLessThan(costPerThousand(alone).withoutAi);
  });

  it('bills each step at its own memory and an execution for the path through the steps', () => {
    // Act
    const usage = messageUsage(measured, 1);

    // Assess
    const ms = PRICES.lambda.billedMsGranularity;
    expect(usage.lambdaGbSeconds).toBeCloseTo(
      billedGbSeconds(12, 256, ms) +
        billedGbSeconds(40, 256, ms) +
        1.5 * billedGbSeconds(20, 512, ms) +
        billedGbSeconds(5, 256, ms),
      9,
    );
    const express = PRICES.stepFunctionsExpress;
    expect(usage.stepFunctionsGbSeconds).toBeCloseTo(
      billedGbSeconds(
        40 + 1.5 * 20 + 5,
        express.memoryChunkMb,
        express.billedMsGranularity,
        express.memoryChunkMb,
      ),
      9,
    );
  });
});

describe('Function: percentiles', () => {
  it('takes the middle sample whatever their order, so one slow import moves nothing', () => {
    // Act & Assess
    expect(percentiles([61.2, 40.04, 39.96, 250, 40.3]).p50Ms).toBe(40.3);
    expect(percentiles([3, 1, 2]).p50Ms).toBe(2);
  });
});
