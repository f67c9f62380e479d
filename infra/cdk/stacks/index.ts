import type { App } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { stageConfig } from '../stage-config';
import { ApiRoutesStack, ApiStack } from './api-stack';
import { DataStack } from './data-stack';
import { LinkedInStack } from './linkedin-stack';
import { MonitoringStack } from './monitoring-stack';
import { PipelineStack } from './pipeline-stack';
import { SchedulesStack } from './schedules-stack';

export interface BuiltStacks {
  data: DataStack;
  api: ApiStack;
  /** The email-ownership routes (verification, invitations): RouteDefinition.apiStack 'members'. */
  members: ApiRoutesStack;
  pipeline: PipelineStack;
  linkedin: LinkedInStack;
  schedules: SchedulesStack;
  monitoring: MonitoringStack;
}

/** All stacks of one stage; the app and the CDK tests build them the same way. */
export function buildStacks(
  app: App,
  stageName: string,
  options: {
    alarmEmail?: string | undefined;
    /** Context `emailFrom`: the SES identity emails are sent from (EMAIL_FROM); unset, nothing can be emailed. */
    emailFrom?: string | undefined;
    /** Context `logExport=true`: function logs also flow to S3 through Firehose (see docs/deployment.md). */
    logExport?: boolean;
    /** Passed by the stacks that own them (engine, schedules, LinkedIn) so monitoring watches them too. */
    stateMachine?: IStateMachine;
    extraFunctions?: IFunction[];
  } = {},
): BuiltStacks {
  const stage = stageConfig(stageName, options.alarmEmail);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const prefix = `FlowIa-${stage.stage}`;
  const data = new DataStack(app, `${prefix}-data`, stage, { env });
  const api = new ApiStack(app, `${prefix}-api`, stage, {
    env,
    data,
    environment: {
      ...providerEnvironment(stage.stage),
      ...(options.emailFrom ? { EMAIL_FROM: options.emailFrom } : {}),
    },
  });
  const members = new ApiRoutesStack(app, `${prefix}-api-members`, { env, api, group: 'members' });
  const pipeline = new PipelineStack(app, `${prefix}-pipeline`, stage, {
    env,
    data,
    environment: providerEnvironment(stage.stage),
  });
  const linkedin = new LinkedInStack(app, `${prefix}-linkedin`, stage, {
    env,
    data,
    environment: providerEnvironment(stage.stage),
  });
  const schedules = new SchedulesStack(app, `${prefix}-schedules`, stage, {
    env,
    data,
    environment: providerEnvironment(stage.stage),
  });
  // Monitoring watches what the other stacks own: the workflow and every Lambda outside the API stack.
  const monitoring = new MonitoringStack(app, `${prefix}-monitoring`, stage, {
    env,
    data,
    api,
    stateMachine: options.stateMachine ?? pipeline.stateMachine,
    extraFunctions: [
      ...(options.extraFunctions ?? []),
      ...members.functions.values(),
      ...pipeline.functions.values(),
      ...schedules.functions.values(),
      linkedin.processor,
    ],
    logExport: options.logExport ?? false,
  });
  return { data, api, members, pipeline, linkedin, schedules, monitoring };
}

/**
 * Provider settings for the functions. Non-secret values come from context (-c metaAppId=…); secrets are read at
 * run time from the `flow-ia/<stage>/providers` secret (see docs/deployment.md), never baked into the template.
 */
function providerEnvironment(stage: string): Record<string, string> {
  return { PROVIDER_SECRETS_NAME: `flow-ia/${stage}/providers` };
}
