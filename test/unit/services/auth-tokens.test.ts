import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signAccessToken, verifyAccessToken } from '../../../shared/adapters/jwt/access-token';
import { hashPassword, verifyPassword } from '../../../shared/services/auth/passwords';
import { familyOf, newRefreshToken } from '../../../shared/services/auth/tokens';

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

const TTL = { maxTtlSeconds: 900 };
const NOW = new Date('2026-03-01T10:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;

/** A token signed with the right key and claims, but with the lifetime the attacker chooses. */
const forge = (times: { iat?: number; exp?: number }) => {
  const jwt = new SignJWT({ email: 'a@b.c', typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u1')
    .setIssuer('flow-ia')
    .setAudience('flow-ia-api');
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(secret);
};

describe('Module: tokens', () => {
  it('round-trips an access token', async () => {
    const token = await signAccessToken({ userId: 'u1', email: 'a@b.c' }, secret, 60);
    expect(await verifyAccessToken(token, secret, TTL)).toEqual({
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
    expect(await verifyAccessToken(other, secret, TTL)).toMatchObject({ ok: false });
    const expired = await forge({ iat: NOW_S - 100, exp: NOW_S - 10 });
    expect(await verifyAccessToken(expired, secret, { ...TTL, now: NOW })).toEqual({
      ok: false,
      reason: 'The access token has expired.',
    });
    const refreshLike = await new SignJWT({ email: 'a@b.c', typ: 'refresh' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('flow-ia')
      .setAudience('flow-ia-api')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(secret);
    expect(await verifyAccessToken(refreshLike, secret, TTL)).toMatchObject({ ok: false });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u1","email":"a@b.c","typ":"access"}').toString('base64url')}.`;
    expect(await verifyAccessToken(none, secret, TTL)).toMatchObject({ ok: false });
  });
});

describe('Function: verifyAccessToken', () => {
  it('accepts a validly signed token whose lifetime is within the configured TTL', async () => {
    // Prepare
    const token = await forge({ iat: NOW_S - 60, exp: NOW_S + 840 });
    // Act
    const result = await verifyAccessToken(token, secret, { ...TTL, now: NOW });
    // Assess
    expect(result).toEqual({ ok: true, claims: { userId: 'u1', email: 'a@b.c' } });
  });

  it('rejects a validly signed token with no exp, no iat, or a lifetime beyond the TTL', async () => {
    // Prepare
    const cases = {
      'no exp': await forge({ iat: NOW_S }),
      'no iat': await forge({ exp: NOW_S + 60 }),
      'far-future exp': await forge({ iat: NOW_S, exp: NOW_S + 10 * 365 * 86_400 }),
      'issued for longer than the TTL': await forge({ iat: NOW_S - 3000, exp: NOW_S + 300 }),
      'issued in the future': await forge({ iat: NOW_S + 600, exp: NOW_S + 900 }),
      'exp before iat': await forge({ iat: NOW_S + 30, exp: NOW_S + 20 }),
    };
    for (const [name, token] of Object.entries(cases)) {
      // Act
      const result = await verifyAccessToken(token, secret, { ...TTL, now: NOW });
      // Assess
      expect(result, name).toMatchObject({ ok: false });
    }
  });

  it('tolerates a minute of clock skew on the upper bounds, not on expiry', async () => {
    // Prepare
    const aheadSigner = await forge({ iat: NOW_S + 30, exp: NOW_S + 930 });
    const justExpired = await forge({ iat: NOW_S - 901, exp: NOW_S - 1 });
    // Act
    const ahead = await verifyAccessToken(aheadSigner, secret, { ...TTL, now: NOW });
    const expired = await verifyAccessToken(justExpired, secret, { ...TTL, now: NOW });
    // Assess
    expect(ahead).toMatchObject({ ok: true });
    expect(expired).toEqual({ ok: false, reason: 'The access token has expired.' });
  });
});

describe('Function: signAccessToken', () => {
  it('issues exactly the TTL even when the clock crosses a second while it signs', async () => {
    // Prepare: a clock that moves 400 ms each time it is read, from 700 ms into a second.
    const RealDate = Date;
    let at = RealDate.parse('2026-03-01T09:59:59.700Z');
    const tick = () => {
      const value = at;
      at += 400;
      return value;
    };
    class MovingDate extends RealDate {
      constructor(...args: ConstructorParameters<DateConstructor> | []) {
        if (args.length === 0) super(tick());
        else super(...(args as ConstructorParameters<DateConstructor>));
      }
      static override now() {
        return tick();
      }
    }
    globalThis.Date = MovingDate as DateConstructor;

    // Act
    let token: string;
    try {
      token = await signAccessToken({ userId: 'u1', email: 'a@b.c' }, secret, 900);
    } finally {
      globalThis.Date = RealDate;
    }

    // Assess: exp - iat is the TTL, so the verifier (at the same instant) accepts it.
    const [, payload] = token.split('.');
    const { iat, exp } = JSON.parse(Buffer.from(payload as string, 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(exp - iat).toBe(900);
    expect(await verifyAccessToken(token, secret, { ...TTL, now: new RealDate(iat * 1000) })).toMatchObject({
      ok: true,
    });
  });
});

describe('Function: newRefreshToken / familyOf', () => {
  it('builds refresh tokens whose family can be read back, and rejects malformed ones', () => {
    const { token, familyId } = newRefreshToken();
    expect(familyOf(token)).toBe(familyId);
    expect(familyOf('nope')).toBeUndefined();
    expect(familyOf(`${familyId}.a.b`)).toBeUndefined();
  });
});
