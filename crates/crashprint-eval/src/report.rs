//! Per-strategy, per-platform reports and their plain-text table.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::hash::FastSet;
use crate::input::{Labels, Outcome, ResultRecord};
use crate::metrics::{Contingency, Metrics};
use crate::offenders::Offenders;

/// The platform name of the row that covers every item.
pub const ALL_PLATFORMS: &str = "all";

/// The platform of records that name none (rejected reports among them).
pub const UNKNOWN_PLATFORM: &str = "unknown";

/// How much detail [`evaluate`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalOptions {
    /// How many mixed groups and split bugs to keep (and rejected reports,
    /// and lines labelled but missing from the results, to list).
    pub top: usize,
    /// How many parts (bugs of a mixed group, groups of a split bug) to keep
    /// per offender.
    pub max_parts: usize,
}

impl Default for EvalOptions {
    fn default() -> Self {
        Self {
            top: 10,
            max_parts: 10,
        }
    }
}

/// The metrics and worst offenders of one strategy on one platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformReport {
    /// The platform (`javascript`, `native`, …), or [`ALL_PLATFORMS`].
    pub platform: String,
    /// The metrics.
    pub metrics: Metrics,
    /// The worst offenders.
    pub offenders: Offenders,
}

/// Which records and labels met.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// Labelled report lines.
    pub labels: u64,
    /// Result records (one per report line).
    pub records: u64,
    /// Labelled lines with a record: the items evaluated.
    pub evaluated: u64,
    /// Of those, rejected reports (each its own singleton group).
    pub rejected: u64,
    /// Records of lines without a label (ignored).
    pub unlabelled_records: u64,
    /// Labelled lines without a record (ignored).
    pub labels_without_record: u64,
    /// The first of those lines, in increasing order (at most
    /// [`EvalOptions::top`]).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub missing_lines: Vec<u64>,
    /// Further records of an already seen line (ignored).
    pub duplicate_records: u64,
}

/// A labelled report that the grouping under test rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RejectedReport {
    /// Its report line.
    pub line: u64,
    /// Its true bug.
    pub bug: String,
    /// Why it was rejected.
    pub error: String,
}

/// Everything measured about one strategy: `all` first, then each platform
/// in name order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyReport {
    /// The strategy's name (`crashprint:2026-11`, `sentry-like`, …).
    pub strategy: String,
    /// Which records and labels met.
    pub coverage: Coverage,
    /// Metrics per platform, [`ALL_PLATFORMS`] first.
    pub platforms: Vec<PlatformReport>,
    /// The first rejected labelled reports, in line order (at most
    /// [`EvalOptions::top`]; `coverage.rejected` counts them all).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub rejected: Vec<RejectedReport>,
}

impl StrategyReport {
    /// The report of platform `platform` ([`ALL_PLATFORMS`] for all).
    pub fn platform(&self, platform: &str) -> Option<&PlatformReport> {
        self.platforms.iter().find(|p| p.platform == platform)
    }
}

