/**
 * AWS and OpenAI list prices the bench turns its per-message counts into (US East (N. Virginia), on-demand, no
 * free tier, no savings plan). One place, with the date they were written down and where they come from: update
 * them here, never in the cost code.
 *
 * Written 2026-12-02. NOT re-read from the official pages in that session (the only source the bench session's
 * search found was a third-party copy of the Lambda table, which agrees); check each against its URL before
 * trusting a cost to the last digit.
 */
export const PRICES = {
  writtenOn: '2026-12-02',
  region: 'us-east-1',
  lambda: {
    source: 'https://aws.amazon.com/lambda/pricing/',
    /** arm64 (infra/cdk/lambda.ts builds every function for ARM_64), first pricing tier. */
    perGbSecondArm: 0.0000133334,
    perMillionRequests: 0.2,
  },
  stepFunctionsExpress: {
    source: 'https://aws.amazon.com/step-functions/pricing/',
    perMillionRequests: 1.0,
    /** First 1,000 GB-hours; memory is billed in 64 MB chunks. */
    perGbSecond: 0.00001667,
  },
  sqs: {
    source: 'https://aws.amazon.com/sqs/pricing/',
    /** Standard queue; every 64 KB chunk of a request is one request. */
    perMillionRequests: 0.4,
  },
  dynamodb: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    perMillionWriteUnits: 0.625,
    perMillionReadUnits: 0.125,
  },
  kms: {
    source: 'https://aws.amazon.com/kms/pricing/',
    perTenThousandRequests: 0.03,
  },
  cloudwatchLogs: {
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    /** Standard log class ingestion. */
    perGbIngested: 0.5,
  },
  openai: {
    source: 'https://platform.openai.com/docs/pricing',
    /** config.ts's default OPENAI_MODEL. */
    model: 'gpt-4o-mini',
    perMillionInputTokens: 0.15,
    perMillionOutputTokens: 0.6,
  },
} as const;
