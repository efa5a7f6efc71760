// The live operations console (issue 15, item 4). Plain JavaScript, no build: signs in with the hub's token endpoint,
// reads the admin API with the bearer token, and follows GET /api/v1/admin/stream (Server-Sent Events read with
// fetch, because EventSource cannot send an Authorization header). Every action is an admin API call; the hub decides
// what each role may do, the page only leaves out the buttons an auditor could not use. All text reaches the DOM
// through textContent: nothing from the API is parsed as HTML.

const API = '/api/v1';
const TOKEN_KEY = 'hub.console.tokens';
const ACTING_ROLES = ['operator', 'superadmin'];
const CONSOLE_ROLES = [...ACTING_ROLES, 'auditor'];
const MAX_LOG_LINES = 500;
const HISTORY_SECONDS = 15 * 60;
const STREAM_BACKOFF_MS = [500, 1000, 2000, 5000, 10000];
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

const $ = (id) => document.getElementById(id);

const state = {
  tokens: null,        // {access_token, refresh_token, expires_at}
  user: null,          // {name, roles}
  canAct: false,
  agents: new Map(),   // agent name -> latest item
  agentOrder: [],
  alerts: new Map(),   // key -> firing alert
  recentAlerts: [],
  sagaCounts: {},
  sagaReasons: new Map(), // runId -> the reason typed so far (the list is re-rendered on every change)
  dlqCounts: {},
  dlqAgent: null,
  stream: null,        // {controller}
  streamAttempt: 0,
  pollTimer: null,
  metricsTimer: null,
  refreshTimer: null,
  sagaReload: null,
  logKeys: new Set(),  // seq|time of the lines shown
  charts: {},
  history: { t: [], et: [], activity: new Map(), errors: new Map(), mean: new Map(), pipelines: new Map(), mt: [], pt: [] },
};

// ---------- HTTP ----------

/** A refused or failed API call, with the problem+json the hub answered. */
class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) ? `${problem.title || 'Error'}: ${problem.detail || ''}`.trim()
      : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(method, path, body) {
  await ensureFreshToken();
  let response = await send(method, path, body);
  if (response.status === 401 && state.tokens && await refreshTokens()) {
    response = await send(method, path, body);
  }
  if (response.status === 401) {
    signOut('Your session ended; sign in again.');
    throw new ApiError(401, null);
  }
  const type = response.headers.get('Content-Type') || '';
  const payload = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, payload);
  }
  return payload;
}

function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (state.tokens) {
    headers.Authorization = `Bearer ${state.tokens.access_token}`;
  }
  const init = { method, headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return fetch(API + path, init);
}

// ---------- sign-in ----------

function decodeClaims(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(Array.from(atob(part), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .join(''));
  return JSON.parse(json);
}

function storeTokens(answer) {
  state.tokens = {
    access_token: answer.access_token,
    refresh_token: answer.refresh_token,
    expires_at: Date.now() + (answer.expires_in || 900) * 1000,
  };
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(state.tokens));
  const claims = decodeClaims(answer.access_token);
  // the hub names the claim in hub.security.jwt.roles-claim ("roles" unless changed): else the array of role names
  const roles = Array.isArray(claims.roles) ? claims.roles : Object.values(claims)
    .find((v) => Array.isArray(v) && v.some((r) => ['user', ...CONSOLE_ROLES].includes(r))) || [];
  state.user = { name: claims.preferred_username || claims.sub, roles };
  state.canAct = roles.some((r) => ACTING_ROLES.includes(r));
  scheduleRefresh();
}

