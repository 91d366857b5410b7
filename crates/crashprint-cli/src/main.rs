//! The `crashprint` command.

mod budget;
mod eval;
mod input;
mod minidump;
mod process;
mod retrace;
mod sourcemap;
mod symbolicate;

use clap::{Parser, Subcommand};

use std::process::ExitCode;

/// Symbolicate and fingerprint crash and error reports in batch.
#[derive(Debug, Parser)]
#[command(name = "crashprint", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse, validate, symbolicate and fingerprint payloads; NDJSON out.
    Process(process::ProcessArgs),
    /// Stack-walk and symbolicate minidumps; JSON out per dump, with the
    /// field names of minidump-processor's schema (`crash_info`,
    /// `crashing_thread`, `threads[].frames[]`, `modules[]` …).
    Minidump(minidump::MinidumpArgs),
    /// Resolve addresses in one object file to functions, files and lines
    /// (inlined frames first); JSON out, one object per address.
    Symbolicate(symbolicate::SymbolicateArgs),
    /// Resolve minified JavaScript positions (1-based LINE:COL) through a
    /// source map; JSON out, one object per position.
    Sourcemap(sourcemap::SourceMapArgs),
    /// Retrace an obfuscated Java stack trace through a ProGuard/R8
    /// mapping; text out, as R8's retrace prints it.
    Retrace(retrace::RetraceArgs),
    /// Measure grouping quality against labelled ground truth: pairwise and
    /// B-cubed precision/recall/F1, adjusted Rand index, purity, and the
    /// worst over- and under-grouped cases.
    Eval(eval::EvalArgs),
}

fn main() -> ExitCode {
    init_tracing();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Process(args) => process::run(args),
        Command::Symbolicate(args) => symbolicate::run(args),
        Command::Minidump(args) => minidump::run(args),
        Command::Sourcemap(args) => sourcemap::run(args),
        Command::Retrace(args) => retrace::run(args),
        Command::Eval(args) => eval::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("crashprint: {e:#}");
            }
            ExitCode::from(2)
        }
    }
}

/// The default grouping rules, plus those of `path` when given.
pub(crate) fn read_rules(path: Option<&std::path::Path>) -> anyhow::Result<crashprint::Rules> {
    use anyhow::Context as _;
    match path {
        None => Ok(crashprint::Rules::default()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            crashprint::Rules::parse(&text).with_context(|| format!("{}", path.display()))
        }
    }
}

/// The strategy a user named (default: the default strategy).
pub(crate) fn strategy(name: Option<&str>) -> anyhow::Result<crashprint::Strategy> {
    match name {
        None => Ok(crashprint::Strategy::DEFAULT),
        Some(name) => crashprint::Strategy::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = crashprint::Strategy::ALL.iter().map(|s| s.name()).collect();
            anyhow::anyhow!("unknown strategy {name}; known: {}", known.join(", "))
        }),
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CRASHPRINT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}
