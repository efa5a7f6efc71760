// Issue 12, checked as a person would in a real browser: an operator stops and starts the route hub-info from the
// Hawtio console, an auditor cannot. Run by ConsoleBrowserIT against a hub it started; runs alone against any hub:
//
//   HUB_BASE_URL=http://127.0.0.1:8080 HUB_OPERATOR=... HUB_AUDITOR=... HUB_PASSWORD=... \
//     SCREENSHOT_DIR=target/screenshots/console-browser node src/test/browser/console-route-lifecycle.mjs
//
// Drives Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium), headless, one fresh profile per user, logged
// in with HTTP Basic. Saves a screenshot after each step, prints one line per step and, last, "RESULT {json}" with
// what it saw. Exits 0 when everything held, 1 otherwise (with a screenshot of the failing page).
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, harness } from './harness.mjs';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROUTE = 'hub-info';
const ROUTE_MBEAN = 'org.apache.camel:context=misybot-hub,type=routes,name="hub-info"';

const { required, log, check, started } = harness('console-browser');

const config = {
  baseUrl: required('HUB_BASE_URL').replace(/\/$/, ''),
  operator: required('HUB_OPERATOR'),
  auditor: required('HUB_AUDITOR'),
  password: required('HUB_PASSWORD'),
  screenshots: process.env.SCREENSHOT_DIR || 'target/screenshots/console-browser',
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  // the console polls Jolokia every few seconds; a loaded 2-core machine makes each poll slow
  timeout: Number(process.env.STEP_TIMEOUT_MS || 90000),
};
const result = { operator: {}, auditor: {} };

/** The Jolokia requests of a console POST (Hawtio sends bulk arrays), or [] when the body is not Jolokia JSON. */
function jolokiaRequests(request) {
  if (request.method() !== 'POST' || !/\/jolokia\/?(\?|$)/.test(request.url())) {
    return [];
  }
  try {
    const body = JSON.parse(request.postData() || 'null');
    return Array.isArray(body) ? body : [body];
  } catch {
    return [];
  }
}