async function tokenRequest(body) {
  const response = await fetch(`${API}/auth/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body), cache: 'no-store',
  });
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, payload);
  }
  return payload;
}

let refreshing = null;

/** Rotates the refresh token; false when it was refused (the user signs in again). */
function refreshTokens() {
  if (!refreshing) {
    refreshing = tokenRequest({ grant_type: 'refresh_token', refresh_token: state.tokens.refresh_token })
      .then((answer) => { storeTokens(answer); return true; }, () => false)
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

async function ensureFreshToken() {
  if (state.tokens && state.tokens.expires_at - Date.now() < 30000) {
    await refreshTokens();
  }
}

function scheduleRefresh() {
  clearTimeout(state.refreshTimer);
  const inMs = Math.max(5000, state.tokens.expires_at - Date.now() - 60000);
  state.refreshTimer = setTimeout(async () => {
    if (state.tokens && !(await refreshTokens())) {
      signOut('Your session ended; sign in again.');
    }
  }, inMs);
}

async function onLogin(event) {
  event.preventDefault();
  const error = $('login-error');
  error.hidden = true;
  const username = $('login-username').value.trim();
  const password = $('login-password').value;
  if (!username || !password) {
    error.textContent = 'Enter a username and a password.';
    error.hidden = false;
    return;
  }
  $('login-submit').disabled = true;
  try {
    storeTokens(await tokenRequest({ grant_type: 'password', username, password }));
    $('login-password').value = '';
    start();
  } catch (e) {
    error.textContent = e.status === 400 || e.status === 401 ? 'Wrong username or password.'
      : e.status === 429 ? 'Too many attempts; wait a moment and try again.' : `Sign-in failed: ${e.message}`;
    error.hidden = false;
  } finally {
    $('login-submit').disabled = false;
  }
}

function signOut(message) {
  stopStream();
  clearInterval(state.pollTimer);
  clearInterval(state.metricsTimer);
  clearTimeout(state.refreshTimer);
  state.tokens = null;
  state.user = null;
  sessionStorage.removeItem(TOKEN_KEY);
  $('console').hidden = true;
  $('not-for-you').hidden = true;
  $('session-bar').hidden = true;
  $('login').hidden = false;
  if (message) {
    notify(message);
  }
}

// ---------- start ----------

function start() {
  const { name, roles } = state.user;
  $('login').hidden = true;
  $('session-bar').hidden = false;
  $('whoami').textContent = `${name} (${roles.join(', ') || 'no role'})`;
  if (!roles.some((r) => CONSOLE_ROLES.includes(r))) {
    $('not-for-you-roles').textContent = roles.join(', ') || 'none';
    $('not-for-you').hidden = false;
    $('stream-state').hidden = true;
    return;
  }
  $('stream-state').hidden = false;
  document.body.classList.toggle('read-only', !state.canAct);
  $('console').hidden = false;
  state.agents.clear();
  $('agents-body').replaceChildren();
  clearLogs();
  createCharts();
  loadAgents();
  loadAlerts();
  loadLogs();
  loadSagas();
  loadDeadLetterCounts();
  loadPolicies();
  loadMetrics();
  state.metricsTimer = setInterval(loadMetrics, 10000);
  connectStream();
}

// ---------- notices ----------

let noticeTimer = null;

function notify(message, ok = false) {
  const notice = $('notice');
  notice.textContent = message;
  notice.classList.toggle('notice-ok', ok);
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { notice.hidden = true; }, ok ? 4000 : 10000);
}

/** What a panel shows when the hub refused or failed a read. */
function refusal(e, what) {
  if (e.status === 403) {
    return `Your role may not ${what}: the hub answered 403 Forbidden. This panel stays empty for you.`;
  }
  if (e.status === 404) {
    return `Not available on this hub (404): ${what}.`;
  }
  return `Could not ${what}: ${e.message}`;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}

function time(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour12: false });
}

function dateTime(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString([], { hour12: false });
}

// ---------- stream ----------

function setStreamState(kind, text) {
  const badge = $('stream-state');
  badge.className = `stream-state stream-${kind}`;
  badge.textContent = text;
  badge.dataset.state = kind;
}

function stopStream() {
  if (state.stream) {
    state.stream.controller.abort();
    state.stream = null;
  }
}

function connectStream() {
  stopStream();
  const controller = new AbortController();
  state.stream = { controller };
  readStream(controller).catch(() => {}).finally(() => {
    if (state.stream && state.stream.controller === controller) {
      state.stream = null;
      scheduleReconnect();
    }
  });
}

function scheduleReconnect() {
  if (!state.tokens) {
    return;
  }
  const delay = STREAM_BACKOFF_MS[Math.min(state.streamAttempt, STREAM_BACKOFF_MS.length - 1)];
  state.streamAttempt += 1;
  setStreamState(state.pollTimer ? 'polling' : 'down', `${state.pollTimer ? 'polling' : 'disconnected'}; `
    + `retrying in ${Math.round(delay / 1000)} s`);
  setTimeout(() => { if (state.tokens && !state.stream) { connectStream(); } }, delay);
}

/** Reads the event stream until it ends; events are dispatched as they complete. */
async function readStream(controller) {
  await ensureFreshToken();
  setStreamState('connecting', 'connecting…');
  const level = $('log-level').value;
  const response = await fetch(`${API}/admin/stream?level=${encodeURIComponent(level)}`, {
    headers: { Authorization: `Bearer ${state.tokens.access_token}`, Accept: 'text/event-stream' },
    cache: 'no-store', signal: controller.signal,
  });
  if (response.status === 401 && await refreshTokens()) {
    return;
  }
  if (!response.ok || !response.body) {
    startPolling();
    throw new Error(`stream answered ${response.status}`);
  }
  stopPolling();
  state.streamAttempt = 0;
  setStreamState('live', 'live');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { type: 'message', data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data.length > 0) {
          dispatch(event.type, event.data.join('\n'));
        }
        event = { type: 'message', data: [] };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let data = colon < 0 ? '' : line.slice(colon + 1);
        if (data.startsWith(' ')) {
          data = data.slice(1);
        }
        if (field === 'event') {
          event.type = data;
        } else if (field === 'data') {
          event.data.push(data);
        }
      }
    }
  }
}

function dispatch(type, data) {
  let payload;
  try {
    payload = JSON.parse(data);
  } catch {
    return;
  }
  switch (type) {
    case 'agents': showAgents(payload.agents || []); break;
    case 'log': appendLog(payload, true); break;
    case 'alert': onAlert(payload); break;
    case 'sagas': showSagaCounts(payload.counts || {}); break;
    case 'deadletters': showDeadLetterCounts(payload.counts || {}); break;
    default: break;
  }
}

/**
 * Without the stream (an older hub, or while it reconnects) the agents are read every second; their dead-letter
 * depths stand in for the stream's counts (the dead-letter API would add an audit record a second).
 */
function startPolling() {
  if (!state.pollTimer) {
    state.pollTimer = setInterval(async () => {
      await loadAgents();
      showDeadLetterCounts(Object.fromEntries([...state.agents.values()].map((a) => [a.agent, a.deadLetters || 0])));
    }, 1000);
  }
}

function stopPolling() {
  clearInterval(state.pollTimer);
  state.pollTimer = null;
}

// ---------- agents ----------

async function loadAgents() {
  try {
    const answer = await api('GET', '/admin/agents');
    showAgents(answer.agents || []);
  } catch (e) {
    if (e.status !== 401) {
      $('agents-updated').textContent = refusal(e, 'read the agents');
    }
  }
}

function showAgents(agents) {
  const now = Date.now();
  for (const agent of agents) {
    state.agents.set(agent.agent, agent);
    renderAgent(agent);
  }
  const names = [...state.agents.keys()].sort();
  if (names.join() !== state.agentOrder.join()) {
    state.agentOrder = names;
    const body = $('agents-body');
    names.forEach((name) => body.append($(`agent-${name}`)));
    refreshAgentFilter(names);
    createCharts();
  }
  $('agents-updated').textContent = `updated ${new Date(now).toLocaleTimeString([], { hour12: false })}`;
  sampleAgents(now);
}

function healthClass(score) {
  return score >= 85 ? 'health-good' : score >= 70 ? 'health-fair' : 'health-poor';
}

function numberCell(field, value, extraClass) {
  return el('td', { class: `num ${extraClass || ''}`.trim(), 'data-field': field,
    text: value === undefined || value === null ? '–' : String(value) });
}

function renderAgent(agent) {
  const id = `agent-${agent.agent}`;
  const old = $(id);
  const queue = agent.queue || {};
  const m1 = (agent.activity || {})['1m'] || {};
  const m5 = (agent.activity || {})['5m'] || {};
  const status = agent.status || 'idle';
  const row = el('tr', { id, class: `agent-row status-${status}`, 'data-testid': `agent-row-${agent.agent}`,
    'data-agent': agent.agent, 'data-status': status });
  row.append(
    el('th', { scope: 'row', 'data-field': 'agent', text: agent.agent }),
    el('td', { 'data-field': 'status' }, el('span', { class: `status status-pill-${status}`, text: status,
      title: agent.control && agent.control.desired !== 'running'
        ? `${agent.control.desired} by ${agent.control.updatedBy || '?'}${agent.control.reason ? `: ${agent.control.reason}` : ''}`
        : undefined })),
    el('td', { class: 'num', 'data-field': 'health' },
      el('span', { class: `health ${healthClass(agent.healthScore)}`, text: String(agent.healthScore) })),
    numberCell('p95', m5.p95Ms !== undefined ? `${m5.p95Ms} ms` : undefined),
    numberCell('done1m', m1.count),
    numberCell('errors5m', m5.errorRate !== undefined ? `${(m5.errorRate * 100).toFixed(1)} %` : undefined),
    numberCell('ready', queue.ready, queue.ready > 0 ? 'waiting' : ''),
    numberCell('unacked', queue.unacknowledged),
    numberCell('consumers', queue.consumers),
    numberCell('inflight', agent.inFlight),
    numberCell('deadletters', agent.deadLetters, agent.deadLetters > 0 ? 'waiting' : ''),
    el('td', { class: 'failure', 'data-field': 'lastfailure',
      text: agent.lastFailure ? `${time(agent.lastFailure.at)} ${shortClass(agent.lastFailure.exception)}: `
        + `${agent.lastFailure.message || ''}` : '' }),
  );
  if (state.canAct) {
    const paused = status === 'paused';
    row.append(el('td', { class: 'actions operator-only' },
      paused
        ? el('button', { type: 'button', 'data-action': 'resume', 'data-testid': `resume-${agent.agent}`,
          'aria-label': `Resume ${agent.agent}`, text: 'Resume', onclick: () => agentAction(agent.agent, 'resume') })
        : el('button', { type: 'button', 'data-action': 'pause', 'data-testid': `pause-${agent.agent}`,
          'aria-label': `Pause ${agent.agent}`, text: 'Pause', onclick: () => agentAction(agent.agent, 'pause') }),
      el('button', { type: 'button', 'data-action': 'restart', 'data-testid': `restart-${agent.agent}`,
        'aria-label': `Restart ${agent.agent}`, text: 'Restart',
        onclick: () => agentAction(agent.agent, 'restart') })));
  }
  if (old) {
    if (old.dataset.status !== status) {
      row.classList.add('flash');
    }
    old.replaceWith(row);
  } else {
    $('agents-body').append(row);
  }
}

function shortClass(name) {
  return name ? name.substring(name.lastIndexOf('.') + 1) : '';
}

async function agentAction(agent, action) {
  const reason = $('agent-reason').value.trim();
  const query = reason ? `?reason=${encodeURIComponent(reason)}` : '';
  document.querySelectorAll(`#agent-${CSS.escape(agent)} button`).forEach((b) => { b.disabled = true; });
  try {
    const answer = await api('POST', `/admin/agents/${encodeURIComponent(agent)}/${action}${query}`);
    showAgents([answer]);
    notify(`${agent}: ${action} done, now ${answer.status}.`, true);
  } catch (e) {
    notify(`${agent}: ${action} refused. ${e.message}`);
    const current = state.agents.get(agent);
    if (current) {
      renderAgent(current);
    }
  }
}

// ---------- charts ----------

const PALETTE = ['#2457c5', '#15803d', '#b45309', '#9333ea', '#0891b2', '#be123c', '#4d7c0f', '#57534e'];

function createCharts() {
  if (!window.uPlot || $('console').hidden) {
    return;
  }
  const agents = state.agentOrder;
  const pipelines = [...state.history.pipelines.keys()];
  makeChart('activity', 'chart-activity', agents, 'done/min', state.history.t, state.history.activity);
  makeChart('errors', 'chart-errors', agents, 'errors', state.history.et, state.history.errors);
  makeChart('mean', 'chart-mean', agents, 'ms', state.history.mt, state.history.mean);
  makeChart('pipelines', 'chart-pipelines', pipelines, '%', state.history.pt, state.history.pipelines);
}

function chartWidth(container) {
  return Math.max(300, container.clientWidth || container.parentElement.clientWidth || 420);
}

function makeChart(key, containerId, names, unit, xs, seriesMap) {
  const container = $(containerId);
  if (state.charts[key]) {
    state.charts[key].destroy();
  }
  container.replaceChildren();
  const series = [{}].concat(names.map((name, i) => ({
    label: name, stroke: PALETTE[i % PALETTE.length], width: 2, spanGaps: true,
    value: (u, v) => (v === null || v === undefined ? '–' : `${Math.round(v * 10) / 10} ${unit}`),
  })));
  const data = [xs].concat(names.map((name) => seriesMap.get(name) || xs.map(() => null)));
  state.charts[key] = {
    names, xs, seriesMap, container,
    plot: new window.uPlot({
      width: chartWidth(container), height: 180, series,
      scales: { x: { time: true, auto: false }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [{}, { size: 50 }],
      legend: { live: false },
    }, data, container),
    destroy() { this.plot.destroy(); },
  };
  showWindow(state.charts[key]);
}

/** The x axis shows at least the last 5 minutes up to now, however few points there are yet. */
function showWindow(chart) {
  const now = Date.now() / 1000;
  const first = chart.xs.length ? chart.xs[0] : now;
  chart.plot.setScale('x', { min: Math.min(first, now - 300), max: now });
}

function redraw(key) {
  const chart = state.charts[key];
  if (chart) {
    chart.plot.setData([chart.xs].concat(chart.names.map((n) => chart.seriesMap.get(n) || chart.xs.map(() => null))),
      false);
    showWindow(chart);
  }
}

/** Appends one value per series at time t (seconds), keeping HISTORY_SECONDS. */
function pushSample(xs, seriesMap, names, t, valueOf) {
  xs.push(t);
  for (const name of names) {
    if (!seriesMap.has(name)) {
      seriesMap.set(name, xs.slice(0, -1).map(() => null));
    }
    seriesMap.get(name).push(valueOf(name));
  }
  for (const [name, values] of seriesMap) {
    if (values.length < xs.length) {
      values.push(names.includes(name) ? valueOf(name) : null);
    }
  }
  while (xs.length > 1 && xs[0] < t - HISTORY_SECONDS) {
    xs.shift();
    seriesMap.forEach((values) => values.shift());
  }
}

let lastAgentSample = 0;

function sampleAgents(now) {
  // at most one point a second, however often the stream sends
  if (now - lastAgentSample < 1000) {
    return;
  }
  lastAgentSample = now;
  const t = now / 1000;
  const h = state.history;
  const names = state.agentOrder;
  const activity = (n) => (((state.agents.get(n) || {}).activity || {})['1m'] || {}).count ?? null;
  const errors = (n) => (((state.agents.get(n) || {}).activity || {})['5m'] || {}).errors ?? null;
  pushSample(h.t, h.activity, names, t, activity);
  pushSample(h.et, h.errors, names, t, errors);
  redraw('activity');
  redraw('errors');
}

async function loadMetrics() {
  if (!state.tokens) {
    return;
  }
  const t = Date.now() / 1000;
  const h = state.history;
  try {
    const [agents, day] = await Promise.all([api('GET', '/admin/metrics?window=15m'),
      api('GET', '/admin/metrics?window=24h')]);
    const means = new Map((agents.agents || []).map((a) => [a.agent, a.meanMs ?? null]));
    pushSample(h.mt, h.mean, state.agentOrder, t, (n) => means.get(n) ?? null);
    const rates = new Map((day.pipelines || []).map((p) => [p.pipeline,
      p.successRate === undefined || p.successRate === null ? null : p.successRate * 100]));
    const newPipeline = [...rates.keys()].some((p) => !h.pipelines.has(p));
    pushSample(h.pt, h.pipelines, [...rates.keys()], t, (p) => rates.get(p));
    $('pipelines-summary').textContent = (day.pipelines || []).map((p) => `${p.pipeline}: ${p.started} started, `
      + `${p.completed} completed, ${p.compensated} compensated, ${p.unfinished} unfinished`
      + `${p.meanMs ? `, mean ${Math.round(p.meanMs)} ms` : ''}`).join(' · ') || 'No pipeline ran in the last 24 h.';
    const llm = (day.llm || []).reduce((sum, l) => ({ calls: sum.calls + l.calls,
      tokens: sum.tokens + l.inputTokens + l.outputTokens, cost: sum.cost + l.costUsd }), { calls: 0, tokens: 0, cost: 0 });
    $('llm-summary').textContent = `LLM, 24 h: ${llm.calls} calls, ${llm.tokens} tokens, $${llm.cost.toFixed(4)}`;
    // texts stored but not embedded yet: how far semantic search is behind the conversation, now
    const waiting = day.embeddings || { pendingTurns: 0, pendingArtifacts: 0 };
    const summary = $('embeddings-summary');
    summary.dataset.pendingTurns = waiting.pendingTurns;
    summary.dataset.pendingArtifacts = waiting.pendingArtifacts;
    summary.textContent = waiting.pendingTurns + waiting.pendingArtifacts === 0
      ? 'Semantic memory: up to date (nothing waiting to be embedded).'
      : `Semantic memory: ${waiting.pendingTurns} turns and ${waiting.pendingArtifacts} artifacts waiting to be `
        + 'embedded (not found by search until then).';
    if (newPipeline) {
      createCharts();
    } else {
      redraw('mean');
      redraw('pipelines');
    }
  } catch (e) {
    if (e.status !== 401) {
      $('pipelines-summary').textContent = refusal(e, 'read the metrics');
    }
  }
}

window.addEventListener('resize', () => {
  for (const chart of Object.values(state.charts)) {
    chart.plot.setSize({ width: chartWidth(chart.container), height: 180 });
  }
});

// ---------- alerts ----------

async function loadAlerts() {
  try {
    const answer = await api('GET', '/admin/alerts');
    state.alerts.clear();
    (answer.active || []).forEach((a) => state.alerts.set(a.key, a));
    state.recentAlerts = answer.recent || [];
    renderAlerts();
  } catch (e) {
    if (e.status !== 401) {
      $('alerts-empty').textContent = refusal(e, 'read the alerts');
    }
  }
}

function onAlert(alert) {
  if (alert.status === 'resolved') {
    state.alerts.delete(alert.key);
  } else {
    state.alerts.set(alert.key, alert);
  }
  state.recentAlerts = [alert].concat(state.recentAlerts.filter((a) => a !== alert)).slice(0, 20);
  renderAlerts();
}

function alertItem(alert) {
  const severity = alert.severity || 'info';
  return el('li', { class: `alert alert-${severity}`, 'data-testid': 'alert', 'data-key': alert.key,
    'data-severity': severity },
  el('span', { class: 'title', text: `${severity.toUpperCase()} · ${alert.title || alert.key}` }),
  el('span', { class: 'meta', text: ` ${alert.agent ? `agent ${alert.agent} · ` : ''}${alert.status || ''} `
      + `${alert.status === 'resolved' ? dateTime(alert.resolvedAt || alert.at) : `since ${dateTime(alert.firedAt || alert.at)}`}` }),
  alert.detail ? el('div', { text: alert.detail }) : null,
  alert.recovery ? el('div', { class: 'meta', 'data-field': 'recovery', text: `Recovery: ${alert.recovery}` }) : null,
  alert.runbook ? el('a', { href: alert.runbook, target: '_blank', rel: 'noopener', text: 'Runbook' }) : null);
}

function renderAlerts() {
  const rank = { critical: 0, warning: 1, info: 2 };
  const active = [...state.alerts.values()].sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3));
  $('alerts-list').replaceChildren(...active.map(alertItem));
  $('alerts-count').textContent = String(active.length);
  $('alerts-empty').hidden = active.length > 0;
  $('alerts-recent').replaceChildren(...state.recentAlerts.map(alertItem));
}

