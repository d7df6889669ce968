// Runs every server audit of the graphql-http package against the GraphQL
// endpoint given as the first argument (e.g. http://127.0.0.1:8080/graphql)
// and prints one line per audit. Exits 1 if a MUST audit fails; SHOULD and
// MAY audits that fail are reported only.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}

let passed = 0;
let mustFailed = 0;
const failures = { MUST: 0, SHOULD: 0, MAY: 0 };
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  const level = audit.name.split(' ')[0]; // MUST, SHOULD or MAY
  if (result.status === 'ok') {
    passed++;
    console.log(`ok    ${audit.id} ${audit.name}`);
    continue;
  }
  if (result.status === 'error') {
    failures[level] = (failures[level] || 0) + 1;
    if (level === 'MUST') mustFailed++;
  } else {
    failures[level] = (failures[level] || 0) + 1; // warn: a SHOULD or MAY not met
  }
  let detail = result.reason;
  if (result.response) {
    const body = await result.response.text().catch(() => '');
    detail += ` (status ${result.response.status}, body ${body.slice(0, 200)})`;
  }
  console.log(`${result.status.padEnd(5)} ${audit.id} ${audit.name}: ${detail}`);
}
console.log(`graphql-http server audit: ${passed} ok; unmet ${failures.MUST} MUST, ${failures.SHOULD} SHOULD, ${failures.MAY} MAY`);
process.exit(mustFailed > 0 ? 1 : 0);
