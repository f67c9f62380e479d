import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { DefinitionBody, Pass, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { flowFunction } from '../../infra/cdk/lambda';
import { AwsSolutionsChecks } from '../../infra/cdk/nag';
import { type BuiltStacks, buildStacks } from '../../infra/cdk/stacks';
import { lambdaFunctionsIn, QUEUE_READER_HANDLERS } from '../../infra/cdk/stacks/monitoring-stack';
import { stageConfig } from '../../infra/cdk/stage-config';
import { nagFindings } from '../support/cdk-nag';

interface Synth {
  stacks: BuiltStacks;
  engine?: Stack;
  extra: IFunction[];
}

/**
 * Bundling skipped (infrastructure only). The "engine" stack stands in for the stacks other features add later:
 * a state machine and a function passed through the optional props, as the integrator will.
 */
function synth(stageName: string, withEngine: boolean): Synth {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  let engine: Stack | undefined;
  const extra: IFunction[] = [];
  let stateMachine: StateMachine | undefined;
  if (withEngine) {
    engine = new Stack(app, `Engine-${stageName}`);
    stateMachine = new StateMachine(engine, 'MessageProcessing', {
      definitionBody: DefinitionBody.fromChainable(new Pass(engine, 'Start')),
      stateMachineType: StateMachineType.EXPRESS,
    });
    extra.push(
      flowFunction(engine, 'WorkflowSend', stageConfig(stageName), { entry: 'functions/http/health.ts' }),
    );
  }
  const stacks = buildStacks(app, stageName, {
    alarmEmail: withEngine ? 'ops@example.test' : undefined,
    logExport: withEngine,
    ...(stateMachine ? { stateMachine } : {}),
    extraFunctions: extra,
  });
  Aspects.of(app).add(new AwsSolutionsChecks());
  app.synth();
  return { stacks, ...(engine ? { engine } : {}), extra };
}

/** Every function monitoring must watch: the API's, the other stacks' and those passed in. */
const watched = ({ stacks, extra }: Synth): IFunction[] => [
  ...lambdaFunctionsIn(stacks.api),
  ...stacks.members.functions.values(),
  ...stacks.pipeline.functions.values(),
  ...stacks.schedules.functions.values(),
  stacks.linkedin.processor,
  ...extra,
];

describe('Stack: MonitoringStack', () => {
  let plain: Synth;
  let full: Synth;
  beforeAll(() => {
    plain = synth('prod', false);
    full = synth('dev', true);
  }, 180_000);

  it('passes cdk-nag AwsSolutions with and without the optional parts', { timeout: 240_000 }, () => {
    for (const { stacks } of [plain, full])
      for (const stack of Object.values(stacks) as Stack[]) expect(nagFindings(stack)).toEqual([]);
  });

  it('sends every alarm to one KMS-encrypted, TLS-only SNS topic, with the optional email subscription', () => {
    const template = Template.fromStack(full.stacks.monitoring);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.test',
    });
    Template.fromStack(plain.stacks.monitoring).resourceCountIs('AWS::SNS::Subscription', 0);
    const topicRef = { Ref: expect.stringMatching(/^AlarmTopic/) };
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm')))
      expect(alarm.Properties.AlarmActions).toEqual([topicRef]);
  });

  it('alarms on each dead-letter queue holding a message', () => {
    const template = Template.fromStack(plain.stacks.monitoring);
    const dlqAlarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (alarm) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    expect(dlqAlarms).toHaveLength(2);
    for (const alarm of dlqAlarms) {
      expect(alarm.Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      expect(JSON.stringify(alarm.Properties.Dimensions)).toMatch(/Dlq/);
    }
  });

  it('alarms on errors and throttles of every function, including those of later stacks', () => {
    const functions = watched(full);
    expect(functions.length).toBeGreaterThan(3);
    const alarms = Object.values(
      Template.fromStack(full.stacks.monitoring).findResources('AWS::CloudWatch::Alarm'),
    );
    const byMetric = (name: string) =>
      alarms.filter((a) => a.Properties.MetricName === name && a.Properties.Namespace === 'AWS/Lambda');
    expect(byMetric('Errors')).toHaveLength(functions.length);
    expect(byMetric('Throttles')).toHaveLength(functions.length);
  });

  it('alarms on API 5xx and on failures of the workflow (the pipeline’s, or the one given)', () => {
    const plainTemplate = Template.fromStack(plain.stacks.monitoring);
    plainTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
    });
    const workflowAlarm = (template: Template) =>
      Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((a) =>
        JSON.stringify(a.Properties.Metrics ?? []).includes('ExecutionsFailed'),
      );
    expect(workflowAlarm(plainTemplate)).toHaveLength(1);
    expect(workflowAlarm(Template.fromStack(full.stacks.monitoring))).toHaveLength(1);
  });

  it('builds a dashboard with API, Lambda, queue, workflow and custom EMF widgets', () => {
    const dashboards = Template.fromStack(full.stacks.monitoring).findResources('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(Object.values(dashboards)[0]?.Properties.DashboardBody);
    for (const expected of [
      'AWS/ApiGateway',
      'AWS/Lambda',
      'AWS/SQS',
      'AWS/States',
      'FlowIA',
      'MessagesProcessed',
      'DmsSent',
      'AiCalls',
      'StepFailures',
    ])
      expect(body, expected).toContain(expected);
  });

  it('lets /health and /admin/status read queue depths and workflow executions', () => {
    const api = Template.fromStack(full.stacks.api);
    for (const handler of QUEUE_READER_HANDLERS) {
      const fn = full.stacks.api.functions.get(handler);
      expect(fn, handler).toBeDefined();
      const resource = api.toJSON().Resources[full.stacks.api.getLogicalId(fn?.node.defaultChild as never)];
      expect(Object.keys(resource.Properties.Environment.Variables)).toEqual(
        expect.arrayContaining(['INCOMING_DLQ_URL', 'LINKEDIN_DLQ_URL', 'INCOMING_QUEUE_URL']),
      );
    }
    api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:GetQueueAttributes' })]),
      },
    });
    api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'states:ListExecutions' })]),
      },
    });
  });

  it('gives every log group a retention, and every function its own log group', () => {
    for (const { stacks, engine } of [plain, full]) {
      for (const stack of [...(Object.values(stacks) as Stack[]), ...(engine ? [engine] : [])]) {
        const template = Template.fromStack(stack);
        for (const [id, group] of Object.entries(template.findResources('AWS::Logs::LogGroup')))
          expect(group.Properties?.RetentionInDays, `${stack.stackName}/${id}`).toEqual(expect.any(Number));
        for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
          if (!fn.Properties.Runtime) continue; // CDK's own singleton helpers (none expected here)
          expect(fn.Properties.LoggingConfig?.LogGroup, `${stack.stackName}/${id}`).toBeDefined();
        }
      }
    }
    const prodRetention = Object.values(
      Template.fromStack(plain.stacks.api).findResources('AWS::Logs::LogGroup'),
    )[0]?.Properties.RetentionInDays;
    const devRetention = Object.values(
      Template.fromStack(full.stacks.api).findResources('AWS::Logs::LogGroup'),
    )[0]?.Properties.RetentionInDays;
    expect(prodRetention).toBeGreaterThan(devRetention);
  });

  it('exports every function log group to S3 through Firehose only when logExport is on', () => {
    const functions = watched(full);
    const template = Template.fromStack(full.stacks.monitoring);
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', functions.length);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
    });
    const plainTemplate = Template.fromStack(plain.stacks.monitoring);
    plainTemplate.resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
    plainTemplate.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
  });
});
