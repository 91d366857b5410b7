//! The symbol budget's command-line flags, shared by every command that
//! reads symbol files.

use clap::Args;
use crashprint::SymbolBudget;
use std::time::Duration;

/// What one symbol file may cost (see the README's "Limits and hostile
/// input").
#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// Largest symbol file opened (object file, companion, source map,
    /// minified file, mapping), in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = SymbolBudget::default().max_file_bytes)]
    max_symbol_file_bytes: u64,
    /// Most bytes the compressed debug sections of one object file may
    /// decompress to, all together.
    #[arg(long, value_name = "BYTES", default_value_t = SymbolBudget::default().max_decompressed_bytes)]
    max_decompressed_bytes: u64,
    /// Most frames one input frame expands to (inlined frames, R8 inline
    /// chains).
    #[arg(long, value_name = "N", default_value_t = SymbolBudget::default().max_expanded_frames_per_frame)]
    max_expanded_frames_per_frame: usize,
    /// Most resolved frames in one stack, after expansion.
    #[arg(long, value_name = "N", default_value_t = SymbolBudget::default().max_expanded_frames_per_stack)]
    max_expanded_frames_per_stack: usize,
    /// Longest time spent parsing one symbol file, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = SymbolBudget::default().max_parse_time.as_secs_f64())]
    max_parse_seconds: f64,
}

impl BudgetArgs {
    /// The budget these flags give.
    pub fn budget(&self) -> anyhow::Result<SymbolBudget> {
        let max_parse_time = Duration::try_from_secs_f64(self.max_parse_seconds).map_err(|_| {
            anyhow::anyhow!(
                "--max-parse-seconds must be a non-negative number of seconds, not {}",
                self.max_parse_seconds
            )
        })?;
        Ok(SymbolBudget {
            max_file_bytes: self.max_symbol_file_bytes,
            max_decompressed_bytes: self.max_decompressed_bytes,
            max_expanded_frames_per_frame: self.max_expanded_frames_per_frame,
            max_expanded_frames_per_stack: self.max_expanded_frames_per_stack,
            max_parse_time,
        })
    }
}

/// Reads a file the user named, refusing one over `budget.max_file_bytes`
/// (checked on the open handle, and while reading).
pub fn read_file(path: &std::path::Path, budget: &SymbolBudget) -> anyhow::Result<Vec<u8>> {
    use anyhow::Context as _;
    use std::io::Read as _;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let meta = file
        .metadata()
        .with_context(|| format!("cannot read {}", path.display()))?;
    if !meta.is_file() {
        anyhow::bail!("{} is not a regular file", path.display());
    }
    let max = budget.max_file_bytes;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > max {
        anyhow::bail!(
            "{} is over the symbol file limit of {max} bytes (--max-symbol-file-bytes)",
            path.display()
        );
    }
    Ok(bytes)
}
