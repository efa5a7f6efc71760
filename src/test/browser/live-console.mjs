// Issue 15, item 5: the live operations console (/console/) checked in a real browser as a person uses it. Run by
// LiveConsoleBrowserIT against a hub it started, which prepared a saga awaiting approval and a healed dead letter:
//
//   HUB_BASE_URL=http://127.0.0.1:8080 HUB_OPERATOR=... HUB_AUDITOR=... HUB_USER=... HUB_PASSWORD=... \
//     AGENT=bus-probe SAGA_RUN_ID=... SAGA_SESSION_ID=... DEAD_LETTER_ID=... \
//     SCREENSHOT_DIR=target/screenshots/live-console \
//     node src/test/browser/live-console.mjs
//
// Some steps need the hub to do something while the browser watches (messages for the paused agent, a log line).
// The script asks on stdout ("NEED <what> {json}") and the test answers on stdin ("GO <what> {json}"), so the
// figures the page shows can be compared with what the test did and when.
//
// Drives Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium), headless, one fresh context per user. Saves a
// screenshot after each step, prints one line per step and, last, "RESULT {json}" with what it saw and how long each
// live change took to show. Exits 0 when everything held, 1 otherwise (with a screenshot of the failing page).
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, harness } from './harness.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const { required, log, check, started } = harness('live-console');

const config = {
  baseUrl: required('HUB_BASE_URL').replace(/\/$/, ''),
  operator: required('HUB_OPERATOR'),
  auditor: required('HUB_AUDITOR'),
  user: required('HUB_USER'),
  password: required('HUB_PASSWORD'),
  agent: process.env.AGENT || 'bus-probe',
  sagaRunId: required('SAGA_RUN_ID'),
  sagaSession: required('SAGA_SESSION_ID'),
  deadLetterId: required('DEAD_LETTER_ID'),
  policy: required('HUB_POLICY'),
  messages: Number(process.env.MESSAGES || 8),
  screenshots: process.env.SCREENSHOT_DIR || 'target/screenshots/live-console',
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  timeout: Number(process.env.STEP_TIMEOUT_MS || 60000),
};
// latencyMs: as measured here; shownAt: epoch ms when the page first showed it (the test compares with its clock)
const result = { operator: {}, auditor: {}, user: {}, latencyMs: {}, shownAt: {}, pageProblems: [] };

// ---------- the test on the other end of stdin/stdout ----------

const answers = [];
const waiting = [];
createInterface({ input: process.stdin }).on('line', (line) => {
  const match = /^GO (\S+) ?(.*)$/.exec(line);
  if (match) {
    const answer = { what: match[1], data: match[2] ? JSON.parse(match[2]) : {} };
    const waiter = waiting.shift();
    if (waiter) {
      waiter(answer);
    } else {
      answers.push(answer);
    }
  }
});

