//! Retracing stack frames and whole stack trace texts, following R8's
//! retrace semantics (`RetraceMethodResultImpl.narrowByPosition`,
//! `RetraceFrameResultImpl`, `StackTraceElementStringProxy`).

use crate::index::{Entry, Sig, F_OUTLINE, F_SYNTHESIZED};
use crate::line::{self, Parsed};
use crate::Mapping;

/// An obfuscated frame as a stack trace or payload gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackFrame<'a> {
    /// Obfuscated class, fully qualified (`a.b.c`).
    pub class: &'a str,
    /// Obfuscated method name.
    pub method: &'a str,
    /// Line number, when the trace has one.
    pub line: Option<u32>,
    /// Source file as printed (`SourceFile`, `Unknown Source`).
    pub file: Option<&'a str>,
}

/// An original frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemappedFrame {
    /// Original class, fully qualified.
    pub class: String,
    /// Original method name.
    pub method: String,
    /// Original source file name, when known or derivable from the class.
    pub file: Option<String>,
    /// Original line.
    pub line: Option<u32>,
}

/// Retrace state carried from one line to the next.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ctx {
    /// The exception thrown (as written in the trace), for `rewriteFrame`.
    pub thrown: Option<String>,
    /// The obfuscated position in an outline, for the outline's caller.
    pub rewrite_pos: Option<u32>,
}

/// One original frame.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OutFrame<'m> {
    /// Declaring class (original name).
    pub holder: &'m str,
    pub sig: Sig<'m>,
    /// Original position, when the mapping gives one.
    pub pos: Option<u32>,
}

/// What a frame retraces to.
#[derive(Debug)]
pub(crate) enum Lookup<'m> {
    /// The class is not in the mapping.
    NoClass,
    /// The class is, the method (at that line) is not.
    ClassOnly(&'m str),
    /// Alternatives (sorted), each innermost frame first; an alternative
    /// may be empty (removed frames).
    Frames {
        alts: Vec<Vec<OutFrame<'m>>>,
        ambiguous: bool,
    },
}

/// Largest original range expanded into one alternative per line.
const MAX_EXPAND: u32 = 1000;

/// A selected set of ranges of one partition (R8's member naming).
struct Data {
    /// Range of the scratch list of indices into the method's entry list;
    /// empty: the method as a whole.
    sel: (usize, usize),
    /// The partition's member signature index (its last range).
    member: usize,
}

/// R8's `inferSourceFile`: the outer class's simple name with `.java`, or
/// `.kt` when the original file was Kotlin.
pub(crate) fn infer_file(holder: &str, original: &str) -> String {
    if original == "Native Method" {
        return original.to_string();
    }
    let base = original.rsplit('/').next().unwrap_or(original);
    let ext = base.rfind('.').map_or("", |i| &base[i + 1..]);
    let last_dot = holder.rfind('.');
    let from = last_dot.map_or(0, |d| d + 1);
    let end = holder[from..].find('$').map_or(holder.len(), |i| from + i);
    let simple = &holder[from..end];
    if simple.ends_with("Kt") && (ext.is_empty() || ext == "kt") {
        format!("{}.kt", &simple[..simple.len() - 2])
    } else if ext == "kt" {
        format!("{simple}.kt")
    } else {
        format!("{simple}.java")
    }
}

impl Mapping {
    pub(crate) fn file_for(&self, holder: &str, original: &str) -> String {
        if original == "Native Method" {
            return original.to_string();
        }
        match self.index.source_file(&self.text, holder) {
            Some(f) => f.to_string(),
            None => infer_file(holder, original),
        }
    }

