import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT } from 'jose';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteDefinition, routes } from '../../infra/routes';
import { dynamo, tableName } from '../../shared/adapters/dynamo/client';
import { AUDIENCE, ISSUER } from '../../shared/adapters/jwt/access-token';
import { safeParse } from '../../shared/schemas/zod';
import { notificationService } from '../../shared/wiring/notifications';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { type FakeStripe, startFakeStripe } from '../../simulation/stripe';
import { type ApiResponse, signupWithWorkspace } from '../support/api';
import { makeLead, seedLeads } from '../support/leads';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * The bad-input suite (issue 11): every route of THE manifest meets malformed JSON, oversized and mistyped
 * bodies, forged tokens, another workspace's ids, injection strings and forged webhook signatures. Each must be a
 * clear 4xx JSON error, and none may write anything: the whole table is compared before and after.
 */

const INJECTIONS = [
  "' OR '1'='1' --",
  '"; DROP TABLE leads; --',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the attack
  '${process.env.JWT_SECRET}',
  '{{constructor.constructor("return process")()}}',
  '../../../etc/passwd',
  '=HYPERLINK("http://evil.test")',
  'attribute_exists(pk) OR begins_with(pk, :x)',
  '\u0000\u202e\u0007',
];

const apiRoutes = routes.filter((route) => !route.localOnly);
const jwtRoutes = apiRoutes.filter((route) => route.auth === 'jwt' || route.workspaceScoped);
const bodyRoutes = apiRoutes.filter((route) => route.request?.body);
const label = (route: RouteDefinition) => `${route.method} ${route.path}`;

let stage: TestStage;
let meta: FakeMetaGraph;
let stripe: FakeStripe;
type Owner = Awaited<ReturnType<typeof signupWithWorkspace>>;
let alice: Owner;
let bob: Owner;
/** Ids of Bob's workspace data, to try through Alice's credentials. */
const bobs: Record<string, string> = {};

beforeAll(async () => {
  meta = await startFakeMetaGraph();
  meta.addPage({ id: '4040', name: 'Bob Page', instagram: { id: '17841000404', username: 'bobshop' } });
  stripe = await startFakeStripe();
  stage = await startTestStage({
    env: {
      ...meta.env('bad-input-verify-token'),
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_URL: stripe.url,
      STRIPE_PRICE_PREMIUM: stripe.priceIds.premium,
      STRIPE_PRICE_ULTRA: stripe.priceIds.ultra,
    },
  });
  alice = await signupWithWorkspace(stage.api, 'alice');
  bob = await signupWithWorkspace(stage.api, 'bob');
  await connectMeta(stage, bob);
  const scenario = await stage.api.post(
    '/scenarios',
    { name: 'Prix', keywords: ['prix'], action: 'dm', message: 'Je vous écris en privé !' },
    { token: bob.accessToken, workspaceId: bob.workspaceId },
  );
  expect(scenario.status).toBe(201);
  const lead = makeLead(bob.workspaceId);
  await seedLeads([lead]);
  await notificationService().notify(bob.workspaceId, {
    kind: 'account_needs_reconnect',
    title: 'Instagram must be reconnected',
    body: 'The token expired.',
    dedupeKey: 'bad-input-suite',
  });
  const notifications = await stage.api.get('/notifications', {
    token: bob.accessToken,
    workspaceId: bob.workspaceId,
  });
  const accounts = await stage.api.get('/social-accounts', {
    token: bob.accessToken,
    workspaceId: bob.workspaceId,
  });
  const webhookEndpoint = await stage.api.post(
    '/webhooks/endpoints',
    { url: 'https://hooks.example.com/flowia', events: ['lead.created'] },
    { token: bob.accessToken, workspaceId: bob.workspaceId },
  );
  expect(webhookEndpoint.status).toBe(201);
  const apiKey = await stage.api.post(
    '/api-keys',
    { name: 'bob', scope: 'write' },
    { token: bob.accessToken, workspaceId: bob.workspaceId },
  );
  expect(apiKey.status).toBe(201);
  Object.assign(bobs, {
    webhookEndpoint: webhookEndpoint.body.id,
    apiKey: apiKey.body.id,
    id: bob.workspaceId,
    userId: bob.user.id,
    scenario: scenario.body.id,
    lead: lead.id,
    account: accounts.body.items[0].id,
    crm: 'notion',
    notification: notifications.body.items[0].id,
  });
});
afterAll(async () => {
  await stage?.stop();
  await meta?.stop();
  await stripe?.stop();
});

