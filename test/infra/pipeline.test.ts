import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuiltStacks } from '../../infra/cdk/stacks';
import { environmentNamesOf, PROVIDER_KEYS, RESOURCE_ENVIRONMENT_NAMES } from '../../infra/resource-needs';
import { taskStates, workflowTasks } from '../../infra/workflow';
import definition from '../../state-machines/message-processing.asl.json';
import { nagFindings, synthStage } from '../support/cdk';

describe('Stack: pipeline (incomingMessages → pipe → Express workflow)', () => {
  let built: BuiltStacks;
  let template: Template;
  beforeAll(() => {
    built = synthStage('dev');
    template = Template.fromStack(built.pipeline);
  }, 600_000);

  it('passes cdk-nag AwsSolutions with every suppression explained', () => {
    expect(nagFindings(built, [built.pipeline])).toEqual([]);
  });

  it('deploys the ASL file as an Express state machine, each placeholder bound to its step Lambda', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    expect(Object.keys(machines)).toHaveLength(1);
    const machine = Object.values(machines)[0]!.Properties;
    expect(machine.StateMachineType).toBe('EXPRESS');
    expect(machine.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    const placeholders = taskStates(definition as never).map(([, p]) => p);
    expect(Object.keys(machine.DefinitionSubstitutions).sort()).toEqual([...new Set(placeholders)].sort());
    for (const value of Object.values(machine.DefinitionSubstitutions))
      expect(value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Workflow/), 'Arn'] });
    expect(JSON.parse(machine.DefinitionString)).toEqual(definition);
  });

  it('builds one Node 24 Lambda per workflow task, with its timeout', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Runtime,
    );
    expect(functions).toHaveLength(workflowTasks.length);
    for (const fn of functions) expect(fn.Properties.Runtime).toBe('nodejs24.x');
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Timeout: 25 });
  });

  it('connects the queue to the workflow with a synchronous pipe, so failures return to the queue', () => {
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      Source: { 'Fn::ImportValue': Match.stringLikeRegexp('IncomingMessages') },
      SourceParameters: { SqsQueueParameters: { BatchSize: 10, MaximumBatchingWindowInSeconds: 1 } },
      TargetParameters: { StepFunctionStateMachineParameters: { InvocationType: 'REQUEST_RESPONSE' } },
    });
    Template.fromStack(built.data).hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
    });
  });

  it('gives the pipe only what it needs: consume the queue, start sync executions of this machine', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('PipeRole'),
    );
    const actions = policies.flatMap((p) =>
      p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => s.Action),
    );
    expect(actions.sort()).toEqual(
      [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'states:StartSyncExecution',
      ].sort(),
    );
  });

  const policyOf = (role: string) =>
    JSON.stringify(
      Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith(role))?.[1]
        .Properties.PolicyDocument.Statement,
    );

  it('lets Decide read the pause / opt-out gate and GenerateReply read the AI cache and the knowledge', () => {
    for (const role of ['WorkflowDecideServiceRole', 'WorkflowGenerateReplyServiceRole']) {
      const actions = policyOf(role);
      expect(actions).toContain('dynamodb:GetItem');
      expect(actions).toContain('dynamodb:UpdateItem');
    }
  });

  it('gives the Send step the browserLinkedIn queue URL and send permission, so a LinkedIn DM reaches the worker', () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
    const envOf = (prefix: string) =>
      Object.keys(
        functions.find(([id]) => id.startsWith(prefix))?.[1].Properties.Environment?.Variables ?? {},
      );
    expect(envOf('WorkflowSend')).toContain('LINKEDIN_QUEUE_URL');
    expect(envOf('WorkflowDecide')).not.toContain('LINKEDIN_QUEUE_URL');
    expect(policyOf('WorkflowSendServiceRole')).toContain('sqs:SendMessage');
    expect(policyOf('WorkflowDecideServiceRole')).not.toContain('sqs:SendMessage');
  });

  it('gives each step exactly the resource environment its declaration names, LogInteraction no key nor secret', () => {
    // Prepare: the names CDK sets (never the local stage's, nor the keys the provider secret brings at run time).
    const local = new Set<string>([
      'DYNAMODB_ENDPOINT',
      'LOCAL_MASTER_KEY',
      'JWT_SECRET',
      'EMAIL_FROM',
      ...PROVIDER_KEYS,
    ]);
    for (const task of workflowTasks) {
      // Act
      const fn = built.pipeline.functions.get(task.placeholder);
      const resource =
        template.toJSON().Resources[built.pipeline.getLogicalId(fn?.node.defaultChild as never)];
      const env = Object.keys(resource.Properties.Environment?.Variables ?? {});

      // Assess
      expect(env.filter((name) => RESOURCE_ENVIRONMENT_NAMES.has(name)).sort(), task.handler).toEqual(
        [...environmentNamesOf(task.needs)].filter((name) => !local.has(name)).sort(),
      );
    }
    expect(policyOf('WorkflowLogInteractionServiceRole')).not.toContain('kms:');
    expect(policyOf('WorkflowLogInteractionServiceRole')).not.toContain('secretsmanager:');
    expect(policyOf('WorkflowReportBatchServiceRole') ?? '').not.toContain('dynamodb:');
  });
});