    /// Retraces one frame. `line`: the obfuscated position (`None`: none,
    /// or 0).
    pub(crate) fn lookup<'m>(
        &'m self,
        class: &str,
        method: &str,
        line: Option<u32>,
        ctx: &Ctx,
    ) -> (Lookup<'m>, Ctx) {
        let text = self.text.as_str();
        let ix = &self.index;
        let Some(class_index) = ix.class_index(text, class) else {
            return (Lookup::NoClass, Ctx::default());
        };
        let class_orig = ix.classes[class_index].orig.get(text);
        let ids = ix.methods(text, class_index, method);
        if ids.is_empty() {
            return (Lookup::ClassOnly(class_orig), Ctx::default());
        }
        let entries: Vec<&Entry> = ids.iter().map(|i| &ix.entries[*i as usize]).collect();
        let raw = |i: usize| -> &'m str { entries[i].sig_span().get(text) };
        // Partitions were found at build time (`F_PART_START`).
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut part_start = 0;
        for (i, e) in entries.iter().enumerate().skip(1) {
            if e.flags & crate::index::F_PART_START != 0 {
                parts.push((part_start, i));
                part_start = i;
            }
        }
        parts.push((part_start, entries.len()));
        let line = line.filter(|l| *l > 0);

        let mut data: Vec<Data> = Vec::with_capacity(parts.len());
        let mut scratch: Vec<usize> = Vec::with_capacity(entries.len());
        let mut pos = line;
        if let Some(p) = line {
            let mut redirected = None;
            for part in &parts {
                let sel = ranges_for_line(&entries, *part, p, false, &mut scratch);
                if sel.0 == sel.1 {
                    continue;
                }
                if let Some(rp) = ctx.rewrite_pos {
                    let last = entries[scratch[sel.1 - 1]];
                    if let Some(extra) = ix.extra_of(last).filter(|x| x.has_callsite) {
                        let np = extra
                            .callsite
                            .iter()
                            .find(|(from, _)| *from == rp)
                            .map_or(rp, |(_, to)| *to);
                        redirected = Some(np);
                        break;
                    }
                }
                data.push(Data {
                    sel,
                    member: part.1 - 1,
                });
            }
            if let Some(np) = redirected {
                data.clear();
                scratch.clear();
                pos = Some(np);
                for part in &parts {
                    let sel = ranges_for_line(&entries, *part, np, false, &mut scratch);
                    if sel.0 != sel.1 {
                        data.push(Data {
                            sel,
                            member: part.1 - 1,
                        });
                    }
                }
            }
            if data.is_empty() {
                for part in &parts {
                    let from = scratch.len();
                    scratch.extend((part.0..part.1).filter(|i| entries[*i].min().is_none()));
                    let sel = (from, scratch.len());
                    if sel.0 != sel.1 {
                        data.push(Data {
                            sel,
                            member: part.1 - 1,
                        });
                    }
                }
            }
            if data.is_empty() {
                return (Lookup::ClassOnly(class_orig), Ctx::default());
            }
        } else {
            for part in &parts {
                let sel = ranges_for_line(&entries, *part, 0, true, &mut scratch);
                if sel.0 != sel.1 {
                    data.push(Data {
                        sel,
                        member: part.1 - 1,
                    });
                }
            }
            if data.is_empty() {
                // Only ranges with line numbers and no position: the
                // methods as a whole, without lines or inlining.
                for part in &parts {
                    data.push(Data {
                        sel: (0, 0),
                        member: part.1 - 1,
                    });
                }
            }
        }

        let ambiguous = data.len() > 1
            || data.first().is_some_and(|d| {
                let sel = &scratch[d.sel.0..d.sel.1];
                sel.iter().any(|i| range_ambiguous(entries[*i]))
                    || sel.iter().skip(1).any(|i| {
                        let m = entries[*i].min();
                        m.is_none() || m != entries[sel[0]].min()
                    })
            });

        // Member-level flags: any range of the same signature flagged.
        // (`F_PART_START` is bookkeeping, not a member flag.)
        let member_bits = |e: &Entry| e.flags & !crate::index::F_PART_START;
        let any_flags = entries.iter().any(|e| member_bits(e) != 0);
        let member_flags = |member: usize| -> u16 {
            let mut flags = 0;
            if any_flags {
                for (i, e) in entries.iter().enumerate() {
                    if member_bits(e) != 0 && sig_eq(raw(i).as_bytes(), raw(member).as_bytes()) {
                        flags |= member_bits(e);
                    }
                }
            }
            flags
        };

        let thrown = ctx.thrown.as_deref();
        let mut alts: Vec<Vec<OutFrame<'m>>> = Vec::new();
        let mut next = Ctx::default();
        for d in &data {
            let flags = member_flags(d.member);
            let synthesized = flags & (F_SYNTHESIZED | F_OUTLINE) != 0;
            let outline = flags & F_OUTLINE != 0;
            if outline {
                if let Some(p) = pos {
                    next.rewrite_pos = Some(p);
                }
            }
            let sel = &scratch[d.sel.0..d.sel.1];
            if sel.is_empty() {
                let s = Sig::parse(raw(d.member));
                let frame = OutFrame {
                    holder: s.holder().unwrap_or(class_orig),
                    sig: s,
                    pos: None,
                };
                alts.push(if synthesized { Vec::new() } else { vec![frame] });
                continue;
            }
            // Split into chains at minified-range changes.
            let mut start = 0;
            while start < sel.len() {
                let first = entries[sel[start]].min();
                let mut end = start + 1;
                while end < sel.len() && first.is_some() && first == entries[sel[end]].min() {
                    end += 1;
                }
                let chain = &sel[start..end];
                start = end;
                let top = entries[chain[0]];
                let expand = if ambiguous && range_ambiguous(top) {
                    top.orig()
                } else {
                    None
                };
                let (lo, hi) = match expand {
                    Some((a, b)) => (a, b.min(a.saturating_add(MAX_EXPAND))),
                    None => (0, 0),
                };
                for t in lo..=hi {
                    let explicit = expand.map(|_| t);
                    let mut frames: Vec<OutFrame<'m>> = chain
                        .iter()
                        .enumerate()
                        .map(|(k, i)| {
                            let e = entries[*i];
                            let s = Sig::parse(raw(*i));
                            let fixed = if k == 0 && explicit.is_some() {
                                explicit
                            } else {
                                single_orig(e)
                            };
                            OutFrame {
                                holder: s.holder().unwrap_or(class_orig),
                                sig: s,
                                pos: retraced_pos(ambiguous, e, fixed, pos),
                            }
                        })
                        .collect();
                    // rewriteFrame rules for the thrown exception.
                    let mut remove = 0usize;
                    for i in chain.iter() {
                        if let Some(extra) = ix.extra_of(entries[*i]) {
                            for r in &extra.rewrites {
                                let holds = match (&r.throws, thrown) {
                                    (Some(list), Some(t)) => list.iter().all(|c| c == t),
                                    (Some(list), None) => list.is_empty(),
                                    (None, _) => false,
                                };
                                if holds {
                                    remove = remove.saturating_add(r.remove_inner as usize);
                                }
                            }
                        }
                    }
                    if remove > frames.len() {
                        remove = 0;
                    }
                    let removed_all = remove == frames.len();
                    frames.drain(..remove);
                    if !removed_all && synthesized {
                        frames.pop();
                    }
                    alts.push(frames);
                }
            }
        }
        sort_alts(&mut alts);
        (Lookup::Frames { alts, ambiguous }, next)
    }

    fn owned_frame(&self, fr: &OutFrame<'_>, input_line: Option<u32>, file: &str) -> RemappedFrame {
        RemappedFrame {
            class: fr.holder.to_string(),
            method: without_proguard_suffix(fr.sig.method()).to_string(),
            file: Some(self.file_for(fr.holder, file)),
            line: match fr.pos {
                Some(p) => Some(p).filter(|p| *p > 0),
                None => input_line,
            },
        }
    }

    /// The common case without the general machinery: a line inside
    /// exactly one inline chain of a method group that has no outlines,
    /// synthesized members or rewrite rules. `None`: take the general path.
    fn remap_unambiguous(&self, f: &StackFrame<'_>, ctx: &Ctx) -> Option<Vec<RemappedFrame>> {
        if ctx.rewrite_pos.is_some() {
            return None;
        }
        let line = f.line.filter(|l| *l > 0)?;
        let text = self.text.as_str();
        let ix = &self.index;
        let class_index = ix.class_index(text, f.class)?;
        let cls = &ix.classes[class_index];
        // The (class, name) group by hash, then one binary search over its
        // chains (both found at build time).
        let group = ix.group(text, class_index, f.method)?;
        if !group.fast {
            return None;
        }
        let ids = ix.group_entries(group)?;
        let entry = |k: usize| &ix.entries[ids[k] as usize];
        let chains = ix
            .chains
            .get(group.chains as usize..(group.chains + group.count) as usize)?;
        let at = chains.partition_point(|c| c.from <= line).checked_sub(1)?;
        let chain = chains[at];
        if line > chain.to || chain.ambiguous {
            return None;
        }
        let (start, end) = (chain.first as usize, (chain.first + chain.len) as usize);
        if end > ids.len() {
            return None;
        }
        let class_orig = cls.orig.get(text);
        let file = f.file.unwrap_or("");
        Some(
            (start..end)
                .map(|k| {
                    let e = entry(k);
                    let s = Sig::parse(e.sig_span().get(text));
                    let fr = OutFrame {
                        holder: s.holder().unwrap_or(class_orig),
                        sig: s,
                        pos: retraced_pos(false, e, single_orig(e), Some(line)),
                    };
                    self.owned_frame(&fr, Some(line), file)
                })
                .collect(),
        )
    }

    /// The best alternative only (for `remap_stack`).
    pub(crate) fn remap_frame_first(
        &self,
        f: &StackFrame<'_>,
        ctx: &Ctx,
    ) -> (Option<Vec<RemappedFrame>>, Ctx) {
        if let Some(frames) = self.remap_unambiguous(f, ctx) {
            return (Some(frames), Ctx::default());
        }
        let (lookup, next) = self.lookup(f.class, f.method, f.line, ctx);
        let input_line = f.line.filter(|l| *l > 0);
        let file = f.file.unwrap_or("");
        let out = match lookup {
            Lookup::NoClass => None,
            Lookup::ClassOnly(class) => Some(vec![RemappedFrame {
                class: class.to_string(),
                method: f.method.to_string(),
                file: Some(self.file_for(class, file)),
                line: input_line,
            }]),
            // Ambiguous between a method and a lambda body javac lifted out
            // of it at the same line (same obfuscated name): the method
            // called through a JDK frame is the likelier caller, and a
            // deterministic choice keeps fingerprints stable.
            Lookup::Frames { alts, .. } => Some(
                alts.iter()
                    .find(|alt| {
                        alt.last()
                            .is_some_and(|fr| !fr.sig.method().starts_with("lambda$"))
                    })
                    .or(alts.first())
                    .map_or_else(Vec::new, |alt| {
                        alt.iter()
                            .map(|fr| self.owned_frame(fr, input_line, file))
                            .collect()
                    }),
            ),
        };
        (out, next)
    }

    pub(crate) fn remap_frame_ctx(
        &self,
        f: &StackFrame<'_>,
        ctx: &Ctx,
    ) -> (Option<Vec<Vec<RemappedFrame>>>, Ctx) {
        let (lookup, next) = self.lookup(f.class, f.method, f.line, ctx);
        let input_line = f.line.filter(|l| *l > 0);
        let original_file = f.file.unwrap_or("");
        let out = match lookup {
            Lookup::NoClass => None,
            Lookup::ClassOnly(class) => Some(vec![vec![RemappedFrame {
                class: class.to_string(),
                method: f.method.to_string(),
                file: Some(self.file_for(class, original_file)),
                line: input_line,
            }]]),
            Lookup::Frames { alts, .. } => Some(
                alts.iter()
                    .map(|alt| {
                        alt.iter()
                            .map(|fr| self.owned_frame(fr, input_line, original_file))
                            .collect()
                    })
                    .collect(),
            ),
        };
        (out, next)
    }
}

