import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake LinkedIn web site on localhost, for a real browser to drive (PROVIDERS.md §7). It checks the `li_at`
 * session cookie on every member page (missing, unknown or expired → the login wall), sends flagged members to
 * /checkpoint/challenge/…, serves the messaging inbox, threads and a send box whose POST needs the CSRF token
 * LinkedIn derives from the JSESSIONID cookie. Knobs inject 500s, slow pages and the invitation-limit banner.
 * Self-contained (no test framework) so the local stage can run it as the simulated LinkedIn.
 * The session and CSRF cookies it checks (`li_at`, `JSESSIONID`) are those LinkedIn lists in its official cookie
 * table (https://www.linkedin.com/legal/cookie-table); LinkedIn documents no API for this use (PROVIDERS.md §7).
 */
export type FakeSessionState = 'ok' | 'expired' | 'checkpoint';

export interface FakeLinkedInMessage {
  id: string;
  senderProfileId: string;
  senderName: string;
  text: string;
  sentAt: string;
}

export interface FakeLinkedInConversation {
  id: string;
  participant: { profileId: string; name: string };
  messages: FakeLinkedInMessage[];
}

export interface FakeLinkedInMember {
  liAt: string;
  profileId: string;
  name: string;
  session: FakeSessionState;
  conversations: FakeLinkedInConversation[];
}

export interface FakeLinkedInState {
  members: Map<string, FakeLinkedInMember>;
  /** Every message posted through a send box, in order. */
  sent: Array<{ liAt: string; conversationId: string; messageId: string; text: string }>;
  /** Member page loads answered (after the knobs), by path. */
  pageLoads: string[];
  /** The next N member page loads answer 500. */
  failNextPageLoads: number;
  /** The next N member page loads wait `slowPageDelayMs` first. */
  slowNextPageLoads: number;
  slowPageDelayMs: number;
  /** Shows LinkedIn's weekly invitation limit banner on member pages. */
  inviteLimitReached: boolean;
}

export interface FakeLinkedInSite {
  url: string;
  state: FakeLinkedInState;
  /** Creates a member with a valid session cookie and the given conversations (messages oldest first). */
  addMember(input: {
    name: string;
    profileId?: string;
    conversations?: Array<{
      participant: { profileId: string; name: string };
      messages: Array<{ fromMember: boolean; text: string; sentAt?: string }>;
    }>;
  }): FakeLinkedInMember;
  stop(): Promise<void>;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function cookiesOf(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0)
      out[part.slice(0, index).trim()] = part
        .slice(index + 1)
        .trim()
        .replace(/^"|"$/g, '');
  }
  return out;
}