/** A valid change per PATCH route, so only ownership can refuse it. */
const PATCHES: Record<string, object> = {
  '/leads/{id}': { status: 'lost', notes: 'mine now' },
  '/scenarios/{id}': { name: 'mine now', active: false },
  '/webhooks/endpoints/{id}': { url: 'https://attacker.example.com/', active: true },
  '/conversations/{id}': { status: 'closed' },
};

/** Valid bodies of POST routes by id, so only the id (Bob's) is at fault. */
const POSTS: Record<string, object> = {
  '/conversations/{id}/messages': { text: 'mine now' },
};

/** Path params naming Alice's own workspace (or a well-formed unknown record), so only the body is at fault. */
const alicesId = (param: string) =>
  param === 'crm' ? 'notion' : param === 'id' ? alice.workspaceId : '0123456789abcdef01234567';

/** Path params filled with Bob's ids where they name his data, a well-formed unknown id elsewhere. */
function pathOf(route: RouteDefinition, fill: (param: string) => string = bobsId): string {
  return route.path.replace(/\{(\w+)\}/g, (_, param: string) => encodeURIComponent(fill(param)));
}
function bobsId(param: string): string {
  if (param === 'crm') return bobs.crm!;
  if (param === 'userId') return bobs.userId!;
  return bobs.id!;
}
/** The id of Bob's record a route's {id} names, by the route's resource. */
function bobsResourceId(route: RouteDefinition): string {
  if (route.path.startsWith('/scenarios/')) return bobs.scenario!;
  if (route.path.startsWith('/leads/')) return bobs.lead!;
  // A conversation's id is its lead's id.
  if (route.path.startsWith('/conversations/')) return bobs.lead!;
  if (route.path.startsWith('/social-accounts/')) return bobs.account!;
  if (route.path.startsWith('/notifications/')) return bobs.notification!;
  if (route.path.startsWith('/webhooks/endpoints/')) return bobs.webhookEndpoint!;
  if (route.path.startsWith('/api-keys/')) return bobs.apiKey!;
  return '0123456789abcdef01234567';
}

function send(
  route: RouteDefinition,
  options: Parameters<TestStage['api']['request']>[2] = {},
  fill: (param: string) => string = bobsId,
) {
  return stage.api.request(route.method, pathOf(route, fill), {
    ...(route.request?.body && options.rawBody === undefined && options.body === undefined
      ? { body: {} }
      : {}),
    ...options,
  });
}

/** Every item of the table, to prove a refused request wrote nothing. */
async function tableSnapshot(): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey }));
    for (const item of page.Items ?? []) items.set(`${item.pk}|${item.sk}`, JSON.stringify(item));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/**
 * `allowed`: items a request that was not refused writes on purpose (the audit entry of a CSV export that really
 * ran with a hostile search text, inert).
 */
async function expectNothingStored(
  act: () => Promise<void>,
  allowed: (item: string) => boolean = () => false,
) {
  await stage.api.post('/local/workflow/idle?timeoutMs=20000');
  const before = await tableSnapshot();
  expect(before.size, 'the snapshot sees the seeded data').toBeGreaterThan(10);
  await act();
  await stage.api.post('/local/workflow/idle?timeoutMs=20000');
  const after = await tableSnapshot();
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
    (key) =>
      before.get(key) !== after.get(key) && !(before.get(key) === undefined && allowed(after.get(key) ?? '')),
  );
  expect(changed, 'items written by refused requests').toEqual([]);
}

/** A clear 4xx: the status, a JSON error with a snake_case code and a sentence saying what is wrong. */
function expectClearError(response: ApiResponse, status: number | number[], context: string) {
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, `${context}: ${response.status} ${response.text.slice(0, 300)}`).toContain(
    response.status,
  );
  expect(response.headers.get('content-type'), context).toMatch(/application\/json/);
  expect(response.body.error?.code, context).toMatch(/^[a-z_]+$/);
  expect(response.body.error?.message?.length, context).toBeGreaterThan(10);
}

