import { Arn, ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  type IFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  entryLoaderFor,
  esbuildCliArgs,
  LAMBDA_ESBUILD_OPTIONS,
  lambdaEntry,
  lazyPackageCopyCommands,
  REQUIRE_BANNER,
} from './bundling';
import { NagSuppressions } from './nag';
import { REPO_ROOT } from './paths';
import { type StageConfig, stageEnvironment } from './stage-config';

/**
 * Lambda's own log lines: WARN keeps its warnings and errors (a timeout, a crash, an init failure) and drops the
 * START and REPORT lines it writes at INFO for every invocation, which were most of what a message's eleven
 * invocations sent to CloudWatch Logs (about 600 of 850 bytes each; issue 26's cost per 1,000 messages).
 * Duration, errors and throttles stay in the Lambda metrics, which do not come from these lines.
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html
 */
export const LAMBDA_SYSTEM_LOG_LEVEL = SystemLogLevel.WARN;

export interface FlowFunctionProps {
  /** Source file relative to the repo root, exporting `handler` (or `exportName`). */
  entry: string;
  exportName?: string;
  environment?: Record<string, string>;
  memoryMb?: number;
  timeoutSeconds?: number;
  /** Packages kept out of the bundle (e.g. @sparticuz/chromium, shipped in the image). */
  externalModules?: string[];
}

/**
 * The entry's loader reads the stage's provider secret at cold start (infra/cdk/bundling.ts): the functions that
 * name it, and only they, may read it.
 */
export function grantProviderSecret(fn: IFunction, secretName: string): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [
        Arn.format(
          {
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: `${secretName}-*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          },
          Stack.of(fn),
        ),
      ],
    }),
  );
}

/**
 * Every Node Lambda of the project: Node 24 on arm64, one minified ESM bundle per function (esbuild, tree-shaken,
 * AWS SDK clients bundled so versions are pinned), JSON logs into a log group with the stage's retention.
 */
export function flowFunction(
  scope: Construct,
  id: string,
  stage: StageConfig,
  props: FlowFunctionProps,
): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: stage.logRetention,
    removalPolicy: stage.removalPolicy,
  });
  const fn = new NodejsFunction(scope, id, {
    entry: lambdaEntry(
      props.entry,
      props.exportName ?? 'handler',
      entryLoaderFor(Object.keys(props.environment ?? {})),
    ),
    handler: props.exportName ?? 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: `${REPO_ROOT}/package-lock.json`,
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memoryMb ?? 256,
    timeout: Duration.seconds(props.timeoutSeconds ?? 10),
    tracing: Tracing.ACTIVE,
    loggingFormat: LoggingFormat.JSON,
    systemLogLevelV2: LAMBDA_SYSTEM_LOG_LEVEL,
    logGroup,
    environment: {
      ...stageEnvironment(stage),
      // Kept after measuring (npm run bench, "Source maps"; README): it costs the largest step bundle tens of ms of
      // cold import (≈ 15-50 % on a busy machine, a few ms on the webhook) and is the only setting whose traces name
      // the .ts file and line; keepNames alone costs less but leaves frames at bundle.mjs:322:91407.
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'flow-ia',
      ...props.environment,
    },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      minify: LAMBDA_ESBUILD_OPTIONS.minify,
      sourceMap: true,
      mainFields: LAMBDA_ESBUILD_OPTIONS.mainFields,
      externalModules: [...LAMBDA_ESBUILD_OPTIONS.external, ...(props.externalModules ?? [])],
      banner: REQUIRE_BANNER,
      esbuildArgs: esbuildCliArgs(),
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: lazyPackageCopyCommands,
      },
    },
  });
  NagSuppressions.addResourceSuppressions(
    fn,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Secrets Manager appends a random 6-character suffix to secret ARNs; <name>-* is the documented way to grant one named secret.',
        appliesTo: [
          { regex: '/^Resource::arn:<AWS::Partition>:secretsmanager:.*:secret:flow-ia\\/.*-\\*$/' },
        ],
      },
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'AWSLambdaBasicExecutionRole only allows writing this function’s own logs; everything else is granted per resource.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.',
        appliesTo: ['Resource::*'],
      },
    ],
    true,
  );
  return fn;
}
