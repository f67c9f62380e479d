import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../shared/observability/logger';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { captureStdout } from '../support/capture-stdout';
import { startTestStage, type TestStage } from '../support/stage';

// The handlers' logger is created when the first handler loads: ask for DEBUG before anything imports it.
vi.hoisted(() => {
  process.env.LOG_LEVEL = 'DEBUG';
});

let fake: FakeMetaGraph;
let stage: TestStage;
beforeAll(async () => {
  fake = await startFakeMetaGraph();
  stage = await startTestStage({ env: fake.env('the-verify-token') });
});
afterAll(async () => {
  await stage.stop();
  await fake.stop();
});

describe('Logs: concurrent webhook requests', () => {
  it("keep each request's correlation id on that request's lines only", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      // Prepare
      const ids = Array.from({ length: 6 }, (_, i) => `corr-wh-${attempt}-${i}`);
      const capture = captureStdout();
      // Act
      let statuses: number[];
      try {
        const responses = await Promise.all(
          ids.map((id, i) => {
            // An account nobody connected: the webhook acknowledges, logs a skip, publishes nothing.
            const signed = signedMetaWebhook(
              metaWebhook.instagramMessage(`9990${i}`, { sender: `5550${i}`, mid: `m-${attempt}-${i}` }),
              fake.appSecret,
            );
            return stage.api.request('POST', '/social-accounts/meta/webhook', {
              rawBody: signed.body,
              headers: { ...signed.headers, 'x-request-id': id },
            });
          }),
        );
        statuses = responses.map((r) => r.status);
        logger.info('after the webhooks');
      } finally {
        capture.restore();
      }
      // Assess
      expect(statuses).toEqual(ids.map(() => 200));
      const lines = capture.json();
      for (const id of ids) {
        const mine = lines.filter((line) => line.correlation_id === id);
        expect(
          mine.filter((l) => l.message === 'request received'),
          id,
        ).toHaveLength(1);
        expect(
          mine.filter((l) => l.message === 'request'),
          id,
        ).toHaveLength(1);
        const received = mine.find((l) => l.message === 'request received') as {
          headers: Record<string, string>;
        };
        expect(received.headers['x-request-id']).toBe(id);
        expect(received.headers['x-hub-signature-256']).toBe('[redacted]');
      }
      const after = lines.find((line) => line.message === 'after the webhooks');
      expect(after).toBeDefined();
      expect(after).not.toHaveProperty('correlation_id');
    }
  });
});

describe('Logs: secrets at DEBUG', () => {
  it('never prints LinkedIn cookies, and keeps error codes readable', async () => {
    // Prepare
    const liAt = 'AQEDAliatcookievalue0987654321';
    const jsessionid = 'ajax:4711471147114711';
    const capture = captureStdout();
    // Act
    let response: Awaited<ReturnType<typeof stage.api.post>>;
    try {
      response = await stage.api.post(
        '/social-accounts/linkedin/connect',
        { liAt, jsessionid },
        {
          headers: {
            'x-request-id': 'corr-linkedin-secret',
            cookie: `li_at=${liAt}; JSESSIONID="${jsessionid}"`,
            authorization: 'Bearer not-a-valid-token',
          },
        },
      );
    } finally {
      capture.restore();
    }
    // Assess
    expect(response.status).toBe(401);
    const lines = capture.json().filter((line) => line.correlation_id === 'corr-linkedin-secret');
    expect(lines.find((line) => line.message === 'request body')).toMatchObject({
      body: { liAt: '[redacted]', jsessionid: '[redacted]' },
    });
    expect(lines.find((line) => line.message === 'request rejected')).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    const output = capture.text();
    for (const secret of [liAt, jsessionid, 'not-a-valid-token'])
      expect(output.includes(secret), secret).toBe(false);
  });
});
