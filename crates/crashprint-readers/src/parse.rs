//! The entry point: bytes in, events (or a [`Problem`]) out.

use crate::lenient::Tolerant;
use crate::raw::AnyPayload;
use crate::validate::Ctx;
use crate::{backtrace, bugsnag, canvas};
use crashprint_model::{Event, Format, Limits};
use crashprint_model::{Issue, IssueCode, Problem};
use crashprint_model::{PathDisplay, Seg};

/// A payload that was accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The format it was read as.
    pub format: Format,
    /// Its events (Bugsnag payloads may batch several; the others hold one).
    pub events: Vec<Event>,
    /// Warning-level issues: what was truncated, dropped or guessed.
    pub warnings: Vec<Issue>,
}

/// One text crash log as one event.
fn read_crash_log(bytes: &[u8]) -> Result<Parsed, Problem> {
    match crate::crashlog::parse_crash_log(&String::from_utf8_lossy(bytes)) {
        Some(event) => Ok(Parsed {
            format: Format::Text,
            events: vec![event],
            warnings: Vec::new(),
        }),
        None => Err(Problem::single(
            IssueCode::NotSupported,
            "$",
            "no crash recognised in this text: no sanitizer, runtime, kernel or debugger (gdb, lldb, Apport) report",
        )),
    }
}

/// Parses and validates one payload.
///
/// `format` forces a format; `None` detects it from the payload's fields.
/// [`Format::Text`] reads the bytes as one text crash log
/// ([`crate::crashlog`]).
/// Every problem found is reported, each with the JSON path of the value.
///
/// ```
/// use crashprint_readers::{parse, Format, Limits};
/// let payload = br#"{"subject": "File upload breaking", "url": "https://canvas.example/courses/1"}"#;
/// let parsed = parse(payload, None, &Limits::default()).unwrap();
/// assert_eq!(parsed.format, Format::Canvas);
/// assert_eq!(parsed.events[0].message.as_deref(), Some("File upload breaking"));
///
/// let problem = parse(br#"{"uuid": 7}"#, Some(Format::Backtrace), &Limits::default()).unwrap_err();
/// assert!(problem.issue.iter().any(|i| i.expression == ["timestamp"]));
/// ```
pub fn parse(bytes: &[u8], format: Option<Format>, limits: &Limits) -> Result<Parsed, Problem> {
    if bytes.len() > limits.max_payload_bytes {
        return Err(Problem::single(
            IssueCode::TooLong,
            "$",
            format!(
                "payload of {} bytes exceeds the limit of {} bytes",
                bytes.len(),
                limits.max_payload_bytes
            ),
        ));
    }
    if format == Some(Format::Text) {
        return read_crash_log(bytes);
    }
    if format == Some(Format::Minidump) || bytes.starts_with(MINIDUMP_MAGIC) {
        return Err(minidump_here());
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            return Err(syntax_problem(
                bytes,
                at,
                format!("invalid UTF-8 at byte {at}"),
            ));
        }
    };
    if text.trim().is_empty() {
        return Err(Problem::single(
            IssueCode::Required,
            "$",
            "the payload is empty",
        ));
    }
    // serde_json bounds the depth of what it deserializes, but skips ignored
    // values without a bound: one scan enforces the limit everywhere.
    if let Some(at) = exceeds_depth(bytes, limits.max_depth) {
        return Err(syntax_problem(
            bytes,
            at,
            format!(
                "JSON nested deeper than the limit of {} levels",
                limits.max_depth
            ),
        ));
    }
    let raw: Tolerant<AnyPayload> = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let at = offset_of(text, e.line(), e.column());
            let message = e.to_string();
            let text = if message.starts_with("recursion limit exceeded") {
                "JSON nested deeper than the limit of 128 levels".to_string()
            } else {
                let cut = message.find(" at line ").unwrap_or(message.len());
                format!("malformed JSON: {}", &message[..cut])
            };
            return Err(syntax_problem(bytes, at, text));
        }
    };
    let mut raw = match raw {
        Tolerant::Ok(raw) => raw,
        Tolerant::Wrong(v) => {
            return Err(Problem::single(
                IssueCode::Invalid,
                "$",
                format!(
                    "a payload must be a JSON object, got {}",
                    v.kind().describe()
                ),
            ))
        }
    };
    if raw.sessionCounts.is_some() && raw.events.is_none() {
        return Err(Problem::single(
            IssueCode::NotSupported,
            "sessionCounts",
            "a Bugsnag session payload (sent to /sessions) counts sessions and holds no error \
             to fingerprint; send it to a session endpoint, not to crashprint",
        ));
    }
    let format = match format.or_else(|| detect(&raw)) {
        Some(f) => f,
        None => {
            return Err(Problem::single(
                IssueCode::NotSupported,
                "$",
                "not a known payload: a Backtrace crash object has `threads`, a Bugsnag \
                 payload has `events`, a Canvas error report has `subject`",
            ))
        }
    };
    let mut ctx = Ctx::new(limits);
    let events = match format {
        Format::Backtrace => backtrace::convert(raw, &mut ctx).into_iter().collect(),
        Format::Bugsnag => bugsnag::convert(raw, &mut ctx),
        Format::Text => return read_crash_log(bytes),
        Format::Minidump => return Err(minidump_here()),
        Format::Canvas => {
            let wrapped = raw.error.take();
            let bare = raw.take_canvas();
            let (report, wrapped) = match wrapped {
                Some(Tolerant::Ok(report)) if bare.subject.is_none() => (report, true),
                _ => (bare, false),
            };
            canvas::convert(report, wrapped, &mut ctx)
                .into_iter()
                .collect()
        }
    };
    if ctx.has_errors() {
        return Err(Problem::new(ctx.finish()));
    }
    Ok(Parsed {
        format,
        events,
        warnings: ctx.finish(),
    })
}