async function forgedTokens(): Promise<Record<string, string>> {
  const claims = { email: alice.email, typ: 'access' };
  const sign = (secret: string, build: (jwt: SignJWT) => SignJWT) =>
    build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(alice.user.id)).sign(
      new TextEncoder().encode(secret),
    );
  const real = process.env.JWT_SECRET!;
  const unsigned = (payload: object) =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
  const now = Math.floor(Date.now() / 1000);
  return {
    garbage: 'not-a-jwt',
    'another secret': await sign('an-attacker-secret-of-32-characters!', (jwt) =>
      jwt.setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m'),
    ),
    'alg none': unsigned({ ...claims, sub: alice.user.id, iss: ISSUER, aud: AUDIENCE, exp: now + 300 }),
    expired: await sign(real, (jwt) =>
      jwt
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(now - 3600)
        .setExpirationTime(now - 60),
    ),
    'wrong audience': await sign(real, (jwt) =>
      jwt.setIssuer(ISSUER).setAudience('someone-else').setIssuedAt().setExpirationTime('5m'),
    ),
    'refresh token as access token': alice.refreshToken,
    'tampered payload': (() => {
      const [header, , signature] = alice.accessToken.split('.');
      const payload = Buffer.from(JSON.stringify({ ...claims, sub: bob.user.id })).toString('base64url');
      return `${header}.${payload}.${signature}`;
    })(),
  };
}

