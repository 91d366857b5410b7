#!/usr/bin/env python3
"""The layout rules of crates/README.md, checked:

1. no import circle between the modules of one crate (edges: `crate::m`,
   `super::m`, and `use m::` in a parent module);
2. each crate depends only on the crashprint crates its row allows.

Exit status 1 on a violation. `-v` lists every module's edges."""
import os,re,sys,glob
root=sys.argv[1] if len(sys.argv)>1 else '.'
bad=0
for crate in sorted(glob.glob(os.path.join(root,'crates/*/src'))):
    mods={}
    for dp,_,fs in os.walk(crate):
        for f in fs:
            if not f.endswith('.rs'): continue
            p=os.path.join(dp,f); rel=os.path.relpath(p,crate)[:-3]
            if rel.endswith('/mod'): rel=rel[:-4]
            name=rel.replace('/','::')
            if name in ('lib','main'): name='<root>'
            src=open(p).read()
            # strip tests modules and comments
            src=re.sub(r'#\[cfg\(test\)\]\s*mod \w+ \{.*','',src,flags=re.S)
            src='\n'.join(l for l in src.split('\n') if not l.strip().startswith('//'))
            mods[name]=src
    names=set(mods)
    edges={m:set() for m in mods}
    # items defined at root (non-reexport): fn/struct/enum/const/trait/type/static
    rootsrc=mods.get('<root>','')
    rootitems=set(re.findall(r'^(?:pub(?:\([^)]*\))? )?(?:fn|struct|enum|const|trait|type|static) (\w+)',rootsrc,flags=re.M))
    for m,src in mods.items():
        for path in re.findall(r'crate::((?:\w+::)*\w+)',src):
            first=path.split('::')[0]
            # deepest module prefix
            parts=path.split('::'); tgt=None
            for k in range(len(parts),0,-1):
                cand='::'.join(parts[:k])
                if cand in names: tgt=cand;break
            if tgt is None and first in rootitems: tgt='<root>'
            if tgt and tgt!=m and not m.startswith(tgt+'::'): edges[m].add(tgt)
        if '::' in m or m!='<root>':
            parent='::'.join(m.split('::')[:-1]) or '<root>'
            for path in re.findall(r'\bsuper::((?:\w+::)*\w+)',src):
                parts=path.split('::')
                cand=(parent+'::' if parent!='<root>' else '')+parts[0]
                if cand in names and cand!=m: edges[m].add(cand)
                elif parts[0] not in names and parent!='<root>' and cand not in names: pass
        if m=='<root>' or True:
            # root/mod.rs `use child::` edges
            for path in re.findall(r'^\s*(?:pub )?use (\w+)::',src,flags=re.M):
                base=(m+'::' if m!='<root>' else '')+path
                if base in names and base!=m: edges[m].add(base)
    # parent->child declaration edges are ownership, not imports: ignore. detect cycles
    def cyc():
        color={}; stack=[]; found=[]
        def dfs(u):
            color[u]=1; stack.append(u)
            for v in edges[u]:
                if color.get(v)==1: found.append(stack[stack.index(v):]+[v])
                elif not color.get(v): dfs(v)
            stack.pop(); color[u]=2
        for u in edges:
            if not color.get(u): dfs(u)
        return found
    c=cyc()
    print(f"{os.path.basename(os.path.dirname(crate))}: {len(mods)} modules, cycles: {c if c else 'none'}")
    if '-v' in sys.argv:
        for m in sorted(edges): print('   ',m,'->',', '.join(sorted(edges[m])) or '-')
    bad+=len(c)
# Which crashprint crates each crate may depend on (crates/README.md).
ALLOWED = {
    "crashprint-model": set(),
    "crashprint-readers": {"crashprint-model"},
    "crashprint-fingerprint": {"crashprint-model"},
    "crashprint-native": {"crashprint-model"},
    "crashprint-minidump": {"crashprint-model", "crashprint-native"},
    "crashprint-sourcemap": {"crashprint-model"},
    "crashprint-proguard": {"crashprint-model"},
    "crashprint-eval": set(),
    "crashprint": {"crashprint-model", "crashprint-readers", "crashprint-fingerprint",
                   "crashprint-native", "crashprint-minidump", "crashprint-sourcemap",
                   "crashprint-proguard"},
    "crashprint-cli": {"crashprint", "crashprint-eval"},
}
for toml in sorted(glob.glob(os.path.join(root, "crates/*/Cargo.toml"))):
    crate = os.path.basename(os.path.dirname(toml))
    text = open(toml).read()
    deps = re.search(r"^\[dependencies\]\n(.*?)(?=^\[|\Z)", text, flags=re.M | re.S)
    used = set(re.findall(r"^(crashprint[\w-]*)", deps.group(1) if deps else "", flags=re.M))
    if crate not in ALLOWED:
        print(f"{crate}: not in the layout table of crates/README.md")
        bad += 1
        continue
    extra = used - ALLOWED[crate]
    print(f"{crate}: depends on {sorted(used) or 'no crashprint crate'}" + (f"; NOT ALLOWED: {sorted(extra)}" if extra else ""))
    bad += len(extra)
sys.exit(1 if bad else 0)
