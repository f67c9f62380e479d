import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as crmSyncRetry } from '../../functions/schedules/crm-sync-retry';
import { dynamo, stageTable, tableName } from '../../shared/adapters/dynamo/client';
import { DynamoCrmStateStore } from '../../shared/adapters/dynamo/crm-state-store';
import * as keys from '../../shared/adapters/dynamo/keys';
import type { Lead } from '../../shared/domain/leads/lead';
import { crmSyncer } from '../../shared/wiring/crm';
import { startFakeAirtable } from '../../simulation/airtable';
import { type FakeGoogle, startFakeGoogle } from '../../simulation/google';
import { startFakeSheets } from '../../simulation/google-sheets';
import { startFakeNotion } from '../../simulation/notion';
import { signup, signupWithWorkspace } from '../support/api';
import { LEAD_COLUMN_TITLES, NOTION_LEAD_SCHEMA } from '../support/crm-columns';
import { makeLead, seedLeads, setWorkspacePlan } from '../support/leads';
import { joinWorkspace } from '../support/members';
import { connectSheetsThroughConsent } from '../support/sheets';
import { startTestStage, type TestStage } from '../support/stage';

const SHEET = 'sheet_1234567890abcdef';
const NOTION_DB = '0f0e0d0c-0b0a-4999-8888-777766665555';
const BASE = 'appABCDEFGHIJKLMN';
const FIELDS = LEAD_COLUMN_TITLES;
const NOTION_SCHEMA = NOTION_LEAD_SCHEMA;
const SECRETS = {
  notion: 'ntn_notion_secret_token',
  airtable: 'patAIRTABLE.secret-token',
};
const GOOGLE_USER = 'google-crm-owner';

let stage: TestStage;
let google: FakeGoogle;
let sheets: Awaited<ReturnType<typeof startFakeSheets>>;
let notion: Awaited<ReturnType<typeof startFakeNotion>>;
let airtable: Awaited<ReturnType<typeof startFakeAirtable>>;
const outbox = new DynamoCrmStateStore(stageTable);

beforeAll(async () => {
  google = await startFakeGoogle();
  google.addUser(GOOGLE_USER, { id: 'UC_crm_owner', title: 'CRM owner' });
  google.state.consentUser = GOOGLE_USER;
  sheets = await startFakeSheets({
    google,
    spreadsheets: { [SHEET]: { sheets: ['Leads'], editors: [GOOGLE_USER] } },
  });
  notion = await startFakeNotion({
    tokens: [SECRETS.notion],
    databases: { [NOTION_DB]: { ...NOTION_SCHEMA } },
  });
  airtable = await startFakeAirtable({
    tokens: [SECRETS.airtable],
    bases: { [BASE]: { Leads: FIELDS } },
    rateLimitCooldownMs: 300,
  });
  stage = await startTestStage({
    env: {
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_OAUTH_URL: google.url,
      GOOGLE_TOKEN_URL: `${google.url}/token`,
      SHEETS_API_URL: sheets.url,
      NOTION_API_URL: notion.url,
      AIRTABLE_API_URL: airtable.url,
      AIRTABLE_RATE_LIMIT_WAIT_MS: '300',
      CRM_RETRY_BASE_MS: '50',
      CRM_RETRY_BUDGET_MS: '5000',
    },
  });
});
afterAll(async () => {
  await stage.stop();
  await Promise.all([sheets.stop(), notion.stop(), airtable.stop(), google.stop()]);
});

/** Sheets takes no credentials: its Google grant comes from the OAuth consent (connectAll plays it first). */
const bodies = {
  sheets: { target: { spreadsheetId: SHEET, sheetName: 'Leads' } },
  notion: { credentials: { token: SECRETS.notion }, target: { databaseId: NOTION_DB } },
  airtable: { credentials: { apiKey: SECRETS.airtable }, target: { baseId: BASE, tableName: 'Leads' } },
};

