import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { InternalFunctionName } from '../../shared/services/functions/ports';
import type { ResourceNeeds } from '../resource-needs';
import { grantEmailSending } from './email-grants';
import { grantProviderSecret } from './lambda';
import type { DataStack } from './stacks/data-stack';
import type { StageConfig } from './stage-config';
import { grantVaultUse } from './vault-grants';

/** What a declaration's resources resolve to in one stage. */
export interface NeedsTargets {
  stage: StageConfig;
  data: DataStack;
  /** The stage's provider secret (`flow-ia/<stage>/providers`). */
  providerSecretsName: string;
  /** The workflow, for the functions that read its failed executions. */
  stateMachine?: IStateMachine | undefined;
  /** The internal functions (InternalFunctionsStack), for the functions that invoke them. */
  internalFunctions?: ReadonlyMap<InternalFunctionName, IFunction> | undefined;
}

/** The internal function a declaration invokes; a declaration naming one the stage has not built is a bug. */
function internalFunctionOf(targets: NeedsTargets, name: InternalFunctionName): IFunction {
  const fn = targets.internalFunctions?.get(name);
  if (!fn) throw new Error(`needs.invokes names ${name}, but this stack was given no such internal function`);
  return fn;
}

/**
 * The environment a declaration grants (infra/resource-needs.ts, RESOURCE_ENVIRONMENT): a function gets a
 * resource's name or URL only when its code uses that resource.
 */
export function environmentOf(needs: ResourceNeeds, targets: NeedsTargets): Record<string, string> {
  const { data, stage } = targets;
  const env: Record<string, string> = {};
  if (needs.table) env.TABLE_NAME = data.table.tableName;
  if (needs.sendsTo?.includes('incomingMessages')) env.INCOMING_QUEUE_URL = data.incomingMessages.queueUrl;
  if (needs.sendsTo?.includes('browserLinkedIn')) env.LINKEDIN_QUEUE_URL = data.browserLinkedIn.queueUrl;
  if (needs.vault) env.KMS_KEY_ID = data.vaultKey.keyArn;
  if (needs.secrets?.includes('providers')) env.PROVIDER_SECRETS_NAME = targets.providerSecretsName;
  if (needs.secrets?.includes('jwt')) env.JWT_SECRET_ARN = data.jwtSecret.secretArn;
  if (needs.email && stage.emailFrom) env.EMAIL_FROM = stage.emailFrom;
  if (needs.reads?.includes('queueStats')) {
    const incomingDlq = data.incomingMessages.deadLetterQueue?.queue.queueUrl;
    const linkedInDlq = data.browserLinkedIn.deadLetterQueue?.queue.queueUrl;
    env.INCOMING_QUEUE_URL = data.incomingMessages.queueUrl;
    env.LINKEDIN_QUEUE_URL = data.browserLinkedIn.queueUrl;
    if (incomingDlq) env.INCOMING_DLQ_URL = incomingDlq;
    if (linkedInDlq) env.LINKEDIN_DLQ_URL = linkedInDlq;
  }
  if (needs.reads?.includes('workflowFailures') && targets.stateMachine)
    env.STATE_MACHINE_ARN = targets.stateMachine.stateMachineArn;
  if (needs.invokes?.includes('sendHumanReply'))
    env.SEND_HUMAN_REPLY_FUNCTION = internalFunctionOf(targets, 'sendHumanReply').functionName;
  if (needs.invokes?.includes('previewReply'))
    env.PREVIEW_REPLY_FUNCTION = internalFunctionOf(targets, 'previewReply').functionName;
  return env;
}

/** The IAM grants a declaration asks for, each on the one resource it names, nothing broader. */
export function grantNeeds(fn: IFunction, needs: ResourceNeeds, targets: NeedsTargets): void {
  const { data, stage } = targets;
  if (needs.table === 'readWrite') data.table.grantReadWriteData(fn);
  if (needs.table === 'read') data.table.grantReadData(fn);
  if (needs.table === 'write') data.table.grantWriteData(fn);
  if (needs.sendsTo?.includes('incomingMessages')) data.incomingMessages.grantSendMessages(fn);
  if (needs.sendsTo?.includes('browserLinkedIn')) data.browserLinkedIn.grantSendMessages(fn);
  if (needs.vault) grantVaultUse(fn, data.vaultKey, needs.vault);
  if (needs.secrets?.includes('providers')) grantProviderSecret(fn, targets.providerSecretsName);
  if (needs.secrets?.includes('jwt')) data.jwtSecret.grantRead(fn);
  if (needs.email) grantEmailSending(fn, stage);
  if (needs.reads?.includes('queueStats'))
    for (const queue of [data.incomingMessages, data.browserLinkedIn]) {
      queue.grant(fn, 'sqs:GetQueueAttributes');
      queue.deadLetterQueue?.queue.grant(fn, 'sqs:GetQueueAttributes');
    }
  if (needs.reads?.includes('workflowFailures') && targets.stateMachine)
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:ListExecutions'],
        resources: [targets.stateMachine.stateMachineArn],
      }),
    );
  // On the caller's role, on the one function: no resource policy on the function, so nothing else can call it.
  for (const name of needs.invokes ?? [])
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [internalFunctionOf(targets, name).functionArn],
      }),
    );
}
