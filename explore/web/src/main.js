// The explorer page: search with suggestions, a ranking of hospitals for a
// symptom in a place, drawn with Cytoscape.js; details and evidence on
// click, neighbourhoods on double-click, paths between two entities, an
// overview of where the hospitals are, and exports. It talks only to the
// GraphQL API of the server that serves it (../graphql).
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { texts, kindNames, relationNames } from './i18n.js';
import { el, client } from './dom.js';

const KINDS = ['SYMPTOM', 'HOSPITAL', 'DEPARTMENT', 'CITY', 'PROVINCE', 'INSURANCE_POLICY'];
const KIND_OF = { Province: 'PROVINCE', City: 'CITY', Hospital: 'HOSPITAL', Department: 'DEPARTMENT', Symptom: 'SYMPTOM', InsurancePolicy: 'INSURANCE_POLICY' };
// Each at least 4.5:1 against white text (WCAG AA), as the kind chips use them.
const COLOURS = { PROVINCE: '#6d28d9', CITY: '#0e7490', HOSPITAL: '#b91c1c', DEPARTMENT: '#15803d', SYMPTOM: '#b45309', INSURANCE_POLICY: '#4b5563' };
const API = new URL('../graphql', location.href).href;

cytoscape.use(fcose);

const EV = 'snippet sentence itemTitle date start end document { id file title }';

const state = {
  lang: localStorage.getItem('medkg-explore-lang') === 'en' ? 'en' : 'zh',
  symptom: null, // {id, name}
  place: null, // {id, name, kind}
  pathFrom: null,
  pathTo: null,
  hidden: new Set(),
  selected: null, // node id
  stats: null,
  view: 'ranking', // or 'paths': what the graph shows
};

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => {
  const v = texts[state.lang][key];
  return typeof v === 'function' ? v(...args) : v;
};
const kindName = (k) => kindNames[state.lang][k] || k;
// In English a name shows its pinyin beside it, when the API gave one.
const withPinyin = (e) => (state.lang === 'en' && e.pinyin ? `${e.name} (${e.pinyin})` : e.name);
const relName = (r) => relationNames[state.lang][r] || r;

const gql = client(API);

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
    // What the last expand added, until the next one.
    { selector: '.fresh', style: { 'border-width': 3, 'border-style': 'dashed', 'border-color': '#111827' } },
  ],
});

// Labels stay at least LABEL_PX on screen at any zoom: below zoom 1 their
// size in the model grows as the zoom shrinks; below LABEL_ZOOM only the
// labels of symptoms, hospitals and the selection show, so they do not
// pile on each other.
const LABEL_PX = 11;
const LABEL_ZOOM = 0.6;
function fitLabels() {
  const z = cy.zoom();
  cy.style().selector('node').style('font-size', LABEL_PX / Math.min(1, z))
    .selector('node[kind = "DEPARTMENT"], node[kind = "CITY"], node[kind = "PROVINCE"], node[kind = "INSURANCE_POLICY"]')
    .style('text-opacity', z < LABEL_ZOOM ? 0 : 1)
    .selector('node:selected').style('text-opacity', 1)
    .update();
}
cy.on('zoom', fitLabels);

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
  return cy.add({ group: 'nodes', data: { id, label: entity.name, pinyin: entity.pinyin || '', kind, size: extra.size || 26, level: extra.level ?? 0 } });
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

// relayout places what shows: rings by level first (the symptom at the
// centre, hospitals around it, their places and departments outside),
// then fcose, from those places, spreads the nodes so that labels, which
// count in each node's size, keep clear of nodes, labels and edges; its
// start is fixed, so the same graph is laid out the same way each time.
function relayout(kind = 'concentric', opts = {}) {
  applyFilter();
  const visible = cy.elements().not('.hidden');
  const layouts = {
    concentric: { name: 'concentric', concentric: (n) => n.data('level'), levelWidth: () => 1, minNodeSpacing: 18, animate: false },
    breadthfirst: { name: 'breadthfirst', directed: false, spacingFactor: 1.1, animate: false, ...opts },
  };
  visible.layout({ ...layouts[kind], fit: false }).run();
  fitView();
  if (visible.nodes().length > 2) {
    // Twice: the labels' size follows the zoom the first fit gives (on a
    // small screen, larger in the model), and the second spreads for it.
    for (let pass = 0; pass < 2; pass++) {
      visible.layout({
        name: 'fcose', randomize: false, animate: false, fit: false, quality: 'proof',
        nodeDimensionsIncludeLabels: true, idealEdgeLength: 70, nodeRepulsion: 9000, nodeSeparation: 60, packComponents: true,
      }).run();
      fitView();
    }
  }
}

