//! `crashprint process`: payloads in, one NDJSON record per event out, in
//! input order, in parallel, with bounded memory.

use crate::input::{Payload, PayloadReader};
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use crashprint::{Engine, Format, IssueCode, Problem};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

/// `--format` of `process` and `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Auto,
    Backtrace,
    Bugsnag,
    Canvas,
    /// A text crash log per input file (gdb, lldb, Apport, sanitizers,
    /// runtimes, the Linux kernel).
    Text,
    /// A minidump per input file.
    Minidump,
}

impl FormatArg {
    /// The format every payload is read as; `None` for `auto`.
    pub(crate) fn forced(self) -> Option<Format> {
        match self {
            FormatArg::Auto => None,
            FormatArg::Backtrace => Some(Format::Backtrace),
            FormatArg::Bugsnag => Some(Format::Bugsnag),
            FormatArg::Canvas => Some(Format::Canvas),
            FormatArg::Text => Some(Format::Text),
            FormatArg::Minidump => Some(Format::Minidump),
        }
    }
}

/// Arguments of `crashprint process`.
#[derive(Debug, Args)]
pub struct ProcessArgs {
    /// Symbol directory: debug files, `sourcemaps/<release>/`, `proguard/`.
    /// May be given several times.
    #[arg(long = "symbols", value_name = "DIR")]
    symbols: Vec<PathBuf>,
    /// Grouping rules added to the defaults (`path:GLOB -app`,
    /// `function:GLOB -group`, `function:GLOB ^-group`, `max-frames N`; see
    /// the README).
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// Grouping strategy: `crashprint` (default), `sentry-like`,
    /// `bugsnag-like`, `top3` or `raw`.
    #[arg(long, value_name = "NAME")]
    strategy: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,
    /// Payload format; `auto` detects it per payload, and reads an input
    /// whose lines are not JSON as one text crash log.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
    /// Write records here instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<PathBuf>,
    /// Largest payload accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crashprint::Limits::default().max_payload_bytes)]
    max_payload_bytes: usize,
    /// Issues listed per rejected payload (then one summary issue per kind).
    #[arg(long, value_name = "N", default_value_t = crashprint::Limits::default().max_issues)]
    max_issues: usize,
    #[command(flatten)]
    budget: crate::budget::BudgetArgs,
    /// Input files: NDJSON (a payload per line), one JSON document each, or
    /// (`--format text`, or `auto` on an input that is not JSON) one text
    /// crash log each, or minidumps (by their `MDMP` magic, or `--format
    /// minidump`), each one payload. None, or `-`, reads standard input.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
}

/// Payloads handed to the workers at once: enough to keep every core busy,
/// few enough to bound memory (each payload is at most the byte limit).
const CHUNK_PAYLOADS: usize = 2048;
const CHUNK_BYTES: usize = 32 << 20;

/// One output record (the contract in ARCHITECTURE.md).
#[derive(Serialize)]
struct Record<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<&'a str>,
    line: u64,
    index: usize,
    ok: bool,
    #[serde(flatten)]
    body: Body<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    Accepted(Accepted<'a>),
    Rejected { status: u16, error: &'a Problem },
}

/// A processed event's fields, less `index` (the record carries it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Accepted<'a> {
    format: Format,
    fingerprint: &'a str,
    grouping_hash: &'a str,
    grouping: &'a crashprint::Grouping,
    event: &'a crashprint::Event,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    warnings: &'a [crashprint::Issue],
}

impl<'a> From<&'a crashprint::ProcessedEvent> for Accepted<'a> {
    fn from(e: &'a crashprint::ProcessedEvent) -> Self {
        Accepted {
            format: e.format,
            fingerprint: &e.fingerprint,
            grouping_hash: &e.grouping_hash,
            grouping: &e.grouping,
            event: &e.event,
            warnings: &e.warnings,
        }
    }
}

