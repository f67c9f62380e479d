import { Stack, type StackProps } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import type { InternalFunctionName } from '../../../shared/services/functions/ports';
import { type InternalFunction, internalFunctions } from '../../internal-functions';
import { functionId } from '../function-id';
import { environmentOf, grantNeeds } from '../grants';
import { flowFunction } from '../lambda';
import { NagSuppressions } from '../nag';
import type { StageConfig } from '../stage-config';
import type { DataStack } from './data-stack';

export interface InternalFunctionsStackProps extends StackProps {
  data: DataStack;
  /** The stage's provider secret, for the functions that declare it. */
  providerSecretsName: string;
  functions?: Record<InternalFunctionName, InternalFunction>;
}

/**
 * The internal functions (infra/internal-functions.ts): one Lambda each, with the environment and grants its own
 * declaration asks for. No route, URL or resource policy reaches them: a caller gets lambda:InvokeFunction on its
 * role by declaring `needs.invokes` (infra/cdk/grants.ts). The monitoring stack watches them.
 */
export class InternalFunctionsStack extends Stack {
  readonly functions = new Map<InternalFunctionName, NodejsFunction>();

  constructor(scope: Construct, id: string, stage: StageConfig, props: InternalFunctionsStackProps) {
    super(scope, id, props);
    const targets = { stage, data: props.data, providerSecretsName: props.providerSecretsName };
    for (const [name, definition] of Object.entries(props.functions ?? internalFunctions) as Array<
      [InternalFunctionName, InternalFunction]
    >) {
      const fn = flowFunction(this, functionId(definition.handler), stage, {
        entry: definition.handler,
        environment: environmentOf(definition.needs, targets),
        timeoutSeconds: definition.timeoutSeconds,
        ...(definition.memoryMb ? { memoryMb: definition.memoryMb } : {}),
      });
      grantNeeds(fn, definition.needs, targets);
      this.functions.set(name, fn);
    }
    NagSuppressions.addStackSuppressions(this, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Wildcards are scoped to this stack’s resources: the table’s own GSIs (<table>/index/*), KMS GenerateDataKey*/ReEncrypt* on the one vault key, the provider secret’s random suffix (flow-ia/<stage>/providers-*).',
      },
    ]);
  }
}
