//! The validation context shared by the adapters: it converts lenient raw
//! values into model values and records every issue with its JSON path.

use crate::lenient::{parse_i64, parse_u64, scalar_bool, JsonKind, Scalar, Tolerant};
use crashprint_model::{AttrValue, Limits};
use crashprint_model::{Issue, IssueCode, Path, Severity};

/// Collects issues while an adapter converts one payload: at most
/// `limits.max_issues` of them, errors before warnings, and a count of the
/// rest by kind.
#[derive(Debug)]
pub(crate) struct Ctx<'l> {
    issues: Vec<Issue>,
    pub limits: &'l Limits,
    /// Issues not listed, counted by (severity, code), in the order their
    /// kinds first went unlisted.
    unlisted: Vec<(Severity, IssueCode, usize)>,
    errors: bool,
}

impl<'l> Ctx<'l> {
    pub fn new(limits: &'l Limits) -> Self {
        Ctx {
            issues: Vec::new(),
            limits,
            unlisted: Vec::new(),
            errors: false,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.errors
    }

    pub fn error(&mut self, code: IssueCode, path: &Path<'_>, text: impl Into<String>) {
        self.errors = true;
        if self.issues.len() >= self.limits.max_issues {
            // An error is listed before a warning: it says why the payload
            // is rejected.
            match self
                .issues
                .iter()
                .rposition(|i| i.severity == Severity::Warning)
            {
                Some(i) => {
                    let warning = self.issues.remove(i);
                    self.count_unlisted(warning.severity, warning.code);
                }
                None => return self.count_unlisted(Severity::Error, code),
            }
        }
        self.issues.push(Issue::error(code, path.to_string(), text));
    }

    pub fn warn(&mut self, code: IssueCode, path: &Path<'_>, text: impl Into<String>) {
        if self.issues.len() >= self.limits.max_issues {
            return self.count_unlisted(Severity::Warning, code);
        }
        self.issues
            .push(Issue::warning(code, path.to_string(), text));
    }

    fn count_unlisted(&mut self, severity: Severity, code: IssueCode) {
        match self
            .unlisted
            .iter_mut()
            .find(|(s, c, _)| *s == severity && *c == code)
        {
            Some((_, _, n)) => *n += 1,
            None => self.unlisted.push((severity, code, 1)),
        }
    }

    /// The issues listed, then one summary issue per kind not listed in
    /// full.
    pub fn finish(self) -> Vec<Issue> {
        let max = self.limits.max_issues;
        let mut issues = self.issues;
        for (severity, code, n) in self.unlisted {
            let kind = match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let text = format!(
                "{n} more {kind}{} of code {}, not listed: at most {max} issues are listed per payload",
                if n == 1 { "" } else { "s" },
                code.as_str(),
            );
            issues.push(match severity {
                Severity::Error => Issue::error(code, "$", text),
                Severity::Warning => Issue::warning(code, "$", text),
            });
        }
        issues
    }

    pub fn wrong_type(&mut self, path: &Path<'_>, expected: &str, got: JsonKind) {
        self.error(
            IssueCode::Invalid,
            path,
            format!("expected {expected}, got {}", got.describe()),
        );
    }

    pub fn missing(&mut self, path: &Path<'_>, what: &str) {
        self.error(IssueCode::Required, path, format!("{what} is required"));
    }

    /// Cuts `s` to the string limit, at a char boundary, with a warning.
    pub fn bounded(&mut self, mut s: String, path: &Path<'_>) -> String {
        let max = self.limits.max_string_bytes;
        if s.len() > max {
            let mut cut = max;
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            self.warn(
                IssueCode::TooLong,
                path,
                format!(
                    "string of {} bytes cut to the limit of {max} bytes",
                    s.len()
                ),
            );
            s.truncate(cut);
        }
        s
    }

    /// A string field. Numbers and booleans are accepted and kept as text,
    /// since clients mix them up; objects and arrays are errors.
    pub fn string(&mut self, v: Option<Scalar>, path: &Path<'_>) -> Option<String> {
        match v? {
            Scalar::Str(s) => Some(self.bounded(s, path)),
            Scalar::U64(n) => Some(n.to_string()),
            Scalar::I64(n) => Some(n.to_string()),
            Scalar::F64(n) => Some(n.to_string()),
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Null => None,
            other => {
                self.wrong_type(path, "a string", other.kind());
                None
            }
        }
    }

    /// A string field that must be present and non-empty.
    pub fn required_string(
        &mut self,
        v: Option<Scalar>,
        path: &Path<'_>,
        what: &str,
    ) -> Option<String> {
        let present = v.as_ref().is_some_and(|v| *v != Scalar::Null);
        match self.string(v, path) {
            Some(s) if !s.trim().is_empty() => Some(s),
            Some(_) => {
                self.error(
                    IssueCode::Required,
                    path,
                    format!("{what} must not be empty"),
                );
                None
            }
            None if !present => {
                self.missing(path, what);
                None
            }
            None => None,
        }
    }

    /// A positive line or column number (a number or a numeric string). Zero
    /// means "unknown" to several clients and is read as absent.
    pub fn position(&mut self, v: Option<Scalar>, path: &Path<'_>) -> Option<u32> {
        let n = match v? {
            Scalar::U64(n) => n,
            Scalar::F64(f) if f.fract() == 0.0 && f >= 0.0 && f <= u32::MAX as f64 => f as u64,
            Scalar::Str(s) if s.trim().is_empty() => return None,
            Scalar::Str(s) => match parse_u64(&s) {
                Some(n) => n,
                None => {
                    self.error(
                        IssueCode::Invalid,
                        path,
                        format!("expected a positive integer, got the string {s:?}"),
                    );
                    return None;
                }
            },
            Scalar::Null => return None,
            other => {
                self.error(
                    IssueCode::Invalid,
                    path,
                    format!("expected a positive integer, got {}", describe(&other)),
                );
                return None;
            }
        };
        if n == 0 {
            return None;
        }
        match u32::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(IssueCode::Invalid, path, format!("{n} is out of range"));
                None
            }
        }
    }

    /// A 64-bit address or size: a number, a decimal string or a `0x` hex string.
    pub fn address(&mut self, v: Option<Scalar>, path: &Path<'_>) -> Option<u64> {
        match v? {
            Scalar::U64(n) => Some(n),
            Scalar::Str(s) if s.trim().is_empty() => None,
            Scalar::Str(s) => match parse_u64(&s) {
                Some(n) => Some(n),
                None => {
                    self.error(
                        IssueCode::Invalid,
                        path,
                        format!(
                            "expected an address (decimal or 0x-hex, at most 64 bits), got {s:?}"
                        ),
                    );
                    None
                }
            },
            Scalar::Null => None,
            other => {
                self.error(
                    IssueCode::Invalid,
                    path,
                    format!("expected an address, got {}", describe(&other)),
                );
                None
            }
        }
    }

    /// A signed integer (timestamps): a number or a decimal string.
    pub fn integer(&mut self, v: Option<Scalar>, path: &Path<'_>) -> Option<i64> {
        match v? {
            Scalar::U64(n) => i64::try_from(n).ok().or_else(|| {
                self.error(IssueCode::Invalid, path, format!("{n} is out of range"));
                None
            }),
            Scalar::I64(n) => Some(n),
            Scalar::F64(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
            Scalar::Str(s) => parse_i64(&s).or_else(|| {
                self.error(
                    IssueCode::Invalid,
                    path,
                    format!("expected an integer, got the string {s:?}"),
                );
                None
            }),
            Scalar::Null => None,
            other => {
                self.error(
                    IssueCode::Invalid,
                    path,
                    format!("expected an integer, got {}", describe(&other)),
                );
                None
            }
        }
    }

    /// A boolean: `true`, `"false"`, `1`, `"0"` …
    pub fn boolean(&mut self, v: Option<Scalar>, path: &Path<'_>) -> Option<bool> {
        let v = v?;
        if v == Scalar::Null {
            return None;
        }
        match scalar_bool(&v) {
            Some(b) => Some(b),
            None => {
                self.error(
                    IssueCode::Invalid,
                    path,
                    format!("expected a boolean, got {}", describe(&v)),
                );
                None
            }
        }
    }

    /// The content of a container field, or an error naming what came instead.
    pub fn container<T>(
        &mut self,
        v: Option<Tolerant<T>>,
        path: &Path<'_>,
        expected: &str,
    ) -> Option<T> {
        match v? {
            Tolerant::Ok(t) => Some(t),
            Tolerant::Wrong(Scalar::Null) => None,
            Tolerant::Wrong(other) => {
                self.wrong_type(path, expected, other.kind());
                None
            }
        }
    }

    /// An attribute value: scalars are kept, `null` is absent, and a nested
    /// container is returned as `Err(kind)` for the caller to warn about or skip.
    pub fn attribute(&mut self, v: Scalar, path: &Path<'_>) -> Result<Option<AttrValue>, JsonKind> {
        Ok(Some(match v {
            Scalar::Bool(b) => AttrValue::Bool(b),
            Scalar::U64(n) => i64::try_from(n).map_or(AttrValue::UInt(n), AttrValue::Int),
            Scalar::I64(n) => AttrValue::Int(n),
            Scalar::F64(f) => AttrValue::Float(f),
            Scalar::Str(s) => AttrValue::Str(self.bounded(s, path)),
            Scalar::Null => return Ok(None),
            other => return Err(other.kind()),
        }))
    }

    /// Calls `f` on each object of `items` with its index (at most `max`, with a warning
    /// when more came), reporting items that are not objects.
    pub fn each_object<T>(
        &mut self,
        mut items: Vec<Tolerant<T>>,
        max: usize,
        path: &Path<'_>,
        what: &str,
        mut f: impl FnMut(&mut Self, usize, T, &Path<'_>),
    ) {
        self.cap(&mut items, max, path, what);
        for (i, item) in items.into_iter().enumerate() {
            let p = path.index(i);
            match item {
                Tolerant::Ok(t) => f(self, i, t, &p),
                Tolerant::Wrong(Scalar::Null) => {}
                Tolerant::Wrong(other) => self.wrong_type(&p, "an object", other.kind()),
            }
        }
    }

    /// Keeps the first `max` items of `items`, warning when some are dropped.
    pub fn cap<T>(&mut self, items: &mut Vec<T>, max: usize, path: &Path<'_>, what: &str) {
        if items.len() > max {
            self.warn(
                IssueCode::TooLong,
                path,
                format!(
                    "{} {what} exceed the limit of {max}; the first {max} are kept",
                    items.len()
                ),
            );
            items.truncate(max);
        }
    }
}

/// "the string \"x\"", "an object" …
pub(crate) fn describe(v: &Scalar) -> String {
    match v {
        Scalar::Str(s) => format!("the string {s:?}"),
        Scalar::U64(n) => format!("the number {n}"),
        Scalar::I64(n) => format!("the number {n}"),
        Scalar::F64(n) => format!("the number {n}"),
        Scalar::Bool(b) => format!("the boolean {b}"),
        other => other.kind().describe().to_string(),
    }
}
