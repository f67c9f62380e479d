/**
 * The developer console page: one self-contained document (no CDN, no build), served at GET / by the local
 * stage. It polls /local/console/state every second and renders with textContent only (simulated people may
 * write anything). Mailbox links are set as href only when they are http(s) (the mailbox extracts nothing else).
 * The inbox (conversations, a thread, the reply box, pause / resume) goes through /local/console/conversation*,
 * which call the real conversation routes with the console's session.
 */
export const consolePage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Flow IA — developer console</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  :root { font-family: system-ui, sans-serif; color: #1d2330; background: #f5f6fa; }
  body { margin: 0; }
  header { background: #2b2d6e; color: #fff; padding: 12px 20px; display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0; }
  header .muted { color: #c9cbf2; font-size: 13px; }
  main { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(420px, 2fr); gap: 16px; padding: 16px 20px; }
  section { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 2px #0001; }
  section h2 { font-size: 15px; margin: 0 0 8px; }
  label { display: block; font-size: 12px; color: #555; margin-top: 8px; }
  input, select, textarea, button { font: inherit; }
  input, select, textarea { width: 100%; box-sizing: border-box; padding: 6px; border: 1px solid #ccd; border-radius: 4px; }
  button { margin-top: 10px; padding: 7px 14px; border: 0; border-radius: 4px; background: #4b4fd8; color: #fff; cursor: pointer; }
  button:disabled { background: #999; }
  table { width: 100%; border-collapse: collapse; font-size: 13px; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
  .providers li { font-size: 13px; }
  .mode-simulated { color: #8a5a00; } .mode-real { color: #0a6b2b; } .mode-embedded { color: #2b5a8a; } .mode-not { color: #a00; }
  .trace { border: 1px solid #e3e4ef; border-radius: 6px; margin-bottom: 10px; }
  .trace > div { padding: 6px 10px; background: #f0f1fb; font-size: 13px; font-weight: 600; }
  .trace-step td:first-child { font-family: ui-monospace, monospace; }
  .error { color: #a00; }
  .status { font-size: 13px; min-height: 1.2em; }
  code { font-size: 12px; }
  .mail { font-size: 13px; border-bottom: 1px solid #eee; padding: 4px 0; }
  .mail pre { white-space: pre-wrap; font-size: 12px; background: #f7f7fb; padding: 6px; }
  .filters { display: flex; gap: 8px; } .filters label { flex: 1; margin-top: 0; }
  tr.conversation { cursor: pointer; } tr.conversation.selected { background: #eceefd; } tr.conversation.unread td:first-child { font-weight: 700; }
  .thread { display: flex; flex-direction: column; gap: 6px; max-height: 420px; overflow-y: auto; margin: 8px 0; }
  .msg { max-width: 75%; padding: 6px 10px; border-radius: 8px; font-size: 13px; }
  .msg[data-direction="in"] { align-self: flex-start; background: #f0f1f5; }
  .msg[data-direction="out"] { align-self: flex-end; background: #e3e6ff; }
  .msg[data-author="human"] { background: #d9f2e3; } .msg[data-author="page"] { background: #fdf0d5; }
  .msg .meta { font-size: 11px; color: #666; margin-bottom: 2px; }
  .msg .text { white-space: pre-wrap; }
  .paused { color: #8a5a00; font-weight: 600; } .active { color: #0a6b2b; font-weight: 600; }
  .row-buttons { display: flex; gap: 8px; } .row-buttons button { margin-top: 6px; }
</style>
</head>
<body>
<header>
  <h1>Flow IA — developer console</h1>
  <span class="muted" id="workspace">starting a console workspace…</span>
  <span class="muted" id="usage"></span>
  <span class="muted" id="workflow"></span>
</header>
<main>
  <div>
    <section>
      <h2>A simulated person writes</h2>
      <form id="send-form">
        <label for="channel">Platform and kind</label>
        <select id="channel">
          <option value="instagram/dm">Instagram DM</option>
          <option value="instagram/comment">Instagram comment</option>
          <option value="facebook/dm">Facebook Messenger DM</option>
          <option value="tiktok/comment">TikTok comment (collected)</option>
          <option value="youtube/comment">YouTube comment (collected)</option>
          <option value="linkedin/dm">LinkedIn DM (browser sync, then collected)</option>
        </select>
        <label for="username">Username</label>
        <input id="username" value="lea.martin" maxlength="30" required>
        <label for="text">Message</label>
        <textarea id="text" rows="3" required>Bonjour, quel est le prix ? Mon numéro : 06 12 34 56 78</textarea>
        <label for="deliveries">Webhook deliveries (Meta may redeliver)</label>
        <select id="deliveries"><option>1</option><option>2</option><option>3</option></select>
        <button id="send" type="submit">Send through the signed webhook</button>
        <div class="status" id="send-status" role="status"></div>
      </form>
    </section>
    <section>
      <h2>Providers</h2>
      <ul class="providers" id="providers"></ul>
    </section>
    <section>
      <h2>Messages sent by Flow IA</h2>
      <table id="outbox"><thead><tr><th>to</th><th>platform</th><th>kind</th><th>text</th></tr></thead><tbody></tbody></table>
    </section>
    <section>
      <h2>Mailbox (simulated email, newest first)</h2>
      <div id="mailbox"></div>
    </section>
  </div>
  <div>
    <section id="inbox">
      <h2>Inbox</h2>
      <div class="filters">
        <label>Status <select id="filter-status"><option value="">any</option><option>open</option><option>waiting</option><option>closed</option></select></label>
        <label>Bot <select id="filter-paused"><option value="">any</option><option value="true">paused</option><option value="false">active</option></select></label>
        <label>Platform <select id="filter-platform"><option value="">any</option><option>instagram</option><option>facebook</option><option>tiktok</option><option>youtube</option><option>linkedin</option></select></label>
      </div>
      <table id="conversations"><thead><tr><th>contact</th><th>platform</th><th>status</th><th>bot</th><th>last message</th></tr></thead><tbody></tbody></table>
      <div id="conversation" hidden>
        <h2 id="thread-title"></h2>
        <div><span id="thread-state"></span></div>
        <div class="row-buttons">
          <button id="pause" type="button">Pause the bot</button>
          <button id="resume" type="button">Resume the bot</button>
        </div>
        <div class="thread" id="thread"></div>
        <form id="reply-form">
          <label for="reply-text">Reply by hand (sent through the simulated provider; the bot pauses)</label>
          <textarea id="reply-text" rows="2" maxlength="1000" required></textarea>
          <button id="reply-send" type="submit">Send reply</button>
          <div class="status" id="reply-status" role="status"></div>
        </form>
      </div>
    </section>
    <section>
      <h2>Leads</h2>
      <table id="leads"><thead><tr><th>name</th><th>platform</th><th>score</th><th>phone</th><th>status</th></tr></thead><tbody></tbody></table>
    </section>
    <section>
      <h2>Workflow traces (newest first)</h2>
      <div id="traces"></div>
    </section>
  </div>
</main>
<script>
(() => {
  const $ = (id) => document.getElementById(id);
  const el = (tag, props, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) node.append(child === null || child === undefined ? '' : child);
    return node;
  };
  const row = (cells, props) => el('tr', props, ...cells.map((c) => el('td', {}, c)));
  // Each step shows what its input adds or changes over the previous step's (the text is in the header).
  const summary = (input, previous) => Object.entries(input || {})
    .filter(([k, v]) => k !== 'textPreview' && JSON.stringify(v) !== JSON.stringify((previous || {})[k]))
    .map(([k, v]) => k + '=' + (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

  async function call(method, path, body) {
    const response = await fetch(path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    const data = await response.json();
    if (!response.ok) throw new Error((data.error && data.error.message) || response.statusText);
    return data;
  }

  function render(state) {
    $('workspace').textContent = 'workspace ' + state.workspaceId;
    const u = state.usage;
    $('usage').textContent = 'plan ' + u.plan + ' · DMs today ' + u.dmSentToday + '/' + (u.dmLimitPerDay === null ? '∞' : u.dmLimitPerDay);
    $('workflow').textContent = 'workflow: ' + state.workflow.queued + ' queued, ' + state.workflow.running + ' running';
    $('providers').replaceChildren(...state.providers.map((p) =>
      el('li', {}, el('strong', {}, p.provider + ': '), el('span', { className: 'mode-' + p.mode.split(' ')[0] }, p.mode), ' — ' + p.detail)));
    $('leads').tBodies[0].replaceChildren(...state.leads.map((l) =>
      row([l.name, l.platform, String(l.score), l.phone || '—', l.status], { className: 'lead' })));
    $('outbox').tBodies[0].replaceChildren(...state.outbox.map((m) =>
      row([m.to, m.platform, m.kind, m.text], { className: 'sent' })));
    $('mailbox').replaceChildren(...state.mailbox.map((m) => el('details', { className: 'mail' },
      el('summary', {}, m.sentAt.slice(11, 19) + ' → ' + m.to + ': ' + m.subject),
      el('pre', {}, m.text),
      ...m.links.map((link) => el('div', {}, el('a', { href: link, target: '_blank', rel: 'noopener noreferrer' }, link))))));
    $('traces').replaceChildren(...state.traces.map((t) => {
      const first = t.steps[0] || {};
      const head = el('div', {}, t.dedupeKey + (first.input && first.input.textPreview ? ' — “' + first.input.textPreview + '”' : ''));
      const table = el('table', {},
        el('thead', {}, row(['step', 'input', 'decision', 'reason', 'ms', 'retries', 'error'])),
        el('tbody', {}, ...t.steps.map((s, i) => row([
          s.step, summary(s.input, i > 0 ? t.steps[i - 1].input : undefined), s.decision || '', s.reason || '', String(s.durationMs), String(s.retries),
          s.error ? el('span', { className: 'error' }, s.error.name + ': ' + s.error.message) : '',
        ], { className: 'trace-step' }))));
      const box = el('div', { className: 'trace' }, head, table);
      box.dataset.dedupeKey = t.dedupeKey;
      return box;
    }));
  }

  // The inbox: the list with its filters, and the open conversation's thread.
  let openId = null;
  const botState = (c) => c.botPaused
    ? el('span', { className: 'paused' }, 'bot paused' + (c.pausedReason ? ' (' + c.pausedReason + ')' : '') + (c.optedOut ? ', opted out' : ''))
    : el('span', { className: 'active' }, 'bot active');
  const time = (at) => (at || '').slice(11, 19);
  const AUTHORS = { contact: 'contact', bot: 'bot (automatic)', human: 'member (by hand)', page: 'page (from the app)' };

  function renderConversations(page) {
    $('conversations').tBodies[0].replaceChildren(...page.items.map((c) => {
      const tr = row([c.name, c.platform || '—', c.status, botState(c), c.lastMessageText || ''], {
        className: 'conversation' + (c.id === openId ? ' selected' : '') + (c.unread ? ' unread' : ''),
      });
      tr.dataset.id = c.id;
      tr.addEventListener('click', () => { openId = c.id; $('reply-status').textContent = ''; pollInbox(); });
      return tr;
    }));
  }

  function renderConversation(c) {
    $('conversation').hidden = false;
    $('thread-title').textContent = c.name + ' · ' + (c.platform || '—') + ' · ' + c.status;
    $('thread-state').replaceChildren(botState(c));
    $('thread-state').dataset.paused = String(c.botPaused);
    $('thread-state').dataset.reason = c.pausedReason || '';
    $('pause').disabled = c.botPaused;
    $('resume').disabled = !c.botPaused || c.optedOut;
    const box = $('thread');
    const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    box.replaceChildren(...c.messages.map((m) => {
      const meta = [time(m.at), AUTHORS[m.author] || m.author, m.kind];
      if (m.scenarioId) meta.push('scenario ' + m.scenarioId);
      if (m.deliveryStatus) meta.push(m.deliveryStatus);
      const node = el('div', { className: 'msg' }, el('div', { className: 'meta' }, meta.join(' · ')), el('div', { className: 'text' }, m.text));
      node.dataset.direction = m.direction;
      node.dataset.author = m.author;
      node.dataset.delivery = m.deliveryStatus || '';
      return node;
    }));
    if (atBottom) box.scrollTop = box.scrollHeight;
  }

  async function pollInbox() {
    const filters = new URLSearchParams();
    if ($('filter-status').value) filters.set('status', $('filter-status').value);
    if ($('filter-paused').value) filters.set('botPaused', $('filter-paused').value);
    if ($('filter-platform').value) filters.set('platform', $('filter-platform').value);
    renderConversations(await call('GET', '/local/console/conversations?' + filters));
    if (openId) renderConversation(await call('GET', '/local/console/conversation?id=' + encodeURIComponent(openId)));
  }
  for (const id of ['filter-status', 'filter-paused', 'filter-platform']) $(id).addEventListener('change', () => pollInbox());

  // One Idempotency-Key per reply: sending the same text again after a failure retries it, never a second DM.
  let pendingReply = null;
  $('reply-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('reply-text').value.trim();
    if (!openId || !text) return;
    if (!pendingReply || pendingReply.text !== text || pendingReply.id !== openId)
      pendingReply = { id: openId, text, key: crypto.randomUUID() };
    $('reply-send').disabled = true;
    $('reply-status').textContent = 'sending…';
    try {
      const sent = await call('POST', '/local/console/conversation/reply', { id: openId, text, idempotencyKey: pendingReply.key });
      pendingReply = null;
      $('reply-text').value = '';
      $('reply-status').textContent = 'reply ' + sent.message.deliveryStatus;
      await pollInbox();
    } catch (error) {
      $('reply-status').textContent = 'failed: ' + error.message;
    } finally {
      $('reply-send').disabled = false;
    }
  });
  for (const action of ['pause', 'resume'])
    $(action).addEventListener('click', async () => {
      try { await call('POST', '/local/console/conversation/' + action, { id: openId }); await pollInbox(); }
      catch (error) { $('reply-status').textContent = action + ' failed: ' + error.message; }
    });

  let polling = false;
  async function poll() {
    if (polling) return;
    polling = true;
    try {
      render(await call('GET', '/local/console/state'));
      await pollInbox();
    }
    catch (error) { $('workflow').textContent = 'console: ' + error.message; }
    finally { polling = false; }
  }

  $('send-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const [platform, kind] = $('channel').value.split('/');
    $('send').disabled = true;
    $('send-status').textContent = 'sending…';
    try {
      const sent = await call('POST', '/local/simulate', {
        platform, kind, username: $('username').value, text: $('text').value, deliveries: Number($('deliveries').value),
      });
      $('send-status').textContent = (sent.statuses
        ? 'delivered ' + sent.statuses.length + '× (HTTP ' + sent.statuses.join(', ') + '): '
        : 'collected (' + (sent.collected.ok ? 'ok' : sent.collected.error) + '): ') + sent.dedupeKey;
      poll();
    } catch (error) {
      $('send-status').textContent = 'failed: ' + error.message;
    } finally {
      $('send').disabled = false;
    }
  });

  call('POST', '/local/console/session').then(poll, (error) => { $('workspace').textContent = 'console session failed: ' + error.message; });
  setInterval(poll, 1000);
})();
</script>
</body>
</html>
`;
