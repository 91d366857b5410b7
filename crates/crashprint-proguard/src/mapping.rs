//! Mapping files: [`Mapping`], the parsed and indexed file, and everything
//! it answers (classes, frames, stacks, its UUID), R8's lookup of one frame
//! included.

use crate::entry::{Entry, Sig, F_OUTLINE, F_SYNTHESIZED};
use crate::error::{MappingWarning, ProguardError};
use crate::index::Index;
use crate::lookup::{
    infer_file, range_ambiguous, ranges_for_line, retraced_pos, sig_eq, single_orig, sort_alts,
    without_proguard_suffix, Ctx, Lookup, OutFrame, RemappedFrame, StackFrame,
};
use crashprint_model::{Deadline, SymbolBudget};
use std::path::Path;
use std::sync::OnceLock;

/// One input frame's outcome in [`Mapping::remap_stack_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameOutcome {
    /// The mapping has nothing for it: the frame stays as it is.
    Unknown,
    /// Its original frames, innermost (inlined) first; empty when the
    /// frame is removed (an outline, a synthesized bridge, a
    /// `rewriteFrame` removal).
    Frames {
        /// The frames kept.
        frames: Vec<RemappedFrame>,
        /// Frames of its inline chain the budget left out (0: none).
        cut: usize,
    },
    /// The stack's budget of resolved frames was spent before it: not
    /// looked up.
    OverBudget,
}

/// Largest original range expanded into one alternative per line.
const MAX_EXPAND: u32 = 1000;
/// Most methods one frame's alternatives are taken from.
const MAX_ALTERNATIVES: usize = 1000;

/// A selected set of ranges of one partition (R8's member naming).
struct Data {
    /// Range of the scratch list of indices into the method's entry list;
    /// empty: the method as a whole.
    sel: (usize, usize),
    /// The partition's member signature index (its last range).
    member: usize,
}

/// A parsed, indexed mapping file. Immutable, `Send + Sync`.
///
/// The file's text is kept as one string (the arena); the index refers into
/// it by offsets, so memory is the file plus about 32 bytes per method
/// line.
#[derive(Debug, Default)]
pub struct Mapping {
    pub(crate) text: String,
    /// The original bytes, kept only when they were not valid UTF-8 (the
    /// UUID is computed over the bytes as they are).
    raw: Option<Box<[u8]>>,
    pub(crate) index: Index,
    uuid: OnceLock<String>,
}

impl Mapping {
    /// Parses a mapping file leniently: bad lines become warnings.
    pub fn parse(bytes: &[u8]) -> Mapping {
        match std::str::from_utf8(bytes) {
            Ok(text) => Mapping::from_string(text.to_string(), None),
            Err(_) => Mapping::from_string(
                String::from_utf8_lossy(bytes).into_owned(),
                Some(bytes.to_vec().into_boxed_slice()),
            ),
        }
    }

    fn from_string(text: String, raw: Option<Box<[u8]>>) -> Mapping {
        let index = Index::build(&text);
        Mapping {
            text,
            raw,
            index,
            uuid: OnceLock::new(),
        }
    }

    /// Reads and parses the file at `path` (one read into the arena, no
    /// copy when the file is valid UTF-8). A path the caller trusts: see
    /// [`Mapping::from_bytes`] for files from elsewhere.
    pub fn open(path: &Path) -> Result<Mapping, ProguardError> {
        let bytes = std::fs::read(path).map_err(|source| ProguardError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_bytes(bytes, Deadline::NONE, &path.display().to_string())
    }

    /// Parses a mapping file's bytes (kept as the arena, no copy when they
    /// are valid UTF-8), giving up once `deadline` passes; `name` is how
    /// messages name the file.
    pub fn from_bytes(
        bytes: Vec<u8>,
        deadline: Deadline,
        name: &str,
    ) -> Result<Mapping, ProguardError> {
        let (text, raw) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => {
                let bytes = e.into_bytes();
                let text = String::from_utf8_lossy(&bytes).into_owned();
                (text, Some(bytes.into_boxed_slice()))
            }
        };
        let index = Index::build_until(&text, deadline).ok_or_else(|| ProguardError::TooSlow {
            path: name.to_string(),
            limit: deadline.limit(),
        })?;
        Ok(Mapping {
            text,
            raw,
            index,
            uuid: OnceLock::new(),
        })
    }

    /// What the parser skipped or doubted, with line numbers.
    pub fn warnings(&self) -> &[MappingWarning] {
        &self.index.warnings
    }

