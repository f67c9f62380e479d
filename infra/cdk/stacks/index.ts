import type { App } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { type RouteGroup, routeGroups, routes } from '../../routes';
import type { HandlerFunctionContext } from '../handler-function';
import { type StageInputs, stageConfig } from '../stage-config';
import { ApiStack } from './api-stack';
import { DataStack } from './data-stack';
import { InternalFunctionsStack } from './internal-functions-stack';
import { LinkedInStack } from './linkedin-stack';
import { MonitoringStack } from './monitoring-stack';
import { PipelineStack } from './pipeline-stack';
import { RoutesStack } from './routes-stack';
import { SchedulesStack } from './schedules-stack';
import { WebhooksStack } from './webhooks-stack';

export interface BuiltStacks {
  data: DataStack;
  api: ApiStack;
  internal: InternalFunctionsStack;
  /** One stack per feature group of the route manifest that has API routes to deploy. */
  routes: Partial<Record<RouteGroup, RoutesStack>>;
  webhooks: WebhooksStack;
  pipeline: PipelineStack;
  linkedin: LinkedInStack;
  schedules: SchedulesStack;
  monitoring: MonitoringStack;
}

/** The route stacks of a stage, in manifest group order. */
export function routeStacksOf(built: BuiltStacks): RoutesStack[] {
  return Object.values(built.routes).filter((stack) => stack !== undefined);
}

/** Every stack of a stage as a flat list (the CDK tests walk them all). */
export function stacksOf(built: BuiltStacks) {
  const { routes: _routes, ...rest } = built;
  return [...Object.values(rest), ...routeStacksOf(built)];
}

/** All stacks of one stage; the app and the CDK tests build them the same way. */
export function buildStacks(
  app: App,
  stageName: string,
  options: StageInputs & {
    /** Context `logExport=true`: function logs also flow to S3 through Firehose (see docs/deployment.md). */
    logExport?: boolean;
    /** Passed by the stacks that own them (engine, schedules, LinkedIn) so monitoring watches them too. */
    stateMachine?: IStateMachine;
    extraFunctions?: IFunction[];
  } = {},
): BuiltStacks {
  const stage = stageConfig(stageName, options);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const prefix = `FlowIa-${stage.stage}`;
  const providerSecretsName = providerSecretsNameOf(stage.stage);
  const frontendOrigin = new URL(stage.frontendUrl).origin;
  const data = new DataStack(app, `${prefix}-data`, stage, { env });
  const api = new ApiStack(app, `${prefix}-api`, stage, {
    env,
    data,
    providerSecretsName,
    frontendOrigin,
  });
  const internal = new InternalFunctionsStack(app, `${prefix}-internal`, stage, {
    env,
    data,
    providerSecretsName,
  });
  const pipeline = new PipelineStack(app, `${prefix}-pipeline`, stage, { env, data, providerSecretsName });
  const linkedin = new LinkedInStack(app, `${prefix}-linkedin`, stage, { env, data, providerSecretsName });
  const schedules = new SchedulesStack(app, `${prefix}-schedules`, stage, {
    env,
    data,
    providerSecretsName,
  });
  const stateMachine = options.stateMachine ?? pipeline.stateMachine;
  // Monitoring watches the API and the stacks that do not watch their own functions; the route and webhook stacks
  // alarm theirs on its topic, so monitoring never refers to a route's function.
  const monitoring = new MonitoringStack(app, `${prefix}-monitoring`, stage, {
    env,
    data,
    api,
    stateMachine,
    extraFunctions: [
      ...(options.extraFunctions ?? []),
      ...pipeline.functions.values(),
      ...internal.functions.values(),
      ...schedules.functions.values(),
      linkedin.processor,
    ],
    logExport: options.logExport ?? false,
    deadLetterQueues: [['schedules', schedules.deadLetters]],
  });
  const functions: HandlerFunctionContext = {
    stage,
    data,
    providerSecretsName,
    stateMachine,
    internalFunctions: internal.functions,
    watch: { alarmTopic: monitoring.alarmTopic, logStream: monitoring.logStream },
  };
  // A group with no deployable route (the local-only developer console) gets no stack.
  const deployable = (list: typeof routes) =>
    list.some((route) => route.exposure === 'api' && !route.localOnly);
  const routeStacks = Object.fromEntries(
    Object.entries(routeGroups)
      .filter(([, list]) => deployable(list))
      .map(([group, list]) => [
        group,
        new RoutesStack(app, `${prefix}-routes-${kebab(group)}`, {
          env,
          routes: list,
          api: api.api,
          authorizer: api.authorizer,
          functions,
        }),
      ]),
  ) as Partial<Record<RouteGroup, RoutesStack>>;
  const webhooks = new WebhooksStack(app, `${prefix}-webhooks`, {
    env,
    routes,
    frontendOrigin,
    functions,
  });
  return { data, api, internal, routes: routeStacks, webhooks, pipeline, linkedin, schedules, monitoring };
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The stage's provider keys are read at run time from the `flow-ia/<stage>/providers` secret (see
 * docs/deployment.md), never baked into the template; only the functions that declare them get its name.
 */
function providerSecretsNameOf(stage: string): string {
  return `flow-ia/${stage}/providers`;
}