// ---------- logs ----------

function refreshAgentFilter(names) {
  const select = $('log-agent');
  const current = select.value;
  select.replaceChildren(el('option', { value: '', text: 'all' }), ...names.map((n) => el('option', { value: n, text: n })));
  select.value = names.includes(current) ? current : '';
}

async function loadLogs() {
  const message = $('logs-message');
  const params = new URLSearchParams({ level: $('log-level').value, limit: '200' });
  if ($('log-agent').value) {
    params.set('agent', $('log-agent').value);
  }
  try {
    const answer = await api('GET', `/admin/logs?${params}`);
    message.hidden = true;
    clearLogs();
    const entries = (answer.entries || []).slice().sort((a, b) => (a.seq || 0) - (b.seq || 0));
    entries.forEach((entry) => appendLog(entry, false));
  } catch (e) {
    if (e.status !== 401) {
      message.textContent = refusal(e, 'read the logs');
      message.hidden = false;
    }
  }
}

function logMatches(entry) {
  const agent = $('log-agent').value;
  const text = $('log-text').value.trim().toLowerCase();
  const min = LEVELS.indexOf($('log-level').value);
  if (LEVELS.indexOf(entry.level) >= 0 && LEVELS.indexOf(entry.level) < min) {
    return false;
  }
  if (agent && entry.agent !== agent) {
    return false;
  }
  if (text) {
    const haystack = [entry.message, entry.logger, entry.sessionId, entry.correlationId, entry.agent]
      .filter(Boolean).join(' ').toLowerCase();
    return haystack.includes(text);
  }
  return true;
}

