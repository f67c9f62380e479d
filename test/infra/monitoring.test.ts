import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { DefinitionBody, Pass, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { flowFunction } from '../../infra/cdk/lambda';
import { type BuiltStacks, routeStacksOf, stacksOf } from '../../infra/cdk/stacks';
import { lambdaFunctionsIn } from '../../infra/cdk/stacks/monitoring-stack';
import { stageConfig } from '../../infra/cdk/stage-config';
import { routes } from '../../infra/routes';
import { METRICS_NAMESPACE, MetricName } from '../../shared/observability/metric-names';
import { nagFindings, synthStage, TEST_STAGE_URLS } from '../support/cdk';

interface Synth {
  stacks: BuiltStacks;
  engine?: Stack;
  extra: IFunction[];
}

/** Templates of every stack that holds alarms or log subscriptions: monitoring, the route and webhook stacks. */
const watchingTemplates = ({ stacks }: Synth): Template[] =>
  [stacks.monitoring, ...routeStacksOf(stacks), stacks.webhooks].map((stack) => Template.fromStack(stack));
const resourcesOf = (synth: Synth, type: string) =>
  watchingTemplates(synth).flatMap((template) => Object.values(template.findResources(type)));

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
      flowFunction(engine, 'WorkflowSend', stageConfig(stageName, TEST_STAGE_URLS), {
        entry: 'functions/http/health.ts',
      }),
    );
  }
  const stacks = synthStage(
    stageName,
    {
      alarmEmail: withEngine ? 'ops@example.test' : undefined,
      logExport: withEngine,
      ...(stateMachine ? { stateMachine } : {}),
      extraFunctions: extra,
    },
    app,
  );
  return { stacks, ...(engine ? { engine } : {}), extra };
}

