import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup, signupWithWorkspace } from '../support/api';
import { joinWorkspace } from '../support/members';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({ plugins: [] });
});
afterAll(() => stage.stop());

const priceScenario = {
  name: 'Price list',
  platform: 'instagram',
  trigger: 'comment',
  keywords: ['prix', 'combien'],
  action: 'private_reply',
  message: 'Bonjour {{firstName}}, voici nos prix !',
  priority: 10,
};

describe('Routes: /scenarios', () => {
  it('creates, lists in matching order, reads, updates and deletes scenarios of a workspace', async () => {
    const owner = await signupWithWorkspace(stage.api, 'scen');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    expect((await stage.api.get('/scenarios', as)).body).toEqual({ items: [], nextCursor: null });

    const created = await stage.api.post('/scenarios', priceScenario, as);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...priceScenario, active: true, id: expect.any(String) });
    const fallback = await stage.api.post('/scenarios', { name: 'Everything else', action: 'handover' }, as);
    expect(fallback.body).toMatchObject({
      platform: 'any',
      trigger: 'any',
      keywords: [],
      message: null,
      priority: 100,
    });
    const first = await stage.api.post(
      '/scenarios',
      { name: 'Urgent', keywords: ['urgent'], action: 'dm', priority: 1 },
      as,
    );

    const list = await stage.api.get('/scenarios', as);
    expect(list.body.items.map((s: { name: string }) => s.name)).toEqual([
      'Urgent',
      'Price list',
      'Everything else',
    ]);
    const page = await stage.api.get('/scenarios?limit=2', as);
    expect(page.body.items).toHaveLength(2);
    const rest = await stage.api.get(`/scenarios?limit=2&cursor=${page.body.nextCursor}`, as);
    expect(rest.body).toMatchObject({ items: [{ name: 'Everything else' }], nextCursor: null });

    const id = created.body.id;
    expect((await stage.api.get(`/scenarios/${id}`, as)).body).toEqual(created.body);
    const updated = await stage.api.patch(`/scenarios/${id}`, { active: false, keywords: ['tarif'] }, as);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ active: false, keywords: ['tarif'], name: 'Price list' });

    expect((await stage.api.delete(`/scenarios/${first.body.id}`, as)).status).toBe(204);
    expect((await stage.api.get(`/scenarios/${first.body.id}`, as)).status).toBe(404);
    expect((await stage.api.delete(`/scenarios/${first.body.id}`, as)).status).toBe(404);
  });

  it('rejects invalid scenarios field by field', async () => {
    const owner = await signupWithWorkspace(stage.api, 'scenval');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    const bad = await stage.api.post(
      '/scenarios',
      {
        name: '',
        platform: 'myspace',
        action: 'private_reply',
        trigger: 'dm',
        message: 'Hi {{lastName}}',
        keywords: [''],
      },
      as,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(
      expect.arrayContaining(['keywords.0', 'name', 'platform']),
    );
    const crossField = await stage.api.post(
      '/scenarios',
      { name: 'x', action: 'private_reply', trigger: 'dm', message: 'Hi {{lastName}}' },
      as,
    );
    expect(crossField.status).toBe(400);
    expect(crossField.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'action',
      'message',
    ]);

    const created = await stage.api.post(
      '/scenarios',
      { name: 'Ignore spam', keywords: ['spam'], action: 'ignore' },
      as,
    );
    const patch = await stage.api.patch(`/scenarios/${created.body.id}`, { message: 'hello' }, as);
    expect(patch.status).toBe(400);
    expect(patch.body.error.details).toEqual([
      { path: 'message', message: expect.stringContaining('sends nothing') },
    ]);
    expect((await stage.api.patch(`/scenarios/${created.body.id}`, {}, as)).status).toBe(400);
    expect((await stage.api.get('/scenarios?cursor=garbage', as)).status).toBe(400);
  });

  it('defaults to word matching, and names the keyword rule that cannot work', async () => {
    const owner = await signupWithWorkspace(stage.api, 'scenmatch');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    const created = await stage.api.post(
      '/scenarios',
      { name: 'Tarifs', keywords: ['tarif'], action: 'dm' },
      as,
    );
    expect(created.body).toMatchObject({ match: 'word', keywordsRequired: 'any' });
    const bad = await stage.api.post(
      '/scenarios',
      { name: 'Bad', keywords: ['ok', '?!'], match: 'fuzzy', action: 'dm' },
      as,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['match']);
    const noKeywords = await stage.api.patch(
      `/scenarios/${created.body.id}`,
      { keywords: [], keywordsRequired: 'all' },
      as,
    );
    expect(noKeywords.status).toBe(400);
    expect(noKeywords.body.error.details).toEqual([
      { path: 'keywordsRequired', message: '"all" needs at least one keyword' },
    ]);
  });

  it('answers 403 for another workspace, 400 without the header, and lets only admins write', async () => {
    const alice = await signupWithWorkspace(stage.api, 'alice');
    const bruno = await signupWithWorkspace(stage.api, 'bruno');
    const scenario = await stage.api.post('/scenarios', priceScenario, {
      token: bruno.accessToken,
      workspaceId: bruno.workspaceId,
    });
    const intoBruno = { token: alice.accessToken, workspaceId: bruno.workspaceId };
    for (const [method, path, body] of [
      ['GET', '/scenarios', undefined],
      ['POST', '/scenarios', priceScenario],
      ['GET', `/scenarios/${scenario.body.id}`, undefined],
      ['PATCH', `/scenarios/${scenario.body.id}`, { active: false }],
      ['DELETE', `/scenarios/${scenario.body.id}`, undefined],
    ] as const) {
      const response = await stage.api.request(method, path, { ...intoBruno, body });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    // Alice's own workspace does not see Bruno's scenario by id either.
    const own = { token: alice.accessToken, workspaceId: alice.workspaceId };
    expect((await stage.api.get(`/scenarios/${scenario.body.id}`, own)).status).toBe(404);
    expect((await stage.api.get('/scenarios', { token: alice.accessToken })).status).toBe(400);

    const member = await signup(stage.api, 'member');
    await joinWorkspace(stage.api, bruno, member);
    const asMember = { token: member.accessToken, workspaceId: bruno.workspaceId };
    expect((await stage.api.get('/scenarios', asMember)).status).toBe(200);
    expect((await stage.api.post('/scenarios', priceScenario, asMember)).status).toBe(403);
  });
});
