//! `crashprint symbolicate`: addresses of one object file to frames, for
//! ad-hoc use and for comparing with llvm-symbolizer.

use anyhow::{Context, Result};
use clap::Args;
use crashprint::native::ModuleIndex;
use serde::Serialize;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `crashprint symbolicate`.
#[derive(Debug, Args)]
pub struct SymbolicateArgs {
    /// The object file (executable, shared object, debug file).
    #[arg(long = "object", alias = "obj", value_name = "PATH")]
    object: PathBuf,
    /// File addresses, `0x` hex or decimal, as llvm-symbolizer takes them;
    /// none reads one per line from standard input.
    #[arg(value_name = "ADDR")]
    addresses: Vec<String>,
}

#[derive(Serialize)]
struct Output<'a> {
    address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    frames: Vec<Frame>,
}

#[derive(Serialize)]
struct Frame {
    function: Option<String>,
    file: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    inlined: bool,
}

/// Addresses resolved per batch: enough for the parallel lookups to pay,
/// bounded so that a long standard input streams.
const BATCH: usize = 64 * 1024;

pub fn run(args: SymbolicateArgs) -> Result<ExitCode> {
    let index = ModuleIndex::open(&args.object)
        .with_context(|| format!("cannot index {}", args.object.display()))?;
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut bad = false;
    let mut batch: Vec<String> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<String>, out: &mut BufWriter<_>| -> Result<()> {
        let parsed: Vec<Option<u64>> = batch.iter().map(|t| crashprint::parse_u64(t)).collect();
        let addresses: Vec<u64> = parsed.iter().flatten().copied().collect();
        let mut resolved = index.lookup_many(&addresses).into_iter();
        for (text, address) in batch.iter().zip(&parsed) {
            let record = match address {
                Some(address) => Output {
                    address: format!("{address:#x}"),
                    error: None,
                    frames: resolved
                        .next()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|f| Frame {
                            function: f.function,
                            file: f.file,
                            line: f.line,
                            column: f.column,
                            inlined: f.inlined,
                        })
                        .collect(),
                },
                None => {
                    bad = true;
                    Output {
                        address: text.clone(),
                        error: Some("not an address (0x-hex or decimal)"),
                        frames: Vec::new(),
                    }
                }
            };
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
        }
        batch.clear();
        Ok(())
    };
    let mut push = |text: &str, batch: &mut Vec<String>, out: &mut BufWriter<_>| -> Result<()> {
        let text = text.trim();
        if !text.is_empty() {
            batch.push(text.to_string());
            if batch.len() >= BATCH {
                flush(batch, out)?;
            }
        }
        Ok(())
    };
    if args.addresses.is_empty() {
        for line in io::stdin().lock().lines() {
            push(
                &line.context("cannot read standard input")?,
                &mut batch,
                &mut out,
            )?;
        }
    } else {
        for a in &args.addresses {
            push(a, &mut batch, &mut out)?;
        }
    }
    flush(&mut batch, &mut out)?;
    out.flush().context("cannot write output")?;
    Ok(if bad {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
