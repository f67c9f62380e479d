import { Duration, IgnoreMode, Stack, type StackProps } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import {
  Architecture,
  DockerImageCode,
  DockerImageFunction,
  LoggingFormat,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { queueConsumers } from '../../queues';
import { environmentOf, grantNeeds } from '../grants';
import { flowFunction, LAMBDA_SYSTEM_LOG_LEVEL } from '../lambda';
import { NagSuppressions } from '../nag';
import { REPO_ROOT } from '../paths';
import { type StageConfig, stageEnvironment } from '../stage-config';
import type { DataStack } from './data-stack';

export interface LinkedInStackProps extends StackProps {
  data: DataStack;
  /** The stage's provider secret, for the functions that declare it. */
  providerSecretsName: string;
}

/** What the image build may see: the sources of the processor and the lock file, nothing else. */
const IMAGE_CONTEXT = [
  '**',
  '!package.json',
  '!package-lock.json',
  '!tsconfig.json',
  '!shared/**',
  '!functions/**',
  '!infra/linkedin-image/**',
  '!infra/cdk/**',
  '!infra/*.ts',
  '!infra/routes/**',
];

/** Browsers at once (2 is the smallest maximum concurrency SQS event sources accept). */
export const LINKEDIN_MAX_CONCURRENCY = (stage: StageConfig) => (stage.isProd ? 5 : 2);

/**
 * The LinkedIn browser worker: a container-image Lambda (Chromium does not fit a zip) consuming the
 * browserLinkedIn queue one message at a time, with partial batch failures so only a job that must be retried
 * comes back. Concurrency stays small: every execution is a real browser hitting LinkedIn, and the per-account
 * lease serialises work per account anyway. A scheduled sweep re-queues deferred jobs when due.
 */
export class LinkedInStack extends Stack {
  readonly processor: DockerImageFunction;

  constructor(scope: Construct, id: string, stage: StageConfig, props: LinkedInStackProps) {
    super(scope, id, props);
    const { data } = props;
    const targets = { stage, data, providerSecretsName: props.providerSecretsName };
    const { browserLinkedIn: worker, linkedInResume } = queueConsumers;

    const logGroup = new LogGroup(this, 'BrowserLinkedInLogs', {
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    this.processor = new DockerImageFunction(this, 'BrowserLinkedIn', {
      description: 'LinkedIn automation in headless Chromium (browserLinkedIn queue)',
      code: DockerImageCode.fromImageAsset(REPO_ROOT, {
        file: 'infra/linkedin-image/Dockerfile',
        platform: Platform.LINUX_AMD64,
        exclude: IMAGE_CONTEXT,
        ignoreMode: IgnoreMode.DOCKER,
      }),
      // @sparticuz/chromium ships an x64 build only.
      architecture: Architecture.X86_64,
      memorySize: 2048,
      // Below the queue's 6-minute visibility timeout, so a running job is never delivered twice.
      timeout: Duration.minutes(5),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      systemLogLevelV2: LAMBDA_SYSTEM_LOG_LEVEL,
      logGroup,
      environment: {
        ...stageEnvironment(stage),
        POWERTOOLS_SERVICE_NAME: 'flow-ia',
        ...environmentOf(worker.needs, targets),
      },
    });
    // The image's entry loads the provider secret first, like every other Lambda (infra/linkedin-image/bundle.ts),
    // when the worker's declaration names it.
    grantNeeds(this.processor, worker.needs, targets);
    this.processor.addEventSource(
      // The event source's maximum concurrency caps the browsers, not reserved concurrency: reserving fails on new
      // accounts whose concurrency quota is 10 (Lambda keeps 10 unreserved), and a throttled function makes SQS
      // count failed receives that push jobs into the DLQ, while the poller holds back at maxConcurrency instead
      // (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html#events-sqs-max-concurrency).
      new SqsEventSource(data.browserLinkedIn, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: LINKEDIN_MAX_CONCURRENCY(stage),
      }),
    );

    const resume = flowFunction(this, 'LinkedInResume', stage, {
      entry: linkedInResume.handler,
      environment: environmentOf(linkedInResume.needs, targets),
      timeoutSeconds: 60,
    });
    grantNeeds(resume, linkedInResume.needs, targets);
    new Rule(this, 'LinkedInResumeSchedule', {
      description: 'Re-queue deferred LinkedIn jobs (working hours, daily limits) once they are due',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(resume)],
    });

    NagSuppressions.addResourceSuppressions(
      this.processor,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'AWSLambdaBasicExecutionRole only allows writing this function’s own logs; everything else is granted per resource.',
          appliesTo: [
            'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
          ],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions; DynamoDB grants include the table’s own GSIs (<table>/index/*).',
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(
      resume,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'DynamoDB grants include the table’s own GSIs (<table>/index/*).',
        },
      ],
      true,
    );
  }
}
