//! crashprint's readers: every reader of untrusted input lives here.
//! Backtrace crash objects, Bugsnag notify payloads and Canvas error
//! reports are detected, read leniently (numbers as strings, the quirks of
//! real SDKs) and validated, reporting *every* problem as an
//! `OperationOutcome` ([`Problem`]) with the JSON path of each; text crash
//! logs (sanitizers, runtimes, the Linux kernel) are read by [`crashlog`].
//! [`enrich()`] writes a grouping back into a payload in its own format.
//!
//! Readers state facts about the input; they never decide grouping (which
//! frames are in-app, skipped or cut): that policy is versioned in
//! `crashprint-fingerprint`.
//!
//! ```
//! use crashprint_readers::{parse, Format, Limits, Platform};
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
mod lenient;
mod parse;
mod raw;
pub mod stacktext;
mod validate;

pub use canvas::SEVERITIES as CANVAS_SEVERITIES;
pub use enrich::{enrich, Grouping};
pub use parse::{parse, Parsed, MINIDUMP_MAGIC};

// The types the readers produce, re-exported for their users' convenience.
pub use crashprint_model::{
    parse_i64, parse_u64, Event, Format, Issue, IssueCode, Limits, Platform, Problem,
};

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Parsed>();
};
