#!/bin/sh
# Regenerates the explorer's reference screenshots in docs/explore/ (the
# README shows them): builds kg, serves the seeds on a temporary store and
# runs the end-to-end test, which saves each view it checks. Needs Node and
# Debian's chromium (as .ci/run installs them); pngquant, if present,
# makes the files smaller.
#
#	tools/e2e-explore/screenshots.sh
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
npm ci --prefix tools/e2e-explore --no-audit --no-fund --loglevel=error
dir=$(mktemp -d)
go build -o "$dir/kg" .
"$dir/kg" serve --addr 127.0.0.1:0 --dbpath "$dir/kg.db" 2>"$dir/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
base=""
for _ in $(seq 1 300); do
  addr=$(sed -n 's/.*msg=listening addr=\([^ ]*\).*/\1/p' "$dir/serve.log" | head -n 1)
  if [ -n "$addr" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$addr/healthz")" = 200 ]; then
    base="http://$addr"
    break
  fi
  sleep 0.2
done
[ -n "$base" ] || { cat "$dir/serve.log" >&2; echo "kg serve did not become ready" >&2; exit 1; }
mkdir -p docs/explore
node tools/e2e-explore/explore.mjs "$base" docs/explore
if command -v pngquant >/dev/null; then
  pngquant --force --skip-if-larger --ext .png --quality 70-95 docs/explore/*.png || true
fi
ls -l docs/explore
