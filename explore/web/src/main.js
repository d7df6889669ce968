// The explorer page: search with suggestions, a ranking of hospitals for a
// symptom in a place, drawn with Cytoscape.js; details and evidence on
// click, neighbourhoods on double-click, paths between two entities, an
// overview of where the hospitals are, and exports. It talks only to the
// GraphQL API of the server that serves it (../graphql).
import cytoscape from 'cytoscape';
import { texts, kindNames, relationNames } from './i18n.js';

const KINDS = ['SYMPTOM', 'HOSPITAL', 'DEPARTMENT', 'CITY', 'PROVINCE', 'INSURANCE_POLICY'];
const KIND_OF = { Province: 'PROVINCE', City: 'CITY', Hospital: 'HOSPITAL', Department: 'DEPARTMENT', Symptom: 'SYMPTOM', InsurancePolicy: 'INSURANCE_POLICY' };
const COLOURS = { PROVINCE: '#7c3aed', CITY: '#0891b2', HOSPITAL: '#dc2626', DEPARTMENT: '#16a34a', SYMPTOM: '#d97706', INSURANCE_POLICY: '#4b5563' };
const API = new URL('../graphql', location.href).href;

const EV = 'snippet itemTitle date start end document { id file title }';

const state = {
  lang: localStorage.getItem('medkg-explore-lang') === 'en' ? 'en' : 'zh',
  symptom: null, // {id, name}
  place: null, // {id, name, kind}
  pathFrom: null,
  pathTo: null,
  hidden: new Set(),
  selected: null, // node id
  stats: null,
};

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => {
  const v = texts[state.lang][key];
  return typeof v === 'function' ? v(...args) : v;
};
const kindName = (k) => kindNames[state.lang][k] || k;
const relName = (r) => relationNames[state.lang][r] || r;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c != null) e.append(c.nodeType ? c : String(c));
  return e;
}

