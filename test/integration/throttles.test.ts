import { request as httpRequest } from 'node:http';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { type FakeStripe, startFakeStripe } from '../../simulation/stripe';
import { type ApiResponse, signup, signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Per-account login throttling, the CSV export's per-workspace budget and the webhook URLs' per-IP budget for
 * rejected requests. Hour-long windows: a run cannot straddle more than one boundary, so sending 2 × limit + 1
 * requests meets a 429 whatever the wall clock says.
 */
const WINDOW = 3600;
let stage: TestStage;
let meta: FakeMetaGraph;
let stripe: FakeStripe;

beforeAll(async () => {
  meta = await startFakeMetaGraph();
  stripe = await startFakeStripe();
  stage = await startTestStage({
    env: {
      ...meta.env('the-verify-token'),
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_URL: stripe.url,
      RATE_LIMIT_ENABLED: '1',
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW),
      RATE_LIMIT_PER_USER: '10000',
      RATE_LIMIT_PER_IP: '10000',
      RATE_LIMIT_AUTH_PER_IP: '10000',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '3',
      RATE_LIMIT_LOGIN_WINDOW_SECONDS: String(WINDOW),
      RATE_LIMIT_EXPORT_PER_WORKSPACE: '2',
      RATE_LIMIT_EXPORT_WINDOW_SECONDS: String(WINDOW),
      RATE_LIMIT_WEBHOOK_REJECTS_PER_IP: '3',
    },
  });
});
afterAll(async () => {
  await stage?.stop();
  await meta?.stop();
  await stripe?.stop();
});

async function untilLimited(limit: number, send: () => Promise<ApiResponse>): Promise<ApiResponse[]> {
  const responses: ApiResponse[] = [];
  for (let i = 0; i < 2 * limit + 1; i += 1) {
    const response = await send();
    responses.push(response);
    if (response.status === 429) break;
  }
  return responses;
}

function expectRateLimited(response: ApiResponse | undefined) {
  expect(response?.status, response?.text).toBe(429);
  expect(response?.body.error.code).toBe('rate_limited');
  const retryAfter = Number(response?.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW);
}

/** A POST from a chosen loopback address: the webhook budget is per source IP. */
function postFrom(
  localAddress: string,
  path: string,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL(path, stage.url),
      {
        method: 'POST',
        localAddress,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const type = String(res.headers['content-type'] ?? '');
          resolve({
            status: res.statusCode ?? 0,
            headers: new Headers(res.headers as Record<string, string>),
            body: type.includes('json') && text ? JSON.parse(text) : text,
            text,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('Route: POST /auth/login (per account)', () => {
  it('throttles one account from any IP, the same way whether or not the account exists', async () => {
    // Prepare
    const victim = await signup(stage.api, 'victim');
    const nobody = `nobody.${Date.now()}@example.test`;
    const guess = (email: string) => () =>
      stage.api.post(
        '/auth/login',
        { email, password: 'wrong guess!' },
        { headers: { 'x-forwarded-for': '1.2.3.4' } },
      );
    // Act
    const onVictim = await untilLimited(3, guess(victim.email));
    const onNobody = await untilLimited(3, guess(nobody));
    // Assess
    for (const responses of [onVictim, onNobody]) {
      expect(responses.slice(0, -1).map((r) => r.status)).toEqual([401, 401, 401]);
      expectRateLimited(responses.at(-1));
    }
    expect(onVictim.at(-1)?.body).toEqual(onNobody.at(-1)?.body);
    // Past the budget even the right password is refused: guessing stops paying off.
    const right = await stage.api.post('/auth/login', { email: victim.email, password: victim.password });
    expectRateLimited(right);
    // The same account however it is spelled.
    expectRateLimited(
      await stage.api.post('/auth/login', { email: victim.email.toUpperCase(), password: victim.password }),
    );
    // Another account is untouched.
    const other = await signup(stage.api, 'bystander');
    expect(
      (await stage.api.post('/auth/login', { email: other.email, password: other.password })).status,
    ).toBe(200);
  });
});

describe('Route: GET /leads/export.csv (per workspace)', () => {
  it('allows the budget of exports per workspace, then 429 with Retry-After', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'exporter');
    const other = await signupWithWorkspace(stage.api, 'exporter2');
    const exportOf = (who: typeof owner) => () =>
      stage.api.get('/leads/export.csv', { token: who.accessToken, workspaceId: who.workspaceId });
    // Act
    const responses = await untilLimited(2, exportOf(owner));
    // Assess
    expect(responses.slice(0, -1).map((r) => r.status)).toEqual([200, 200]);
    expectRateLimited(responses.at(-1));
    expect(responses.at(-1)?.headers.get('content-type')).toContain('application/json');
    expect((await exportOf(other)()).status).toBe(200);
  });
});

describe('Webhook function URLs (per source IP, rejected requests only)', () => {
  const META = '/social-accounts/meta/webhook';
  const STRIPE = '/billing/webhook';

  it('never counts signed Meta deliveries, and turns away an address that keeps failing the signature', async () => {
    // Prepare
    const ip = '127.0.0.2';
    const signed = () =>
      signedMetaWebhook(
        metaWebhook.instagramMessage('178410099', { sender: 'u1', mid: `mid.${Math.random()}` }),
        meta.appSecret,
      );
    // Act: far more signed deliveries than the rejection budget, then forged ones.
    const deliveries = [];
    for (let i = 0; i < 8; i++) {
      const delivery = signed();
      deliveries.push(await postFrom(ip, META, delivery.body, delivery.headers));
    }
    const forged = signed();
    const rejected = await untilLimited(3, () =>
      postFrom(ip, META, forged.body, {
        ...forged.headers,
        'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
      }),
    );
    // Assess
    expect(deliveries.map((d) => d.status)).toEqual(Array(8).fill(200));
    expect(rejected.slice(0, -1).map((r) => r.status)).toEqual([401, 401, 401]);
    expectRateLimited(rejected.at(-1));
    // Another address (the provider's) is not affected.
    const delivery = signed();
    expect((await postFrom('127.0.0.3', META, delivery.body, delivery.headers)).status).toBe(200);
  });

  it('turns away an address that keeps sending forged Stripe events or junk, not Stripe', async () => {
    const ip = '127.0.0.4';
    const payload = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'invoice.paid',
      data: { object: {} },
    });
    const forged = [
      { body: payload, signature: `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
      { body: '{not json', signature: 't=1,v1=00' },
      {
        body: payload,
        signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_wrong' }),
      },
    ];
    let n = 0;
    const rejected = await untilLimited(3, () => {
      const next = forged[n++ % forged.length] as (typeof forged)[number];
      return postFrom(ip, STRIPE, next.body, {
        'content-type': 'application/json',
        'stripe-signature': next.signature,
      });
    });
    expect(rejected.slice(0, -1).map((r) => r.status)).toEqual([400, 400, 400]);
    expectRateLimited(rejected.at(-1));
    // A correctly signed event from elsewhere still goes through.
    const signedPayload = JSON.stringify({
      id: `evt_ok_${Date.now()}`,
      object: 'event',
      type: 'invoice.finalized',
      created: Math.floor(Date.now() / 1000),
      data: { object: { object: 'invoice' } },
    });
    const ok = await postFrom('127.0.0.5', STRIPE, signedPayload, {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({
        payload: signedPayload,
        secret: stripe.webhookSecret,
      }),
    });
    expect(ok.status, ok.text).toBe(200);
  });
});
