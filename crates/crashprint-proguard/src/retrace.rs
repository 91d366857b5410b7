//! Retracing whole stack trace texts as R8's `retrace` prints them
//! (`StackTraceElementStringProxy`): each line parsed, its frame looked up
//! in the mapping, the alternatives written back with `<OR>` marks.

use crate::line::{self, Parsed};
use crate::lookup::{without_proguard_suffix, Ctx, Lookup};
use crate::mapping::Mapping;
use crashprint_model::SymbolBudget;

/// Retraces a Java stack trace text (also logcat-prefixed lines) as R8's
/// `retrace` prints it; `verbose` gives the verbose form. Within
/// [`SymbolBudget::default`]: see [`retrace_text_with`].
pub fn retrace_text(mapping: &Mapping, trace: &str, verbose: bool) -> String {
    retrace_text_with(mapping, trace, verbose, &SymbolBudget::default())
}

/// [`retrace_text`] within `budget`: each alternative of a frame holds at
/// most `max_expanded_frames_per_frame` frames (of a longer inline chain, the
/// innermost and the outermost), and once `max_expanded_frames_per_stack` frame
/// lines have been written the rest of the text is copied as it is.
pub fn retrace_text_with(
    mapping: &Mapping,
    trace: &str,
    verbose: bool,
    budget: &SymbolBudget,
) -> String {
    let mut out = String::with_capacity(trace.len() + trace.len() / 2);
    let mut ctx = Ctx::default();
    let mut lines = trace.split('\n').peekable();
    let mut room = budget.max_expanded_frames_per_stack;
    while let Some(raw) = lines.next() {
        let last = lines.peek().is_none();
        if last && raw.is_empty() {
            break;
        }
        let l = raw.strip_suffix('\r').unwrap_or(raw);
        if room == 0 {
            out.push_str(l);
            out.push('\n');
            continue;
        }
        let max = budget.max_expanded_frames_per_frame.min(room);
        let before = out.len();
        let frame;
        (ctx, frame) = retrace_line(mapping, l, verbose, &ctx, &mut out, max);
        if frame {
            let written = memchr::memchr_iter(b'\n', &out.as_bytes()[before..]).count();
            room -= written.min(room);
        }
    }
    if !trace.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    out
}

fn retrace_line(
    mapping: &Mapping,
    l: &str,
    verbose: bool,
    ctx: &Ctx,
    out: &mut String,
    max_frames: usize,
) -> (Ctx, bool) {
    match line::parse(l) {
        Parsed::Other => {
            out.push_str(l);
            out.push('\n');
            (Ctx::default(), false)
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
            (
                Ctx {
                    thrown: Some(class.to_string()),
                    rewrite_pos: None,
                },
                false,
            )
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
            let (lookup, next) = mapping.lookup(obf_class, obf_method, position, ctx, max_frames);
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
                Lookup::Frames {
                    alts, ambiguous, ..
                } => {
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
            (next, true)
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
