import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AuthorizerPayloadVersion,
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpRoute,
  type HttpRouteAuthorizerConfig,
  HttpRouteKey,
  HttpStage,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AUTHORIZER_HANDLER, AUTHORIZER_NEEDS, NOT_FOUND_HANDLER, NOT_FOUND_NEEDS } from '../../routes';
import { environmentOf, grantNeeds } from '../grants';
import { handlerFunction } from '../handler-function';
import { flowFunction } from '../lambda';
import { NagSuppressions } from '../nag';
import type { StageConfig } from '../stage-config';
import type { DataStack } from './data-stack';

export interface ApiStackProps extends StackProps {
  data: DataStack;
  /** The stage's provider secret, for the functions that declare it. */
  providerSecretsName: string;
  /** The browser origin allowed by CORS (FRONTEND_URL's origin). */
  frontendOrigin: string;
}

/**
 * The JWT authorizer, created once in this stack and referred to by id from the route stacks: each route asks for
 * CUSTOM authorization with that authorizer id (what HttpLambdaAuthorizer.bind returns), so no route stack creates
 * an authorizer of its own.
 */
class SharedJwtAuthorizer implements IHttpRouteAuthorizer {
  constructor(private readonly authorizerId: string) {}

  bind(): HttpRouteAuthorizerConfig {
    return { authorizerId: this.authorizerId, authorizationType: 'CUSTOM' };
  }
}

/**
 * The HTTP API itself: its stage, access logs, CORS, the JWT authorizer and the `$default` 404. The routes live in
 * one stack per feature group (RoutesStack) and the function URLs in WebhooksStack, so this stack stays small and
 * its outputs (API id, authorizer id) never change when routes are added or moved.
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly authorizer: IHttpRouteAuthorizer;

  constructor(scope: Construct, id: string, stage: StageConfig, props: ApiStackProps) {
    super(scope, id, props);
    const { data } = props;

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `flow-ia-${stage.stage}`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.frontendOrigin],
        // The OAuth connect's auth-url response sets the browser-binding cookie (docs/security.md): the frontend
        // fetches it with credentials, which browsers allow only with a named origin and this flag.
        allowCredentials: true,
        allowHeaders: ['authorization', 'content-type', 'x-workspace-id', 'x-request-id', 'idempotency-key'],
        allowMethods: [CorsHttpMethod.ANY],
        exposeHeaders: ['x-request-id', 'retry-after'],
        maxAge: Duration.hours(1),
      },
    });
    const apiStage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
    });
    const cfnStage = apiStage.node.defaultChild as import('aws-cdk-lib/aws-apigatewayv2').CfnStage;
    cfnStage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
        authorizerError: '$context.authorizer.error',
      }),
    };

    const targets = { stage, data, providerSecretsName: props.providerSecretsName };
    const authorizerFn = flowFunction(this, 'HttpAuthorizer', stage, {
      entry: AUTHORIZER_HANDLER,
      environment: environmentOf(AUTHORIZER_NEEDS, targets),
      memoryMb: 256,
    });
    // Its declaration, with the table narrowed to the two actions it runs: API keys need one GetItem on the key's
    // item and the conditional UpdateItem of its last-used time (the authorizer runs before every request).
    const { table: _table, ...beyondTable } = AUTHORIZER_NEEDS;
    grantNeeds(authorizerFn, beyondTable, targets);
    data.table.grant(authorizerFn, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    const authorizer = new HttpAuthorizer(this, 'JwtAuthorizer', {
      httpApi: this.api,
      type: HttpAuthorizerType.LAMBDA,
      authorizerName: 'JwtAuthorizer',
      authorizerUri: `arn:${this.partition}:apigateway:${this.region}:lambda:path/2015-03-31/functions/${authorizerFn.functionArn}/invocations`,
      enableSimpleResponses: true,
      payloadFormatVersion: AuthorizerPayloadVersion.VERSION_2_0,
      // No identity source and no cache: the authorizer must run even without a header, so the route can answer
      // the contract's JSON 401 (see functions/http/authorizer.ts).
      identitySource: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    authorizerFn.addPermission('ApiGatewayInvokesAuthorizer', {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: this.formatArn({
        service: 'execute-api',
        resource: this.api.apiId,
        resourceName: `authorizers/${authorizer.authorizerId}`,
      }),
    });
    this.authorizer = new SharedJwtAuthorizer(authorizer.authorizerId);

    const notFound = handlerFunction(this, NOT_FOUND_HANDLER, NOT_FOUND_NEEDS, {}, targets);
    new HttpRoute(this, 'RouteDefault', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('NotFoundIntegration', notFound as IFunction),
    });

    NagSuppressions.addStackSuppressions(this, [
      {
        id: 'AwsSolutions-APIG4',
        reason: 'The $default route answers the contract’s JSON 404 to anyone, by design.',
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'DynamoDB grants include the table’s own GSIs (<table>/index/*), and KMS GenerateDataKey*/ReEncrypt* are action wildcards on the one vault key.',
      },
    ]);
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