// fitView fits what shows, labels included. A label's size in the model
// follows the zoom (fitLabels), so the fit is made again once the labels
// have their size at the new zoom.
function fitView() {
  const visible = cy.elements().not('.hidden');
  for (let i = 0; i < 2; i++) {
    cy.fit(visible, 24);
    fitLabels();
  }
}

function applyFilter() {
  cy.batch(() => {
    cy.nodes().forEach((n) => n.toggleClass('hidden', state.hidden.has(n.data('kind'))));
  });
}

// clearGraph empties the graph, and the ranking and paths listed beside it
// unless keepLists (paths drawn over a ranking keep it listed).
function clearGraph(keepLists = false) {
  cy.elements().remove();
  info.clear();
  if (keepLists) return;
  $('ranking').replaceChildren();
  $('why-first').replaceChildren();
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
      search(text: $text, kinds: $kinds, first: 12) { kind match matched pinyin entity { __typename id name pinyin } } }`,
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
  const use = $('search-use').value;
  if (use === 'from' || use === 'to') {
    // A path end, straight from search; the ranking stays as it is.
    state[use === 'from' ? 'pathFrom' : 'pathTo'] = entity;
    $('search-use').value = '';
    renderChips();
    pushURL();
    status(t(use === 'from' ? 'fromSet' : 'toSet', entity.name));
    return;
  }
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
  state.selected = null;
  renderChips();
  pushURL();
  return rank().then(showResults);
}

function setPlace(entity) {
  state.place = entity;
  state.selected = null;
  renderChips();
  pushURL();
  return (state.symptom ? rank() : showNeighbourhood(entity.id, entity.name, true)).then(showResults);
}

// showResults brings what a choice changed into view on a narrow screen,
// where the controls stand above the graph and the ranking.
function showResults() {
  if (!window.matchMedia('(max-width: 720px)').matches) return;
  $($('ranking').children.length ? 'ranking-h' : 'graph-panel').scrollIntoView({ block: 'start' });
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
  state.view = 'ranking';
  const vars = { symptom: state.symptom.name, city: null, province: null };
  if (state.place) vars[state.place.kind === 'CITY' ? 'city' : 'province'] = state.place.name;
  try {
    const data = await gql(`query Rank($symptom: String!, $city: String, $province: String) {
      recommend(symptom: $symptom, city: $city, province: $province, first: 30) {
        rank documents items passages firstDate lastDate
        symptom { __typename id name pinyin }
        hospital { __typename id name pinyin city { __typename id name pinyin province { __typename id name pinyin } } departments { __typename id name pinyin } }
        evidence { ${EV} } } }`, vars);
    lastRanking = data.recommend;
    await drawRanking(data.recommend);
  } catch (err) { fail(err); }
}

// The ranking's measure, in its order: documents, then items, then passages
// (the API's order, before the name). Node sizes and edge widths follow it.
const weightOf = (r) => r.documents + r.items / 10 + r.passages / 100;
const sameSupport = (a, b) => !!a && !!b && a.documents === b.documents && a.items === b.items && a.passages === b.passages;
const tied = (ranked, i) => sameSupport(ranked[i], ranked[i - 1]) || sameSupport(ranked[i], ranked[i + 1]);

function supportText(r) {
  const parts = [t('support', r.documents, r.items, r.passages)];
  if (r.firstDate) parts.push(r.firstDate === r.lastDate ? r.firstDate : `${r.firstDate}–${r.lastDate}`);
  return parts.join(' · ');
}

// whyFirst says what puts the first hospital first: the first measure in
// which it beats the second, or that they tie and the name decides.
function whyFirst(ranked) {
  const [a, b] = ranked;
  if (!a) return null;
  let why;
  if (!b) why = t('whyOnly');
  else if (a.documents !== b.documents) why = t('whyDocuments', a.documents, b.documents);
  else if (a.items !== b.items) why = t('whyItems', a.items, b.items);
  else if (a.passages !== b.passages) why = t('whyPassages', a.passages, b.passages);
  else why = t('whyName');
  return el('p', { class: 'why' }, el('strong', {}, t('first', withPinyin(a.hospital))), ' ', why, ' ',
    el('button', { type: 'button', class: 'link', onclick: () => selectNode(a.hospital.id, true) }, t('seePassages', a.passages)));
}

function rankingRow(r, i, ranked) {
  const h = r.hospital;
  const place = [h.city && h.city.name, h.city && h.city.province && h.city.province.name].filter(Boolean).join(t('comma'));
  return el('li', { 'data-id': h.id },
    el('button', { type: 'button', class: 'link', onclick: () => selectNode(h.id, true) }, withPinyin(h)),
    tied(ranked, i) ? el('span', { class: 'tie', title: t('tieTitle') }, t('tie')) : null,
    el('span', { class: 'support' }, [place, supportText(r)].filter(Boolean).join(' · ')));
}

function drawRanking(ranked) {
  clearGraph();
  const sym = ranked[0] ? ranked[0].symptom : { __typename: 'Symptom', id: state.symptom.id, name: state.symptom.name };
  if (!ranked.length && state.place) {
    // Nothing recommended there: show the place's own hospitals rather
    // than a lone symptom.
    status(t('noRankingIn', sym.name, state.place.name));
    $('ranking').append(el('li', { class: 'hint' }, t('noRankingIn', sym.name, state.place.name)));
    return showNeighbourhood(state.place.id, state.place.name, true, true);
  }
  cy.batch(() => {
    addNode(sym, { size: 54, level: 10 });
    const max = Math.max(1, ...ranked.map(weightOf));
    for (const r of ranked) {
      const h = r.hospital;
      const weight = weightOf(r) / max;
      addNode(h, { size: 24 + 30 * weight, level: 6 });
      info.set(h.id, { rank: r.rank, documents: r.documents, items: r.items, passages: r.passages, firstDate: r.firstDate, lastDate: r.lastDate, evidence: r.evidence, names: [h.name, sym.name] });
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
  $('ranking').replaceChildren(...ranked.map(rankingRow));
  $('why-first').replaceChildren(...[whyFirst(ranked)].filter(Boolean));
  const placeName = state.place ? state.place.name : '';
  status(ranked.length ? t('rankedN', ranked.length, sym.name, placeName) : t('noRanking'));
  if (!ranked.length) $('ranking').append(el('li', { class: 'hint' }, t('noRanking')));
  return Promise.resolve();
}

// ---- neighbourhoods ----

async function fetchNeighbourhood(id) {
  const kinds = KINDS.filter((k) => !state.hidden.has(k));
  const data = await gql(`query Around($id: ID!, $kinds: [EntityKind!]) {
    neighborhood(id: $id, hops: 1, kinds: $kinds) { truncated
      nodes { __typename id name pinyin }
      edges { type from { id } to { id } evidence { ${EV} } } } }`, { id, kinds });
  return data.neighborhood;
}

async function showNeighbourhood(id, name, replace, keepLists = false) {
  if (!keepLists) status(t('loading'));
  try {
    const sub = await fetchNeighbourhood(id);
    if (replace) clearGraph(keepLists);
    cy.batch(() => {
      sub.nodes.forEach((n, i) => addNode(n, { level: i === 0 && replace ? 10 : 0, size: i === 0 && replace ? 44 : 26 }));
      for (const e of sub.edges) addEdge(e.type, e.from.id, e.to.id, e.evidence);
    });
    relayout();
    if (!keepLists) status(t('neighbourhoodOf', name, sub.nodes.length) + (sub.truncated ? ' …' : ''));
  } catch (err) { fail(err); }
}

// ---- details ----

// marked returns text with every occurrence of names in <mark>, longest
// names first, as DOM nodes (never as HTML).
function marked(text, names) {
  const ns = [...new Set(names.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!ns.length) return [text];
  const re = new RegExp(ns.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const out = [];
  let at = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > at) out.push(text.slice(at, m.index));
    out.push(el('mark', {}, m[0]));
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

// docURL is the document view of a passage, scrolled to it.
function docURL(ev) {
  const q = new URLSearchParams({ start: ev.start, end: ev.end, lang: state.lang });
  return `doc/${encodeURIComponent(ev.document.file)}?${q}`;
}

// evidenceList shows passages as an analyst checks them: the item and its
// date first, the passage with the entities marked (for mentions, whose
// snippet is the name alone, the sentence around it), then the document.
function evidenceList(evidence, names, limit = 8, sentences = false) {
  const ul = el('ul', { class: 'evidence' });
  for (const ev of evidence.slice(0, limit)) {
    ul.append(el('li', {},
      el('div', { class: 'item' }, [ev.itemTitle || t('article'), ev.date || t('undated')].join(' · ')),
      el('blockquote', {}, marked(sentences ? ev.sentence : ev.snippet, names)),
      el('div', { class: 'src' }, `${t('document')}${t('colon')}${ev.document.title || ev.document.file} · `,
        el('a', { href: docURL(ev) }, t('viewInDoc', ev.document.file)))));
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
      ... on Entity { name pinyin aliases mentions { ${EV} } }
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
    if (state.lang === 'en' && n.pinyin) props.append(el('dt', {}, t('pinyin')), el('dd', {}, n.pinyin));
    if (rec && rec.rank) props.append(el('dt', {}, t('rank')), el('dd', {}, `${rec.rank} · ${supportText(rec)}`));
    const listProp = (label, xs) => { if (xs && xs.length) props.append(el('dt', {}, label), el('dd', {}, xs.map((x) => x.name).join('、'))); };
    if (n.city) listProp(kindName('CITY'), [n.city]);
    if (n.province) listProp(kindName('PROVINCE'), [n.province]);
    listProp(kindName('DEPARTMENT'), n.departments);
    listProp(kindName('SYMPTOM'), n.recommendedFor);
    listProp(t('hospitals'), n.hospitals);
    listProp(t('cities'), n.cities);
    const actions = el('div', { class: 'actions' },
      el('button', { type: 'button', onclick: () => expand(id) }, t('expand')),
      el('button', { type: 'button', onclick: () => { state.pathFrom = entity; renderChips(); pushURL(); } }, t('setFrom')),
      el('button', { type: 'button', onclick: () => { state.pathTo = entity; renderChips(); pushURL(); } }, t('setTo')));
    if (kind === 'SYMPTOM') actions.append(el('button', { type: 'button', onclick: () => setSymptom(entity) }, t('useSymptom')));
    if (kind === 'CITY' || kind === 'PROVINCE') actions.append(el('button', { type: 'button', onclick: () => setPlace(entity) }, t('usePlace')));
    const parts = [el('h3', { class: 'name' }, n.name), props, actions];
    if (rec && rec.evidence && rec.evidence.length) {
      parts.push(el('h3', {}, t('evidenceOf', relName('RECOMMENDED_FOR'), state.symptom ? state.symptom.name : '', rec.evidence.length)), evidenceList(rec.evidence, rec.names));
    }
    if (n.mentions && n.mentions.length) parts.push(el('h3', {}, t('mentionsN', n.mentions.length)), evidenceList(n.mentions, [n.name, ...n.aliases], 5, true));
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
    el('h3', {}, t('evidenceN', ev.length)), evidenceList(ev, [edge.source().data('label'), edge.target().data('label')]));
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
  pushURL();
  const p = showDetails(id);
  if (fromList) $('details').focus();
  return p;
}

async function expand(id) {
  status(t('loading'));
  try {
    const sub = await fetchNeighbourhood(id);
    cy.batch(() => {
      cy.nodes().removeClass('fresh');
      for (const n of sub.nodes) {
        const isNew = cy.getElementById(n.id).empty();
        const node = addNode(n, { level: 0 });
        if (isNew) node.addClass('fresh');
      }
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
    // Into view with room for its label, without moving what already shows.
    const bb = next.renderedBoundingBox({ includeLabels: true });
    if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height()) cy.animate({ center: { eles: next }, duration: 150 });
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
        nodes { __typename id name pinyin }
        edges { type from { id name } to { id name } evidence { ${EV} } } } }`,
    { from: state.pathFrom.id, to: state.pathTo.id, maxHops: Number($('max-hops').value) });
    clearGraph(true);
    $('paths').replaceChildren();
    state.view = 'paths';
    pushURL();
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
      cities { city { id name code province { id } } hospitals } } }`);
    state.stats = data.stats;
    renderOverview();
  } catch (err) { $('overview-body').textContent = t('error') + err.message; }
}

// The overview counts each hospital once: a province's row is its distinct
// hospitals (stats), and when it opens its rows are read from its
// hospitals, each counted under the one prefecture-level city it is in (a
// county-level place under its prefecture, by division code), so that the
// rows add up to the province's count. County-level places show inside
// their prefecture's row.
const overviewRows = new Map(); // province id → its rows, once read

async function provinceRows(p) {
  if (overviewRows.has(p.province.id)) return overviewRows.get(p.province.id);
  const byCode = new Map(state.stats.cities.filter((c) => c.city.code).map((c) => [c.city.code, c.city]));
  const groups = new Map(); // prefecture id → { city, hospitals, places: Map(county name → count) }
  let after = null;
  do {
    const data = await gql(`query ProvinceHospitals($p: String!, $after: String) {
      hospitals(filter: {province: $p}, first: 500, after: $after) {
        edges { node { id cities { id name code level province { id } } } } pageInfo { hasNextPage endCursor } } }`,
    { p: p.province.name, after });
    for (const { node: h } of data.hospitals.edges) {
      const mine = h.cities.filter((c) => c.province && c.province.id === p.province.id);
      const county = mine.find((c) => c.level !== 'PREFECTURE');
      const prefecture = mine.find((c) => c.level === 'PREFECTURE') ||
        (county && county.code && byCode.get(`${county.code.slice(0, 4)}00`)) || county || mine[0];
      if (!prefecture) continue;
      const g = groups.get(prefecture.id) || { city: prefecture, hospitals: 0, places: new Map() };
      g.hospitals++;
      if (county && county.id !== prefecture.id) g.places.set(county.name, (g.places.get(county.name) || 0) + 1);
      groups.set(prefecture.id, g);
    }
    after = data.hospitals.pageInfo.hasNextPage ? data.hospitals.pageInfo.endCursor : null;
  } while (after);
  const rows = [...groups.values()].sort((a, b) => b.hospitals - a.hospitals || a.city.name.localeCompare(b.city.name, 'zh'));
  overviewRows.set(p.province.id, rows);
  return rows;
}

function renderOverview() {
  const s = state.stats;
  if (!s) return;
  const provinces = s.provinces.filter((p) => p.hospitals > 0).sort((a, b) => b.hospitals - a.hospitals || a.province.name.localeCompare(b.province.name, 'zh'));
  const max = Math.max(1, ...provinces.map((p) => p.hospitals));
  const bar = (n) => {
    const b = el('span', { class: 'bar' });
    b.style.width = `${(100 * n) / max}%`;
    return b;
  };
  const root = el('div', { class: 'overview' });
  for (const p of provinces) {
    const province = { id: p.province.id, name: p.province.name, kind: 'PROVINCE' };
    const list = el('ul', {}, el('li', {}, el('button', { type: 'button', class: 'link', onclick: () => setPlace(province) }, t('wholeProvince', p.province.name))));
    const det = el('details', { 'data-id': p.province.id },
      el('summary', {}, el('span', { class: 'bar-row' }, el('span', {}, p.province.name), bar(p.hospitals), el('span', { class: 'count' }, p.hospitals))),
      list);
    det.addEventListener('toggle', async () => {
      if (!det.open || det.dataset.loaded) return;
      det.dataset.loaded = 'yes';
      try {
        const rows = await provinceRows(p);
        list.append(...rows.map((g) => el('li', { class: 'bar-row city-row' },
          el('button', { type: 'button', class: 'link', onclick: () => setPlace({ id: g.city.id, name: g.city.name, kind: 'CITY' }) }, g.city.name),
          bar(g.hospitals), el('span', { class: 'count' }, g.hospitals),
          g.places.size ? el('span', { class: 'places' }, t('within', [...g.places].map(([n, c]) => `${n} ${c}`).join(t('listSep')))) : null)));
      } catch (err) { list.append(el('li', { class: 'hint' }, t('error') + err.message)); }
    });
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

// The graph as a PNG that stands on its own: title, the question, the
// date, and a legend of the kinds above the drawing.
async function exportPNG() {
  const scale = 2;
  const img = new Image();
  img.src = cy.png({ output: 'base64uri', full: true, bg: '#ffffff', scale });
  await img.decode();
  const kinds = KINDS.filter((k) => cy.nodes(`[kind = "${k}"]`).nonempty());
  const head = 96 * scale;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(img.width, 720 * scale);
  canvas.height = img.height + head;
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#1d2330';
  g.font = `600 ${18 * scale}px system-ui, "Noto Sans CJK SC", sans-serif`;
  g.fillText(t('title'), 12 * scale, 26 * scale);
  g.font = `${13 * scale}px system-ui, "Noto Sans CJK SC", sans-serif`;
  g.fillText(`${queryText()} · ${new Date().toISOString().slice(0, 10)}`, 12 * scale, 50 * scale);
  let x = 12 * scale;
  for (const k of kinds) {
    g.fillStyle = COLOURS[k];
    g.fillRect(x, 64 * scale, 12 * scale, 12 * scale);
    g.fillStyle = '#1d2330';
    g.fillText(kindName(k), x + 16 * scale, 75 * scale);
    x += (28 + 14 * kindName(k).length) * scale;
  }
  g.drawImage(img, 0, head);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  download('medkg-explore.png', blob);
}

// queryText is the question on screen, in words.
function queryText() {
  if (state.view === 'paths' && state.pathFrom && state.pathTo) return t('pathQuery', state.pathFrom.name, state.pathTo.name);
  const parts = [];
  if (state.symptom) parts.push(`${t('symptom')}${t('colon')}${state.symptom.name}`);
  if (state.place) parts.push(`${t('place')}${t('colon')}${state.place.name}`);
  return parts.join(' · ') || t('graph');
}

const csvRow = (r) => r.map((v) => `"${String(v ?? '').replace(/"/g, '""')}"`).join(',');
// A BOM, so that spreadsheet programs read the file as UTF-8.
const csvFile = (rows) => '\ufeff' + rows.map(csvRow).join('\r\n') + '\r\n';

