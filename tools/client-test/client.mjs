// What a frontend team does with the API, through the clients it uses:
// Apollo Client 4 over HTTP (a paginated nested query, a query with
// @defer read as it streams in) and graphql-ws over WebSocket (a
// subscription that sees a document ingested by a mutation). Fails (exit
// 1) on the first thing that is not as a client expects.
//
//   node client.mjs http://127.0.0.1:8080 WRITE_TOKEN
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { Defer20220824Handler } from "@apollo/client/incremental";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [base, token] = process.argv.slice(2);
if (!base || !token) {
  console.error("usage: node client.mjs BASE_URL WRITE_TOKEN");
  process.exit(2);
}
const endpoint = `${base}/graphql`;

function check(ok, what, detail) {
  if (!ok) {
    console.error(`FAIL: ${what}`, detail === undefined ? "" : JSON.stringify(detail).slice(0, 2000));
    process.exit(1);
  }
  console.log(`ok: ${what}`);
}

const client = new ApolloClient({
  link: new HttpLink({ uri: endpoint }),
  cache: new InMemoryCache(),
  incrementalHandler: new Defer20220824Handler(),
});

// 1. A paginated nested query: province → cities → hospitals, each a
// connection, as Relay and Apollo's pagination helpers page them.
{
  const { data, error } = await client.query({
    query: gql`
      query Paged {
        province(name: "江苏") {
          name
          citiesConnection(first: 5, orderBy: { field: DOCUMENTS, direction: DESC }) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { cursor node { name hospitalsConnection(first: 5) { totalCount edges { node { name recommendedFor { name } } } } } }
          }
        }
      }`,
    fetchPolicy: "network-only",
  });
  const cities = data?.province?.citiesConnection;
  check(!error && cities?.edges?.length > 0 && cities.totalCount >= cities.edges.length, "paginated nested query", error ?? data);
  const hospitals = cities.edges.flatMap((e) => e.node.hospitalsConnection.edges);
  check(hospitals.some((h) => h.node.recommendedFor.length > 0), "…reaches hospitals and what they are recommended for", data);
}

// 2. @defer: the ranking first, the evidence of each as it resolves; the
// client sees the partial result, then the whole.
{
  const query = gql`
    query DeferredEvidence {
      recommend(symptom: "皮肤紫癜", first: 3) {
        rank
        hospital { id name }
        ... @defer(label: "evidence") { evidence(first: 1) { snippet start end } }
      }
    }`;
  const results = await new Promise((resolve, reject) => {
    const seen = [];
    const sub = client.watchQuery({ query, fetchPolicy: "network-only" }).subscribe({
      next(r) {
        seen.push(r);
        if (r.error) { sub.unsubscribe(); reject(r.error); }
        if (r.dataState === "complete") { sub.unsubscribe(); resolve(seen); }
      },
      error: reject,
    });
    setTimeout(() => reject(new Error("no complete result in 20 s")), 20000);
  });
  const streaming = results.filter((r) => r.dataState === "streaming");
  const last = results[results.length - 1].data;
  check(streaming.length > 0 && streaming[0].data.recommend.length === 3, "@defer: a partial result first", streaming[0]);
  check(streaming[0].data.recommend.every((r) => r.evidence === undefined), "…without the deferred evidence (no null in its place)", streaming[0]);
  check(last.recommend.length === 3 && last.recommend.every((r) => r.evidence.length === 1 && r.evidence[0].snippet.length > 0),
    "…then the whole result with the evidence", last);
}

// 3. A subscription over graphql-ws sees a document ingested by a
// mutation, and the document is readable when the event comes.
{
  const ws = createClient({ url: endpoint.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
  const file = `client_test_${Date.now()}.txt`;
  const event = new Promise((resolve, reject) => {
    const stop = ws.subscribe(
      { query: "subscription { documentChanged { kind file relations entities { kind name } document { file title } } }" },
      {
        next(r) {
          if (r.data?.documentChanged?.file === file) { stop(); resolve(r.data.documentChanged); }
        },
        error: reject,
        complete() {},
      },
    );
    setTimeout(() => reject(new Error("no event in 20 s")), 20000);
  });
  // graphql-ws says nothing when the subscription is set up: give it a
  // moment before the write.
  await new Promise((r) => setTimeout(r, 500));
  const text = "2025年江苏苏州出现皮肤紫癜去哪家医院好\n苏州出现皮肤紫癜，推荐苏州大学附属第一医院血液科。";
  const resp = await fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: "mutation($file: String!, $text: String!) { ingestDocument(file: $file, text: $text) { file added } }",
      variables: { file, text },
    }),
  });
  const written = await resp.json();
  check(resp.ok && written.data?.ingestDocument?.file === file, "mutation ingestDocument", written);
  const e = await event;
  check(e.kind === "INGESTED" && e.document?.file === file && e.entities.some((x) => x.name === "苏州大学附属第一医院"),
    "subscription documentChanged sees the ingest, with the document readable", e);
  await ws.dispose();
}

console.log("all client checks passed");
process.exit(0);