/**
 * Adds a line unless it is shown already: each (re)connected stream first replays the latest lines, and a
 * restarted hub numbers its lines from 1 again, so a line is known by its number and time.
 */
function appendLog(entry, live) {
  const key = `${entry.seq}|${entry.time}`;
  if (state.logKeys.has(key)) {
    return;
  }
  state.logKeys.add(key);
  const list = $('log-lines');
  const line = el('li', { class: live ? 'new' : '', 'data-seq': entry.seq, 'data-level': entry.level,
    'data-agent': entry.agent || '', 'data-testid': 'log-line' },
  el('span', { class: 'time', text: `${time(entry.time)} ` }),
  el('span', { class: `level level-${entry.level}`, text: entry.level }),
  el('span', { class: 'logger', text: `${shortClass(entry.logger)} ` }),
  entry.agent ? el('span', { class: 'tag', text: `[${entry.agent}] ` }) : null,
  entry.sessionId ? el('span', { class: 'tag', text: `[${entry.sessionId}] ` }) : null,
  el('span', { class: 'message', text: entry.message || '' }));
  line.hidden = !logMatches(entry);
  line.entry = entry;
  line.key = key;
  list.append(line);
  while (list.childElementCount > MAX_LOG_LINES) {
    state.logKeys.delete(list.firstElementChild.key);
    list.firstElementChild.remove();
  }
  if ($('log-follow').checked && !line.hidden) {
    list.scrollTop = list.scrollHeight;
  }
}

