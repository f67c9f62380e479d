import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  Alarm,
  type AlarmProps,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { DeliveryStream, S3Bucket, StreamEncryption } from 'aws-cdk-lib/aws-kinesisfirehose';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricName } from '../../../shared/observability/metric-names';
import { FunctionWatch } from '../function-alarms';
import { NagSuppressions } from '../nag';
import type { StageConfig } from '../stage-config';
import type { ApiStack } from './api-stack';
import type { DataStack } from './data-stack';

export interface MonitoringStackProps extends StackProps {
  data: DataStack;
  api: ApiStack;
  /** The message-processing workflow (the engine stack), when it exists: failure alarms and widgets. */
  stateMachine?: IStateMachine;
  /**
   * Functions of the stacks that do not own their watch (workflow tasks, schedules, the LinkedIn container): alarmed
   * here. The route and webhook stacks alarm their own functions with the same FunctionWatch, on this topic.
   */
  extraFunctions?: IFunction[];
  /** Context `logExport=true`: every function's logs also go to S3 through Firehose (for a SIEM or Athena). */
  logExport?: boolean;
  /** Dead-letter queues of other stacks (the schedules' failed runs): an alarm on the first message each holds. */
  deadLetterQueues?: Array<[string, IQueue]>;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Dashboard, alarm topic and alarms of one stage: the HTTP API, the gateway stack's functions and those passed in,
 * the data stack's queues and their DLQs, the workflow and the business metrics. The dashboard finds every Lambda of
 * the stage by SEARCH on the stage's stack-name prefix, so it names no function of another stack (and holds no
 * cross-stack reference that would pin a handler to its stack). Alarms go to one KMS-encrypted SNS topic;
 * `-c alarmEmail=…` subscribes an address.
 */
export class MonitoringStack extends Stack {
  readonly alarmTopic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  /** With `-c logExport=true`: the Firehose stream every function's log group subscribes to. */
  readonly logStream: DeliveryStream | undefined;

