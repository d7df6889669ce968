// End-to-end test of the explorer page: Debian's Chromium, headless, driven
// by playwright-core (which downloads no browser of its own).
//
//	node tools/e2e-explore/explore.mjs BASE_URL [SCREENSHOT]
//
// BASE_URL is a running kg serve, e.g. http://127.0.0.1:8080; the
// screenshot goes to SCREENSHOT, or $E2E_SCREENSHOT, or explore.png. The
// browser is $CHROMIUM or /usr/bin/chromium. On the seeds it: opens
// /explore/, types `suzhou` and picks 苏州 as the city with Enter, types
// `pfzd` and picks 皮肤紫癜, sees 苏州大学附属第一医院 drawn in the graph
// and listed, clicks its node and sees its evidence (snippet, document,
// item, date), saves a screenshot, double-clicks the node to expand its
// neighbourhood, exports CSV and PNG, hides a kind, finds the paths from
// the hospital to 家庭共济, toggles English, and walks the graph with the
// arrow keys. It fails if the page requests anything from another host,
// or logs an error (a CSP violation is one).
import { chromium } from 'playwright-core';

const base = (process.argv[2] || process.env.E2E_BASE_URL || '').replace(/\/+$/, '');
const shot = process.argv[3] || process.env.E2E_SCREENSHOT || 'explore.png';
if (!base) {
  console.error('usage: node explore.mjs BASE_URL [SCREENSHOT]');
  process.exit(2);
}
const origin = new URL(base).origin;
const HOSPITAL = '苏州大学附属第一医院';

// nodeAt runs in the page: where on the screen the node labelled name is.
const nodeAt = (name) => {
  const { cy } = window.__explore;
  const n = cy.nodes().filter((x) => x.data('label') === name)[0];
  const p = n.renderedPosition();
  const r = cy.container().getBoundingClientRect();
  return { x: r.left + p.x, y: r.top + p.y };
};

