//! Recognizing the parts of a stack trace line the way R8's default
//! retrace regular expression does:
//!
//! ```text
//! (?:.*?\bat\s+[module/]%c\.%m\s*\(%s(?::%l)?\)\s*(?:~\[.*\])?)
//! |(?:(?:(?:%c|.*)?[:"]\s+)?%c(?::.*)?)
//! ```
//!
//! plus `[CIRCULAR REFERENCE: %c]`. Hand-written (no regex engine), linear
//! in the line length for all practical inputs, never panics.

/// A byte range in the line.
pub(crate) type Range = (usize, usize);

/// What a line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parsed {
    /// `at class.method(file:line)`.
    Frame {
        class: Range,
        method: Range,
        file: Range,
        /// `:digits`, `:` or an empty range right after the file.
        line_idx: Range,
        /// The digits, when there are any.
        line: Option<i64>,
    },
    /// A class name alone (exception lines, `Caused by:`, ...).
    Class(Range),
    /// Nothing to retrace.
    Other,
}

/// At most this many `at` candidates are tried on one line.
const MAX_AT_TRIES: usize = 64;

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '$' || c == '_'
}

fn is_ident_part(c: char) -> bool {
    c.is_alphanumeric() || c == '$' || c == '_' || c == '-'
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Length of the longest `(seg\.)*seg` at the start of `s` (0: none).
fn class_len(s: &str) -> usize {
    let mut end = 0usize;
    let mut chars = s.char_indices().peekable();
    loop {
        // One segment.
        match chars.next() {
            Some((_, c)) if is_ident_start(c) => {}
            _ => return end,
        }
        let mut seg_end = s.len();
        while let Some(&(i, c)) = chars.peek() {
            if is_ident_part(c) {
                chars.next();
            } else {
                seg_end = i;
                break;
            }
        }
        end = seg_end;
        match chars.peek() {
            Some(&(_, '.')) => {
                chars.next();
            }
            _ => return end,
        }
    }
}

fn is_method_name(s: &str) -> bool {
    if s == "<init>" || s == "<clinit>" {
        return true;
    }
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if is_ident_start(c)) && cs.all(is_ident_part)
}

/// Whether `s` matches `((?::+[^\d:])|[^:])*`.
fn valid_source(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b':' {
            while i < b.len() && b[i] == b':' {
                i += 1;
            }
            if i >= b.len() || b[i].is_ascii_digit() {
                return false;
            }
        }
        i += 1;
    }
    true
}

pub(crate) fn parse(line: &str) -> Parsed {
    if let Some(p) = parse_frame(line) {
        return p;
    }
    if let Some(r) = parse_class_line(line) {
        return Parsed::Class(r);
    }
    if let Some(r) = parse_circular(line) {
        return Parsed::Class(r);
    }
    Parsed::Other
}

fn parse_frame(line: &str) -> Option<Parsed> {
    let b = line.as_bytes();
    let mut tries = 0;
    let mut from = 0;
    while let Some(off) = line.get(from..)?.find("at") {
        let i = from + off;
        from = i + 2;
        let boundary = i == 0 || !line[..i].chars().next_back().is_some_and(is_word);
        let after = line[i + 2..].chars().next();
        if !boundary || !after.is_some_and(is_ws) {
            continue;
        }
        tries += 1;
        if tries > MAX_AT_TRIES {
            return None;
        }
        let mut j = i + 2;
        while j < b.len() && is_ws(char::from(b[j])) && b[j] < 0x80 {
            j += 1;
        }
        if let Some(p) = parse_frame_rest(line, j) {
            return Some(p);
        }
    }
    None
}

fn parse_frame_rest(line: &str, start: usize) -> Option<Parsed> {
    let rest = &line[start..];
    // The `class.method` token, possibly prefixed by `loader/module/`.
    let tok_len = rest
        .char_indices()
        .find(|(_, c)| *c == '(' || is_ws(*c))
        .map_or(rest.len(), |(i, _)| i);
    let token = &rest[..tok_len];
    let mut after = &rest[tok_len..];
    after = after.trim_start_matches(is_ws);
    if !after.starts_with('(') {
        return None;
    }
    let open = line.len() - after.len();
    let cm_start = token.rfind('/').map_or(0, |i| i + 1);
    let cm = &token[cm_start..];
    let dot = cm.rfind('.')?;
    let (class, method) = (&cm[..dot], &cm[dot + 1..]);
    if class.is_empty() || class_len(class) != class.len() || !is_method_name(method) {
        return None;
    }
    let class_start = start + cm_start;
    let class_r = (class_start, class_start + class.len());
    let method_r = (class_start + dot + 1, class_start + cm.len());
    // Closing parenthesis: the last one followed only by whitespace or a
    // `~[...]` suffix.
    let inner_start = open + 1;
    let mut search_end = line.len();
    let mut guard = 0;
    while let Some(close) = line[inner_start..search_end].rfind(')') {
        guard += 1;
        if guard > MAX_AT_TRIES {
            return None;
        }
        let close = inner_start + close;
        search_end = close;
        let tail = line[close + 1..].trim_start_matches(|c: char| is_ws(c) || c.is_whitespace());
        let tail_ok = tail.is_empty() || (tail.starts_with("~[") && tail.ends_with(']'));
        if !tail_ok {
            continue;
        }
        let inner = &line[inner_start..close];
        if valid_source(inner) {
            return Some(Parsed::Frame {
                class: class_r,
                method: method_r,
                file: (inner_start, close),
                line_idx: (close, close),
                line: None,
            });
        }
        if let Some(colon) = inner.rfind(':') {
            let digits = &inner[colon + 1..];
            if digits.bytes().all(|c| c.is_ascii_digit()) && valid_source(&inner[..colon]) {
                let number = if digits.is_empty() {
                    None
                } else {
                    Some(digits.parse::<i64>().unwrap_or(-1))
                };
                return Some(Parsed::Frame {
                    class: class_r,
                    method: method_r,
                    file: (inner_start, inner_start + colon),
                    line_idx: (inner_start + colon, close),
                    line: number,
                });
            }
        }
    }
    None
}

