import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CRM } from '../../infra/local/simulation/crm';
import { connectInstagram, createDemoWorkspace } from '../../infra/local/simulation/demo-session';
import { runningWorld, type SimulatedWorld } from '../../infra/local/simulation/world';
import { dynamo, tableName } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { decodeFlush } from '../../shared/adapters/dynamo/trace-flush';
import { crmSyncer } from '../../shared/wiring/crm';
import { signupWithWorkspace } from '../support/api';
import { makeLead, seedLeads, setWorkspacePlan } from '../support/leads';
import { connectMeta } from '../support/meta';
import { connectSheetsThroughConsent } from '../support/sheets';
import { startTestStage, type TestStage } from '../support/stage';
import { bannerLineOf, NO_PROVIDER_KEYS } from '../support/world';

/** Polls until `read` finds something (a browser job finishes on its own time), up to 90 s. */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await read();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Every credential the stage and its fakes hold: none may reach the trace or a console endpoint. */
function secretsOf(world: SimulatedWorld): string[] {
  return [
    ...world.meta!.fake.state.tokens.keys(),
    world.meta!.fake.appSecret,
    world.stripe!.secretKey,
    ...[world.tiktok, world.youtube].flatMap((source) => (source ? source.credentials() : [])),
    world.stripe!.webhookSecret,
    world.linkedin!.demoCookie,
    DEMO_CRM.notion.token,
    DEMO_CRM.airtable.apiKey,
    process.env.JWT_SECRET!,
    process.env.LOCAL_MASTER_KEY!,
  ];
}

