//! Reading labels (JSONL) and `crashprint process` results (NDJSON).

use std::io::BufRead;

use serde::Deserialize;
use serde_json::Value;

use crate::hash::FastMap;

/// A problem in a labels or results file, with its 1-based line number in
/// that file.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read (or is not UTF-8) at this line.
    #[error("line {line}: {source}")]
    Io {
        /// The line being read.
        line: u64,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The line is not valid JSON.
    #[error("line {line}: invalid JSON: {message}")]
    Json {
        /// The line.
        line: u64,
        /// What the JSON parser said.
        message: String,
    },
    /// The line is JSON but not a valid label or record.
    #[error("line {line}: {message}")]
    Invalid {
        /// The line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A report line is labelled twice.
    #[error("line {line}: report line {report_line} is already labelled on line {first}")]
    DuplicateLabel {
        /// The line of the second label.
        line: u64,
        /// The report line both labels name.
        report_line: u64,
        /// The line of the first label.
        first: u64,
    },
    /// Two results records for the same event (same report line and index).
    #[error(
        "line {line}: a record for report line {report_line}, event {index} is already on line {first}{}",
        if *.several_inputs { " (the results cover several input files: evaluate one at a time)" } else { "" }
    )]
    DuplicateRecord {
        /// The line of the second record.
        line: u64,
        /// The report line both records name.
        report_line: u64,
        /// The event index both records name.
        index: u64,
        /// The line of the first record.
        first: u64,
        /// Whether the records name different `input` files.
        several_inputs: bool,
    },
}

impl InputError {
    /// The 1-based line of the labels or results file the problem is on.
    pub fn line(&self) -> u64 {
        match self {
            Self::Io { line, .. }
            | Self::Json { line, .. }
            | Self::Invalid { line, .. }
            | Self::DuplicateLabel { line, .. }
            | Self::DuplicateRecord { line, .. } => *line,
        }
    }
}

/// Reads `reader` line by line, handing non-blank lines to `f` with their
/// 1-based number.
fn for_each_line<R: BufRead>(
    mut reader: R,
    mut f: impl FnMut(u64, &str) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let mut buf = String::new();
    let mut line = 0u64;
    loop {
        line += 1;
        buf.clear();
        match reader.read_line(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(source) => return Err(InputError::Io { line, source }),
        }
        let text = buf.trim();
        if !text.is_empty() {
            f(line, text)?;
        }
    }
}

fn json_error(line: u64, e: &serde_json::Error) -> InputError {
    if e.is_data() {
        InputError::Invalid {
            line,
            message: e.to_string(),
        }
    } else {
        InputError::Json {
            line,
            message: e.to_string(),
        }
    }
}

/// Ground truth: the bug of each labelled report line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    bugs: FastMap<u64, String>,
}

impl Labels {
    /// No labels.
    pub fn new() -> Self {
        Self::default()
    }

    /// Labels report line `line` (1-based) with `bug`; returns the previous
    /// label of that line, if any.
    pub fn insert(&mut self, line: u64, bug: impl Into<String>) -> Option<String> {
        self.bugs.insert(line, bug.into())
    }

    /// The bug of report line `line`, if labelled.
    pub fn get(&self, line: u64) -> Option<&str> {
        self.bugs.get(&line).map(String::as_str)
    }

    /// The number of labelled lines.
    pub fn len(&self) -> usize {
        self.bugs.len()
    }

    /// Whether no line is labelled.
    pub fn is_empty(&self) -> bool {
        self.bugs.is_empty()
    }

    /// The labelled lines in increasing order, with their bugs.
    pub fn sorted(&self) -> Vec<(u64, &str)> {
        let mut v: Vec<(u64, &str)> = self.bugs.iter().map(|(&l, b)| (l, b.as_str())).collect();
        v.sort_unstable_by_key(|&(l, _)| l);
        v
    }
}

impl FromIterator<(u64, String)> for Labels {
    fn from_iter<I: IntoIterator<Item = (u64, String)>>(iter: I) -> Self {
        Self {
            bugs: iter.into_iter().collect(),
        }
    }
}

