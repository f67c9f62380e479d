import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../shared/services/auth/passwords';
import {
  familyOf,
  newRefreshToken,
  signAccessToken,
  verifyAccessToken,
} from '../../../shared/services/auth/tokens';

const secret = new TextEncoder().encode('a-test-secret-of-enough-length-000000');

describe('Module: passwords', () => {
  it('verifies the right password and rejects others, with a salted hash', async () => {
    const hash = await hashPassword('s3cret pass');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('s3cret');
    expect(await verifyPassword('s3cret pass', hash)).toBe(true);
    expect(await verifyPassword('s3cret pasS', hash)).toBe(false);
    expect(await hashPassword('s3cret pass')).not.toBe(hash);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('Module: tokens', () => {
  it('round-trips an access token', async () => {
    const token = await signAccessToken({ userId: 'u1', email: 'a@b.c' }, secret, 60);
    expect(await verifyAccessToken(token, secret)).toEqual({
      ok: true,
      claims: { userId: 'u1', email: 'a@b.c' },
    });
  });

  it('rejects a token signed with another key, an expired token and a token of another type', async () => {
    const other = await signAccessToken(
      { userId: 'u1', email: 'a@b.c' },
      new TextEncoder().encode('another-secret-000000000000000000'),
      60,
    );
    expect(await verifyAccessToken(other, secret)).toMatchObject({ ok: false });
    const expired = await new SignJWT({ email: 'a@b.c', typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('flow-ia')
      .setAudience('flow-ia-api')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(secret);
    expect(await verifyAccessToken(expired, secret)).toEqual({
      ok: false,
      reason: 'The access token has expired.',
    });
    const refreshLike = await new SignJWT({ email: 'a@b.c', typ: 'refresh' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('flow-ia')
      .setAudience('flow-ia-api')
      .setExpirationTime('1m')
      .sign(secret);
    expect(await verifyAccessToken(refreshLike, secret)).toMatchObject({ ok: false });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u1","email":"a@b.c","typ":"access"}').toString('base64url')}.`;
    expect(await verifyAccessToken(none, secret)).toMatchObject({ ok: false });
  });

  it('builds refresh tokens whose family can be read back, and rejects malformed ones', () => {
    const { token, familyId } = newRefreshToken();
    expect(familyOf(token)).toBe(familyId);
    expect(familyOf('nope')).toBeUndefined();
    expect(familyOf(`${familyId}.a.b`)).toBeUndefined();
  });
});
