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
    [100, 2534014, 'recipient_unavailable'],
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
