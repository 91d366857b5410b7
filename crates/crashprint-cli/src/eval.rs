//! `crashprint eval`: how well fingerprints group, against labelled ground
//! truth.

use crate::process::FormatArg;
use anyhow::{Context, Result};
use clap::Args;
use crashprint::{Engine, Strategy};
use crashprint_eval::{
    evaluate, parse_labels, parse_results, render_table, EvalOptions, Outcome, ResultRecord,
};
use rayon::prelude::*;
use std::io::{self, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `crashprint eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Ground truth: one JSON object per line, `{"line": N, "bug": "..."}`
    /// (N is the 1-based line of the report; for text crash logs, the
    /// position of the log's file among the inputs).
    #[arg(long, value_name = "LABELS.jsonl")]
    labels: PathBuf,
    /// Fingerprints from an earlier `crashprint process` run, instead of
    /// processing REPORTS.
    #[arg(long, value_name = "RESULTS.ndjson", conflicts_with = "reports")]
    results: Option<PathBuf>,
    /// Strategies to compare: `crashprint` (the default), `sentry-like`,
    /// `bugsnag-like`, `top3`, `raw`, or `all` (default: the default).
    #[arg(long = "strategy", value_name = "NAME")]
    strategies: Vec<String>,
    /// Grouping rules added to the defaults, as for `process`.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// Symbol directories for the resolvers, as for `process`.
    #[arg(long = "symbols", value_name = "DIR")]
    symbols: Vec<PathBuf>,
    /// Worst offenders shown per table.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// JSON out instead of a table.
    #[arg(long)]
    json: bool,
    /// How to read the reports: `auto` (a payload per line; an input whose
    /// lines are not JSON is one text crash log), a payload format, or
    /// `text` (every input one crash log).
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
    /// The reports: NDJSON, one payload per line, numbered on across files;
    /// or text crash logs, one per file, numbered in input order.
    #[arg(value_name = "REPORTS", required_unless_present = "results")]
    reports: Vec<PathBuf>,
}

pub fn run(args: EvalArgs) -> Result<ExitCode> {
    let labels = parse_labels(BufReader::new(
        std::fs::File::open(&args.labels)
            .with_context(|| format!("cannot read {}", args.labels.display()))?,
    ))
    .with_context(|| format!("{}", args.labels.display()))?;
    let options = EvalOptions {
        top: args.top,
        ..EvalOptions::default()
    };
    let mut reports = Vec::new();
    if let Some(path) = &args.results {
        let results = parse_results(BufReader::new(
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?,
        ))
        .with_context(|| format!("{}", path.display()))?;
        let name = results.strategy.clone().unwrap_or_else(|| "results".into());
        reports.push(evaluate(&name, &labels, &results.records, &options));
    } else {
        let strategies: Vec<Strategy> = if args.strategies.is_empty() {
            vec![Strategy::DEFAULT]
        } else if args.strategies.iter().any(|s| s == "all") {
            Strategy::ALL.to_vec()
        } else {
            args.strategies
                .iter()
                .map(|name| {
                    Strategy::from_name(name).with_context(|| {
                        let known: Vec<&str> = Strategy::ALL.iter().map(|s| s.name()).collect();
                        format!(
                            "unknown strategy {name}; known: {}, or all",
                            known.join(", ")
                        )
                    })
                })
                .collect::<Result<_>>()?
        };
        let lines = read_reports(&args.reports, args.format)?;
        for strategy in strategies {
            let mut builder = Engine::builder()
                .format(
                    args.format
                        .forced()
                        .filter(|f| *f != crashprint::Format::Text),
                )
                .strategy(strategy)
                .rules(crate::read_rules(args.rules.as_deref())?);
            for dir in &args.symbols {
                builder = builder.symbol_dir(dir);
            }
            let engine = builder.build().context("cannot start the engine")?;
            let records: Vec<ResultRecord> = lines
                .par_iter()
                .filter(|r| r.text || !r.bytes.iter().all(u8::is_ascii_whitespace))
                .map(|r| record(&engine, r))
                .collect();
            reports.push(evaluate(strategy.name(), &labels, &records, &options));
        }
    }
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &reports)?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(render_table(&reports).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One report to score: its label line, bytes, and whether it is a text
/// crash log.
struct Report {
    line: u64,
    bytes: Vec<u8>,
    text: bool,
}

/// Reads the reports: text logs one per file (`line` is the file's
/// position), NDJSON a payload per line, numbered on across files.
fn read_reports(paths: &[PathBuf], format: FormatArg) -> Result<Vec<Report>> {
    let mut reports = Vec::new();
    let mut line = 0u64;
    for (ordinal, path) in paths.iter().enumerate() {
        // Read once; `auto` looks at the bytes already read.
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = match format {
            FormatArg::Text => true,
            FormatArg::Auto => {
                crate::input::sniff_text(&mut bytes.as_slice())
                    .with_context(|| format!("cannot read {}", path.display()))?
                    .0
            }
            _ => false,
        };
        if text {
            reports.push(Report {
                line: ordinal as u64 + 1,
                bytes,
                text: true,
            });
            continue;
        }
        for l in bytes.split(|&b| b == b'\n') {
            line += 1;
            reports.push(Report {
                line,
                bytes: l.to_vec(),
                text: false,
            });
        }
        if bytes.ends_with(b"\n") {
            // The empty piece after the last line end is not a line.
            reports.pop();
            line -= 1;
        }
    }
    Ok(reports)
}

fn record(engine: &Engine, report: &Report) -> ResultRecord {
    let line = report.line;
    let result = if report.text {
        engine.process_as(&report.bytes, Some(crashprint::Format::Text))
    } else {
        engine.process(&report.bytes)
    };
    match result {
        Ok(events) => match events.into_iter().next() {
            Some(e) => ResultRecord {
                line,
                platform: serde_json::to_value(e.event.platform)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string)),
                explanation: Some(e.grouping_hash.clone()),
                outcome: Outcome::Grouped {
                    fingerprint: e.fingerprint,
                },
            },
            None => ResultRecord {
                line,
                platform: None,
                explanation: None,
                outcome: Outcome::Rejected {
                    error: "the payload holds no event".into(),
                },
            },
        },
        Err(problem) => ResultRecord {
            line,
            platform: None,
            explanation: None,
            outcome: Outcome::Rejected {
                error: problem.to_string(),
            },
        },
    }
}
