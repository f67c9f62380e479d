import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltStacks } from '../../infra/cdk/stacks';
import { synthStage } from '../support/cdk';

/**
 * What CloudFormation and Step Functions would refuse at deploy time, checked in `npm test` on the templates the
 * app synthesises (bundling skipped: asset hashes are all a template needs).
 *
 * cfn-lint ignores, each a pattern of CDK's output rather than a template error:
 * - W3005: CDK writes DependsOn for dependencies a Ref/GetAtt already implies (IAM policies before functions).
 * - E3002: cfn-lint's schema lags on `Tags` of AWS::CloudWatch::Dashboard, which CloudFormation accepts.
 * - W7001: CDK's Firehose construct adds a CIDR-blocks mapping that only some regions' templates reference.
 */
const CFN_LINT_IGNORES = ['W3005', 'E3002', 'W7001'];

const run = promisify(execFile);
const validateAsl = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errorsText: (separator?: string) => string;
};

let outdir: string;
let built: BuiltStacks;
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'flowia-cdk-out-'));
  built = synthStage(
    'prod',
    { logExport: true },
    new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } }),
  );
}, 600_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Turns CDK's Fn::Join of the definition into the JSON string Step Functions receives, ARNs stood in for. */
function renderDefinition(definition: unknown): string {
  if (typeof definition === 'string') return definition;
  const join = (definition as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`unexpected definition shape: ${JSON.stringify(definition).slice(0, 200)}`);
  return join[1]
    .map((part) =>
      typeof part === 'string' ? part : 'arn:aws:lambda:eu-west-3:123456789012:function:flowia-step',
    )
    .join(join[0]);
}

describe('Deploy-time checks of the synthesised app', () => {
  it('passes cfn-lint on every template, with only the commented ignores', { timeout: 600_000 }, async () => {
    const templates = readdirSync(outdir)
      .filter((name) => name.endsWith('.template.json'))
      .map((name) => join(outdir, name));
    expect(templates.length).toBeGreaterThanOrEqual(10);

    const result = await run(
      'cfn-lint',
      ['--format', 'parseable', '--ignore-checks', ...CFN_LINT_IGNORES, '--', ...templates],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string; stderr?: string; code?: number }) => error);

    const findings = (result.stdout ?? '').split('\n').filter((line) => line.trim() !== '');
    expect(findings, result.stderr).toEqual([]);
  });

  it('renders a workflow definition that asl-validator accepts', () => {
    const machines = Object.values(
      Template.fromStack(built.pipeline).findResources('AWS::StepFunctions::StateMachine'),
    );
    expect(machines).toHaveLength(1);
    const rendered = JSON.parse(renderDefinition(machines[0]?.Properties.DefinitionString));
    const result = validateAsl(rendered);
    expect(result.errorsText(), 'asl-validator').toBe('');
    expect(result.isValid).toBe(true);
  });
});