/// R8's `partitionOnMethodSignature`: inline chains grouped, consecutive
/// groups with the same outermost signature merged. Partitions are
/// contiguous index ranges.
pub(crate) fn partition(entries: &[&Entry], text: &str) -> Vec<(usize, usize)> {
    let n = entries.len();
    let sigs = |i: usize| entries[i].sig_span().bytes(text);
    // End (exclusive) of the inline group starting at `i`.
    let group_end = |mut i: usize| -> usize {
        while i + 1 < n && entries[i].min().is_some() && entries[i].min() == entries[i + 1].min() {
            i += 1;
        }
        i + 1
    };
    let first_end = group_end(0);
    if first_end >= n || sig_eq(sigs(first_end - 1), sigs(n - 1)) {
        return vec![(0, n)];
    }
    let mut parts = Vec::new();
    let (mut cur_start, mut cur_end) = (0, first_end);
    while cur_end < n {
        let g_end = group_end(cur_end);
        if !sig_eq(sigs(cur_end - 1), sigs(g_end - 1)) {
            parts.push((cur_start, cur_end));
            cur_start = cur_end;
        }
        cur_end = g_end;
    }
    parts.push((cur_start, cur_end));
    parts
}

/// Same original signature text, whitespace ignored.
fn sig_eq(a: &[u8], b: &[u8]) -> bool {
    a == b
        || a.iter()
            .copied()
            .filter(|c| !c.is_ascii_whitespace())
            .eq(b.iter().copied().filter(|c| !c.is_ascii_whitespace()))
}