/// Picks the format from the fields present.
fn detect(raw: &AnyPayload) -> Option<Format> {
    if raw.events.is_some() || (raw.apiKey.is_some() && raw.notifier.is_some()) {
        return Some(Format::Bugsnag);
    }
    if raw.threads.is_some()
        || raw.mainThread.is_some()
        || (raw.uuid.is_some() && raw.agent.is_some())
    {
        return Some(Format::Backtrace);
    }
    let wrapped_subject = matches!(&raw.error, Some(Tolerant::Ok(r)) if r.subject.is_some());
    if raw.subject.is_some() || wrapped_subject {
        return Some(Format::Canvas);
    }
    None
}

/// A problem at a byte offset: its line/column and, where the JSON up to that
/// point allows, the path of the value being read.
fn syntax_problem(bytes: &[u8], at: usize, text: String) -> Problem {
    let at = at.min(bytes.len());
    let (line, column) = line_column(bytes, at);
    let mut issue = Issue::error(IssueCode::Invalid, path_at(bytes, at), text);
    issue.location = vec![format!("line {line}, column {column}")];
    Problem::new(vec![issue])
}

fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, at - start + 1)
}

/// serde_json reports 1-based line and column (column 0 at a line's start).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return (offset + column.saturating_sub(1)).min(text.len());
        }
        offset += l.len();
    }
    text.len()
}

/// The first offset at which nesting exceeds `max`, skipping strings.
fn exceeds_depth(bytes: &[u8], max: usize) -> Option<usize> {
    // Nesting deeper than `max` needs more than `max` opening brackets: a
    // SIMD count rules most payloads out without the byte-by-byte scan.
    let opening =
        memchr::memchr_iter(b'{', bytes).count() + memchr::memchr_iter(b'[', bytes).count();
    if opening <= max {
        return None;
    }
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // Jump to the closing quote, stepping over escapes.
                let mut j = i + 1;
                loop {
                    match memchr::memchr2(b'"', b'\\', &bytes[j.min(bytes.len())..]) {
                        Some(k) if bytes[j + k] == b'\\' => j += k + 2,
                        Some(k) => {
                            j += k;
                            break;
                        }
                        None => return None,
                    }
                }
                i = j;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The JSON path of the value being read at byte `at`, reconstructed by a
/// small non-recursive scan (used only on the error path). Never fails:
/// whatever cannot be followed yields the deepest path known.
fn path_at(bytes: &[u8], at: usize) -> String {
    enum Level {
        Object { key: Option<String> },
        Array { index: usize },
    }
    // Bound the work on hostile input: paths deeper than this are cut.
    const MAX_LEVELS: usize = 256;
    let mut stack: Vec<Level> = Vec::new();
    let mut overflow = 0usize;
    let mut i = 0;
    let mut expecting_key = false;
    while i < at {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    if bytes[j] == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
                if expecting_key && overflow == 0 {
                    if let Some(Level::Object { key }) = stack.last_mut() {
                        let raw = &bytes[start..j.min(bytes.len())];
                        let k = serde_json::from_slice::<String>(
                            &bytes[start.saturating_sub(1)..(j + 1).min(bytes.len())],
                        )
                        .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned());
                        *key = Some(k);
                    }
                    expecting_key = false;
                }
                i = j + 1;
                continue;
            }
            b'{' => {
                if stack.len() < MAX_LEVELS {
                    stack.push(Level::Object { key: None });
                } else {
                    overflow += 1;
                }
                expecting_key = true;
            }
            b'[' => {
                if stack.len() < MAX_LEVELS {
                    stack.push(Level::Array { index: 0 });
                } else {
                    overflow += 1;
                }
            }
            b'}' | b']' => {
                if overflow > 0 {
                    overflow -= 1;
                } else {
                    stack.pop();
                }
            }
            b',' if overflow == 0 => match stack.last_mut() {
                Some(Level::Array { index }) => *index += 1,
                Some(Level::Object { key }) => {
                    *key = None;
                    expecting_key = true;
                }
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    // Beyond this many steps a path says no more to a reader.
    const SHOWN: usize = 24;
    let segments: Vec<Seg<'_>> = stack
        .iter()
        .take(SHOWN)
        .map_while(|l| match l {
            Level::Object { key: Some(k) } => Some(Seg::Key(k)),
            Level::Object { key: None } => None,
            Level::Array { index } => Some(Seg::Index(*index)),
        })
        .collect();
    PathDisplay(&segments).to_string()
}

/// The first four bytes of every minidump.
pub const MINIDUMP_MAGIC: &[u8; 4] = b"MDMP";

/// Minidumps are binary and need a stack walker: the `crashprint-minidump`
/// crate reads them, and the `Engine` sends them there before this point.
fn minidump_here() -> Problem {
    Problem::single(
        IssueCode::NotSupported,
        "$",
        "a minidump is read by crashprint-minidump (crashprint::Engine sends it there), not by the \
         payload readers",
    )
}
