import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as crmSyncRetry } from '../../functions/schedules/crm-sync-retry';
import { dynamo, tableName } from '../../shared/adapters/dynamo/client';
import { isTraceAttribute } from '../../shared/adapters/dynamo/trace-store';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { startFakeAirtable } from '../../simulation/airtable';
import { type FakeGoogle, startFakeGoogle } from '../../simulation/google';
import { startFakeSheets } from '../../simulation/google-sheets';
import { startFakeNotion } from '../../simulation/notion';
import { signup, signupWithWorkspace } from '../support/api';
import { LEAD_COLUMN_TITLES, NOTION_LEAD_SCHEMA } from '../support/crm-columns';
import {
  connectInstagram,
  incoming,
  RecordingProvider,
  startWorkflowStage,
  type WorkflowStage,
} from '../support/engine';
import { setWorkspacePlan } from '../support/leads';
import { joinWorkspace } from '../support/members';
import { connectSheetsThroughConsent } from '../support/sheets';

const SHEET = 'sheet_contact_rights_0001';
const NOTION_DB = '1f0e0d0c-0b0a-4999-8888-777766665555';
const BASE = 'appCONTACTRIGHTS1';
const TITLES = LEAD_COLUMN_TITLES;
const NOTION_SCHEMA = NOTION_LEAD_SCHEMA;
const SECRETS = { notion: 'ntn_contact_rights_token', airtable: 'patCONTACT.rights-token' };
const GOOGLE_USER = 'google-contact-rights';

let stage: WorkflowStage;
let google: FakeGoogle;
let sheets: Awaited<ReturnType<typeof startFakeSheets>>;
let notion: Awaited<ReturnType<typeof startFakeNotion>>;
let airtable: Awaited<ReturnType<typeof startFakeAirtable>>;
const provider = new RecordingProvider();