// rankingCSV is the ranking on screen, one hospital a row, with what
// ranks it and its first passage.
function rankingCSV() {
  const rows = [['rank', 'hospital', 'city', 'province', 'symptom', 'documents', 'items', 'passages', 'first_date', 'last_date', 'tied', 'evidence', 'item', 'document']];
  (lastRanking || []).forEach((r, i, ranked) => {
    const ev = r.evidence[0];
    const city = r.hospital.city;
    rows.push([r.rank, r.hospital.name, city ? city.name : '', city && city.province ? city.province.name : '', r.symptom.name,
      r.documents, r.items, r.passages, r.firstDate, r.lastDate, tied(ranked, i) ? t('tie') : '',
      ev ? ev.snippet : '', ev ? ev.itemTitle || t('article') : '', ev ? ev.document.file : '']);
  });
  return csvFile(rows);
}

function exportRankingCSV() {
  download('medkg-ranking.csv', new Blob([rankingCSV()], { type: 'text/csv;charset=utf-8' }));
}

function linksCSV() {
  const rows = [['from_kind', 'from', 'relation', 'to_kind', 'to', 'evidence', 'first_document', 'first_item', 'first_date', 'first_snippet']];
  cy.edges().filter((e) => e.visible()).forEach((e) => {
    const ev = (info.get(e.id()) || {}).evidence || [];
    const first = ev[0];
    rows.push([kindName(e.source().data('kind')), e.source().data('label'), relName(e.data('type')), kindName(e.target().data('kind')), e.target().data('label'),
      ev.length, first ? first.document.file : '', first ? first.itemTitle || '' : '', first ? first.date || '' : '', first ? first.snippet : '']);
  });
  return csvFile(rows);
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
  const use = $('search-use');
  const u = use.value;
  use.replaceChildren(el('option', { value: '' }, t('useShow')), el('option', { value: 'from' }, t('useFrom')), el('option', { value: 'to' }, t('useTo')));
  use.value = u;
  for (const k of KINDS) $(`kind-label-${k}`).textContent = kindName(k);
  renderChips();
  if (lastRanking && cy.nodes().length) {
    // Keep the ranking's words in the chosen language.
    const placeName = state.place ? state.place.name : '';
    if (state.view !== 'paths') {
      $('ranking').replaceChildren(...lastRanking.map(rankingRow));
      $('why-first').replaceChildren(...[whyFirst(lastRanking)].filter(Boolean));
    }
    if (lastRanking.length) status(t('rankedN', lastRanking.length, lastRanking[0].symptom.name, placeName));
  }
  if (state.selected) showDetails(state.selected);
  renderOverview();
}

