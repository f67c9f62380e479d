import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/cdk/paths';
import type { BuiltStacks } from '../../infra/cdk/stacks';
import { bundleLinkedInWorker } from '../../infra/linkedin-image/bundle';
import { nagFindings, synthStage } from '../support/cdk';

describe('Class: LinkedInStack', () => {
  let built: BuiltStacks;
  let template: Template;
  beforeAll(() => {
    built = synthStage('dev');
    template = Template.fromStack(built.linkedin);
  }, 600_000);

  it('runs the processor as an x86_64 container image with room for Chromium', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      PackageType: 'Image',
      Architectures: ['x86_64'],
      MemorySize: Match.anyValue(),
      Timeout: 300,
    });
    const image = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (fn) => fn.Properties.PackageType === 'Image',
    );
    expect(image?.Properties.MemorySize).toBeGreaterThanOrEqual(2048);
  });

  it('consumes the browserLinkedIn queue one message at a time with partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // Capped at the event source, not with reserved concurrency (which new accounts cannot grant).
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function')))
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('re-queues deferred jobs on a schedule', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
  });

  it('passes cdk-nag AwsSolutions', () => {
    expect(nagFindings(built, [built.linkedin])).toEqual([]);
  });

  it('builds the image on the Node 24 Lambda base with @sparticuz/chromium pinned exactly', () => {
    const dockerfile = readFileSync(`${REPO_ROOT}/infra/linkedin-image/Dockerfile`, 'utf8');
    const pkg = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8'));
    expect(dockerfile).toMatch(/^FROM public\.ecr\.aws\/lambda\/nodejs:24$/m);
    expect(dockerfile).toMatch(/AWS_EXECUTION_ENV=AWS_Lambda_nodejs24\.x/);
    // Bundled by the shared script, not a copy of the esbuild flags.
    expect(dockerfile).toMatch(/^RUN npx tsx infra\/linkedin-image\/bundle\.ts dist$/m);
    expect(dockerfile).not.toMatch(/npx esbuild|--external/);
    expect(pkg.dependencies['@sparticuz/chromium']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('bundles the worker through the secrets-loading entry, browser packages kept external', {
    timeout: 300_000,
  }, async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'flowia-linkedin-image-'));
    try {
      await bundleLinkedInWorker(outdir);
      const bundle = readFileSync(join(outdir, 'index.mjs'), 'utf8');
      expect(bundle).toContain('PROVIDER_SECRETS_NAME');
      expect(bundle).toMatch(/from\s*"playwright-core"|import\("playwright-core"\)/);
      const image = JSON.parse(readFileSync(join(outdir, 'package.json'), 'utf8'));
      const pkg = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8'));
      expect(image.dependencies['@sparticuz/chromium']).toBe(pkg.dependencies['@sparticuz/chromium']);
      expect(Object.keys(image.dependencies).sort()).toEqual(['@sparticuz/chromium', 'playwright-core']);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('lets the worker read the provider secret its entry loads', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'secretsmanager:GetSecretValue' })]),
      },
    });
  });
});
