import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/config';
import { type ApiResponse, signup, signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';

// An hour-long window: a test run cannot straddle more than one window boundary, so sending 2 × limit + 1
// requests is certain to meet a 429 whatever the wall clock says.
const WINDOW = 3600;
let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({
    env: {
      RATE_LIMIT_ENABLED: '1',
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW),
      RATE_LIMIT_PER_USER: '4',
      RATE_LIMIT_PER_IP: '1000',
      RATE_LIMIT_AUTH_PER_IP: '3',
    },
  });
});
afterAll(() => stage.stop());

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
  expect(response?.status).toBe(429);
  expect(response?.body.error.code).toBe('rate_limited');
  const retryAfter = Number(response?.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW);
  expect(response?.headers.get('x-request-id')).toBeTruthy();
}

describe('Middleware: rateLimit', () => {
  it('limits each user on their own budget, with 429 and Retry-After', async () => {
    const alice = await signup(stage.api, 'alice');
    const bob = await signup(stage.api, 'bob');

    const responses = await untilLimited(4, () => stage.api.get('/auth/me', { token: alice.accessToken }));

    expect(responses.slice(0, -1).every((r) => r.status === 200)).toBe(true);
    expectRateLimited(responses.at(-1));
    expect((await stage.api.get('/auth/me', { token: bob.accessToken })).status).toBe(200);
  });

  it('gives each API key a budget of its own, apart from its creator', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'keyowner');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    const key = await stage.api.post('/api-keys', { name: 'bulk', scope: 'read' }, as);

    // Act
    const responses = await untilLimited(4, () => stage.api.get('/leads', { token: key.body.key }));

    // Assess
    expect(responses.slice(0, -1).every((r) => r.status === 200)).toBe(true);
    expectRateLimited(responses.at(-1));
    expect((await stage.api.get('/leads', as)).status).toBe(200);
  });

  it('slows credential stuffing on login with the stricter per-IP budget', async () => {
    const responses = await untilLimited(3, () =>
      stage.api.post('/auth/login', { email: 'victim@example.test', password: 'guess-guess' }),
    );
    expect(responses.slice(0, -1).every((r) => r.status === 401)).toBe(true);
    expectRateLimited(responses.at(-1));
    let n = 0;
    const signups = await untilLimited(3, () => {
      n += 1;
      return stage.api.post('/auth/signup', { email: `new${n}@example.test`, password: 'long enough pw' });
    });
    expectRateLimited(signups.at(-1));
  });

  it('limits anonymous traffic per IP', async () => {
    process.env.RATE_LIMIT_PER_IP = '25';
    resetConfig();
    try {
      const responses = await untilLimited(25, () => stage.api.get('/billing/plans'));
      expectRateLimited(responses.at(-1));
    } finally {
      process.env.RATE_LIMIT_PER_IP = '1000';
      resetConfig();
    }
  });

  it('does not limit function-URL webhooks', async () => {
    process.env.RATE_LIMIT_PER_IP = '1';
    resetConfig();
    try {
      for (let i = 0; i < 3; i += 1) {
        const response = await stage.api.request('POST', '/billing/webhook', {
          rawBody: '{}',
          headers: { 'content-type': 'application/json' },
        });
        expect(response.status).not.toBe(429);
      }
    } finally {
      process.env.RATE_LIMIT_PER_IP = '1000';
      resetConfig();
    }
  });
});
