import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWorkflow } from '../../infra/local/workflow-plugin';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoTraceStore } from '../../shared/adapters/dynamo/trace-store';
import { dedupeKeyOf } from '../../shared/domain/messages/dedupe-key';
import { quotaService } from '../../shared/wiring/quota';
import { startFakeGoogle } from '../../simulation/google';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { startFakeNotion } from '../../simulation/notion';
import { type FakeOpenAi, startFakeOpenAi } from '../../simulation/openai';
import { type FakeTikTokBusiness, startFakeTikTokBusiness } from '../../simulation/tiktok-business';
import { signupWithWorkspace } from '../support/api';
import { setWorkspacePlan } from '../support/leads';
import { connectMeta } from '../support/meta';
import { connectThroughConsent } from '../support/oauth';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Every feature of the plan catalog, enforced where it is used, over the real routes and the real workflow
 * (fake Meta, OpenAI, Notion, TikTok and Google over HTTP). LinkedIn automation has its own tests next to the
 * browser (linkedin.test.ts: 402 at connect/sync/send; linkedin-handoff.test.ts: DMs not answered after a
 * downgrade). The plan is read for every message and every request: a change applies to the next one.
 */
const NOTION_DB = '0f0e0d0c-0b0a-4999-8888-777766665555';
const NOTION_TOKEN = 'ntn_plan_features_token';
let meta: FakeMetaGraph;
let openai: FakeOpenAi;
let notion: Awaited<ReturnType<typeof startFakeNotion>>;
let tiktok: FakeTikTokBusiness;
let google: Awaited<ReturnType<typeof startFakeGoogle>>;
let stage: TestStage;
/** The TikTok for Business app's scopes, as its portal authorization URL carries them. */
const TIKTOK_SCOPES = 'user.info.basic,video.list,video.insights,comment.list,comment.list.manage';
let pages = 0;

beforeAll(async () => {
  meta = await startFakeMetaGraph();
  openai = await startFakeOpenAi();
  notion = await startFakeNotion({
    tokens: [NOTION_TOKEN],
    databases: {
      [NOTION_DB]: {
        Name: 'title',
        Username: 'rich_text',
        Platform: 'select',
        Status: 'select',
        Score: 'number',
        Phone: 'phone_number',
        Email: 'email',
        Tags: 'multi_select',
        Notes: 'rich_text',
        'Last message': 'rich_text',
        'Last interaction': 'date',
        Created: 'date',
        Interactions: 'number',
        'Prospect class': 'select',
        'Lead ID': 'rich_text',
      },
    },
  });
  tiktok = await startFakeTikTokBusiness();
  google = await startFakeGoogle({ dailyQuota: 1_000_000 });
  stage = await startTestStage({
    env: {
      ...meta.env('plans'),
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.url,
      NOTION_API_URL: notion.url,
      TIKTOK_BUSINESS_APP_ID: tiktok.appId,
      TIKTOK_BUSINESS_SECRET: tiktok.secret,
      TIKTOK_BUSINESS_AUTH_URL: `${tiktok.authorizationUrl}?scope=${TIKTOK_SCOPES}`,
      TIKTOK_BUSINESS_API_URL: tiktok.url,
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_OAUTH_URL: google.url,
      GOOGLE_TOKEN_URL: `${google.url}/token`,
      YOUTUBE_API_URL: google.url,
      FRONTEND_URL: 'http://frontend.test',
    },
  });
  tiktok.registerRedirectUri(`${stage.url}/social-accounts/tiktok/callback/`);
});
afterAll(async () => {
  await stage?.stop();
  await Promise.all([meta?.stop(), openai?.stop(), notion?.stop(), tiktok?.stop(), google?.stop()]);
});

type Owner = Awaited<ReturnType<typeof signupWithWorkspace>>;
const as = (owner: Owner) => ({ token: owner.accessToken, workspaceId: owner.workspaceId });

