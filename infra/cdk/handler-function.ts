import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { RouteDefinition } from '../routes';
import { grantEmailSending } from './email-grants';
import { FunctionWatch, type FunctionWatchTargets } from './function-alarms';
import { functionId } from './function-id';
import { flowFunction } from './lambda';
import type { DataStack } from './stacks/data-stack';
import type { StageConfig } from './stage-config';
import { grantVaultUse } from './vault-grants';

/** The handler files whose functions read queue depths and workflow failures (/health, /admin/status). */
export const QUEUE_READER_HANDLERS = ['functions/http/health.ts', 'functions/http/admin/status.ts'];
export const WORKFLOW_READER_HANDLERS = ['functions/http/admin/status.ts'];

/** What every HTTP handler's function is built from, whichever stack it lives in. */
export interface HandlerFunctionContext {
  stage: StageConfig;
  data: DataStack;
  /** Non-secret provider settings and secret references, shared by every function. */
  environment: Record<string, string>;
  /** The workflow, for the handlers that list its failed executions. */
  stateMachine?: IStateMachine | undefined;
  /** Alarms (and the optional log export) beside the function; absent where the monitoring stack watches it. */
  watch?: FunctionWatchTargets | undefined;
}

/** One HTTP handler's Lambda: the shared environment and grants, the status readers' extras, its own alarms. */
export function handlerFunction(
  scope: Construct,
  handler: string,
  route: RouteDefinition | undefined,
  context: HandlerFunctionContext,
): NodejsFunction {
  const { data } = context;
  const id = functionId(handler);
  const fn = flowFunction(scope, id, context.stage, {
    entry: handler,
    environment: {
      TABLE_NAME: data.table.tableName,
      KMS_KEY_ID: data.vaultKey.keyArn,
      JWT_SECRET_ARN: data.jwtSecret.secretArn,
      INCOMING_QUEUE_URL: data.incomingMessages.queueUrl,
      LINKEDIN_QUEUE_URL: data.browserLinkedIn.queueUrl,
      ...context.environment,
    },
    ...(route?.memoryMb ? { memoryMb: route.memoryMb } : {}),
    ...(route?.timeoutSeconds ? { timeoutSeconds: route.timeoutSeconds } : {}),
  });
  data.table.grantReadWriteData(fn);
  grantVaultUse(fn, data.vaultKey, 'seal');
  data.jwtSecret.grantRead(fn);
  data.incomingMessages.grantSendMessages(fn);
  data.browserLinkedIn.grantSendMessages(fn);
  if (QUEUE_READER_HANDLERS.includes(handler)) {
    for (const queue of [data.incomingMessages, data.browserLinkedIn]) {
      queue.grant(fn, 'sqs:GetQueueAttributes');
      queue.deadLetterQueue?.queue.grant(fn, 'sqs:GetQueueAttributes');
    }
    const dlqUrl = (queue: typeof data.incomingMessages) => queue.deadLetterQueue?.queue.queueUrl;
    const incomingDlq = dlqUrl(data.incomingMessages);
    const linkedInDlq = dlqUrl(data.browserLinkedIn);
    if (incomingDlq) fn.addEnvironment('INCOMING_DLQ_URL', incomingDlq);
    if (linkedInDlq) fn.addEnvironment('LINKEDIN_DLQ_URL', linkedInDlq);
  }
  if (context.stateMachine && WORKFLOW_READER_HANDLERS.includes(handler)) {
    fn.addEnvironment('STATE_MACHINE_ARN', context.stateMachine.stateMachineArn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:ListExecutions'],
        resources: [context.stateMachine.stateMachineArn],
      }),
    );
  }
  grantEmailSending(fn, context.stage);
  if (context.watch) new FunctionWatch(scope, `${id}Watch`, fn, context.watch);
  return fn;
}
