//! R8's rules for retracing one frame: the frame types ([`StackFrame`],
//! [`RemappedFrame`], [`OutFrame`]), what a lookup answers ([`Lookup`]), the
//! state carried between frames ([`Ctx`]), and the rules over a method's
//! mapped ranges (partitions, ambiguity, positions, source files, order)
//! that the index (at build time) and `Mapping::lookup` apply.

use crate::entry::{Entry, Sig};

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
        /// Frames of the longest inline chain left out by the budget.
        cut: usize,
    },
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
pub(crate) fn sig_eq(a: &[u8], b: &[u8]) -> bool {
    a == b
        || a.iter()
            .copied()
            .filter(|c| !c.is_ascii_whitespace())
            .eq(b.iter().copied().filter(|c| !c.is_ascii_whitespace()))
}

/// R8's `allRangesForLine`: the first range containing `line` and the
/// following ones with the same minified range; else (optionally) the first
/// range without one.
pub(crate) fn ranges_for_line(
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
pub(crate) fn single_orig(e: &Entry) -> Option<u32> {
    match e.orig() {
        Some((a, b)) if a == b => Some(a),
        _ => None,
    }
}

/// R8's `RetraceFrameResultImpl.getRetracedMethod`.
pub(crate) fn retraced_pos(
    ambiguous: bool,
    e: &Entry,
    fixed: Option<u32>,
    obf: Option<u32>,
) -> Option<u32> {
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

pub(crate) fn sort_alts(alts: &mut [Vec<OutFrame<'_>>]) {
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

/// ProGuard's optimizer renames a method whose signature it changed to
/// `name$` + 8 hex digits (`placeOrder$2d98b2c6`); the source has `name`.
pub(crate) fn without_proguard_suffix(method: &str) -> &str {
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
