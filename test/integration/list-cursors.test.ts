import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoSendRecordStore } from '../../shared/adapters/dynamo/send-record-store';
import type { SendRecord } from '../../shared/domain/delivery/send-record';
import { notificationService } from '../../shared/wiring/notifications';
import { signupWithWorkspace } from '../support/api';
import { makeLead, seedLeads } from '../support/leads';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Every paginated route of the workspace takes back only the cursors it issued to this workspace: a cursor of
 * another workspace or of another list, an edited one or garbage is a 400 naming `cursor`, never a 500.
 */
let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage();
});
afterAll(async () => {
  await stage?.stop();
});

type Owner = { accessToken: string; workspaceId: string };
const as = (owner: Owner) => ({ token: owner.accessToken, workspaceId: owner.workspaceId });
const sends = new DynamoSendRecordStore(stageTable);

async function seed(owner: Owner): Promise<void> {
  const ws = owner.workspaceId;
  await seedLeads([makeLead(ws), makeLead(ws), makeLead(ws)]);
  for (const name of ['One', 'Two', 'Three'])
    expect((await stage.api.post('/scenarios', { name, action: 'handover' }, as(owner))).status).toBe(201);
  for (const n of [1, 2, 3])
    await notificationService().notify(ws, {
      kind: 'delivery_failed',
      title: `Failure ${n}`,
      body: 'A reply could not be sent.',
      dedupeKey: `cursor-test:${n}`,
    });
  for (const n of [1, 2, 3]) {
    const at = new Date(Date.UTC(2026, 0, 1, 10, n)).toISOString();
    const record: SendRecord = {
      workspaceId: ws,
      idempotencyKey: `cursor-test-${n}`,
      dedupeKey: `cursor-test-${n}`,
      action: 'dm',
      status: 'sent',
      attempt: 1,
      startedAt: at,
      quotaDay: null,
      providerMessageId: null,
      text: 'Hello',
      explanation: null,
      attempts: [],
      updatedAt: at,
      createdAt: at,
      platform: 'instagram',
    };
    expect(await sends.claim(record, undefined)).toBe(true);
  }
}

const LISTS = ['/leads', '/deliveries', '/notifications', '/scenarios'] as const;
let mine: Owner;
let theirs: Owner;
const cursors = new Map<string, string>();

beforeAll(async () => {
  mine = await signupWithWorkspace(stage.api, 'lister');
  theirs = await signupWithWorkspace(stage.api, 'other');
  await seed(mine);
  await seed(theirs);
  for (const list of LISTS) {
    const page = await stage.api.get(`${list}?limit=1`, as(mine));
    expect(page.status, `${list}: ${page.text}`).toBe(200);
    expect(page.body.nextCursor, list).toEqual(expect.any(String));
    cursors.set(list, page.body.nextCursor);
  }
});

const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function expectCursorRejected(response: { status: number; body: any; text: string }, label: string) {
  expect(response.status, `${label}: ${response.text}`).toBe(400);
  expect(response.body.error.code, label).toBe('validation_failed');
  expect(response.body.error.details[0].path, label).toBe('cursor');
}

describe('Paginated routes: cursors', () => {
  it.each(LISTS)('%s follows its own cursor to the next page', async (list) => {
    const next = await stage.api.get(`${list}?limit=1&cursor=${cursors.get(list)}`, as(mine));
    expect(next.status, next.text).toBe(200);
    expect(next.body.items).toHaveLength(1);
  });

  it.each(LISTS)('%s rejects a cursor of another workspace with 400', async (list) => {
    const response = await stage.api.get(`${list}?cursor=${cursors.get(list)}`, as(theirs));
    expectCursorRejected(response, list);
  });

  it.each(LISTS)('%s rejects the cursors of every other list with 400', async (list) => {
    for (const [other, cursor] of cursors) {
      if (other === list) continue;
      const response = await stage.api.get(`${list}?cursor=${cursor}`, as(mine));
      expectCursorRejected(response, `${other} cursor on ${list}`);
    }
  });

  it.each(LISTS)('%s rejects edited and forged cursors with 400, never 500', async (list) => {
    const real = decode(cursors.get(list) as string);
    const position = real.p ?? real.k;
    const forged: unknown[] = [
      'garbage',
      '%%%',
      encode(null),
      encode([]),
      encode('text'),
      encode({}),
      // The unbound shapes of the old cursors: a bare DynamoDB key, or only its index partition.
      encode(position),
      encode({ gsi1pk: `WS#${mine.workspaceId}#DELIVERIES` }),
      encode({ pk: `WS#${mine.workspaceId}`, sk: 'NOTIF#zzz', extra: 'x' }),
      // Bound to this list and workspace, but the position edited.
      encode({ ...real, w: theirs.workspaceId }),
      encode({ ...real, p: typeof position === 'object' ? { ...position, extra: 'x' } : -1 }),
      encode({
        ...real,
        p: typeof position === 'object' ? Object.fromEntries(Object.keys(position).map((k) => [k, 7])) : 1.5,
      }),
      encode({ ...real, p: typeof position === 'object' ? { ...position, pk: 'USER#x' } : 10_000 }),
      encode({ ...real, k: { pk: `WS#${theirs.workspaceId}`, sk: 'LEAD#x' } }),
      encode({ ...real, v: 99 }),
    ];
    for (const cursor of forged) {
      const response = await stage.api.get(`${list}?cursor=${encodeURIComponent(String(cursor))}`, as(mine));
      expectCursorRejected(response, `${list} with ${Buffer.from(String(cursor), 'base64url').toString()}`);
    }
  });
});