function clearLogs() {
  $('log-lines').replaceChildren();
  state.logKeys.clear();
}

function refilterLogs() {
  for (const line of $('log-lines').children) {
    line.hidden = !logMatches(line.entry);
  }
  $('log-lines').scrollTop = $('log-lines').scrollHeight;
}

// ---------- sagas ----------

function showSagaCounts(counts) {
  const changed = JSON.stringify(counts) !== JSON.stringify(state.sagaCounts);
  state.sagaCounts = counts;
  const selected = $('saga-status').value;
  $('saga-counts').replaceChildren(...Object.entries(counts).map(([status, n]) => el('button', {
    type: 'button', 'data-status': status, 'aria-pressed': String(status === selected), text: `${status} ${n}`,
    onclick: () => { $('saga-status').value = status; loadSagas(); },
  })));
  if (changed) {
    // several runs may change in one burst: one reload
    clearTimeout(state.sagaReload);
    state.sagaReload = setTimeout(loadSagas, 150);
  }
}

async function loadSagas() {
  const status = $('saga-status').value;
  const message = $('sagas-message');
  document.querySelectorAll('#saga-counts button').forEach((b) => {
    b.setAttribute('aria-pressed', String(b.dataset.status === status));
  });
  try {
    const answer = await api('GET', `/sagas${status ? `?status=${encodeURIComponent(status)}` : ''}`);
    const sagas = answer.sagas || [];
    message.hidden = sagas.length > 0;
    message.textContent = `No saga${status ? ` ${status}` : ''} in the last 7 days.`;
    $('sagas-list').replaceChildren(...sagas.slice(0, 100).map(sagaCard));
  } catch (e) {
    if (e.status !== 401) {
      $('sagas-list').replaceChildren();
      message.textContent = refusal(e, 'list sagas');
      message.hidden = false;
    }
  }
}

