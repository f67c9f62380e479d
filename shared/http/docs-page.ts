/**
 * The API reference page served at GET /docs. Self-contained on purpose (no CDN, no bundle to host): the local
 * stage runs offline, and in AWS it is one Lambda response. It fetches ./openapi.json and renders the operations
 * grouped by tag, with parameters, request and response schemas, and a small "try it" form that calls the API
 * from the same origin. Everything is built with DOM calls and textContent, never innerHTML.
 */
const STYLE = `
:root { --fg:#1d2430; --muted:#5b6575; --line:#dfe3ea; --bg:#f7f8fa; --accent:#3450d8; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; color:var(--fg); background:var(--bg); }
header { padding:20px 28px; background:#fff; border-bottom:1px solid var(--line); }
header h1 { margin:0 0 4px; font-size:22px; }
header p { margin:0; color:var(--muted); max-width:900px; }
.auth { display:flex; gap:12px; flex-wrap:wrap; margin-top:12px; }
.auth label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); }
.auth input, .filter { font:inherit; padding:6px 8px; border:1px solid var(--line); border-radius:6px; min-width:260px; }
main { padding:16px 28px 60px; max-width:1100px; }
nav { margin:8px 0 16px; display:flex; gap:8px; flex-wrap:wrap; }
nav a { color:var(--accent); text-decoration:none; font-size:13px; }
section.tag h2 { font-size:18px; margin:24px 0 8px; text-transform:capitalize; }
details.op { background:#fff; border:1px solid var(--line); border-radius:8px; margin:6px 0; }
details.op > summary { cursor:pointer; padding:8px 12px; display:flex; gap:10px; align-items:baseline; list-style:none; }
.method { font-weight:700; font-family:ui-monospace, monospace; min-width:60px; }
.method.get{color:#1b7f3b}.method.post{color:#3450d8}.method.put{color:#a15c00}.method.patch{color:#8a3fc1}.method.delete{color:#c0282d}
.path { font-family:ui-monospace, monospace; }
.summary { color:var(--muted); }
.badge { font-size:11px; border:1px solid var(--line); border-radius:10px; padding:0 6px; color:var(--muted); }
.body { padding:4px 16px 14px; border-top:1px solid var(--line); }
h4 { margin:12px 0 4px; font-size:13px; }
table { border-collapse:collapse; width:100%; font-size:13px; }
td, th { text-align:left; border-bottom:1px solid var(--line); padding:4px 6px; vertical-align:top; }
ul.schema { margin:2px 0; padding-left:18px; font-size:13px; }
ul.schema code { font-weight:600; }
.type { color:var(--muted); font-family:ui-monospace, monospace; }
pre { background:#f0f2f6; padding:8px; border-radius:6px; overflow:auto; font-size:12px; max-height:320px; }
.try textarea { width:100%; min-height:120px; font:12px ui-monospace, monospace; }
.try input { font:inherit; padding:3px 6px; border:1px solid var(--line); border-radius:4px; }
.try button { margin-top:6px; font:inherit; padding:5px 14px; border:0; border-radius:6px; background:var(--accent); color:#fff; cursor:pointer; }
.error { color:#c0282d; }
`;