async function premiumWorkspace(name: string) {
  const owner = await signupWithWorkspace(stage.api, name);
  await setWorkspacePlan(owner.workspaceId, 'premium');
  const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
  return { ...owner, as };
}

async function connectAll(as: { token: string; workspaceId: string }, extra: Record<string, unknown> = {}) {
  const consent = await connectSheetsThroughConsent(stage.api, {
    accessToken: as.token,
    workspaceId: as.workspaceId,
  });
  expect(consent.final.searchParams.get('status')).toBe('authorized');
  for (const [crm, body] of Object.entries(bodies)) {
    const response = await stage.api.put(`/integrations/${crm}`, { ...body, ...extra }, as);
    expect(response.status, response.text).toBe(200);
  }
}

const leadOf = async (as: { token: string; workspaceId: string }, id: string): Promise<Lead> =>
  (await stage.api.get(`/leads/${id}`, as)).body.lead;

describe('Routes: /integrations', () => {
  it('needs a plan with CRM sync, then stores credentials sealed and never returns them', async () => {
    const owner = await signupWithWorkspace(stage.api, 'crmfree');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    const refused = await stage.api.put('/integrations/notion', bodies.notion, as);
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('plan_required');

    await setWorkspacePlan(owner.workspaceId, 'premium');
    const created = await stage.api.put(
      '/integrations/notion',
      { ...bodies.notion, statuses: ['qualified', 'won'] },
      as,
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      crm: 'notion',
      target: { databaseId: NOTION_DB },
      autoSync: true,
      statuses: ['qualified', 'won'],
      credentialsSet: true,
      fields: FIELDS,
    });
    const listed = await stage.api.get('/integrations', as);
    expect(listed.body.items.map((i: { crm: string }) => i.crm)).toEqual(['notion']);
    for (const text of [created.text, listed.text]) expect(text).not.toContain(SECRETS.notion);
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.integration(owner.workspaceId, 'notion') }),
    );
    expect(JSON.stringify(Item)).not.toContain(SECRETS.notion);
    expect(Item?.credentials).toMatchObject({
      v: 1,
      wrappedKey: expect.any(String),
      ciphertext: expect.any(String),
    });

    // Settings change without credentials keeps the sealed ones.
    const updated = await stage.api.put(
      '/integrations/notion',
      { target: bodies.notion.target, autoSync: false },
      as,
    );
    expect(updated.status).toBe(200);
    expect(updated.body.autoSync).toBe(false);
    const after = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.integration(owner.workspaceId, 'notion') }),
    );
    expect(after.Item?.credentials).toEqual(Item?.credentials);

    expect((await stage.api.delete('/integrations/notion', as)).status).toBe(204);
    expect((await stage.api.delete('/integrations/notion', as)).status).toBe(404);
    expect((await stage.api.get('/integrations', as)).body.items).toEqual([]);
  });

  it('validates per CRM and is admin-only', async () => {
    const { as, workspaceId, accessToken } = await premiumWorkspace('crmval');
    const bad = [
      ['hubspot', bodies.notion],
      ['notion', { ...bodies.notion, target: { databaseId: 'nope' } }],
      ['airtable', { ...bodies.airtable, target: { baseId: 'base1', tableName: 'Leads' } }],
      ['sheets', { ...bodies.sheets, credentials: { token: SECRETS.notion } }],
      ['sheets', { ...bodies.sheets, credentials: { accessToken: 'ya29.pasted-token' } }],
      // No Google consent yet for this workspace: nothing to sync with.
      ['sheets', { target: bodies.sheets.target }],
      ['notion', { ...bodies.notion, statuses: ['won', 'won'] }],
    ] as const;
    for (const [crm, body] of bad) {
      const response = await stage.api.put(`/integrations/${crm}`, body, as);
      expect(response.status, `${crm} ${JSON.stringify(body)}`).toBe(400);
    }
    const pasted = await stage.api.put(
      '/integrations/sheets',
      { ...bodies.sheets, credentials: { accessToken: 'ya29.pasted-token' } },
      as,
    );
    expect(pasted.body.error.details).toContainEqual({
      path: 'credentials.accessToken',
      message: expect.stringMatching(/Google OAuth .*auth-url/),
    });
    const member = await signup(stage.api, 'crmmember');
    await joinWorkspace(stage.api, { accessToken, workspaceId }, member);
    const asMember = { token: member.accessToken, workspaceId };
    expect((await stage.api.get('/integrations', asMember)).status).toBe(403);
    expect((await stage.api.put('/integrations/notion', bodies.notion, asMember)).status).toBe(403);
  });
});

