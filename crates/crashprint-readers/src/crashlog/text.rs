//! Line helpers shared by the readers of every family: the headline a
//! reader found, `file:line:column` locations, function-name clean-up.

use crashprint_model::{Frame, LogKind, Platform};

/// The line that says what crashed, as a reader found it.
#[derive(Debug, Clone)]
pub(super) struct Headline {
    pub(super) index: usize,
    pub(super) type_name: String,
    pub(super) message: Option<String>,
    pub(super) platform: Platform,
    pub(super) kind: LogKind,
}

pub(super) fn headline(
    index: usize,
    type_name: impl Into<String>,
    message: Option<&str>,
    platform: Platform,
    kind: LogKind,
) -> Headline {
    Headline {
        index,
        type_name: type_name.into(),
        message: message
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty()),
        platform,
        kind,
    }
}

pub(super) fn looks_like_location(s: &str) -> bool {
    s.contains('/')
        || s.contains('\\')
        || s.rsplit_once(':').is_some_and(|(file, line)| {
            file.contains('.') && !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit())
        })
        || s.rsplitn(3, ':').count() == 3 && s.contains('.')
}

/// `file:line:col`, `file:line`, `file (line)` or a bare file.
pub(super) fn set_location(frame: &mut Frame, loc: &str) {
    let loc = loc.trim().trim_end_matches(" [inline]");
    let mut parts = loc.rsplitn(3, ':');
    let last = parts.next().unwrap_or("");
    let middle = parts.next();
    let head = parts.next();
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (head, middle, last) {
        (Some(file), Some(line), col) if num(line).is_some() && num(col).is_some() => {
            frame.file = Some(file.to_string());
            frame.line = num(line);
            frame.column = num(col);
        }
        (_, Some(_), line) if num(line).is_some() => {
            let file = &loc[..loc.len() - line.len() - 1];
            frame.file = Some(file.to_string());
            frame.line = num(line);
        }
        _ => frame.file = Some(loc.to_string()),
    }
}

/// Drops the argument list that sanitizers print (`f(int, char const*)`)
/// only when it is a trailing, balanced one; templates stay.
pub(super) fn clean_function(func: &str) -> String {
    let func = func.trim();
    let func = func
        .strip_suffix(" const")
        .unwrap_or(func)
        .trim_end_matches(" ()");
    func.to_string()
}

pub(super) fn strip_numbers(s: &str) -> String {
    s.split_whitespace()
        .filter(|w| {
            let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            !(w.is_empty()
                || w.bytes().all(|b| b.is_ascii_digit())
                || w.starts_with("0x")
                || w.len() >= 8 && w.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
