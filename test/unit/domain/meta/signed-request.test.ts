import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSignedRequest } from '../../../../shared/domain/meta/signed-request';
import { officialFixture } from '../../../support/fixtures';
import { signedRequest } from '../../../support/signed-request';

const SECRET = 'app-secret-for-tests';

describe('Function: parseSignedRequest', () => {
  for (const name of ['signed-request-data-deletion.json', 'signed-request-deauthorize.json']) {
    it(`verifies and decodes Meta's example payload (${name})`, () => {
      // Prepare
      const fixture = officialFixture('meta', name);
      const request = signedRequest(fixture.payload, SECRET);

      // Act
      const result = parseSignedRequest(request, SECRET);

      // Assess
      expect(result).toEqual({
        ok: true,
        payload: {
          algorithm: 'HMAC-SHA256',
          userId: '218471',
          issuedAt: 1291836800,
          raw: fixture.payload,
        },
      });
    });
  }

  it('accepts the padded base64url form Meta sometimes sends', () => {
    // Prepare
    const request = signedRequest(
      officialFixture('meta', 'signed-request-data-deletion.json').payload,
      SECRET,
    );
    const [sig, payload] = request.split('.');

    // Act
    const result = parseSignedRequest(`${sig}=.${payload}`, SECRET);

    // Assess
    expect(result.ok).toBe(true);
  });

  it('refuses a request signed with another secret', () => {
    // Prepare
    const forged = signedRequest({ algorithm: 'HMAC-SHA256', user_id: '218471' }, 'attacker');

    // Act
    const result = parseSignedRequest(forged, SECRET);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a payload changed after signing', () => {
    // Prepare
    const [sig] = signedRequest({ algorithm: 'HMAC-SHA256', user_id: '1' }, SECRET).split('.');
    const other = Buffer.from(JSON.stringify({ algorithm: 'HMAC-SHA256', user_id: '2' })).toString(
      'base64url',
    );

    // Act
    const result = parseSignedRequest(`${sig}.${other}`, SECRET);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses another algorithm, a missing user and malformed input', () => {
    // Act / Assess
    expect(
      parseSignedRequest(signedRequest({ algorithm: 'HMAC-SHA1', user_id: '1' }, SECRET), SECRET),
    ).toEqual({
      ok: false,
      reason: 'unsupported_algorithm',
    });
    expect(parseSignedRequest(signedRequest({ algorithm: 'HMAC-SHA256' }, SECRET), SECRET)).toEqual({
      ok: false,
      reason: 'no_user',
    });
    expect(parseSignedRequest('no-dot', SECRET)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseSignedRequest('a.b c', SECRET)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('Function: parseSignedRequest (the Instagram app callbacks)', () => {
  // The Instagram app of the Meta app has its own secret (Business login settings): its callbacks are verified
  // with it, never with the Meta app's.
  const INSTAGRAM_SECRET = 'instagram-app-secret-for-tests';
  const payload = { algorithm: 'HMAC-SHA256', issued_at: 1_790_000_000, user_id: '17841400000000001' };

  it('verifies a request signed with the Instagram app secret, a numeric user_id above 2^53 kept exact', () => {
    // Prepare: the id as a bare JSON number, as Meta may send it (JSON.stringify cannot write it unrounded)
    const encoded = Buffer.from(
      '{"algorithm":"HMAC-SHA256","issued_at":1790000000,"user_id":17841400000000001}',
    ).toString('base64url');
    const signature = createHmac('sha256', INSTAGRAM_SECRET).update(encoded).digest('base64url');

    // Act
    const result = parseSignedRequest(`${signature}.${encoded}`, INSTAGRAM_SECRET);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      payload: { userId: '17841400000000001', issuedAt: 1_790_000_000 },
    });
  });

  it('refuses one signed with the Meta app secret or any other', () => {
    // Act / Assess
    expect(parseSignedRequest(signedRequest(payload, SECRET), INSTAGRAM_SECRET)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(parseSignedRequest(signedRequest(payload, INSTAGRAM_SECRET), SECRET)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses an algorithm other than HMAC-SHA256 even when correctly signed', () => {
    // Prepare
    const request = signedRequest({ ...payload, algorithm: 'none' }, INSTAGRAM_SECRET);

    // Act
    const result = parseSignedRequest(request, INSTAGRAM_SECRET);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'unsupported_algorithm' });
  });
});
