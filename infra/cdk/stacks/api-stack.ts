import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  FunctionUrlAuthType,
  type IFunction,
  InvokeMode,
  HttpMethod as LambdaHttpMethod,
} from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  AUTHORIZER_HANDLER,
  handlersOf,
  NOT_FOUND_HANDLER,
  type RouteDefinition,
  routes,
} from '../../routes';
import { flowFunction } from '../lambda';
import { NagSuppressions } from '../nag';
import type { StageConfig } from '../stage-config';
import type { DataStack } from './data-stack';

export interface ApiStackProps extends StackProps {
  data: DataStack;
  /** Non-secret provider settings and secret references, shared by every function. */
  environment: Record<string, string>;
  routes?: RouteDefinition[];
  /**
   * Context `frontendUrl`: the one origin allowed to call the API with credentials, which the OAuth connect needs
   * (the auth-url response sets the browser-binding cookie, see docs/security.md). Without it any origin may call
   * the API, without cookies.
   */
  frontendUrl?: string | undefined;
}

/** Logical id of a handler's function: functions/http/auth/signup.ts → HttpAuthSignup. */
export function functionId(handler: string): string {
  return handler
    .replace(/^functions\//, '')
    .replace(/\.ts$/, '')
    .split(/[/_-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The HTTP API and the webhook function URLs, generated from the one route manifest. */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, stage: StageConfig, props: ApiStackProps) {
    super(scope, id, props);
    const { data } = props;
    const environment = {
      TABLE_NAME: data.table.tableName,
      KMS_KEY_ID: data.vaultKey.keyArn,
      JWT_SECRET_ARN: data.jwtSecret.secretArn,
      INCOMING_QUEUE_URL: data.incomingMessages.queueUrl,
      LINKEDIN_QUEUE_URL: data.browserLinkedIn.queueUrl,
      ...props.environment,
    };
    const make = (handler: string, route?: RouteDefinition) => {
      const fn = flowFunction(this, functionId(handler), stage, {
        entry: handler,
        environment,
        ...(route?.memoryMb ? { memoryMb: route.memoryMb } : {}),
        ...(route?.timeoutSeconds ? { timeoutSeconds: route.timeoutSeconds } : {}),
      });
      data.table.grantReadWriteData(fn);
      data.vaultKey.grantEncryptDecrypt(fn);
      data.vaultKey.grant(fn, 'kms:GenerateDataKey');
      data.jwtSecret.grantRead(fn);
      data.incomingMessages.grantSendMessages(fn);
      data.browserLinkedIn.grantSendMessages(fn);
      this.functions.set(handler, fn);
      return fn;
    };

    const authorizerFn = flowFunction(this, 'HttpAuthorizer', stage, {
      entry: AUTHORIZER_HANDLER,
      environment: { JWT_SECRET_ARN: data.jwtSecret.secretArn },
      memoryMb: 256,
    });
    data.jwtSecret.grantRead(authorizerFn);
    const authorizer = new HttpLambdaAuthorizer('JwtAuthorizer', authorizerFn, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      // No identity source and no cache: the authorizer must run even without a header, so the route can answer
      // the contract's JSON 401 (see functions/http/authorizer.ts).
      identitySource: [],
      resultsCacheTtl: Duration.seconds(0),
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `flow-ia-${stage.stage}`,
      createDefaultStage: false,
      corsPreflight: {
        ...(props.frontendUrl
          ? { allowOrigins: [new URL(props.frontendUrl).origin], allowCredentials: true }
          : { allowOrigins: ['*'] }),
        allowHeaders: ['authorization', 'content-type', 'x-workspace-id', 'x-request-id'],
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

    const list = (props.routes ?? routes).filter((route) => !route.localOnly);
    for (const [handler, handlerRoutes] of handlersOf(list)) {
      const first = handlerRoutes[0]!;
      const fn = make(handler, first);
      if (first.exposure === 'functionUrl') {
        // Streaming routes (CSV export) authenticate in the handler: function URLs have no authorizer.
        const streaming = handlerRoutes.some((route) => route.streaming);
        const url = fn.addFunctionUrl({
          authType: FunctionUrlAuthType.NONE,
          ...(streaming
            ? {
                invokeMode: InvokeMode.RESPONSE_STREAM,
                cors: {
                  allowedOrigins: ['*'],
                  allowedMethods: [LambdaHttpMethod.GET],
                  allowedHeaders: ['authorization', 'x-workspace-id', 'x-request-id'],
                  exposedHeaders: ['x-request-id', 'content-disposition'],
                },
              }
            : {}),
        });
        new CfnOutput(this, `${functionId(handler)}Url`, {
          value: url.url,
          description: `Webhook URL for ${handlerRoutes.map((r) => `${r.method} ${r.path}`).join(', ')}`,
        });
        continue;
      }
      const integration = new HttpLambdaIntegration(`${functionId(handler)}Integration`, fn);
      for (const route of handlerRoutes) {
        new HttpRoute(this, `Route${route.method}${route.path.replace(/[^A-Za-z0-9]/g, '')}`, {
          httpApi: this.api,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
          ...(route.auth === 'jwt' ? { authorizer } : {}),
        });
      }
    }
    const notFound = make(NOT_FOUND_HANDLER);
    new HttpRoute(this, 'RouteDefault', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('NotFoundIntegration', notFound as IFunction),
    });

    NagSuppressions.addStackSuppressions(this, [
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'Public routes (signup, login, refresh, health, docs, OAuth callbacks, $default 404) need no token by design; every other route uses the JWT authorizer.',
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
