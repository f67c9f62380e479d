import { errors, type Page, type Response } from 'playwright-core';
import {
  LinkedInCheckpointError,
  LinkedInLimitNoticeError,
  LinkedInNotFoundError,
  LinkedInSessionExpiredError,
  LinkedInTransientError,
} from '../../services/linkedin/errors';
import type { Pacer } from '../../services/linkedin/pacing';
import type {
  LinkedInBrowser,
  LinkedInBrowserSession,
  LinkedInConversation,
  LinkedInCredentials,
  LinkedInMessage,
  LinkedInProfile,
} from '../../services/linkedin/ports';
import type { BrowserPool } from './browser-pool';
import { CHECKPOINT, LOGIN_WALL, linkedInPaths, profileIdFromHref, selectors } from './selectors';

export interface PlaywrightLinkedInOptions {
  /** LINKEDIN_URL: the real site, or the fake one in tests. */
  baseUrl: string;
  navigationTimeoutMs: number;
}

/** A desktop Chrome identity: the headless default ("HeadlessChrome") is an easy bot tell. */
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36';

/**
 * LinkedIn through a real browser. Each job gets its own BrowserContext (cookies, storage and cache isolated per
 * account), with the session cookie injected on LINKEDIN_URL's host instead of a password login, which would
 * trigger checkpoints from a new device. The context and its pages are closed when the job ends.
 */
export class PlaywrightLinkedIn implements LinkedInBrowser {
  constructor(
    private readonly pool: BrowserPool,
    private readonly pacer: Pacer,
    private readonly options: PlaywrightLinkedInOptions,
  ) {}

  async withSession<T>(
    credentials: LinkedInCredentials,
    work: (session: LinkedInBrowserSession) => Promise<T>,
  ): Promise<T> {
    const browser = await this.pool.get().catch((error: unknown) => {
      throw new LinkedInTransientError(`The browser did not start: ${(error as Error).message}`);
    });
    const context = await browser.newContext({
      userAgent: USER_AGENT,
      locale: 'en-US',
      viewport: { width: 1366, height: 900 },
    });
    try {
      const url = new URL(this.options.baseUrl).origin;
      await context.addCookies([
        { name: 'li_at', value: credentials.liAt, url, httpOnly: true, secure: url.startsWith('https:') },
        ...(credentials.jsessionid
          ? [{ name: 'JSESSIONID', value: `"${credentials.jsessionid.replace(/"/g, '')}"`, url }]
          : []),
      ]);
      const page = await context.newPage();
      page.setDefaultTimeout(this.options.navigationTimeoutMs);
      return await work(new PlaywrightLinkedInSession(page, this.pacer, this.options));
    } finally {
      await context.close().catch(() => undefined);
    }
  }
}

class PlaywrightLinkedInSession implements LinkedInBrowserSession {
  constructor(
    private readonly page: Page,
    private readonly pacer: Pacer,
    private readonly options: PlaywrightLinkedInOptions,
  ) {}

  /** Opens a member page and turns every way it can go wrong into one of the processor's errors. */
  private async open(path: string, readySelector: string): Promise<void> {
    let response: Response | null;
    try {
      response = await this.page.goto(new URL(path, this.options.baseUrl).href, {
        waitUntil: 'domcontentloaded',
        timeout: this.options.navigationTimeoutMs,
      });
    } catch (error) {
      throw transient(error, `Opening ${path}`);
    }
    const landedOn = new URL(this.page.url()).pathname;
    if (CHECKPOINT.test(landedOn)) throw new LinkedInCheckpointError(landedOn);
    if (LOGIN_WALL.test(landedOn)) throw new LinkedInSessionExpiredError(landedOn);
    const status = response?.status() ?? 0;
    if (status === 404) throw new LinkedInNotFoundError(`LinkedIn has no page at ${path}.`);
    if (status === 429 || status >= 500)
      throw new LinkedInTransientError(`LinkedIn answered ${status} for ${path}.`);
    try {
      await this.page.waitForSelector(readySelector, { state: 'attached' });
    } catch (error) {
      throw transient(error, `Waiting for ${path} to render`);
    }
    const notice = await this.page.$(selectors.limitNotice);
    if (notice) throw new LinkedInLimitNoticeError(((await notice.textContent()) ?? '').trim());
  }