/// R8's `allRangesForLine`: the first range containing `line` and the
/// following ones with the same minified range; else (optionally) the first
/// range without one.
fn ranges_for_line(
    entries: &[&Entry],
    (start, end): (usize, usize),
    line: u32,
    no_line: bool,
    out: &mut Vec<usize>,
) -> (usize, usize) {
    let from = out.len();
    let mut fallback = None;
    for k in start..end {
        match entries[k].min() {
            None => {
                if fallback.is_none() && no_line {
                    fallback = Some(k);
                }
            }
            Some((a, b)) if a <= line && line <= b => {
                let m = entries[k].min();
                let mut j = k + 1;
                while j < end && entries[j].min() == m {
                    j += 1;
                }
                out.extend(k..j);
                return (from, out.len());
            }
            Some(_) => {}
        }
    }
    out.extend(fallback);
    (from, out.len())
}

pub(crate) fn range_ambiguous(e: &Entry) -> bool {
    match e.orig() {
        None => false,
        Some((a, b)) if a == b => false,
        Some((a, b)) => match e.min() {
            None => true,
            Some((c, d)) => d - c != b - a,
        },
    }
}

/// The original position a range stands for by itself (single line).
fn single_orig(e: &Entry) -> Option<u32> {
    match e.orig() {
        Some((a, b)) if a == b => Some(a),
        _ => None,
    }
}

