import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dynamo, stageTable, tableName } from '../../shared/adapters/dynamo/client';
import { DynamoIntegrationStore } from '../../shared/adapters/dynamo/integration-store';
import * as keys from '../../shared/adapters/dynamo/keys';
import { GoogleOAuthClient } from '../../shared/adapters/google/google-oauth-client';
import { CrmCredentialKeeper } from '../../shared/services/crm/crm-credentials';
import type { CrmCredentials } from '../../shared/services/crm/ports';
import { pkceChallenge } from '../../shared/services/social/oauth-state';
import { crmSyncer } from '../../shared/wiring/crm';
import { tokenVault } from '../../shared/wiring/vault';
import { type FakeGoogle, startFakeGoogle } from '../../simulation/google';
import { type FakeSheets, startFakeSheets } from '../../simulation/google-sheets';
import { signup, signupWithWorkspace } from '../support/api';
import { makeLead, seedLeads, setWorkspacePlan } from '../support/leads';
import { joinWorkspace } from '../support/members';
import { bindingCookieOf } from '../support/oauth';
import { connectSheetsThroughConsent } from '../support/sheets';
import { startTestStage, type TestStage } from '../support/stage';

const FRONTEND = 'http://frontend.test';
const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

let stage: TestStage;
let google: FakeGoogle;
let sheets: FakeSheets;
/** The fake Google's clock runs ahead of ours by this much: its tokens expire while we still trust them. */
let googleAhead = 0;
const integrations = new DynamoIntegrationStore(stageTable);

beforeAll(async () => {
  google = await startFakeGoogle({ now: () => Date.now() + googleAhead });
  sheets = await startFakeSheets({ google, spreadsheets: {} });
  stage = await startTestStage({
    env: {
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_OAUTH_URL: google.url,
      GOOGLE_TOKEN_URL: `${google.url}/token`,
      SHEETS_API_URL: sheets.url,
      FRONTEND_URL: FRONTEND,
      TOKEN_REFRESH_MARGIN_MINUTES: '30',
      CRM_RETRY_BASE_MS: '10',
      CRM_RETRY_BUDGET_MS: '1000',
    },
  });
});
afterAll(async () => {
  await stage.stop();
  await Promise.all([sheets.stop(), google.stop()]);
});
afterEach(() => {
  googleAhead = 0;
  google.setAccessTtl(3599);
  google.state.grantOnly = undefined;
});

/** A premium workspace, a Google user of its own and a spreadsheet that user can edit. */
async function shop(name: string) {
  const owner = await signupWithWorkspace(stage.api, name);
  await setWorkspacePlan(owner.workspaceId, 'premium');
  const googleUser = `google-${name}-${randomUUID().slice(0, 8)}`;
  const spreadsheetId = `sheet_${randomUUID().replaceAll('-', '')}`;
  sheets.state.spreadsheets.set(spreadsheetId, new Map([['Leads', []]]));
  sheets.state.editors.set(spreadsheetId, new Set([googleUser]));
  const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
  const consent = () => {
    google.state.consentUser = googleUser;
    return connectSheetsThroughConsent(stage.api, owner);
  };
  const save = () =>
    stage.api.put('/integrations/sheets', { target: { spreadsheetId, sheetName: 'Leads' } }, as);
  const rows = () => (sheets.state.spreadsheets.get(spreadsheetId)?.get('Leads') ?? []).length;
  return { owner, as, googleUser, spreadsheetId, consent, save, rows };
}

async function syncNewLead(workspaceId: string) {
  const lead = makeLead(workspaceId, { status: 'qualified' });
  await seedLeads([lead]);
  const [outcome] = await crmSyncer().syncLead(workspaceId, lead.id);
  return { lead, outcome };
}