/// Parses a labels file: one JSON object per line, `{"line": N, "bug":
/// "..."}`, with `line` the 1-based line of the report in the reports file
/// and `bug` its ground-truth group (a string; an integer is taken as its
/// decimal string; `null` leaves the line unlabelled). Other members are
/// ignored, blank lines skipped. A report line labelled twice is an error,
/// as is any line that is not such an object.
///
/// ```
/// let labels = crashprint_eval::parse_labels(
///     "{\"line\": 1, \"bug\": \"npe-checkout\"}\n{\"line\": 3, \"bug\": \"oom\"}\n".as_bytes(),
/// )
/// .expect("valid labels");
/// assert_eq!(labels.get(3), Some("oom"));
/// assert_eq!(labels.get(2), None);
/// ```
pub fn parse_labels<R: BufRead>(reader: R) -> Result<Labels, InputError> {
    let mut bugs: FastMap<u64, (String, u64)> = FastMap::default();
    for_each_line(reader, |line, text| {
        let value: Value = serde_json::from_str(text).map_err(|e| json_error(line, &e))?;
        let invalid = |message: String| InputError::Invalid { line, message };
        let obj = value
            .as_object()
            .ok_or_else(|| invalid("a label must be a JSON object".into()))?;
        let report_line = match obj.get("line") {
            Some(v) => v
                .as_u64()
                .filter(|&n| n >= 1)
                .ok_or_else(|| invalid(format!("`line` must be a positive integer, got {v}")))?,
            None => return Err(invalid("missing `line`".into())),
        };
        let bug = match obj.get("bug") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
            Some(Value::Null) => return Ok(()),
            Some(v) => return Err(invalid(format!("`bug` must be a string, got {v}"))),
            None => return Err(invalid("missing `bug`".into())),
        };
        match bugs.entry(report_line) {
            std::collections::hash_map::Entry::Occupied(e) => Err(InputError::DuplicateLabel {
                line,
                report_line,
                first: e.get().1,
            }),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert((bug, line));
                Ok(())
            }
        }
    })?;
    Ok(Labels {
        bugs: bugs.into_iter().map(|(l, (b, _))| (l, b)).collect(),
    })
}

/// What the grouping under test made of one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted and grouped.
    Grouped {
        /// The fingerprint (the group id).
        fingerprint: String,
    },
    /// Rejected: counts as its own singleton group `rejected:<line>`.
    Rejected {
        /// Why, in words.
        error: String,
    },
}

/// One report's result, as read from `crashprint process` output or built
/// by a caller that ran the engine itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRecord {
    /// The 1-based line of the report in the reports file.
    pub line: u64,
    /// Its group, or why it was rejected.
    pub outcome: Outcome,
    /// The event's platform (`event.platform`), when known.
    pub platform: Option<String>,
    /// What made the group, shown for the worst offenders: the grouping
    /// components (`type: TypeError; frame: render | chart.js`), else the
    /// `groupingHash`.
    pub explanation: Option<String>,
}

impl ResultRecord {
    /// The predicted group id: the fingerprint, or `rejected:<line>`.
    pub fn group_id(&self) -> std::borrow::Cow<'_, str> {
        match &self.outcome {
            Outcome::Grouped { fingerprint } => fingerprint.as_str().into(),
            Outcome::Rejected { .. } => format!("rejected:{}", self.line).into(),
        }
    }
}

/// A results file, one record per report line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    /// One record per report line (its first event, index 0), in file order.
    pub records: Vec<ResultRecord>,
    /// The grouping strategy named by the records (`grouping.strategy` of
    /// the first accepted one), if any.
    pub strategy: Option<String>,
    /// Records of further events of a line (index > 0), not evaluated.
    pub extra_events: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRecord {
    input: Option<String>,
    line: Option<u64>,
    index: Option<u64>,
    ok: Option<bool>,
    fingerprint: Option<String>,
    grouping_hash: Option<String>,
    grouping: Option<RawGrouping>,
    event: Option<RawEvent>,
    error: Option<Value>,
}

#[derive(Deserialize)]
struct RawGrouping {
    strategy: Option<String>,
    #[serde(default)]
    components: Vec<RawComponent>,
}

#[derive(Deserialize)]
struct RawComponent {
    kind: Option<String>,
    value: Option<String>,
}

#[derive(Deserialize)]
struct RawEvent {
    platform: Option<String>,
}

/// The OperationOutcome's issue texts, joined.
fn outcome_text(error: &Value) -> String {
    let texts: Vec<&str> = error
        .get("issue")
        .and_then(Value::as_array)
        .map(|issues| {
            issues
                .iter()
                .filter_map(|i| {
                    i.pointer("/details/text")
                        .or_else(|| i.get("diagnostics"))
                        .and_then(Value::as_str)
                })
                .collect()
        })
        .unwrap_or_default();
    if texts.is_empty() {
        "rejected".to_string()
    } else {
        texts.join("; ")
    }
}