/// R8's `RetraceFrameResultImpl.getRetracedMethod`.
fn retraced_pos(ambiguous: bool, e: &Entry, fixed: Option<u32>, obf: Option<u32>) -> Option<u32> {
    let min = e.min();
    if !ambiguous && (min.is_none() || obf.is_none()) {
        return fixed.or_else(|| {
            let first = match (e.orig(), min) {
                (Some((a, _)), _) => a,
                (None, Some((a, _))) => a,
                (None, None) => 0,
            };
            (first > 0).then_some(first)
        });
    }
    match (obf, min) {
        (Some(p), Some((a, b))) if a <= p && p <= b => fixed.or_else(|| Some(original_line(e, p))),
        _ => fixed,
    }
}

/// R8's `MappedRange.getOriginalLineNumber`.
fn original_line(e: &Entry, p: u32) -> u32 {
    let Some((min_from, _)) = e.min() else {
        return p;
    };
    match e.orig() {
        None => p,
        Some((a, b)) if a == b => a,
        Some((a, _)) => a.saturating_add(p - min_from),
    }
}

fn sort_alts(alts: &mut [Vec<OutFrame<'_>>]) {
    if alts.len() < 2 {
        return;
    }
    alts.sort_by(|x, y| match (x.first(), y.first()) {
        (Some(a), Some(b)) => a
            .holder
            .cmp(b.holder)
            .then_with(|| a.sig.method().cmp(b.sig.method()))
            .then_with(|| a.sig.verbose().cmp(&b.sig.verbose()))
            .then_with(|| a.pos.cmp(&b.pos)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

/// Retraces a Java stack trace text (also logcat-prefixed lines) as R8's
/// `retrace` prints it; `verbose` gives the verbose form.
pub fn retrace_text(mapping: &Mapping, trace: &str, verbose: bool) -> String {
    let mut out = String::with_capacity(trace.len() + trace.len() / 2);
    let mut ctx = Ctx::default();
    let mut lines = trace.split('\n').peekable();
    while let Some(raw) = lines.next() {
        let last = lines.peek().is_none();
        if last && raw.is_empty() {
            break;
        }
        let l = raw.strip_suffix('\r').unwrap_or(raw);
        ctx = retrace_line(mapping, l, verbose, &ctx, &mut out);
    }
    if !trace.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    out
}

fn retrace_line(mapping: &Mapping, l: &str, verbose: bool, ctx: &Ctx, out: &mut String) -> Ctx {
    match line::parse(l) {
        Parsed::Other => {
            out.push_str(l);
            out.push('\n');
            Ctx::default()
        }
        Parsed::Class((a, b)) => {
            let class = &l[a..b];
            match mapping.remap_class(class) {
                Some(orig) => {
                    out.push_str(&l[..a]);
                    out.push_str(orig);
                    out.push_str(&l[b..]);
                }
                None => out.push_str(l),
            }
            out.push('\n');
            Ctx {
                thrown: Some(class.to_string()),
                rewrite_pos: None,
            }
        }
        Parsed::Frame {
            class,
            method,
            file,
            line_idx,
            line: number,
        } => {
            let obf_class = &l[class.0..class.1];
            let obf_method = &l[method.0..method.1];
            let orig_file = &l[file.0..file.1];
            let position = number
                .filter(|n| *n > 0 && *n < i64::from(u32::MAX))
                .map(|n| n as u32);
            let (lookup, next) = mapping.lookup(obf_class, obf_method, position, ctx);
            let elem_has_line = number.is_some_and(|n| n > -1);
            let render = |holder: &str, method_text: &str, pos: Option<u32>, ambiguous: bool| {
                let retraced_line = pos.map(i64::from).or(number).unwrap_or(-1);
                let line_text = if elem_has_line || !ambiguous || verbose {
                    if retraced_line <= 0 {
                        String::new()
                    } else {
                        format!(":{retraced_line}")
                    }
                } else {
                    l[line_idx.0..line_idx.1].to_string()
                };
                let mut s = String::with_capacity(l.len() + 32);
                s.push_str(&l[..class.0]);
                s.push_str(holder);
                s.push_str(&l[class.1..method.0]);
                s.push_str(method_text);
                s.push_str(&l[method.1..file.0]);
                s.push_str(&mapping.file_for(holder, orig_file));
                s.push_str(&line_text);
                s.push_str(&l[line_idx.1..]);
                s
            };
            match lookup {
                Lookup::NoClass => {
                    out.push_str(l);
                    out.push('\n');
                }
                Lookup::ClassOnly(orig) => {
                    out.push_str(&render(orig, obf_method, None, false));
                    out.push('\n');
                }
                Lookup::Frames { alts, ambiguous } => {
                    let rendered: Vec<Vec<String>> = alts
                        .iter()
                        .map(|alt| {
                            alt.iter()
                                .map(|f| {
                                    let m = if verbose {
                                        f.sig.verbose()
                                    } else {
                                        without_proguard_suffix(f.sig.method()).to_string()
                                    };
                                    render(f.holder, &m, f.pos, ambiguous)
                                })
                                .collect()
                        })
                        .collect();
                    write_alternatives(&rendered, out);
                }
            }
            next
        }
    }
}

/// Prints alternatives depth by depth: at each depth the distinct lines,
/// the second and later ones marked `<OR>`.
fn write_alternatives(alts: &[Vec<String>], out: &mut String) {
    let depth = alts.iter().map(Vec::len).max().unwrap_or(0);
    for d in 0..depth {
        let mut seen: Vec<&str> = Vec::new();
        for alt in alts {
            let Some(s) = alt.get(d) else { continue };
            if seen.contains(&s.as_str()) {
                continue;
            }
            if seen.is_empty() {
                out.push_str(s);
            } else {
                let at = s.find("at ").unwrap_or_else(|| {
                    s.char_indices()
                        .find(|(_, c)| !c.is_whitespace())
                        .map_or(0, |(i, _)| i)
                });
                out.push_str(&s[..at]);
                out.push_str("<OR> ");
                out.push_str(&s[at..]);
            }
            out.push('\n');
            seen.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::infer_file;

    #[test]
    fn file_names() {
        assert_eq!(infer_file("R8", "App"), "R8.java");
        assert_eq!(infer_file("R8", "Main.kt"), "R8.kt");
        assert_eq!(infer_file("a.b.FooKt", "SourceFile"), "Foo.kt");
        assert_eq!(infer_file("a.b.FooKt", "AW779999992"), "Foo.kt");
        assert_eq!(infer_file("foo.Bar$Baz$Qux", ""), "Bar.java");
        assert_eq!(infer_file("some", "x"), "some.java");
        assert_eq!(infer_file("R8", "Native Method"), "Native Method");
    }
}

/// ProGuard's optimizer renames a method whose signature it changed to
/// `name$` + 8 hex digits (`placeOrder$2d98b2c6`); the source has `name`.
fn without_proguard_suffix(method: &str) -> &str {
    match method
        .len()
        .checked_sub(9)
        .and_then(|i| method.get(i..).map(|t| (i, t)))
    {
        Some((i, tail))
            if i > 0
                && tail.starts_with('$')
                && tail[1..]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) =>
        {
            &method[..i]
        }
        _ => method,
    }
}

#[cfg(test)]
mod suffix_tests {
    #[test]
    fn proguard_suffixes() {
        use super::without_proguard_suffix as f;
        assert_eq!(f("placeOrder$2d98b2c6"), "placeOrder");
        assert_eq!(f("slot$47921032"), "slot");
        assert_eq!(f("lambda$run$0"), "lambda$run$0");
        assert_eq!(f("access$100"), "access$100");
        assert_eq!(f("$2d98b2c6"), "$2d98b2c6");
        assert_eq!(f("é"), "é");
    }
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;

    /// The fast path answers exactly what the general lookup answers, for
    /// every obfuscated (class, method, line) of real mappings.
    #[test]
    fn fast_path_matches_the_general_lookup() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/proguard");
        let mut checked = 0;
        for file in [
            "rust-proguard/mapping-r8.txt",
            "rust-proguard/mapping-inlines.txt",
            "real/v2/mapping.txt",
        ] {
            let bytes = std::fs::read(dir.join(file)).expect("mapping");
            let mapping = Mapping::parse(&bytes);
            let text = String::from_utf8_lossy(&bytes);
            let mut class_obf = String::new();
            for l in text.lines() {
                if !l.starts_with(' ') {
                    if let Some((_, obf)) = l.trim_end_matches(':').split_once(" -> ") {
                        class_obf = obf.to_string();
                    }
                    continue;
                }
                let l = l.trim();
                let Some((left, obf)) = l.split_once(" -> ") else {
                    continue;
                };
                let Some((a, rest)) = left.split_once(':') else {
                    continue;
                };
                let Some((b, _)) = rest.split_once(':') else {
                    continue;
                };
                let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else {
                    continue;
                };
                for line in [a, (a + b) / 2, b] {
                    let frame = StackFrame {
                        class: &class_obf,
                        method: obf,
                        line: Some(line),
                        file: Some("SourceFile"),
                    };
                    let ctx = Ctx::default();
                    if let Some(fast) = mapping.remap_unambiguous(&frame, &ctx) {
                        let general = match mapping
                            .lookup(frame.class, frame.method, frame.line, &ctx)
                            .0
                        {
                            Lookup::Frames { alts, .. } => alts.first().map(|alt| {
                                alt.iter()
                                    .map(|fr| mapping.owned_frame(fr, Some(line), "SourceFile"))
                                    .collect::<Vec<_>>()
                            }),
                            _ => None,
                        };
                        assert_eq!(Some(fast), general, "{file}: {class_obf}.{obf}:{line}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000, "{checked} frames compared");
    }
}
