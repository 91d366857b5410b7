//! Parsing a mapping file into a compact, immutable index.
//!
//! The whole file is kept as one string (the arena); classes and method
//! ranges refer into it by offset. Per class, method ranges are kept in
//! file order (R8's semantics depend on it) and additionally as a
//! permutation sorted by obfuscated name, so a lookup is a binary search
//! over classes and one over the class's methods.

use crate::entry::{Entry, Span, F_OUTLINE, F_PART_START, F_SYNTHESIZED, NONE};
use crate::error::MappingWarning;
use crate::json;
use crate::lookup::{partition, range_ambiguous};
use crashprint_model::Deadline;
use serde_json::Value;

/// Known `com.android.tools.r8.mapping` versions.
const KNOWN_VERSIONS: &[&str] = &["1.0", "2.0", "2.1", "2.2"];

/// A `rewriteFrame` rule.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rewrite {
    /// Exception classes (`throws(...)` conditions), all must hold; `None`
    /// when a condition is not understood (never holds).
    pub throws: Option<Vec<String>>,
    /// `removeInnerFrames(n)` total.
    pub remove_inner: u32,
}

/// Rare per-range information.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extra {
    /// `outlineCallsite` positions.
    pub callsite: Vec<(u32, u32)>,
    pub has_callsite: bool,
    pub rewrites: Vec<Rewrite>,
    /// `residualsignature` (JVM descriptor).
    pub residual: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Class {
    pub obf: Span,
    pub orig: Span,
    pub source_file: Option<Span>,
    pub synthesized: bool,
    /// Range of `Index::entries` / `Index::by_name`.
    pub first: u32,
    pub end: u32,
}

/// The parsed mapping.
#[derive(Debug, Default)]
pub(crate) struct Index {
    pub classes: Vec<Class>,
    /// Class indices sorted by obfuscated name.
    pub by_obf: Vec<u32>,
    /// Open-addressing hash table of class indices by obfuscated name.
    pub class_table: Vec<u32>,
    /// Class indices with a `sourceFile`, sorted by original name.
    pub by_orig_with_file: Vec<u32>,
    pub entries: Vec<Entry>,
    /// Per class, entry indices sorted by obfuscated name (stable).
    pub by_name: Vec<u32>,
    pub extras: Vec<Extra>,
    pub warnings: Vec<MappingWarning>,
    pub versions: Vec<String>,
    /// Per (class, obfuscated method name) group, in `by_name` order: its
    /// inline chains sorted by minified range, when a line can find its
    /// chain by one binary search (see [`Group`]).
    pub groups: Vec<Group>,
    /// Open-addressing table of group indices by (class, obfuscated name).
    pub group_table: Vec<u32>,
    pub chains: Vec<Chain>,
}

/// One obfuscated method name of one class.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Group {
    /// Its class (index in `Index::classes`).
    pub class: u32,
    /// Range of `Index::by_name`: its entries, in file order.
    pub start: u32,
    pub len: u32,
    /// Range of `Index::chains`.
    pub chains: u32,
    pub count: u32,
    /// Plain (no outline, synthesized member or rewrite rule) with disjoint
    /// minified ranges: a line names at most one chain, found by binary
    /// search without R8's general ambiguity machinery.
    pub fast: bool,
}

/// A run of entries (in file order) sharing one minified range: an inline
/// chain, innermost first.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chain {
    pub from: u32,
    pub to: u32,
    /// Position of its first entry in the group's `by_name` slice.
    pub first: u32,
    pub len: u32,
    /// Some entry's original range does not match its minified one: the
    /// general path expands it.
    pub ambiguous: bool,
}

/// What a comment line attaches to.
#[derive(Clone, Copy)]
enum Target {
    File,
    Class,
    Entry(usize),
    Field,
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r' || b == 0x0b || b == 0x0c
}

fn parse_u32(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u32>().ok().filter(|v| *v != NONE)
}

impl Index {
    pub fn build(text: &str) -> Index {
        Self::build_until(text, Deadline::NONE).unwrap_or_default()
    }