describe('Class: CrmSyncService (over the fakes)', () => {
  it('creates one record per CRM with the complete field mapping, then updates it in place', async () => {
    const { as, workspaceId } = await premiumWorkspace('crmsync');
    await connectAll(as);
    const lead = makeLead(workspaceId, {
      displayName: 'Éloïse Martin',
      username: 'eloise.m',
      status: 'qualified',
      score: 87,
      phone: '+33612345678',
      email: 'eloise@example.test',
      tags: ['vip', 'b2b'],
      notes: '=1+2 is not a formula',
      lastMessageText: 'Can you call me?',
      prospectClass: 'hot',
      interactionCount: 3,
    });
    await seedLeads([lead]);

    const outcomes = await crmSyncer().syncLead(workspaceId, lead.id);
    expect(outcomes).toEqual([
      { crm: 'airtable', status: 'synced' },
      { crm: 'notion', status: 'synced' },
      { crm: 'sheets', status: 'synced' },
    ]);
    const expectedCells = [
      'Éloïse Martin',
      'eloise.m',
      'instagram',
      'qualified',
      87,
      '+33612345678',
      'eloise@example.test',
      'vip, b2b',
      '=1+2 is not a formula',
      'Can you call me?',
      lead.lastInteractionAt,
      lead.createdAt,
      3,
      'hot',
      lead.id,
    ];
    const rows = sheets.state.spreadsheets.get(SHEET)?.get('Leads') ?? [];
    // A fresh sheet gets the column titles in row 1, then one row per lead.
    expect(rows.map((row) => row?.map((cell) => cell.value))).toEqual([FIELDS, expectedCells]);
    expect(rows[1]?.some((cell) => cell.formula)).toBe(false);
    const append = sheets.state.requests.find((r) => r.path.endsWith(':append'));
    expect(append?.query).toMatchObject({ valueInputOption: 'RAW', insertDataOption: 'INSERT_ROWS' });

    const [page] = [...notion.state.pages.values()];
    expect(notion.state.requests.every((r) => r.version === '2022-06-28')).toBe(true);
    expect(page?.properties).toEqual({
      Name: { title: [{ type: 'text', text: { content: 'Éloïse Martin' } }] },
      Username: { rich_text: [{ type: 'text', text: { content: 'eloise.m' } }] },
      Platform: { select: { name: 'instagram' } },
      Status: { select: { name: 'qualified' } },
      Score: { number: 87 },
      Phone: { phone_number: '+33612345678' },
      Email: { email: 'eloise@example.test' },
      Tags: { multi_select: [{ name: 'vip' }, { name: 'b2b' }] },
      Notes: { rich_text: [{ type: 'text', text: { content: '=1+2 is not a formula' } }] },
      'Last message': { rich_text: [{ type: 'text', text: { content: 'Can you call me?' } }] },
      'Last interaction': { date: { start: lead.lastInteractionAt } },
      Created: { date: { start: lead.createdAt } },
      Interactions: { number: 3 },
      'Prospect class': { select: { name: 'hot' } },
      'Lead ID': { rich_text: [{ type: 'text', text: { content: lead.id } }] },
    });

    const records = [...(airtable.state.bases.get(BASE)?.get('Leads')?.records.values() ?? [])];
    expect(records).toHaveLength(1);
    expect(records[0]?.fields).toEqual(
      Object.fromEntries(
        FIELDS.map((name, i) => [name, name === 'Tags' ? ['vip', 'b2b'] : expectedCells[i]]),
      ),
    );

    const synced = await leadOf(as, lead.id);
    expect(synced.crm).toMatchObject({
      sheets: { status: 'synced', externalId: 'Leads!A2:O2' },
      notion: { status: 'synced', externalId: page?.id },
      airtable: { status: 'synced', externalId: records[0]?.id },
    });

    // Unchanged lead: nothing is sent again.
    const before = [
      sheets.state.requests.length,
      notion.state.requests.length,
      airtable.state.requests.length,
    ];
    expect((await crmSyncer().syncLead(workspaceId, lead.id)).map((o) => o.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect([
      sheets.state.requests.length,
      notion.state.requests.length,
      airtable.state.requests.length,
    ]).toEqual(before);

    // Edited lead: the same records are updated, none created.
    expect((await stage.api.patch(`/leads/${lead.id}`, { status: 'won', notes: 'Paid' }, as)).status).toBe(
      200,
    );
    expect((await crmSyncer().syncLead(workspaceId, lead.id)).map((o) => o.status)).toEqual([
      'synced',
      'synced',
      'synced',
    ]);
    expect(
      sheets.state.spreadsheets
        .get(SHEET)
        ?.get('Leads')
        ?.map((row) => row?.[3]?.value),
    ).toEqual(['Status', 'won']);
    expect(notion.state.pages.size).toBe(1);
    expect([...notion.state.pages.values()][0]?.properties.Notes).toEqual({
      rich_text: [{ type: 'text', text: { content: 'Paid' } }],
    });
    expect(records[0]?.fields.Status).toBe('won');
    expect(airtable.state.bases.get(BASE)?.get('Leads')?.records.size).toBe(1);
  });

  it('honours each integration’s statuses and auto-sync switch', async () => {
    const { as, workspaceId } = await premiumWorkspace('crmrules');
    expect(
      (await stage.api.put('/integrations/notion', { ...bodies.notion, statuses: ['won'] }, as)).status,
    ).toBe(200);
    expect(
      (await stage.api.put('/integrations/airtable', { ...bodies.airtable, autoSync: false }, as)).status,
    ).toBe(200);
    const lead = makeLead(workspaceId, { status: 'new' });
    await seedLeads([lead]);
    expect(await crmSyncer().syncLead(workspaceId, lead.id)).toEqual([
      { crm: 'airtable', status: 'skipped' },
      { crm: 'notion', status: 'skipped' },
    ]);
    expect(await crmSyncer().syncLead(workspaceId, lead.id, { trigger: 'manual' })).toEqual([
      { crm: 'airtable', status: 'synced' },
      { crm: 'notion', status: 'skipped' },
    ]);
  });

  it('retries a 429 (Retry-After, Airtable’s cooldown) and a 5xx within one sync, then succeeds', async () => {
    const { as, workspaceId } = await premiumWorkspace('crm429');
    await connectAll(as);
    const lead = makeLead(workspaceId, { status: 'qualified' });
    await seedLeads([lead]);
    notion.state.faults.push({ status: 429, retryAfterSeconds: 1 });
    sheets.state.faults.push({ status: 429 }, { status: 503 });
    airtable.state.faults.push({ status: 429 });
    const notionBefore = notion.state.requests.length;
    const limitedBefore = airtable.state.rateLimitedCount;
    expect((await crmSyncer().syncLead(workspaceId, lead.id)).map((o) => o.status)).toEqual([
      'synced',
      'synced',
      'synced',
    ]);
    expect(notion.state.requests.length - notionBefore).toBe(2);
    expect(airtable.state.rateLimitedCount - limitedBefore).toBe(1);
    expect(sheets.state.faults).toEqual([]);
    expect(Object.values((await leadOf(as, lead.id)).crm).map((s) => s.status)).toEqual([
      'synced',
      'synced',
      'synced',
    ]);
  });

  it('paces Airtable calls to 5 per second per base, so a burst of syncs meets no 429', async () => {
    const { as, workspaceId } = await premiumWorkspace('crmburst');
    expect((await stage.api.put('/integrations/airtable', bodies.airtable, as)).status).toBe(200);
    const leads = Array.from({ length: 12 }, () => makeLead(workspaceId, { status: 'qualified' }));
    await seedLeads(leads);
    const limitedBefore = airtable.state.rateLimitedCount;
    const outcomes = await Promise.all(leads.map((lead) => crmSyncer().syncLead(workspaceId, lead.id)));
    expect(outcomes.flat().map((o) => o.status)).toEqual(leads.map(() => 'synced'));
    expect(airtable.state.rateLimitedCount).toBe(limitedBefore);
  });

  it('records a persistent failure on the lead and the retry schedule syncs it later: no lead is lost', async () => {
    const { as, workspaceId } = await premiumWorkspace('crmfail');
    expect((await stage.api.put('/integrations/airtable', bodies.airtable, as)).status).toBe(200);
    const lead = makeLead(workspaceId, { status: 'qualified' });
    await seedLeads([lead]);
    airtable.state.faults.push({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });

    const [outcome] = await crmSyncer().syncLead(workspaceId, lead.id);
    expect(outcome).toMatchObject({
      crm: 'airtable',
      status: 'failed',
      error: expect.stringContaining('503'),
    });
    const failed = await leadOf(as, lead.id);
    expect(failed.crm.airtable).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('SERVICE_UNAVAILABLE'),
    });
    const entry = await outbox.getOutbox(workspaceId, 'airtable', lead.id);
    expect(entry).toMatchObject({ attempts: 1 });
    expect(Date.parse(entry?.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());

    // Not due yet: the schedule leaves it alone.
    await crmSyncRetry({});
    expect((await leadOf(as, lead.id)).crm.airtable?.status).toBe('failed');

    // Once due (the backoff elapsed), the schedule syncs it and clears the outbox.
    await outbox.putOutbox({
      ...(entry as NonNullable<typeof entry>),
      nextAttemptAt: new Date(Date.now() - 1000).toISOString(),
    });
    const result = await crmSyncRetry({});
    expect(result.synced).toBeGreaterThanOrEqual(1);
    expect((await leadOf(as, lead.id)).crm.airtable).toMatchObject({
      status: 'synced',
      externalId: expect.stringMatching(/^rec/),
    });
    expect(await outbox.getOutbox(workspaceId, 'airtable', lead.id)).toBeUndefined();
  });

  it('queues a dashboard edit for the schedule, which syncs it', async () => {
    const { as, workspaceId } = await premiumWorkspace('crmedit');
    expect(
      (await stage.api.put('/integrations/notion', { ...bodies.notion, statuses: ['won'] }, as)).status,
    ).toBe(200);
    const lead = makeLead(workspaceId, { status: 'new', displayName: 'Queued Quentin' });
    await seedLeads([lead]);
    expect((await stage.api.patch(`/leads/${lead.id}`, { status: 'won' }, as)).status).toBe(200);
    expect(await outbox.getOutbox(workspaceId, 'notion', lead.id)).toMatchObject({ attempts: 0 });
    await crmSyncRetry({});
    expect((await leadOf(as, lead.id)).crm.notion?.status).toBe('synced');
    const page = [...notion.state.pages.values()].find((p) =>
      JSON.stringify(p.properties.Name).includes('Queued Quentin'),
    );
    expect(page?.properties.Status).toEqual({ select: { name: 'won' } });
  });
});