// ---- the view in the URL ----

// The view (symptom, place, selection, path ends, paths or ranking,
// language) lives in the URL's query, so that a view can be shared and
// reloaded, and back and forward walk the views. Ids carry the names.
let restoring = false;

function viewQuery() {
  const q = new URLSearchParams();
  if (state.symptom) q.set('symptom', state.symptom.id);
  if (state.place) q.set('place', state.place.id);
  if (state.pathFrom) q.set('from', state.pathFrom.id);
  if (state.pathTo) q.set('to', state.pathTo.id);
  if (state.view === 'paths') q.set('view', 'paths');
  if (state.selected) q.set('selected', state.selected);
  q.set('lang', state.lang);
  return q.toString();
}

function pushURL() {
  if (restoring) return;
  const q = viewQuery();
  if (q !== location.search.slice(1)) history.pushState(null, '', `?${q}`);
}

function entityOf(id) {
  if (!id) return null;
  const i = id.indexOf('/');
  return { id, name: id.slice(i + 1), kind: KIND_OF[id.slice(0, i)] };
}

async function restoreView() {
  restoring = true;
  try {
    const q = new URLSearchParams(location.search);
    const lang = q.get('lang');
    if (lang === 'en' || lang === 'zh') state.lang = lang;
    state.symptom = entityOf(q.get('symptom'));
    state.place = entityOf(q.get('place'));
    state.pathFrom = entityOf(q.get('from'));
    state.pathTo = entityOf(q.get('to'));
    state.selected = null;
    applyLang();
    if (state.symptom) await rank();
    else if (state.place) await showNeighbourhood(state.place.id, state.place.name, true);
    else clearGraph();
    if (q.get('view') === 'paths' && state.pathFrom && state.pathTo) await findPaths();
    const selected = q.get('selected');
    if (selected) await selectNode(selected);
  } finally {
    restoring = false;
  }
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
  $('symptom-clear').addEventListener('click', () => { state.symptom = null; state.selected = null; renderChips(); clearGraph(); status(''); pushURL(); $('search').focus(); });
  $('place-clear').addEventListener('click', () => { state.place = null; renderChips(); pushURL(); if (state.symptom) rank(); $('search').focus(); });
  $('find-paths').addEventListener('click', findPaths);
  $('fit').addEventListener('click', fitView);
  $('export-png').addEventListener('click', () => exportPNG().catch(fail));
  $('export-csv').addEventListener('click', exportCSV);
  $('export-ranking').addEventListener('click', exportRankingCSV);
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('medkg-explore-lang', state.lang);
    pushURL();
    applyLang();
  });
  window.addEventListener('popstate', () => restoreView().catch(fail));
  loadOverview();
  restoreView().catch(fail);
}

init();

// A hook for tests and the curious: the graph, the state, and the CSV of
// the links on screen.
window.__explore = { cy, state, linksCSV, rankingCSV, selectNode, expand };