    /// [`Index::build`], `None` once `deadline` passes (checked every 64 Ki
    /// lines).
    pub fn build_until(text: &str, deadline: Deadline) -> Option<Index> {
        let mut ix = Index::default();
        let bytes = text.as_bytes();
        let mut pos = 0usize;
        let mut line_no = 0usize;
        let mut target = Target::File;
        let mut current: Option<usize> = None;
        while pos < bytes.len() {
            line_no += 1;
            if line_no & 0xffff == 0 && deadline.passed() {
                return None;
            }
            let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
            let mut s = pos;
            let mut e = end;
            pos = end + 1;
            while s < e && is_space(bytes[s]) {
                s += 1;
            }
            while e > s && is_space(bytes[e - 1]) {
                e -= 1;
            }
            if s == e {
                continue;
            }
            let indented = s > 0 && bytes[s - 1] != b'\n';
            let line = match text.get(s..e) {
                Some(l) => l,
                None => continue,
            };
            if bytes[s] == b'#' {
                ix.comment(line, s, line_no, target, current);
                continue;
            }
            if e - s > u16::MAX as usize {
                ix.warn(line_no, "line too long, skipped");
                continue;
            }
            if let Some((orig, obf)) = class_line(line, indented) {
                if let Some(c) = current {
                    ix.classes[c].end = ix.entries.len() as u32;
                }
                let orig = Span::new(s + orig.0, s + orig.1);
                let obf = Span::new(s + obf.0, s + obf.1);
                ix.classes.push(Class {
                    obf,
                    orig,
                    source_file: None,
                    synthesized: false,
                    first: ix.entries.len() as u32,
                    end: ix.entries.len() as u32,
                });
                current = Some(ix.classes.len() - 1);
                target = Target::Class;
                continue;
            }
            if current.is_none() {
                ix.warn(line_no, "member line outside of a class, skipped");
                continue;
            }
            if !line.contains('(') {
                // A field: `type name -> obf`.
                if line.contains(" -> ") {
                    target = Target::Field;
                } else {
                    ix.warn(line_no, "unrecognized line, skipped");
                }
                continue;
            }
            match method_line(line, s) {
                Ok(entry) => {
                    ix.entries.push(entry);
                    target = Target::Entry(ix.entries.len() - 1);
                }
                Err(why) => ix.warn(line_no, why),
            }
        }
        if let Some(c) = current {
            ix.classes[c].end = ix.entries.len() as u32;
        }
        ix.finish(text);
        Some(ix)
    }

    fn warn(&mut self, line: usize, message: &str) {
        // Bound the number of warnings kept for pathological inputs.
        if self.warnings.len() < 10_000 {
            self.warnings.push(MappingWarning {
                line,
                message: message.to_string(),
            });
        }
    }

    fn comment(
        &mut self,
        line: &str,
        base: usize,
        line_no: usize,
        target: Target,
        current: Option<usize>,
    ) {
        let body = line.trim_start_matches('#').trim();
        if !body.starts_with('{') {
            return; // `# compiler: R8` and other plain comments
        }
        let Some(value) = json::parse(body) else {
            self.warn(line_no, "unreadable JSON header, ignored");
            return;
        };
        let id = value.get("id").and_then(Value::as_str).unwrap_or("");
        match id {
            "com.android.tools.r8.mapping" => {
                let version = value
                    .get("version")
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                    .unwrap_or_default();
                if !KNOWN_VERSIONS.contains(&version.as_str()) {
                    self.warn(line_no, &format!("unknown mapping version {version:?}"));
                }
                self.versions.push(version);
            }
            "sourceFile" => {
                let file = value.get("fileName").and_then(Value::as_str);
                match (target, current, file) {
                    (Target::Class, Some(c), Some(f)) => {
                        // Point into the arena: find the file name in the line.
                        if let Some(span) = find_in_line(line, base, f) {
                            self.classes[c].source_file = Some(span);
                        } else {
                            self.warn(line_no, "escaped sourceFile name, ignored");
                        }
                    }
                    _ => self.warn(line_no, "sourceFile header outside of a class header"),
                }
            }
            "com.android.tools.r8.synthesized" => match (target, current) {
                (Target::Class, Some(c)) => self.classes[c].synthesized = true,
                (Target::Entry(i), _) => self.entries[i].flags |= F_SYNTHESIZED,
                _ => {}
            },
            "com.android.tools.r8.outline" => {
                if let Target::Entry(i) = target {
                    self.entries[i].flags |= F_OUTLINE;
                }
            }
            "com.android.tools.r8.outlineCallsite" => {
                if let Target::Entry(i) = target {
                    let mut positions = Vec::new();
                    if let Some(map) = value.get("positions").and_then(Value::as_object) {
                        for (k, v) in map {
                            let from = k.trim().parse::<u32>().ok();
                            let to = v
                                .as_u64()
                                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
                            if let (Some(from), Some(to)) = (from, to) {
                                positions.push((from, to.min(u64::from(u32::MAX - 1)) as u32));
                            }
                        }
                    }
                    let extra = self.extra(i);
                    extra.callsite = positions;
                    extra.has_callsite = true;
                }
            }
            "com.android.tools.r8.rewriteFrame" => {
                if let Target::Entry(i) = target {
                    let rewrite = rewrite_rule(&value);
                    self.extra(i).rewrites.push(rewrite);
                }
            }
            "com.android.tools.r8.residualsignature" => {
                if let Target::Entry(i) = target {
                    let sig = value
                        .get("signature")
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    self.extra(i).residual = sig;
                }
            }
            "" => self.warn(line_no, "JSON header without an id, ignored"),
            other => {
                // Unknown information is legal (R8 keeps it for tools).
                if !other.starts_with("com.android.tools.r8.") {
                    self.warn(line_no, &format!("unknown header id {other:?}"));
                }
            }
        }
    }

