import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureStdout } from '../support/capture-stdout';
import { startTestStage, type TestStage } from '../support/stage';

// The handlers' logger is created when the first handler loads: ask for DEBUG before anything imports it.
vi.hoisted(() => {
  process.env.LOG_LEVEL = 'DEBUG';
});

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage();
});
afterAll(() => stage.stop());

describe('Structured logs of a real request', () => {
  it('writes JSON lines carrying the response x-request-id as correlation_id', async () => {
    // Prepare
    const capture = captureStdout();
    // Act
    let requestId: string | null;
    try {
      const response = await stage.api.get('/health', { headers: { 'x-request-id': 'corr-health-1' } });
      requestId = response.headers.get('x-request-id');
    } finally {
      capture.restore();
    }
    // Assess
    expect(requestId).toBe('corr-health-1');
    const lines = capture.json().filter((line) => line.correlation_id === requestId);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.map((line) => line.message)).toEqual(
      expect.arrayContaining(['request received', 'request']),
    );
    for (const line of lines) {
      expect(line).toMatchObject({ service: 'flow-ia', level: expect.any(String) });
      expect(typeof line.timestamp).toBe('string');
    }
  });

  it('never prints passwords, tokens, Authorization headers or cookies, even at DEBUG', async () => {
    // Prepare
    const email = `logs.${Date.now()}@example.test`;
    const password = 'Sup3r-secret-passphrase!';
    const cookie = 'li_at=AQEDAcookievalue1234567890';
    const capture = captureStdout();
    const seen: string[] = [];
    // Act
    try {
      const signup = await stage.api.post(
        '/auth/signup',
        { email, password, name: 'Logs' },
        {
          headers: { cookie, 'x-request-id': 'corr-signup' },
        },
      );
      expect(signup.status).toBe(201);
      seen.push(signup.body.accessToken, signup.body.refreshToken);
      const login = await stage.api.post(
        '/auth/login',
        { email, password },
        {
          headers: { 'x-request-id': 'corr-login' },
        },
      );
      expect(login.status).toBe(200);
      seen.push(login.body.accessToken, login.body.refreshToken);
      const refresh = await stage.api.post(
        '/auth/refresh',
        { refreshToken: login.body.refreshToken },
        {
          token: login.body.accessToken,
          headers: { cookie, 'x-request-id': 'corr-refresh' },
        },
      );
      expect(refresh.status).toBe(200);
      seen.push(refresh.body.accessToken, refresh.body.refreshToken);
      const wrong = await stage.api.post('/auth/login', { email, password: `${password}-wrong` });
      expect(wrong.status).toBe(401);
    } finally {
      capture.restore();
    }
    // Assess
    const output = capture.text();
    const lines = capture.json();
    // The DEBUG lines were written (so the absence of secrets below is not the absence of logs)…
    const bodies = lines.filter((line) => line.message === 'request body');
    expect(bodies.map((line) => line.correlation_id)).toEqual(
      expect.arrayContaining(['corr-signup', 'corr-login', 'corr-refresh']),
    );
    expect(bodies.find((line) => line.correlation_id === 'corr-signup')).toMatchObject({
      body: { email, password: '[redacted]' },
    });
    expect(
      lines.find((line) => line.message === 'request received' && line.correlation_id === 'corr-refresh'),
    ).toMatchObject({ headers: { authorization: '[redacted]' }, cookies: '[redacted]' });
    // …and no secret appears anywhere in them.
    for (const secret of [password, `${password}-wrong`, cookie, 'AQEDAcookievalue1234567890', ...seen])
      expect(output.includes(secret), `stdout contains a secret (${secret.slice(0, 6)}…)`).toBe(false);
    expect(output).not.toMatch(/Bearer\s+ey/);
  });
});