describe('Routes: /integrations/sheets (Google OAuth)', () => {
  it('asks Google for the spreadsheets scope with offline access, keeps the grant sealed, and syncs', async () => {
    // Prepare
    const s = await shop('connect');

    // Act
    const flow = await s.consent();
    const saved = await s.save();
    const { outcome } = await syncNewLead(s.owner.workspaceId);

    // Assess
    const q = flow.authUrl.searchParams;
    expect(flow.authUrl.pathname).toBe('/o/oauth2/v2/auth');
    expect(q.get('scope')).toBe(SHEETS_SCOPE);
    expect(q.get('access_type')).toBe('offline');
    expect(q.get('prompt')).toBe('consent');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('redirect_uri')).toBe(`${stage.url}/integrations/sheets/callback`);
    expect(flow.final.origin + flow.final.pathname).toBe(`${FRONTEND}/integrations/callback`);
    expect(Object.fromEntries(flow.final.searchParams)).toEqual({ crm: 'sheets', status: 'authorized' });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({
      crm: 'sheets',
      status: 'active',
      lastError: null,
      credentialsSet: true,
    });
    expect(outcome).toEqual({ crm: 'sheets', status: 'synced' });
    expect(s.rows()).toBe(2); // titles, then the lead
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.integration(s.owner.workspaceId, 'sheets') }),
    );
    const secrets = [...google.state.accessTokens.keys(), ...google.state.refreshTokens.keys()];
    for (const text of [
      flow.authUrlResponse,
      flow.callbackBody,
      flow.final.toString(),
      saved.text,
      JSON.stringify(Item),
    ])
      for (const secret of secrets) expect(text).not.toContain(secret);
    // The pending grant was consumed by the save.
    const grant = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.crmPendingGrant(s.owner.workspaceId, 'sheets') }),
    );
    expect(grant.Item).toBeUndefined();
  });

  it('refreshes a token about to expire before the call, and an expired one when Sheets answers 401', async () => {
    // Prepare: a 10-minute token (inside the 30-minute margin), then a token Google already sees as expired.
    const early = await shop('early');
    google.setAccessTtl(600);
    await early.consent();
    await early.save();
    google.setAccessTtl(3599);
    const late = await shop('late');
    await late.consent();
    await late.save();
    const refreshes = google.state.refreshes;

    // Act
    const first = await syncNewLead(early.owner.workspaceId);
    const requestsBefore = sheets.state.requests.length;
    googleAhead = 2 * 3600_000;
    const second = await syncNewLead(late.owner.workspaceId);

    // Assess
    expect(first.outcome?.status).toBe('synced');
    expect(second.outcome?.status).toBe('synced');
    expect(google.state.refreshes).toBe(refreshes + 2);
    // The late one: row 1 read refused (401), then read, titled and appended with the renewed token.
    expect(sheets.state.requests.length - requestsBefore).toBe(4);
    expect(late.rows()).toBe(2);
  });

  it('marks the integration needs_reconnect and tells the workspace once when Google revoked the grant', async () => {
    // Prepare
    const s = await shop('revoked');
    await s.consent();
    await s.save();
    google.revoke(s.googleUser);
    googleAhead = 2 * 3600_000; // the access token is past its hour too: only the refresh could help

    // Act
    const first = await syncNewLead(s.owner.workspaceId);
    const tokenCalls = google.state.calls.token;
    const second = await syncNewLead(s.owner.workspaceId);

    // Assess
    expect(first.outcome).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/expired or was revoked/),
    });
    expect(second.outcome?.status).toBe('failed');
    expect(google.state.calls.token).toBe(tokenCalls); // nothing is asked of Google while it needs reconnecting
    const listed = await stage.api.get('/integrations', s.as);
    expect(listed.body.items[0]).toMatchObject({
      crm: 'sheets',
      status: 'needs_reconnect',
      lastError: expect.stringMatching(/connect Google Sheets again/),
    });
    const notices = await stage.api.get('/notifications', s.as);
    expect(notices.body.items.map((n: { kind: string }) => n.kind)).toEqual(['integration_needs_reconnect']);

    // Act: the admin connects again; the failed leads sync once their retry is due.
    googleAhead = 0;
    const again = await s.consent();
    const retry = await crmSyncer().syncLead(s.owner.workspaceId, first.lead.id, { trigger: 'retry' });

    // Assess
    expect(again.final.searchParams.get('status')).toBe('connected');
    expect(retry).toEqual([{ crm: 'sheets', status: 'synced' }]);
    expect((await stage.api.get('/integrations', s.as)).body.items[0]).toMatchObject({
      status: 'active',
      lastError: null,
    });
  });

  it('refuses what an attacker or a half-done consent could slip in', async () => {
    // Prepare
    const s = await shop('attacks');
    const flow = await s.consent();
    const other = await shop('other');

    // Act + Assess: the callback replayed in the same browser — the state works once.
    const replay = await fetch(flow.callbackUrl, { redirect: 'manual', headers: { cookie: flow.cookie } });
    const replayed = new URL(replay.headers.get('location')!);
    expect(Object.fromEntries(replayed.searchParams)).toEqual({
      crm: 'sheets',
      status: 'error',
      code: 'invalid_state',
    });
    // A forged state never reaches Google.
    const calls = google.state.calls.token;
    const forged = await fetch(
      `${stage.url}/integrations/sheets/callback?code=4/0Aforged&state=${encodeURIComponent('eyJ3b3Jrc3BhY2VJZCI6IngifQ.bad')}`,
      { redirect: 'manual' },
    );
    expect(new URL(forged.headers.get('location')!).searchParams.get('code')).toBe('invalid_state');
    // A state signed for another provider (YouTube's connect) is refused too.
    const youtubeUrl = await stage.api.get('/social-accounts/youtube/auth-url', s.as);
    const youtubeState = new URL(youtubeUrl.body.url).searchParams.get('state')!;
    const crossed = await fetch(
      `${stage.url}/integrations/sheets/callback?code=4/0Acrossed&state=${encodeURIComponent(youtubeState)}`,
      { redirect: 'manual', headers: { cookie: bindingCookieOf(youtubeUrl.headers) } },
    );
    expect(new URL(crossed.headers.get('location')!).searchParams.get('code')).toBe('invalid_state');
    // The attacker's own consent link, opened in the victim's browser (no binding cookie): refused, unspent.
    const attacker = await stage.api.get('/integrations/sheets/auth-url', other.as);
    const attackerConsent = await fetch(attacker.body.url, { redirect: 'manual' });
    const planted = await fetch(attackerConsent.headers.get('location')!, { redirect: 'manual' });
    expect(new URL(planted.headers.get('location')!).searchParams.get('code')).toBe('session_mismatch');
    expect(google.state.calls.token).toBe(calls);
    // Another workspace's consent gives this one nothing to save.
    const otherSave = await other.save();
    expect(otherSave.status).toBe(400);
    expect(otherSave.body.error.message).toMatch(/Connect a Google account first/);
    // A user who unticked the Sheets box on Google's page: no grant is kept.
    google.state.grantOnly = [];
    const unticked = await other.consent();
    expect(unticked.final.searchParams.get('code')).toBe('scope_missing');
    expect((await other.save()).status).toBe(400);
    // Members and free workspaces cannot start the flow.
    const member = await signup(stage.api, 'sheetsmember');
    await joinWorkspace(stage.api, s.owner, member);
    const asMember = await stage.api.get('/integrations/sheets/auth-url', {
      token: member.accessToken,
      workspaceId: s.owner.workspaceId,
    });
    expect(asMember.status).toBe(403);
    const free = await signupWithWorkspace(stage.api, 'sheetsfree');
    const freeUrl = await stage.api.get('/integrations/sheets/auth-url', {
      token: free.accessToken,
      workspaceId: free.workspaceId,
    });
    expect(freeUrl.status).toBe(402);
    expect(freeUrl.body.error.code).toBe('plan_required');
    // The first workspace's own grant still saves.
    expect((await s.save()).status).toBe(200);
  });

  it('reports a spreadsheet the Google user cannot edit as a sync failure, not as a dead grant', async () => {
    // Prepare
    const s = await shop('noaccess');
    await s.consent();
    await s.save();
    sheets.state.editors.set(s.spreadsheetId, new Set(['someone-else']));

    // Act
    const { outcome } = await syncNewLead(s.owner.workspaceId);

    // Assess
    expect(outcome).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('The caller does not have permission'),
    });
    expect((await integrations.get(s.owner.workspaceId, 'sheets'))?.status).toBe('active');
  });
});