pub fn run(args: ProcessArgs) -> Result<ExitCode> {
    let limits = crashprint::Limits {
        max_payload_bytes: args.max_payload_bytes,
        max_issues: args.max_issues,
        ..Default::default()
    };
    let format = args.format.forced();
    let mut builder = Engine::builder()
        .limits(limits)
        .symbol_budget(args.budget.budget()?)
        .format(format)
        .rules(crate::read_rules(args.rules.as_deref())?)
        .strategy(crate::strategy(args.strategy.as_deref())?);
    for dir in &args.symbols {
        builder = builder.symbol_dir(dir);
    }
    if let Some(threads) = args.threads {
        builder = builder.threads(threads);
    }
    let engine = builder.build().context("cannot start the engine")?;

    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, out);

    let inputs: Vec<Option<PathBuf>> = if args.inputs.is_empty() {
        vec![None]
    } else {
        args.inputs
            .iter()
            .map(|p| (p.as_os_str() != "-").then(|| p.clone()))
            .collect()
    };
    let name_inputs = inputs.len() > 1;
    let progress = progress_bar(&inputs);
    let mut stats = Stats::default();
    let mut i = 0;
    while i < inputs.len() {
        // A run of minidump files: each file is one payload, processed in
        // parallel chunks.
        let dumps: Vec<&PathBuf> = inputs[i..]
            .iter()
            .map_while(|input| {
                input
                    .as_ref()
                    .filter(|p| format == Some(Format::Minidump) || is_minidump_file(p))
            })
            .collect();
        if !dumps.is_empty() {
            i += dumps.len();
            minidumps(
                &engine,
                &dumps,
                name_inputs,
                &mut out,
                &mut stats,
                &progress,
            )?;
            continue;
        }
        let input = &inputs[i];
        i += 1;
        let ordinal = i - 1;
        let label = input.as_ref().map(|p| p.display().to_string());
        let mut reader: Box<dyn Read + Send> = match input {
            Some(path) => Box::new(
                File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
            ),
            None => Box::new(io::stdin()),
        };
        let label = label.unwrap_or_else(|| "-".to_string());
        let as_text = match args.format {
            FormatArg::Text => true,
            FormatArg::Auto => {
                let (text, prefix) = crate::input::sniff_text(&mut reader)
                    .with_context(|| format!("while reading {label}"))?;
                reader = Box::new(io::Cursor::new(prefix).chain(reader));
                text
            }
            _ => false,
        };
        if as_text {
            // One record per log; its `line` is the input's position.
            let bytes = crate::input::read_text_log(&mut reader, engine.limits().max_payload_bytes)
                .with_context(|| format!("while reading {label}"))?;
            let payload = Payload {
                line: ordinal as u64 + 1,
                bytes,
            };
            let (text, events, rejected, size) = render(
                &engine,
                &payload,
                name_inputs.then_some(label.as_str()),
                Some(Format::Text),
            );
            out.write_all(&text).context("cannot write output")?;
            stats.payloads += 1;
            stats.events += events;
            stats.rejected += rejected;
            progress.inc(size);
            continue;
        }
        stream(
            &engine,
            reader,
            name_inputs.then_some(label.as_str()),
            &mut out,
            &mut stats,
            &progress,
        )
        .with_context(|| format!("while reading {label}"))?;
    }
    out.flush().context("cannot write output")?;
    progress.finish_and_clear();
    tracing::info!(
        payloads = stats.payloads,
        events = stats.events,
        rejected = stats.rejected,
        "done"
    );
    Ok(if stats.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether the file at `path` starts with a minidump's magic.
fn is_minidump_file(path: &std::path::Path) -> bool {
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && crashprint::minidump::is_minidump(&magic)
}

/// Minidump files, each one payload, in parallel chunks; records in input
/// order, each at line 1 of its file.
fn minidumps(
    engine: &Engine,
    paths: &[&PathBuf],
    name_inputs: bool,
    out: &mut impl Write,
    stats: &mut Stats,
    progress: &ProgressBar,
) -> Result<()> {
    let max = crashprint::minidump::MinidumpLimits::default().max_bytes as u64;
    for chunk in paths.chunks(64) {
        let read: Vec<(String, Payload)> = chunk
            .iter()
            .map(|path| {
                let bytes = crate::minidump::read_bounded(path, max)?;
                Ok((
                    path.display().to_string(),
                    Payload {
                        line: 1,
                        bytes: Ok(bytes),
                    },
                ))
            })
            .collect::<Result<_>>()?;
        let rendered = engine.map_batch(&read, |engine, (label, payload)| {
            render(engine, payload, name_inputs.then_some(label.as_str()), None)
        });
        for (text, events, rejected, size) in rendered {
            out.write_all(&text).context("cannot write output")?;
            stats.payloads += 1;
            stats.events += events;
            stats.rejected += rejected;
            progress.inc(size);
        }
    }
    Ok(())
}

#[derive(Debug, Default)]
struct Stats {
    payloads: u64,
    events: u64,
    rejected: u64,
}

fn progress_bar(inputs: &[Option<PathBuf>]) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total: Option<u64> = inputs
        .iter()
        .map(|i| {
            i.as_ref()
                .and_then(|p| std::fs::metadata(p).ok())
                .map(|m| m.len())
        })
        .sum();
    match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {bytes} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    }
}