/** Asks the test to do {@code what} and waits for its answer (what it did, with epoch-millisecond times). */
async function ask(what, data = {}) {
  console.log(`NEED ${what} ${JSON.stringify(data)}`);
  const answer = answers.length ? answers.shift() : await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the test did not answer NEED ${what}`)), config.timeout);
    waiting.push((a) => { clearTimeout(timer); resolve(a); });
  });
  check(answer.what === what, `asked for ${what}, the test answered ${answer.what}`);
  return answer.data;
}

// ---------- browser ----------

async function openBrowser() {
  return chromium.launch({ executablePath: config.chromium, headless: true, args: CHROMIUM_ARGS });
}

/** A fresh context (own sessionStorage) signed in through the page's form. */
async function signIn(browser, role, username) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  context.setDefaultTimeout(config.timeout);
  const page = await context.newPage();
  page.on('pageerror', (e) => result.pageProblems.push(`${role}: ${e.message}`));
  page.on('console', (m) => {
    // a CSP violation is reported on the console: inline script or style that the policy refused
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) {
      result.pageProblems.push(`${role}: ${m.text()}`);
    }
  });
  await page.goto(`${config.baseUrl}/console`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(config.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('whoami').filter({ hasText: username }).waitFor();
  return { page, close: () => context.close().catch(() => {}) };
}

async function screenshot(page, name, locator) {
  const path = join(config.screenshots, `${name}.png`);
  if (locator) {
    await locator.scrollIntoViewIfNeeded();
    await locator.screenshot({ path });
  } else {
    await page.screenshot({ path, fullPage: true });
  }
  log(`screenshot ${path}`);
}

function agentRow(page, agent = config.agent) {
  return page.getByTestId(`agent-row-${agent}`);
}

async function cellNumber(row, field) {
  const text = await row.locator(`[data-field="${field}"]`).textContent();
  const n = Number.parseInt(text, 10);
  return Number.isNaN(n) ? null : n;
}

/** Waits (checking every 25 ms) until {@code condition} holds in the page; returns when it first held (epoch ms). */
async function until(page, description, condition, arg) {
  try {
    await page.waitForFunction(condition, arg, { polling: 25, timeout: config.timeout });
  } catch (e) {
    throw new Error(`${description}: not seen within ${config.timeout} ms`);
  }
  return Date.now();
}

// ---------- steps ----------

/** Operator: sign in, see the agents over the live stream. */
async function operatorSeesAgents(browser) {
  const session = await signIn(browser, 'operator', config.operator);
  const { page } = session;
  log(`operator ${config.operator} signed in`);
  await page.getByTestId('stream-state').and(page.locator('[data-state="live"]')).waitFor();
  await agentRow(page).waitFor();
  const agents = await page.locator('#agents-body tr').evaluateAll((rows) => rows.map((r) => r.dataset.agent));
  result.operator.agents = agents;
  result.operator.role = await page.getByTestId('whoami').textContent();
  log(`operator sees ${agents.length} agents: ${agents.join(', ')}`);
  return session;
}

/**
 * Pause: the agent shows paused; the test posts messages one by one and the queue's ready count grows on the page;
 * resume: it drains to 0.
 */
async function pauseFillResume(page) {
  const row = agentRow(page);
  check(await row.getAttribute('data-status') !== 'paused', `${config.agent} is paused before the test`);
  await page.getByLabel(/^Reason for pause/).fill('live console test');
  const clicked = Date.now();
  await page.getByTestId(`pause-${config.agent}`).click();
  await until(page, `${config.agent} shown paused`,
    (agent) => document.querySelector(`[data-testid="agent-row-${agent}"]`)?.dataset.status === 'paused', config.agent);
  result.latencyMs.pauseShown = Date.now() - clicked;
  // consumers leave the broker's queue a moment after the route is suspended; the stream shows it
  await until(page, `${config.agent} with no consumer`, (agent) => document
    .querySelector(`[data-testid="agent-row-${agent}"] [data-field="consumers"]`)?.textContent === '0', config.agent);
  log(`operator paused ${config.agent} (shown after ${result.latencyMs.pauseShown} ms); asking for messages`);

  // every ready count the page shows while the messages arrive, read every 50 ms
  const readyValues = [];
  let watching = true;
  const note = (n) => {
    if (n !== null && readyValues[readyValues.length - 1] !== n) {
      readyValues.push(n);
    }
  };
  const watch = setInterval(async () => {
    const n = await cellNumber(row, 'ready').catch(() => null);
    if (watching) {
      note(n);
    }
  }, 50);
  const sent = await ask('messages', { agent: config.agent, count: config.messages });
  await until(page, 'the first message shown in the queue', (agent) => Number.parseInt(document
    .querySelector(`[data-testid="agent-row-${agent}"] [data-field="ready"]`)?.textContent, 10) >= 1, config.agent);
  result.shownAt.firstMessage = Date.now();
  result.latencyMs.firstMessageShown = result.shownAt.firstMessage - sent.firstSentAt;
  await until(page, `${config.messages} messages shown waiting`, ([agent, n]) => Number.parseInt(document
    .querySelector(`[data-testid="agent-row-${agent}"] [data-field="ready"]`)?.textContent, 10) === n,
  [config.agent, config.messages]);
  result.shownAt.allMessages = Date.now();
  watching = false;
  clearInterval(watch);
  note(config.messages);
  result.operator.readyWhilePaused = readyValues;
  log(`queue of ${config.agent} grew on the page: ${readyValues.join(' → ')}`);
  await screenshot(page, 'operator-02-agent-paused-queue-growing', page.getByTestId('panel-agents'));

  await page.getByTestId(`resume-${config.agent}`).click();
  await until(page, `${config.agent} shown running again`,
    (agent) => document.querySelector(`[data-testid="agent-row-${agent}"]`)?.dataset.status !== 'paused', config.agent);
  const resumed = Date.now();
  await until(page, `${config.agent}'s queue drained`, (agent) => document
    .querySelector(`[data-testid="agent-row-${agent}"] [data-field="ready"]`)?.textContent === '0', config.agent);
  result.operator.drainedMs = Date.now() - resumed;
  result.operator.statusAfterResume = await row.getAttribute('data-status');
  log(`operator resumed ${config.agent}: drained in ${result.operator.drainedMs} ms, status ${result.operator.statusAfterResume}`);
  await screenshot(page, 'operator-03-agent-resumed-drained', page.getByTestId('panel-agents'));
}

