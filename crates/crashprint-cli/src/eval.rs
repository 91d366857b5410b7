//! `crashprint eval`: how well fingerprints group, against labelled ground
//! truth.

use anyhow::{Context, Result};
use clap::Args;
use crashprint::{Engine, Strategy};
use crashprint_eval::{
    evaluate, parse_labels, parse_results, render_table, EvalOptions, Outcome, ResultRecord,
};
use rayon::prelude::*;
use std::io::{self, BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `crashprint eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Ground truth: one JSON object per line, `{"line": N, "bug": "..."}`
    /// (N is the 1-based line of the report).
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
    /// The reports, one payload per line (as `process` reads them).
    #[arg(value_name = "REPORTS.ndjson", required_unless_present = "results")]
    reports: Option<PathBuf>,
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
        let path = args
            .reports
            .as_ref()
            .context("REPORTS.ndjson is required")?;
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
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let lines: Vec<(u64, Vec<u8>)> = BufReader::new(file)
            .split(b'\n')
            .enumerate()
            .map(|(i, l)| l.map(|l| (i as u64 + 1, l)))
            .collect::<io::Result<_>>()
            .context("cannot read the reports")?;
        for strategy in strategies {
            let mut builder = Engine::builder()
                .strategy(strategy)
                .rules(crate::read_rules(args.rules.as_deref())?);
            for dir in &args.symbols {
                builder = builder.symbol_dir(dir);
            }
            let engine = builder.build().context("cannot start the engine")?;
            let records: Vec<ResultRecord> = lines
                .par_iter()
                .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
                .map(|(line, payload)| record(&engine, *line, payload))
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

fn record(engine: &Engine, line: u64, payload: &[u8]) -> ResultRecord {
    match engine.process(payload) {
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
