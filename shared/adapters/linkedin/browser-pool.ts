import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Flags for Debian's chromium on a shared machine: nothing phones home, no GPU, no sandbox (containers). */
export const LOCAL_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface BrowserPoolOptions {
  /** Debian chromium locally; ignored in Lambda, where @sparticuz/chromium provides the binary. */
  chromiumPath: string;
}

const inLambda = () => Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);

/**
 * One browser per process, launched on first use and reused across warm invocations (a launch costs seconds;
 * a context costs milliseconds). Playwright gives every launch a fresh temporary user-data dir and deletes it
 * on close; in Lambda, leftovers of a frozen-then-killed sandbox are removed before launching, because /tmp
 * survives between invocations and is only 512 MB.
 */
export class BrowserPool {
  private browser: Promise<Browser> | undefined;

  constructor(private readonly options: BrowserPoolOptions) {}

  async get(): Promise<Browser> {
    const current = this.browser ? await this.browser.catch(() => undefined) : undefined;
    if (current?.isConnected()) return current;
    this.browser = this.launch();
    this.browser.catch(() => {
      this.browser = undefined;
    });
    return this.browser;
  }

  private async launch(): Promise<Browser> {
    if (inLambda()) {
      await removeStaleProfiles();
      // Kept out of the bundle and installed in the image (infra/linkedin-image), pinned exactly.
      const { default: Chromium } = await import('@sparticuz/chromium');
      return chromium.launch({
        executablePath: await Chromium.executablePath(),
        args: Chromium.args,
        headless: true,
      });
    }
    return chromium.launch({
      executablePath: this.options.chromiumPath,
      args: LOCAL_CHROMIUM_ARGS,
      headless: true,
    });
  }

  async close(): Promise<void> {
    const pending = this.browser;
    this.browser = undefined;
    const browser = await pending?.catch(() => undefined);
    await browser?.close().catch(() => undefined);
  }
}

async function removeStaleProfiles(): Promise<void> {
  const dir = tmpdir();
  const entries = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter(
        (name) =>
          name.startsWith('playwright_chromiumdev_profile-') || name.startsWith('playwright-artifacts-'),
      )
      .map((name) => rm(join(dir, name), { recursive: true, force: true })),
  );
}