/** The run the test left awaiting approval: listed, approved with a reason, gone from the awaiting list. */
async function approveSaga(page) {
  const card = page.getByTestId(`saga-${config.sagaRunId}`);
  await page.getByTestId('saga-status').selectOption('AWAITING_APPROVAL');
  await card.waitFor();
  const reasonBox = page.getByTestId(`saga-reason-${config.sagaRunId}`);
  const reasonText = 'disclosure checked by the live console test';
  await reasonBox.fill(reasonText);
  await screenshot(page, 'operator-04-saga-awaiting-approval', page.getByTestId('panel-sagas'));
  // the list re-renders on every stream event; the page keeps a typed reason, and if a re-render raced the typing
  // the test types it again (as a person would) and says so
  for (let i = 0; i < 3 && await reasonBox.inputValue() !== reasonText; i++) {
    log('the reason was not kept by a re-render: typing it again');
    await reasonBox.fill(reasonText);
  }
  log(`reason before approving: '${await page.getByTestId(`saga-reason-${config.sagaRunId}`).inputValue()}'`);
  const approval = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/approve'));
  await page.getByTestId(`approve-${config.sagaRunId}`).click();
  log(`approve request: ${(await approval).url()}`);
  await page.getByTestId('notice').filter({ hasText: 'approve accepted' }).waitFor();
  await card.waitFor({ state: 'detached' });
  result.operator.sagaNotice = await page.getByTestId('notice').textContent();
  log(`operator approved run ${config.sagaRunId}: ${result.operator.sagaNotice}`);
}

/** The healed dead letter: listed under its agent, replayed, gone from the list and the count. */
async function replayDeadLetter(page) {
  const agentButton = page.getByTestId(`dlq-agent-${config.agent}`);
  await until(page, `a dead letter counted for ${config.agent}`, (agent) => Number(document
    .querySelector(`[data-testid="dlq-agent-${agent}"]`)?.dataset.count) >= 1, config.agent);
  await agentButton.click();
  const letter = page.getByTestId(`letter-${config.deadLetterId}`);
  await letter.waitFor();
  result.operator.deadLetterText = (await letter.textContent()).replace(/\s+/g, ' ').trim();
  await screenshot(page, 'operator-05-dead-letter', page.getByTestId('panel-dlq'));
  await page.getByTestId(`replay-${config.deadLetterId}`).click();
  await page.getByTestId('notice').filter({ hasText: '1 replayed' }).waitFor();
  await letter.waitFor({ state: 'detached' });
  await until(page, `no dead letter counted for ${config.agent}`, (agent) => document
    .querySelector(`[data-testid="dlq-agent-${agent}"]`)?.dataset.count === '0', config.agent);
  log(`operator replayed dead letter ${config.deadLetterId}`);
}

