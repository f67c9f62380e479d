import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningWorld } from '../../infra/local/simulation/world';
import { runDemo } from '../support/demo';
import { startTestStage, type TestStage } from '../support/stage';
import { NO_PROVIDER_KEYS } from '../support/world';

const ARTIFACTS = 'test-artifacts';
let stage: TestStage;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  stage = await startTestStage({ env: NO_PROVIDER_KEYS });
  profile = mkdtempSync(join(tmpdir(), 'flowia-console-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
    viewport: { width: 1400, height: 1000 },
  });
});
afterAll(async () => {
  await browser?.close();
  await stage?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('Page: developer console', () => {
  it('sends a DM from the page, then shows its workflow trace, its lead, the reply and the mailbox', async () => {
    // Prepare
    const page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    await page.goto(`${stage.url}/`);
    await page.locator('#workspace', { hasText: /^workspace / }).waitFor();

    // Act
    await page.selectOption('#channel', 'instagram/dm');
    await page.fill('#username', 'lea.browser');
    await page.fill('#text', 'Bonjour, quel est le prix ? Mon numéro : 06 12 34 56 78');
    await page.click('#send');
    await page.locator('#send-status', { hasText: 'delivered 1×' }).waitFor();
    const status = (await page.textContent('#send-status')) ?? '';
    const dedupeKey = status.slice(status.lastIndexOf(' ') + 1);

    // Assess: the trace of this message, step by step, as the workflow recorded it.
    const trace = page.locator(`.trace[data-dedupe-key="${dedupeKey}"]`);
    const stepRow = (name: string) =>
      trace
        .locator('.trace-step')
        .filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${name}$`) }) });
    await stepRow('Complete').waitFor();
    const steps = await trace.locator('.trace-step td:first-child').allTextContents();
    expect(steps.slice(0, 4)).toEqual(['LogInteraction', 'CheckPlan', 'MatchScenario', 'Decide']);
    expect(steps).toContain('Send');
    await expect
      .poll(() => trace.locator('.trace-step', { hasText: 'MatchScenario' }).textContent(), {
        timeout: 5_000,
      })
      .toContain('Prix en DM');

    const lead = page.locator('#leads tr.lead', { hasText: 'lea.browser' });
    await lead.waitFor();
    expect(await lead.textContent()).toContain('+33612345678');
    const reply = page.locator('#outbox tr.sent', { hasText: 'lea.browser' });
    await reply.waitFor();
    expect(await reply.textContent()).toContain('instagram');
    await page.locator('#usage', { hasText: 'DMs today 1/10' }).waitFor();
    expect(runningWorld()!.meta!.fake.state.sent.filter((m) => m.kind === 'dm')).toHaveLength(1);

    // The simulated mailbox: the console session's own signup sent it a verification link.
    const mail = page
      .locator('#mailbox .mail', { hasText: 'Confirm your email address for Flow IA' })
      .first();
    await mail.waitFor();
    expect(await mail.locator('a').first().getAttribute('href')).toMatch(/\/verify-email\?token=/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'developer-console.png'), fullPage: true });
  }, 90_000);

  it('shows the inbox: a thread in both directions, a reply by hand through the simulated Meta, the bot paused and resumed', async () => {
    // Prepare: a person writes in DM through the page, the bot answers
    const page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    await page.goto(`${stage.url}/`);
    await page.locator('#workspace', { hasText: /^workspace / }).waitFor();
    await page.selectOption('#channel', 'instagram/dm');
    await page.fill('#username', 'noe.inbox');
    await page.fill('#text', 'Bonjour, quel est le prix ?');
    await page.click('#send');
    await page.locator('#send-status', { hasText: 'delivered 1×' }).waitFor();
    const conversation = page.locator('#conversations tr.conversation', { hasText: 'noe.inbox' });
    await conversation.locator('td', { hasText: /^running$/ }).waitFor();

    // Act: open the thread, reply by hand
    await conversation.click();
    const thread = page.locator('#thread');
    await thread.locator('.message.in[data-author="contact"]', { hasText: 'quel est le prix' }).waitFor();
    await thread.locator('.message.out[data-author="bot"]').first().waitFor();
    await page.fill('#reply-text', 'Bonjour Noé, je vous appelle tout à l’heure !');
    await page.click('#reply-send');
    await page.locator('#reply-status', { hasText: /^sent/ }).waitFor();

    // Assess: the reply is in the thread and at the simulated Meta, once; the bot stopped for this person
    await thread
      .locator('.message.out[data-author="human"]', { hasText: 'je vous appelle tout à l’heure' })
      .waitFor();
    await page.locator('#thread-state', { hasText: 'bot paused (human_reply)' }).waitFor();
    const sentByHand = runningWorld()!.meta!.fake.state.sent.filter((m) =>
      JSON.stringify(m).includes('je vous appelle tout à l’heure'),
    );
    expect(sentByHand).toHaveLength(1);
    await page.selectOption('#inbox-paused', 'true');
    await page.locator('#conversations tr.conversation', { hasText: 'noe.inbox' }).waitFor();
    await page.selectOption('#inbox-paused', 'false');
    await page
      .locator('#conversations tr.conversation', { hasText: 'noe.inbox' })
      .waitFor({ state: 'detached' });

    // The member hands the conversation back to the bot
    await page.selectOption('#inbox-paused', '');
    await page.click('#resume');
    await page.locator('#thread-state', { hasText: /^bot running/ }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'developer-console-inbox.png'), fullPage: true });
  }, 90_000);

  it('opens on the workspace `npm run demo` hands over, and lets the user switch back to its own', async () => {
    // Prepare: the console has its own workspace; a user runs the demo against this running stage
    const own = (await (await fetch(`${stage.url}/local/console/session`, { method: 'POST' })).json()) as {
      workspaceId: string;
    };
    const demo = await runDemo({ DEMO_URL: stage.url, LOG_LEVEL: 'SILENT' }, 110_000);
    expect(demo.code, demo.stderr).toBe(0);
    const demoWorkspace = /workspace ([0-9a-f-]{36}), connected/.exec(demo.stdout)?.[1];
    expect(demoWorkspace).toBeDefined();
    expect(demo.stdout).toContain('the developer console now shows this demo workspace');

    // Act: the user opens the console it points to
    const page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    await page.goto(`${stage.url}/`);

    // Assess: the demo's workspace and its leads, and the console's own one a choice away
    await page.locator('#workspace', { hasText: `workspace ${demoWorkspace}` }).waitFor();
    await page.locator('#leads tr.lead', { hasText: 'clara.fleurs' }).waitFor();
    expect(await page.locator('#leads tr.lead').count()).toBe(19);
    expect(await page.locator('#workspace-choice option').allTextContents()).toEqual([
      `Console workspace (${own.workspaceId.slice(0, 8)})`,
      `Demo Shop (${demoWorkspace!.slice(0, 8)})`,
    ]);
    await page.selectOption('#workspace-choice', own.workspaceId);
    await page.locator('#workspace', { hasText: `workspace ${own.workspaceId}` }).waitFor();
    await page.locator('#leads tr.lead', { hasText: 'lea.browser' }).waitFor();
  }, 150_000);

  it('hands a workspace over only to its member, with the API’s own refusal', async () => {
    // Prepare
    const adopt = (body: unknown) =>
      fetch(`${stage.url}/local/console/adopt`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const workspaces = async () =>
      ((await (await fetch(`${stage.url}/local/console/workspaces`)).json()) as { items: unknown[] }).items;
    const before = await workspaces();

    // Act
    const missing = await adopt({ email: 'someone@flowia.example' });
    const wrongPassword = await adopt({
      email: 'nobody@flowia.example',
      password: 'not-the-password',
      workspaceId: '00000000-0000-4000-8000-000000000000',
    });
    const unknown = await fetch(`${stage.url}/local/console/switch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspaceId: '00000000-0000-4000-8000-000000000000' }),
    });

    // Assess
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('workspaceId');
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(404);
    expect(await workspaces()).toEqual(before);
  });

  it('connects @demo_creator through the Instagram Login from the page, then disconnects it when it removes the app', async () => {
    // Prepare
    const page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    await page.goto(`${stage.url}/`);
    await page.locator('#workspace', { hasText: /^workspace / }).waitFor();
    const creator = page.locator('#accounts tr.account', { hasText: '@demo_creator' });

    // Act
    await page.click('#connect-instagram-login');
    await page.locator('#accounts-status', { hasText: 'connected:' }).waitFor();

    // Assess
    expect(await page.textContent('#accounts-status')).toContain('@demo_creator');
    await creator.waitFor();
    expect(await creator.textContent()).toContain('active');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'developer-console-instagram-login.png'), fullPage: true });

    // Act: the simulated Meta posts the Instagram app's deauthorize callback
    await page.click('#instagram-deauthorize');
    await page.locator('#accounts-status', { hasText: 'deauthorize callback' }).waitFor();

    // Assess
    expect(await page.textContent('#accounts-status')).toContain('HTTP 200, {"accountsDisconnected":1}');
    await creator.waitFor({ state: 'detached' });
  });
});
