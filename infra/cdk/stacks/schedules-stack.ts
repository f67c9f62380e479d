import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { mergeNeeds } from '../../resource-needs';
import { type ScheduleDefinition, schedules } from '../../schedules';
import { functionId } from '../function-id';
import { environmentOf, grantNeeds } from '../grants';
import { flowFunction } from '../lambda';
import { NagSuppressions } from '../nag';
import type { StageConfig } from '../stage-config';
import type { DataStack } from './data-stack';

export interface SchedulesStackProps extends StackProps {
  data: DataStack;
  /** The stage's provider secret, for the jobs that declare it. */
  providerSecretsName: string;
  schedules?: ScheduleDefinition[];
}

/**
 * The schedule manifest (infra/schedules.ts) in AWS: one Lambda per handler module (entries sharing a handler,
 * like collect-tiktok and collect-youtube, share a function) and one EventBridge Scheduler schedule per entry,
 * passing the entry's input as the event. Failed deliveries (after 2 retries within an hour) and failed runs
 * (async invoke, not retried: the next tick is the retry) land in one encrypted DLQ kept 14 days.
 */
export class SchedulesStack extends Stack {
  readonly functions = new Map<string, NodejsFunction>();
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, stage: StageConfig, props: SchedulesStackProps) {
    super(scope, id, props);
    const { data } = props;
    const list = props.schedules ?? schedules;
    this.deadLetters = new Queue(this, 'ScheduleDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: stage.removalPolicy,
    });
    NagSuppressions.addResourceSuppressions(this.deadLetters, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the schedules.' },
    ]);
    const targets = { stage, data, providerSecretsName: props.providerSecretsName };

    for (const entry of list) {
      let fn = this.functions.get(entry.handler);
      if (!fn) {
        const sharing = list.filter((e) => e.handler === entry.handler);
        // Entries sharing a handler share its function: it needs what any of them declares.
        const needs = mergeNeeds(sharing.map((e) => e.needs));
        fn = flowFunction(this, functionId(entry.handler), stage, {
          entry: entry.handler,
          environment: environmentOf(needs, targets),
          timeoutSeconds: Math.max(...sharing.map((e) => e.timeoutSeconds ?? 60)),
          memoryMb: Math.max(...sharing.map((e) => e.memoryMb ?? 256)),
        });
        grantNeeds(fn, needs, targets);
        fn.configureAsyncInvoke({ retryAttempts: 0, onFailure: new SqsDestination(this.deadLetters) });
        this.functions.set(entry.handler, fn);
      }
      new Schedule(this, `Schedule${pascal(entry.name)}`, {
        description: entry.description,
        schedule: ScheduleExpression.rate(Duration.minutes(entry.everyMinutes)),
        target: new LambdaInvoke(fn, {
          input: ScheduleTargetInput.fromObject(entry.input ?? {}),
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.deadLetters,
        }),
      });
    }

    NagSuppressions.addStackSuppressions(this, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'DynamoDB grants include the table’s own GSIs (<table>/index/*); KMS GenerateDataKey*/ReEncrypt* are action wildcards on the one vault key; the scheduler role may invoke the function’s versions (<function>:*).',
      },
    ]);
  }
}

const pascal = (name: string) =>
  name
    .split(/[^A-Za-z0-9]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