/** The test writes a log line with a marker; it appears in the live log within 1 s of being written. */
async function seeLogLine(page) {
  await page.getByLabel('Contains').fill('');
  // letters only: the log's masking never mistakes it for a number
  const marker = `live-console-marker-${Array.from({ length: 10 }, () => String.fromCharCode(97
    + Math.floor(Math.random() * 26))).join('')}`;
  const logged = await ask('log', { marker });
  await until(page, `log line ${marker}`, (text) => [...document.querySelectorAll('[data-testid="log-line"]')]
    .some((li) => li.textContent.includes(text)), marker);
  result.shownAt.logLine = Date.now();
  result.latencyMs.logLineShown = result.shownAt.logLine - logged.loggedAt;
  log(`the log line appeared ${result.latencyMs.logLineShown} ms after it was written`);
  await page.getByLabel('Contains').fill(marker);
  await screenshot(page, 'operator-06-live-log-line', page.getByTestId('panel-logs'));
  await page.getByLabel('Contains').fill('');
  result.operator.logMarker = marker;
}

/** The context inspector: the run's session, with its owner's run listed among its pipelines. */
async function inspectSession(page) {
  await page.getByLabel('Session id').fill(config.sagaSession);
  await page.getByRole('button', { name: 'Inspect' }).click();
  const inspected = page.getByTestId('inspector-result');
  await inspected.filter({ hasText: config.sagaRunId }).waitFor();
  result.operator.inspected = {
    session: await inspected.locator('[data-field="session"]').textContent(),
    pipelines: (await page.locator('#inspector-pipelines').textContent()).replace(/\s+/g, ' ').trim(),
    turns: await page.locator('#inspector-turns li').count(),
  };
  await screenshot(page, 'operator-07-context-inspector', page.getByTestId('panel-inspector'));
  log(`operator inspected ${config.sagaSession}: ${result.operator.inspected.pipelines}`);
}

/**
 * Semantic memory's backlog: the line under the charts shows what GET /admin/metrics says (turns and artifacts still
 * to embed, or up to date). Other hub contexts of the test run embed turns in the background against the same
 * database, so the figures are read, not steered.
 */
async function seeEmbeddingBacklog(page) {
  await until(page, 'semantic memory\'s backlog shown', () => {
    const line = document.querySelector('[data-testid="embeddings-summary"]');
    return line && /^\d+$/.test(line.dataset.pendingTurns || '') && /^\d+$/.test(line.dataset.pendingArtifacts || '');
  });
  const line = page.getByTestId('embeddings-summary');
  result.operator.embeddings = { text: await line.textContent(),
    pendingTurns: Number(await line.getAttribute('data-pending-turns')),
    pendingArtifacts: Number(await line.getAttribute('data-pending-artifacts')) };
  await screenshot(page, 'operator-09-embeddings', page.getByTestId('panel-charts'));
  log(`semantic memory's backlog shown: ${result.operator.embeddings.text}`);
}

/** Policies: the candidate version the test stored is activated from its card, which then shows it active. */
async function activatePolicy(page) {
  const card = page.getByTestId(`policy-${config.policy}`);
  await card.waitFor();
  await card.locator('summary').click();
  await card.getByTestId(`activate-${config.policy}-v1`).click();
  await page.locator(`[data-policy="${config.policy}"][data-active="1"]`).waitFor();
  const version = page.getByTestId(`policy-${config.policy}-v1`);
  result.operator.policy = {
    active: await page.getByTestId(`policy-${config.policy}`).getAttribute('data-active'),
    status: await version.getAttribute('data-status'),
    text: (await version.textContent()).replace(/\s+/g, ' ').trim(),
    shipped: await page.getByTestId('policy-default').getAttribute('data-active'),
  };
  await screenshot(page, 'operator-08-policy-activated', page.getByTestId('panel-policies'));
  log(`operator activated policy ${config.policy} v1: ${result.operator.policy.text}`);
}

/** Log out: back to the sign-in form, the tokens gone from the tab. */
async function logOut(page) {
  await page.getByTestId('logout').click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  result.operator.tokensAfterLogout = await page.evaluate(() => sessionStorage.getItem('hub.console.tokens'));
  result.operator.panelsAfterLogout = await page.locator('#console').isVisible();
}