beforeAll(async () => {
  google = await startFakeGoogle();
  google.addUser(GOOGLE_USER, { id: 'UC_contact_rights', title: 'CRM owner' });
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
    bases: { [BASE]: { Leads: TITLES } },
    rateLimitCooldownMs: 300,
  });
  stage = await startWorkflowStage({
    provider,
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

/** A premium shop with the three CRMs connected, a DM scenario and an Instagram account. */
async function shop(name: string) {
  const owner = await signupWithWorkspace(stage.api, name);
  await setWorkspacePlan(owner.workspaceId, 'premium');
  const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
  const consent = await connectSheetsThroughConsent(stage.api, owner);
  expect(consent.final.searchParams.get('status')).toBe('authorized');
  const bodies = {
    sheets: { target: { spreadsheetId: SHEET, sheetName: 'Leads' } },
    notion: { credentials: { token: SECRETS.notion }, target: { databaseId: NOTION_DB } },
    airtable: { credentials: { apiKey: SECRETS.airtable }, target: { baseId: BASE, tableName: 'Leads' } },
  };
  for (const [crm, body] of Object.entries(bodies))
    expect((await stage.api.put(`/integrations/${crm}`, body, as)).status).toBe(200);
  expect(
    (await stage.api.post('/scenarios', { name: 'Tout', action: 'dm', message: 'Réponse auto' }, as)).status,
  ).toBe(201);
  const account = await connectInstagram(owner.workspaceId);
  return { owner, as, account };
}

/** One contact who wrote a DM with a phone number, got the automatic answer and was synced to the CRMs. */
async function contact(name: string) {
  const world = await shop(name);
  const message = incoming(world.account, {
    kind: 'dm',
    text: `Bonjour ${name}-Camille ici, quel est le prix ? 06 12 34 56 78`,
  });
  await stage.process(message);
  const leadId = leadIdOf(world.owner.workspaceId, 'instagram', message.author.platformUserId);
  return { ...world, message, leadId };
}

/** Every stored item that mentions `needle` (a full scan: tests only). */
async function itemsMentioning(needle: string) {
  const found: Array<Record<string, unknown>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey }));
    found.push(...(page.Items ?? []).filter((item) => JSON.stringify(item).includes(needle)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}

const sheetRows = () =>
  (sheets.state.spreadsheets.get(SHEET)?.get('Leads') ?? []).filter((row) => row !== undefined);
const airtableRecords = () => airtable.state.bases.get(BASE)?.get('Leads')?.records ?? new Map();

describe('Class: ContactRightsService (routes)', () => {
  describe('Method: export', () => {
    it('returns the lead, its interactions, the thread, deliveries and CRM sync state as one JSON document', async () => {
      // Prepare
      const { as, leadId, message } = await contact('export');

      // Act
      const response = await stage.api.get(`/leads/${leadId}/export`, as);

      // Assess
      expect(response.status, response.text).toBe(200);
      const body = response.body;
      expect(body.lead).toMatchObject({
        id: leadId,
        phone: '+33612345678',
        externalUserId: message.author.platformUserId,
      });
      expect(Object.keys(body.lead.crm).sort()).toEqual(['airtable', 'notion', 'sheets']);
      expect(body.lead.crm.notion).toMatchObject({ status: 'synced', externalId: expect.any(String) });
      expect(body.interactions).toHaveLength(1);
      expect(body.interactions[0]).toMatchObject({ text: message.text, direction: 'inbound' });
      expect(body.messages.map((m: { text: string }) => m.text)).toEqual([message.text, 'Réponse auto']);
      expect(body.deliveries).toEqual([expect.objectContaining({ text: 'Réponse auto', status: 'sent' })]);
      expect(body.conversation).toMatchObject({ leadId });
      expect(body.interactions[0]).not.toHaveProperty('pk');
      expect(response.text).not.toContain('"gsi1pk"');
    });

    it('is 404 from another workspace, 403 into a workspace one is not admin of, and refuses API keys', async () => {
      // Prepare
      const alice = await contact('alice');
      const bob = await signupWithWorkspace(stage.api, 'bob');
      const member = await signup(stage.api, 'member');
      await joinWorkspace(stage.api, alice.owner, member, 'member');
      const key = await stage.api.post('/api-keys', { name: 'zap', scope: 'write' }, alice.as);
      expect(key.status).toBe(201);

      // Act
      const fromBob = await stage.api.get(`/leads/${alice.leadId}/export`, {
        token: bob.accessToken,
        workspaceId: bob.workspaceId,
      });
      const bobIntoAlice = await stage.api.get(`/leads/${alice.leadId}/export`, {
        token: bob.accessToken,
        workspaceId: alice.owner.workspaceId,
      });
      const asMember = await stage.api.get(`/leads/${alice.leadId}/export`, {
        token: member.accessToken,
        workspaceId: alice.owner.workspaceId,
      });
      const withKey = await stage.api.get(`/leads/${alice.leadId}/export`, { token: key.body.key });
      const bobDeletes = await stage.api.delete(`/leads/${alice.leadId}`, {
        token: bob.accessToken,
        workspaceId: bob.workspaceId,
      });
      const memberDeletes = await stage.api.delete(`/leads/${alice.leadId}`, {
        token: member.accessToken,
        workspaceId: alice.owner.workspaceId,
      });

      // Assess
      expect(fromBob.status).toBe(404);
      expect(bobIntoAlice.status).toBe(403);
      expect(asMember.status).toBe(403);
      expect(withKey.status).toBe(403);
      expect(bobDeletes.status).toBe(404);
      expect(memberDeletes.status).toBe(403);
      expect((await stage.api.get(`/leads/${alice.leadId}`, alice.as)).status).toBe(200);
    });
  });

  describe('Method: erase', () => {
    it('erases the contact from every item and every CRM, keeps only anonymous send records, and is idempotent', async () => {
      // Prepare
      const { as, leadId, message, owner } = await contact('erase');
      const before = await stage.api.get(`/leads/${leadId}/export`, as);
      const crm = before.body.lead.crm;
      const usage = (await stage.api.get('/billing/usage', as)).body;
      expect(sheetRows().some((row) => row.at(-1)?.value === leadId)).toBe(true);
      expect(notion.state.pages.get(crm.notion.externalId)?.inTrash).toBe(false);
      expect(airtableRecords().has(crm.airtable.externalId)).toBe(true);

      // Act
      const first = await stage.api.delete(`/leads/${leadId}`, as);
      const second = await stage.api.delete(`/leads/${leadId}`, as);
      // The request queued the CRM records without calling a CRM; the retry schedule removes them.
      const airtableHeld = airtableRecords().has(crm.airtable.externalId);
      const run = await crmSyncRetry({});

      // Assess
      expect(first.status, first.text).toBe(204);
      expect(second.status).toBe(204);
      expect(airtableHeld).toBe(true);
      expect(run.erasures).toEqual({ erased: 3, kept: 0, retrying: 0 });
      expect((await stage.api.get(`/leads/${leadId}`, as)).status).toBe(404);
      expect((await stage.api.get(`/leads/${leadId}/export`, as)).status).toBe(404);
      expect((await stage.api.get('/leads', as)).body.items).toEqual([]);
      expect((await stage.api.get(`/conversations/${leadId}`, as)).status).toBe(404);
      // The CRMs: the Sheets row cleared in place, the Notion page trashed, the Airtable record deleted.
      expect(sheetRows().some((row) => row.at(-1)?.value === leadId)).toBe(false);
      expect(notion.state.pages.get(crm.notion.externalId)?.inTrash).toBe(true);
      expect(airtableRecords().has(crm.airtable.externalId)).toBe(false);
      // Nothing stored still holds what the person wrote, their phone or their platform id.
      for (const needle of ['erase-Camille', message.author.platformUserId, message.author.username ?? '-'])
        expect(await itemsMentioning(needle), needle).toEqual([]);
      const phones = (await itemsMentioning('+33612345678')).filter(
        (i) => i.pk === `WS#${owner.workspaceId}`,
      );
      expect(phones).toEqual([]);
      // What is left naming the lead id: the closed erasure marker (counts only) and the audit entries.
      const left = await itemsMentioning(leadId);
      expect(left.map((item) => item.type).sort()).toEqual(['auditEntry', 'auditEntry', 'contactErasure']);
      expect(left.find((item) => item.type === 'contactErasure')).toMatchObject({ status: 'erased' });
      const outcomes = left.find((item) => item.type === 'contactErasure')?.crm as Array<{ status: string }>;
      expect(outcomes.map((o) => o.status)).toEqual(['erased', 'erased', 'erased']);
      expect(
        left
          .filter((i) => i.type === 'auditEntry')
          .map((i) => i.action)
          .sort(),
      ).toEqual(['lead.erased', 'lead.exported']);
      // The dedupe marker stays, bare: it is what recognises a redelivered webhook.
      const dedupe = (await itemsMentioning(message.dedupeKey)).filter((i) => i.type === 'interactionDedupe');
      expect(dedupe).toEqual([expect.not.objectContaining({ leadId: expect.anything() })]);
      // It is also the item Complete wrote the trace on: the marker stays done, the trace (the message's summary,
      // each step's attempt) is gone with the rest.
      expect(dedupe[0]).toMatchObject({ state: 'done' });
      expect(Object.keys(dedupe[0] ?? {}).filter(isTraceAttribute)).toEqual([]);
      const sends = (await itemsMentioning(owner.workspaceId)).filter((item) => item.type === 'sendRecord');
      expect(sends).toEqual([expect.objectContaining({ status: 'sent', text: '', anonymised: true })]);
      expect(sends[0]).not.toHaveProperty('leadId');
      // Quota and billing count the same as before.
      expect((await stage.api.get('/billing/usage', as)).body.dmSentToday).toBe(usage.dmSentToday);
      // A redelivered webhook of the erased message is still recognised: no second DM, no lead again.
      const sentBefore = provider.sent.length;
      await stage.process(message);
      expect(provider.sent.length).toBe(sentBefore);
      expect((await stage.api.get(`/leads/${leadId}`, as)).status).toBe(404);
    });

    it('lets one of two concurrent erasures run and the CRMs see one removal each, however many runs remove them', async () => {
      // Prepare
      const { as, leadId } = await contact('concurrent');
      const deletesBefore = airtable.state.requests.filter((r) => r.method === 'DELETE').length;

      // Act: two erasures at once, then two overlapping runs of the schedule
      const answers = await Promise.all([
        stage.api.delete(`/leads/${leadId}`, as),
        stage.api.delete(`/leads/${leadId}`, as),
      ]);
      await Promise.all([crmSyncRetry({}), crmSyncRetry({})]);

      // Assess
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses[0]).toBe(204);
      expect([204, 409]).toContain(statuses[1]);
      expect(airtable.state.requests.filter((r) => r.method === 'DELETE').length - deletesBefore).toBe(1);
      expect((await stage.api.delete(`/leads/${leadId}`, as)).status).toBe(204);
    });

    it('names a CRM record it cannot remove in a notification, without the person’s data', async () => {
      // Prepare: the Airtable token stops working (401: not worth retrying)
      const { as, leadId } = await contact('kept');
      const recordId = (await stage.api.get(`/leads/${leadId}`, as)).body.lead.crm.airtable.externalId;
      airtable.state.tokens.delete(SECRETS.airtable);

      // Act
      const erased = await stage.api.delete(`/leads/${leadId}`, as);
      const run = await crmSyncRetry({});

      // Assess
      airtable.state.tokens.add(SECRETS.airtable);
      expect(erased.status).toBe(204);
      expect(run.erasures).toEqual({ erased: 2, kept: 1, retrying: 0 });
      expect(airtableRecords().has(recordId)).toBe(true);
      const notices = (await stage.api.get('/notifications', as)).body.items.filter(
        (n: { kind: string }) => n.kind === 'erasure_incomplete',
      );
      expect(notices).toHaveLength(1);
      expect(notices[0].body).toContain(recordId);
      expect(JSON.stringify(notices[0])).not.toContain('kept-Camille');
      expect((await crmSyncRetry({})).erasures).toEqual({ erased: 0, kept: 0, retrying: 0 });
    });

    it('is 404 for a lead the workspace never had', async () => {
      const owner = await signupWithWorkspace(stage.api, 'never');
      const response = await stage.api.delete('/leads/AAAAAAAAAAAAAAAAAAAAAA', {
        token: owner.accessToken,
        workspaceId: owner.workspaceId,
      });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    });
  });

  describe('Method: flag (a DM asking for deletion)', () => {
    it('flags the lead and tells the owner once; erasing the contact removes that notice too', async () => {
      // Prepare
      const { as, account, leadId, message } = await contact('asks');
      const ask = {
        ...message,
        text: 'Supprimez mes données svp',
        platformMessageId: `${message.platformMessageId}-2`,
        dedupeKey: `${message.dedupeKey}-2`,
        occurredAt: new Date().toISOString(),
      };

      // Act
      await stage.process(ask);
      await stage.process({
        ...ask,
        platformMessageId: `${ask.platformMessageId}-3`,
        dedupeKey: `${ask.dedupeKey}-3`,
      });

      // Assess
      expect(account.workspaceId).toBe(as.workspaceId);
      const lead = (await stage.api.get(`/leads/${leadId}`, as)).body.lead;
      expect(lead.erasureRequestedAt).toEqual(expect.any(String));
      const notices = (await stage.api.get('/notifications', as)).body.items.filter(
        (n: { kind: string }) => n.kind === 'erasure_request',
      );
      expect(notices).toEqual([expect.objectContaining({ leadId })]);
      expect((await stage.api.delete(`/leads/${leadId}`, as)).status).toBe(204);
      const after = (await stage.api.get('/notifications', as)).body.items;
      expect(after.filter((n: { leadId: string | null }) => n.leadId === leadId)).toEqual([]);
    });
  });
});
