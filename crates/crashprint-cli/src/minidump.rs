//! `crashprint minidump`: minidumps stack-walked and symbolicated, printed
//! as JSON with minidump-processor's field names (the schema
//! `minidump-stackwalk --json` prints), so that tools written for it read
//! crashprint's output.

use anyhow::{Context, Result};
use clap::Args;
use crashprint::Engine;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `crashprint minidump`.
#[derive(Debug, Args)]
pub struct MinidumpArgs {
    /// Symbol directory: object and debug files (found by build id; DWARF,
    /// `.eh_frame`), Breakpad `.sym` files at
    /// `DIR/<debug_file>/<DEBUG_ID>/<name>.sym`. May be given several
    /// times.
    #[arg(long = "symbols", value_name = "DIR")]
    symbols: Vec<PathBuf>,
    /// Pretty-print each dump's JSON (default: one line per dump).
    #[arg(long)]
    pretty: bool,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,
    #[command(flatten)]
    budget: crate::budget::BudgetArgs,
    /// Minidump files.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: MinidumpArgs) -> Result<ExitCode> {
    let mut builder = Engine::builder().symbol_budget(args.budget.budget()?);
    for dir in &args.symbols {
        builder = builder.symbol_dir(dir);
    }
    if let Some(threads) = args.threads {
        builder = builder.threads(threads);
    }
    let engine = builder.build().context("cannot start the engine")?;
    let max = crashprint::minidump::MinidumpLimits::default().max_bytes as u64;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut failed = false;
    // Chunks bound the dumps held in memory at once.
    for chunk in args.files.chunks(64) {
        let rendered = engine.map_batch(chunk, |engine, path| -> Result<String> {
            let bytes = read_bounded(path, max)?;
            let value = match engine.walk_minidump(&bytes) {
                Ok(walked) => walked.json(),
                Err(problem) => serde_json::json!({
                    "status": "ERROR_MINIDUMP_READ",
                    "file": path.display().to_string(),
                    "error": problem,
                }),
            };
            Ok(if args.pretty {
                serde_json::to_string_pretty(&value)?
            } else {
                serde_json::to_string(&value)?
            })
        });
        for r in rendered {
            let text = r?;
            failed |= text.contains("\"status\":\"ERROR_MINIDUMP_READ\"")
                || text.contains("\"status\": \"ERROR_MINIDUMP_READ\"");
            writeln!(out, "{text}").context("cannot write output")?;
        }
    }
    out.flush().context("cannot write output")?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads a file whole, refusing one over `max` bytes.
pub fn read_bounded(path: &std::path::Path, max: u64) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    anyhow::ensure!(
        bytes.len() as u64 <= max,
        "{} is over the minidump limit of {max} bytes",
        path.display()
    );
    Ok(bytes)
}