async function gql(query, variables = {}) {
  const resp = await fetch(API, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await resp.json().catch(() => ({}));
  if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  if (!resp.ok) throw new Error(resp.status + ' ' + resp.statusText);
  return body.data;
}

function status(msg, isError = false) {
  const s = $('status');
  s.textContent = msg || '';
  s.classList.toggle('error', isError);
}
const fail = (err) => status(t('error') + err.message, true);

// ---- the graph ----

const cy = cytoscape({
  container: $('cy'),
  minZoom: 0.2,
  maxZoom: 4,
  style: [
    { selector: 'node', style: {
      label: 'data(label)', 'font-size': 11, 'font-family': 'system-ui, "Noto Sans CJK SC", sans-serif',
      'text-valign': 'bottom', 'text-margin-y': 3, 'text-wrap': 'wrap', 'text-max-width': 110,
      'background-color': (n) => COLOURS[n.data('kind')] || '#888',
      width: 'data(size)', height: 'data(size)', color: '#1d2330',
      'text-background-color': '#fff', 'text-background-opacity': 0.75, 'text-background-padding': 1,
    } },
    { selector: 'node[kind = "SYMPTOM"]', style: { shape: 'diamond' } },
    { selector: 'node[kind = "CITY"], node[kind = "PROVINCE"]', style: { shape: 'round-rectangle' } },
    { selector: 'node[kind = "DEPARTMENT"]', style: { shape: 'ellipse' } },
    { selector: 'node[kind = "INSURANCE_POLICY"]', style: { shape: 'hexagon' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#f59e0b' } },
    { selector: 'edge', style: {
      width: 'data(width)', 'line-color': '#a3acb9', 'curve-style': 'bezier',
      'target-arrow-shape': 'triangle', 'target-arrow-color': '#a3acb9', 'arrow-scale': 0.8,
    } },
    { selector: 'edge[type = "RECOMMENDED_FOR"]', style: { 'line-color': '#e9a23b', 'target-arrow-color': '#e9a23b' } },
    { selector: 'edge:selected', style: { 'line-color': '#f59e0b', 'target-arrow-color': '#f59e0b', width: 4 } },
    { selector: '.onpath', style: { 'border-width': 3, 'border-color': '#0b5cad', 'line-color': '#0b5cad', 'target-arrow-color': '#0b5cad' } },
    { selector: '.hidden', style: { display: 'none' } },
  ],
});

// Extra facts about nodes and edges that do not go into Cytoscape's data:
// the recommendation (rank, support, evidence) of a ranked hospital, and
// the evidence of each edge.
const info = new Map();

function kindOf(entity) { return KIND_OF[entity.__typename] || entity.kind; }

function addNode(entity, extra = {}) {
  const id = entity.id;
  const kind = kindOf(entity);
  const existing = cy.getElementById(id);
  if (existing.nonempty()) {
    if (extra.size) existing.data('size', extra.size);
    if (extra.level != null) existing.data('level', Math.max(existing.data('level'), extra.level));
    return existing;
  }
  return cy.add({ group: 'nodes', data: { id, label: entity.name, kind, size: extra.size || 26, level: extra.level ?? 0 } });
}

function addEdge(type, from, to, evidence, width = 1.5) {
  const id = `${type}|${from}|${to}`;
  const existing = cy.getElementById(id);
  if (existing.nonempty()) {
    if (evidence && evidence.length) info.set(id, { evidence });
    return existing;
  }
  if (evidence) info.set(id, { evidence });
  return cy.add({ group: 'edges', data: { id, source: from, target: to, type, width } });
}

function relayout(kind = 'concentric', opts = {}) {
  applyFilter();
  const visible = cy.elements().not('.hidden');
  const layouts = {
    concentric: { name: 'concentric', concentric: (n) => n.data('level'), levelWidth: () => 1, minNodeSpacing: 18, animate: false },
    breadthfirst: { name: 'breadthfirst', directed: false, spacingFactor: 1.1, animate: false, ...opts },
  };
  visible.layout({ ...layouts[kind], fit: true, padding: 24 }).run();
}

function applyFilter() {
  cy.batch(() => {
    cy.nodes().forEach((n) => n.toggleClass('hidden', state.hidden.has(n.data('kind'))));
  });
}

function clearGraph() {
  cy.elements().remove();
  info.clear();
  $('ranking').replaceChildren();
  $('paths').replaceChildren();
}

// ---- search with suggestions ----

let searchSeq = 0;
let hits = [];
let active = -1;

function closeSuggestions() {
  $('suggestions').hidden = true;
  $('search').setAttribute('aria-expanded', 'false');
  $('search').removeAttribute('aria-activedescendant');
  active = -1;
}

function renderSuggestions() {
  const list = $('suggestions');
  list.replaceChildren(...hits.map((h, i) => el('li', {
    id: `sug-${i}`, role: 'option', 'aria-selected': String(i === active), 'data-id': h.entity.id,
    onmousedown: (e) => { e.preventDefault(); choose(h); },
  }, el('span', { class: `kind k-${h.kind}` }, kindName(h.kind)), el('span', {}, h.entity.name),
  h.matched !== h.entity.name || h.pinyin ? el('span', { class: 'matched' }, [h.matched !== h.entity.name ? h.matched : null, h.pinyin].filter(Boolean).join(' · ')) : null)));
  if (!hits.length) list.append(el('li', { role: 'option', 'aria-disabled': 'true' }, t('noHits')));
  list.hidden = false;
  $('search').setAttribute('aria-expanded', 'true');
  if (active >= 0) {
    $('search').setAttribute('aria-activedescendant', `sug-${active}`);
    $(`sug-${active}`).scrollIntoView({ block: 'nearest' });
  } else $('search').removeAttribute('aria-activedescendant');
}

async function suggest() {
  const text = $('search').value.trim();
  const seq = ++searchSeq;
  if (!text) { hits = []; closeSuggestions(); return; }
  const kind = $('search-kind').value;
  try {
    const data = await gql(`query Suggest($text: String!, $kinds: [EntityKind!]) {
      search(text: $text, kinds: $kinds, first: 12) { kind match matched pinyin entity { __typename id name } } }`,
    { text, kinds: kind ? [kind] : null });
    if (seq !== searchSeq) return; // a newer keystroke is on its way
    hits = data.search;
    active = hits.length ? 0 : -1;
    renderSuggestions();
  } catch (err) { fail(err); }
}

let debounce;
function onSearchInput() {
  clearTimeout(debounce);
  debounce = setTimeout(suggest, 150);
}

function onSearchKey(e) {
  const open = !$('suggestions').hidden;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    if (!open) { suggest(); return; }
    if (!hits.length) return;
    active = (active + (e.key === 'ArrowDown' ? 1 : -1) + hits.length) % hits.length;
    renderSuggestions();
  } else if (e.key === 'Enter') {
    e.preventDefault();
    if (open && hits[active]) choose(hits[active]);
    else suggest();
  } else if (e.key === 'Escape') {
    closeSuggestions();
  }
}

function choose(hit) {
  closeSuggestions();
  $('search').value = '';
  hits = [];
  const entity = { id: hit.entity.id, name: hit.entity.name, kind: hit.kind };
  if (hit.kind === 'SYMPTOM') {
    setSymptom(entity);
  } else if (hit.kind === 'CITY' || hit.kind === 'PROVINCE') {
    setPlace(entity);
  } else {
    showNeighbourhood(entity.id, entity.name, true).then(() => selectNode(entity.id));
  }
}

function setSymptom(entity) {
  state.symptom = entity;
  renderChips();
  rank();
}

function setPlace(entity) {
  state.place = entity;
  renderChips();
  if (state.symptom) rank();
  else showNeighbourhood(entity.id, entity.name, true);
}

function renderChips() {
  $('symptom-chip').textContent = state.symptom ? state.symptom.name : t('none');
  $('symptom-clear').hidden = !state.symptom;
  $('place-chip').textContent = state.place ? t('placeChip', state.place.name, kindName(state.place.kind)) : t('none');
  $('place-clear').hidden = !state.place;
  $('path-from').textContent = state.pathFrom ? state.pathFrom.name : t('none');
  $('path-to').textContent = state.pathTo ? state.pathTo.name : t('none');
}

// ---- the ranking ----

let lastRanking = null;

async function rank() {
  if (!state.symptom) { status(t('chooseSymptom')); return; }
  status(t('loading'));
  const vars = { symptom: state.symptom.name, city: null, province: null };
  if (state.place) vars[state.place.kind === 'CITY' ? 'city' : 'province'] = state.place.name;
  try {
    const data = await gql(`query Rank($symptom: String!, $city: String, $province: String) {
      recommend(symptom: $symptom, city: $city, province: $province, first: 30) {
        rank documents items
        symptom { __typename id name }
        hospital { __typename id name city { __typename id name province { __typename id name } } departments { __typename id name } }
        evidence { ${EV} } } }`, vars);
    lastRanking = data.recommend;
    drawRanking(data.recommend);
  } catch (err) { fail(err); }
}

function drawRanking(ranked) {
  clearGraph();
  const sym = ranked[0] ? ranked[0].symptom : { __typename: 'Symptom', id: state.symptom.id, name: state.symptom.name };
  cy.batch(() => {
    addNode(sym, { size: 54, level: 10 });
    const maxDocs = Math.max(1, ...ranked.map((r) => r.documents + r.items / 10));
    for (const r of ranked) {
      const h = r.hospital;
      const weight = (r.documents + r.items / 10) / maxDocs;
      addNode(h, { size: 24 + 30 * weight, level: 6 });
      info.set(h.id, { rank: r.rank, documents: r.documents, items: r.items, evidence: r.evidence });
      addEdge('RECOMMENDED_FOR', h.id, sym.id, r.evidence, 1.5 + 4 * weight);
      if (h.city) {
        addNode(h.city, { size: 30, level: 2 });
        addEdge('LOCATED_IN', h.id, h.city.id);
      }
      for (const d of h.departments) {
        addNode(d, { size: 18, level: 3 });
        addEdge('HAS_DEPARTMENT', h.id, d.id);
      }
    }
  });
  relayout();
  const list = $('ranking');
  list.replaceChildren(...ranked.map((r) => el('li', { 'data-id': r.hospital.id },
    el('button', { type: 'button', class: 'link', onclick: () => selectNode(r.hospital.id, true) }, r.hospital.name),
    el('span', { class: 'support' }, [r.hospital.city ? r.hospital.city.name : null, t('support', r.documents, r.items)].filter(Boolean).join(' · ')))));
  const placeName = state.place ? state.place.name : '';
  status(ranked.length ? t('rankedN', ranked.length, sym.name, placeName) : t('noRanking'));
  if (!ranked.length) list.append(el('li', { class: 'hint' }, t('noRanking')));
}

// ---- neighbourhoods ----

async function fetchNeighbourhood(id) {
  const kinds = KINDS.filter((k) => !state.hidden.has(k));
  const data = await gql(`query Around($id: ID!, $kinds: [EntityKind!]) {
    neighborhood(id: $id, hops: 1, kinds: $kinds) { truncated
      nodes { __typename id name }
      edges { type from { id } to { id } evidence { ${EV} } } } }`, { id, kinds });
  return data.neighborhood;
}

async function showNeighbourhood(id, name, replace) {
  status(t('loading'));
  try {
    const sub = await fetchNeighbourhood(id);
    if (replace) clearGraph();
    cy.batch(() => {
      sub.nodes.forEach((n, i) => addNode(n, { level: i === 0 && replace ? 10 : 0, size: i === 0 && replace ? 44 : 26 }));
      for (const e of sub.edges) addEdge(e.type, e.from.id, e.to.id, e.evidence);
    });
    relayout();
    status(t('neighbourhoodOf', name, sub.nodes.length) + (sub.truncated ? ' …' : ''));
  } catch (err) { fail(err); }
}

// ---- details ----

function evidenceList(evidence, limit = 8) {
  const ul = el('ul', { class: 'evidence' });
  for (const ev of evidence.slice(0, limit)) {
    ul.append(el('li', {},
      el('blockquote', {}, ev.snippet),
      el('div', { class: 'src' }, [ev.document.title || ev.document.file, ev.itemTitle || t('article'), ev.date || t('undated'), ev.document.file].join(' · '))));
  }
  if (evidence.length > limit) ul.append(el('li', { class: 'hint' }, t('more', evidence.length - limit)));
  return ul;
}

let detailSeq = 0;

async function showDetails(id) {
  const seq = ++detailSeq;
  const body = $('details-body');
  const node = cy.getElementById(id);
  body.replaceChildren(el('p', { class: 'hint' }, t('loading')));
  try {
    const data = await gql(`query Details($id: ID!) { node(id: $id) { __typename id
      ... on Entity { name aliases mentions { ${EV} } }
      ... on Hospital { city { name } departments { name } recommendedFor { name } }
      ... on City { province { name } hospitals { name } }
      ... on Province { cities { name } }
      ... on Symptom { category }
    } }`, { id });
    if (seq !== detailSeq) return;
    const n = data.node;
    if (!n) { body.replaceChildren(el('p', {}, id)); return; }
    const kind = kindOf(n);
    const entity = { id: n.id, name: n.name, kind };
    const props = el('dl', { class: 'props' }, el('dt', {}, t('kind')), el('dd', {}, kindName(kind)));
    if (n.aliases && n.aliases.length) props.append(el('dt', {}, t('aliases')), el('dd', {}, n.aliases.join('、')));
    const rec = info.get(id);
    if (rec && rec.rank) props.append(el('dt', {}, t('rank')), el('dd', {}, `${rec.rank} · ${t('support', rec.documents, rec.items)}`));
    const listProp = (label, xs) => { if (xs && xs.length) props.append(el('dt', {}, label), el('dd', {}, xs.map((x) => x.name).join('、'))); };
    if (n.city) listProp(kindName('CITY'), [n.city]);
    if (n.province) listProp(kindName('PROVINCE'), [n.province]);
    listProp(kindName('DEPARTMENT'), n.departments);
    listProp(kindName('SYMPTOM'), n.recommendedFor);
    listProp(t('hospitals'), n.hospitals);
    listProp(t('cities'), n.cities);
    const actions = el('div', { class: 'actions' },
      el('button', { type: 'button', onclick: () => expand(id) }, t('expand')),
      el('button', { type: 'button', onclick: () => { state.pathFrom = entity; renderChips(); } }, t('setFrom')),
      el('button', { type: 'button', onclick: () => { state.pathTo = entity; renderChips(); } }, t('setTo')));
    if (kind === 'SYMPTOM') actions.append(el('button', { type: 'button', onclick: () => setSymptom(entity) }, t('useSymptom')));
    if (kind === 'CITY' || kind === 'PROVINCE') actions.append(el('button', { type: 'button', onclick: () => setPlace(entity) }, t('usePlace')));
    const parts = [el('h3', { class: 'name' }, n.name), props, actions];
    if (rec && rec.evidence && rec.evidence.length) {
      parts.push(el('h3', {}, `${t('evidence')}（${relName('RECOMMENDED_FOR')} ${state.symptom ? state.symptom.name : ''}）`), evidenceList(rec.evidence));
    }
    if (n.mentions && n.mentions.length) parts.push(el('h3', {}, `${t('mentions')} (${n.mentions.length})`), evidenceList(n.mentions, 5));
    body.replaceChildren(...parts);
    if (node.nonempty()) body.dataset.id = id;
  } catch (err) {
    if (seq === detailSeq) body.replaceChildren(el('p', { class: 'hint' }, t('error') + err.message));
  }
}

function showEdgeDetails(edge) {
  const body = $('details-body');
  const ev = (info.get(edge.id()) || {}).evidence || [];
  body.replaceChildren(
    el('h3', {}, `${edge.source().data('label')} → ${edge.target().data('label')}`),
    el('dl', { class: 'props' }, el('dt', {}, t('relation')), el('dd', {}, relName(edge.data('type')))),
    el('h3', {}, `${t('evidence')} (${ev.length})`), evidenceList(ev));
  body.dataset.id = edge.id();
}

// selectNode selects a node and shows its details; from the ranking list
// (fromList), it also centres the graph on the node and moves the focus to
// the details, so a keyboard user lands on them.
function selectNode(id, fromList = false) {
  const n = cy.getElementById(id);
  if (n.nonempty()) {
    cy.elements().unselect();
    n.select();
    if (fromList) cy.center(n);
  }
  state.selected = id;
  const p = showDetails(id);
  if (fromList) $('details').focus();
  return p;
}

async function expand(id) {
  status(t('loading'));
  try {
    const sub = await fetchNeighbourhood(id);
    cy.batch(() => {
      for (const n of sub.nodes) addNode(n, { level: 0 });
      for (const e of sub.edges) addEdge(e.type, e.from.id, e.to.id, e.evidence);
    });
    relayout();
    const n = cy.getElementById(id);
    status(t('neighbourhoodOf', n.nonempty() ? n.data('label') : id, sub.nodes.length));
  } catch (err) { fail(err); }
}

cy.on('tap', 'node', (e) => selectNode(e.target.id()));
// From the keyboard, with the graph focused: arrows walk the nodes on
// screen (centre outwards), Enter or + expands the chosen one.
function onGraphKey(e) {
  const nodes = cy.nodes().filter((n) => n.visible()).sort((a, b) => b.data('level') - a.data('level') || a.data('label').localeCompare(b.data('label'), 'zh'));
  if (!nodes.length) return;
  const at = nodes.toArray().findIndex((n) => n.id() === state.selected);
  if (['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'].includes(e.key)) {
    e.preventDefault();
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : -1;
    const next = nodes[at < 0 ? 0 : (at + step + nodes.length) % nodes.length];
    selectNode(next.id());
    cy.center(next);
  } else if ((e.key === 'Enter' || e.key === '+') && at >= 0) {
    e.preventDefault();
    expand(state.selected);
  }
}
$('cy').addEventListener('keydown', onGraphKey);
cy.on('tap', 'edge', (e) => showEdgeDetails(e.target));
cy.on('dbltap', 'node', (e) => expand(e.target.id()));

// ---- paths ----

async function findPaths() {
  if (!state.pathFrom || !state.pathTo) { status(t('choosePathEnds')); return; }
  status(t('loading'));
  try {
    const data = await gql(`query Paths($from: ID!, $to: ID!, $maxHops: Int) {
      paths(from: $from, to: $to, maxHops: $maxHops) { length
        nodes { __typename id name }
        edges { type from { id name } to { id name } evidence { ${EV} } } } }`,
    { from: state.pathFrom.id, to: state.pathTo.id, maxHops: Number($('max-hops').value) });
    clearGraph();
    cy.batch(() => {
      for (const p of data.paths) {
        p.nodes.forEach((n) => addNode(n));
        for (const e of p.edges) addEdge(e.type, e.from.id, e.to.id, e.evidence);
      }
      cy.elements().addClass('onpath');
    });
    if (cy.nodes().length) relayout('breadthfirst', { roots: cy.getElementById(state.pathFrom.id) });
    $('paths').replaceChildren(...data.paths.map((p) => el('li', {}, p.nodes.map((n, i) => {
      if (i === 0) return n.name;
      const e = p.edges[i - 1];
      const forward = e.from.id === p.nodes[i - 1].id;
      return ` ${forward ? '→' : '←'}[${relName(e.type)}] ${n.name}`;
    }).join(''))));
    status(t('pathsN', data.paths.length));
  } catch (err) { fail(err); }
}

// ---- overview: province → city → hospitals ----

async function loadOverview() {
  try {
    const data = await gql(`query Overview { stats {
      provinces { province { id name } cities hospitals }
      cities { city { id name province { id } } hospitals } } }`);
    state.stats = data.stats;
    renderOverview();
  } catch (err) { $('overview-body').textContent = t('error') + err.message; }
}

function renderOverview() {
  const s = state.stats;
  if (!s) return;
  const provinces = s.provinces.filter((p) => p.hospitals > 0).sort((a, b) => b.hospitals - a.hospitals || a.province.name.localeCompare(b.province.name, 'zh'));
  const max = Math.max(1, ...provinces.map((p) => p.hospitals));
  const bar = (n, cls) => el('span', { class: `bar ${cls}` });
  const root = el('div', { class: 'overview' });
  for (const p of provinces) {
    const cities = s.cities.filter((c) => c.city.province && c.city.province.id === p.province.id && c.hospitals > 0)
      .sort((a, b) => b.hospitals - a.hospitals || a.city.name.localeCompare(b.city.name, 'zh'));
    const pbar = bar(p.hospitals, '');
    const det = el('details', {},
      el('summary', {}, el('span', { class: 'bar-row' }, el('span', {}, p.province.name), pbar, el('span', {}, p.hospitals))),
      el('ul', {}, cities.map((c) => {
        const cbar = bar(c.hospitals, 'city');
        const li = el('li', { class: 'bar-row' },
          el('button', { type: 'button', class: 'link', onclick: () => setPlace({ id: c.city.id, name: c.city.name, kind: 'CITY' }) }, c.city.name),
          cbar, el('span', {}, c.hospitals));
        cbar.style.width = `${(100 * c.hospitals) / max}%`;
        return li;
      })));
    pbar.style.width = `${(100 * p.hospitals) / max}%`;
    root.append(det);
  }
  $('overview-body').replaceChildren(root);
}

// ---- exports ----

function download(name, blob) {
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function exportPNG() {
  const blob = cy.png({ output: 'blob', full: true, bg: '#ffffff', scale: 2 });
  download('medkg-explore.png', blob);
}

function linksCSV() {
  const q = (v) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  const rows = [['from_kind', 'from', 'relation', 'to_kind', 'to', 'evidence', 'first_document', 'first_item', 'first_date', 'first_snippet']];
  cy.edges().filter((e) => e.visible()).forEach((e) => {
    const ev = (info.get(e.id()) || {}).evidence || [];
    const first = ev[0];
    rows.push([e.source().data('kind'), e.source().data('label'), e.data('type'), e.target().data('kind'), e.target().data('label'),
      ev.length, first ? first.document.file : '', first ? first.itemTitle || '' : '', first ? first.date || '' : '', first ? first.snippet : '']);
  });
  return '\ufeff' + rows.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
}

function exportCSV() {
  download('medkg-links.csv', new Blob([linksCSV()], { type: 'text/csv;charset=utf-8' }));
}

// ---- language ----

function applyLang() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const e of document.querySelectorAll('[data-i18n]')) {
    if (e.tagName === 'OUTPUT') continue; // renderChips fills these
    e.textContent = t(e.dataset.i18n);
  }
  for (const e of document.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  for (const e of document.querySelectorAll('[data-i18n-aria-label]')) e.setAttribute('aria-label', t(e.dataset.i18nAriaLabel));
  const b = $('lang');
  b.textContent = t('langButton');
  b.setAttribute('aria-label', t('langAria'));
  b.lang = state.lang === 'zh' ? 'en' : 'zh-CN';
  const sel = $('search-kind');
  const v = sel.value;
  sel.replaceChildren(el('option', { value: '' }, t('allKinds')), ...KINDS.map((k) => el('option', { value: k }, kindName(k))));
  sel.value = v;
  for (const k of KINDS) $(`kind-label-${k}`).textContent = kindName(k);
  renderChips();
  if (lastRanking && cy.nodes().length) {
    // Keep the ranking's words in the chosen language.
    const placeName = state.place ? state.place.name : '';
    for (const li of $('ranking').children) {
      const r = lastRanking.find((x) => x.hospital.id === li.dataset.id);
      if (r) li.querySelector('.support').textContent = [r.hospital.city ? r.hospital.city.name : null, t('support', r.documents, r.items)].filter(Boolean).join(' · ');
    }
    if (lastRanking.length) status(t('rankedN', lastRanking.length, lastRanking[0].symptom.name, placeName));
  }
  if (state.selected) showDetails(state.selected);
}

// ---- start ----

function init() {
  $('kinds').replaceChildren(...KINDS.map((k) => el('label', {},
    el('input', { type: 'checkbox', checked: true, value: k, onchange: (e) => {
      if (e.target.checked) state.hidden.delete(k); else state.hidden.add(k);
      applyFilter();
    } }),
    el('span', { class: `kind k-${k}`, id: `kind-label-${k}` }, kindName(k)))));
  $('search').addEventListener('input', onSearchInput);
  $('search').addEventListener('keydown', onSearchKey);
  $('search').addEventListener('blur', () => setTimeout(closeSuggestions, 100));
  $('search-kind').addEventListener('change', () => { if ($('search').value.trim()) suggest(); });
  $('symptom-clear').addEventListener('click', () => { state.symptom = null; renderChips(); clearGraph(); status(''); $('search').focus(); });
  $('place-clear').addEventListener('click', () => { state.place = null; renderChips(); if (state.symptom) rank(); $('search').focus(); });
  $('find-paths').addEventListener('click', findPaths);
  $('export-png').addEventListener('click', exportPNG);
  $('export-csv').addEventListener('click', exportCSV);
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('medkg-explore-lang', state.lang);
    applyLang();
  });
  applyLang();
  loadOverview();
}

init();

// A hook for tests and the curious: the graph, the state, and the CSV of
// the links on screen.
window.__explore = { cy, state, linksCSV, selectNode, expand };
