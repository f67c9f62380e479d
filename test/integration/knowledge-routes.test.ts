import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';
import { addMemberInStore } from '../support/workspaces';

let stage: TestStage;

beforeAll(async () => {
  stage = await startTestStage({ env: { OPENAI_API_KEY: undefined } });
});
afterAll(async () => {
  await stage?.stop();
});

const knowledge = {
  description: 'Pâtisserie artisanale',
  tone: 'vous',
  products: [
    { name: 'Box découverte', price: { amountMinor: 2500, currency: 'EUR' } },
    { name: 'Box premium', price: { amountMinor: 4550, currency: 'EUR' } },
  ],
  faq: [{ question: 'Livrez-vous le dimanche ?', answer: 'Non, nous livrons du mardi au samedi.' }],
};

describe('Route: PUT/GET /workspaces/{id}/knowledge', () => {
  it('stores the knowledge for members to read, and the rule engine answers prices from it', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'kowner');
    const opts = { token: owner.accessToken, workspaceId: owner.workspaceId };

    // Act
    const empty = await stage.api.get(`/workspaces/${owner.workspaceId}/knowledge`, opts);
    const put = await stage.api.put(`/workspaces/${owner.workspaceId}/knowledge`, knowledge, opts);
    const read = await stage.api.get(`/workspaces/${owner.workspaceId}/knowledge`, opts);
    const price = await stage.api.post('/ai/preview-reply', { text: 'combien ?', kind: 'dm' }, opts);
    const faq = await stage.api.post(
      '/ai/preview-reply',
      { text: 'Vous livrez le dimanche ?', kind: 'dm' },
      opts,
    );

    // Assess
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({});
    expect(put.status).toBe(200);
    expect(read.body).toEqual(knowledge);
    expect(price.body.reply).toBe('Bonjour ! Nos tarifs : Box découverte : 25 €, Box premium : 45,50 €.');
    expect(faq.body.reply).toBe('Non, nous livrons du mardi au samedi.');
  });

  it('rejects bad input, members writing, and another workspace', async () => {
    // Prepare
    const a = await signupWithWorkspace(stage.api, 'ka');
    const b = await signupWithWorkspace(stage.api, 'kb');
    await addMemberInStore(a.workspaceId, b, 'member');
    const asOwner = { token: a.accessToken, workspaceId: a.workspaceId };
    const asMember = { token: b.accessToken, workspaceId: a.workspaceId };

    // Act
    const bad = await stage.api.put(
      `/workspaces/${a.workspaceId}/knowledge`,
      { products: [{ name: 'x', price: { amountMinor: -1, currency: 'EUR' } }] },
      asOwner,
    );
    const tooMany = await stage.api.put(
      `/workspaces/${a.workspaceId}/knowledge`,
      { faq: Array.from({ length: 51 }, () => ({ question: 'q', answer: 'a' })) },
      asOwner,
    );
    const memberWrite = await stage.api.put(`/workspaces/${a.workspaceId}/knowledge`, knowledge, asMember);
    const memberRead = await stage.api.get(`/workspaces/${a.workspaceId}/knowledge`, asMember);
    const other = await stage.api.get(`/workspaces/${b.workspaceId}/knowledge`, asOwner);

    // Assess
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toContain('products');
    expect(tooMany.status).toBe(400);
    expect(memberWrite.status).toBe(403);
    expect(memberRead.status).toBe(200);
    expect([403, 404]).toContain(other.status);
    expect(other.body.knowledge).toBeUndefined();
  });
});