function page(title: string, body: string, banner = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} | LinkedIn</title></head>
<body><header class="global-nav"><a class="global-nav__logo" href="/feed/">LinkedIn</a></header>${banner}<main class="scaffold-layout__main">${body}</main></body></html>`;
}

const LIMIT_BANNER =
  '<div class="ip-fuse-limit-alert artdeco-inline-feedback--error" role="alert">You’ve reached the weekly invitation limit</div>';

const SEND_SCRIPT = `<script>
(() => {
  const form = document.querySelector('form.msg-form');
  const box = form.querySelector('.msg-form__contenteditable');
  const button = form.querySelector('.msg-form__send-button');
  const list = document.querySelector('ul.msg-s-message-list-content');
  const csrf = () => (document.cookie.split('; ').find((c) => c.startsWith('JSESSIONID=')) || '').slice(11).replace(/^"|"$/g, '');
  box.addEventListener('input', () => { button.disabled = box.innerText.trim() === ''; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = box.innerText.trim();
    if (!text) return;
    button.disabled = true;
    const response = await fetch(location.pathname.replace('/messaging/thread/', '/voyager/api/messaging/conversations/').replace(/\\/$/, '') + '/events', {
      method: 'POST', headers: { 'content-type': 'application/json', 'csrf-token': csrf() }, body: JSON.stringify({ text }),
    });
    if (response.status !== 201) { form.insertAdjacentHTML('beforeend', '<p class="msg-form__error" role="alert">Message failed to send</p>'); return; }
    const sent = await response.json();
    const item = document.createElement('li');
    item.className = 'msg-s-message-list__event';
    item.dataset.eventUrn = sent.id;
    item.dataset.senderProfile = sent.senderProfile;
    item.innerHTML = '<span class="msg-s-message-group__name"></span><time></time><p class="msg-s-event-listitem__body"></p>';
    item.querySelector('span').textContent = sent.senderName;
    item.querySelector('time').setAttribute('datetime', sent.sentAt);
    item.querySelector('p').textContent = sent.text;
    list.appendChild(item);
    box.innerText = '';
  });
})();
</script>`;

export async function startFakeLinkedInSite(
  options: Partial<
    Pick<
      FakeLinkedInState,
      'failNextPageLoads' | 'slowNextPageLoads' | 'slowPageDelayMs' | 'inviteLimitReached'
    >
  > & {
    /**
     * The site's clock, for every timestamp it writes (seeded history and sent messages). A test that pins the
     * worker's clock must hand the same one here, or the two disagree on what "now" is and a thread sorts wrong.
     */
    now?: () => Date;
  } = {},
): Promise<FakeLinkedInSite> {
  const { now = () => new Date(), ...knobs } = options;
  const state: FakeLinkedInState = {
    members: new Map(),
    sent: [],
    pageLoads: [],
    failNextPageLoads: 0,
    slowNextPageLoads: 0,
    slowPageDelayMs: 0,
    inviteLimitReached: false,
    ...knobs,
  };

  function send(
    response: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ) {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(body);
  }

  /** Resolves the member of a request, or answers the login wall / checkpoint redirect itself. */
  function memberOr(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
  ): FakeLinkedInMember | undefined {
    const member = state.members.get(cookiesOf(request).li_at ?? '');
    if (!member || member.session === 'expired') {
      send(response, 302, '', { location: `/uas/login?session_redirect=${encodeURIComponent(path)}` });
      return undefined;
    }
    if (member.session === 'checkpoint') {
      send(response, 302, '', {
        location: `/checkpoint/challenge/AgH${randomBytes(6).toString('hex')}?ut=1`,
      });
      return undefined;
    }
    return member;
  }

  async function memberPage(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    render: (member: FakeLinkedInMember) => string | undefined,
  ) {
    if (state.slowNextPageLoads > 0) {
      state.slowNextPageLoads -= 1;
      await new Promise((resolve) => setTimeout(resolve, state.slowPageDelayMs));
    }
    if (state.failNextPageLoads > 0) {
      state.failNextPageLoads -= 1;
      return send(response, 500, page('Error', '<h1>Something went wrong</h1>'));
    }
    const member = memberOr(request, response, path);
    if (!member) return;
    const html = render(member);
    if (html === undefined)
      return send(response, 404, page('Page not found', '<h1>This page doesn’t exist</h1>'));
    state.pageLoads.push(path);
    const headers: Record<string, string> = {};
    if (!cookiesOf(request).JSESSIONID)
      headers['set-cookie'] = `JSESSIONID="ajax:${randomBytes(8).toString('hex')}"; Path=/`;
    send(response, 200, html, headers);
  }

  const banner = () => (state.inviteLimitReached ? LIMIT_BANNER : '');

  const feed = (m: FakeLinkedInMember) =>
    page(
      'Feed',
      `<aside class="feed-identity-module"><a class="feed-identity-module__actor-meta" href="/in/${m.profileId}/">
<div class="feed-identity-module__member-name">${escapeHtml(m.name)}</div></a></aside><section class="feed-shared-update-v2">Welcome back</section>`,
      banner(),
    );

  const inbox = (m: FakeLinkedInMember) =>
    page(
      'Messaging',
      `<ul class="msg-conversations-container__conversations-list">${m.conversations
        .map((c) => {
          const last = c.messages.at(-1);
          return `<li class="msg-conversation-listitem" data-conversation-id="${c.id}" data-participant-profile="/in/${c.participant.profileId}/">
<a class="msg-conversation-listitem__link" href="/messaging/thread/${c.id}/"><h3 class="msg-conversation-listitem__participant-names">${escapeHtml(c.participant.name)}</h3>
<p class="msg-conversation-card__message-snippet">${escapeHtml(last?.text ?? '')}</p><time class="msg-conversation-listitem__time-stamp" datetime="${last?.sentAt ?? ''}"></time></a></li>`;
        })
        .join('')}</ul>`,
      banner(),
    );

  const thread = (m: FakeLinkedInMember, id: string) => {
    const conversation = m.conversations.find((c) => c.id === id);
    if (!conversation) return undefined;
    return page(
      conversation.participant.name,
      `<h2 class="msg-entity-lockup__entity-title">${escapeHtml(conversation.participant.name)}</h2>
