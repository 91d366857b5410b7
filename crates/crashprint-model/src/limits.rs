//! Explicit, configurable bounds on what one payload may cost.

use serde::{Deserialize, Serialize};

/// Bounds applied to every payload. Exceeding `max_payload_bytes` or
/// `max_depth` rejects the payload; the other bounds truncate (the top of a
/// stack is kept) and leave a warning, because a deep stack overflow or a long
/// message is still a crash worth grouping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Limits {
    /// Largest payload accepted, in bytes (Bugsnag documents 512 KiB).
    pub max_payload_bytes: usize,
    /// Deepest JSON nesting accepted. At most 128, the parser's own bound.
    pub max_depth: usize,
    /// Frames kept per stack (the innermost ones).
    pub max_frames_per_stack: usize,
    /// Threads kept per event.
    pub max_threads: usize,
    /// Exceptions kept per event (of a cause chain).
    pub max_exceptions: usize,
    /// Events kept per payload (Bugsnag batches several).
    pub max_events: usize,
    /// Modules kept per event.
    pub max_modules: usize,
    /// Breadcrumbs kept per event (the most recent, as Bugsnag orders them first).
    pub max_breadcrumbs: usize,
    /// Attributes kept per event.
    pub max_attributes: usize,
    /// Longest string kept, in bytes; longer ones are cut at a char boundary.
    pub max_string_bytes: usize,
    /// Issues listed per payload (errors and warnings together); past it,
    /// one summary issue per kind (severity and code) says how many more
    /// there were, so a hostile payload cannot make its answer huge.
    pub max_issues: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_payload_bytes: 512 * 1024,
            max_depth: 128,
            max_frames_per_stack: 1024,
            max_threads: 512,
            max_exceptions: 32,
            max_events: 256,
            max_modules: 4096,
            max_breadcrumbs: 256,
            max_attributes: 1024,
            max_string_bytes: 16 * 1024,
            max_issues: 100,
        }
    }
}