  async profile(): Promise<LinkedInProfile> {
    await this.open(linkedInPaths.feed, selectors.memberName);
    const name = ((await this.page.textContent(selectors.memberName)) ?? '').trim();
    const href = await this.page.getAttribute(selectors.memberProfileLink, 'href');
    return { name, profileId: profileIdFromHref(href) };
  }

  async conversations(limit: number): Promise<LinkedInConversation[]> {
    await this.open(linkedInPaths.messaging, selectors.conversationList);
    const items = await this.page.$$eval(
      selectors.conversationItem,
      (nodes, s) =>
        nodes.map((node) => ({
          id: node.getAttribute('data-conversation-id') ?? '',
          participantHref: node.getAttribute('data-participant-profile') ?? '',
          participantName: node.querySelector(s.conversationName)?.textContent?.trim() ?? '',
          snippet: node.querySelector(s.conversationSnippet)?.textContent?.trim() ?? '',
          lastActivityAt: node.querySelector(s.conversationTime)?.getAttribute('datetime') || null,
        })),
      selectors,
    );
    return items
      .filter((item) => item.id)
      .slice(0, limit)
      .map(({ participantHref, ...item }) => ({
        ...item,
        participantProfileId: profileIdFromHref(participantHref),
      }));
  }

  async thread(conversationId: string): Promise<LinkedInMessage[]> {
    await this.pacer.pause();
    await this.open(linkedInPaths.thread(conversationId), selectors.messageList);
    return this.readMessages(conversationId);
  }

  private async readMessages(conversationId: string): Promise<LinkedInMessage[]> {
    const items = await this.page.$$eval(
      selectors.messageItem,
      (nodes, s) =>
        nodes.map((node) => ({
          id: node.getAttribute('data-event-urn') ?? '',
          senderHref: node.getAttribute('data-sender-profile') ?? '',
          senderName: node.querySelector(s.messageSender)?.textContent?.trim() ?? '',
          text: node.querySelector(s.messageBody)?.textContent?.trim() ?? '',
          sentAt: node.querySelector('time')?.getAttribute('datetime') ?? '',
        })),
      selectors,
    );
    return items
      .filter((item) => item.id)
      .map(({ senderHref, ...item }) => ({
        ...item,
        conversationId,
        senderProfileId: profileIdFromHref(senderHref),
      }));
  }

  async sendMessage(conversationId: string, text: string): Promise<{ messageId: string; sentAt: string }> {
    await this.pacer.pause();
    await this.open(linkedInPaths.thread(conversationId), selectors.composeBox);
    const before = await this.page.locator(selectors.messageItem).count();
    await this.page.click(selectors.composeBox);
    for (const character of text) {
      await this.page.keyboard.type(character);
      await this.pacer.keystroke();
    }
    await this.pacer.pause();
    const button = this.page.locator(selectors.sendButton);
    try {
      await button.click();
      // Sent once LinkedIn echoes the new message into the thread (or shows its error).
      await this.page.waitForFunction(
        ({ s, count }) => {
          const doc = (globalThis as unknown as { document: InPageDocument }).document;
          return (
            doc.querySelectorAll(s.messageItem).length > count || doc.querySelector(s.sendError) !== null
          );
        },
        { s: selectors, count: before },
      );
    } catch (error) {
      throw new LinkedInTransientError(transient(error, 'Sending the message').message, true);
    }
    if (await this.page.$(selectors.sendError))
      throw new LinkedInTransientError('LinkedIn did not accept the message.', true);
    const last = (await this.readMessages(conversationId)).at(-1);
    if (!last || last.text !== text.trim())
      throw new LinkedInTransientError('The sent message did not appear in the conversation.', true);
    return { messageId: last.id, sentAt: last.sentAt };
  }
}

/** The little of the page's DOM the in-page check uses (the project compiles without the DOM library). */
interface InPageDocument {
  querySelectorAll(selector: string): { length: number };
  querySelector(selector: string): unknown;
}

function transient(error: unknown, doing: string): Error {
  if (error instanceof errors.TimeoutError) return new LinkedInTransientError(`${doing} timed out.`);
  const message = error instanceof Error ? error.message : String(error);
  const net = /net::ERR_[A-Z_]+/.exec(message)?.[0];
  return new LinkedInTransientError(
    net ? `${doing} failed: ${net}.` : `${doing} failed: ${message.split('\n')[0]}`,
  );
}