/// `(?:(?:%c|.*)?[:"]\s+)?%c(?::.*)?` over the whole line.
fn parse_class_line(line: &str) -> Option<Range> {
    // After a separator at `sep`: whitespace, a class, then end or ':'.
    let class_after = |sep: usize| -> Option<Range> {
        let rest = &line[sep + 1..];
        let ws = rest.len() - rest.trim_start_matches(is_ws).len();
        if ws == 0 {
            return None;
        }
        let cstart = sep + 1 + ws;
        let n = class_len(&line[cstart..]);
        if n == 0 {
            return None;
        }
        let end = cstart + n;
        (end == line.len() || line[end..].starts_with(':')).then_some((cstart, end))
    };
    // The prefix as a class name: the first class group wins unless it is
    // "Suppressed".
    let n = class_len(line);
    if n > 0 && matches!(line.as_bytes().get(n), Some(b':' | b'"')) {
        if let Some(second) = class_after(n) {
            if &line[..n] == "Suppressed" {
                return Some(second);
            }
            return Some((0, n));
        }
    }
    // The prefix as `.*`, longest first.
    for (sep, c) in line.char_indices().rev() {
        if c == ':' || c == '"' {
            if let Some(r) = class_after(sep) {
                return Some(r);
            }
        }
    }
    // No prefix.
    if n > 0 && (n == line.len() || line[n..].starts_with(':')) {
        return Some((0, n));
    }
    None
}

/// `...[CIRCULAR REFERENCE: %c]` with trailing whitespace.
fn parse_circular(line: &str) -> Option<Range> {
    const TAG: &str = "[CIRCULAR REFERENCE: ";
    let at = line.find(TAG)?;
    let start = at + TAG.len();
    let n = class_len(&line[start..]);
    if n == 0 {
        return None;
    }
    let rest = &line[start + n..];
    let rest = rest.strip_prefix(']')?;
    rest.chars().all(is_ws).then_some((start, start + n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(line: &str) -> (String, String, String, String) {
        match parse(line) {
            Parsed::Frame {
                class,
                method,
                file,
                line_idx,
                ..
            } => (
                line[class.0..class.1].to_string(),
                line[method.0..method.1].to_string(),
                line[file.0..file.1].to_string(),
                line[line_idx.0..line_idx.1].to_string(),
            ),
            other => panic!("not a frame: {other:?}"),
        }
    }

    #[test]
    fn frames() {
        assert_eq!(
            frame("\tat a.b.c.d(Foo.java:12)"),
            ("a.b.c".into(), "d".into(), "Foo.java".into(), ":12".into())
        );
        assert_eq!(
            frame("  at a.s(:foo::bar:)"),
            ("a".into(), "s".into(), ":foo::bar".into(), ":".into())
        );
        assert_eq!(
            frame("\tat classloader.a.b.a/named_module@9.0/a.a(:101)"),
            ("a".into(), "a".into(), "".into(), ":101".into())
        );
        assert_eq!(
            frame("\tat qtr.a(:com.google.android.gms@203915081@20.39.15 (060808-335085812):46)"),
            (
                "qtr".into(),
                "a".into(),
                ":com.google.android.gms@203915081@20.39.15 (060808-335085812)".into(),
                ":46".into()
            )
        );
        assert_eq!(
            frame("    at R8.main()"),
            ("R8".into(), "main".into(), "".into(), "".into())
        );
    }

    #[test]
    fn classes() {
        let l = "Caused by: a.b.c: You have to write the program first";
        assert_eq!(parse(l), Parsed::Class((11, 16)));
        let l = "Suppressed: a.b.c: x";
        assert_eq!(parse(l), Parsed::Class((12, 17)));
        let l = "Exception in thread \"main\" java.lang.NullPointerException";
        assert_eq!(parse(l), Parsed::Class((27, l.len())));
        assert_eq!(parse("  hulubulu"), Parsed::Other);
        assert_eq!(
            parse("        [CIRCULAR REFERENCE: A.A] "),
            Parsed::Class((29, 32))
        );
    }
}