/** Whether a response answers a console POST that executes {@code operation} on hub-info. */
function isRouteOperation(response, operation) {
  return jolokiaRequests(response.request()).some((r) => r.type === 'exec' && r.mbean === ROUTE_MBEAN
    && String(r.operation).replace(/\(.*$/, '') === operation);
}

/** One user's browser: a fresh profile, HTTP Basic credentials, every console POST kept for the report. */
async function openConsole(role, username) {
  const profile = mkdtempSync(join(tmpdir(), `hub-console-${role}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: config.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    httpCredentials: { username, password: config.password },
    viewport: { width: 1400, height: 900 },
  });
  context.setDefaultTimeout(config.timeout);
  const page = context.pages()[0] || await context.newPage();
  const refused = [];
  page.on('response', (response) => {
    if (jolokiaRequests(response.request()).length > 0 && response.status() !== 200) {
      refused.push(response.status());
    }
  });
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, refused, close };
}

/** Screenshot of the page, with hub-info's row scrolled into view when there is one. */
async function screenshot(page, name, row) {
  if (row) {
    // after a stop or start the console rebuilds its tree and the table lists every route again
    await row.scrollIntoViewIfNeeded();
  }
  const path = join(config.screenshots, `${name}.png`);
  await page.screenshot({ path });
  log(`screenshot ${path}`);
}

/**
 * Toast titles Hawtio shows within a few seconds of an action (its feedback), for the report; with a name, a
 * screenshot is taken the moment the toast shows (or when none came), before it fades.
 */
async function toasts(page, name, row) {
  const titles = page.locator('.pf-v6-c-alert-group.pf-m-toast .pf-v6-c-alert__title');
  await titles.first().waitFor({ timeout: 10000 }).catch(() => {});
  if (name) {
    await screenshot(page, name, row);
  }
  return (await titles.allInnerTexts()).map((t) => t.replace(/^\w+ alert:\s*/, '').trim()).filter(Boolean);
}

/**
 * What a person does to reach the route: open the console, open the Camel plugin, filter the tree to hub-info,
 * select the routes folder and open its Routes table. Returns hub-info's row.
 */
async function openRoutesTable(page, role) {
  await page.goto(`${config.baseUrl}/actuator/hawtio/`);
  await page.getByRole('link', { name: 'Camel', exact: true }).click();
  const tree = page.getByRole('tree');
  await tree.getByText('routes', { exact: true }).waitFor();
  await screenshot(page, `${role}-01-camel-plugin`);
  await page.getByRole('searchbox').fill(ROUTE);
  await tree.getByText(ROUTE, { exact: true }).waitFor();
  await tree.getByText('routes', { exact: true }).click();
  await page.getByRole('heading', { name: 'routes', exact: true }).waitFor();
  await openTab(page, 'Routes');
  // the table is a grid: row "Select row 0 hub-info Started 6m51s 0 ...", one gridcell per column
  const row = page.getByRole('row').filter({ has: page.getByRole('gridcell', { name: ROUTE, exact: true }) });
  await row.waitFor();
  return row;
}

/**
 * Opens a tab of the selected node. Selecting a node sends the console to its default tab (Route Diagram) a moment
 * later, on a slow machine after a click on another tab: click until the tab is still the current one a second on.
 */
async function openTab(page, name) {
  const tab = page.getByRole('link', { name, exact: true });
  const deadline = Date.now() + config.timeout;
  for (;;) {
    await tab.click();
    await page.waitForTimeout(1000);
    if (await tab.getAttribute('aria-current') === 'page') {
      return;
    }
    check(Date.now() < deadline, `the ${name} tab did not stay open`);
  }
}

/** Waits until hub-info's row shows {@code state} in the routes table (Hawtio re-reads it every few seconds). */
async function waitForState(row, state) {
  await stateCell(row, state).waitFor();
}

function stateCell(row, state) {
  return row.getByRole('gridcell', { name: state, exact: true });
}

/** Selects hub-info, clicks the button and confirms if asked; returns Jolokia's answer to the operation it sent. */
async function runAction(page, row, button, operation) {
  await row.getByRole('checkbox').check();
  const action = page.getByRole('button', { name: button, exact: true });
  check(await action.isEnabled(), `${button} is disabled for a selected ${ROUTE}`);
  const answer = page.waitForResponse((response) => isRouteOperation(response, operation));
  await action.click();
  // Hawtio 5 stops and starts without asking; a later version's confirmation dialog is answered, not skipped
  const confirm = page.getByRole('dialog').getByRole('button', { name: new RegExp(`^(${button}|Confirm|OK|Yes)$`) });
  const response = await Promise.race([answer, confirm.waitFor({ timeout: 5000 }).then(async () => {
    log(`${button}: confirming the dialog`);
    await confirm.click();
    return answer;
  }, () => answer)]);
  let body = null;
  try {
    body = await response.json();
  } catch {
    // a refusal may carry no JSON
  }
  return { status: response.status(), body };
}

/** The operator stops hub-info, sees it Stopped, starts it, sees it Started. */
async function operatorStopsAndStarts() {
  const { page, refused, close } = await openConsole('operator', config.operator);
  try {
    log(`operator ${config.operator}: opening the console`);
    const row = await openRoutesTable(page, 'operator');
    await waitForState(row, 'Started');
    await screenshot(page, 'operator-02-hub-info-started', row);

    log('operator: selects hub-info and clicks Stop');
    const stop = await runAction(page, row, 'Stop', 'stop');
    const stopItem = Array.isArray(stop.body) ? stop.body[0] : stop.body;
    check(stop.status === 200 && stopItem && stopItem.status === 200,
      `the operator's stop was not executed: HTTP ${stop.status} ${JSON.stringify(stop.body)}`);
    result.operator.stopToasts = await toasts(page);
    await waitForState(row, 'Stopped');
    log(`operator: hub-info shows Stopped (Hawtio said: ${result.operator.stopToasts.join('; ') || 'nothing'})`);
    await screenshot(page, 'operator-03-hub-info-stopped', row);

    log('operator: clicks Start');
    const start = await runAction(page, row, 'Start', 'start');
    const startItem = Array.isArray(start.body) ? start.body[0] : start.body;
    check(start.status === 200 && startItem && startItem.status === 200,
      `the operator's start was not executed: HTTP ${start.status} ${JSON.stringify(start.body)}`);
    result.operator.startToasts = await toasts(page);
    await waitForState(row, 'Started');
    log(`operator: hub-info shows Started again (Hawtio said: ${result.operator.startToasts.join('; ') || 'nothing'})`);
    await screenshot(page, 'operator-04-hub-info-started-again', row);

    check(refused.length === 0, `the console refused some of the operator's requests: HTTP ${refused.join(', ')}`);
    result.operator.stopStatus = stop.status;
    result.operator.startStatus = start.status;
  } catch (e) {
    await screenshot(page, 'operator-failure').catch(() => {});
    throw e;
  } finally {
    await close();
  }
}

/** The auditor reaches the same table; Stop is either not offered or refused with 403, and hub-info stays Started. */
async function auditorCannotStop() {
  const { page, close } = await openConsole('auditor', config.auditor);
  try {
    log(`auditor ${config.auditor}: opening the console`);
    const row = await openRoutesTable(page, 'auditor');
    await waitForState(row, 'Started');
    await row.getByRole('checkbox').check();
    const stopButton = page.getByRole('button', { name: 'Stop', exact: true });
    await screenshot(page, 'auditor-02-hub-info-selected', row);
    if (!(await stopButton.isVisible()) || !(await stopButton.isEnabled())) {
      log('auditor: Stop is not offered');
      result.auditor.stop = 'not offered';
    } else {
      log('auditor: Stop is offered; clicks it');
      const answer = page.waitForResponse((response) => isRouteOperation(response, 'stop'));
      await stopButton.click();
      const response = await answer;
      const problem = await response.json().catch(() => ({}));
      check(response.status() === 403,
        `the auditor's stop was not refused: HTTP ${response.status()} ${JSON.stringify(problem)}`);
      check(String(problem.type).endsWith(':forbidden'), `the refusal is not a forbidden problem: ${JSON.stringify(problem)}`);
      result.auditor.stop = 'refused';
      result.auditor.stopStatus = response.status();
      result.auditor.refusal = problem.detail;
      result.auditor.toasts = await toasts(page, 'auditor-03-stop-refused', row);
      log(`auditor: Jolokia answered 403 (${problem.detail}); Hawtio said: ${result.auditor.toasts.join('; ') || 'nothing'}`);
    }
    // the table's next poll of hub-info, after the refusal, still reads Started
    await page.waitForResponse((response) => jolokiaRequests(response.request())
      .some((r) => r.type === 'read' && r.mbean === ROUTE_MBEAN));
    await page.waitForTimeout(500);
    check(await stateCell(row, 'Started').isVisible(), `${ROUTE} does not show Started after the refusal`);
    log('auditor: hub-info still shows Started');
    await screenshot(page, 'auditor-04-hub-info-still-started', row);
  } catch (e) {
    await screenshot(page, 'auditor-failure').catch(() => {});
    throw e;
  } finally {
    await close();
  }
}

mkdirSync(config.screenshots, { recursive: true });
try {
  await operatorStopsAndStarts();
  await auditorCannotStop();
  result.seconds = Math.round((Date.now() - started) / 1000);
  console.log(`RESULT ${JSON.stringify(result)}`);
} catch (e) {
  console.error(`[console-browser] FAILED: ${e.stack || e}`);
  process.exitCode = 1;
}
