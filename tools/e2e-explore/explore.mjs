// End-to-end test of the explorer page: Debian's Chromium, headless, driven
// by playwright-core (which downloads no browser of its own), checked with
// axe-core.
//
//	node tools/e2e-explore/explore.mjs BASE_URL [SHOTS_DIR]
//
// BASE_URL is a running kg serve on the seeds, e.g. http://127.0.0.1:8080.
// The views it passes through are saved as PNGs in SHOTS_DIR (or
// $E2E_SHOTS, or the system's temporary folder); docs/explore/ holds the
// copies the README shows (tools/e2e-explore/screenshots.sh). The browser
// is $CHROMIUM or /usr/bin/chromium.
//
// At 1440×900, and again at 390×844 (a phone: touch, small screen), it:
// searches by pinyin and picks a city and a symptom; checks that no two
// labels overlap and no edge crosses a label (two at most), and that the
// ranking explains itself (documents, items, passages, dates, ties, "why
// first") in the API's order; opens a hospital's evidence (item and date
// first, the names marked, the document); opens the passage in the
// document view (the whole text, every fact marked, the passage in view);
// checks the URL holds the view, and that reload, back and forward restore
// it; expands a node (new nodes marked, labels at least 11 px), fits the
// view, walks the graph by keyboard (the choice stays on screen); exports
// the ranking CSV, the links CSV (kinds in words) and a PNG with a title
// and legend; hides a kind; sets both path ends from search and finds
// paths with the ranking kept; opens a province in the overview (its city
// rows add up to its count) and filters by the whole province; asks for a
// city with no recommendation; switches to English (pinyin beside names,
// correct plurals). At 390×844 it also checks that the results come into
// view after a choice, the graph is full width, and an overview city shows
// its results. On every view it runs axe-core, and it fails on any serious
// or critical violation, any request outside the server, any console error
// (a CSP violation is one) and any HTTP error.
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const base = (process.argv[2] || process.env.E2E_BASE_URL || '').replace(/\/+$/, '');
const shots = process.argv[3] || process.env.E2E_SHOTS || tmpdir();
if (!base) {
  console.error('usage: node explore.mjs BASE_URL [SHOTS_DIR]');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const origin = new URL(base).origin;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const HOSPITAL = '苏州大学附属第一医院';

// nodeAt runs in the page: where on the screen the node labelled name is.
const nodeAt = (name) => {
  const { cy } = window.__explore;
  const n = cy.nodes().filter((x) => x.data('label') === name)[0];
  const p = n.renderedPosition();
  const r = cy.container().getBoundingClientRect();
  return { x: r.left + p.x, y: r.top + p.y };
};

// legibility runs in the page: how many pairs of labels on screen overlap,
// and how many edges cross a label of a node they do not join (an edge as
// the straight line between its ends).
const legibility = () => {
  const { cy } = window.__explore;
  const shown = cy.nodes().filter((n) => n.visible() && Number(n.renderedStyle('text-opacity')) > 0);
  const box = (n) => n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
  const boxes = shown.map((n) => ({ id: n.id(), b: box(n) }));
  const meet = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  let labels = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (meet(boxes[i].b, boxes[j].b)) labels++;
  // Does the segment p–q cross the box? Sample it: labels are small.
  const crosses = (p, q, b) => {
    for (let k = 1; k < 40; k++) {
      const x = p.x + ((q.x - p.x) * k) / 40; const y = p.y + ((q.y - p.y) * k) / 40;
      if (x > b.x1 && x < b.x2 && y > b.y1 && y < b.y2) return true;
    }
    return false;
  };
  let edges = 0;
  cy.edges().filter((e) => e.visible()).forEach((e) => {
    const [p, q] = [e.source().renderedPosition(), e.target().renderedPosition()];
    for (const { id, b } of boxes) if (id !== e.source().id() && id !== e.target().id() && crosses(p, q, b)) edges++;
  });
  return { nodes: shown.length, labels, edges };
};

const outside = [];
const errors = [];
const steps = [];
const step = (s) => { steps.push(s); console.log('e2e:', s); };
const check = (ok, msg) => { if (!ok) throw new Error(msg); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

async function newPage(viewport, extra = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true, ...extra });
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
  page.on('requestfailed', (r) => {
    const f = r.failure()?.errorText || '';
    // A download's blob and a navigation away end their requests early.
    if (new URL(r.url()).origin === origin && !/ERR_ABORTED/.test(f)) errors.push(`request failed: ${r.url()} ${f}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  return page;
}

// axe runs axe-core on the page as it is and fails on a serious or
// critical violation. It is evaluated through the DevTools protocol, which
// the page's CSP does not govern, so the page's own policy stays on.
async function axe(page, view) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const { passes, violations } = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return {
      passes: r.passes.length,
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })),
    };
  });
  console.log(`e2e: axe ${view}: ${passes} rules pass, ${violations.length} violated`);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations) console.log(`e2e: axe ${view}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
  check(!bad.length, `axe on ${view}: ${bad.map((v) => `${v.impact} ${v.id} at ${v.nodes.join(', ')}`).join('; ')}`);
}

async function pick(page, text, id) {
  const search = page.locator('#search');
  await search.fill('');
  await search.pressSequentially(text, { delay: 30 });
  const item = page.locator(`#suggestions li[data-id="${id}"]`);
  await item.waitFor();
  // Enter picks the active suggestion: walk to it with the arrow keys.
  for (let i = 0; i < 12 && (await item.getAttribute('aria-selected')) !== 'true'; i++) await search.press('ArrowDown');
  await search.press('Enter');
}

const rankingRows = (page) => page.evaluate(() => window.__explore.rankingCSV());

// open opens the explorer in a new page and checks it as it first shows.
async function open(who, viewport, extra) {
  const page = await newPage(viewport, extra);
  step(`${who}: open /explore/`);
  await page.goto(`${base}/explore/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__explore && window.__explore.cy);
  await page.locator('#overview-body details').first().waitFor();
  await axe(page, `the ${who} page`);
  return page;
}

// flow runs every flow of the page at one screen size; who names it in the
// steps and the screenshots.
async function flow(who, viewport, extra) {
  const page = await open(who, viewport, extra);
  // The references are of the desktop; the phone's is taken by phone().
  const shot = (name) => (who === 'desktop' ? page.screenshot({ path: join(shots, `explore-${name}.png`) }) : null);
  // clickNode clicks (or double-clicks) a node where it shows, the graph
  // scrolled into view first (on a phone it is below the controls).
  const clickNode = async (name, double = false) => {
    await page.locator('#cy').scrollIntoViewIfNeeded();
    const p = await page.evaluate(nodeAt, name);
    await (double ? page.mouse.dblclick(p.x, p.y) : page.mouse.click(p.x, p.y));
  };

  step(`${who}: pick 苏州 by pinyin, then 皮肤紫癜 by initials`);
  await pick(page, 'suzhou', 'City/苏州');
  await page.locator('#place-chip', { hasText: '苏州' }).waitFor();
  await pick(page, 'pfzd', 'Symptom/皮肤紫癜');
  await page.locator('#symptom-chip', { hasText: '皮肤紫癜' }).waitFor();
  await page.locator('#ranking li', { hasText: HOSPITAL }).waitFor();

  step(`${who}: the ranking explains itself, in the API's order`);
  const rows = await page.locator('#ranking li .support').allTextContents();
  check(rows.length >= 2 && rows.every((r) => /\d+ 篇文档 · \d+ 个条目 · \d+ 段依据/.test(r) && /\d{4}-\d{2}-\d{2}/.test(r)), `ranking rows: ${rows.join(' | ')}`);
  const csv = (await rankingRows(page)).trim().split('\r\n').slice(1).map((l) => JSON.parse(`[${l.replace(/^\ufeff/, '')}]`));
  const key = (r) => [Number(r[5]), Number(r[6]), Number(r[7])];
  for (let i = 1; i < csv.length; i++) {
    const [a, b] = [key(csv[i - 1]), key(csv[i])];
    const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    check(cmp > 0 || (cmp === 0 && csv[i - 1][10] && csv[i][10] && csv[i - 1][1] < csv[i][1]), `rows ${i} and ${i + 1} out of order or tie unmarked: ${csv[i - 1]} / ${csv[i]}`);
  }
  const legible = await page.evaluate(legibility);
  console.log(`e2e: ranking laid out: ${legible.nodes} labelled nodes, ${legible.labels} pairs of labels overlap, ${legible.edges} edge–label crossings`);
  check(legible.labels === 0 && legible.edges <= 2, `labels overlap (${legible.labels} pairs) or edges cross labels (${legible.edges})`);
  const why = await page.locator('#why-first').textContent();
  check(why.includes('第一名') && /篇|条目|段|并列|唯一/.test(why), `why first: ${why}`);
  check(new URL(page.url()).searchParams.get('symptom') === 'Symptom/皮肤紫癜' && new URL(page.url()).searchParams.get('place') === 'City/苏州', `URL ${page.url()}`);

  step(`${who}: click ${HOSPITAL}, see its evidence`);
  await clickNode(HOSPITAL);
  await page.locator('#details-body h3.name', { hasText: HOSPITAL }).waitFor();
  const ev = page.locator('#details-body .evidence li').filter({ has: page.locator('mark') }).first();
  await ev.waitFor();
  const [item, marks, src] = [await ev.locator('.item').textContent(), await ev.locator('mark').allTextContents(), await ev.locator('.src').textContent()];
  check(/\d{4}-\d{2}-\d{2}|无日期/.test(item) && marks.some((m) => m === HOSPITAL || m === '皮肤紫癜') && /\.txt/.test(src), `evidence: ${item} | ${marks} | ${src}`);
  check(new URL(page.url()).searchParams.get('selected') === `Hospital/${HOSPITAL}`, `URL after selecting: ${page.url()}`);
  await axe(page, 'a ranking with details');
  await shot('desktop');

  step(`${who}: the passage in its document: the whole text, every fact marked, the passage in view`);
  const snippet = await ev.locator('blockquote').textContent();
  await ev.locator('a', { hasText: '在文档中查看' }).click();
  await page.waitForURL(/\/explore\/doc\/000_3cbbde8086c57167\.txt\?/);
  const target = page.locator('#text .target').first();
  await target.waitFor();
  const targetText = (await page.locator('#text .target').allTextContents()).join('');
  check(targetText === snippet, `target ${targetText} is not the passage ${snippet}`);
  check(await target.isVisible() && (await target.boundingBox()).y < viewport.height, 'the passage is not scrolled into view');
  const facts = await page.locator('#facts li').count();
  const kinds = await page.evaluate(() => [...new Set([...document.querySelectorAll('#text mark.ent')].map((m) => m.className.match(/k-\w+/)[0]))]);
  check(facts > 50 && kinds.includes('k-HOSPITAL') && kinds.includes('k-SYMPTOM') && await page.locator('#text .rel').count() > 0, `${facts} facts, kinds ${kinds}`);
  await axe(page, 'the document view');
  await shot('document');
  await page.goBack();
  await page.locator('#details-body h3.name', { hasText: HOSPITAL }).waitFor();

  step(`${who}: reload restores the view`);
  await page.reload({ waitUntil: 'load' });
  await page.locator('#ranking li', { hasText: HOSPITAL }).waitFor();
  await page.locator('#details-body h3.name', { hasText: HOSPITAL }).waitFor();
  await page.locator('#place-chip', { hasText: '苏州' }).waitFor();

  step(`${who}: double-click expands; new nodes are marked, labels stay 11 px or more`);
  const before = await page.evaluate(() => window.__explore.cy.nodes().length);
  await clickNode(HOSPITAL, true);
  await page.waitForFunction((n) => window.__explore.cy.nodes().length > n, before);
  const fresh = await page.evaluate(() => window.__explore.cy.nodes('.fresh').length);
  check(fresh > 0, 'no node marked new after expanding');
  const smallest = await page.evaluate(() => {
    const { cy } = window.__explore;
    const shown = cy.nodes().filter((n) => n.visible() && Number(n.renderedStyle('text-opacity')) > 0);
    return Math.min(...shown.map((n) => parseFloat(n.renderedStyle('font-size'))));
  });
  check(smallest >= 10.9, `a label shows at ${smallest} px`);
  const expanded = await page.evaluate(legibility);
  console.log(`e2e: expanded: ${expanded.nodes} labelled nodes, ${expanded.labels} pairs of labels overlap, ${expanded.edges} edge–label crossings`);

  step(`${who}: fit to view`);
  await page.evaluate(() => window.__explore.cy.zoom(3));
  await page.locator('#fit').click();
  const inside = await page.evaluate(() => {
    const { cy } = window.__explore;
    const bb = cy.nodes().not('.hidden').renderedBoundingBox();
    return bb.x1 >= -1 && bb.y1 >= -1 && bb.x2 <= cy.width() + 1 && bb.y2 <= cy.height() + 1;
  });
  check(inside, 'fit leaves nodes outside the view');

  step(`${who}: keyboard: arrows walk the graph, the choice stays on screen`);
  await page.locator('#cy').focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(300); // the pan's animation
  const onScreen = await page.evaluate(() => {
    const { cy, state } = window.__explore;
    const n = cy.getElementById(state.selected);
    const bb = n.renderedBoundingBox({ includeLabels: true });
    return n.selected() && bb.x1 >= -1 && bb.y1 >= -1 && bb.x2 <= cy.width() + 1 && bb.y2 <= cy.height() + 1;
  });
  check(onScreen, 'the node chosen by keyboard is off screen or not selected');

  step(`${who}: exports: ranking CSV, links CSV, PNG with a header`);
  const links = await page.evaluate(() => window.__explore.linksCSV());
  check(links.includes(`"医院","${HOSPITAL}","推荐就诊","症状"`), 'links CSV lacks the recommendation in words');
  const ranking = await rankingRows(page);
  check(ranking.startsWith('\ufeff"rank","hospital","city","province"') && ranking.includes(HOSPITAL), 'ranking CSV');
  for (const [button, name] of [['#export-ranking', 'medkg-ranking.csv'], ['#export-csv', 'medkg-links.csv'], ['#export-png', 'medkg-explore.png']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    check(download.suggestedFilename() === name, `download ${download.suggestedFilename()}`);
    if (name.endsWith('.png')) {
      const png = readFileSync(await download.path());
      const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      const graph = await page.evaluate(() => { const { cy } = window.__explore; return cy.png({ output: 'base64', full: true, scale: 2 }).length; });
      check(png.subarray(1, 4).toString() === 'PNG' && w >= 1440 && h > 192 && graph > 0, `PNG ${w}×${h}`);
    }
  }

  step(`${who}: hide departments with the kind filter`);
  await page.locator('#kinds input[value="DEPARTMENT"]').uncheck();
  await page.waitForFunction(() => window.__explore.cy.nodes('[kind = "DEPARTMENT"]').every((n) => !n.visible()));
  await page.locator('#kinds input[value="DEPARTMENT"]').check();

  step(`${who}: both path ends from search; paths keep the ranking`);
  await page.locator('#search-use').selectOption('from');
  await pick(page, 'szdxfsdyyy', `Hospital/${HOSPITAL}`);
  await page.locator('#path-from', { hasText: HOSPITAL }).waitFor();
  await page.locator('#search-use').selectOption('to');
  await pick(page, '家庭共济', 'InsurancePolicy/家庭共济');
  await page.locator('#path-to', { hasText: '家庭共济' }).waitFor();
  await page.locator('#find-paths').click();
  await page.locator('#paths li', { hasText: '家庭共济' }).first().waitFor();
  check(await page.locator('#ranking li', { hasText: HOSPITAL }).count() === 1, 'the ranking went when the paths came');
  check(new URL(page.url()).searchParams.get('view') === 'paths', `URL ${page.url()}`);

  step(`${who}: back returns to the ranking, forward to the paths`);
  await page.goBack();
  await page.waitForFunction(() => window.__explore.cy.nodes('[label = "皮肤紫癜"]').nonempty() && window.__explore.state.view === 'ranking');
  await page.goForward();
  await page.waitForFunction(() => window.__explore.state.view === 'paths' && window.__explore.cy.nodes('[label = "家庭共济"]').nonempty());

  step(`${who}: the overview: a province's city rows add up to its count; a whole province filters`);
  const js = page.locator('#overview-body details', { has: page.locator('summary', { hasText: '江苏' }) });
  await js.locator('summary').click();
  await js.locator('li.city-row').first().waitFor();
  const total = Number(await js.locator('summary .count').textContent());
  const rowsSum = (await js.locator('li.city-row > .count').allTextContents()).reduce((n, c) => n + Number(c), 0);
  check(total > 0 && rowsSum === total, `江苏: ${total} hospitals, its rows add up to ${rowsSum}`);
  await js.locator('button', { hasText: '江苏 全省' }).click();
  await page.locator('#place-chip', { hasText: '江苏' }).waitFor();
  await page.locator('#ranking li', { hasText: HOSPITAL }).waitFor();

  step(`${who}: a city with no recommendation shows its hospitals`);
  await pick(page, '常州', 'City/常州');
  await page.locator('#ranking li.hint', { hasText: '常州' }).waitFor();
  await page.waitForFunction(() => window.__explore.cy.nodes('[kind = "HOSPITAL"]').length > 0);

  step(`${who}: English: pinyin beside names, plurals`);
  await pick(page, 'suzhou', 'City/苏州');
  await page.locator('#ranking li', { hasText: HOSPITAL }).waitFor();
  await page.locator('#lang').click();
  await page.locator('h1', { hasText: 'Medical knowledge graph explorer' }).waitFor();
  const en = await page.locator('#ranking li').first().textContent();
  check(/\([a-z]+( [a-z]+)+\)/.test(en) && /\b1 document\b|\b\d+ documents\b/.test(en) && !/\b1 documents\b|\b1 items\b|\b1 passages\b/.test(en), `English row: ${en}`);
  check(new URL(page.url()).searchParams.get('lang') === 'en', `URL ${page.url()}`);
  await axe(page, 'the English ranking');
  await shot('english');
  await page.locator('#lang').click();
  await page.locator('h1', { hasText: '医疗知识图谱浏览器' }).waitFor();
  await page.context().close();
}

async function phone() {
  const page = await open('phone', { width: 390, height: 844 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  // What only a narrow screen needs, after every flow ran at its size.

  step('phone: after a choice the results come into view');
  await pick(page, 'pfzd', 'Symptom/皮肤紫癜');
  await page.locator('#ranking li', { hasText: HOSPITAL }).waitFor();
  await page.waitForFunction(() => { const r = document.getElementById('ranking-h').getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; });
  const width = await page.evaluate(() => document.getElementById('cy').getBoundingClientRect().width);
  check(width >= 340, `the graph is ${width} px wide on a 390 px screen`);
  await axe(page, 'the phone ranking');
  await page.screenshot({ path: join(shots, 'explore-phone.png'), scale: 'css' });

  step('phone: a city from the overview brings its results into view');
  const js = page.locator('#overview-body details', { has: page.locator('summary', { hasText: '江苏' }) });
  await js.locator('summary').tap();
  await js.locator('li button', { hasText: '苏州' }).tap();
  await page.locator('#place-chip', { hasText: '苏州' }).waitFor();
  await page.waitForFunction(() => { const r = document.getElementById('ranking-h').getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; });
  await page.context().close();
}

let failed = false;
try {
  await flow('desktop', { width: 1440, height: 900 });
  await flow('phone', { width: 390, height: 844 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await phone();
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
console.log(`e2e: screenshots in ${shots}`);
console.log(failed ? 'e2e: 0 passed, 1 failed' : 'e2e: 1 passed, 0 failed');
process.exit(failed ? 1 : 0);