describe('Class: CrmCredentialKeeper', () => {
  describe('Method: withCredentials', () => {
    it('renews a Sheets grant within the margin of its expiry, on the same injected clock as the fake Google', async () => {
      // Prepare: our clock and the fake's are one pinned clock.
      let now = Date.parse('2026-05-04T09:00:00Z');
      const fake = await startFakeGoogle({ now: () => now });
      try {
        const oauth = new GoogleOAuthClient(
          {
            clientId: fake.clientId,
            clientSecret: fake.clientSecret,
            oauthUrl: fake.url,
            tokenUrl: `${fake.url}/token`,
          },
          () => new Date(now),
        );
        const verifier = randomUUID() + randomUUID();
        const consent = oauth.authorizationUrl({
          scopes: [SHEETS_SCOPE],
          state: 's',
          redirectUri: 'http://a.test/cb',
          codeChallenge: pkceChallenge(verifier),
        });
        const code = new URL(
          (await fetch(consent, { redirect: 'manual' })).headers.get('location')!,
        ).searchParams.get('code')!;
        const tokens = await oauth.exchangeCode(code, 'http://a.test/cb', verifier);
        const workspaceId = `ws-keeper-${randomUUID().slice(0, 8)}`;
        const sealed = await tokenVault().sealJson(
          { workspaceId, provider: 'sheets' },
          {
            crm: 'sheets',
            accessToken: tokens.accessToken,
            refreshToken: tokens.refreshToken,
            expiresAt: tokens.expiresAt,
            scope: tokens.scope,
          },
        );
        const integration = {
          workspaceId,
          crm: 'sheets' as const,
          target: { crm: 'sheets' as const, spreadsheetId: 'book', sheetName: 'Leads' },
          autoSync: true,
          statuses: ['new' as const],
          credentials: sealed,
          createdAt: new Date(now).toISOString(),
          updatedAt: new Date(now).toISOString(),
        };
        await integrations.put(integration);
        const keeper = new CrmCredentialKeeper({
          vault: tokenVault(),
          integrations,
          google: () => oauth,
          notifications: { notify: async () => true },
          refreshMarginMs: 30 * 60_000,
          now: () => new Date(now),
        });
        const seen: string[] = [];
        const use = async (credentials: CrmCredentials) => {
          if (credentials.crm === 'sheets') seen.push(credentials.accessToken);
          return fake.tokenInfo(seen.at(-1)!) !== undefined;
        };

        // Act: 10 minutes in (50 left), then 40 minutes in (19 left, inside the margin), then 3 hours in.
        now += 10 * 60_000;
        const fresh = await keeper.withCredentials(integration, use);
        now += 30 * 60_000;
        const renewed = await keeper.withCredentials(integration, use);
        const stored = (await integrations.get(workspaceId, 'sheets'))!;
        now += 3 * 3600_000;
        const later = await keeper.withCredentials(stored, use);

        // Assess
        expect(tokens.expiresAt).toBe('2026-05-04T09:59:59.000Z'); // expires_in 3599 on the injected clock
        expect([fresh, renewed, later]).toEqual([true, true, true]);
        expect(seen[0]).toBe(tokens.accessToken);
        expect(seen[1]).not.toBe(tokens.accessToken);
        expect(seen[2]).not.toBe(seen[1]);
        expect(fake.state.refreshes).toBe(2);
        expect(fake.tokenInfo(tokens.accessToken)).toBeUndefined(); // the first token expired at the fake
      } finally {
        await fake.stop();
      }
    });
  });
});
