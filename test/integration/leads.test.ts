import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo, tableName } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import type { Lead } from '../../shared/domain/leads/lead';
import { signup, signupWithWorkspace } from '../support/api';
import { makeLead, seedInteraction, seedLeads } from '../support/leads';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
let owner: Awaited<ReturnType<typeof signupWithWorkspace>>;
let leads: Lead[];
const day = (d: number, h = 12) => new Date(Date.UTC(2026, 2, d, h)).toISOString();

beforeAll(async () => {
  stage = await startTestStage();
  owner = await signupWithWorkspace(stage.api, 'dash');
  const ws = owner.workspaceId;
  leads = [
    makeLead(ws, {
      displayName: 'Éloïse Martin',
      status: 'new',
      score: 80,
      platform: 'instagram',
      lastInteractionAt: day(1),
    }),
    makeLead(ws, {
      displayName: 'Bruno',
      status: 'qualified',
      score: 35,
      platform: 'tiktok',
      lastInteractionAt: day(2),
    }),
    makeLead(ws, {
      displayName: 'Chloé',
      status: 'new',
      score: 95,
      platform: 'youtube',
      lastInteractionAt: day(3),
      tags: ['vip'],
    }),
    makeLead(ws, {
      displayName: 'Dan',
      status: 'won',
      score: 60,
      platform: 'instagram',
      lastInteractionAt: day(4),
      phone: '+33612345678',
    }),
    makeLead(ws, {
      displayName: 'Emma',
      status: 'new',
      score: 10,
      platform: 'facebook',
      lastInteractionAt: day(5),
      notes: 'wants the PRICE list',
    }),
    makeLead(ws, {
      displayName: 'Farid',
      status: 'lost',
      score: 50,
      platform: 'linkedin',
      lastInteractionAt: day(6),
    }),
  ];
  await seedLeads(leads);
});
afterAll(() => stage.stop());

const ids = (body: { items: Array<{ id: string }> }) => body.items.map((item) => item.id);
const list = (query: string, token = owner.accessToken, workspaceId = owner.workspaceId) =>
  stage.api.get(`/leads${query}`, { token, workspaceId });

describe('Routes: GET /leads', () => {
  it('lists leads newest first in the contract shape', async () => {
    const response = await list('');
    expect(response.status).toBe(200);
    expect(ids(response.body)).toEqual([...leads].reverse().map((l) => l.id));
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.items[0]).toMatchObject({
      id: leads[5]!.id,
      platform: 'linkedin',
      status: 'lost',
      score: 50,
    });
    expect(response.body.items[0]).not.toHaveProperty('pk');
    expect(response.body.items[0]).not.toHaveProperty('gsi2pk');
  });

  it('filters by status, platform, score range, date range and text, and sorts by score', async () => {
    const [a, b, c, d, e, f] = leads as [Lead, Lead, Lead, Lead, Lead, Lead];
    expect(ids((await list('?status=new')).body)).toEqual([e.id, c.id, a.id]);
    expect(ids((await list('?status=new&order=asc')).body)).toEqual([a.id, c.id, e.id]);
    expect(ids((await list('?platform=instagram')).body)).toEqual([d.id, a.id]);
    expect(ids((await list('?minScore=50&maxScore=80')).body)).toEqual([f.id, d.id, a.id]);
    expect(ids((await list('?from=2026-03-02&to=2026-03-04')).body)).toEqual([d.id, c.id, b.id]);
    expect(ids((await list('?sort=score')).body)).toEqual([c.id, a.id, d.id, f.id, b.id, e.id]);
    expect(ids((await list('?sort=score&order=asc&minScore=30&maxScore=60')).body)).toEqual([
      b.id,
      f.id,
      d.id,
    ]);
    expect(ids((await list('?sort=score&status=new&from=2026-03-02')).body)).toEqual([c.id, e.id]);
    expect(ids((await list('?q=eloise')).body)).toEqual([a.id]);
    expect(ids((await list('?q=price')).body)).toEqual([e.id]);
    expect(ids((await list('?q=VIP')).body)).toEqual([c.id]);
    expect(ids((await list('?q=%2B336123')).body)).toEqual([d.id]);
  });

  it('paginates with opaque cursors until the end, in every index', async () => {
    for (const query of ['?limit=2', '?limit=2&sort=score', '?limit=1&status=new', '?limit=2&q=a']) {
      const all = ids((await list(query.replace(/limit=\d/, 'limit=50'))).body);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const response = await list(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status, query).toBe(200);
        seen.push(...ids(response.body));
        cursor = response.body.nextCursor;
        if (!cursor) break;
      }
      expect(seen, query).toEqual(all);
      expect(cursor).toBeNull();
    }
  });

  it('rejects tampered cursors and cursors of another workspace or another query with 400', async () => {
    const first = await list('?limit=2');
    const cursor = first.body.nextCursor as string;
    const other = await signupWithWorkspace(stage.api, 'other');
    await seedLeads([makeLead(other.workspaceId), makeLead(other.workspaceId), makeLead(other.workspaceId)]);
    const foreign = await list(`?cursor=${cursor}`, other.accessToken, other.workspaceId);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('validation_failed');
    // Rewrite the decoded key to point into the other workspace: still refused.
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    decoded.k.pk = `WS#${other.workspaceId}`;
    const forged = Buffer.from(JSON.stringify(decoded)).toString('base64url');
    expect((await list(`?cursor=${forged}`, other.accessToken, other.workspaceId)).status).toBe(400);
    expect((await list(`?cursor=${forged}`)).status).toBe(400);
    expect((await list('?cursor=not-a-cursor')).status).toBe(400);
    expect((await list(`?cursor=${cursor}&status=new`)).status).toBe(400);
    // And the other workspace only ever sees its own leads.
    const theirs = await list('', other.accessToken, other.workspaceId);
    expect(theirs.body.items).toHaveLength(3);
    expect(ids(theirs.body).some((id) => leads.some((l) => l.id === id))).toBe(false);
  });

  it('validates the query', async () => {
    for (const query of [
      '?status=maybe',
      '?minScore=90&maxScore=10',
      '?limit=500',
      '?sort=name',
      '?from=yesterday',
    ]) {
      const response = await list(query);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    expect((await stage.api.get('/leads', { token: owner.accessToken })).status).toBe(400);
    expect((await stage.api.get('/leads', { workspaceId: owner.workspaceId })).status).toBe(401);
  });
});