  constructor(scope: Construct, id: string, stage: StageConfig, props: MonitoringStackProps) {
    super(scope, id, props);
    this.alarmTopic = this.createAlarmTopic(stage);
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `flow-ia-${stage.stage}` });

    this.logStream = props.logExport ? this.createLogStream(stage) : undefined;
    const functions = [...lambdaFunctionsIn(props.api), ...(props.extraFunctions ?? [])];
    const queues: Array<[string, Queue]> = [
      ['incomingMessages', props.data.incomingMessages],
      ['browserLinkedIn', props.data.browserLinkedIn],
    ];

    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Flow IA ${stage.stage}\nAPI, functions, queues, workflow and business metrics (EMF namespace \`${METRICS_NAMESPACE}\`). Alarms go to the SNS topic \`flow-ia-alarms-${stage.stage}\`.`,
        width: 24,
        height: 2,
      }),
    );
    this.watchApi(props.api);
    this.watchFunctions(functions);
    this.showFunctions(stage);
    this.watchQueues(queues);
    for (const [name, dlq] of props.deadLetterQueues ?? []) this.watchDeadLetters(name, dlq);
    this.watchWorkflow(props.stateMachine);
    this.showBusinessMetrics();

    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboardName });
  }

  private createAlarmTopic(stage: StageConfig): Topic {
    const key = new Key(this, 'AlarmTopicKey', {
      description: `Flow IA ${stage.stage}: encrypts the alarm notifications topic`,
      enableKeyRotation: true,
      removalPolicy: stage.removalPolicy,
    });
    // CloudWatch publishes to the encrypted topic, so it must be able to use the key.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new Topic(this, 'AlarmTopic', {
      topicName: `flow-ia-alarms-${stage.stage}`,
      masterKey: key,
      enforceSSL: true,
    });
    if (stage.alarmEmail) topic.addSubscription(new EmailSubscription(stage.alarmEmail));
    return topic;
  }

  private alarm(id: string, props: AlarmProps): Alarm {
    const alarm = new Alarm(this, id, { treatMissingData: TreatMissingData.NOT_BREACHING, ...props });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    alarm.addOkAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
    return alarm;
  }

  private watchApi(api: ApiStack): void {
    const server = api.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const client = api.api.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum' });
    this.alarm('Api5xxAlarm', {
      alarmDescription: 'The HTTP API answered 5xx (server errors) at least 5 times in 5 minutes.',
      metric: server,
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'API 4xx / 5xx', left: [client, server], width: 8 }),
      new GraphWidget({
        title: 'API latency (p50 / p90 / p99, ms)',
        left: ['p50', 'p90', 'p99'].map((statistic) =>
          api.api.metricLatency({ period: FIVE_MINUTES, statistic, label: statistic }),
        ),
        width: 8,
      }),
      new GraphWidget({
        title: 'API requests',
        left: [api.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' })],
        width: 8,
      }),
    );
  }

  private watchFunctions(functions: IFunction[]): void {
    for (const fn of functions) {
      const id = fn.node.path.replace(/[^A-Za-z0-9]/g, '');
      const watch = new FunctionWatch(this, `${id}Watch`, fn, {
        alarmTopic: this.alarmTopic,
        logStream: this.logStream,
      });
      this.alarms.push(...watch.alarms);
    }
  }

  /**
   * Every Lambda of the stage, found by SEARCH: CloudFormation names a function `<stack name>-<id>-<suffix>` and
   * every stack of the stage is named `FlowIa-<stage>-…`, so the partial terms match them all, whichever stack a
   * handler lives in (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html).
   */
  private showFunctions(stage: StageConfig): void {
    const lambdas = (metric: string, statistic: string, label: string) =>
      new MathExpression({
        expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="${metric}" FlowIa ${stage.stage}', '${statistic}', 300)`,
        label,
        period: FIVE_MINUTES,
      });
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Lambda errors', left: [lambdas('Errors', 'Sum', 'errors')], width: 8 }),
      new GraphWidget({
        title: 'Lambda throttles',
        left: [lambdas('Throttles', 'Sum', 'throttles')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Lambda duration p90 (ms)',
        left: [lambdas('Duration', 'p90', 'p90')],
        width: 8,
      }),
    );
  }

  private watchQueues(queues: Array<[string, Queue]>): void {
    const depth: IMetric[] = [];
    const age: IMetric[] = [];
    const deadLetters: IMetric[] = [];
    for (const [name, queue] of queues) {
      // Alarms take the plain metric (a labelled one renders as a metric-math alarm); graphs get the label.
      const perMinute = { period: Duration.minutes(1), statistic: 'Maximum' };
      const oldest = queue.metricApproximateAgeOfOldestMessage(perMinute);
      depth.push(queue.metricApproximateNumberOfMessagesVisible({ ...perMinute, label: name }));
      age.push(oldest.with({ label: name }));
      this.alarm(`${upper(name)}AgeAlarm`, {
        alarmDescription: `${name}: the oldest message waited more than 15 minutes (consumer stuck or too slow).`,
        metric: oldest,
        threshold: 15 * 60,
        evaluationPeriods: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
      const dlq = queue.deadLetterQueue?.queue;
      if (!dlq) continue;
      const dlqVisible = dlq.metricApproximateNumberOfMessagesVisible(perMinute);
      deadLetters.push(dlqVisible.with({ label: `${name} DLQ` }));
      this.alarm(`${upper(name)}DlqAlarm`, {
        alarmDescription: `${name}: messages reached the dead-letter queue (see docs/troubleshooting.md, DLQ redrive).`,
        metric: dlqVisible,
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Queue depth (visible)', left: depth, width: 8 }),
      new GraphWidget({ title: 'Age of oldest message (s)', left: age, width: 8 }),
      new SingleValueWidget({ title: 'Dead-letter queues', metrics: deadLetters, width: 8 }),
    );
  }

  private watchDeadLetters(name: string, dlq: IQueue): void {
    this.alarm(`${upper(name)}DlqAlarm`, {
      alarmDescription: `${name}: messages reached the dead-letter queue (see docs/troubleshooting.md, DLQ redrive).`,
      metric: dlq.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }

  private watchWorkflow(stateMachine: IStateMachine | undefined): void {
    if (!stateMachine) {
      this.dashboard.addWidgets(
        new TextWidget({
          markdown: '**Workflow**: no state machine in this deployment yet.',
          width: 24,
          height: 1,
        }),
      );
      return;
    }
    const failed = stateMachine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' });
    const timedOut = stateMachine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' });
    this.alarm('WorkflowFailuresAlarm', {
      alarmDescription: 'The message-processing workflow had failed or timed-out executions.',
      metric: new MathExpression({
        expression: 'failed + timedOut',
        usingMetrics: { failed, timedOut },
        period: FIVE_MINUTES,
        label: 'failed + timed out',
      }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Workflow executions',
        left: [
          stateMachine.metricSucceeded({ period: FIVE_MINUTES, statistic: 'Sum' }),
          failed,
          timedOut,
          stateMachine.metricThrottled({ period: FIVE_MINUTES, statistic: 'Sum' }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Workflow duration p90 (ms)',
        left: [stateMachine.metricTime({ period: FIVE_MINUTES, statistic: 'p90' })],
        width: 12,
      }),
    );
  }

  /** The EMF metrics the functions write (shared/observability/metric-names.ts). */
  private showBusinessMetrics(): void {
    const custom = (name: MetricName) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: METRICS_SERVICE },
        period: FIVE_MINUTES,
        statistic: 'Sum',
      });
    // Metrics written with extra dimensions (Step, Provider) are found by SEARCH, whatever the values.
    const search = (name: MetricName, label: string) =>
      new MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE}} MetricName="${name}"', 'Sum', 300)`,
        label,
        period: FIVE_MINUTES,
      });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Messages, DMs, failures and follow-ups',
        left: [
          MetricName.MessagesProcessed,
          MetricName.DmsSent,
          MetricName.MessagesFailed,
          MetricName.FollowUpsSent,
        ].map(custom),
        width: 12,
      }),
      new GraphWidget({
        title: 'Step failures (by step)',
        left: [search(MetricName.StepFailures, 'step failures')],
        width: 12,
      }),
    );
  }

  /**
   * Optional log export: one Firehose stream into an encrypted, private S3 bucket; each function's FunctionWatch
   * subscribes its log group. Off by default (CloudWatch Logs with per-stage retention is the baseline).
   */
  private createLogStream(stage: StageConfig): DeliveryStream {
    const bucket = new Bucket(this, 'LogExportBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      removalPolicy: stage.removalPolicy,
      autoDeleteObjects: false,
      lifecycleRules: [{ expiration: Duration.days(stage.isProd ? 365 : 30) }],
    });
    NagSuppressions.addResourceSuppressions(bucket, [
      {
        id: 'AwsSolutions-S1',
        reason: 'The bucket only receives log exports from Firehose; access to it is audited by CloudTrail.',
      },
    ]);
    const stream = new DeliveryStream(this, 'LogExportStream', {
      destination: new S3Bucket(bucket, { dataOutputPrefix: `logs/${stage.stage}/` }),
      encryption: StreamEncryption.awsOwnedKey(),
    });
    NagSuppressions.addResourceSuppressions(
      this,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Firehose writes objects under the export bucket (bucket/*) and CloudWatch Logs puts records on the one stream; the wildcards are object keys, not resources of other kinds.',
        },
      ],
      true,
    );
    return stream;
  }
}

/** Every Lambda function defined under a construct (the API's handlers, its authorizer, the $default 404). */
export function lambdaFunctionsIn(scope: Construct): LambdaFunction[] {
  return scope.node.findAll().filter((child): child is LambdaFunction => child instanceof LambdaFunction);
}

function upper(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
