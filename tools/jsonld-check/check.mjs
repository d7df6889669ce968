// Checks kg serve's linked-data exports with a JSON-LD processor
// (jsonld.js): /export.jsonld must expand with every term defined by its
// own @context (nothing fetched from the network), and its RDF must be
// exactly the quads of /export.nq, for the whole graph and for one
// document (?document=). Exit 1 on the first difference.
//
//   node check.mjs http://127.0.0.1:8080
import jsonld from "jsonld";

const base = process.argv[2];
if (!base) {
  console.error("usage: node check.mjs BASE_URL");
  process.exit(2);
}

// No remote contexts: the export must describe itself.
const documentLoader = async (url) => {
  throw new Error(`the export asked for a remote context: ${url}`);
};

function fail(what, detail) {
  console.error(`FAIL: ${what}`, detail ?? "");
  process.exit(1);
}

async function get(path) {
  const resp = await fetch(base + path);
  if (!resp.ok) fail(`GET ${path}: ${resp.status}`);
  return resp.text();
}

// lines returns the set of an N-Quads text's statements.
function lines(nq) {
  return new Set(nq.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#")));
}

async function check(query) {
  const doc = JSON.parse(await get(`/export.jsonld${query}`));
  if (!doc["@context"]) fail(`/export.jsonld${query} has no @context`);
  // Every key must expand to an IRI: a term the context does not define
  // would be dropped silently by expansion.
  const expanded = await jsonld.expand(doc, { documentLoader, safe: true }).catch((e) => fail(`expand /export.jsonld${query}`, e.message));
  if (expanded.length === 0) fail(`/export.jsonld${query} expands to nothing`);
  const fromJSONLD = lines(await jsonld.toRDF(doc, { format: "application/n-quads", documentLoader, safe: true }));
  const fromNQ = lines(await get(`/export.nq${query}`));
  const missing = [...fromNQ].filter((q) => !fromJSONLD.has(q));
  const extra = [...fromJSONLD].filter((q) => !fromNQ.has(q));
  if (missing.length || extra.length) {
    fail(`/export.jsonld${query} and /export.nq${query} differ: ${missing.length} quads only in N-Quads, ${extra.length} only in JSON-LD`,
      JSON.stringify({ onlyNQuads: missing.slice(0, 5), onlyJSONLD: extra.slice(0, 5) }, null, 1));
  }
  console.log(`ok: /export.jsonld${query}: ${fromJSONLD.size} quads, the same as /export.nq${query}`);
}

await check("");
const files = JSON.parse(await (await fetch(`${base}/graphql`, {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ query: "{ documents(first: 1) { edges { node { file } } } }" }),
})).text()).data.documents.edges.map((e) => e.node.file);
if (files.length === 0) fail("no document to export");
await check(`?document=${encodeURIComponent(files[0])}`);
const unknown = await fetch(`${base}/export.jsonld?document=no-such-file.txt`);
if (unknown.status !== 404) fail(`an unknown document answers ${unknown.status}, not 404`);
console.log("ok: an unknown document answers 404");
