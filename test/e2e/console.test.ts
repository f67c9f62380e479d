import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningWorld } from '../../infra/local/simulation/world';
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

  it('shows the inbox: the DM in the list, its thread both ways, a reply by hand that reaches Meta and pauses the bot', async () => {
    // Prepare: a person writes a DM, through the simulated Instagram and its signed webhook.
    const page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    await page.goto(`${stage.url}/`);
    await page.locator('#workspace', { hasText: /^workspace / }).waitFor();
    await page.selectOption('#channel', 'instagram/dm');
    await page.fill('#username', 'sam.inbox');
    await page.fill('#text', 'Bonjour, quel est le prix de la bougie ?');
    await page.click('#send');
    await page.locator('#send-status', { hasText: 'delivered 1×' }).waitFor();

    // Act: the conversation appears in the list (open, bot active); open it.
    await page.selectOption('#filter-paused', 'false');
    const listed = page.locator('#conversations tr.conversation', { hasText: 'sam.inbox' });
    await listed.waitFor();
    expect(await listed.textContent()).toContain('bot active');
    await listed.click();
    const thread = page.locator('#thread');
    // Both directions: the person's DM, then the scenario's automatic answer with its delivery status.
    // The send record moves from sending to sent: the thread shows its live status.
    await thread.locator('.msg[data-author="bot"][data-delivery="sent"]').waitFor();
    const incoming = thread.locator('.msg[data-direction="in"][data-author="contact"]');
    expect(await incoming.textContent()).toContain('quel est le prix de la bougie');
    expect(await thread.locator('.msg[data-author="bot"] .meta').textContent()).toContain('scenario ');
    await page.locator('#thread-state[data-paused="false"]').waitFor();

    // Act: a member replies by hand.
    await page.fill(
      '#reply-text',
      'Bonjour Sam, ici Julie : la bougie est à 24 €, je vous la mets de côté ?',
    );
    await page.click('#reply-send');
    await page.locator('#reply-status', { hasText: 'reply sent' }).waitFor();

    // Assess: the reply is in the thread after the bot's, sent by a member; the bot is paused for a human reply.
    const human = thread.locator('.msg[data-direction="out"][data-author="human"]');
    await human.waitFor();
    expect(await human.textContent()).toContain('je vous la mets de côté');
    expect(await human.getAttribute('data-delivery')).toBe('sent');
    const authors = await Promise.all(
      (await thread.locator('.msg').all()).map((m) => m.getAttribute('data-author')),
    );
    expect(authors).toEqual(['contact', 'bot', 'human']);
    await page.locator('#thread-state[data-paused="true"][data-reason="human_reply"]').waitFor();
    expect(await page.textContent('#thread-state')).toContain('bot paused (human_reply)');
    expect(await page.isDisabled('#pause')).toBe(true);

    // At the simulated Meta: exactly one message of that text, sent to the person's id.
    const meta = runningWorld()!.meta!;
    const atMeta = meta.fake.state.sent.filter((m) => m.text.includes('je vous la mets de côté'));
    expect(atMeta).toHaveLength(1);
    expect(meta.personOf(atMeta[0]!.recipient)?.username).toBe('sam.inbox');
    await page.locator('#outbox tr.sent', { hasText: 'je vous la mets de côté' }).waitFor();

    // The filters: paused conversations list it (waiting, the team answered); active ones no longer do.
    await page.selectOption('#filter-paused', 'true');
    await page.selectOption('#filter-status', 'waiting');
    const paused = page.locator('#conversations tr.conversation', { hasText: 'sam.inbox' });
    await paused.waitFor();
    expect(await paused.textContent()).toContain('bot paused (human_reply)');
    await page.selectOption('#filter-paused', 'false');
    await page.selectOption('#filter-status', '');
    await expect
      .poll(() => page.locator('#conversations tr.conversation', { hasText: 'sam.inbox' }).count(), {
        timeout: 10_000,
      })
      .toBe(0);

    // Act: resume from the thread, which stays open.
    await page.click('#resume');
    await page.locator('#thread-state[data-paused="false"]').waitFor();
    expect(await page.isDisabled('#resume')).toBe(true);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'developer-console-inbox.png'), fullPage: true });
  }, 90_000);
});
