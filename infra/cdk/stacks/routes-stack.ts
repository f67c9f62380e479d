import { Stack, type StackProps } from 'aws-cdk-lib';
import {
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type IHttpApi,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { mergeNeeds } from '../../resource-needs';
import { handlersOf, type RouteDefinition } from '../../routes';
import { functionId } from '../function-id';
import { type HandlerFunctionContext, handlerFunction } from '../handler-function';
import { NagSuppressions } from '../nag';

export interface RoutesStackProps extends StackProps {
  /** One feature group of the manifest (infra/routes.ts `routeGroups`); only its API-exposed entries are used. */
  routes: RouteDefinition[];
  api: IHttpApi;
  authorizer: IHttpRouteAuthorizer;
  functions: HandlerFunctionContext;
}

/**
 * The API routes of one feature group: a Lambda per handler (with its alarms) and an API Gateway route per entry,
 * attached to the HTTP API of the ApiStack. Nothing outside refers to these functions, so a handler can move to
 * another group's stack without breaking a cross-stack export.
 */
export class RoutesStack extends Stack {
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: RoutesStackProps) {
    super(scope, id, props);
    const list = props.routes.filter((route) => route.exposure === 'api' && !route.localOnly);
    for (const [handler, handlerRoutes] of handlersOf(list)) {
      const fn = handlerFunction(
        this,
        handler,
        mergeNeeds(handlerRoutes.map((route) => route.needs)),
        handlerRoutes[0] ?? {},
        props.functions,
      );
      this.functions.set(handler, fn);
      const integration = new HttpLambdaIntegration(`${functionId(handler)}Integration`, fn);
      for (const route of handlerRoutes) {
        new HttpRoute(this, `Route${route.method}${route.path.replace(/[^A-Za-z0-9]/g, '')}`, {
          httpApi: props.api,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
          ...(route.auth === 'jwt' ? { authorizer: props.authorizer } : {}),
        });
      }
    }
    NagSuppressions.addStackSuppressions(this, [
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'Public routes (signup, login, refresh, health, docs, OAuth callbacks) need no token by design; every other route uses the JWT authorizer.',
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'DynamoDB grants include the table’s own GSIs (<table>/index/*), and KMS GenerateDataKey*/ReEncrypt* are action wildcards on the one vault key.',
      },
    ]);
  }
}
