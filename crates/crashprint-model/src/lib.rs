//! crashprint's types, shared by every stage: the normalized [`Event`] and
//! its parts, [`Problem`] (an OperationOutcome naming every issue with its
//! JSON path), [`Limits`], id normalization, the LRU the symbol stores
//! share, the [`SymbolBudget`] and confined opening of symbol files
//! ([`SymbolDirs`]) they all apply, and the [`Symbolicator`] trait each
//! resolver implements. No
//! payload is parsed here: the readers (`crashprint-readers`) turn bytes
//! into these types.
//!
//! ```
//! use crashprint_model::{Event, Exception, Format, Frame, IssueCode, Platform, Problem};
//!
//! let mut event = Event::new(Format::Bugsnag, Platform::JavaScript);
//! event.exceptions.push(Exception {
//!     type_name: "TypeError".into(),
//!     message: Some("x is undefined".into()),
//!     stack: vec![Frame { function: Some("f".into()), line: Some(12), ..Frame::default() }],
//!     thread: None,
//! });
//! assert_eq!(event.frame_count(), 1);
//!
//! let problem = Problem::single(IssueCode::Invalid, "$.events[0]", "no exceptions");
//! assert_eq!(problem.http_status(), 400);
//! ```

#![deny(missing_docs)]

mod budget;
mod event;
pub mod ids;
mod limits;
pub mod lru;
mod num;
mod problem;
pub mod symbol_dirs;
mod symbolicator;

pub use budget::{cap_expansion, Deadline, SymbolBudget};
pub use event::{
    AttrValue, Breadcrumb, Event, Exception, Format, Frame, FrameStatus, FrameTrust, LogKind,
    Module, Platform, SourceLine, SymbolicatedFrame, Thread,
};
pub use limits::Limits;
pub use num::{parse_i64, parse_u64};
pub use problem::{Details, Issue, IssueCode, Path, PathDisplay, Problem, Seg, Severity};
pub use symbol_dirs::{Stamp, SymbolDirs, SymbolFile, SymbolFileError, Unusable};
pub use symbolicator::Symbolicator;

// Handles shared across threads by the engine.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Event>();
    assert_send_sync::<Problem>();
    assert_send_sync::<Limits>();
    assert_send_sync::<SymbolDirs>();
    assert_send_sync::<SymbolFileError>();
};
