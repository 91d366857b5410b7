//! `crashprint symbolicate`: addresses of one object file to frames, for
//! ad-hoc use and for comparing with llvm-symbolizer.

use anyhow::{Context, Result};
use clap::Args;
use crashprint::native::ModuleIndex;
use rayon::prelude::*;
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
    #[command(flatten)]
    budget: crate::budget::BudgetArgs,
}

#[derive(Serialize)]
struct Output<'a> {
    address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    frames: Vec<Frame<'a>>,
}

#[derive(Serialize)]
struct Frame<'a> {
    function: Option<&'a str>,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    inlined: bool,
}

/// Addresses resolved per batch: enough for the parallel lookups to pay,
/// bounded so that a long standard input streams.
const BATCH: usize = 8 * 1024;
/// Records rendered before they are written.
const RENDER: usize = 2 * 1024;

pub fn run(args: SymbolicateArgs) -> Result<ExitCode> {
    let budget = args.budget.budget()?;
    let index = ModuleIndex::open_trusted(&args.object, &budget)
        .with_context(|| format!("cannot index {}", args.object.display()))?;
    // An address's frames: the innermost up to the budget, then the
    // outermost (the function the address is really in).
    let max_frames = budget.max_expanded_frames_per_frame.max(1);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut bad = false;
    let mut batch: Vec<String> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<String>, out: &mut BufWriter<_>| -> Result<()> {
        let parsed: Vec<Option<u64>> = batch.iter().map(|t| crashprint::parse_u64(t)).collect();
        bad |= parsed.iter().any(Option::is_none);
        let addresses: Vec<u64> = parsed.iter().flatten().copied().collect();
        index.prepare(&addresses);
        let records: Vec<(&String, Option<u64>)> =
            batch.iter().zip(parsed.iter().copied()).collect();
        // Records are resolved and rendered in parallel from borrowed
        // frames, then written in order, a slice of the batch at a time so
        // that rendered text does not pile up.
        for slice in records.chunks(RENDER) {
            let rendered: Vec<Vec<u8>> = slice
                .par_chunks(RENDER / 4)
                .map(|chunk| {
                    let mut buf = Vec::with_capacity(chunk.len() * 256);
                    for (text, address) in chunk {
                        match address {
                            Some(address) => {
                                // Frames are written as the index hands them over,
                                // borrowed: no copies of names or paths.
                                buf.extend_from_slice(
                                    format!("{{\"address\":\"{address:#x}\",\"frames\":[")
                                        .as_bytes(),
                                );
                                let mut written = 0usize;
                                let mut outermost = Vec::new();
                                index.lookup_with(*address, |f| {
                                    let frame = Frame {
                                        function: f.function,
                                        file: f.file,
                                        line: f.line,
                                        column: f.column,
                                        inlined: f.inlined,
                                    };
                                    // Writing plain data into memory cannot fail.
                                    if written + 1 < max_frames {
                                        if written > 0 {
                                            buf.push(b',');
                                        }
                                        let _ = serde_json::to_writer(&mut buf, &frame);
                                        written += 1;
                                    } else {
                                        outermost.clear();
                                        let _ = serde_json::to_writer(&mut outermost, &frame);
                                    }
                                });
                                if !outermost.is_empty() {
                                    if written > 0 {
                                        buf.push(b',');
                                    }
                                    buf.extend_from_slice(&outermost);
                                }
                                buf.extend_from_slice(b"]}");
                            }
                            None => {
                                let record = Output {
                                    address: (*text).clone(),
                                    error: Some("not an address (0x-hex or decimal)"),
                                    frames: Vec::new(),
                                };
                                let _ = serde_json::to_writer(&mut buf, &record);
                            }
                        }
                        buf.push(b'\n');
                    }
                    buf
                })
                .collect();
            for chunk in rendered {
                out.write_all(&chunk)?;
            }
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
