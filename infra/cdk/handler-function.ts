import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import type { ResourceNeeds } from '../resource-needs';
import { FunctionWatch, type FunctionWatchTargets } from './function-alarms';
import { functionId } from './function-id';
import { environmentOf, grantNeeds, type NeedsTargets } from './grants';
import { flowFunction } from './lambda';

/** What every HTTP handler's function is built from, whichever stack it lives in. */
export interface HandlerFunctionContext extends NeedsTargets {
  /** Alarms (and the optional log export) beside the function; absent where the monitoring stack watches it. */
  watch?: FunctionWatchTargets | undefined;
}

/**
 * One HTTP handler's Lambda: the environment and grants its declaration asks for (the union over the routes it
 * serves), its sizing, its own alarms.
 */
export function handlerFunction(
  scope: Construct,
  handler: string,
  needs: ResourceNeeds,
  sizing: { memoryMb?: number | undefined; timeoutSeconds?: number | undefined },
  context: HandlerFunctionContext,
): NodejsFunction {
  const id = functionId(handler);
  const fn = flowFunction(scope, id, context.stage, {
    entry: handler,
    environment: environmentOf(needs, context),
    ...(sizing.memoryMb ? { memoryMb: sizing.memoryMb } : {}),
    ...(sizing.timeoutSeconds ? { timeoutSeconds: sizing.timeoutSeconds } : {}),
  });
  grantNeeds(fn, needs, context);
  if (context.watch) new FunctionWatch(scope, `${id}Watch`, fn, context.watch);
  return fn;
}
