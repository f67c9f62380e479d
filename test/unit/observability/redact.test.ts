import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { redact, redactText } from '../../../shared/observability/redact';

describe('Function: redact', () => {
  it('hides every secret-bearing key, whatever its spelling, at any depth', () => {
    // Prepare
    const input = {
      body: { liAt: 'AQEDA-li-at', jsessionid: 'ajax:123', password: 'pw', profileName: 'Léa' },
      cookies: ['li_at=AQEDA', 'JSESSIONID="ajax:1"'],
      headers: {
        authorization: 'Bearer eyJabc',
        cookie: 'li_at=AQEDA',
        'set-cookie': 'flowia_oauth_tiktok=n0nce',
        'x-hub-signature-256': 'sha256=00',
        'stripe-signature': 't=1,v1=00',
        'x-request-id': 'corr-1',
      },
      nested: {
        deeper: { JSESSIONID: 'x', li_at: 'y', LIAT: 'z', apiKey: 'k', key: 'fia_k', codeVerifier: 'v' },
      },
      form: { signed_request: 'abc.def' },
    };
    // Act
    const out = redact(input);
    // Assess
    expect(out.body).toEqual({
      liAt: '[redacted]',
      jsessionid: '[redacted]',
      password: '[redacted]',
      profileName: 'Léa',
    });
    expect(out.cookies).toBe('[redacted]');
    expect(out.headers).toEqual({
      authorization: '[redacted]',
      cookie: '[redacted]',
      'set-cookie': '[redacted]',
      'x-hub-signature-256': '[redacted]',
      'stripe-signature': '[redacted]',
      'x-request-id': 'corr-1',
    });
    expect(Object.values(out.nested.deeper)).toEqual(Array(6).fill('[redacted]'));
    expect(out.form.signed_request).toBe('[redacted]');
  });

  it('hides the OAuth code and state of a query, but keeps an error code readable', () => {
    // Prepare
    const input = {
      query: { code: 'auth-code', state: 'signed.state', scopes: 'user.info' },
      code: 'last_owner',
    };
    // Act
    const out = redact(input);
    // Assess
    expect(out).toEqual({
      query: { code: '[redacted]', state: '[redacted]', scopes: 'user.info' },
      code: 'last_owner',
    });
  });

  it("keeps an Error's name, message, stack and code, and those of its cause", () => {
    // Prepare
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const error = new AppError(409, 'last_owner', 'The last owner cannot leave.');
    (error as { cause?: unknown }).cause = cause;
    // Act
    const out = redact({ error }) as { error: Record<string, any> };
    // Assess
    expect(out.error).toMatchObject({
      name: 'AppError',
      message: 'The last owner cannot leave.',
      code: 'last_owner',
      status: 409,
      stack: expect.stringContaining('redact.test.ts'),
      cause: { name: 'Error', message: 'socket hang up', code: 'ECONNRESET' },
    });
  });

  it('scrubs secrets that travel inside text, and cuts what is nested too deep rather than print it', () => {
    // Prepare
    let deep: Record<string, unknown> = { note: 'AQEDAdeep' };
    for (let i = 0; i < 20; i++) deep = { child: deep };
    const message =
      'GET https://api.example/cb?code=abc123&state=s1&ok=1 failed; Cookie: li_at=AQEDA; JSESSIONID="ajax:9"; Authorization: Bearer eyJ.x.y';
    // Act
    const text = redactText(message);
    const nested = JSON.stringify(redact(deep));
    // Assess
    expect(text).toBe(
      'GET https://api.example/cb?code=[redacted]&state=[redacted]&ok=1 failed; Cookie: li_at=[redacted]; JSESSIONID="[redacted]"; Authorization: Bearer [redacted]',
    );
    expect(nested).toContain('[truncated]');
    expect(nested).not.toContain('AQEDAdeep');
  });
});
