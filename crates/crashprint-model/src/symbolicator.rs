//! The resolver interface every symbol store implements.

use crate::Event;
use std::fmt;

/// A stage that resolves frames in place (native, source maps, ProGuard).
///
/// A resolver fills [`Frame::symbolicated`](crate::Frame::symbolicated) or
/// sets [`Frame::unresolved`](crate::Frame::unresolved); it never removes
/// or reorders frames. It runs before fingerprinting, so groups use
/// original names. Implementations are shared across threads.
pub trait Symbolicator: Send + Sync + fmt::Debug {
    /// A short name for logs.
    fn name(&self) -> &'static str;
    /// Resolves what it can of `event`.
    fn symbolicate(&self, event: &mut Event);
}