    /// The `com.android.tools.r8.mapping` versions the file declares.
    pub fn versions(&self) -> &[String] {
        &self.index.versions
    }

    /// Number of classes in the mapping.
    pub fn class_count(&self) -> usize {
        self.index.classes.len()
    }

    /// Number of method lines (mapped ranges) in the mapping.
    pub fn method_line_count(&self) -> usize {
        self.index.entries.len()
    }

    /// Approximate heap bytes held (the arena and the index).
    pub fn heap_size(&self) -> usize {
        let ix = &self.index;
        self.text.capacity()
            + self.raw.as_ref().map_or(0, |r| r.len())
            + ix.classes.capacity() * std::mem::size_of::<crate::index::Class>()
            + (ix.by_obf.capacity() + ix.by_orig_with_file.capacity() + ix.by_name.capacity()) * 4
            + ix.entries.capacity() * std::mem::size_of::<Entry>()
            + ix.extras.capacity() * std::mem::size_of::<crate::index::Extra>()
    }

    /// The original name of an obfuscated class.
    pub fn remap_class(&self, obfuscated: &str) -> Option<&str> {
        self.index
            .class(&self.text, obfuscated)
            .map(|c| c.orig.get(&self.text))
    }

    /// The original frames of a whole stack (innermost first), with outline
    /// frames removed, `rewriteFrame` rules applied for `exception_class`,
    /// synthesized frames hidden. One entry per input frame: `None` when
    /// the mapping has nothing for it (the frame stays as it is), else the
    /// first (best) alternative's frames, innermost (inlined) first; empty
    /// when the frame is removed (an outline, a synthesized bridge, a
    /// `rewriteFrame` removal). Within [`SymbolBudget::default`]; see
    /// [`Mapping::remap_stack_with`].
    pub fn remap_stack(
        &self,
        exception_class: Option<&str>,
        frames: &[StackFrame<'_>],
    ) -> Vec<Option<Vec<RemappedFrame>>> {
        self.remap_stack_with(exception_class, frames, &SymbolBudget::default())
            .into_iter()
            .map(|outcome| match outcome {
                FrameOutcome::Frames { frames, .. } => Some(frames),
                FrameOutcome::Unknown | FrameOutcome::OverBudget => None,
            })
            .collect()
    }

    /// [`Mapping::remap_stack`] within `budget`: an input frame expands to
    /// at most `max_expanded_frames_per_frame` frames (of a longer R8 inline chain,
    /// the innermost and the outermost are kept; the rest is never built),
    /// and the stack to at most `max_expanded_frames_per_stack`, counted after
    /// retracing; frames past that are not looked up.
    pub fn remap_stack_with(
        &self,
        exception_class: Option<&str>,
        frames: &[StackFrame<'_>],
        budget: &SymbolBudget,
    ) -> Vec<FrameOutcome> {
        let mut ctx = Ctx {
            thrown: exception_class.map(str::to_string),
            rewrite_pos: None,
        };
        let mut room = budget.max_expanded_frames_per_stack;
        frames
            .iter()
            .map(|f| {
                if room == 0 {
                    return FrameOutcome::OverBudget;
                }
                let max = budget.max_expanded_frames_per_frame.min(room);
                let (first, next) = self.remap_frame_first(f, &ctx, max);
                ctx = next;
                match first {
                    None => FrameOutcome::Unknown,
                    Some((frames, cut)) => {
                        room -= frames.len().min(room);
                        FrameOutcome::Frames { frames, cut }
                    }
                }
            })
            .collect()
    }

    /// All alternatives for one frame (R8's `<OR>` lines), best first, each
    /// innermost (inlined) frame first; `None` when the class is unknown.
    pub fn remap_frame(&self, frame: &StackFrame<'_>) -> Option<Vec<Vec<RemappedFrame>>> {
        let max = SymbolBudget::default().max_expanded_frames_per_frame;
        self.remap_frame_ctx(frame, &Ctx::default(), max).0
    }

    /// The mapping's UUID as Sentry tooling computes it: UUIDv5 of the
    /// file's bytes in the namespace UUIDv5(DNS namespace,
    /// `"guardsquare.com"`).
    pub fn uuid(&self) -> String {
        self.uuid
            .get_or_init(|| {
                let bytes = self.raw.as_deref().unwrap_or(self.text.as_bytes());
                crate::uuid::format(&crate::uuid::v5(&crate::uuid::proguard_namespace(), bytes))
            })
            .clone()
    }
}

#[doc(hidden)]
impl Mapping {
    /// Benchmark hook: the lookup alone, without building owned frames.
    pub fn bench_lookup(&self, frames: &[StackFrame<'_>]) -> usize {
        let ctx = Ctx::default();
        frames
            .iter()
            .map(
                |f| match self.lookup(f.class, f.method, f.line, &ctx, usize::MAX).0 {
                    Lookup::Frames { alts, .. } => alts.len(),
                    _ => 0,
                },
            )
            .sum()
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
    /// or 0). Each alternative holds at most `max_frames` frames: of a
    /// longer inline chain, the innermost `max_frames - 1` and the
    /// outermost (the method the line is really in); `Lookup::Frames`
    /// says how many were left out.
    pub(crate) fn lookup<'m>(
        &'m self,
        class: &str,
        method: &str,
        line: Option<u32>,
        ctx: &Ctx,
        max_frames: usize,
    ) -> (Lookup<'m>, Ctx) {
        let max_frames = max_frames.max(1);
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
            if e.flags & crate::entry::F_PART_START != 0 {
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

        // A frame ambiguous between more methods than any real mapping
        // holds (a hostile one: 100,000 methods named `a`) weighs only the
        // first ones, in file order: each alternative costs a sort and a
        // rendering.
        data.truncate(MAX_ALTERNATIVES);
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
        let member_bits = |e: &Entry| e.flags & !crate::entry::F_PART_START;
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
        let mut cut = 0usize;
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
                let whole = &sel[start..end];
                start = end;
                // A chain longer than the budget: its innermost frames and
                // its outermost, built without touching the rest.
                let capped: Vec<usize>;
                let chain = if whole.len() > max_frames {
                    cut = cut.max(whole.len() - max_frames);
                    capped = whole[..max_frames - 1]
                        .iter()
                        .chain(whole.last())
                        .copied()
                        .collect();
                    &capped[..]
                } else {
                    whole
                };
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
                    for i in whole.iter() {
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
        (
            Lookup::Frames {
                alts,
                ambiguous,
                cut,
            },
            next,
        )
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
    /// synthesized members or rewrite rules. `None`: take the general path
    /// (also for a chain longer than `max_frames`).
    fn remap_unambiguous(
        &self,
        f: &StackFrame<'_>,
        ctx: &Ctx,
        max_frames: usize,
    ) -> Option<Vec<RemappedFrame>> {
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
        if end > ids.len() || end - start > max_frames {
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

    /// The best alternative only (for `remap_stack`), at most `max_frames`
    /// frames, with how many frames the budget left out.
    pub(crate) fn remap_frame_first(
        &self,
        f: &StackFrame<'_>,
        ctx: &Ctx,
        max_frames: usize,
    ) -> (Option<(Vec<RemappedFrame>, usize)>, Ctx) {
        if let Some(frames) = self.remap_unambiguous(f, ctx, max_frames) {
            return (Some((frames, 0)), Ctx::default());
        }
        let (lookup, next) = self.lookup(f.class, f.method, f.line, ctx, max_frames);
        let input_line = f.line.filter(|l| *l > 0);
        let file = f.file.unwrap_or("");
        let out = match lookup {
            Lookup::NoClass => None,
            Lookup::ClassOnly(class) => Some((
                vec![RemappedFrame {
                    class: class.to_string(),
                    method: f.method.to_string(),
                    file: Some(self.file_for(class, file)),
                    line: input_line,
                }],
                0,
            )),
            // Ambiguous between a method and a lambda body javac lifted out
            // of it at the same line (same obfuscated name): the method
            // called through a JDK frame is the likelier caller, and a
            // deterministic choice keeps fingerprints stable.
            Lookup::Frames { alts, cut, .. } => Some((
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
                cut,
            )),
        };
        (out, next)
    }

    pub(crate) fn remap_frame_ctx(
        &self,
        f: &StackFrame<'_>,
        ctx: &Ctx,
        max_frames: usize,
    ) -> (Option<Vec<Vec<RemappedFrame>>>, Ctx) {
        let (lookup, next) = self.lookup(f.class, f.method, f.line, ctx, max_frames);
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
                    if let Some(fast) = mapping.remap_unambiguous(&frame, &ctx, usize::MAX) {
                        let general = match mapping
                            .lookup(frame.class, frame.method, frame.line, &ctx, usize::MAX)
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
