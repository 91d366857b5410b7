//! What one symbol file may cost: the budget every symbol store applies to
//! the files it opens, whoever uploaded them.

use std::time::{Duration, Instant};

/// Bounds on what a symbol file (object file and its companions, source
/// map, minified file, ProGuard mapping) may cost to read and use. A file
/// over a bound is not used: its frames stay unresolved and say why, and
/// the store remembers the failure (until the file changes) so that the
/// next payload naming it pays nothing.
///
/// The defaults suit a server that loads files its customers upload: each
/// bound is several times what real files need, and a hostile file costs at
/// most about that much memory and time once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SymbolBudget {
    /// Largest file opened, in bytes (checked on the opened handle; reads
    /// stop there even if the file grows meanwhile). Object files and their
    /// companions are memory-mapped, so only what lookups touch is paged
    /// in; source maps, minified files and mappings are read into memory.
    pub max_file_bytes: u64,
    /// Most bytes the compressed debug sections of one object file may
    /// decompress to, all sections together, counted on the real output
    /// while decompressing (a declared size is never trusted).
    pub max_decompressed_bytes: u64,
    /// Most frames one input frame expands to (inlined frames of a native
    /// address, an R8 inline chain). Beyond it the innermost frames and the
    /// outermost one are kept.
    pub max_expanded_frames_per_frame: usize,
    /// Most resolved frames in one stack, all its input frames together,
    /// counted after expansion. Frames past it keep their raw data.
    pub max_expanded_frames_per_stack: usize,
    /// Longest time spent parsing one file, checked where that is cheap
    /// (decompression, DWARF unit headers, mapping lines, source map
    /// lines). A file over it is reported like a file over any other
    /// bound; set it well above your largest file's parse time, since
    /// hitting it depends on the machine.
    pub max_parse_time: Duration,
}

impl Default for SymbolBudget {
    fn default() -> Self {
        SymbolBudget {
            max_file_bytes: 256 << 20,
            max_decompressed_bytes: 512 << 20,
            max_expanded_frames_per_frame: 64,
            max_expanded_frames_per_stack: 4096,
            max_parse_time: Duration::from_secs(20),
        }
    }
}

impl SymbolBudget {
    /// A budget without bounds: for trusted files given on a command line.
    pub fn unlimited() -> Self {
        SymbolBudget {
            max_file_bytes: u64::MAX,
            max_decompressed_bytes: u64::MAX,
            max_expanded_frames_per_frame: usize::MAX,
            max_expanded_frames_per_stack: usize::MAX,
            max_parse_time: Duration::MAX,
        }
    }

    /// The moment a parse started now must end by.
    pub fn deadline(&self) -> Deadline {
        Deadline {
            end: Instant::now().checked_add(self.max_parse_time),
            limit: self.max_parse_time,
        }
    }
}

/// When a parse must have ended (see [`SymbolBudget::max_parse_time`]).
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    end: Option<Instant>,
    limit: Duration,
}

impl Deadline {
    /// No deadline.
    pub const NONE: Deadline = Deadline {
        end: None,
        limit: Duration::MAX,
    };

    /// Whether the time is up.
    pub fn passed(&self) -> bool {
        self.end.is_some_and(|end| Instant::now() >= end)
    }

    /// The time allowed, for messages.
    pub fn limit(&self) -> Duration {
        self.limit
    }
}

/// Keeps at most `max` of an input frame's expansion `frames` (innermost
/// first): the innermost `max - 1` and the outermost, which is the function
/// the frame's address or line is really in. Returns how many were dropped.
pub fn cap_expansion<T>(frames: &mut Vec<T>, max: usize) -> usize {
    let max = max.max(1);
    if frames.len() <= max {
        return 0;
    }
    let dropped = frames.len() - max;
    // Innermost max-1, then the outermost.
    frames.drain(max - 1..frames.len() - 1);
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_keeps_the_innermost_and_the_outermost() {
        let mut v: Vec<u32> = (0..10).collect();
        assert_eq!(cap_expansion(&mut v, 4), 6);
        assert_eq!(v, [0, 1, 2, 9]);
        let mut v: Vec<u32> = (0..3).collect();
        assert_eq!(cap_expansion(&mut v, 4), 0);
        assert_eq!(v, [0, 1, 2]);
        let mut v: Vec<u32> = (0..3).collect();
        assert_eq!(cap_expansion(&mut v, 1), 2);
        assert_eq!(v, [2]);
    }

    #[test]
    fn deadlines() {
        assert!(!Deadline::NONE.passed());
        let budget = SymbolBudget {
            max_parse_time: Duration::ZERO,
            ..SymbolBudget::default()
        };
        assert!(budget.deadline().passed());
        assert!(!SymbolBudget::unlimited().deadline().passed());
    }
}
