//! Problems with a payload, reported as a FHIR-style `OperationOutcome`.
//!
//! Every rejection lists *all* problems found (not just the first), each with a
//! severity, an issue code, a plain-words explanation and the JSON path of the
//! offending value, so that a client developer can fix their notifier.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious an [`Issue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The payload cannot be processed.
    Error,
    /// The payload was processed, but something was dropped, truncated or guessed.
    Warning,
}

/// The kind of an [`Issue`], using FHIR `IssueType` codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueCode {
    /// Malformed JSON, a value of the wrong type, or a value out of range.
    Invalid,
    /// A required field is missing.
    Required,
    /// A limit was exceeded (payload size, frames, string length …).
    TooLong,
    /// The payload is in no format crashprint understands.
    NotSupported,
    /// The payload is well-formed but contradicts itself (e.g. `mainThread`
    /// names no thread).
    BusinessRule,
    /// An internal failure: a bug in crashprint, never the client's fault.
    Exception,
}

impl IssueCode {
    /// Its FHIR name, as serialized (`invalid`, `too-long` …).
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::Invalid => "invalid",
            IssueCode::Required => "required",
            IssueCode::TooLong => "too-long",
            IssueCode::NotSupported => "not-supported",
            IssueCode::BusinessRule => "business-rule",
            IssueCode::Exception => "exception",
        }
    }

    /// The HTTP status an ingestion server should answer for this code.
    pub fn http_status(self) -> u16 {
        match self {
            IssueCode::Invalid | IssueCode::Required => 400,
            IssueCode::TooLong => 413,
            IssueCode::NotSupported => 415,
            IssueCode::BusinessRule => 422,
            IssueCode::Exception => 500,
        }
    }
}

/// Free text explaining an [`Issue`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    /// What is wrong, in plain words.
    pub text: String,
}

/// One problem found in a payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// How serious it is.
    pub severity: Severity,
    /// What kind of problem it is.
    pub code: IssueCode,
    /// What is wrong, in plain words.
    pub details: Details,
    /// JSON paths of the offending values, e.g. `threads.main.stack[3].address`.
    /// `$` is the payload itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expression: Vec<String>,
    /// Where in the raw bytes, for syntax errors: `line L, column C` (1-based).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub location: Vec<String>,
}

impl Issue {
    /// A new error-level issue at `path`.
    pub fn error(code: IssueCode, path: impl Into<String>, text: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Error,
            code,
            details: Details { text: text.into() },
            expression: vec![path.into()],
            location: Vec::new(),
        }
    }

    /// A new warning-level issue at `path`.
    pub fn warning(code: IssueCode, path: impl Into<String>, text: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Warning,
            ..Issue::error(code, path, text)
        }
    }
}

/// A rejected payload: an `OperationOutcome` holding every problem found.
///
/// ```
/// use crashprint_model::{Issue, IssueCode, Problem};
/// let problem = Problem::new(vec![Issue::error(IssueCode::Required, "uuid", "`uuid` is required")]);
/// assert_eq!(problem.http_status(), 400);
/// let json = serde_json::to_value(&problem).unwrap();
/// assert_eq!(json["resourceType"], "OperationOutcome");
/// assert_eq!(json["issue"][0]["expression"][0], "uuid");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "resourceType", rename = "OperationOutcome")]
pub struct Problem {
    /// The problems, in the order they were found (errors and warnings).
    pub issue: Vec<Issue>,
}

impl Problem {
    /// A problem made of these issues.
    pub fn new(issue: Vec<Issue>) -> Self {
        Problem { issue }
    }

    /// A problem with one error-level issue.
    pub fn single(code: IssueCode, path: impl Into<String>, text: impl Into<String>) -> Self {
        Problem::new(vec![Issue::error(code, path, text)])
    }

    /// The error-level issues.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issue.iter().filter(|i| i.severity == Severity::Error)
    }

    /// The HTTP status an ingestion server should answer with: the most
    /// severe error's status (500 before 413 before 400 before 415 and 422).
    pub fn http_status(&self) -> u16 {
        let rank = |s: u16| match s {
            500 => 5,
            413 => 4,
            400 => 3,
            415 => 2,
            _ => 1,
        };
        self.errors()
            .map(|i| i.code.http_status())
            .max_by_key(|s| rank(*s))
            .unwrap_or(400)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for issue in self.errors() {
            if !first {
                f.write_str("; ")?;
            }
            first = false;
            match issue.expression.first() {
                Some(path) => write!(f, "{path}: {}", issue.details.text)?,
                None => f.write_str(&issue.details.text)?,
            }
        }
        if first {
            f.write_str("payload rejected")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

/// A JSON path under construction: a linked list on the stack, so building the
/// path of every frame costs nothing until an issue actually needs its text.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    /// The payload itself (`$`).
    pub const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };

    /// The member `key` of this object.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// The element `index` of this array.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut segments = Vec::new();
        let mut node = Some(self);
        while let Some(p) = node {
            match p.segment {
                Segment::Root => {}
                Segment::Key(k) => segments.push(Seg::Key(k)),
                Segment::Index(i) => segments.push(Seg::Index(i)),
            }
            node = p.parent;
        }
        segments.reverse();
        PathDisplay(&segments).fmt(f)
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    /// An object key.
    Key(&'a str),
    /// An array index.
    Index(usize),
}

/// Formats path segments the way every issue prints them:
/// `threads.main.stack[3].address`, `attributes["error.message"]`, `$` for the root.
#[derive(Debug)]
pub struct PathDisplay<'a, 'b>(pub &'b [Seg<'a>]);

impl fmt::Display for PathDisplay<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("$");
        }
        for (n, segment) in self.0.iter().enumerate() {
            match segment {
                Seg::Key(key) => {
                    let plain = !key.is_empty()
                        && key.bytes().all(|b| {
                            b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'$'
                        });
                    if plain {
                        if n > 0 {
                            f.write_str(".")?;
                        }
                        f.write_str(key)?;
                    } else {
                        write!(f, "[{}]", serde_json::Value::from(*key))?;
                    }
                }
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_the_payload() {
        let root = Path::ROOT;
        let threads = root.key("threads");
        let main = threads.key("main");
        let stack = main.key("stack");
        let frame = stack.index(3);
        let addr = frame.key("address");
        assert_eq!(addr.to_string(), "threads.main.stack[3].address");
        assert_eq!(Path::ROOT.to_string(), "$");
        let attrs = root.key("attributes");
        let dotted = attrs.key("error.message");
        assert_eq!(dotted.to_string(), "attributes[\"error.message\"]");
        let tid = threads.key("139873961405312");
        assert_eq!(tid.to_string(), "threads.139873961405312");
    }

    #[test]
    fn status_prefers_the_most_severe() {
        let p = Problem::new(vec![
            Issue::error(IssueCode::BusinessRule, "a", "x"),
            Issue::error(IssueCode::Required, "b", "y"),
        ]);
        assert_eq!(p.http_status(), 400);
        let p = Problem::single(IssueCode::TooLong, "$", "too big");
        assert_eq!(p.http_status(), 413);
        assert_eq!(p.to_string(), "$: too big");
    }
}