describe('Routes: GET /leads/{id}', () => {
  it('returns the lead and its conversation newest last; GET /leads/{id}/summary summarises it', async () => {
    const lead = leads[0]!;
    await seedInteraction(owner.workspaceId, lead.id, {
      occurredAt: day(1, 10),
      direction: 'inbound',
      text: 'Hi! Price?',
    });
    await seedInteraction(owner.workspaceId, lead.id, {
      occurredAt: day(1, 11),
      direction: 'outbound',
      text: 'It is 20 EUR.',
    });
    await seedInteraction(owner.workspaceId, lead.id, {
      occurredAt: day(1, 12),
      direction: 'inbound',
      text: 'Call me at 0612345678',
    });
    const response = await stage.api.get(`/leads/${lead.id}`, {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(response.status).toBe(200);
    expect(response.body.lead).toMatchObject({ id: lead.id, displayName: 'Éloïse Martin' });
    expect(response.body.history.map((h: { text: string }) => h.text)).toEqual([
      'Hi! Price?',
      'It is 20 EUR.',
      'Call me at 0612345678',
    ]);
    expect(response.body.history[1]).toMatchObject({
      direction: 'outbound',
      kind: 'dm',
      occurredAt: day(1, 11),
    });
    expect(response.body).not.toHaveProperty('summary');
    const summary = await stage.api.get(`/leads/${lead.id}/summary`, {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(summary.status).toBe(200);
    expect(summary.body.summary.source).toBe('rules');
    expect(summary.body.summary.text).toContain('2 message(s) from the lead');
    expect(summary.body.summary.text).toContain('Call me at 0612345678');
  });

  it('answers 404 for an unknown lead and for another workspace’s lead', async () => {
    const other = await signupWithWorkspace(stage.api, 'nosy');
    const mine = { token: owner.accessToken, workspaceId: owner.workspaceId };
    expect((await stage.api.get('/leads/nope', mine)).status).toBe(404);
    const foreign = await stage.api.get(`/leads/${leads[0]!.id}`, {
      token: other.accessToken,
      workspaceId: other.workspaceId,
    });
    expect(foreign.status).toBe(404);
    const notMember = await stage.api.get(`/leads/${leads[0]!.id}`, {
      token: other.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(notMember.status).toBe(403);
    for (const as of [
      { token: other.accessToken, workspaceId: other.workspaceId },
      { token: other.accessToken, workspaceId: owner.workspaceId },
    ]) {
      const summary = await stage.api.get(`/leads/${leads[0]!.id}/summary`, as);
      expect(summary.status).toBe(as.workspaceId === owner.workspaceId ? 403 : 404);
      expect(summary.body).not.toHaveProperty('summary');
    }
    expect((await stage.api.get('/leads/nope/summary', mine)).status).toBe(404);
  });
});

describe('Routes: PATCH /leads/{id}', () => {
  it('updates status, notes and tags and moves the lead in the status index', async () => {
    const lead = leads[1]!;
    const response = await stage.api.patch(
      `/leads/${lead.id}`,
      { status: 'won', notes: 'Paid by card', tags: ['vip', 'vip', 'repeat'] },
      { token: owner.accessToken, workspaceId: owner.workspaceId },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: lead.id,
      status: 'won',
      notes: 'Paid by card',
      tags: ['vip', 'repeat'],
    });
    expect(ids((await list('?status=won')).body)).toContain(lead.id);
    expect(ids((await list('?status=qualified')).body)).not.toContain(lead.id);
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.lead(owner.workspaceId, lead.id) }),
    );
    expect(Item).toMatchObject({
      ...keys.leadByStatus(owner.workspaceId, 'won', lead.lastInteractionAt, lead.id),
      ...keys.leadByScore(owner.workspaceId, lead.score, lead.lastInteractionAt, lead.id),
      displayName: 'Bruno',
    });
  });

  it('refuses bad bodies, unknown leads and other workspaces’ leads', async () => {
    const mine = { token: owner.accessToken, workspaceId: owner.workspaceId };
    expect((await stage.api.patch(`/leads/${leads[2]!.id}`, { status: 'maybe' }, mine)).status).toBe(400);
    expect((await stage.api.patch(`/leads/${leads[2]!.id}`, {}, mine)).status).toBe(400);
    expect((await stage.api.patch(`/leads/${leads[2]!.id}`, { score: 100 }, mine)).status).toBe(400);
    expect((await stage.api.patch('/leads/unknown', { notes: 'x' }, mine)).status).toBe(404);
    const other = await signupWithWorkspace(stage.api, 'patcher');
    const foreign = await stage.api.patch(
      `/leads/${leads[2]!.id}`,
      { status: 'lost' },
      { token: other.accessToken, workspaceId: other.workspaceId },
    );
    expect(foreign.status).toBe(404);
    expect((await stage.api.get(`/leads/${leads[2]!.id}`, mine)).body.lead.status).toBe('new');
  });
});

describe('Routes: GET /leads/stats', () => {
  it('counts leads by status, platform and day over the range', async () => {
    const fresh = await signupWithWorkspace(stage.api, 'stats');
    const ws = fresh.workspaceId;
    await seedLeads([
      makeLead(ws, { status: 'new', platform: 'instagram', lastInteractionAt: day(10, 9) }),
      makeLead(ws, { status: 'new', platform: 'tiktok', lastInteractionAt: day(10, 18) }),
      makeLead(ws, { status: 'won', platform: 'instagram', lastInteractionAt: day(12) }),
      makeLead(ws, { status: 'lost', platform: 'youtube', lastInteractionAt: day(20) }),
    ]);
    const response = await stage.api.get('/leads/stats?from=2026-03-10&to=2026-03-12', {
      token: fresh.accessToken,
      workspaceId: ws,
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      from: '2026-03-10',
      to: '2026-03-12',
      total: 3,
      byStatus: { new: 2, contacted: 0, qualified: 0, won: 1, lost: 0 },
      byPlatform: { instagram: 2, facebook: 0, tiktok: 1, youtube: 0, linkedin: 0 },
      byDay: [
        { day: '2026-03-10', count: 2 },
        { day: '2026-03-11', count: 0 },
        { day: '2026-03-12', count: 1 },
      ],
    });
    const tooWide = await stage.api.get('/leads/stats?from=2024-01-01&to=2026-03-12', {
      token: fresh.accessToken,
      workspaceId: ws,
    });
    expect(tooWide.status).toBe(400);
  });
});

describe('Isolation', () => {
  it('requires membership for every leads route', async () => {
    const stranger = await signup(stage.api, 'stranger');
    const as = { token: stranger.accessToken, workspaceId: owner.workspaceId };
    expect((await stage.api.get('/leads', as)).status).toBe(403);
    expect((await stage.api.get('/leads/stats', as)).status).toBe(403);
    expect((await stage.api.patch(`/leads/${leads[0]!.id}`, { notes: 'x' }, as)).status).toBe(403);
  });
});