    fn extra(&mut self, entry: usize) -> &mut Extra {
        if self.entries[entry].extra == NONE {
            self.entries[entry].extra = self.extras.len() as u32;
            self.extras.push(Extra::default());
        }
        let i = self.entries[entry].extra as usize;
        &mut self.extras[i]
    }

    fn finish(&mut self, text: &str) {
        self.entries.shrink_to_fit();
        self.classes.shrink_to_fit();
        let entries = &self.entries;
        self.by_name = (0..entries.len() as u32).collect();
        for class in &self.classes {
            let (a, b) = (class.first as usize, class.end as usize);
            if a < b && b <= self.by_name.len() {
                self.by_name[a..b].sort_unstable_by(|x, y| {
                    let ex = &entries[*x as usize];
                    let ey = &entries[*y as usize];
                    ex.obf.get(text).cmp(ey.obf.get(text)).then(x.cmp(y))
                });
            }
        }
        let mut starts: Vec<u32> = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut chains: Vec<Chain> = Vec::new();
        for (class_index, class) in self.classes.iter().enumerate() {
            let (a, b) = (class.first as usize, class.end as usize);
            let Some(slice) = self.by_name.get(a..b) else {
                continue;
            };
            let mut i = 0;
            while i < slice.len() {
                let name = entries[slice[i] as usize].obf.bytes(text);
                let mut j = i + 1;
                while j < slice.len() && entries[slice[j] as usize].obf.bytes(text) == name {
                    j += 1;
                }
                let run: Vec<&Entry> = slice[i..j].iter().map(|e| &entries[*e as usize]).collect();
                for (start, _) in partition(&run, text) {
                    starts.push(slice[i + start]);
                }
                // Inline chains of the group, for the one-search fast path.
                let first_chain = chains.len();
                // No outline, synthesized member or rewrite rule in the group.
                let plain = run.iter().all(|e| {
                    e.flags & (F_SYNTHESIZED | F_OUTLINE) == 0
                        && (e.extra == NONE
                            || self
                                .extras
                                .get(e.extra as usize)
                                .is_some_and(|x| !x.has_callsite && x.rewrites.is_empty()))
                });
                let mut k = 0;
                while k < run.len() {
                    let e = run[k];
                    let mut end = k + 1;
                    while end < run.len() && run[end].min() == e.min() {
                        end += 1;
                    }
                    if let Some((from, to)) = e.min() {
                        chains.push(Chain {
                            from,
                            to,
                            first: k as u32,
                            len: (end - k) as u32,
                            ambiguous: run[k..end].iter().any(|e| range_ambiguous(e)),
                        });
                    }
                    k = end;
                }
                let mine = &mut chains[first_chain..];
                mine.sort_by_key(|c| (c.from, c.to));
                let disjoint = mine.windows(2).all(|w| w[0].to < w[1].from);
                groups.push(Group {
                    class: class_index as u32,
                    start: (a + i) as u32,
                    len: (j - i) as u32,
                    chains: first_chain as u32,
                    count: (chains.len() - first_chain) as u32,
                    fast: plain && disjoint,
                });
                i = j;
            }
        }
        for e in starts {
            self.entries[e as usize].flags |= F_PART_START;
        }
        let size = (groups.len() * 2).next_power_of_two().max(1);
        let mut table = vec![NONE; size];
        for (g, group) in groups.iter().enumerate() {
            let Some(&first) = self.by_name.get(group.start as usize) else {
                continue;
            };
            let name = self.entries[first as usize].obf.get(text);
            let mut slot = group_hash(group.class, name) as usize & (size - 1);
            while table[slot] != NONE {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = g as u32;
        }
        self.group_table = table;
        self.groups = groups;
        self.chains = chains;
        let classes = &self.classes;
        self.by_obf = (0..classes.len() as u32).collect();
        self.by_obf.sort_by(|x, y| {
            classes[*x as usize]
                .obf
                .get(text)
                .cmp(classes[*y as usize].obf.get(text))
                .then(x.cmp(y))
        });
        let size = (classes.len() * 2).next_power_of_two().max(2);
        self.class_table = vec![NONE; size];
        for c in &self.by_obf {
            let name = classes[*c as usize].obf.get(text);
            let mut slot = (hash(name) as usize) & (size - 1);
            loop {
                let cur = self.class_table[slot];
                if cur == NONE {
                    self.class_table[slot] = *c;
                    break;
                }
                if classes[cur as usize].obf.get(text) == name {
                    break; // the first class with that name wins
                }
                slot = (slot + 1) & (size - 1);
            }
        }
        self.by_orig_with_file = (0..classes.len() as u32)
            .filter(|c| classes[*c as usize].source_file.is_some())
            .collect();
        self.by_orig_with_file.sort_by(|x, y| {
            classes[*x as usize]
                .orig
                .get(text)
                .cmp(classes[*y as usize].orig.get(text))
                .then(x.cmp(y))
        });
    }

    /// The class whose obfuscated name is `obf` (the first one in the file).
    pub fn class(&self, text: &str, obf: &str) -> Option<&Class> {
        self.classes.get(self.class_index(text, obf)?)
    }

    /// The index of the class whose obfuscated name is `obf`.
    pub fn class_index(&self, text: &str, obf: &str) -> Option<usize> {
        let size = self.class_table.len();
        if size == 0 {
            return None;
        }
        let mut slot = (hash(obf) as usize) & (size - 1);
        for _ in 0..size {
            let c = self.class_table[slot];
            if c == NONE {
                return None;
            }
            let class = &self.classes[c as usize];
            if class.obf.bytes(text) == obf.as_bytes() {
                return Some(c as usize);
            }
            slot = (slot + 1) & (size - 1);
        }
        None
    }

    /// The `sourceFile` of the class whose original name is `orig`.
    pub fn source_file<'t>(&self, text: &'t str, orig: &str) -> Option<&'t str> {
        let i = self
            .by_orig_with_file
            .partition_point(|c| self.classes[*c as usize].orig.get(text) < orig);
        let c = *self.by_orig_with_file.get(i)?;
        let class = &self.classes[c as usize];
        if class.orig.get(text) == orig {
            class.source_file.map(|s| s.get(text))
        } else {
            None
        }
    }

    /// The group of (`class`, `obf`) through the hash table: one probe and
    /// one name comparison instead of a binary search over names.
    pub fn group(&self, text: &str, index: usize, obf: &str) -> Option<&Group> {
        let size = self.group_table.len();
        if size == 0 {
            return None;
        }
        let mut slot = group_hash(index as u32, obf) as usize & (size - 1);
        for _ in 0..size {
            let g = self.group_table[slot];
            if g == NONE {
                return None;
            }
            let group = &self.groups[g as usize];
            if group.class == index as u32 {
                let first = *self.by_name.get(group.start as usize)?;
                if self.entries[first as usize].obf.bytes(text) == obf.as_bytes() {
                    return Some(group);
                }
            }
            slot = (slot + 1) & (size - 1);
        }
        None
    }

    /// Entry indices of class `class_index` named `obf`, in file order.
    pub fn methods(&self, text: &str, class_index: usize, obf: &str) -> &[u32] {
        self.group(text, class_index, obf)
            .and_then(|g| self.group_entries(g))
            .unwrap_or(&[])
    }

    /// Entry indices of a group, in file order.
    pub fn group_entries(&self, group: &Group) -> Option<&[u32]> {
        self.by_name
            .get(group.start as usize..(group.start + group.len) as usize)
    }

    pub fn extra_of(&self, entry: &Entry) -> Option<&Extra> {
        if entry.extra == NONE {
            None
        } else {
            self.extras.get(entry.extra as usize)
        }
    }
}

