// What both pages share: making elements, and asking the GraphQL API.

// el makes an element with attributes (on… are listeners) and children
// (strings become text, never HTML).
export function el(tag, attrs = {}, ...children) {
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

// client returns a function that runs a query on the API at url and
// returns its data, or throws with the errors' messages.
export function client(url) {
  return async function gql(query, variables = {}) {
    const resp = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await resp.json().catch(() => ({}));
    if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    if (!resp.ok) throw new Error(`${resp.status} ${resp.statusText}`);
    return body.data;
  };
}
