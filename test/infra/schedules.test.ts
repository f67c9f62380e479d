import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuiltStacks } from '../../infra/cdk/stacks';
import { schedules } from '../../infra/schedules';
import { nagFindings, synthStage } from '../support/cdk';

describe('Stack: SchedulesStack', () => {
  let built: BuiltStacks;
  let template: Template;
  beforeAll(() => {
    built = synthStage('dev');
    template = Template.fromStack(built.schedules);
  }, 600_000);

  it('creates one EventBridge Scheduler schedule per manifest entry, with its rate, input, retries and DLQ', () => {
    const found = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(found).toHaveLength(schedules.length);
    for (const entry of schedules) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: ScheduleExpression.rate(Duration.minutes(entry.everyMinutes)).expressionString,
        Description: entry.description,
        Target: Match.objectLike({
          Input: JSON.stringify(entry.input ?? {}),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      });
    }
  });

  it('creates one Node 24 function per schedule handler, with failed runs sent to the DLQ', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Runtime,
    );
    expect(functions).toHaveLength(new Set(schedules.map((s) => s.handler)).size);
    for (const fn of functions) expect(fn.Properties.Runtime).toBe('nodejs24.x');
    template.resourcePropertiesCountIs(
      'AWS::Lambda::EventInvokeConfig',
      { MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: Match.anyValue() } } },
      functions.length,
    );
  });

  it('grants the functions only the table, the vault key, sending to incomingMessages and reading the provider secret', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const actions = new Set(
      policies.flatMap((p) =>
        p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) =>
          [s.Action].flat(),
        ),
      ),
    );
    for (const action of actions)
      expect(action).toMatch(/^(dynamodb|kms|sqs|xray|lambda|secretsmanager:GetSecretValue$)/);
    expect([...actions].filter((a) => a.startsWith('sqs:'))).not.toContain('sqs:ReceiveMessage');
  });

  it('gives the LinkedIn queue URL and send permission exactly to the handlers whose entries declare it', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Runtime,
    );
    const declared = new Set(
      schedules.filter((s) => s.needs.sendsTo?.includes('browserLinkedIn')).map((s) => s.handler),
    );
    // Refreshing or warning about a LinkedIn session builds the LinkedIn provider, which enqueues browser jobs.
    expect([...declared].sort()).toEqual([
      'functions/schedules/collect-interactions.ts',
      'functions/schedules/follow-ups.ts',
      'functions/schedules/refresh-tokens.ts',
      'functions/schedules/warn-expiring-tokens.ts',
    ]);
    const withQueue = functions.filter((f) =>
      Object.keys(f.Properties.Environment?.Variables ?? {}).includes('LINKEDIN_QUEUE_URL'),
    );
    expect(withQueue).toHaveLength(declared.size);
    const sendPolicies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('BrowserLinkedIn'),
    );
    expect(sendPolicies).toHaveLength(declared.size);
  });

  it("sends outbound webhooks every minute, with a timeout above the run's attempts and the vault key to open secrets", () => {
    // Prepare
    const entry = schedules.find((s) => s.name === 'webhook-deliveries');

    // Assess
    expect(entry).toMatchObject({ handler: 'functions/schedules/webhook-deliveries.ts', everyMinutes: 1 });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      Description: entry?.description,
    });
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f) =>
        JSON.stringify(f.Properties.Environment?.Variables ?? {}).includes('KMS_KEY_ID') &&
        f.Properties.Timeout === entry?.timeoutSeconds,
    );
    expect(fn).toBeDefined();
    expect(fn?.Properties.Environment.Variables).not.toHaveProperty('WEBHOOKS_ALLOW_LOOPBACK');
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    expect(nagFindings(built, [built.schedules])).toEqual([]);
  });
});