function sagaCard(saga) {
  const card = el('li', { class: 'card', 'data-testid': `saga-${saga.runId}`, 'data-run': saga.runId,
    'data-status': saga.status },
  el('div', { class: 'card-head' },
    el('span', { class: 'mono', text: `${saga.name} ${saga.runId}` }),
    el('span', { class: 'saga-status', 'data-field': 'status', text: saga.status })),
  el('div', { class: 'meta', text: `session ${saga.sessionId || '–'} · created ${dateTime(saga.createdAt)}`
      + `${saga.finishedAt ? ` · finished ${dateTime(saga.finishedAt)}` : ''}` }),
  saga.error ? el('div', { class: 'meta error', text: saga.error }) : null);
  if (state.canAct && saga.status === 'AWAITING_APPROVAL') {
    const reasonId = `reason-${saga.runId}`;
    const reason = el('input', { id: reasonId, maxlength: '500', 'data-testid': `saga-reason-${saga.runId}`,
      placeholder: 'why (required to reject)' });
    // the list is re-rendered on every change: keep what was typed (the card being replaced is still in the page)
    reason.value = document.getElementById(reasonId)?.value || state.sagaReasons.get(saga.runId) || '';
    for (const type of ['input', 'change']) {
      reason.addEventListener(type, () => state.sagaReasons.set(saga.runId, reason.value));
    }
    card.append(el('div', { class: 'decision operator-only' },
      el('label', { for: reasonId, text: 'Reason' }), reason,
      el('button', { type: 'button', class: 'primary', 'data-testid': `approve-${saga.runId}`, text: 'Approve',
        onclick: () => decideSaga(saga.runId, 'approve', reason) }),
      el('button', { type: 'button', class: 'danger', 'data-testid': `reject-${saga.runId}`, text: 'Reject',
        onclick: () => decideSaga(saga.runId, 'reject', reason) })));
  }
  return card;
}

async function decideSaga(runId, action, reasonInput) {
  const current = document.getElementById(`reason-${runId}`);
  const reason = ((current && current.value) || state.sagaReasons.get(runId) || reasonInput.value).trim();
  if (action === 'reject' && !reason) {
    notify('Give a reason to reject the run.');
    reasonInput.focus();
    return;
  }
  try {
    const answer = await api('POST', `/sagas/${encodeURIComponent(runId)}/${action}`
      + (reason ? `?reason=${encodeURIComponent(reason)}` : ''));
    state.sagaReasons.delete(runId);
    notify(`Run ${runId}: ${action} accepted, now ${answer.status}.`, true);
  } catch (e) {
    notify(`Run ${runId}: ${action} refused. ${e.message}`);
  }
  loadSagas();
}

// ---------- policies ----------

async function loadPolicies() {
  const message = $('policies-message');
  try {
    const answer = await api('GET', '/admin/policies');
    const policies = answer.policies || [];
    message.hidden = policies.length > 0;
    message.textContent = 'No policy is stored.';
    $('policies-list').replaceChildren(...policies.map(policyCard));
  } catch (e) {
    if (e.status !== 401) {
      $('policies-list').replaceChildren();
      message.textContent = refusal(e, 'read the policies');
      message.hidden = false;
    }
  }
}

