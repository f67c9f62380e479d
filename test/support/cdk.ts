import { App, Aspects, type Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from '../../infra/cdk/nag';
import { type BuiltStacks, buildStacks, stacksOf } from '../../infra/cdk/stacks';

/** The public URLs a deployed stage is given (`-c appBaseUrl=… -c frontendUrl=…`), as the CDK tests pass them. */
export const TEST_STAGE_URLS = {
  appBaseUrl: 'https://api.flowia.example',
  frontendUrl: 'https://app.flowia.example',
};

const assemblies = new WeakMap<BuiltStacks, CloudAssembly>();

/**
 * Synthesises every stack of a stage with cdk-nag, bundling skipped (no esbuild run per function): these tests check
 * the infrastructure, not the bundles.
 */
export function synthStage(
  stage: string,
  options: Omit<Parameters<typeof buildStacks>[2] & object, 'appBaseUrl' | 'frontendUrl'> = {},
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } }),
): BuiltStacks {
  const stacks = buildStacks(app, stage, { ...TEST_STAGE_URLS, ...options });
  Aspects.of(app).add(new AwsSolutionsChecks());
  assemblies.set(stacks, app.synth());
  return stacks;
}

/**
 * cdk-nag's errors and warnings on the given stacks, read from the assembly synthStage made. (Annotations.fromStack
 * synthesises the whole app again on every call, which for two dozen stacks is minutes on a busy machine.)
 */
export function nagFindings(built: BuiltStacks, stacks: Stack[] = stacksOf(built)): string[] {
  const assembly = assemblies.get(built);
  if (!assembly) throw new Error('nagFindings: synthesise the stacks with synthStage first');
  return stacks.flatMap((stack) =>
    assembly
      .getStackArtifact(stack.artifactId)
      .messages.filter(
        (message) =>
          (message.level === 'error' || message.level === 'warning') &&
          /AwsSolutions-/.test(String(message.entry.data)),
      )
      .map((message) => `${stack.stackName} ${message.id}: ${String(message.entry.data).slice(0, 160)}`),
  );
}