describe('LocalPlugin: simulated-world', () => {
  describe('with no provider keys', () => {
    let stage: TestStage;
    beforeAll(async () => {
      stage = await startTestStage({ env: NO_PROVIDER_KEYS });
    });
    afterAll(() => stage.stop());
    let metaOwner: Awaited<ReturnType<typeof signupWithWorkspace>> | undefined;
    /** The workspace the demo Instagram account is connected to (one at most may own it). */
    async function metaWorkspace() {
      if (!metaOwner) {
        metaOwner = await signupWithWorkspace(stage.api, 'world');
        await connectMeta(stage, metaOwner);
      }
      return metaOwner;
    }

    it('simulates every provider, one banner line each, and says the rule engine is the AI default', () => {
      for (const provider of [
        'Meta',
        'TikTok',
        'YouTube',
        'LinkedIn',
        'Stripe',
        'Google Sheets',
        'Notion',
        'Airtable',
      ])
        expect(bannerLineOf(stage, provider), provider).toMatch(
          new RegExp(`^${provider}: simulated \\(fake `),
        );
      expect(bannerLineOf(stage, 'OpenAI')).toMatch(/^OpenAI: embedded .*rule engine/);
      expect(process.env.META_GRAPH_URL).toBe(runningWorld()!.meta!.fake.url);
      expect(process.env.SHEETS_API_URL).toBe(runningWorld()!.crms!.sheets!.url);
      expect(process.env.LINKEDIN_URL).toBe(runningWorld()!.linkedin!.site.url);
    });

    it('delivers a simulated DM the real way: the fake learns it, then a signed webhook reaches our endpoint', async () => {
      // Prepare
      const owner = await metaWorkspace();

      // Act
      const sent = await stage.api.post('/local/simulate', {
        platform: 'instagram',
        kind: 'dm',
        username: 'nina.k',
        text: 'Bonjour, vous livrez le dimanche ? 06 11 22 33 44',
        deliveries: 2,
      });
      const idle = await stage.api.post('/local/workflow/idle?timeoutMs=30000');

      // Assess
      expect(sent.status).toBe(200);
      expect(sent.body.statuses).toEqual([200, 200]);
      expect(idle.body.idle).toBe(true);
      const conversation = [...runningWorld()!.meta!.fake.state.conversations.values()].find(
        (c) => c.participant.id === sent.body.from.id,
      );
      expect(conversation?.messages.map((m) => m.id)).toEqual([sent.body.platformMessageId]);
      const leads = await stage.api.get('/leads', {
        token: owner.accessToken,
        workspaceId: owner.workspaceId,
      });
      expect(leads.body.items).toEqual([
        expect.objectContaining({ externalUserId: sent.body.from.id, phone: '+33611223344' }),
      ]);
    });

    it('simulates a tapped button: the postback scenario of its payload answers in DM', async () => {
      // Prepare
      // The demo Instagram account belongs to one workspace: the one the DM test above connected it to.
      const owner = await metaWorkspace();
      const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
      const scenario = await stage.api.post(
        '/scenarios',
        { name: 'Prix', trigger: 'postback', payload: 'PRICES', action: 'reply', message: 'Nos prix : …' },
        as,
      );
      expect(scenario.status).toBe(201);

      // Act
      const tapped = await stage.api.post('/local/simulate', {
        platform: 'instagram',
        kind: 'dm',
        username: 'tom.b',
        text: 'Voir les prix',
        tap: 'button',
        payload: 'PRICES',
      });
      const refused = await stage.api.post('/local/simulate', {
        platform: 'instagram',
        kind: 'comment',
        username: 'tom.b',
        text: 'x',
        tap: 'button',
        payload: 'PRICES',
      });
      await stage.api.post('/local/workflow/idle?timeoutMs=30000');

      // Assess
      expect(tapped.status).toBe(200);
      expect(tapped.body.dedupeKey).toMatch(/^instagram:message:/);
      expect(refused.status).toBe(400);
      const sent = runningWorld()!.meta!.fake.state.sent.filter((m) => m.recipient === tapped.body.from.id);
      expect(sent).toEqual([expect.objectContaining({ kind: 'dm', text: 'Nos prix : …' })]);
    });

    it('connects Google Sheets through the simulated Google consent and copies a lead into the demo spreadsheet', async () => {
      // Prepare
      const owner = await signupWithWorkspace(stage.api, 'sheetsworld');
      await setWorkspacePlan(owner.workspaceId, 'premium');
      const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
      const lead = makeLead(owner.workspaceId, { status: 'qualified', displayName: 'Demo Dana' });
      await seedLeads([lead]);

      // Act
      const flow = await connectSheetsThroughConsent(stage.api, owner);
      const saved = await stage.api.put(
        '/integrations/sheets',
        { target: { spreadsheetId: DEMO_CRM.sheets.spreadsheetId, sheetName: DEMO_CRM.sheets.sheetName } },
        as,
      );
      const outcomes = await crmSyncer().syncLead(owner.workspaceId, lead.id);

      // Assess
      expect(flow.final.searchParams.get('status')).toBe('authorized');
      expect(saved.status, saved.text).toBe(200);
      expect(outcomes).toEqual([{ crm: 'sheets', status: 'synced' }]);
      const rows = runningWorld()!.crms!.sheets!.state.spreadsheets.get(DEMO_CRM.sheets.spreadsheetId)!;
      expect(rows.get(DEMO_CRM.sheets.sheetName)?.some((row) => row?.[0]?.value === 'Demo Dana')).toBe(true);
    });

    it('brings a TikTok comment in through the collector schedule, and the reply lands at the fake', async () => {
      // Prepare
      await stage.api.post('/local/console/session');

      // Act
      const sent = await stage.api.post('/local/simulate', {
        platform: 'tiktok',
        kind: 'comment',
        username: 'tt.fan',
        text: 'How much is it? Send me the price info',
      });
      const idle = await stage.api.post('/local/workflow/idle?timeoutMs=30000');

      // Assess
      expect(sent.status).toBe(200);
      expect(sent.body.collected).toEqual({ ok: true });
      expect(idle.body.idle).toBe(true);
      const state = await stage.api.get('/local/console/state');
      const trace = state.body.traces.find((t: { dedupeKey: string }) => t.dedupeKey === sent.body.dedupeKey);
      expect(trace.steps[0]).toMatchObject({ step: 'LogInteraction', input: { source: 'collector' } });
      expect(state.body.outbox).toContainEqual(
        expect.objectContaining({ platform: 'tiktok', to: 'tt.fan', toId: sent.body.platformMessageId }),
      );
      // The scenario funnel (GET /analytics/scenarios) of the console's workspace, one row per scenario.
      expect(state.body.funnel).toContainEqual(
        expect.objectContaining({ name: expect.any(String), triggered: expect.any(Number), variants: [] }),
      );
    });

    it('brings a LinkedIn DM in through the browser worker and the collect schedule, and answers it in the thread', {
      timeout: 150_000,
    }, async () => {
      // Prepare
      await stage.api.post('/local/console/session');

      // Act
      const sent = await stage.api.post('/local/simulate', {
        platform: 'linkedin',
        kind: 'dm',
        username: 'lea.d',
        text: 'Bonjour, quel est le prix ? Mon numéro : 06 12 34 56 78',
      });
      const idle = await stage.api.post('/local/workflow/idle?timeoutMs=30000');
      const answered = await eventually(async () => {
        const outbox = await stage.api.get('/local/outbox');
        return outbox.body.items.find(
          (m: { platform: string; toId: string }) =>
            m.platform === 'linkedin' && m.toId === sent.body.from.id,
        );
      });

      // Assess
      expect(sent.status, sent.text).toBe(200);
      expect(sent.body.collected).toEqual({ ok: true });
      expect(idle.body.idle).toBe(true);
      const state = await stage.api.get('/local/console/state');
      const trace = state.body.traces.find((t: { dedupeKey: string }) => t.dedupeKey === sent.body.dedupeKey);
      expect(trace.steps[0]).toMatchObject({ step: 'LogInteraction', input: { source: 'collector' } });
      expect(state.body.leads).toContainEqual(
        expect.objectContaining({ platform: 'linkedin', phone: '+33612345678' }),
      );
      expect(answered).toMatchObject({ kind: 'dm', to: 'lea.d', text: expect.stringContaining('tarifs') });
    });

    it('keeps every credential out of the recorded trace and the console endpoints', async () => {
      // Prepare
      const session = await stage.api.post('/local/console/session');
      await stage.api.post('/local/simulate', {
        platform: 'instagram',
        kind: 'comment',
        username: 'paul.v',
        text: 'Intéressé ! Quel est le prix ?',
      });
      await stage.api.post('/local/workflow/idle?timeoutMs=30000');

      // Act
      const state = await stage.api.get('/local/console/state');
      const outbox = await stage.api.get('/local/outbox');
      const world = await stage.api.get('/local/world');
      // The trace is on the message's DEDUPE item, its attempts compressed (flush_*): read as stored, decoded
      const { Items: traceItems = [] } = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.ws(session.body.workspaceId),
            ':prefix': keys.interactionDedupe('', '').sk,
          },
        }),
      );
      const attempts = traceItems.flatMap((item) =>
        Object.entries(item)
          .filter(([name]) => name.startsWith('flush_'))
          .flatMap(([, value]) => decodeFlush(value as Uint8Array)),
      );

      // Assess
      expect(state.status).toBe(200);
      expect(state.body.traces.length).toBeGreaterThan(0);
      expect(state.body.traces[0].steps.map((s: { step: string }) => s.step)).toContain('Send');
      expect(attempts.map((a) => a.step)).toContain('Send');
      const exposed = [
        JSON.stringify(traceItems),
        JSON.stringify(attempts),
        state.text,
        outbox.text,
        world.text,
      ].join('\n');
      for (const secret of secretsOf(runningWorld()!)) expect(exposed).not.toContain(secret);
      expect(exposed).not.toMatch(/EAA[A-Z]/);
    });

    it('hands the demo business to the newest demo session, as its owner would move it, then back to the console', async () => {
      // Prepare
      const session = await stage.api.post('/local/console/session');
      const demo = await createDemoWorkspace(stage.url, 'Demo run');
      const accountsOf = async (workspaceId: string, token: string) =>
        (await stage.api.get('/social-accounts', { token, workspaceId })).body.items.map(
          (a: { platform: string }) => a.platform,
        );

      // Act: a demo run connects Instagram, and a person writes to it for that run
      await connectInstagram(demo);
      const forDemo = await stage.api.post('/local/simulate', {
        platform: 'instagram',
        kind: 'dm',
        username: 'demo.reader',
        text: 'Bonjour, quel est le prix ?',
        workspaceId: demo.workspaceId,
      });
      await stage.api.post('/local/workflow/idle?timeoutMs=30000');
      const demoLeads = await stage.api.get('/leads', {
        token: demo.accessToken,
        workspaceId: demo.workspaceId,
      });
      // The console's next simulated message takes it back
      const forConsole = await stage.api.post('/local/simulate', {
        platform: 'instagram',
        kind: 'dm',
        username: 'console.reader',
        text: 'Bonjour, vous livrez ?',
      });

      // Assess
      expect(forDemo.body.statuses).toEqual([200]);
      expect(demoLeads.body.items).toEqual([
        expect.objectContaining({ externalUserId: forDemo.body.from.id }),
      ]);
      expect(forConsole.body.statuses).toEqual([200]);
      expect(await accountsOf(demo.workspaceId, demo.accessToken)).toEqual([]);
      const state = await stage.api.get('/local/console/state');
      expect(state.body.workspaceId).toBe(session.body.workspaceId);
      await stage.api.post('/local/workflow/idle?timeoutMs=30000');
      expect((await stage.api.get('/local/console/state')).body.leads).toContainEqual(
        expect.objectContaining({ externalUserId: forConsole.body.from.id }),
      );
    });

    it('connects the demo creator (no Facebook Page) to the console through the simulated Instagram Login', async () => {
      // Prepare
      const session = await stage.api.post('/local/console/session');
      // Act
      const connected = await stage.api.post('/local/console/connect-instagram-login');
      // Assess
      expect(connected.status, connected.text).toBe(200);
      expect(connected.body.accounts).toContain('@demo_creator');
      expect(stage.banner.join('\n')).toContain('Instagram Login at');
      const fake = runningWorld()!.meta!.fake;
      expect(
        fake.state.requests.some((r) => r.host === 'instagram' && r.path === '/oauth/access_token'),
      ).toBe(true);
      for (const secret of [...fake.state.tokens.keys(), fake.instagramAppSecret])
        expect(connected.text).not.toContain(secret);
      expect(session.status).toBe(200);
    });

    it('disconnects the demo creator when it removes the app: the simulated Meta posts the Instagram deauthorize callback', async () => {
      // Prepare
      await stage.api.post('/local/console/connect-instagram-login');
      const before = await stage.api.get('/local/console/state');
      expect(before.body.accounts).toContainEqual(
        expect.objectContaining({ displayName: '@demo_creator', status: 'active' }),
      );
      // Act
      const removed = await stage.api.post('/local/console/instagram-deauthorize');
      // Assess
      expect(removed.status, removed.text).toBe(200);
      expect(removed.body).toEqual({ status: 200, answer: { accountsDisconnected: 1 } });
      const after = await stage.api.get('/local/console/state');
      expect(after.body.accounts.map((a: { displayName: string }) => a.displayName)).not.toContain(
        '@demo_creator',
      );
      expect(after.body.accounts.length).toBeGreaterThan(0);
    });

    it('serves the console page at GET / with no external resource', async () => {
      const page = await stage.api.get('/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    });
  });
});
