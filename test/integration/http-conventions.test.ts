import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage();
});
afterAll(() => stage.stop());

describe('HTTP conventions', () => {
  it('reports health with the table reachable', async () => {
    const response = await stage.api.get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', checks: { table: 'ok' } });
  });

  it('answers an unknown route and an unknown method with a JSON 404', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['DELETE', '/auth/login'],
      ['GET', '/workspaces/a/b/c'],
    ] as const) {
      const response = await stage.api.request(method, path);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });

  it('rejects malformed JSON, non-JSON bodies and oversized bodies with clear 4xx', async () => {
    expect(
      (
        await stage.api.request('POST', '/auth/login', {
          rawBody: '{"email":',
          headers: { 'content-type': 'application/json' },
        })
      ).body.error.code,
    ).toBe('invalid_json');
    const form = await stage.api.request('POST', '/auth/login', {
      rawBody: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const big = await stage.api.request('POST', '/auth/login', {
      rawBody: JSON.stringify({ email: 'x'.repeat(300_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const missing = await stage.api.request('POST', '/auth/login');
    expect(missing.status).toBe(400);
  });

  it('requires X-Workspace-Id on workspace-scoped routes only after authentication', async () => {
    const user = await signup(stage.api, 'hdr');
    // /workspaces/{id} names it in the path; the header form is covered by every scoped feature route.
    const noToken = await stage.api.get('/workspaces/abc');
    expect(noToken.status).toBe(401);
    const ok = await stage.api.get('/workspaces/abc', { token: user.accessToken });
    expect(ok.status).toBe(403);
  });

  it('echoes a well-formed x-request-id and replaces a hostile one', async () => {
    const echoed = await stage.api.get('/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const hostile = await stage.api.get('/health', { headers: { 'x-request-id': 'a b<script>' } });
    expect(hostile.headers.get('x-request-id')).not.toBe('a b<script>');
  });
});