/// Evaluates one strategy's results against the labels: the labelled
/// records become items whose predicted group is [`ResultRecord::group_id`]
/// and whose true group is their label; records without a label and labels
/// without a record are counted and otherwise ignored. Only the first
/// record of each line counts.
///
/// ```
/// use crashprint_eval::{evaluate, EvalOptions, Labels, Outcome, ResultRecord};
///
/// let labels: Labels = [(1, "a".to_string()), (2, "a".to_string()), (3, "b".to_string())]
///     .into_iter()
///     .collect();
/// let record = |line, fp: &str| ResultRecord {
///     line,
///     outcome: Outcome::Grouped { fingerprint: fp.into() },
///     platform: Some("native".into()),
///     explanation: None,
/// };
/// let records = [record(1, "X"), record(2, "Y"), record(3, "Y")];
/// let report = evaluate("top3", &labels, &records, &EvalOptions::default());
/// let all = &report.platforms[0];
/// assert_eq!(all.platform, "all");
/// assert_eq!(all.metrics.predicted_groups, 2);
/// assert_eq!(all.offenders.mixed_groups[0].id, "Y");
/// assert_eq!(all.offenders.split_bugs[0].id, "a");
/// ```
pub fn evaluate(
    strategy: &str,
    labels: &Labels,
    records: &[ResultRecord],
    options: &EvalOptions,
) -> StrategyReport {
    let mut all = Contingency::new();
    let mut per_platform: BTreeMap<&str, Contingency> = BTreeMap::new();
    let mut coverage = Coverage {
        labels: labels.len() as u64,
        ..Coverage::default()
    };
    let mut lines_seen: FastSet<u64> = FastSet::default();
    lines_seen.reserve(records.len());
    let mut rejected = Vec::new();
    for record in records {
        if !lines_seen.insert(record.line) {
            coverage.duplicate_records += 1;
            continue;
        }
        coverage.records += 1;
        let Some(bug) = labels.get(record.line) else {
            coverage.unlabelled_records += 1;
            continue;
        };
        coverage.evaluated += 1;
        if let Outcome::Rejected { error } = &record.outcome {
            coverage.rejected += 1;
            rejected.push(RejectedReport {
                line: record.line,
                bug: bug.to_string(),
                error: error.clone(),
            });
        }
        let group = record.group_id();
        let explanation = record.explanation.as_deref();
        all.add_explained(&group, bug, explanation);
        let platform = record.platform.as_deref().unwrap_or(UNKNOWN_PLATFORM);
        per_platform
            .entry(platform)
            .or_default()
            .add_explained(&group, bug, explanation);
    }
    let missing: Vec<u64> = labels
        .sorted()
        .into_iter()
        .map(|(l, _)| l)
        .filter(|l| !lines_seen.contains(l))
        .collect();
    coverage.labels_without_record = missing.len() as u64;
    coverage.missing_lines = missing.into_iter().take(options.top).collect();
    rejected.sort_by_key(|r| r.line);
    rejected.truncate(options.top);

    let report = |platform: &str, table: &Contingency| PlatformReport {
        platform: platform.to_string(),
        metrics: table.metrics(),
        offenders: table.offenders(options.top, options.max_parts),
    };
    let mut platforms = vec![report(ALL_PLATFORMS, &all)];
    platforms.extend(per_platform.iter().map(|(p, t)| report(p, t)));
    StrategyReport {
        strategy: strategy.to_string(),
        coverage,
        platforms,
        rejected,
    }
}

/// Shortens long ids (base64 fingerprints) for the table.
fn short_id(id: &str) -> String {
    const MAX: usize = 16;
    if id.chars().count() <= MAX {
        id.to_string()
    } else {
        let head: String = id.chars().take(12).collect();
        format!("{head}…")
    }
}

/// Shortens long explanations for the table.
fn short_text(text: &str) -> String {
    const MAX: usize = 160;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX - 1).collect();
        format!("{head}…")
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

const HEADERS: [&str; 16] = [
    "strategy", "platform", "items", "groups", "bugs", "pw-P", "pw-R", "pw-F1", "b3-P", "b3-R",
    "b3-F1", "ARI", "purity", "inv-pur", "split", "mixed",
];

fn row(strategy: &str, p: &PlatformReport) -> [String; 16] {
    let m = &p.metrics;
    let f = |x: f64| format!("{x:.3}");
    [
        strategy.to_string(),
        p.platform.clone(),
        m.items.to_string(),
        m.predicted_groups.to_string(),
        m.true_groups.to_string(),
        f(m.pairwise.precision),
        f(m.pairwise.recall),
        f(m.pairwise.f1),
        f(m.bcubed.precision),
        f(m.bcubed.recall),
        f(m.bcubed.f1),
        f(m.adjusted_rand_index),
        f(m.purity),
        f(m.inverse_purity),
        f(m.under_grouping),
        f(m.over_grouping),
    ]
}

/// Renders reports as a plain-text table: one row per strategy × platform
/// (`groups`/`bugs`: predicted and true groups; `pw-`: pairwise; `b3-`:
/// B-cubed; `split`/`mixed`: shares of bugs split and of groups mixed),
/// then, per strategy, its coverage, its worst offenders over all platforms
/// with the explanation (the frames) of their parts, and its rejected
/// labelled reports.
///
/// ```
/// use crashprint_eval::{evaluate, render_table, EvalOptions, Labels};
///
/// let report = evaluate("raw", &Labels::new(), &[], &EvalOptions::default());
/// let table = render_table(&[report]);
/// assert!(table.starts_with("strategy"));
/// assert!(table.contains("raw"));
/// ```
pub fn render_table(reports: &[StrategyReport]) -> String {
    let rows: Vec<[String; 16]> = reports
        .iter()
        .flat_map(|r| r.platforms.iter().map(|p| row(&r.strategy, p)))
        .collect();
    let mut widths = HEADERS.map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            let pad = " ".repeat(w - cell.chars().count());
            if i < 2 {
                text.push_str(cell);
                text.push_str(&pad);
            } else {
                text.push_str(&pad);
                text.push_str(cell);
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&HEADERS.map(String::from));
    for r in &rows {
        line(r);
    }

    for report in reports {
        render_details(&mut out, report);
    }
    out
}

