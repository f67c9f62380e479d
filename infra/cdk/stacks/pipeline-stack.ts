import { Aws, CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { PIPE_BATCH_SIZE } from '../../queues';
import { readWorkflowDefinition, taskStates, type WorkflowTask, workflowTasks } from '../../workflow';
import { functionId } from '../function-id';
import { environmentOf, grantNeeds } from '../grants';
import { flowFunction } from '../lambda';
import { NagSuppressions } from '../nag';
import { REPO_ROOT } from '../paths';
import type { StageConfig } from '../stage-config';
import type { DataStack } from './data-stack';

export interface PipelineStackProps extends StackProps {
  data: DataStack;
  /** The stage's provider secret, for the steps that declare it. */
  providerSecretsName: string;
  /** Messages per pipe invocation (1–10); one Express execution handles the batch with a Map. */
  batchSize?: number;
}

/**
 * SQS incomingMessages → EventBridge Pipe → the Express workflow "message-processing", invoked synchronously
 * (REQUEST_RESPONSE): the pipe waits for the execution, and the items it reports in batchItemFailures (or the
 * whole batch if the execution fails) return to the queue; after the queue's maxReceiveCount they land in its
 * DLQ. The ASL is the same file the local stage runs; its ${placeholders} become the step Lambdas' ARNs.
 */
export class PipelineStack extends Stack {
  readonly stateMachine: StateMachine;
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, stage: StageConfig, props: PipelineStackProps) {
    super(scope, id, props);
    const { data } = props;
    const batchSize = props.batchSize ?? PIPE_BATCH_SIZE;
    if (batchSize < 1 || batchSize > 10) throw new Error('The pipe batch size must be between 1 and 10');

    const definition = readWorkflowDefinition(REPO_ROOT);
    const used = new Set(taskStates(JSON.parse(definition)).map(([, placeholder]) => placeholder));
    const substitutions: Record<string, string> = {};
    for (const task of workflowTasks.filter((t) => used.has(t.placeholder))) {
      // Each step gets what its manifest entry declares (infra/workflow.ts), and nothing else.
      const targets = { stage, data, providerSecretsName: props.providerSecretsName };
      const fn = this.stepFunction(stage, task, environmentOf(task.needs, targets));
      grantNeeds(fn, task.needs, targets);
      // The ASL's Resource is the bare function ARN: the task's input and output are the Lambda's own payload,
      // exactly what the local runner passes (no LambdaInvoke "Payload" envelope).
      substitutions[task.placeholder] = fn.functionArn;
    }

    // Named under /aws/vendedlogs/ (Step Functions' advice, to keep the CloudWatch Logs resource policy small), with
    // the stack's own id in it: prod retains the group on delete, and a re-created stack would otherwise collide
    // with the retained name.
    const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    const logs = new LogGroup(this, 'WorkflowLogs', {
      logGroupName: Fn.join('', [
        `/aws/vendedlogs/states/flow-ia-${stage.stage}-message-processing-`,
        stackUuid,
      ]),
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    this.stateMachine = new StateMachine(this, 'MessageProcessing', {
      stateMachineName: `flow-ia-${stage.stage}-message-processing`,
      stateMachineType: StateMachineType.EXPRESS,
      definitionBody: DefinitionBody.fromString(definition),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      // Execution data holds message texts (personal data): left out of the logs; the trace items have summaries.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });
    for (const fn of this.functions.values()) fn.grantInvoke(this.stateMachine);

    const pipeRole = new Role(this, 'PipeRole', {
      assumedBy: new ServicePrincipal('pipes.amazonaws.com'),
      description: 'incomingMessages pipe: consume the queue, run the workflow synchronously',
    });
    data.incomingMessages.grantConsumeMessages(pipeRole);
    pipeRole.addToPolicy(
      new PolicyStatement({
        actions: ['states:StartSyncExecution'],
        resources: [this.stateMachine.stateMachineArn],
      }),
    );
    const pipe = new CfnPipe(this, 'IncomingMessagesPipe', {
      name: `flow-ia-${stage.stage}-incoming-messages`,
      description: 'incomingMessages → message-processing workflow (sync, partial batch failures)',
      roleArn: pipeRole.roleArn,
      source: data.incomingMessages.queueArn,
      sourceParameters: { sqsQueueParameters: { batchSize, maximumBatchingWindowInSeconds: 1 } },
      target: this.stateMachine.stateMachineArn,
      targetParameters: { stepFunctionStateMachineParameters: { invocationType: 'REQUEST_RESPONSE' } },
    });
    pipe.node.addDependency(pipeRole);

    NagSuppressions.addStackSuppressions(this, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Wildcards are scoped to this stack’s resources: the table’s own GSIs (<table>/index/*), KMS GenerateDataKey*/ReEncrypt* on the one vault key, the provider secret’s random suffix (flow-ia/<stage>/providers-*), Lambda versions of the step functions (<fn>:*) for the state machine, and X-Ray / CloudWatch Logs delivery actions that support no resource-level permissions.',
      },
    ]);
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
  }

  private stepFunction(
    stage: StageConfig,
    task: WorkflowTask,
    environment: Record<string, string>,
  ): NodejsFunction {
    const fn = flowFunction(this, functionId(task.handler), stage, {
      entry: task.handler,
      environment,
      timeoutSeconds: task.timeoutSeconds,
      ...(task.memoryMb ? { memoryMb: task.memoryMb } : {}),
    });
    this.functions.set(task.placeholder, fn);
    return fn;
  }
}
