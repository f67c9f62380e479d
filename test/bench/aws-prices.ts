/**
 * AWS and OpenAI list prices the bench turns its per-message counts into (US East (N. Virginia), on-demand, no
 * free tier, no savings plan). One place, with the date each was read and where: update them here, never in the
 * cost code. `checked` says how far each figure was verified in the session that wrote it (2026-12-02, through
 * the stored-pages search, not a live browser):
 * - 'official': the figure itself was read on an AWS-owned page (the pricing page or an AWS blog post) cited here;
 * - 'third-party': the official page was found but its excerpt did not show the figure, which was read on the
 *   third-party copy cited in `seenOn`;
 * - 'unverified': no page showing the figure was found; it is the commonly published list price.
 * Check every 'third-party' and 'unverified' figure against its `source` before trusting a cost to the last digit.
 */
export const PRICES = {
  writtenOn: '2026-12-02',
  region: 'us-east-1',
  lambda: {
    source: 'https://aws.amazon.com/lambda/pricing/',
    checked: 'third-party',
    seenOn:
      'git.mcrn.ar lambda_local_runner docs/lambdas-md/lambda-13-cost.md; cloudchipr.com/blog/aws-lambda-pricing (both: arm $0.0000133334/GB-s first tier, $0.20/1M requests)',
    /** arm64 (infra/cdk/lambda.ts builds every function for ARM_64), first pricing tier (7.5 billion GB-s). */
    perGbSecondArm: 0.0000133334,
    perMillionRequests: 0.2,
    /** Duration is billed per 1 ms. */
    billedMsGranularity: 1,
  },
  stepFunctionsExpress: {
    source: 'https://aws.amazon.com/step-functions/pricing/',
    checked: 'official',
    seenOn:
      'aws.amazon.com/blogs/compute/building-cost-effective-aws-step-functions-workflows/ ($1.00 per million Express invocations); the pricing page (web.archive.org copy, 2020): duration rounded up to 100 ms, memory billed in 64 MB chunks. The GB-s rate ($0.00001667, first 1,000 GB-hours) only on wring.co/blog/aws-step-functions-pricing-guide',
    perMillionRequests: 1.0,
    perGbSecond: 0.00001667,
    billedMsGranularity: 100,
    memoryChunkMb: 64,
  },
  sqs: {
    source: 'https://aws.amazon.com/sqs/pricing/',
    checked: 'unverified',
    seenOn:
      'no page with the current figure found (older copies say $0.50/1M); $0.40/1M is the standard-queue list price after the free tier. Every 64 KB chunk of a request is one request (AWS SQS docs, quoted on github.com/optionalg/aws-certified-developer-associate-exam-tips)',
    perMillionRequests: 0.4,
  },
  eventBridgePipes: {
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    checked: 'unverified',
    seenOn:
      'the official page was found (each 64 KB chunk of a payload billed as one event) but its excerpt did not show the Pipes rate; $0.40 per million requests (after filtering) is its published list price',
    perMillionRequests: 0.4,
  },
  dynamodb: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: 'third-party',
    seenOn:
      'airbyte.com/data-engineering-resources/dynamodb-pricing (WRU $0.625/1M, RRU $0.125/1M, after the on-demand price cut AWS announced in the News Blog post updated 2025-01-31)',
    perMillionWriteUnits: 0.625,
    perMillionReadUnits: 0.125,
  },
  kms: {
    source: 'https://aws.amazon.com/kms/pricing/',
    checked: 'third-party',
    seenOn: 'gist.github.com/dasgoll/b88d5be05dcc0deb052ad40446c2fb40 ($0.03 per 10,000 requests)',
    perTenThousandRequests: 0.03,
  },
  cloudwatchLogs: {
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: 'unverified',
    seenOn:
      'no page showing the Logs ingestion rate was found; $0.50 per GB is the Standard class list price',
    /** Standard log class ingestion (Lambda logs and EMF metric lines alike). */
    perGbIngested: 0.5,
  },
  openai: {
    source: 'https://platform.openai.com/docs/pricing',
    checked: 'third-party',
    seenOn:
      'vercel.com/ai-gateway/models/gpt-4o-mini ($0.15/1M input); github.com/kunishou/GenerativeAI-Cost and docs.rs openai-models ($0.15 input, $0.60 output per 1M)',
    /** config.ts's default OPENAI_MODEL. */
    model: 'gpt-4o-mini',
    perMillionInputTokens: 0.15,
    perMillionOutputTokens: 0.6,
  },
} as const;
