import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage();
});
afterAll(() => stage.stop());

describe('Routes: /auth', () => {
  it('signs up, logs in and returns the user from /auth/me', async () => {
    const user = await signup(stage.api, 'ann');
    expect(user.user).toMatchObject({ email: user.email, name: 'ann' });
    const login = await stage.api.post('/auth/login', {
      email: user.email.toUpperCase(),
      password: user.password,
    });
    expect(login.status).toBe(200);
    const me = await stage.api.get('/auth/me', { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: user.user, workspaces: [] });
    expect(me.headers.get('x-request-id')).toBeTruthy();
  });

  it('rejects a duplicate email with 409 and nothing new stored', async () => {
    const user = await signup(stage.api, 'dup');
    const again = await stage.api.post('/auth/signup', { email: user.email, password: 'another password' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    const login = await stage.api.post('/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(200);
  });

  it('validates the body and names the fields', async () => {
    const response = await stage.api.post('/auth/signup', { email: 'not-an-email', password: 'short' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'email',
      'password',
    ]);
  });

  it('answers the same 401 for an unknown email and a wrong password', async () => {
    const user = await signup(stage.api, 'bob');
    const wrong = await stage.api.post('/auth/login', { email: user.email, password: 'wrong password' });
    const unknown = await stage.api.post('/auth/login', {
      email: 'nobody@example.test',
      password: 'wrong password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('rotates refresh tokens and revokes the family when a rotated token is reused', async () => {
    const user = await signup(stage.api, 'rot');
    const first = await stage.api.post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    const me = await stage.api.get('/auth/me', { token: first.body.accessToken });
    expect(me.status).toBe(200);
    // A retry of the same exchange within the grace window gets the same successor (see auth-sessions.test.ts).
    const retry = await stage.api.post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(retry.body).toEqual(first.body);
    const second = await stage.api.post('/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);

    const reuse = await stage.api.post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(reuse.status).toBe(401);
    // The reuse revoked the whole family: the legitimate newest token is dead too.
    const newest = await stage.api.post('/auth/refresh', { refreshToken: second.body.refreshToken });
    expect(newest.status).toBe(401);
  });

  it('logs out: the refresh token stops working', async () => {
    const user = await signup(stage.api, 'out');
    expect((await stage.api.post('/auth/logout', { refreshToken: user.refreshToken })).status).toBe(204);
    expect((await stage.api.post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
  });

  it('rejects missing, malformed and forged access tokens with 401', async () => {
    expect((await stage.api.get('/auth/me')).status).toBe(401);
    expect((await stage.api.get('/auth/me', { token: 'abc.def.ghi' })).status).toBe(401);
    const forged = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"x","email":"x@y.z","typ":"access","iss":"flow-ia","aud":"flow-ia-api"}').toString('base64url')}.AAAA`;
    const response = await stage.api.get('/auth/me', { token: forged });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
  });
});
