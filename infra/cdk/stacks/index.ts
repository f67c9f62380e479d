import type { App } from 'aws-cdk-lib';
import { stageConfig } from '../stage-config';
import { ApiStack } from './api-stack';
import { DataStack } from './data-stack';
import { LinkedInStack } from './linkedin-stack';
import { PipelineStack } from './pipeline-stack';
import { SchedulesStack } from './schedules-stack';

export interface BuiltStacks {
  data: DataStack;
  api: ApiStack;
  pipeline: PipelineStack;
  linkedin: LinkedInStack;
  schedules: SchedulesStack;
}

/** All stacks of one stage; the app and the CDK tests build them the same way. */
export function buildStacks(
  app: App,
  stageName: string,
  options: { alarmEmail?: string | undefined } = {},
): BuiltStacks {
  const stage = stageConfig(stageName, options.alarmEmail);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const prefix = `FlowIa-${stage.stage}`;
  const data = new DataStack(app, `${prefix}-data`, stage, { env });
  const api = new ApiStack(app, `${prefix}-api`, stage, {
    env,
    data,
    environment: providerEnvironment(stage.stage),
  });
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
  return { data, api, pipeline, linkedin, schedules };
}

/**
 * Provider settings for the functions. Non-secret values come from context (-c metaAppId=…); secrets are read at
 * run time from the `flow-ia/<stage>/providers` secret (see docs/deployment.md), never baked into the template.
 */
function providerEnvironment(stage: string): Record<string, string> {
  return { PROVIDER_SECRETS_NAME: `flow-ia/${stage}/providers` };
}