const SCRIPT = String.raw`
(function () {
  'use strict';
  var app = document.getElementById('app');
  var state = { token: '', workspaceId: '', spec: null };

  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') el.textContent = attrs[k];
      else if (k.indexOf('on') === 0) el.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== null) el.setAttribute(k, attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return el;
  }

  function resolve(schema) {
    var seen = 0;
    while (schema && schema.$ref && seen++ < 10) {
      var parts = schema.$ref.replace(/^#\//, '').split('/');
      var target = state.spec;
      parts.forEach(function (p) { target = target ? target[p] : undefined; });
      schema = target;
    }
    return schema || {};
  }

  function typeOf(schema) {
    schema = resolve(schema);
    if (schema.enum) return schema.enum.map(function (v) { return JSON.stringify(v); }).join(' | ');
    if (schema.anyOf || schema.oneOf) return (schema.anyOf || schema.oneOf).map(typeOf).join(' | ');
    if (schema.type === 'array') return typeOf(schema.items || {}) + '[]';
    var t = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type || 'any');
    if (schema.format) t += ' (' + schema.format + ')';
    return t;
  }

  function constraints(schema) {
    var out = [];
    ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems'].forEach(function (k) {
      if (schema[k] !== undefined) out.push(k + ' ' + schema[k]);
    });
    if (schema['default'] !== undefined) out.push('default ' + JSON.stringify(schema['default']));
    return out.length ? ' — ' + out.join(', ') : '';
  }

  function schemaView(schema, depth) {
    if (schema && schema.$ref === '#/components/schemas/Error')
      return h('div', { class: 'type', text: 'the error envelope: { error: { code, message, details?: [{ path, message }] } }' });
    schema = resolve(schema);
    depth = depth || 0;
    var target = schema.type === 'array' ? resolve(schema.items || {}) : schema;
    var props = target.properties;
    if (!props || depth > 4) return h('div', { class: 'type', text: typeOf(schema) + constraints(schema) });
    var required = target.required || [];
    var list = h('ul', { class: 'schema' });
    Object.keys(props).forEach(function (name) {
      var p = resolve(props[name]);
      var nested = (p.properties || (p.type === 'array' && resolve(p.items || {}).properties)) ? schemaView(p, depth + 1) : null;
      list.appendChild(h('li', null, h('code', { text: name }), ' ',
        h('span', { class: 'type', text: typeOf(p) + (required.indexOf(name) >= 0 ? ', required' : '') + constraints(p) }),
        p.description ? h('div', { class: 'summary', text: p.description }) : null, nested));
    });
    return list;
  }

  function example(schema, depth) {
    schema = resolve(schema);
    depth = depth || 0;
    if (depth > 5) return null;
    if (schema.examples && schema.examples.length) return schema.examples[0];
    if (schema['default'] !== undefined) return schema['default'];
    if (schema.enum) return schema.enum[0];
    if (schema.anyOf || schema.oneOf) return example((schema.anyOf || schema.oneOf)[0], depth + 1);
    var type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === 'object' || schema.properties) {
      var out = {};
      Object.keys(schema.properties || {}).forEach(function (k) { out[k] = example(schema.properties[k], depth + 1); });
      return out;
    }
    if (type === 'array') return [example(schema.items || {}, depth + 1)];
    if (type === 'integer' || type === 'number') return schema.minimum !== undefined ? schema.minimum : 0;
    if (type === 'boolean') return false;
    if (type === 'null') return null;
    if (schema.format === 'email') return 'someone@example.com';
    if (schema.format === 'date-time') return new Date().toISOString();
    var s = 'string';
    while (schema.minLength && s.length < schema.minLength) s += '-string';
    return s;
  }

  function paramsTable(params) {
    var table = h('table', null, h('tr', null, h('th', { text: 'name' }), h('th', { text: 'in' }), h('th', { text: 'type' }), h('th', { text: 'required' })));
    params.forEach(function (p) {
      table.appendChild(h('tr', null, h('td', null, h('code', { text: p.name })), h('td', { text: p['in'] }),
        h('td', { class: 'type', text: typeOf(p.schema || {}) + constraints(resolve(p.schema || {})) }), h('td', { text: p.required ? 'yes' : 'no' })));
    });
    return table;
  }

  function tryIt(method, path, op, params) {
    var inputs = {};
    var form = h('form', { class: 'try', 'data-try': method + ' ' + path });
    params.filter(function (p) { return p['in'] === 'path' || p['in'] === 'query'; }).forEach(function (p) {
      inputs[p.name] = h('input', { name: p.name, placeholder: p.name + ' (' + p['in'] + ')' });
      form.appendChild(h('div', null, h('label', null, p.name + ' ', inputs[p.name])));
    });
    var bodySchema = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
    var textarea = bodySchema ? h('textarea', { name: 'body', 'aria-label': 'request body' }) : null;
    if (textarea) { textarea.value = JSON.stringify(example(bodySchema.schema), null, 2); form.appendChild(textarea); }
    var output = h('pre', { class: 'result', hidden: 'hidden' });
    form.appendChild(h('button', { type: 'submit', text: 'Send ' + method }));
    form.appendChild(output);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var url = path.replace(/\{(\w+)\+?\}/g, function (_, name) { return encodeURIComponent(inputs[name] ? inputs[name].value : ''); });
      var query = new URLSearchParams();
      params.forEach(function (p) { if (p['in'] === 'query' && inputs[p.name] && inputs[p.name].value) query.set(p.name, inputs[p.name].value); });
      if (query.toString()) url += '?' + query.toString();
      var headers = {};
      if (state.token) headers['authorization'] = 'Bearer ' + state.token;
      if (state.workspaceId) headers['x-workspace-id'] = state.workspaceId;
      if (textarea) headers['content-type'] = 'application/json';
      output.hidden = false;
      output.textContent = 'Sending…';
      fetch(url.replace(/^\//, './'), { method: method, headers: headers, body: textarea ? textarea.value : undefined })
        .then(function (response) {
          return response.text().then(function (text) {
            var shown = text;
            try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON */ }
            output.textContent = response.status + ' ' + response.statusText + '\nx-request-id: ' +
              (response.headers.get('x-request-id') || '-') + '\n\n' + shown;
            output.setAttribute('data-status', String(response.status));
          });
        })
        .catch(function (error) { output.textContent = 'Request failed: ' + error.message; });
    });
    return form;
  }

  function operationView(method, path, op, pathItem) {
    var params = (pathItem.parameters || []).concat(op.parameters || []).map(resolve);
    var id = method.toUpperCase() + ' ' + path;
    var body = h('div', { class: 'body' });
    if (params.length) { body.appendChild(h('h4', { text: 'Parameters' })); body.appendChild(paramsTable(params)); }
    var json = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
    if (json) { body.appendChild(h('h4', { text: 'Request body (application/json)' })); body.appendChild(schemaView(json.schema)); }
    body.appendChild(h('h4', { text: 'Responses' }));
    Object.keys(op.responses || {}).forEach(function (status) {
      var response = resolve(op.responses[status]);
      var content = response.content || {};
      var types = Object.keys(content);
      body.appendChild(h('div', { 'data-response': status }, h('strong', { text: status }), ' ', response.description || '',
        types.length ? h('span', { class: 'type', text: ' ' + types.join(', ') }) : null));
      if (content['application/json']) body.appendChild(schemaView(content['application/json'].schema));
    });
    body.appendChild(h('h4', { text: 'Try it' }));
    body.appendChild(tryIt(method.toUpperCase(), path, op, params));
    var secured = op.security && op.security.length > 0;
    return h('details', { class: 'op', 'data-operation': id, id: op.operationId },
      h('summary', null, h('span', { class: 'method ' + method, text: method.toUpperCase() }), h('span', { class: 'path', text: path }),
        h('span', { class: 'summary', text: op.summary || '' }),
        secured ? h('span', { class: 'badge', text: 'bearer' }) : null,
        (op.parameters || []).some(function (p) { return p.$ref === '#/components/parameters/WorkspaceId'; }) ? h('span', { class: 'badge', text: 'workspace' }) : null,
        op['x-exposure'] === 'functionUrl' ? h('span', { class: 'badge', text: 'function URL' }) : null),
      body);
  }

  function render(spec) {
    state.spec = spec;
    document.title = spec.info.title + ' — API reference';
    var byTag = {};
    Object.keys(spec.paths).forEach(function (path) {
      var item = spec.paths[path];
      ['get', 'post', 'put', 'patch', 'delete'].forEach(function (method) {
        var op = item[method];
        if (!op) return;
        var tag = (op.tags && op.tags[0]) || 'other';
        (byTag[tag] = byTag[tag] || []).push(operationView(method, path, op, item));
      });
    });
    var filter = h('input', { class: 'filter', type: 'search', placeholder: 'Filter operations', 'aria-label': 'filter operations' });
    var nav = h('nav');
    var sections = h('div');
    Object.keys(byTag).sort().forEach(function (tag) {
      nav.appendChild(h('a', { href: '#tag-' + tag, text: tag }));
      var section = h('section', { class: 'tag', id: 'tag-' + tag, 'data-tag': tag }, h('h2', { text: tag }));
      byTag[tag].forEach(function (op) { section.appendChild(op); });
      sections.appendChild(section);
    });
    filter.addEventListener('input', function () {
      var q = filter.value.toLowerCase();
      sections.querySelectorAll('details.op').forEach(function (el) {
        el.hidden = q !== '' && el.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
    var token = h('input', { type: 'password', autocomplete: 'off', 'aria-label': 'access token', oninput: function (e) { state.token = e.target.value.trim(); } });
    var workspace = h('input', { 'aria-label': 'workspace id', oninput: function (e) { state.workspaceId = e.target.value.trim(); } });
    app.replaceChildren(
      h('header', null, h('h1', { text: spec.info.title + ' ' + spec.info.version }), h('p', { text: spec.info.description || '' }),
        h('div', { class: 'auth' }, h('label', null, 'Bearer access token (kept in this page only)', token), h('label', null, 'X-Workspace-Id', workspace))),
      h('main', null, filter, nav, sections));
  }

  fetch('./openapi.json', { headers: { accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) throw new Error('GET /openapi.json answered ' + response.status);
      return response.json();
    })
    .then(render)
    .catch(function (error) { app.replaceChildren(h('p', { class: 'error', text: 'Could not load the API description: ' + error.message })); });
})();
`;

export const DOCS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Flow IA — API reference</title>
<style>${STYLE}</style>
</head>
<body>
<div id="app"><p style="padding:20px">Loading the API description…</p></div>
<script>${SCRIPT}</script>
</body>
</html>
`;

/** Inline script and style only, data from this origin only: the page needs nothing else. */
export const DOCS_PAGE_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
