import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoUserStore } from '../../shared/adapters/dynamo/user-store';
import { signAccessToken } from '../../shared/adapters/jwt/access-token';
import { jwtSecret } from '../../shared/adapters/secrets/jwt-secret';
import { AuthService, REFRESH_GRACE_SECONDS } from '../../shared/services/auth/auth-service';
import { signup } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage();
});
afterAll(() => stage.stop());

const refresh = (refreshToken: string) => stage.api.post('/auth/refresh', { refreshToken });
const me = (accessToken: string) => stage.api.get('/auth/me', { token: accessToken });

/** The stage's own key: these tokens are validly signed, only their lifetime is wrong. */
async function signedAccessToken(user: { id: string; email: string }, times: { iat?: number; exp?: number }) {
  const jwt = new SignJWT({ email: user.email, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuer('flow-ia')
    .setAudience('flow-ia-api');
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(new TextEncoder().encode(process.env.JWT_SECRET));
}

describe('Races: concurrent refreshes of one token', () => {
  it('three refreshes at once all succeed with the same successor pair, which keeps working', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      // Prepare
      const user = await signup(stage.api, 'tabs');
      // Act
      const results = await Promise.all([1, 2, 3].map(() => refresh(user.refreshToken)));
      // Assess
      expect(
        results.map((r) => r.status),
        `attempt ${attempt}`,
      ).toEqual([200, 200, 200]);
      const pairs = new Set(results.map((r) => `${r.body.accessToken} ${r.body.refreshToken}`));
      expect(pairs.size).toBe(1);
      const { accessToken, refreshToken } = results[0]!.body;
      expect(refreshToken).not.toBe(user.refreshToken);
      expect((await me(accessToken)).status).toBe(200);
      const next = await refresh(refreshToken);
      expect(next.status).toBe(200);
      expect((await me(next.body.accessToken)).status).toBe(200);
    }
  });

  it('reuse of a token rotated out before the last rotation revokes the family', async () => {
    // Prepare
    const user = await signup(stage.api, 'thief');
    const second = await refresh(user.refreshToken);
    const third = await refresh(second.body.refreshToken);
    expect(third.status).toBe(200);
    // Act: the first token comes back while the family has moved on twice
    const reuse = await refresh(user.refreshToken);
    // Assess
    expect(reuse.status).toBe(401);
    expect((await refresh(third.body.refreshToken)).status).toBe(401);
  });
});

describe('Class: AuthService (grace window, on the stage table)', () => {
  it('returns the same pair to a retry within the grace window, revokes the family on reuse after it', async () => {
    // Prepare
    let now = new Date();
    const service = new AuthService(new DynamoUserStore(stageTable), {
      jwtSecret,
      signAccessToken,
      accessTtlSeconds: 900,
      refreshTtlSeconds: 3600,
      now: () => now,
    });
    const user = await signup(stage.api, 'grace');
    const session = await service.login({ email: user.email, password: user.password });
    const first = await service.refresh(session.refreshToken);
    // Act
    now = new Date(now.getTime() + (REFRESH_GRACE_SECONDS - 1) * 1000);
    const retried = await service.refresh(session.refreshToken);
    now = new Date(now.getTime() + 2000);
    const late = service.refresh(session.refreshToken);
    // Assess
    expect(retried).toEqual(first);
    await expect(late).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(service.refresh(first.refreshToken)).rejects.toMatchObject({ code: 'unauthorized' });
    expect((await refresh(first.refreshToken)).status).toBe(401);
  });
});

describe('Routes: revoking a session needs its secret', () => {
  it('a refresh token with the right family id and a made-up secret revokes nothing', async () => {
    // Prepare
    const user = await signup(stage.api, 'victim');
    const familyId = user.refreshToken.split('.')[0];
    const forged = `${familyId}.${Buffer.alloc(32, 7).toString('base64url')}`;
    // Act
    const refused = await refresh(forged);
    const logout = await stage.api.post('/auth/logout', { refreshToken: forged });
    // Assess
    expect(refused.status).toBe(401);
    expect(logout.status).toBe(204);
    expect((await refresh(user.refreshToken)).status).toBe(200);
  });

  it('logout with the current token ends the session; the access token lives until its exp', async () => {
    // Prepare
    const user = await signup(stage.api, 'leaving');
    // Act
    const logout = await stage.api.post('/auth/logout', { refreshToken: user.refreshToken });
    // Assess
    expect(logout.status).toBe(204);
    expect((await refresh(user.refreshToken)).status).toBe(401);
    // Documented: access tokens are checked without a database read, so this one works until it expires.
    expect((await me(user.accessToken)).status).toBe(200);
  });
});

describe('Routes: access token lifetime', () => {
  it('refuses a validly signed access token with no exp, a far-future exp or a future iat', async () => {
    // Prepare
    const user = await signup(stage.api, 'forger');
    const now = Math.floor(Date.now() / 1000);
    const tokens = {
      'no exp': await signedAccessToken(user.user, { iat: now }),
      'no iat': await signedAccessToken(user.user, { exp: now + 300 }),
      'far-future exp': await signedAccessToken(user.user, { iat: now, exp: now + 10 * 365 * 86_400 }),
      'future iat': await signedAccessToken(user.user, { iat: now + 3600, exp: now + 3900 }),
    };
    for (const [name, token] of Object.entries(tokens)) {
      // Act
      const response = await me(token);
      // Assess
      expect(response.status, name).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
    expect((await me(await signedAccessToken(user.user, { iat: now, exp: now + 300 }))).status).toBe(200);
  });
});