/** A workspace with its own Instagram account and one scenario answering every DM. */
async function instagramWorkspace(name: string, message: string | null) {
  pages += 1;
  const ig = `17841470${String(pages).padStart(9, '0')}`;
  meta.state.pages.clear();
  meta.addPage({ id: `70${pages}0`, name: `Page ${name}`, instagram: { id: ig, username: name } });
  const owner = await signupWithWorkspace(stage.api, name);
  await connectMeta(stage, owner);
  const scenario = await stage.api.post(
    '/scenarios',
    { name: 'Every DM', platform: 'instagram', trigger: 'dm', keywords: [], action: 'reply', message },
    as(owner),
  );
  expect(scenario.status).toBe(201);
  return { owner, ig };
}

async function dm(ig: string, sender: string, text: string) {
  const mid = `mid-${sender}`;
  meta.addInboundMessage({ accountId: ig, from: { id: sender, username: sender }, text, id: mid });
  const signed = signedMetaWebhook(metaWebhook.instagramMessage(ig, { sender, mid, text }), meta.appSecret);
  const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
    rawBody: signed.body,
    headers: signed.headers,
  });
  expect(response.status).toBe(200);
  await localWorkflow().idle();
  return dedupeKeyOf('instagram', 'dm', mid);
}

const stepOf = async (owner: Owner, dedupeKey: string, step: string) =>
  (await new DynamoTraceStore(stageTable).read(owner.workspaceId, dedupeKey)).find((s) => s.step === step);
const sentTo = (sender: string) => meta.state.sent.filter((m) => m.recipient === sender);
const dmSentToday = async (owner: Owner) =>
  (await stage.api.get('/billing/usage', as(owner))).body.dmSentToday;

describe('Plan feature: aiReplies (AI-written replies)', () => {
  it('writes the reply with the rule engine on Freemium and with the model on Premium, message by message', async () => {
    // Prepare: the scenario leaves the wording to the AI engine
    const { owner, ig } = await instagramWorkspace('aiplan', null);
    const before = openai.state.received;

    // Act
    const onFreemium = await dm(ig, 'ig-ai-1', 'Bonjour, vous êtes ouverts dimanche ?');
    await setWorkspacePlan(owner.workspaceId, 'premium');
    openai.script({ kind: 'json', value: { reply: 'Oui, à dimanche !', needsHuman: false } });
    const onPremium = await dm(ig, 'ig-ai-2', 'Bonjour, vous êtes ouverts dimanche matin ?');

    // Assess
    expect(await stepOf(owner, onFreemium, 'GenerateReply')).toMatchObject({ decision: 'rules' });
    expect(await stepOf(owner, onPremium, 'GenerateReply')).toMatchObject({ decision: 'ai' });
    expect(sentTo('ig-ai-2').map((m) => m.text)).toEqual(['Oui, à dimanche !']);
    expect(sentTo('ig-ai-1')).toHaveLength(1);
    expect(openai.state.received).toBe(before + 1);
  });
});

describe('Plan feature: crmSync (CRM sync)', () => {
  it('refuses a CRM on Freemium with 402 naming Premium, and stops syncing after a downgrade', async () => {
    // Prepare
    const { owner, ig } = await instagramWorkspace('crmplan', 'Merci !');
    const integration = { credentials: { token: NOTION_TOKEN }, target: { databaseId: NOTION_DB } };

    // Act
    const refused = await stage.api.put('/integrations/notion', integration, as(owner));
    await setWorkspacePlan(owner.workspaceId, 'premium');
    const accepted = await stage.api.put('/integrations/notion', integration, as(owner));
    const synced = await dm(ig, 'ig-crm-1', 'Bonjour, un devis ?');
    const pagesOnPremium = notion.state.pages.size;
    await setWorkspacePlan(owner.workspaceId, 'freemium');
    const skipped = await dm(ig, 'ig-crm-2', 'Bonjour, un autre devis ?');

    // Assess
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'plan_required',
      message: 'CRM sync is not included in the Freemium plan. Upgrade to Premium to use it.',
    });
    expect(accepted.status).toBe(200);
    expect(await stepOf(owner, synced, 'SyncCrm')).toMatchObject({ decision: 'synced' });
    expect(pagesOnPremium).toBeGreaterThan(0);
    expect(await stepOf(owner, skipped, 'SyncCrm')).toMatchObject({
      decision: 'skipped',
      reason: 'CRM sync is not included in the Freemium plan. Upgrade to Premium to use it.',
    });
    expect(notion.state.pages.size).toBe(pagesOnPremium);
    // The integration is kept (nothing is deleted on a downgrade): it resumes after an upgrade.
    expect((await stage.api.get('/integrations', as(owner))).body.items).toHaveLength(1);
  });
});