/** One policy; its versions are read when its card is opened (one request for the list, not one per policy). */
function policyCard(policy) {
  const id = policy.policyId;
  const open = document.querySelector(`[data-policy="${CSS.escape(id)}"] details`)?.open || false;
  const versions = el('ul', { class: 'versions' });
  const details = el('details', { open },
    el('summary', { text: `${policy.latestVersion} version${policy.latestVersion === 1 ? '' : 's'}` }), versions);
  details.addEventListener('toggle', () => { if (details.open) loadPolicyVersions(id, versions); });
  if (open) {
    loadPolicyVersions(id, versions);
  }
  return el('li', { class: 'card', 'data-testid': `policy-${id}`, 'data-policy': id,
    'data-active': policy.activeVersion == null ? '' : String(policy.activeVersion) },
  el('div', { class: 'card-head' },
    el('span', { class: 'mono', text: id }),
    el('span', { class: 'saga-status', 'data-field': 'active',
      text: policy.activeVersion == null ? 'retired' : `v${policy.activeVersion} active` })),
  el('div', { class: 'meta', text: `latest v${policy.latestVersion} · this replica serves `
      + `${policy.servingVersion == null ? 'none' : `v${policy.servingVersion}`}` }),
  details);
}

async function loadPolicyVersions(id, list) {
  try {
    const answer = await api('GET', `/admin/policies/${encodeURIComponent(id)}/versions`);
    list.replaceChildren(...(answer.versions || []).map((v) => policyVersion(id, v)));
  } catch (e) {
    if (e.status !== 401) {
      list.replaceChildren(el('li', { class: 'meta', text: refusal(e, `read the versions of ${id}`) }));
    }
  }
}

function policyVersion(id, v) {
  const item = el('li', { 'data-testid': `policy-${id}-v${v.version}`, 'data-status': v.status },
    el('span', { class: 'mono', text: `v${v.version}` }),
    el('span', { class: 'meta', text: ` ${v.status} · ${(v.rules || []).length} rule${(v.rules || []).length === 1 ? '' : 's'} · stored by ${v.author} `
        + `(${v.source}) ${dateTime(v.createdAt)}`
        + `${v.activatedBy ? ` · activated by ${v.activatedBy} ${dateTime(v.activatedAt)}` : ''}` }));
  if (state.canAct && v.status !== 'active') {
    item.append(' ', el('button', { type: 'button', class: 'operator-only', 'data-testid': `activate-${id}-v${v.version}`,
      text: 'Activate', 'aria-label': `Activate ${id} v${v.version}`, onclick: () => activatePolicy(id, v.version) }));
  }
  return item;
}

async function activatePolicy(id, version) {
  try {
    const answer = await api('POST', `/admin/policies/${encodeURIComponent(id)}/versions/${version}/activate`);
    notify(`Policy ${id}: v${answer.version} judges now.`, true);
  } catch (e) {
    notify(`Policy ${id} v${version}: activation refused. ${e.message}`);
  }
  loadPolicies();
}

// ---------- dead letters ----------

async function loadDeadLetterCounts() {
  try {
    const answer = await api('GET', '/admin/dlq');
    showDeadLetterCounts(Object.fromEntries((answer.queues || []).map((q) => [q.agent, q.count])));
  } catch (e) {
    if (e.status !== 401) {
      $('dlq-message').textContent = refusal(e, 'read the dead letters');
      $('dlq-message').hidden = false;
    }
  }
}

function showDeadLetterCounts(counts) {
  const previous = state.dlqCounts;
  state.dlqCounts = counts;
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  $('dlq-counts').replaceChildren(...entries.map(([agent, n]) => el('button', {
    type: 'button', 'data-agent': agent, 'data-count': String(n), 'data-testid': `dlq-agent-${agent}`,
    'aria-pressed': String(agent === state.dlqAgent), text: `${agent} ${n}`, onclick: () => openDeadLetters(agent),
  })));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const message = $('dlq-message');
  if (!message.textContent.includes('403')) {
    message.textContent = total === 0 ? 'No dead letters.' : '';
    message.hidden = total !== 0;
  }
  if (state.dlqAgent && previous[state.dlqAgent] !== counts[state.dlqAgent]) {
    openDeadLetters(state.dlqAgent);
  }
}

async function openDeadLetters(agent) {
  state.dlqAgent = agent;
  document.querySelectorAll('#dlq-counts button').forEach((b) => {
    b.setAttribute('aria-pressed', String(b.dataset.agent === agent));
  });
  $('dlq-detail').hidden = false;
  $('dlq-agent-title').textContent = `Dead letters of ${agent}`;
  try {
    const answer = await api('GET', `/admin/dlq/${encodeURIComponent(agent)}?limit=50`);
    const letters = answer.messages || [];
    $('dlq-replay-all').disabled = letters.length === 0;
    $('dlq-list').replaceChildren(...(letters.length ? letters.map((m) => letterCard(agent, m))
      : [el('li', { class: 'muted', text: 'None waiting.' })]));
  } catch (e) {
    if (e.status !== 401) {
      $('dlq-list').replaceChildren(el('li', { class: 'muted', text: refusal(e, `read ${agent}'s dead letters`) }));
    }
  }
}