fn group_hash(class: u32, name: &str) -> u64 {
    hash(name) ^ u64::from(class).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// FNV-1a.
fn hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (h >> 29)
}

/// Where `needle` occurs in `line` (at arena offset `base`), as a span.
fn find_in_line(line: &str, base: usize, needle: &str) -> Option<Span> {
    let i = line.find(needle)?;
    Some(Span::new(base + i, base + i + needle.len()))
}

fn rewrite_rule(value: &Value) -> Rewrite {
    let mut throws = Some(Vec::new());
    if let Some(conds) = value.get("conditions").and_then(Value::as_array) {
        for c in conds {
            let c = c.as_str().unwrap_or("").trim();
            let class = c
                .strip_prefix("throws(")
                .and_then(|r| r.strip_suffix(')'))
                .and_then(|d| d.strip_prefix('L'))
                .and_then(|d| d.strip_suffix(';'))
                .map(|d| d.replace('/', "."));
            match (class, throws.as_mut()) {
                (Some(class), Some(list)) => list.push(class),
                _ => throws = None,
            }
        }
    }
    let mut remove_inner = 0u32;
    if let Some(actions) = value.get("actions").and_then(Value::as_array) {
        for a in actions {
            let a = a.as_str().unwrap_or("").trim();
            if let Some(n) = a
                .strip_prefix("removeInnerFrames(")
                .and_then(|r| r.strip_suffix(')'))
                .and_then(|n| n.trim().parse::<u32>().ok())
            {
                remove_inner = remove_inner.saturating_add(n);
            }
        }
    }
    Rewrite {
        throws,
        remove_inner,
    }
}