describe('DM quota: manual sends count like automatic ones', () => {
  it('takes a TikTok reply from the daily DM quota, gives it back when TikTok refuses, and stops at the limit', async () => {
    // Prepare: a Freemium workspace with 9 of its 10 DMs used today
    const openId = `open-quota-${Date.now()}`;
    tiktok.addAccount(openId, 'Quota Shop');
    tiktok.addVideo(openId, {
      id: `${openId}-v`,
      caption: 'Video',
      createTime: Math.floor(Date.now() / 1000) - 600,
    });
    tiktok.addComment(openId, `${openId}-v`, {
      id: `${openId}-c`,
      from: { id: 'fan-1', username: 'fan1' },
      text: 'Price?',
      createTime: Math.floor(Date.now() / 1000) - 60,
    });
    tiktok.state.consentUser = openId;
    const owner = await signupWithWorkspace(stage.api, 'ttquota');
    const { accountId } = await connectThroughConsent(stage.api, owner, 'tiktok');
    for (let i = 0; i < 9; i++)
      await quotaService().consumeDm({ id: owner.workspaceId, plan: 'freemium', timezone: 'Europe/Paris' });
    const reply = (commentId: string) =>
      stage.api.post(
        '/social-accounts/tiktok/send-message',
        { accountId, action: 'reply', commentId, videoId: `${openId}-v`, text: 'Merci ! 12 €' },
        as(owner),
      );

    // Act
    const refusedByTikTok = await reply(`${openId}-missing`);
    const afterRefusal = await dmSentToday(owner);
    const sent = await reply(`${openId}-c`);
    const afterSend = await dmSentToday(owner);
    const overQuota = await reply(`${openId}-c`);

    // Assess
    expect(refusedByTikTok.status).toBe(400);
    expect(afterRefusal).toBe(9);
    expect(sent.status).toBe(200);
    expect(afterSend).toBe(10);
    expect(overQuota.status).toBe(402);
    expect(overQuota.body.error.code).toBe('quota_exceeded');
    expect(overQuota.body.error.message).toMatch(
      /Freemium plan's 10 DMs of today are used; the quota resets at /,
    );
    expect(tiktok.state.replies.filter((r) => r.businessId === openId)).toHaveLength(1);
  });

  it('takes a YouTube reply from the daily DM quota', async () => {
    // Prepare
    const channelId = `UC_quota_${Date.now()}`;
    const userId = `google-quota-${Date.now()}`;
    google.addUser(userId, { id: channelId, title: 'Quota Channel' });
    google.addThread(channelId, {
      id: `${channelId}-c0`,
      videoId: `${channelId}-video`,
      authorChannelId: 'UC_fan',
      authorDisplayName: 'Fan',
      textOriginal: 'How much?',
      publishedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    google.state.consentUser = userId;
    const owner = await signupWithWorkspace(stage.api, 'ytquota');
    const { accountId } = await connectThroughConsent(stage.api, owner, 'youtube');

    // Act
    const reply = await stage.api.post(
      '/social-accounts/youtube/reply',
      { accountId, commentId: `${channelId}-c0`, text: 'It is 12 €!' },
      as(owner),
    );

    // Assess
    expect(reply.status).toBe(200);
    expect(await dmSentToday(owner)).toBe(1);
  });
});
