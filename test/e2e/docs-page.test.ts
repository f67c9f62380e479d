import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../infra/routes';
import { startTestStage, type TestStage } from '../support/stage';

const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts');

let stage: TestStage;
let browser: Browser;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stage = await startTestStage();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await stage?.stop();
});

describe('Page: GET /docs in a headless browser', () => {
  it('renders every manifest operation grouped by tag, offline, and lets you try a call', async () => {
    // Prepare: any request leaving the local stage's origin fails the test (the page must be self-contained).
    const page = await browser.newPage();
    const foreign: string[] = [];
    const origin = new URL(stage.url).origin;
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin !== origin) {
        foreign.push(url);
        return route.abort();
      }
      return route.continue();
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    try {
      // Act
      await page.goto(`${stage.url}/docs`);
      const signupOp = page.locator('[data-operation="POST /auth/signup"]');
      await signupOp.waitFor({ state: 'visible' });

      // Assess: every route is rendered, under its tag's section.
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a reader sees
      expect(await signupOp.locator('summary').innerText()).toMatch(/^POST\s+\/auth\/signup\b/);
      for (const route of routes) {
        const operation = page.locator(
          `section[data-tag="${route.tag}"] [data-operation="${route.method} ${route.path}"]`,
        );
        expect(await operation.count(), `${route.method} ${route.path}`).toBe(1);
      }
      expect(await page.locator('section.tag').count()).toBe(new Set(routes.map((r) => r.tag)).size);

      // The operation shows its request schema and responses once opened.
      await signupOp.locator('summary').click();
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a reader sees
      expect(await signupOp.locator('ul.schema').first().innerText()).toContain('password');
      expect(await signupOp.locator('[data-response="201"]').isVisible()).toBe(true);
      await page.screenshot({ path: resolve(ARTIFACTS, 'docs-page.png'), fullPage: true });

      // Try it: sign up through the form; the page shows the API's answer with its x-request-id.
      const email = `docs.${Date.now()}@example.test`;
      await signupOp
        .locator('textarea')
        .fill(JSON.stringify({ email, password: 'correct horse battery', name: 'Docs' }));
      await signupOp.getByRole('button', { name: 'Send POST' }).click();
      const result = signupOp.locator('pre.result[data-status]');
      await result.waitFor();
      expect(await result.getAttribute('data-status')).toBe('201');
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a reader sees
      const shown = await result.innerText();
      expect(shown).toMatch(/^201 /);
      expect(shown).toMatch(/x-request-id: [A-Za-z0-9-]+/);
      expect(shown).toContain(email);
      await page.screenshot({ path: resolve(ARTIFACTS, 'docs-page-try-it.png') });

      expect(foreign).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
