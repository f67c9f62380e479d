import { App, Aspects, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AwsSolutionsChecks } from '../../infra/cdk/nag';
import { type BuiltStacks, buildStacks } from '../../infra/cdk/stacks';
import { handlersOf, routes } from '../../infra/routes';

/** Bundling is skipped (no esbuild run per function): these tests check the infrastructure, not the bundles. */
function synth(stage: string, options: { frontendUrl?: string } = {}): BuiltStacks {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildStacks(app, stage, options);
  Aspects.of(app).add(new AwsSolutionsChecks());
  app.synth();
  return stacks;
}

const allStacks = (built: BuiltStacks): Stack[] => Object.values(built) as Stack[];

describe('CDK app', () => {
  let dev: BuiltStacks;
  let prod: BuiltStacks;
  beforeAll(() => {
    dev = synth('dev');
    prod = synth('prod', { frontendUrl: 'https://app.example.test/dashboard' });
  }, 180_000);

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    for (const stack of [...allStacks(dev), ...allStacks(prod)]) {
      const annotations = Annotations.fromStack(stack);
      const errors = annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
      const warnings = annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
      expect([...errors, ...warnings].map((e) => `${e.id}: ${String(e.entry.data).slice(0, 120)}`)).toEqual(
        [],
      );
    }
    // Synthesising every stack of two stages is CPU-bound: generous on a busy 2-core machine.
  }, 180_000);

  it('turns point-in-time recovery and deletion protection on in prod only', () => {
    const prodTable = Template.fromStack(prod.data);
    prodTable.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: Match.arrayWith([
        Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ]),
    });
    const devTable = Template.fromStack(dev.data);
    devTable.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: Match.arrayWith([
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }),
      ]),
    });
  });

  it('lets only the frontend origin call the API with credentials when frontendUrl is given', () => {
    Template.fromStack(prod.api).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['https://app.example.test'],
        AllowCredentials: true,
      }),
    });
    const devCors = Template.fromStack(dev.api).findResources('AWS::ApiGatewayV2::Api');
    const [api] = Object.values(devCors) as Array<{
      Properties: { CorsConfiguration: Record<string, unknown> };
    }>;
    expect(api?.Properties.CorsConfiguration.AllowOrigins).toEqual(['*']);
    expect(api?.Properties.CorsConfiguration.AllowCredentials).toBeUndefined();
  });

  it('creates a rotating KMS key for the token vault', () => {
    Template.fromStack(dev.data).hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('creates one API route per manifest entry and one function per handler, on Node 24', () => {
    const template = Template.fromStack(dev.api);
    const apiRoutes = routes.filter((r) => r.exposure === 'api' && !r.localOnly);
    for (const route of apiRoutes) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        ...(route.auth === 'jwt' ? { AuthorizationType: 'CUSTOM' } : { AuthorizationType: 'NONE' }),
      });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    const functions = template.findResources('AWS::Lambda::Function');
    const nodeFunctions = Object.values(functions).filter((f) => f.Properties.Runtime);
    for (const fn of nodeFunctions) expect(fn.Properties.Runtime).toBe('nodejs24.x');
    // every handler + the authorizer + the $default 404
    const handlerCount = [...handlersOf(routes.filter((r) => !r.localOnly)).keys()].length;
    expect(nodeFunctions.length).toBeGreaterThanOrEqual(handlerCount + 2);
  });

  it('serves function-URL handlers through Lambda function URLs', () => {
    const urlHandlers = routes.filter((r) => r.exposure === 'functionUrl');
    const template = Template.fromStack(dev.api);
    expect(Object.keys(template.findResources('AWS::Lambda::Url')).length).toBe(
      new Set(urlHandlers.map((r) => r.handler)).size,
    );
  });

  it('serves streaming routes from RESPONSE_STREAM function URLs', () => {
    const template = Template.fromStack(dev.api);
    const streaming = new Set(routes.filter((r) => r.streaming).map((r) => r.handler));
    expect(streaming.size).toBeGreaterThan(0);
    const urls = Object.values(template.findResources('AWS::Lambda::Url'));
    expect(urls.filter((u) => u.Properties.InvokeMode === 'RESPONSE_STREAM')).toHaveLength(streaming.size);
  });

  it('lets exactly the functions that name the provider secret read it', () => {
    const template = Template.fromStack(dev.api);
    const withSecret = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.PROVIDER_SECRETS_NAME,
    );
    expect(withSecret.length).toBeGreaterThan(0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'secretsmanager:GetSecretValue', Resource: Match.anyValue() }),
        ]),
      },
    });
  });
});