<ul class="msg-s-message-list-content">${conversation.messages
        .map(
          (
            msg,
          ) => `<li class="msg-s-message-list__event" data-event-urn="${msg.id}" data-sender-profile="/in/${msg.senderProfileId}/">
<span class="msg-s-message-group__name">${escapeHtml(msg.senderName)}</span><time datetime="${msg.sentAt}"></time><p class="msg-s-event-listitem__body">${escapeHtml(msg.text)}</p></li>`,
        )
        .join('')}</ul>
<form class="msg-form"><div class="msg-form__contenteditable" contenteditable="true" role="textbox" aria-label="Write a message…"></div>
<button class="msg-form__send-button" type="submit" disabled>Send</button></form>${SEND_SCRIPT}`,
      banner(),
    );
  };

  async function postMessage(request: IncomingMessage, response: ServerResponse, conversationId: string) {
    const cookies = cookiesOf(request);
    const member = state.members.get(cookies.li_at ?? '');
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (member?.session !== 'ok') return json(401, { status: 401, message: 'Unauthorized' });
    if (!cookies.JSESSIONID || request.headers['csrf-token'] !== cookies.JSESSIONID)
      return json(403, { status: 403, message: 'CSRF check failed.' });
    const conversation = member.conversations.find((c) => c.id === conversationId);
    if (!conversation) return json(404, { status: 404, message: 'Not found' });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = String(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}').text ?? '').trim();
    if (!text) return json(400, { status: 400, message: 'Empty message' });
    const message: FakeLinkedInMessage = {
      id: `urn:li:msg:${randomUUID()}`,
      senderProfileId: member.profileId,
      senderName: member.name,
      text,
      sentAt: now().toISOString(),
    };
    conversation.messages.push(message);
    state.sent.push({ liAt: member.liAt, conversationId, messageId: message.id, text });
    json(201, { ...message, senderProfile: `/in/${member.profileId}/` });
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = url.pathname;
    const run = async () => {
      if (request.method === 'GET' && (path === '/login' || path === '/uas/login'))
        return send(
          response,
          200,
          page(
            'Log in',
            '<form class="login__form" method="post" action="/checkpoint/lg/login-submit"><input id="username" name="session_key"><input id="password" type="password" name="session_password"><button type="submit">Sign in</button></form>',
          ),
        );
      if (request.method === 'GET' && path.startsWith('/checkpoint/challenge/'))
        return send(
          response,
          200,
          page('Security Verification', '<h1 class="challenge-title">Let’s do a quick security check</h1>'),
        );
      const post = /^\/voyager\/api\/messaging\/conversations\/([^/]+)\/events$/.exec(path);
      if (request.method === 'POST' && post)
        return postMessage(request, response, decodeURIComponent(post[1]!));
      if (request.method !== 'GET') return send(response, 405, '');
      if (path === '/' || path === '/feed/' || path === '/feed')
        return memberPage(request, response, path, feed);
      if (path === '/messaging/' || path === '/messaging') return memberPage(request, response, path, inbox);
      const threadPath = /^\/messaging\/thread\/([^/]+)\/?$/.exec(path);
      if (threadPath)
        return memberPage(request, response, path, (m) => thread(m, decodeURIComponent(threadPath[1]!)));
      return send(response, 404, page('Page not found', '<h1>This page doesn’t exist</h1>'));
    };
    run().catch(() => {
      if (!response.headersSent) send(response, 500, '');
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let counter = 0;
  return {
    url,
    state,
    addMember(input) {
      counter += 1;
      const profileId = input.profileId ?? `member-${counter}-${randomBytes(3).toString('hex')}`;
      const liAt = `AQED${randomBytes(24).toString('base64url')}`;
      const start = now().getTime() - 3600_000;
      const member: FakeLinkedInMember = {
        liAt,
        profileId,
        name: input.name,
        session: 'ok',
        conversations: (input.conversations ?? []).map((c, ci) => ({
          id: `2-${randomBytes(8).toString('base64url')}`,
          participant: c.participant,
          messages: c.messages.map((m, mi) => ({
            id: `urn:li:msg:${ci}-${mi}-${randomBytes(4).toString('hex')}`,
            senderProfileId: m.fromMember ? profileId : c.participant.profileId,
            senderName: m.fromMember ? input.name : c.participant.name,
            text: m.text,
            sentAt: m.sentAt ?? new Date(start + (ci * 10 + mi) * 60_000).toISOString(),
          })),
        })),
      };
      state.members.set(liAt, member);
      return member;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