fn explanation(grouping: Option<&RawGrouping>, grouping_hash: Option<&str>) -> Option<String> {
    let parts: Vec<String> = grouping
        .map(|g| {
            g.components
                .iter()
                .filter_map(|c| match (&c.kind, &c.value) {
                    (Some(k), Some(v)) => Some(format!("{k}: {v}")),
                    (None, Some(v)) => Some(v.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if parts.is_empty() {
        grouping_hash.map(String::from)
    } else {
        Some(parts.join("; "))
    }
}

/// Parses `crashprint process` output: one JSON record per event with
/// `line`, `index`, `ok`, `fingerprint`, `groupingHash`, `grouping` and
/// `event.platform`, or `ok: false` with `error` (an OperationOutcome).
///
/// Of the records of one report line (a Bugsnag batch has one per event)
/// the first event's (lowest `index`, normally 0) is kept; the others are
/// counted in [`Results::extra_events`]. Two records for the same line and
/// index are an error, as are records without a `line`, or accepted ones
/// without a `fingerprint`.
///
/// ```
/// let out = r#"{"line":1,"index":0,"ok":true,"fingerprint":"AAA=","groupingHash":"E | f | a.js","event":{"platform":"javascript"}}
/// {"line":1,"index":1,"ok":true,"fingerprint":"BBB=","groupingHash":"E | g | a.js","event":{"platform":"javascript"}}
/// {"line":2,"index":0,"ok":false,"status":400,"error":{"resourceType":"OperationOutcome","issue":[{"details":{"text":"malformed JSON"}}]}}
/// "#;
/// let results = crashprint_eval::parse_results(out.as_bytes()).expect("valid results");
/// assert_eq!(results.records.len(), 2);
/// assert_eq!(results.extra_events, 1);
/// assert_eq!(results.records[0].group_id(), "AAA=");
/// assert_eq!(results.records[1].group_id(), "rejected:2");
/// ```
pub fn parse_results<R: BufRead>(reader: R) -> Result<Results, InputError> {
    let mut records: Vec<ResultRecord> = Vec::new();
    // report line → (position in `records`, index, results line, input)
    let mut seen: FastMap<u64, (usize, u64, u64, Option<String>)> = FastMap::default();
    // (report line, index) pairs seen beyond the kept one, to catch duplicates.
    let mut others: FastMap<(u64, u64), u64> = FastMap::default();
    let mut strategy = None;
    let mut extra_events = 0u64;
    for_each_line(reader, |line, text| {
        let raw: RawRecord = serde_json::from_str(text).map_err(|e| json_error(line, &e))?;
        let invalid = |message: &str| InputError::Invalid {
            line,
            message: message.to_string(),
        };
        let report_line = raw
            .line
            .filter(|&l| l >= 1)
            .ok_or_else(|| invalid("a record needs a positive `line`"))?;
        let index = raw.index.unwrap_or(0);
        let ok = raw.ok.unwrap_or(raw.error.is_none());
        let outcome = if ok {
            let fingerprint = raw
                .fingerprint
                .clone()
                .ok_or_else(|| invalid("an accepted record needs a `fingerprint`"))?;
            Outcome::Grouped { fingerprint }
        } else {
            Outcome::Rejected {
                error: raw
                    .error
                    .as_ref()
                    .map_or_else(|| "rejected".to_string(), outcome_text),
            }
        };
        if ok && strategy.is_none() {
            strategy = raw.grouping.as_ref().and_then(|g| g.strategy.clone());
        }
        let record = ResultRecord {
            line: report_line,
            outcome,
            platform: raw.event.as_ref().and_then(|e| e.platform.clone()),
            explanation: explanation(raw.grouping.as_ref(), raw.grouping_hash.as_deref()),
        };
        let duplicate = |first: u64, first_input: &Option<String>| InputError::DuplicateRecord {
            line,
            report_line,
            index,
            first,
            several_inputs: *first_input != raw.input,
        };
        match seen.get_mut(&report_line) {
            None => {
                seen.insert(report_line, (records.len(), index, line, raw.input.clone()));
                records.push(record);
            }
            Some((pos, kept_index, kept_line, kept_input)) => {
                if *kept_index == index {
                    return Err(duplicate(*kept_line, kept_input));
                }
                if let Some(&first) = others.get(&(report_line, index)) {
                    return Err(duplicate(first, kept_input));
                }
                extra_events += 1;
                if index < *kept_index {
                    // An earlier event of the line, out of order: keep it.
                    others.insert((report_line, *kept_index), *kept_line);
                    records[*pos] = record;
                    *kept_index = index;
                    *kept_line = line;
                } else {
                    others.insert((report_line, index), line);
                }
            }
        }
        Ok(())
    })?;
    Ok(Results {
        records,
        strategy,
        extra_events,
    })
}
