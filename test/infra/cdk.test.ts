import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuiltStacks, buildStacks, routeStacksOf, stacksOf } from '../../infra/cdk/stacks';
import {
  environmentNamesOf,
  mergeNeeds,
  PROVIDER_KEYS,
  RESOURCE_ENVIRONMENT_NAMES,
} from '../../infra/resource-needs';
import { handlersOf, routes } from '../../infra/routes';
import { nagFindings, synthStage, TEST_STAGE_URLS } from '../support/cdk';

const synth = (stage: string) => synthStage(stage);
const allStacks = (built: BuiltStacks): Stack[] => stacksOf(built);
/** Every resource of a type across the route stacks, the webhooks stack and the API stack. */
const httpResources = (built: BuiltStacks, type: string) =>
  [...routeStacksOf(built), built.webhooks, built.api].flatMap((stack) =>
    Object.values(Template.fromStack(stack).findResources(type)),
  );

/** A handler's function in the route or webhook stacks: its environment names and its role's IAM statements. */
function deployedFunction(built: BuiltStacks, handler: string) {
  const owner = [...routeStacksOf(built), built.webhooks].find((stack) => stack.functions.has(handler));
  if (!owner) throw new Error(`no stack holds ${handler}`);
  return describeFunction(owner, owner.functions.get(handler) as IFunction);
}

/** One function's environment names and the actions its role's policies allow. */
function describeFunction(owner: Stack, construct: IFunction) {
  const template = Template.fromStack(owner).toJSON();
  const fn = template.Resources[owner.getLogicalId(construct.node.defaultChild as never)];
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  const statements = Object.values(template.Resources as Record<string, { Type: string; Properties: any }>)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
    );
  return {
    env: Object.keys(fn.Properties.Environment?.Variables ?? {}),
    actions: [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort(),
    /** The actions allowed on resources whose reference names `resource` (a logical id fragment). */
    actionsOn: (resource: string) =>
      [
        ...new Set(
          statements
            .filter((s) => JSON.stringify(s.Resource).includes(resource))
            .flatMap((s) => [s.Action].flat()),
        ),
      ].sort(),
  };
}

