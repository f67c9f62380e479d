import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDeadLetter, LocalQueueStore } from '../../infra/local/adapters/local-queue-store';
import { routes } from '../../infra/routes';
import { stageTable } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { deleteKeys } from '../../shared/adapters/dynamo/queries';
import { signup } from '../support/api';
import { verifyEmail } from '../support/members';
import { startTestStage, type TestStage } from '../support/stage';

const OPERATOR = `ops.${process.pid}.${Date.now()}@example.test`;
let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({ env: { ADMIN_EMAILS: ` someone@else.test, ${OPERATOR.toUpperCase()} ` } });
});
afterAll(() => stage.stop());
// Dead letters as the local queues write them (the table's dead-letter list), removed after each test.
const store = new LocalQueueStore();
let written: LocalDeadLetter[] = [];
async function recordDeadLetter(
  letter: Pick<LocalDeadLetter, 'queue' | 'messageId' | 'error' | 'cause' | 'failedAt'> & {
    correlationId: string;
  },
) {
  const { correlationId, ...rest } = letter;
  const full: LocalDeadLetter = {
    ...rest,
    body: JSON.stringify({ correlationId }),
    receiveCount: 5,
    enqueuedAt: letter.failedAt,
  };
  await store.append(letter.queue, [full]);
  await store.deadLetter(full);
  written.push(full);
}
afterEach(async () => {
  await deleteKeys(
    stageTable,
    written.map((l) => keys.localDeadLetter(l.queue, l.failedAt, l.messageId)),
  );
  written = [];
});

async function operatorToken(): Promise<string> {
  const response = await stage.api.post('/auth/login', {
    email: OPERATOR,
    password: 'correct horse battery',
  });
  if (response.status === 200) return response.body.accessToken;
  const created = await stage.api.post('/auth/signup', {
    email: OPERATOR,
    password: 'correct horse battery',
  });
  expect(created.status).toBe(201);
  // The allow-list counts an address only once its owner proved it.
  await verifyEmail(stage.api, { email: OPERATOR });
  return created.body.accessToken;
}

describe('GET /openapi.json', () => {
  it('serves the generated OpenAPI 3.1 document with every manifest route', async () => {
    const response = await stage.api.get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.body.openapi).toBe('3.1.0');
    for (const route of routes)
      expect(
        response.body.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
  });
});

describe('GET /docs', () => {
  it('serves a self-contained HTML page that loads nothing from another origin', async () => {
    const response = await stage.api.get('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(response.text).toContain('openapi.json');
    expect(response.text).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?(https?:)?\/\//i);
  });
});

describe('GET /health', () => {
  it('reports the table, both queues and each provider, and stays 200 without provider keys', async () => {
    const response = await stage.api.get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      checks: {
        table: 'ok',
        'queue.incomingMessages': 'ok',
        'queue.browserLinkedIn': 'ok',
        'provider.meta': 'not_configured',
        'provider.openai': 'not_configured',
        'provider.stripe': 'not_configured',
      },
    });
  });

  it('degrades (still 200) when a local dead letter exists, naming the count', async () => {
    await recordDeadLetter({
      queue: 'browserLinkedIn',
      messageId: 'm-1',
      correlationId: 'corr-dlq',
      error: 'LinkedInJobRetry',
      cause: 'checkpoint challenge',
      failedAt: new Date().toISOString(),
    });
    const response = await stage.api.get('/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('degraded');
    expect(response.body.checks['queue.browserLinkedIn']).toBe('degraded');
    expect(response.body.reasons['queue.browserLinkedIn']).toContain('1 message(s)');
  });
});

describe('GET /admin/status', () => {
  it('requires a token, and refuses users who are not operators', async () => {
    expect((await stage.api.get('/admin/status')).status).toBe(401);
    const user = await signup(stage.api, 'notops');
    const response = await stage.api.get('/admin/status', { token: user.accessToken });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('forbidden');
  });

  it('shows operators the local queue depths, dead letters and workflow failures', async () => {
    // Prepare
    const token = await operatorToken();
    await recordDeadLetter({
      queue: 'incomingMessages',
      messageId: 'msg-9',
      correlationId: 'corr-wf-9',
      error: 'PermanentSendError',
      cause: 'send failed: (#10) outside of allowed window',
      failedAt: '2026-01-02T03:04:05.000Z',
    });
    // Act
    const response = await stage.api.get('/admin/status?failures=5', { token });
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({ stage: 'local', schedules: expect.any(Array) });
    const incoming = response.body.queues.find((q: { queue: string }) => q.queue === 'incomingMessages');
    expect(incoming).toMatchObject({
      configured: true,
      visible: expect.any(Number),
      inFlight: null,
      deadLetter: 1,
    });
    expect(response.body.queues.map((q: { queue: string }) => q.queue)).toEqual([
      'incomingMessages',
      'browserLinkedIn',
    ]);
    expect(response.body.workflow).toMatchObject({
      source: 'local',
      failures: [
        { id: 'msg-9', correlationId: 'corr-wf-9', error: expect.stringContaining('allowed window') },
      ],
    });
  });

  it('validates its query like any route', async () => {
    const token = await operatorToken();
    const response = await stage.api.get('/admin/status?failures=0', { token });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });
});
