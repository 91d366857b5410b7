//! `crashprint sourcemap`: minified positions through one source map, for
//! ad-hoc use and for comparing with other tools.

use anyhow::{Context, Result};
use clap::Args;
use crashprint::sourcemap::{MapLimits, Position, SourceMap};
use serde::Serialize;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `crashprint sourcemap`.
#[derive(Debug, Args)]
pub struct SourceMapArgs {
    /// The source map.
    #[arg(long, value_name = "FILE.map")]
    map: PathBuf,
    /// The minified file the map belongs to: gives original function names.
    #[arg(long, value_name = "FILE.js")]
    minified: Option<PathBuf>,
    /// Positions `LINE:COL`, both 1-based as a browser stack trace prints
    /// them; none reads one per line from standard input.
    #[arg(value_name = "LINE:COL")]
    positions: Vec<String>,
    #[command(flatten)]
    budget: crate::budget::BudgetArgs,
}

#[derive(Serialize)]
struct Output<'a> {
    position: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'static str>,
    source: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    function: Option<&'a str>,
    name: Option<&'a str>,
}

pub fn run(args: SourceMapArgs) -> Result<ExitCode> {
    let budget = args.budget.budget()?;
    let bytes = crate::budget::read_file(&args.map, &budget)?;
    let limits = MapLimits {
        deadline: budget.deadline(),
        ..MapLimits::default()
    };
    let mut map = SourceMap::from_slice_with(&bytes, limits)
        .with_context(|| format!("{} is not a usable source map", args.map.display()))?;
    if let Some(path) = &args.minified {
        let minified = crate::budget::read_file(path, &budget)?;
        map = map.with_minified_source(&String::from_utf8_lossy(&minified));
    }
    let mut out = BufWriter::new(io::stdout().lock());
    let mut bad = false;
    let mut one = |text: &str, out: &mut BufWriter<_>| -> Result<()> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(());
        }
        let position = text
            .split_once(':')
            .and_then(|(l, c)| Position::one_based(l.trim().parse().ok()?, c.trim().parse().ok()?));
        let record = match position {
            None => {
                bad = true;
                Output {
                    position: text,
                    error: Some("not a 1-based LINE:COL position"),
                    source: None,
                    line: None,
                    column: None,
                    function: None,
                    name: None,
                }
            }
            Some(at) => {
                let hit = map.resolve(at);
                Output {
                    position: text,
                    error: None,
                    source: hit.and_then(|h| h.token.source),
                    line: hit.and_then(|h| h.token.original).map(|p| p.line()),
                    column: hit.and_then(|h| h.token.original).map(|p| p.column()),
                    function: hit.and_then(|h| h.function),
                    name: hit.and_then(|h| h.token.name),
                }
            }
        };
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
        Ok(())
    };
    if args.positions.is_empty() {
        for line in io::stdin().lock().lines() {
            one(&line.context("cannot read standard input")?, &mut out)?;
        }
    } else {
        for p in &args.positions {
            one(p, &mut out)?;
        }
    }
    out.flush().context("cannot write output")?;
    Ok(if bad {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
