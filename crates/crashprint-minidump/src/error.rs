//! Why a minidump could not be read.

/// An error reading or walking a minidump. Each says what was wrong and,
/// where it can, where in the file.
#[derive(Debug, thiserror::Error)]
pub enum MinidumpError {
    /// The bytes are over the size bound.
    #[error("minidump of {size} bytes exceeds the limit of {max} bytes")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The bound.
        max: usize,
    },
    /// The header or stream directory is not a minidump's.
    #[error("not a readable minidump: {0}")]
    Read(#[from] minidump::Error),
    /// A stream's entry count does not fit its bytes.
    #[error("the {stream} stream is corrupt: {why}")]
    Corrupt {
        /// The stream.
        stream: &'static str,
        /// What does not fit.
        why: String,
    },
    /// A stream the walk needs is missing or corrupt.
    #[error("cannot walk the minidump: {0}")]
    Process(#[from] minidump_processor::ProcessError),
    /// A thread's stack memory is over the bound.
    #[error(
        "thread {thread}'s stack memory is {size} bytes, over the limit of {max} bytes per thread"
    )]
    StackTooLarge {
        /// The thread id.
        thread: u32,
        /// Its stack's size.
        size: u64,
        /// The bound.
        max: u64,
    },
    /// More threads than the bound.
    #[error("the minidump lists {count} threads, over the limit of {max}")]
    TooManyThreads {
        /// Threads listed.
        count: usize,
        /// The bound.
        max: usize,
    },
}