const outside = [];
const errors = [];
const steps = [];
const step = (s) => { steps.push(s); console.log('e2e:', s); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
});
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  // Anything not from the server is recorded and never reaches the network.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:') && u.origin !== origin) {
      outside.push(u.href);
      return route.abort();
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('requestfailed', (r) => { if (new URL(r.url()).origin === origin) errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });

  step('open /explore/');
  await page.goto(`${base}/explore/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__explore && window.__explore.cy);
  // The overview loads from stats.
  await page.locator('#overview-body details').first().waitFor();

  step('type suzhou, pick 苏州 as the city');
  const search = page.locator('#search');
  await search.click();
  await search.pressSequentially('suzhou', { delay: 40 });
  const city = page.locator('#suggestions li[data-id="City/苏州"]');
  await city.waitFor();
  // Enter picks the active suggestion: walk to 苏州 with the arrow keys.
  for (let i = 0; i < 12 && (await city.getAttribute('aria-selected')) !== 'true'; i++) await search.press('ArrowDown');
  await search.press('Enter');
  await page.locator('#place-chip', { hasText: '苏州' }).waitFor();

  step('type pfzd, pick 皮肤紫癜');
  await search.pressSequentially('pfzd', { delay: 40 });
  await page.locator('#suggestions li[data-id="Symptom/皮肤紫癜"]').click();
  await page.locator('#symptom-chip', { hasText: '皮肤紫癜' }).waitFor();

  step(`see ${HOSPITAL} drawn and listed`);
  await page.waitForFunction((name) => window.__explore.cy.nodes().some((n) => n.data('label') === name), HOSPITAL);
  await page.locator('#ranking li', { hasText: HOSPITAL }).waitFor();
  const drawn = await page.evaluate(() => window.__explore.cy.nodes().map((n) => n.data('label')));
  if (!drawn.includes('皮肤紫癜') || !drawn.includes('苏州')) throw new Error(`graph lacks the symptom or the city: ${drawn.join(', ')}`);

  step(`click ${HOSPITAL} in the graph, see its evidence`);
  await page.locator('#cy').scrollIntoViewIfNeeded();
  const at = await page.evaluate(nodeAt, HOSPITAL);
  await page.mouse.click(at.x, at.y);
  await page.locator('#details-body h3.name', { hasText: HOSPITAL }).waitFor();
  const evidence = page.locator('#details-body .evidence li').filter({ hasText: HOSPITAL }).first();
  await evidence.waitFor();
  const src = await evidence.locator('.src').textContent();
  if (!/\d{4}-\d{2}-\d{2}/.test(src) || !/\.txt/.test(src)) throw new Error(`evidence without date or document: ${src}`);
  console.log('e2e: evidence', (await evidence.locator('blockquote').textContent()).slice(0, 60), '|', src);

  step(`screenshot to ${shot}`);
  await page.screenshot({ path: shot, fullPage: true });

  step('double-click expands the neighbourhood');
  const before = await page.evaluate(() => window.__explore.cy.nodes().length);
  const at2 = await page.evaluate(nodeAt, HOSPITAL);
  await page.mouse.dblclick(at2.x, at2.y);
  await page.waitForFunction((n) => window.__explore.cy.nodes().length > n, before);

  step('export CSV and PNG of what is on screen');
  const csv = await page.evaluate(() => window.__explore.linksCSV());
  if (!csv.includes(`"${HOSPITAL}","RECOMMENDED_FOR"`)) throw new Error('CSV lacks the recommendation');
  for (const [button, name] of [['#export-csv', 'medkg-links.csv'], ['#export-png', 'medkg-explore.png']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    if (download.suggestedFilename() !== name) throw new Error(`download ${download.suggestedFilename()}`);
  }

  step('hide departments with the kind filter');
  await page.locator('#kinds input[value="DEPARTMENT"]').uncheck();
  // Cytoscape restyles on its next frame.
  await page.waitForFunction(() => window.__explore.cy.nodes('[kind = "DEPARTMENT"]').every((n) => !n.visible()));
  await page.locator('#kinds input[value="DEPARTMENT"]').check();

  step('path from the hospital to 家庭共济');
  await page.locator('#details-body button', { hasText: '设为起点' }).click();
  await search.pressSequentially('家庭共济', { delay: 20 });
  await page.locator('#suggestions li[data-id="InsurancePolicy/家庭共济"]').waitFor();
  await search.press('Enter');
  await page.locator('#details-body h3.name', { hasText: '家庭共济' }).waitFor();
  await page.locator('#details-body button', { hasText: '设为终点' }).click();
  await page.locator('#find-paths').click();
  await page.locator('#paths li', { hasText: '家庭共济' }).first().waitFor();

  step('English toggle');
  await page.locator('#lang').click();
  await page.locator('h1', { hasText: 'Medical knowledge graph explorer' }).waitFor();
  await page.locator('#lang').click();
  await page.locator('h1', { hasText: '医疗知识图谱浏览器' }).waitFor();

  step('keyboard: arrows walk the graph');
  await page.locator('#cy').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => {
    const { cy, state } = window.__explore;
    return state.selected && cy.getElementById(state.selected).selected();
  });
  await page.locator('#details-body h3.name').waitFor();
} catch (err) {
  failed = true;
  console.error(`e2e: FAIL after "${steps.at(-1)}": ${err.message}`);
} finally {
  await browser.close();
}
if (outside.length) {
  failed = true;
  console.error('e2e: FAIL: requests outside the server:\n  ' + [...new Set(outside)].join('\n  '));
}
if (errors.length) {
  failed = true;
  console.error('e2e: FAIL: errors in the page:\n  ' + errors.join('\n  '));
}
console.log(failed ? 'e2e: 0 passed, 1 failed' : 'e2e: 1 passed, 0 failed');
process.exit(failed ? 1 : 0);