describe('Bad input on every route of the manifest', { timeout: 120_000 }, () => {
  it('answers a missing or forged token with 401 on every authenticated route', async () => {
    const tokens = await forgedTokens();
    await expectNothingStored(async () => {
      for (const route of jwtRoutes) {
        expectClearError(
          await send(route, { workspaceId: alice.workspaceId }),
          401,
          `${label(route)} no token`,
        );
        for (const [kind, token] of Object.entries(tokens))
          expectClearError(
            await send(route, { token, workspaceId: alice.workspaceId }),
            401,
            `${label(route)} ${kind}`,
          );
      }
    });
  });

  it("answers another workspace's id with 403, a missing or malformed one with 400", async () => {
    const as = { token: alice.accessToken };
    await expectNothingStored(async () => {
      for (const route of jwtRoutes) {
        if (route.workspaceScoped) {
          expectClearError(await send(route, { ...as, workspaceId: bob.workspaceId }), 403, label(route));
          expectClearError(await send(route, as), 400, `${label(route)} without X-Workspace-Id`);
          for (const hostile of INJECTIONS.slice(0, 3))
            expectClearError(
              await send(route, { ...as, headers: { 'x-workspace-id': hostile } }),
              [400, 403],
              `${label(route)} X-Workspace-Id ${hostile}`,
            );
        } else if (route.path.startsWith('/workspaces/{id}')) {
          expectClearError(await send(route, as), 403, `${label(route)} Bob's workspace`);
        }
      }
    });
  });

  it("never reaches Bob's records through Alice's own workspace: 404, and Bob's data unchanged", async () => {
    const as = { token: alice.accessToken, workspaceId: alice.workspaceId };
    const byId = jwtRoutes.filter((route) => route.workspaceScoped && route.path.includes('{id}'));
    expect(byId.map(label)).toEqual(
      expect.arrayContaining(['GET /leads/{id}', 'PATCH /leads/{id}', 'DELETE /scenarios/{id}']),
    );
    await expectNothingStored(async () => {
      for (const route of byId) {
        const path = route.path.replace('{id}', bobsResourceId(route));
        const body =
          route.method === 'PATCH'
            ? PATCHES[route.path]
            : route.method === 'POST'
              ? POSTS[route.path]
              : undefined;
        const response = await stage.api.request(route.method, path, { ...as, body });
        expectClearError(response, 404, `${label(route)} with Bob's id`);
      }
    });
  });

  it('answers malformed JSON, a non-object body and an oversized body with 400/413 on every JSON route', async () => {
    const as = { token: alice.accessToken, workspaceId: alice.workspaceId };
    const json = { 'content-type': 'application/json' };
    await expectNothingStored(async () => {
      for (const route of bodyRoutes) {
        const malformed = await send(route, { ...as, rawBody: '{"name": "x",', headers: json }, alicesId);
        expectClearError(malformed, 400, `${label(route)} malformed`);
        expect(malformed.body.error.code).toBe('invalid_json');
        for (const notAnObject of ['[]', '"text"', '42', 'null'])
          expectClearError(
            await send(route, { ...as, rawBody: notAnObject, headers: json }, alicesId),
            400,
            `${label(route)} body ${notAnObject}`,
          );
        const oversized = await send(
          route,
          { ...as, rawBody: JSON.stringify({ name: 'x'.repeat(1_100_000) }), headers: json },
          alicesId,
        );
        expectClearError(oversized, 413, `${label(route)} oversized`);
        expect(oversized.body.error.code).toBe('payload_too_large');
      }
    });
  });

  it('names every missing or mistyped field of every JSON body, as its schema does', async () => {
    const as = { token: alice.accessToken, workspaceId: alice.workspaceId };
    await expectNothingStored(async () => {
      for (const route of bodyRoutes) {
        const schema = route.request!.body!;
        // Every field present as a query-operator object ({ $gt: '' }), the classic NoSQL injection: never valid here.
        const shape = (schema as { shape?: Record<string, unknown> }).shape ?? {};
        const mistyped = Object.fromEntries(Object.keys(shape).map((field) => [field, { $gt: '' }]));
        for (const body of [{}, mistyped]) {
          const expected = safeParse(schema, body);
          if (expected.success) continue;
          const response = await send(route, { ...as, body }, alicesId);
          expectClearError(response, 400, `${label(route)} ${JSON.stringify(body)}`);
          expect(response.body.error.code).toBe('validation_failed');
          const named = (response.body.error.details ?? []).map((d: { path: string }) => d.path);
          const fields = expected.error.issues.map((issue) => issue.path.join('.')).filter(Boolean);
          expect(named, `${label(route)} names its fields`).toEqual(expect.arrayContaining(fields));
        }
      }
    });
  });

  it('refuses injection strings in path ids and query filters with a 4xx, or treats them as inert text', async () => {
    const as = { token: alice.accessToken, workspaceId: alice.workspaceId };
    const withParams = apiRoutes.filter((route) => route.path.includes('{') && route.auth === 'jwt');
    const withQuery = jwtRoutes.filter((route) => route.request?.query && route.method === 'GET');
    await expectNothingStored(
      async () => {
        for (const route of withParams)
          for (const hostile of INJECTIONS) {
            const response = await stage.api.request(
              route.method,
              pathOf(route, () => hostile),
              { ...as, ...(route.request?.body ? { body: {} } : {}) },
            );
            expectClearError(response, [400, 403, 404], `${label(route)} param ${JSON.stringify(hostile)}`);
          }
        for (const route of withParams) {
          // Broken percent-encoding cannot even be decoded: still a 4xx, not a crash.
          const path = route.path.replace(/\{\w+\}/g, '%E0%A4%A');
          expectClearError(
            await stage.api.request(route.method, path, as),
            [400, 404],
            `${label(route)} %E0%A4%A`,
          );
        }
        for (const route of withQuery) {
          const shape = (route.request!.query as { shape?: Record<string, unknown> }).shape ?? {};
          for (const field of Object.keys(shape))
            for (const hostile of INJECTIONS) {
              const query = new URLSearchParams({ [field]: hostile });
              const response = await stage.api.get(`${pathOf(route)}?${query}`, as);
              const context = `${label(route)}?${field}=${JSON.stringify(hostile)}`;
              if (response.status === 200)
                expect(response.text, context).not.toContain(process.env.JWT_SECRET);
              else expectClearError(response, [400, 404, 409, 503], context);
            }
        }
      },
      (item) => JSON.parse(item).action === 'leads.exported',
    );
  });

  it('stores injection strings in text fields as inert text and ignores prototype keys', async () => {
    const as = { token: alice.accessToken, workspaceId: alice.workspaceId };
    const created = await stage.api.post(
      '/scenarios',
      JSON.parse(
        `{"name": ${JSON.stringify(INJECTIONS[1])}, "keywords": ${JSON.stringify(INJECTIONS.slice(0, 3))}, "action": "dm", "message": ${JSON.stringify(INJECTIONS[3])}, "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}`,
      ),
      as,
    );
    expect(created.status).toBe(201);
    const read = await stage.api.get(`/scenarios/${created.body.id}`, as);
    expect(read.body).toMatchObject({
      name: INJECTIONS[1],
      keywords: INJECTIONS.slice(0, 3),
      message: INJECTIONS[3],
    });
    expect(read.body).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stage.api.delete(`/scenarios/${created.body.id}`, as);
  });
});

