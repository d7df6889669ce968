#!/bin/bash
# Scores field pages one at a time against their gold and pools the counts.
#
# usage: tools/fieldscore/fieldscore.sh KG_BINARY PAGE...
#   e.g. go build -o /tmp/kg . && tools/fieldscore/fieldscore.sh /tmp/kg loader/testdata/sites/*.{txt,html}
#
# Each page (its gold is the same stem with .gold.json) is loaded alone into
# a fresh store by `kg eval`; the script prints each page's entity and
# relation F1, then the micro-average over all pages (TP, FP, FN summed).
set -euo pipefail
bin=$1; shift
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in "$@"; do
  d=$(mktemp -d -p "$tmp"); cp "$f" "$d/"
  "$bin" eval --gold "${f%.*}.gold.json" --docs "$d" > "$d/report" 2>&1 || true
  awk -v f="$(basename "$f")" '$1=="total"{t=t" "$NF} END{printf "%-28s entity %s relation %s\n", f, substr(t,2,5), substr(t,8,5)}' "$d/report"
  awk '/^entities/{s="E"} /^relations/{s="R"} $1!="total" && NF==8 && $2 ~ /^[0-9]+$/ {print s, $2, $3, $4}' "$d/report" >> "$tmp/counts"
done
awk '{tp[$1]+=$2; fp[$1]+=$3; fn[$1]+=$4}
END{for (s in tp) {p=tp[s]/(tp[s]+fp[s]); r=tp[s]/(tp[s]+fn[s]); printf "pooled %s F1 %.3f (tp %d, fp %d, fn %d)\n", (s=="E"?"entity":"relation"), 2*p*r/(p+r), tp[s], fp[s], fn[s]}}' "$tmp/counts" | sort
