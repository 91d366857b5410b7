//! crashprint's event model: one normalized [`Event`] for Backtrace crash
//! objects, Bugsnag notify payloads and Canvas error reports; the adapters
//! that read them leniently (numbers as strings, the quirks of real SDKs);
//! validation that reports *every* problem as an `OperationOutcome`
//! ([`Problem`]) with the JSON path of each; and explicit [`Limits`].
//!
//! ```
//! use crashprint_model::{parse, Format, Limits, Platform};
//!
//! let payload = br#"{
//!   "apiKey": "c9d60ae4c7e70c4b6c4ebd3e8056d2b8",
//!   "notifier": {"name": "Bugsnag Node", "version": "9.0.0", "url": ""},
//!   "events": [{
//!     "payloadVersion": "4",
//!     "exceptions": [{
//!       "errorClass": "TypeError", "errorMessage": "x is undefined", "type": "nodejs",
//!       "stacktrace": [{"file": "lib/a.js", "method": "f", "lineNumber": "12", "inProject": true}]
//!     }]
//!   }]
//! }"#;
//! let parsed = parse(payload, None, &Limits::default()).expect("valid payload");
//! assert_eq!(parsed.format, Format::Bugsnag);
//! let event = &parsed.events[0];
//! assert_eq!(event.platform, Platform::JavaScript);
//! assert_eq!(event.exceptions[0].stack[0].line, Some(12)); // "12" was a string
//!
//! let bad = parse(b"{\"events\": [{}]", None, &Limits::default()).unwrap_err();
//! assert_eq!(bad.http_status(), 400);
//! ```

#![deny(missing_docs)]

mod backtrace;
mod bugsnag;
mod canvas;
pub mod crashlog;
mod enrich;
mod event;
pub mod ids;
mod lenient;
mod limits;
pub mod lru;
mod parse;
mod problem;
mod raw;
pub mod stacktext;
mod validate;

pub use canvas::SEVERITIES as CANVAS_SEVERITIES;
pub use enrich::{enrich, Grouping};
pub use event::{
    AttrValue, Breadcrumb, Event, Exception, Format, Frame, FrameStatus, Module, Platform,
    SourceLine, SymbolicatedFrame, Thread,
};
pub use lenient::{parse_i64, parse_u64};
pub use limits::Limits;
pub use parse::{parse, Parsed};
pub use problem::{Details, Issue, IssueCode, Path, Problem, Severity};

// Handles shared across threads by the engine.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Event>();
    assert_send_sync::<Problem>();
    assert_send_sync::<Limits>();
    assert_send_sync::<Parsed>();
};
