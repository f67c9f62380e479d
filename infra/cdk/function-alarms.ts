import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { FirehoseDestination } from 'aws-cdk-lib/aws-logs-destinations';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

const FIVE_MINUTES = Duration.minutes(5);

/** Where a stack's functions report: the stage's alarm topic and, with `-c logExport=true`, the log stream. */
export interface FunctionWatchTargets {
  alarmTopic: ITopic;
  logStream?: IDeliveryStream | undefined;
}

/**
 * Errors and throttles alarms for one function, and its log export when on, created beside the function in the
 * stack that owns it. A handler moved to another stack takes its alarms along: no other stack refers to it, so no
 * cross-stack export pins it where it was.
 */
export class FunctionWatch extends Construct {
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, fn: IFunction, targets: FunctionWatchTargets) {
    super(scope, id);
    const action = new SnsAction(targets.alarmTopic);
    const alarm = (name: string, description: string, metric: ReturnType<IFunction['metricErrors']>) => {
      const created = new Alarm(this, name, {
        alarmDescription: `${fn.node.path}: ${description}`,
        metric,
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      return created;
    };
    this.alarms = [
      alarm(
        'Errors',
        'the function threw (errors > 0 in 5 minutes).',
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      ),
      alarm(
        'Throttles',
        'invocations were throttled (concurrency limit).',
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
      ),
    ];
    const logGroup = fn instanceof LambdaFunction ? fn.logGroup : undefined;
    if (targets.logStream && logGroup)
      new SubscriptionFilter(this, 'LogExport', {
        logGroup,
        destination: new FirehoseDestination(targets.logStream),
        filterPattern: FilterPattern.allEvents(),
      });
  }
}