/** Auditor: the same panels, no action button; refused panels say so; the API refuses its pause with 403. */
async function auditorReadsOnly(browser) {
  const { page, close } = await signIn(browser, 'auditor', config.auditor);
  try {
    log(`auditor ${config.auditor} signed in`);
    await page.getByTestId('stream-state').and(page.locator('[data-state="live"]')).waitFor();
    await agentRow(page).waitFor();
    await page.getByTestId('sagas-message').filter({ hasText: '403' }).waitFor();
    await page.getByTestId('dlq-message').filter({ hasText: '403' }).waitFor();
    result.auditor.sagasMessage = await page.getByTestId('sagas-message').textContent();
    result.auditor.deadLettersMessage = await page.getByTestId('dlq-message').textContent();
    await page.locator('#policies-list > li').first().waitFor();
    result.auditor.actionButtons = await page.locator('#console button:visible')
      .evaluateAll((buttons) => buttons.map((b) => b.textContent.trim())
        .filter((t) => /^(Pause|Resume|Restart|Approve|Reject|Replay|Replay all|Discard|Activate)$/.test(t)));
    result.auditor.policies = await page.locator('#policies-list > li').count();
    result.auditor.agentsShown = await page.locator('#agents-body tr').count();
    await screenshot(page, 'auditor-01-read-only');
    // the same call the operator's button makes, with the auditor's own token from the page
    result.auditor.pauseAttempt = await page.evaluate(async (agent) => {
      const tokens = JSON.parse(sessionStorage.getItem('hub.console.tokens'));
      const response = await fetch(`/api/v1/admin/agents/${agent}/pause?reason=auditor%20tries`, {
        method: 'POST', headers: { Authorization: `Bearer ${tokens.access_token}` } });
      return { status: response.status, contentType: response.headers.get('Content-Type'),
        problem: await response.json().catch(() => null) };
    }, config.agent);
    log(`auditor: ${result.auditor.actionButtons.length} action buttons; pause through the API answered `
      + `${result.auditor.pauseAttempt.status}`);
  } catch (e) {
    await screenshot(page, 'auditor-failure').catch(() => {});
    throw e;
  } finally {
    await close();
  }
}

/** A plain user is told the console is not for them, and sees no panel. */
async function userIsTurnedAway(browser) {
  const { page, close } = await signIn(browser, 'user', config.user);
  try {
    await page.getByTestId('not-for-you').waitFor();
    result.user.message = (await page.getByTestId('not-for-you').textContent()).replace(/\s+/g, ' ').trim();
    result.user.panelsVisible = await page.locator('#console').isVisible();
    await screenshot(page, 'user-01-not-for-you');
  } finally {
    await close();
  }
}

mkdirSync(config.screenshots, { recursive: true });
const browser = await openBrowser();
let operatorPage = null;
try {
  const operator = await operatorSeesAgents(browser);
  operatorPage = operator.page;
  await screenshot(operatorPage, 'operator-01-console');
  await pauseFillResume(operatorPage);
  await approveSaga(operatorPage);
  await replayDeadLetter(operatorPage);
  await seeLogLine(operatorPage);
  await inspectSession(operatorPage);
  await activatePolicy(operatorPage);
  await seeEmbeddingBacklog(operatorPage);
  await screenshot(operatorPage, 'operator-10-console-after');
  await logOut(operatorPage);
  await operator.close();
  operatorPage = null;
  await auditorReadsOnly(browser);
  await userIsTurnedAway(browser);
  result.seconds = Math.round((Date.now() - started) / 1000);
  console.log(`RESULT ${JSON.stringify(result)}`);
} catch (e) {
  if (operatorPage) {
    await screenshot(operatorPage, 'operator-failure').catch(() => {});
  }
  console.error(`[live-console] FAILED: ${e.stack || e}`);
  console.log(`RESULT ${JSON.stringify({ ...result, failed: String(e.message || e) })}`);
  process.exitCode = 1;
} finally {
  await browser.close().catch(() => {});
  process.stdin.destroy();
}