fn render_details(out: &mut String, report: &StrategyReport) {
    let c = &report.coverage;
    let _ = write!(
        out,
        "\n{}: {} evaluated ({} rejected)",
        report.strategy,
        plural(c.evaluated, "labelled report", "labelled reports"),
        c.rejected
    );
    if c.labels_without_record > 0 {
        let _ = write!(
            out,
            ", {} without a result",
            plural(c.labels_without_record, "label", "labels")
        );
        if !c.missing_lines.is_empty() {
            let lines: Vec<String> = c.missing_lines.iter().map(u64::to_string).collect();
            let more = if (c.missing_lines.len() as u64) < c.labels_without_record {
                ", …"
            } else {
                ""
            };
            let word = if lines.len() == 1 { "line" } else { "lines" };
            let _ = write!(out, " ({word} {}{more})", lines.join(", "));
        }
    }
    if c.unlabelled_records > 0 {
        let _ = write!(
            out,
            ", {} without a label",
            plural(c.unlabelled_records, "result", "results")
        );
    }
    out.push('\n');

    let Some(all) = report.platform(ALL_PLATFORMS) else {
        return;
    };
    let o = &all.offenders;
    if !o.mixed_groups.is_empty() {
        out.push_str("  biggest mixed groups (over-grouping):\n");
        for (k, g) in o.mixed_groups.iter().enumerate() {
            let _ = writeln!(
                out,
                "    {}. group {}: {}, {}",
                k + 1,
                short_id(&g.id),
                plural(g.items, "report", "reports"),
                plural(g.parts_total, "bug", "bugs"),
            );
            // Parts of one fingerprint normally share its explanation; show
            // each part's own when they differ.
            let shared = g.parts.iter().all(|p| p.explanation == g.explanation);
            render_parts(out, g, !shared);
            if shared {
                if let Some(e) = &g.explanation {
                    let _ = writeln!(out, "       made by: {}", short_text(e));
                }
            }
        }
    }
    if !o.split_bugs.is_empty() {
        out.push_str("  most split bugs (under-grouping):\n");
        for (k, b) in o.split_bugs.iter().enumerate() {
            let _ = writeln!(
                out,
                "    {}. bug {}: {} in {}",
                k + 1,
                b.id,
                plural(b.items, "report", "reports"),
                plural(b.parts_total, "group", "groups"),
            );
            render_parts(out, b, true);
        }
    }
    if !report.rejected.is_empty() {
        out.push_str("  rejected labelled reports:\n");
        for r in &report.rejected {
            let _ = writeln!(
                out,
                "    line {} (bug {}): {}",
                r.line,
                r.bug,
                short_text(&r.error)
            );
        }
        if (report.rejected.len() as u64) < c.rejected {
            let _ = writeln!(out, "    …");
        }
    }
}

/// The parts: one line each with their explanation, or all on one line.
fn render_parts(out: &mut String, offender: &crate::offenders::Offender, explain: bool) {
    let shown: u64 = offender.parts.iter().map(|p| p.items).sum();
    if explain {
        for p in &offender.parts {
            let _ = write!(out, "       {:>6} × {}", p.items, short_id(&p.id));
            match &p.explanation {
                Some(e) => {
                    let _ = writeln!(out, ": {}", short_text(e));
                }
                None => out.push('\n'),
            }
        }
    } else {
        let parts: Vec<String> = offender
            .parts
            .iter()
            .map(|p| format!("{} × {}", p.items, p.id))
            .collect();
        let _ = writeln!(out, "       bugs: {}", parts.join(", "));
    }
    let hidden = offender.parts_total - offender.parts.len() as u64;
    if hidden > 0 {
        let _ = writeln!(
            out,
            "       … {} more with {}",
            plural(hidden, "part", "parts"),
            plural(offender.items - shown, "report", "reports")
        );
    }
}
