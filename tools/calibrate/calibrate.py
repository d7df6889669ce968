#!/usr/bin/env python3
"""Measure each relation method's precision against gold annotations.

usage: tools/calibrate/calibrate.py KG_BINARY GOLD.json...

For every page of each gold file, runs `KG_BINARY extract --json` and judges
each distinct (type, from, to, method) the extractor states: a hit when the
gold holds that relation as required, a false hit when the gold does not hold
it at all; optional gold relations are left out. Entity names are matched
through the gold's names and aliases and the extraction's aliases.
Method.Confidence in graph/types.go is set from this measurement on pages the
loader was not tuned on (loader/testdata/heldout).
"""
# is judged against its page's gold (names or aliases); optional gold facts are left out.
import collections, glob, json, os, subprocess, sys

tp = collections.Counter(); fp = collections.Counter()
for gf in sys.argv[2:]:
    g=json.load(open(gf)); d=gf.rsplit('/',1)[0]

    ex={'Entities':[],'Relations':[]}
    for doc in g['documents']:
        path=d+'/'+doc if os.path.exists(d+'/'+doc) else 'seeds/'+doc
        one=json.loads(subprocess.run([sys.argv[1],'extract','--json',path],capture_output=True,text=True).stdout)
        ex['Entities']+=one['Entities']; ex['Relations']+=one['Relations']
    canon={}
    for kind,es in g['entities'].items():
        for e in es:
            for n in [e['name']]+e.get('aliases',[]): canon[(kind,n)]=e['name']
    aliases={}
    for e in ex['Entities']:
        aliases[(e['Kind'],e['Name'])]=[e['Name']]+(e.get('Aliases') or [])
    def gname(ref):
        for n in aliases.get((ref['Kind'],ref['Name']),[ref['Name']]):
            if (ref['Kind'],n) in canon: return canon[(ref['Kind'],n)]
        return None
    req=set(); opt=set()
    for r in g['relations']:
        (opt if r.get('optional') else req).add((r['type'],r['from'],r['to']))
    seen={}
    for r in ex['Relations']:
        key=(r['Type'],gname(r['From']),gname(r['To']))
        m=r['Method']
        if (key,m) in seen: continue
        seen[(key,m)]=1
        if key in opt: continue
        if key in req: tp[m]+=1
        else: fp[m]+=1
for m in sorted(set(tp)|set(fp)):
    n=tp[m]+fp[m]; print(f"{m:16s} {tp[m]:4d}/{n:4d}  precision {tp[m]/n:.3f}")