/** Every function that must be watched: the HTTP ones (API, routes, webhooks), the other stacks' and those passed in. */
const watched = ({ stacks, extra }: Synth): IFunction[] => [
  ...lambdaFunctionsIn(stacks.api),
  ...routeStacksOf(stacks).flatMap((stack) => [...stack.functions.values()]),
  ...stacks.webhooks.functions.values(),
  ...stacks.pipeline.functions.values(),
  ...stacks.internal.functions.values(),
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
  }, 600_000);

  it('passes cdk-nag AwsSolutions with and without the optional parts', () => {
    expect([...nagFindings(plain.stacks), ...nagFindings(full.stacks)]).toEqual([]);
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
    // The route and webhook stacks' alarms go to the same topic, imported from the monitoring stack.
    for (const stack of [...routeStacksOf(full.stacks), full.stacks.webhooks])
      for (const alarm of Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')))
        expect(JSON.stringify(alarm.Properties.AlarmActions), stack.stackName).toMatch(
          /Fn::ImportValue.*AlarmTopic/,
        );
  });

  it('alarms on each dead-letter queue holding a message, the schedules’ one included', () => {
    const template = Template.fromStack(plain.stacks.monitoring);
    const dlqAlarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (alarm) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    expect(dlqAlarms).toHaveLength(3);
    expect(JSON.stringify(dlqAlarms)).toMatch(/ScheduleDeadLetters/);
    for (const alarm of dlqAlarms) {
      expect(alarm.Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      expect(JSON.stringify(alarm.Properties.Dimensions)).toMatch(/Dlq|DeadLetters/);
    }
  });

  it('alarms on errors and throttles of every function, including those of later stacks', () => {
    const functions = watched(full);
    expect(functions.length).toBeGreaterThan(3);
    const alarms = resourcesOf(full, 'AWS::CloudWatch::Alarm');
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
      'StepFailures',
    ])
      expect(body, expected).toContain(expected);
  });

  it('names in its dashboard and alarms only metrics the code emits (shared/observability/metric-names.ts)', () => {
    // Prepare: every custom metric named anywhere: dashboard metric arrays, SEARCH expressions, alarms.
    const emitted = new Set<string>(Object.values(MetricName));
    const named: string[] = [];
    for (const synthesized of [plain, full]) {
      const templates = watchingTemplates(synthesized);
      for (const template of templates) {
        // The dashboard body is JSON inside JSON: drop the escapes, then read `["FlowIA","Name"` and SEARCHes.
        const text = JSON.stringify(template.toJSON()).replace(/\\/g, '');
        for (const match of text.matchAll(/\["FlowIA","(\w+)"/g)) named.push(match[1] as string);
        for (const match of text.matchAll(/\{FlowIA\} MetricName="(\w+)"/g)) named.push(match[1] as string);
      }
      for (const alarm of resourcesOf(synthesized, 'AWS::CloudWatch::Alarm')) {
        const metrics: Record<string, unknown>[] = [
          alarm.Properties,
          ...(alarm.Properties.Metrics ?? []).map(
            (m: { MetricStat?: { Metric?: Record<string, unknown> } }) => m.MetricStat?.Metric ?? {},
          ),
        ];
        for (const metric of metrics)
          if (metric.Namespace === METRICS_NAMESPACE) named.push(String(metric.MetricName));
      }
    }
    // Act
    const unknown = named.filter((name) => !emitted.has(name));
    // Assess: the dashboard does name custom metrics (the parse works), and none outside the list.
    expect(named).toEqual(expect.arrayContaining([MetricName.MessagesProcessed, MetricName.StepFailures]));
    expect(unknown).toEqual([]);
  });

  it('lets /health and /admin/status read queue depths and workflow executions', () => {
    const readers = (resource: 'queueStats' | 'workflowFailures') => [
      ...new Set(
        routes.filter((route) => route.needs.reads?.includes(resource)).map((route) => route.handler),
      ),
    ];
    expect(readers('queueStats').sort()).toEqual([
      'functions/http/admin/status.ts',
      'functions/http/health.ts',
    ]);
    expect(readers('workflowFailures')).toEqual(['functions/http/admin/status.ts']);
    for (const handler of readers('queueStats')) {
      const owner = routeStacksOf(full.stacks).find((routes) => routes.functions.has(handler));
      if (!owner) throw new Error(`no route stack holds ${handler}`);
      const template = Template.fromStack(owner);
      const fn = owner.functions.get(handler);
      const resource = template.toJSON().Resources[owner.getLogicalId(fn?.node.defaultChild as never)];
      expect(Object.keys(resource.Properties.Environment.Variables), handler).toEqual(
        expect.arrayContaining(['INCOMING_DLQ_URL', 'LINKEDIN_DLQ_URL', 'INCOMING_QUEUE_URL']),
      );
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:GetQueueAttributes' })]),
        },
      });
    }
    const status = routeStacksOf(full.stacks).find((routes) =>
      routes.functions.has('functions/http/admin/status.ts'),
    );
    if (!status) throw new Error('no route stack holds the status handler');
    Template.fromStack(status).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'states:ListExecutions' })]),
      },
    });
  });

  it('gives every log group a retention, and every function its own log group and JSON logs without START/REPORT lines', () => {
    for (const { stacks, engine } of [plain, full]) {
      for (const stack of [...stacksOf(stacks), ...(engine ? [engine] : [])]) {
        const template = Template.fromStack(stack);
        for (const [id, group] of Object.entries(template.findResources('AWS::Logs::LogGroup')))
          expect(group.Properties?.RetentionInDays, `${stack.stackName}/${id}`).toEqual(expect.any(Number));
        for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
          if (!fn.Properties.Runtime) continue; // CDK's own singleton helpers (none expected here)
          expect(fn.Properties.LoggingConfig?.LogGroup, `${stack.stackName}/${id}`).toBeDefined();
          expect(fn.Properties.LoggingConfig, `${stack.stackName}/${id}`).toMatchObject({
            LogFormat: 'JSON',
            SystemLogLevel: 'WARN',
          });
        }
      }
    }
    const prodRetention = Object.values(
      Template.fromStack(plain.stacks.routes.core!).findResources('AWS::Logs::LogGroup'),
    )[0]?.Properties.RetentionInDays;
    const devRetention = Object.values(
      Template.fromStack(full.stacks.routes.core!).findResources('AWS::Logs::LogGroup'),
    )[0]?.Properties.RetentionInDays;
    expect(prodRetention).toBeGreaterThan(devRetention);
  });

  it('exports every function log group to S3 through Firehose only when logExport is on', () => {
    const functions = watched(full);
    const template = Template.fromStack(full.stacks.monitoring);
    expect(resourcesOf(full, 'AWS::Logs::SubscriptionFilter')).toHaveLength(functions.length);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
    });
    const plainTemplate = Template.fromStack(plain.stacks.monitoring);
    expect(resourcesOf(plain, 'AWS::Logs::SubscriptionFilter')).toHaveLength(0);
    plainTemplate.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
  });
});