describe('Forged webhooks', { timeout: 60_000 }, () => {
  const META = '/social-accounts/meta/webhook';
  const STRIPE = '/billing/webhook';
  const comment = () =>
    metaWebhook.instagramComment('17841000404', {
      id: 'c-forged-1',
      from: 'mallory-1',
      username: 'mallory',
      text: 'prix ? 06 12 34 56 78',
      mediaId: 'media-1',
    });

  it('refuses Meta deliveries without a valid X-Hub-Signature-256 with 401, and enqueues nothing', async () => {
    const payload = comment();
    const signed = signedMetaWebhook(payload, meta.appSecret);
    const otherBody = signedMetaWebhook({ ...payload, entry: [] }, meta.appSecret);
    const forged = {
      'no signature': { 'content-type': 'application/json' },
      'wrong secret': signedMetaWebhook(payload, 'not-the-app-secret').headers,
      "another body's signature": {
        ...signed.headers,
        'x-hub-signature-256': otherBody.headers['x-hub-signature-256'],
      },
      'sha1 instead of sha256': { ...signed.headers, 'x-hub-signature-256': 'sha1=abcdef' },
      'truncated hex': {
        ...signed.headers,
        'x-hub-signature-256': signed.headers['x-hub-signature-256'].slice(0, 20),
      },
    };
    await expectNothingStored(async () => {
      for (const [kind, headers] of Object.entries(forged)) {
        const response = await stage.api.request('POST', META, { rawBody: signed.body, headers });
        expectClearError(response, 401, `Meta ${kind}`);
      }
      const badJson = signedMetaWebhook('{"object": "instagram", "entry": [', meta.appSecret);
      expectClearError(
        await stage.api.request('POST', META, { rawBody: badJson.body, headers: badJson.headers }),
        400,
        'Meta signed malformed JSON',
      );
      const wrongShape = signedMetaWebhook({ object: 'instagram', entry: 'nope' }, meta.appSecret);
      expectClearError(
        await stage.api.request('POST', META, { rawBody: wrongShape.body, headers: wrongShape.headers }),
        400,
        'Meta signed wrong shape',
      );
      const verify = await stage.api.get(
        `${META}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=${encodeURIComponent(INJECTIONS[2]!)}`,
      );
      expect(verify.status).toBe(403);
      expect(verify.text).not.toContain('<script>');
    });
  });

  it('refuses Stripe events without a valid Stripe-Signature with 400, and changes no plan', async () => {
    const payload = JSON.stringify({
      id: 'evt_forged_1',
      object: 'event',
      type: 'customer.subscription.updated',
      data: {
        object: {
          id: 'sub_x',
          object: 'subscription',
          status: 'active',
          metadata: { workspaceId: alice.workspaceId },
        },
      },
    });
    const stale = Math.floor(Date.now() / 1000) - 3600;
    const forged = {
      'no signature': undefined,
      'wrong secret': Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_not_the_secret' }),
      'stale timestamp': Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: stripe.webhookSecret,
        timestamp: stale,
      }),
      garbage: 't=abc,v1=xyz',
    };
    await expectNothingStored(async () => {
      for (const [kind, signature] of Object.entries(forged)) {
        const response = await stage.api.request('POST', STRIPE, {
          rawBody: payload,
          headers: {
            'content-type': 'application/json',
            ...(signature ? { 'stripe-signature': signature } : {}),
          },
        });
        expectClearError(response, 400, `Stripe ${kind}`);
      }
      const malformed = '{"id": "evt_2", "type":';
      const signedMalformed = await stage.api.request('POST', STRIPE, {
        rawBody: malformed,
        headers: {
          'content-type': 'application/json',
          'stripe-signature': Stripe.webhooks.generateTestHeaderString({
            payload: malformed,
            secret: stripe.webhookSecret,
          }),
        },
      });
      expectClearError(signedMalformed, 400, 'Stripe signed malformed JSON');
    });
    const usage = await stage.api.get('/billing/usage', {
      token: alice.accessToken,
      workspaceId: alice.workspaceId,
    });
    expect(usage.body.plan).toBe('freemium');
  });
});
