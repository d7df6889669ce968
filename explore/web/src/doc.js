// The document view, /explore/doc/FILE?start=S&end=E: a document's whole
// text with everything the loader read from it marked (entities by kind,
// the passages that state relations underlined), the list of those facts
// beside it, and the span the explorer came from (start, end) scrolled into
// view. It talks only to the GraphQL API of its server (../../graphql).
import { texts, kindNames, relationNames } from './i18n.js';
import { el, client } from './dom.js';

const KIND_OF = { Province: 'PROVINCE', City: 'CITY', Hospital: 'HOSPITAL', Department: 'DEPARTMENT', Symptom: 'SYMPTOM', InsurancePolicy: 'INSURANCE_POLICY' };
const API = new URL('../../graphql', location.href).href;
const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'en' || (!params.has('lang') && localStorage.getItem('medkg-explore-lang') === 'en') ? 'en' : 'zh';
const t = (key, ...args) => {
  const v = texts[lang][key];
  return typeof v === 'function' ? v(...args) : v;
};
const $ = (id) => document.getElementById(id);

const gql = client(API);

const kindOf = (e) => KIND_OF[e.__typename];
const factText = (f) => (f.relation
  ? `${f.from.name} → ${relationNames[lang][f.relation]} → ${f.to.name}`
  : `${kindNames[lang][kindOf(f.entity)]}${t('colon')}${f.entity.name}`);

// render writes the text as spans between every boundary of every fact:
// a stretch inside a mention gets its kind's class, one inside a stated
// relation is underlined, and each knows the facts that cover it.
function render(text, facts, target) {
  const chars = Array.from(text); // offsets count code points
  const cuts = new Set([0, chars.length]);
  for (const f of facts) { cuts.add(f.evidence.start); cuts.add(f.evidence.end); }
  if (target) { cuts.add(target.start); cuts.add(target.end); }
  const bounds = [...cuts].filter((c) => c >= 0 && c <= chars.length).sort((a, b) => a - b);
  const out = $('text');
  let targetEl = null;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [a, b] = [bounds[i], bounds[i + 1]];
    const covering = facts.filter((f) => f.evidence.start <= a && f.evidence.end >= b);
    const mention = covering.find((f) => !f.relation);
    const stated = covering.filter((f) => f.relation);
    const piece = chars.slice(a, b).join('');
    const isTarget = target && a >= target.start && b <= target.end;
    if (!mention && !stated.length && !isTarget) { out.append(piece); continue; }
    const span = el(mention ? 'mark' : 'span', {
      class: [mention ? `ent k-${kindOf(mention.entity)}` : '', stated.length ? 'rel' : '', isTarget ? 'target' : ''].filter(Boolean).join(' '),
      title: covering.map(factText).join('\n') || null,
    }, piece);
    if (isTarget && !targetEl) targetEl = span;
    out.append(span);
  }
  return targetEl;
}

function locate(f) {
  const url = new URL(location.href);
  url.searchParams.set('start', f.evidence.start);
  url.searchParams.set('end', f.evidence.end);
  location.replace(url.href);
}

async function main() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  const file = decodeURIComponent(location.pathname.split('/doc/')[1] || '');
  const back = new URL('../', location.href);
  back.searchParams.set('lang', lang);
  $('back').href = back.pathname + back.search;
  try {
    const data = await gql(`query Doc($file: String!) { document(file: $file) { file title date text
      facts { relation entity { __typename id name } from { __typename id name } to { __typename id name }
        evidence { start end snippet itemTitle date method confidence } } } }`, { file });
    const d = data.document;
    if (!d) { $('doc-title').textContent = t('docNotFound', file); return; }
    document.title = `${d.title} · ${t('title')}`;
    $('doc-title').textContent = d.title;
    $('doc-meta').textContent = [d.file, d.date || t('undated'), t('factsN', d.facts.length)].join(' · ');
    const start = Number(params.get('start'));
    const end = Number(params.get('end'));
    const target = params.has('start') && params.has('end') && end > start ? { start, end } : null;
    const targetEl = render(d.text, d.facts, target);
    $('facts').replaceChildren(...d.facts.map((f) => el('li', {},
      el('button', { type: 'button', class: 'link', onclick: () => locate(f) }, factText(f)),
      el('span', { class: 'support' }, [f.evidence.itemTitle || t('article'), f.evidence.date || t('undated'), `${f.evidence.start}–${f.evidence.end}`].join(' · ')))));
    if (targetEl) targetEl.scrollIntoView({ block: 'center' });
  } catch (err) {
    $('doc-title').textContent = t('error') + err.message;
  }
}

main();