/// `orig -> obf:` as byte ranges within `line`.
fn class_line(line: &str, indented: bool) -> Option<((usize, usize), (usize, usize))> {
    if !line.ends_with(':') || line.contains('(') {
        return None;
    }
    let arrow = line.find(" -> ")?;
    let orig = line[..arrow].trim();
    let obf = line[arrow + 4..line.len() - 1].trim();
    if orig.is_empty() || obf.is_empty() || orig.contains(' ') || obf.contains(' ') {
        return None;
    }
    if indented && orig.contains(' ') {
        return None;
    }
    let o0 = line.find(orig)?;
    let b0 = arrow + 4 + line[arrow + 4..].find(obf)?;
    Some(((o0, o0 + orig.len()), (b0, b0 + obf.len())))
}

/// Parses `[a:b:]ret name(params)[:c[:d]] -> obf`; `base` is the line's
/// arena offset.
fn method_line(line: &str, base: usize) -> Result<Entry, &'static str> {
    let arrow = line.rfind(" -> ").ok_or("method line without ' -> '")?;
    let obf_raw = &line[arrow + 4..];
    let obf = obf_raw.trim();
    if obf.is_empty() || obf.contains(' ') {
        return Err("method line with a bad obfuscated name");
    }
    let obf_start = arrow + 4 + (obf_raw.len() - obf_raw.trim_start().len());
    let left = &line[..arrow];
    let mut rest_start = 0usize;
    let (mut min_from, mut min_to) = (NONE, NONE);
    // Minified range prefix `a:b:`.
    if left.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let mut parts = left.splitn(3, ':');
        let a = parts.next().unwrap_or("");
        let b = parts.next().unwrap_or("");
        if parts.next().is_none() {
            return Err("bad line range prefix");
        }
        let (Some(a), Some(b)) = (parse_u32(a.trim()), parse_u32(b.trim())) else {
            return Err("bad line range prefix");
        };
        // R8 accepts reversed ranges; normalize them.
        min_from = a.min(b);
        min_to = a.max(b);
        rest_start = left
            .match_indices(':')
            .nth(1)
            .map(|(i, _)| i + 1)
            .ok_or("bad line range prefix")?;
    }
    let rest = &left[rest_start..];
    let open = rest.find('(').ok_or("method line without '('")?;
    let close = rest.rfind(')').ok_or("method line without ')'")?;
    if close < open {
        return Err("method line with unbalanced parentheses");
    }
    let head = rest[..open].trim();
    let Some((ret, name)) = head.rsplit_once(' ') else {
        return Err("method line without a return type");
    };
    if ret.trim().is_empty() || name.trim().is_empty() {
        return Err("method line without a return type");
    }
    let lead = rest.len() - rest.trim_start().len();
    let sig_start = rest_start + lead;
    let sig_end = rest_start + close + 1;
    let tail = rest[close + 1..].trim();
    let (mut orig_from, mut orig_to) = (NONE, NONE);
    if !tail.is_empty() {
        let t = tail.strip_prefix(':').ok_or("bad original line suffix")?;
        match t.split_once(':') {
            None => orig_from = parse_u32(t.trim()).ok_or("bad original line")?,
            Some((c, d)) => {
                let c = parse_u32(c.trim()).ok_or("bad original line")?;
                let d = parse_u32(d.trim()).ok_or("bad original line")?;
                orig_from = c.min(d);
                orig_to = c.max(d);
            }
        }
    }
    if sig_end - sig_start > u16::MAX as usize {
        return Err("signature too long");
    }
    Ok(Entry {
        sig: (base + sig_start) as u32,
        sig_len: (sig_end - sig_start) as u16,
        flags: 0,
        obf: Span::new(base + obf_start, base + obf_start + obf.len()),
        min_from,
        min_to,
        orig_from,
        orig_to,
        extra: NONE,
    })
}
