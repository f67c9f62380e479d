import { describe, expect, it } from 'vitest';
import { mapGraphError, retryAfterFrom } from '../../../shared/adapters/meta/graph-errors';

const map = (code: number | undefined, subcode?: number, status = 400, headers?: Headers) =>
  mapGraphError(
    status,
    code === undefined ? undefined : { code, error_subcode: subcode, message: 'm' },
    headers,
  );

describe('Function: mapGraphError', () => {
  it.each([
    [190, undefined, 'auth_expired'],
    [190, 458, 'auth_expired'],
    [190, 459, 'auth_expired'],
    [190, 460, 'auth_expired'],
    [190, 463, 'auth_expired'],
    [190, 464, 'auth_expired'],
    [190, 467, 'auth_expired'],
    [102, undefined, 'auth_expired'],
    [10, 2018278, 'outside_window'],
    [10, 2534022, 'outside_window'],
    [10, 2534025, 'already_replied'],
    [551, undefined, 'recipient_unavailable'],
    [551, 2534014, 'recipient_unavailable'],
    [100, undefined, 'invalid_request'],
    [10, undefined, 'permission_denied'],
    [200, undefined, 'permission_denied'],
    [299, undefined, 'permission_denied'],
  ] as const)('code %s / subcode %s → %s, not retryable', (code, subcode, expected) => {
    const failure = map(code, subcode);
    expect(failure.code).toBe(expected);
    expect(failure.retryable).toBe(false);
    expect(failure.providerCode).toBe(subcode ? `${code}/${subcode}` : String(code));
  });

  it.each([4, 17, 32, 613])('code %s → rate_limited, retryable with a retry-after', (code) => {
    expect(map(code)).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterSeconds: 60 });
  });

  it('maps codes 1/2 and HTTP 5xx to provider_unavailable, retryable', () => {
    expect(map(1)).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(map(2, undefined, 503)).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(map(undefined, undefined, 502)).toMatchObject({
      code: 'provider_unavailable',
      providerCode: 'http_502',
    });
  });

  it('explains the 24-hour window in plain words', () => {
    expect(map(10, 2534022).explanation).toBe('outside the 24-hour window: the person must write first');
  });

  it('explains each documented 190 subcode, and says only "reconnect" for any other', () => {
    // Act
    const expired = map(190, 463).explanation;
    const password = map(190, 460).explanation;
    const unknown = map(190, 123456).explanation;
    const none = map(190).explanation;
    // Assess
    expect(expired).toContain('expired');
    expect(password).toContain('password');
    for (const generic of [unknown, none]) {
      expect(generic).toBe('Meta no longer accepts the access token: reconnect the account');
      expect(generic).not.toMatch(/expired|password|revoked/);
    }
  });

  it('maps by the documented code first: a subcode seen with another code never changes its meaning', () => {
    // Community-sourced subcodes count only under the code they were seen with (10).
    expect(map(100, 2534022).code).toBe('invalid_request');
    expect(map(100, 2534025).code).toBe('invalid_request');
    expect(map(200, 2018278).code).toBe('permission_denied');
    expect(map(4, 2534022).code).toBe('rate_limited');
    expect(map(190, 2534025).code).toBe('auth_expired');
    expect(map(551, 2018278).code).toBe('recipient_unavailable');
  });

  it('a code 10 with an unknown subcode is a permission refusal that quotes Meta, not a window explanation', () => {
    // Act
    const failure = mapGraphError(400, {
      code: 10,
      error_subcode: 7777777,
      message: '(#10) Page is restricted from sending messages',
    });
    // Assess
    expect(failure.code).toBe('permission_denied');
    expect(failure.explanation).toBe(
      'Meta refused this action for the app (Meta: (#10) Page is restricted from sending messages)',
    );
    expect(failure.explanation).not.toContain('24-hour');
  });

  it('an OAuthException without a code asks for a reconnect without guessing why', () => {
    expect(mapGraphError(400, { type: 'OAuthException', message: 'x' })).toMatchObject({
      code: 'auth_expired',
      explanation: 'Meta no longer accepts the access token: reconnect the account',
    });
  });
});

describe('Function: retryAfterFrom', () => {
  it('prefers Retry-After, then the business use case estimate, then X-App-Usage at 100%', () => {
    expect(retryAfterFrom(new Headers({ 'retry-after': '7' }))).toBe(7);
    expect(
      retryAfterFrom(
        new Headers({
          'x-business-use-case-usage': JSON.stringify({ '1': [{ estimated_time_to_regain_access: 12 }] }),
        }),
      ),
    ).toBe(720);
    expect(retryAfterFrom(new Headers({ 'x-app-usage': '{"call_count":100,"total_time":3}' }))).toBe(900);
    expect(retryAfterFrom(new Headers({ 'x-app-usage': 'not json' }))).toBe(60);
    expect(retryAfterFrom(undefined, 5)).toBe(5);
  });
});
