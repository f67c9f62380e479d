import { Arn, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
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
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
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
}

/** What the functions of the API's routes share, in the API stack and in the stacks of route groups. */
interface RouteFunctionsContext {
  stage: StageConfig;
  data: DataStack;
  environment: Record<string, string>;
  api: HttpApi;
  authorizer: HttpLambdaAuthorizer;
  functions: Map<string, NodejsFunction>;
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
  /** Handed to the stacks of route groups, so their functions get the same settings, grants and authorizer. */
  readonly routeContext: RouteFunctionsContext;

  constructor(scope: Construct, id: string, stage: StageConfig, props: ApiStackProps) {
    super(scope, id, props);
    const { data } = props;
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
        allowOrigins: ['*'],
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

    const context: RouteFunctionsContext = {
      stage,
      data,
      environment: {
        TABLE_NAME: data.table.tableName,
        KMS_KEY_ID: data.vaultKey.keyArn,
        JWT_SECRET_ARN: data.jwtSecret.secretArn,
        INCOMING_QUEUE_URL: data.incomingMessages.queueUrl,
        LINKEDIN_QUEUE_URL: data.browserLinkedIn.queueUrl,
        ...props.environment,
      },
      api: this.api,
      authorizer,
      functions: this.functions,
    };
    this.routeContext = context;
    addRouteFunctions(
      this,
      context,
      (props.routes ?? routes).filter((route) => !route.localOnly && !route.apiStack),
    );
    const notFound = routeFunction(this, context, NOT_FOUND_HANDLER);
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

/** One function of the API, with the grants every API function gets (and SES sending when EMAIL_FROM is set). */
function routeFunction(
  scope: Construct,
  context: RouteFunctionsContext,
  handler: string,
  route?: RouteDefinition,
): NodejsFunction {
  const { stage, data, environment } = context;
  const fn = flowFunction(scope, functionId(handler), stage, {
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
  if (environment.EMAIL_FROM) grantEmailSending(fn, environment.EMAIL_FROM);
  context.functions.set(handler, fn);
  return fn;
}

/**
 * ses:SendEmail (SES API v2 SendEmail) from the EMAIL_FROM identity only: the address identity and its domain
 * identity, whichever the operator verified. https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
 */
function grantEmailSending(fn: NodejsFunction, from: string): void {
  const address = from.match(/<([^<>]+)>\s*$/)?.[1] ?? from;
  const domain = address.split('@')[1] ?? address;
  const identity = (name: string) =>
    Arn.format({ service: 'ses', resource: 'identity', resourceName: name }, Stack.of(fn));
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['ses:SendEmail'], resources: [identity(address), identity(domain)] }),
  );
}

/** A function per handler of `list`, and an HTTP API route (or a function URL) per route of the manifest. */
function addRouteFunctions(scope: Construct, context: RouteFunctionsContext, list: RouteDefinition[]): void {
  for (const [handler, handlerRoutes] of handlersOf(list)) {
    const first = handlerRoutes[0]!;
    const fn = routeFunction(scope, context, handler, first);
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
      new CfnOutput(scope, `${functionId(handler)}Url`, {
        value: url.url,
        description: `Webhook URL for ${handlerRoutes.map((r) => `${r.method} ${r.path}`).join(', ')}`,
      });
      continue;
    }
    const integration = new HttpLambdaIntegration(`${functionId(handler)}Integration`, fn);
    for (const route of handlerRoutes) {
      new HttpRoute(scope, `Route${route.method}${route.path.replace(/[^A-Za-z0-9]/g, '')}`, {
        httpApi: context.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        ...(route.auth === 'jwt' ? { authorizer: context.authorizer } : {}),
      });
    }
  }
}

export interface ApiRoutesStackProps extends StackProps {
  api: ApiStack;
  group: NonNullable<RouteDefinition['apiStack']>;
  routes?: RouteDefinition[];
}

/**
 * A group of the API's routes (RouteDefinition.apiStack) in a stack of its own: the same HTTP API, authorizer,
 * settings and grants as the API stack's routes, in another CloudFormation stack's resource budget.
 */
export class ApiRoutesStack extends Stack {
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: ApiRoutesStackProps) {
    super(scope, id, props);
    const context = { ...props.api.routeContext, functions: this.functions };
    addRouteFunctions(
      this,
      context,
      (props.routes ?? routes).filter((route) => !route.localOnly && route.apiStack === props.group),
    );
    NagSuppressions.addStackSuppressions(this, [
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'POST /auth/verify-email needs no bearer token by design: the signed token of the emailed link is its credential; every other route uses the JWT authorizer.',
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'DynamoDB grants include the table’s own GSIs (<table>/index/*), and KMS GenerateDataKey*/ReEncrypt* are action wildcards on the one vault key.',
      },
    ]);
  }
}
