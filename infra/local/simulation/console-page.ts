/**
 * The developer console page: one self-contained document (no CDN, no build), served at GET / by the local
 * stage. It polls /local/console/state every second and renders with textContent only (simulated people may
 * write anything). Mailbox links are set as href only when they are http(s) (the mailbox extracts nothing else).
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
  header select { width: auto; padding: 2px 4px; font-size: 13px; }
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
  .filters { display: flex; gap: 8px; align-items: end; }
  .filters label { margin: 0; }
  tr.conversation { cursor: pointer; }
  tr.conversation.open { background: #eef0ff; }
  .thread { max-height: 360px; overflow-y: auto; margin: 8px 0; }
  .message { font-size: 13px; padding: 5px 8px; margin: 4px 0; border-radius: 6px; max-width: 85%; }
  .message.in { background: #f0f1f5; }
  .message.out { background: #e4e8ff; margin-left: auto; }
  .message .meta { font-size: 11px; color: #666; }
  .paused { color: #8a5a00; font-weight: 600; }
  .row { display: flex; gap: 8px; }
  .row button { margin-top: 6px; }
</style>
</head>
<body>
<header>
  <h1>Flow IA — developer console</h1>
  <span class="muted" id="workspace">starting a console workspace…</span>
  <select id="workspace-choice" title="the workspace the console shows" hidden></select>
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
      <h2>Connected accounts</h2>
      <table id="accounts"><thead><tr><th>account</th><th>platform</th><th>status</th></tr></thead><tbody></tbody></table>
      <div class="row">
        <button id="connect-instagram-login" type="button">Connect @demo_creator (Instagram Login)</button>
        <button id="instagram-deauthorize" type="button">@demo_creator removes the app (Meta deauthorize)</button>
      </div>
      <div class="status" id="accounts-status" role="status"></div>
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
        <label>status <select id="inbox-status"><option value="">any</option><option>open</option><option>waiting</option><option>closed</option></select></label>
        <label>bot <select id="inbox-paused"><option value="">any</option><option value="true">paused</option><option value="false">running</option></select></label>
      </div>
      <table id="conversations"><thead><tr><th>contact</th><th>platform</th><th>status</th><th>bot</th><th>last message</th></tr></thead><tbody></tbody></table>
      <div id="conversation" hidden>
        <h2 id="thread-title"></h2>
        <div id="thread-state" class="status"></div>
        <div class="thread" id="thread"></div>
        <form id="reply-form">
          <label for="reply-text">Reply as a member (sent through the simulated provider; pauses the bot)</label>
          <textarea id="reply-text" rows="2" maxlength="1000" required></textarea>
          <div class="row">
            <button id="reply-send" type="submit">Send reply</button>
            <button id="pause" type="button">Pause bot</button>
            <button id="resume" type="button">Resume bot</button>
          </div>
          <div class="status" id="reply-status" role="status"></div>
        </form>
      </div>
    </section>
    <section>
      <h2>Leads</h2>
      <table id="leads"><thead><tr><th>name</th><th>platform</th><th>score</th><th>phone</th><th>status</th></tr></thead><tbody></tbody></table>
    </section>
    <section>
      <h2>Scenario funnel (last 30 days, GET /analytics/scenarios)</h2>
      <table id="funnel"><thead><tr><th>scenario</th><th>triggered</th><th>replied publicly</th><th>DMs sent</th><th>delivered</th><th>read</th><th>answered</th><th>contact</th><th>won</th></tr></thead><tbody></tbody></table>
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
    // The workspaces the console knows (its own, and each \`npm run demo\` handed over): pick which one it shows.
    const choice = $('workspace-choice');
    const known = state.workspaces.map((w) => w.workspaceId + ' ' + w.name).join('|');
    if (choice.dataset.known !== known) {
      choice.dataset.known = known;
      choice.replaceChildren(...state.workspaces.map((w) => el('option', { value: w.workspaceId }, w.name + ' (' + w.workspaceId.slice(0, 8) + ')')));
    }
    choice.value = state.workspaceId;
    choice.hidden = state.workspaces.length < 2;
    const u = state.usage;
    $('usage').textContent = 'plan ' + u.plan + ' · DMs today ' + u.dmSentToday + '/' + (u.dmLimitPerDay === null ? '∞' : u.dmLimitPerDay);
    $('workflow').textContent = 'workflow: ' + state.workflow.queued + ' queued, ' + state.workflow.running + ' running';
    $('providers').replaceChildren(...state.providers.map((p) =>
      el('li', {}, el('strong', {}, p.provider + ': '), el('span', { className: 'mode-' + p.mode.split(' ')[0] }, p.mode), ' — ' + p.detail)));
    $('accounts').tBodies[0].replaceChildren(...state.accounts.map((a) =>
      row([a.displayName, a.platform, a.status], { className: 'account' })));
    $('leads').tBodies[0].replaceChildren(...state.leads.map((l) =>
      row([l.name, l.platform, String(l.score), l.phone || '—', l.status], { className: 'lead' })));
    // One row per scenario, then one per A/B version of its DM (indented).
    const steps = (f) => ['triggered', 'repliedPublicly', 'sent', 'delivered', 'read', 'answered', 'contactCaptured', 'won'].map((k) => String(f[k]));
    $('funnel').tBodies[0].replaceChildren(...state.funnel.flatMap((f) => [
      row([f.name || '(deleted) ' + f.scenarioId, ...steps(f)], { className: 'funnel' }),
      ...f.variants.map((v) => row(['  version ' + v.variantId + (v.weight === null ? '' : ' (weight ' + v.weight + ')'), ...steps(v)], { className: 'funnel-variant' })),
    ]));
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

  // The inbox: the list follows the filters; the open conversation's thread is read again on every poll.
  let openId = null;
  const pausedText = (c) => c.botPaused ? 'paused' + (c.pausedReason ? ' (' + c.pausedReason + ')' : '') : 'running';
  function renderConversations(list) {
    $('conversations').tBodies[0].replaceChildren(...list.items.map((c) => {
      const tr = row([c.name, c.platform || '', c.status, pausedText(c), c.lastMessageText || ''], { className: 'conversation' + (c.id === openId ? ' open' : '') });
      tr.dataset.id = c.id;
      tr.addEventListener('click', () => { openId = c.id; $('reply-status').textContent = ''; pollInbox(); });
      return tr;
    }));
  }
  function renderThread(c) {
    $('conversation').hidden = false;
    $('thread-title').textContent = c.name + ' · ' + (c.platform || '');
    const state = $('thread-state');
    state.textContent = 'bot ' + pausedText(c) + (c.optedOut ? ' · opted out' : '') + ' · ' + c.status;
    state.className = 'status' + (c.botPaused ? ' paused' : '');
    $('thread').replaceChildren(...c.messages.map((m) => {
      const box = el('div', { className: 'message ' + m.direction },
        el('div', { className: 'meta' }, m.at.slice(11, 19) + ' · ' + m.author + (m.deliveryStatus ? ' · ' + m.deliveryStatus : '')),
        el('div', { className: 'text' }, m.text));
      box.dataset.author = m.author;
      return box;
    }));
  }
  async function pollInbox() {
    const filters = new URLSearchParams();
    if ($('inbox-status').value) filters.set('status', $('inbox-status').value);
    if ($('inbox-paused').value) filters.set('botPaused', $('inbox-paused').value);
    renderConversations(await call('GET', '/local/console/conversations?' + filters));
    if (openId) renderThread(await call('GET', '/local/console/conversation?id=' + encodeURIComponent(openId)));
  }
  $('inbox-status').addEventListener('change', () => pollInbox());
  $('inbox-paused').addEventListener('change', () => pollInbox());

  // One key per reply typed: a double click or a retried request sends it once (Idempotency-Key).
  let replyKey = null;
  $('reply-text').addEventListener('input', () => { replyKey = null; });
  $('reply-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!openId) return;
    replyKey = replyKey || crypto.randomUUID();
    $('reply-send').disabled = true;
    $('reply-status').textContent = 'sending…';
    try {
      const sent = await call('POST', '/local/console/conversation/reply', { id: openId, text: $('reply-text').value, idempotencyKey: replyKey });
      $('reply-status').textContent = 'sent (' + (sent.message.deliveryStatus || 'recorded') + ')';
      $('reply-text').value = '';
      replyKey = null;
      pollInbox();
    } catch (error) {
      $('reply-status').textContent = 'not sent: ' + error.message;
    } finally {
      $('reply-send').disabled = false;
    }
  });
  for (const action of ['pause', 'resume'])
    $(action).addEventListener('click', async () => {
      if (!openId) return;
      try { await call('POST', '/local/console/conversation/' + action, { id: openId }); pollInbox(); }
      catch (error) { $('reply-status').textContent = action + ' failed: ' + error.message; }
    });

  let polling = false;
  async function poll() {
    if (polling) return;
    polling = true;
    try { render(await call('GET', '/local/console/state')); await pollInbox(); }
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

  // The simulated creator without a Facebook Page connects through the Instagram Login, and can remove the app:
  // the simulated Meta then posts the Instagram app's deauthorize callback to this stage.
  for (const [id, path, done] of [
    ['connect-instagram-login', '/local/console/connect-instagram-login', (r) => 'connected: ' + r.accounts.join(', ')],
    ['instagram-deauthorize', '/local/console/instagram-deauthorize', (r) => 'deauthorize callback: HTTP ' + r.status + ', ' + JSON.stringify(r.answer)],
  ])
    $(id).addEventListener('click', async () => {
      $(id).disabled = true;
      $('accounts-status').textContent = '…';
      try { $('accounts-status').textContent = done(await call('POST', path)); poll(); }
      catch (error) { $('accounts-status').textContent = 'failed: ' + error.message; }
      finally { $(id).disabled = false; }
    });

  $('workspace-choice').addEventListener('change', async (event) => {
    try {
      await call('POST', '/local/console/switch', { workspaceId: event.target.value });
      poll();
    } catch (error) {
      $('workspace').textContent = 'switch failed: ' + error.message;
    }
  });

  call('POST', '/local/console/session').then(poll, (error) => { $('workspace').textContent = 'console session failed: ' + error.message; });
  setInterval(poll, 1000);
})();
</script>
</body>
</html>
`;
