//! `crashprint retrace`: a Java stack trace through a ProGuard/R8 mapping,
//! printed the way R8's `retrace` prints it.

use anyhow::{Context, Result};
use clap::Args;
use crashprint::proguard::{retrace_text_with, Mapping};
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `crashprint retrace`.
#[derive(Debug, Args)]
pub struct RetraceArgs {
    /// The mapping file (`mapping.txt` from ProGuard or R8).
    #[arg(long, value_name = "FILE")]
    mapping: PathBuf,
    /// Print the verbose form (full method signatures), as `retrace --verbose`.
    #[arg(long)]
    verbose: bool,
    /// Files holding stack traces (logcat prefixes allowed); none or `-`
    /// reads standard input.
    #[arg(value_name = "TRACE")]
    traces: Vec<PathBuf>,
    #[command(flatten)]
    budget: crate::budget::BudgetArgs,
}

pub fn run(args: RetraceArgs) -> Result<ExitCode> {
    let budget = args.budget.budget()?;
    let bytes = crate::budget::read_file(&args.mapping, &budget)?;
    let mapping = Mapping::from_bytes(
        bytes,
        budget.deadline(),
        &args.mapping.display().to_string(),
    )
    .with_context(|| format!("cannot use {}", args.mapping.display()))?;
    for w in mapping.warnings().iter().take(20) {
        tracing::warn!("{}:{}: {}", args.mapping.display(), w.line, w.message);
    }
    let mut out = io::stdout().lock();
    let mut inputs: Vec<Option<&PathBuf>> = args.traces.iter().map(Some).collect();
    if inputs.is_empty() {
        inputs.push(None);
    }
    for input in inputs {
        let mut text = String::new();
        match input.filter(|p| p.as_os_str() != "-") {
            Some(path) => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                text = String::from_utf8_lossy(&bytes).into_owned();
            }
            None => {
                let mut bytes = Vec::new();
                io::stdin()
                    .read_to_end(&mut bytes)
                    .context("cannot read standard input")?;
                text.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
        out.write_all(retrace_text_with(&mapping, &text, args.verbose, &budget).as_bytes())
            .context("cannot write output")?;
    }
    out.flush().context("cannot write output")?;
    Ok(ExitCode::SUCCESS)
}
