import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { FunctionUrlAuthType, InvokeMode, HttpMethod as LambdaHttpMethod } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { mergeNeeds } from '../../resource-needs';
import { handlersOf, type RouteDefinition } from '../../routes';
import { functionId } from '../function-id';
import { type HandlerFunctionContext, handlerFunction } from '../handler-function';
import { NagSuppressions } from '../nag';

export interface WebhooksStackProps extends StackProps {
  /** The whole manifest; only the function-URL entries are used. */
  routes: RouteDefinition[];
  /** The browser origin allowed to call the streaming (CSV export) URL. */
  frontendOrigin: string;
  functions: HandlerFunctionContext;
}

/**
 * Every function URL (the Meta and Stripe webhooks, the streaming CSV export) in a stack of its own: a function
 * URL is tied to its function, so these URLs, pasted in the Meta and Stripe dashboards, never change when API routes
 * are added or moved between route stacks.
 */
export class WebhooksStack extends Stack {
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: WebhooksStackProps) {
    super(scope, id, props);
    const list = props.routes.filter((route) => route.exposure === 'functionUrl' && !route.localOnly);
    for (const [handler, handlerRoutes] of handlersOf(list)) {
      const fn = handlerFunction(
        this,
        handler,
        mergeNeeds(handlerRoutes.map((route) => route.needs)),
        handlerRoutes[0] ?? {},
        props.functions,
      );
      this.functions.set(handler, fn);
      // Streaming routes (CSV export) authenticate in the handler: function URLs have no authorizer.
      const streaming = handlerRoutes.some((route) => route.streaming);
      const url = fn.addFunctionUrl({
        authType: FunctionUrlAuthType.NONE,
        ...(streaming
          ? {
              invokeMode: InvokeMode.RESPONSE_STREAM,
              cors: {
                allowedOrigins: [props.frontendOrigin],
                allowedMethods: [LambdaHttpMethod.GET],
                allowedHeaders: ['authorization', 'x-workspace-id', 'x-request-id'],
                exposedHeaders: ['x-request-id', 'content-disposition'],
              },
            }
          : {}),
      });
      new CfnOutput(this, `${functionId(handler)}Url`, {
        value: url.url,
        description: `Function URL for ${handlerRoutes.map((r) => `${r.method} ${r.path}`).join(', ')}`,
      });
    }
    NagSuppressions.addStackSuppressions(this, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'DynamoDB grants include the table’s own GSIs (<table>/index/*), and KMS GenerateDataKey*/ReEncrypt* are action wildcards on the one vault key.',
      },
    ]);
  }
}