describe('CDK app', () => {
  let dev: BuiltStacks;
  let prod: BuiltStacks;
  beforeAll(() => {
    dev = synth('dev');
    prod = synth('prod');
  }, 600_000);

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    expect([...nagFindings(dev), ...nagFindings(prod)]).toEqual([]);
  });

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
    const apiRoutes = routes.filter((r) => r.exposure === 'api' && !r.localOnly);
    const routeKeys = httpResources(dev, 'AWS::ApiGatewayV2::Route').map((r) => [
      r.Properties.RouteKey,
      r.Properties.AuthorizationType,
    ]);
    for (const route of apiRoutes)
      expect(routeKeys).toContainEqual([
        `${route.method} ${route.path}`,
        route.auth === 'jwt' ? 'CUSTOM' : 'NONE',
      ]);
    expect(routeKeys).toContainEqual(['$default', 'NONE']);
    expect(routeKeys).toHaveLength(apiRoutes.length + 1);
    const nodeFunctions = httpResources(dev, 'AWS::Lambda::Function').filter((f) => f.Properties.Runtime);
    for (const fn of nodeFunctions) expect(fn.Properties.Runtime).toBe('nodejs24.x');
    // every handler + the authorizer + the $default 404
    const handlerCount = [...handlersOf(routes.filter((r) => !r.localOnly)).keys()].length;
    expect(nodeFunctions).toHaveLength(handlerCount + 2);
  });

  it('gives every HTTP function exactly the resource environment its declaration names', () => {
    // Prepare: the names CDK sets (never the local stage's, nor the keys the provider secret brings at run time).
    const local = new Set<string>([
      'DYNAMODB_ENDPOINT',
      'LOCAL_MASTER_KEY',
      'JWT_SECRET',
      'EMAIL_FROM',
      ...PROVIDER_KEYS,
    ]);
    for (const [handler, handlerRoutes] of handlersOf(routes.filter((r) => !r.localOnly))) {
      // Act
      const { env } = deployedFunction(dev, handler);
      const expected = [...environmentNamesOf(mergeNeeds(handlerRoutes.map((r) => r.needs)))].filter(
        (name) => !local.has(name),
      );

      // Assess
      expect(env.filter((name) => RESOURCE_ENVIRONMENT_NAMES.has(name)).sort(), handler).toEqual(
        expected.sort(),
      );
    }
  });

  it('grants a read-only route no queue, no key and no secret, and an OAuth callback its incomingMessages send', () => {
    // Act
    const leads = deployedFunction(dev, 'functions/http/leads/list.ts');
    const callback = deployedFunction(dev, 'functions/http/social/meta-callback.ts');
    const webhook = deployedFunction(dev, 'functions/webhooks/meta.ts');

    // Assess: GET /leads reads and counts its rate limit in the table, nothing else.
    expect(leads.actions.filter((a) => !/^(dynamodb|xray):/.test(a))).toEqual([]);
    expect(leads.env).not.toContain('INCOMING_QUEUE_URL');
    expect(leads.env).not.toContain('KMS_KEY_ID');
    expect(leads.env).not.toContain('PROVIDER_SECRETS_NAME');
    // The Meta callback recovers the account's missed messages (incomingMessages), seals its tokens (the vault),
    // signs its state (the JWT key) and reads the Meta app secret.
    expect(callback.env).toEqual(
      expect.arrayContaining(['INCOMING_QUEUE_URL', 'KMS_KEY_ID', 'JWT_SECRET_ARN']),
    );
    expect(callback.actionsOn('IncomingMessages')).toContain('sqs:SendMessage');
    expect(callback.actions).toContain('kms:GenerateDataKey');
    expect(callback.actions).toContain('secretsmanager:GetSecretValue');
    // The Meta webhook enqueues, and opens a Page token to read a mention's comment: no LinkedIn queue, no new
    // data keys, no JWT.
    expect(webhook.actionsOn('IncomingMessages')).toContain('sqs:SendMessage');
    expect(webhook.actionsOn('BrowserLinkedIn')).toEqual([]);
    expect(webhook.actions.filter((a) => a.startsWith('kms:'))).toEqual(['kms:Decrypt']);
    expect(webhook.env).not.toContain('JWT_SECRET_ARN');
  });

  it('lets a member’s reply and the reply preview only invoke their internal function, which holds the providers', () => {
    // Prepare
    const internal = dev.internal;
    const idOf = (name: 'sendHumanReply' | 'previewReply') =>
      internal.getLogicalId(internal.functions.get(name)?.node.defaultChild as never);

    // Act
    const reply = deployedFunction(dev, 'functions/http/conversations/reply.ts');
    const preview = deployedFunction(dev, 'functions/http/ai/preview-reply.ts');
    const sender = describeFunction(internal, internal.functions.get('sendHumanReply') as IFunction);
    const engine = describeFunction(internal, internal.functions.get('previewReply') as IFunction);

    // Assess: the API Lambdas reach the table and their one function, no key, secret or queue.
    expect(reply.actionsOn(idOf('sendHumanReply'))).toEqual(['lambda:InvokeFunction']);
    expect(preview.actionsOn(idOf('previewReply'))).toEqual(['lambda:InvokeFunction']);
    expect(reply.actionsOn(idOf('previewReply'))).toEqual([]);
    for (const route of [reply, preview]) {
      expect(route.actions.filter((a) => /^(kms|secretsmanager|sqs):/.test(a))).toEqual([]);
      expect(route.env).not.toContain('PROVIDER_SECRETS_NAME');
    }
    expect(reply.env).toContain('SEND_HUMAN_REPLY_FUNCTION');
    expect(preview.env).toContain('PREVIEW_REPLY_FUNCTION');
    // The internal functions hold what the send and the engine use.
    expect(sender.actions).toEqual(
      expect.arrayContaining(['kms:GenerateDataKey', 'secretsmanager:GetSecretValue', 'sqs:SendMessage']),
    );
    expect(engine.actions).toContain('secretsmanager:GetSecretValue');
    expect(engine.actions.filter((a) => a.startsWith('kms:'))).toEqual([]);
    // No resource policy: only the roles granted lambda:InvokeFunction can call them, nothing public.
    expect(Object.keys(Template.fromStack(internal).findResources('AWS::Lambda::Permission'))).toEqual([]);
    expect(Object.keys(Template.fromStack(internal).findResources('AWS::Lambda::Url'))).toEqual([]);
  });

  it('attaches every JWT route to the one authorizer of the API stack', () => {
    const authorizers = httpResources(dev, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const jwtRoutes = httpResources(dev, 'AWS::ApiGatewayV2::Route').filter(
      (r) => r.Properties.AuthorizationType === 'CUSTOM',
    );
    expect(jwtRoutes.length).toBeGreaterThan(0);
    for (const route of jwtRoutes) expect(route.Properties.AuthorizerId).toEqual(expect.anything());
  });

  it('lets the authorizer read an API key and record its last use, and nothing else of the table', () => {
    // Prepare
    const api = Template.fromStack(dev.api);
    const authorizer = Object.values(api.findResources('AWS::Lambda::Function')).find((f) =>
      Object.keys(f.Properties.Environment?.Variables ?? {}).includes('JWT_SECRET_ARN'),
    );
    const roleId = authorizer?.Properties.Role['Fn::GetAtt'][0];
    const dynamoActions = Object.values(api.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((p) =>
        p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) =>
          [s.Action].flat(),
        ),
      )
      .filter((action: string) => action.startsWith('dynamodb:'));

    // Assess
    expect(authorizer?.Properties.Environment.Variables).toHaveProperty('TABLE_NAME');
    expect([...new Set(dynamoActions)].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
  });

  it('keeps every function URL in the webhooks stack, and none elsewhere', () => {
    const urlHandlers = new Set(routes.filter((r) => r.exposure === 'functionUrl').map((r) => r.handler));
    const template = Template.fromStack(dev.webhooks);
    expect(Object.keys(template.findResources('AWS::Lambda::Url'))).toHaveLength(urlHandlers.size);
    for (const stack of allStacks(dev).filter((stack) => stack !== dev.webhooks))
      expect(
        Object.keys(Template.fromStack(stack).findResources('AWS::Lambda::Url')),
        stack.stackName,
      ).toEqual([]);
  });

  it('serves streaming routes from RESPONSE_STREAM function URLs', () => {
    const template = Template.fromStack(dev.webhooks);
    const streaming = new Set(routes.filter((r) => r.streaming).map((r) => r.handler));
    expect(streaming.size).toBeGreaterThan(0);
    const urls = Object.values(template.findResources('AWS::Lambda::Url'));
    expect(urls.filter((u) => u.Properties.InvokeMode === 'RESPONSE_STREAM')).toHaveLength(streaming.size);
  });

  it('keeps every stack well inside CloudFormation limits (400 of 500 resources, 800 KB of template)', () => {
    for (const built of [dev, prod])
      for (const stack of allStacks(built)) {
        const template = Template.fromStack(stack).toJSON();
        const resources = Object.keys(template.Resources ?? {}).length;
        expect(resources, `${stack.stackName}: ${resources} resources`).toBeLessThanOrEqual(400);
        const bytes = Buffer.byteLength(JSON.stringify(template));
        expect(bytes, `${stack.stackName}: ${bytes} bytes`).toBeLessThanOrEqual(800 * 1024);
      }
  });

  it('gives every function the stage URLs, and allows only the frontend origin by CORS', () => {
    for (const fn of httpResources(dev, 'AWS::Lambda::Function').filter((f) => f.Properties.Runtime))
      expect(fn.Properties.Environment.Variables).toMatchObject({
        STAGE: 'dev',
        APP_BASE_URL: TEST_STAGE_URLS.appBaseUrl,
        FRONTEND_URL: TEST_STAGE_URLS.frontendUrl,
      });
    Template.fromStack(dev.api).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      // With credentials: the OAuth connect's auth-url sets the browser-binding cookie (docs/security.md).
      CorsConfiguration: Match.objectLike({
        AllowOrigins: [TEST_STAGE_URLS.frontendUrl],
        AllowCredentials: true,
      }),
    });
    for (const url of Object.values(Template.fromStack(dev.webhooks).findResources('AWS::Lambda::Url')))
      if (url.Properties.Cors)
        expect(url.Properties.Cors.AllowOrigins).toEqual([TEST_STAGE_URLS.frontendUrl]);
  });

  it('refuses to synthesise a stage without its public URLs, naming the missing one', () => {
    const app = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => buildStacks(app(), 'dev')).toThrow(/Stage "dev" needs appBaseUrl: cdk deploy -c stage=dev/);
    expect(() => buildStacks(app(), 'dev', { appBaseUrl: TEST_STAGE_URLS.appBaseUrl })).toThrow(
      /needs frontendUrl/,
    );
    expect(() =>
      buildStacks(app(), 'dev', {
        appBaseUrl: 'http://127.0.0.1:3000',
        frontendUrl: TEST_STAGE_URLS.frontendUrl,
      }),
    ).toThrow(/appBaseUrl must be an https URL/);
  });

  it('lets every role use the vault key only with the envelope’s encryption context', () => {
    const kmsStatements = allStacks(dev).flatMap((stack) =>
      Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap((policy) =>
        (
          policy.Properties.PolicyDocument.Statement as Array<{
            Action: string | string[];
            Condition?: unknown;
          }>
        )
          .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('kms:')))
          .filter((statement) => !JSON.stringify(statement).includes('AlarmTopicKey')),
      ),
    );
    expect(kmsStatements.length).toBeGreaterThan(10);
    for (const statement of kmsStatements)
      expect(statement.Condition, JSON.stringify(statement)).toEqual({
        Null: { 'kms:EncryptionContext:workspaceId': 'false', 'kms:EncryptionContext:provider': 'false' },
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['workspaceId', 'provider'] },
      });
  });

  it('names the workflow log group after its stack, so a re-created stack never collides with a retained one', () => {
    const groups = Object.values(Template.fromStack(prod.pipeline).findResources('AWS::Logs::LogGroup'));
    const workflow = groups.find((group) => JSON.stringify(group).includes('/aws/vendedlogs/states/'));
    expect(JSON.stringify(workflow?.Properties.LogGroupName)).toContain('AWS::StackId');
  });

  it('lets exactly the functions that name the provider secret read it', () => {
    const withSecret = httpResources(dev, 'AWS::Lambda::Function').filter(
      (fn) => fn.Properties.Environment?.Variables?.PROVIDER_SECRETS_NAME,
    );
    expect(withSecret.length).toBeGreaterThan(0);
    Template.fromStack(dev.routes.core!).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'secretsmanager:GetSecretValue', Resource: Match.anyValue() }),
        ]),
      },
    });
  });

  it('lets the HTTP functions send email from the emailFrom identity only, and none without it', {
    timeout: 300_000,
  }, () => {
    // Prepare
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const withEmail = buildStacks(app, 'dev', {
      ...TEST_STAGE_URLS,
      emailFrom: 'Flow IA <no-reply@mail.flowia.test>',
    });
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

    // Act: the stacks of the two handlers that send (signup in core, resend in membership).
    const sending = [withEmail.routes.core!, withEmail.routes.membership!].map((stack) =>
      Template.fromStack(stack),
    );

    // Assess
    for (const template of sending) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ EMAIL_FROM: 'Flow IA <no-reply@mail.flowia.test>' }) },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
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
    // The Decide step (a scenario's hand-over) and GenerateReply (the engine could not answer) email a hand-over
    // to the assignee or the admins: the same identity, nothing broader.
    const pipeline = Template.fromStack(withEmail.pipeline);
    for (const step of ['WorkflowDecideServiceRole', 'WorkflowGenerateReplyServiceRole']) {
      const role = Object.entries(pipeline.findResources('AWS::IAM::Policy')).find(([id]) =>
        id.startsWith(step),
      )?.[1];
      expect(role?.Properties.PolicyDocument.Statement).toContainEqual({
        Action: 'ses:SendEmail',
        Effect: 'Allow',
        Resource: [identity('no-reply@mail.flowia.test'), identity('mail.flowia.test')],
      });
    }
    const emailing = Object.entries(pipeline.findResources('AWS::Lambda::Function')).filter(
      ([, fn]) => fn.Properties.Environment?.Variables?.EMAIL_FROM,
    );
    expect(emailing.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^WorkflowDecide/),
      expect.stringMatching(/^WorkflowGenerateReply/),
    ]);
    for (const stack of allStacks(dev))
      expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('ses:SendEmail');
    expect(() =>
      buildStacks(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'dev', {
        ...TEST_STAGE_URLS,
        emailFrom: 'nobody',
      }),
    ).toThrow(/emailFrom "nobody" is not an email address/);
  });
});
