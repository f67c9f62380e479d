import { App, Aspects, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AwsSolutionsChecks } from '../../infra/cdk/nag';
import { type BuiltStacks, buildStacks } from '../../infra/cdk/stacks';
import { handlersOf, routes } from '../../infra/routes';
import { nagFindings } from '../support/cdk-nag';

/** Bundling is skipped (no esbuild run per function): these tests check the infrastructure, not the bundles. */
function synth(stage: string): BuiltStacks {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildStacks(app, stage);
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
    prod = synth('prod');
  }, 180_000);

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    for (const stack of [...allStacks(dev), ...allStacks(prod)]) expect(nagFindings(stack)).toEqual([]);
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

  it('creates a rotating KMS key for the token vault', () => {
    Template.fromStack(dev.data).hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('creates one API route per manifest entry and one function per handler, on Node 24', () => {
    const templates = { api: Template.fromStack(dev.api), members: Template.fromStack(dev.members) };
    const apiRoutes = routes.filter((r) => r.exposure === 'api' && !r.localOnly);
    for (const route of apiRoutes) {
      // Each route in the stack of its group (RouteDefinition.apiStack), the API stack otherwise.
      templates[route.apiStack ?? 'api'].hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        ...(route.auth === 'jwt' ? { AuthorizationType: 'CUSTOM' } : { AuthorizationType: 'NONE' }),
      });
    }
    templates.api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    const nodeFunctions = Object.values(templates).flatMap((template) =>
      Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.Runtime),
    );
    for (const fn of nodeFunctions) expect(fn.Properties.Runtime).toBe('nodejs24.x');
    // every handler + the authorizer + the $default 404
    const handlerCount = [...handlersOf(routes.filter((r) => !r.localOnly)).keys()].length;
    expect(nodeFunctions.length).toBeGreaterThanOrEqual(handlerCount + 2);
  });

  it('keeps every stack under CloudFormation’s 500 resources, the route groups on the one HTTP API', () => {
    for (const stack of allStacks(dev))
      expect(Object.keys(Template.fromStack(stack).toJSON().Resources).length, stack.stackName).toBeLessThan(
        500,
      );
    const members = Template.fromStack(dev.members);
    expect(members.findResources('AWS::ApiGatewayV2::Api')).toEqual({});
    expect(members.findResources('AWS::ApiGatewayV2::Authorizer')).toEqual({});
    for (const route of Object.values(members.findResources('AWS::ApiGatewayV2::Route')))
      expect(JSON.stringify(route.Properties.ApiId)).toContain('Fn::ImportValue');
  });

  it('lets the API functions send email from the EMAIL_FROM identity only, when emailFrom is given', {
    timeout: 180_000,
  }, () => {
    // Prepare
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const withEmail = buildStacks(app, 'dev', { emailFrom: 'Flow IA <no-reply@mail.flowia.test>' });
    const identity = (name: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':ses:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          `:identity/${name}`,
        ],
      ],
    });

    // Act
    const signup = withEmail.api.functions.get('functions/http/auth/signup.ts')!;
    const resend = withEmail.members.functions.get('functions/http/auth/resend-verification.ts')!;

    // Assess
    for (const [stack, fn] of [
      [withEmail.api, signup],
      [withEmail.members, resend],
    ] as const) {
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ EMAIL_FROM: 'Flow IA <no-reply@mail.flowia.test>' }) },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: stack.getLogicalId(fn.role!.node.defaultChild as never) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Action: 'ses:SendEmail',
              Effect: 'Allow',
              Resource: [identity('no-reply@mail.flowia.test'), identity('mail.flowia.test')],
            },
          ]),
        },
      });
    }
    // Without the context, no function may send email.
    expect(JSON.stringify(Template.fromStack(dev.api).toJSON())).not.toContain('ses:SendEmail');
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