/// Reads chunks on a reader thread while the workers process the previous
/// chunk; output stays in input order.
fn stream(
    engine: &Engine,
    reader: Box<dyn Read + Send>,
    input: Option<&str>,
    out: &mut impl Write,
    stats: &mut Stats,
    progress: &ProgressBar,
) -> Result<()> {
    let max = engine.limits().max_payload_bytes;
    let (tx, rx) = mpsc::sync_channel::<io::Result<Vec<Payload>>>(1);
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || {
            let mut payloads = PayloadReader::new(BufReader::with_capacity(1 << 20, reader), max);
            loop {
                let mut chunk = Vec::new();
                let mut bytes = 0;
                let end = loop {
                    match payloads.next_payload() {
                        Ok(Some(p)) => {
                            bytes += p.bytes.as_ref().map_or(0, Vec::len);
                            chunk.push(p);
                            if chunk.len() >= CHUNK_PAYLOADS || bytes >= CHUNK_BYTES {
                                break false;
                            }
                        }
                        Ok(None) => break true,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                };
                if !chunk.is_empty() && tx.send(Ok(chunk)).is_err() {
                    return;
                }
                if end {
                    return;
                }
            }
        });
        for chunk in rx {
            let chunk = chunk?;
            let rendered = engine.map_batch(&chunk, |engine, payload| {
                render(engine, payload, input, None)
            });
            for (text, events, rejected, size) in rendered {
                out.write_all(&text).context("cannot write output")?;
                stats.payloads += 1;
                stats.events += events;
                stats.rejected += rejected;
                progress.inc(size);
            }
        }
        Ok(())
    })
}

/// Processes one payload and renders its records; returns
/// (records, events, rejected payloads, bytes).
/// `format` overrides the engine's (an input `auto` found to be text).
fn render(
    engine: &Engine,
    payload: &Payload,
    input: Option<&str>,
    format: Option<Format>,
) -> (Vec<u8>, u64, u64, u64) {
    let mut text = Vec::new();
    let result = match &payload.bytes {
        Ok(bytes) if format.is_some() => engine.process_as(bytes, format),
        Ok(bytes) => engine.process(bytes),
        Err(size) => Err(Problem::single(
            IssueCode::TooLong,
            "$",
            format!(
                "payload of {size} bytes exceeds the limit of {} bytes",
                engine.limits().max_payload_bytes
            ),
        )),
    };
    let size = payload.bytes.as_ref().map_or(0, |b| b.len() as u64 + 1);
    let (events, rejected) = match &result {
        Ok(events) => {
            for e in events {
                write_record(
                    &mut text,
                    &Record {
                        input,
                        line: payload.line,
                        index: e.index,
                        ok: true,
                        body: Body::Accepted(e.into()),
                    },
                );
            }
            (events.len() as u64, 0)
        }
        Err(problem) => {
            write_record(
                &mut text,
                &Record {
                    input,
                    line: payload.line,
                    index: 0,
                    ok: false,
                    body: Body::Rejected {
                        status: problem.http_status(),
                        error: problem,
                    },
                },
            );
            (0, 1)
        }
    };
    (text, events, rejected, size)
}

fn write_record(buf: &mut Vec<u8>, record: &Record<'_>) {
    // Serializing plain data into memory cannot fail; if it ever did, the
    // record would say so rather than vanish.
    if serde_json::to_writer(&mut *buf, record).is_err() {
        buf.extend_from_slice(br#"{"ok":false,"error":"internal: record not serializable"}"#);
    }
    buf.push(b'\n');
}
