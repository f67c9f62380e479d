import { readFileSync } from 'node:fs';
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AwsSolutionsChecks } from '../../infra/cdk/nag';
import { REPO_ROOT } from '../../infra/cdk/paths';
import { type BuiltStacks, buildStacks } from '../../infra/cdk/stacks';

describe('Class: LinkedInStack', () => {
  let built: BuiltStacks;
  let template: Template;
  beforeAll(() => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    built = buildStacks(app, 'dev');
    Aspects.of(app).add(new AwsSolutionsChecks());
    app.synth();
    template = Template.fromStack(built.linkedin);
  }, 180_000);

  it('runs the processor as an x86_64 container image with room for Chromium', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      PackageType: 'Image',
      Architectures: ['x86_64'],
      MemorySize: Match.anyValue(),
      Timeout: 300,
      ReservedConcurrentExecutions: 2,
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
    });
  });

  it('re-queues deferred jobs on a schedule', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
  });

  it('passes cdk-nag AwsSolutions', () => {
    const findings = [
      ...Annotations.fromStack(built.linkedin).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...Annotations.fromStack(built.linkedin).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ];
    expect(findings.map((f) => `${f.id}: ${String(f.entry.data).slice(0, 120)}`)).toEqual([]);
  });

  it('builds the image on the Node 24 Lambda base with @sparticuz/chromium pinned exactly', () => {
    const dockerfile = readFileSync(`${REPO_ROOT}/infra/linkedin-image/Dockerfile`, 'utf8');
    const pkg = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8'));
    expect(dockerfile).toMatch(/^FROM public\.ecr\.aws\/lambda\/nodejs:24$/m);
    expect(dockerfile).toMatch(/AWS_EXECUTION_ENV=AWS_Lambda_nodejs24\.x/);
    expect(dockerfile).toContain('--external:@sparticuz/chromium');
    expect(pkg.dependencies['@sparticuz/chromium']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