function letterCard(agent, letter) {
  const headers = letter.headers || {};
  const envelope = letter.envelope || {};
  const card = el('li', { class: 'card', 'data-testid': `letter-${letter.messageId}`, 'data-message': letter.messageId },
    el('div', { class: 'card-head' },
      el('span', { class: 'mono', text: letter.messageId }),
      el('span', { class: 'meta', text: `${headers['x-hub-attempts'] ?? '?'} attempts` })),
    el('div', { class: 'meta', text: `${shortClass(headers['x-hub-exception-class'])}: `
        + `${headers['x-hub-exception-message'] || ''}` }),
    el('div', { class: 'meta', text: `type ${envelope.type || '?'} · session ${envelope.sessionId || '–'} · `
        + `route ${headers['x-hub-failed-route'] || '?'}` }));
  if (state.canAct) {
    card.append(el('div', { class: 'decision operator-only' },
      el('button', { type: 'button', class: 'primary', 'data-testid': `replay-${letter.messageId}`, text: 'Replay',
        'aria-label': `Replay ${letter.messageId}`, onclick: () => replay(agent, [letter.messageId]) }),
      el('button', { type: 'button', class: 'danger', 'data-testid': `discard-${letter.messageId}`, text: 'Discard',
        'aria-label': `Discard ${letter.messageId}`, onclick: () => discard(agent, letter.messageId) })));
  }
  return card;
}

async function replay(agent, messageIds) {
  try {
    const answer = await api('POST', `/admin/dlq/${encodeURIComponent(agent)}/replay`,
      messageIds ? { messageIds } : {});
    notify(`${agent}: ${answer.replayed.length} replayed${answer.notFound.length ? `, ${answer.notFound.length} `
      + 'no longer there' : ''}.`, true);
  } catch (e) {
    notify(`${agent}: replay refused. ${e.message}`);
  }
  openDeadLetters(agent);
  loadDeadLetterCounts();
}

async function discard(agent, messageId) {
  if (!window.confirm(`Discard dead letter ${messageId} of ${agent}? It cannot be replayed afterwards.`)) {
    return;
  }
  try {
    await api('DELETE', `/admin/dlq/${encodeURIComponent(agent)}/${encodeURIComponent(messageId)}`);
    notify(`${agent}: ${messageId} discarded.`, true);
  } catch (e) {
    notify(`${agent}: discard refused. ${e.message}`);
  }
  openDeadLetters(agent);
  loadDeadLetterCounts();
}

// ---------- context inspector ----------

async function inspect(event) {
  event.preventDefault();
  const session = $('inspector-session').value.trim();
  const message = $('inspector-message');
  const result = $('inspector-result');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(session)) {
    message.textContent = 'A session id is 1 to 64 letters, digits, dots, dashes or underscores.';
    message.hidden = false;
    result.hidden = true;
    return;
  }
  try {
    const c = await api('GET', `/admin/contexts/${encodeURIComponent(session)}?turns=20`);
    message.hidden = true;
    const facts = [['Session', c.sessionId], ['Owner', c.ownerId], ['Anonymization', c.anonymizationLevel],
      ['Active agent', c.activeAgent || '–'], ['Turns', String(c.turnCount)], ['Version', String(c.version)],
      ['Last change', c.lastChange ? `${c.lastChange.what} by ${c.lastChange.by} at ${dateTime(c.lastChange.at)}` : '–'],
      ['Legal hold', c.legalHold ? `${dateTime(c.legalHold.at)}: ${c.legalHold.reason}` : 'no'],
      ['Summary', c.summary || '–']];
    $('inspector-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }),
      el('dd', { 'data-field': k.toLowerCase().replace(/ /g, '-'), text: v })]));
    $('inspector-variables').textContent = JSON.stringify(c.variables || {}, null, 2);
    $('inspector-decisions').textContent = JSON.stringify(c.decisions || [], null, 2);
    $('inspector-turns').replaceChildren(...(c.turns || []).map((t) => el('li', { value: String(t.seq) },
      el('span', { class: 'role', text: `${t.role}${t.agent ? ` (${t.agent})` : ''}: ` }),
      el('span', { text: t.text }), el('span', { class: 'muted small', text: ` ${dateTime(t.createdAt)}` }))));
    $('inspector-pipelines').replaceChildren(...((c.pipelines || []).length ? c.pipelines.map((p) => el('li', {
      text: `${p.name} ${p.runId}: ${p.status}${p.error ? ` (${p.error})` : ''}, ${dateTime(p.createdAt)}` }))
      : [el('li', { class: 'muted', text: 'none' })]));
    result.hidden = false;
  } catch (e) {
    if (e.status !== 401) {
      message.textContent = e.status === 404 ? `No session ${session}.` : refusal(e, 'inspect contexts');
      message.hidden = false;
      result.hidden = true;
    }
  }
}

// ---------- wiring ----------

$('login-form').addEventListener('submit', onLogin);
$('logout').addEventListener('click', () => signOut());
$('saga-status').addEventListener('change', loadSagas);
$('saga-refresh').addEventListener('click', loadSagas);
$('dlq-replay-all').addEventListener('click', () => state.dlqAgent && replay(state.dlqAgent, null));
$('inspector-form').addEventListener('submit', inspect);
$('log-level').addEventListener('change', () => { loadLogs(); connectStream(); });
$('log-agent').addEventListener('change', refilterLogs);
$('log-text').addEventListener('input', refilterLogs);
$('log-clear').addEventListener('click', clearLogs);

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) {
  try {
    const tokens = JSON.parse(saved);
    storeTokens({ access_token: tokens.access_token, refresh_token: tokens.refresh_token,
      expires_in: Math.max(0, Math.round((tokens.expires_at - Date.now()) / 1000)) });
    start();
  } catch {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}
