//! crashprint's JavaScript symbolicator: minified positions to original
//! file, line, column and function name through source maps.
//!
//! A [`SourceMap`] is decoded straight into flat per-line arrays (no token
//! objects), validated as ECMA-426 says, and immutable: share it behind an
//! `Arc`. Lookups stay on the requested line — a line without a mapping
//! there gives `None`, not the previous line's token — with either
//! [`Bias`]. [`Position`] makes the 1-based (stack traces) versus 0-based
//! (the format) choice explicit at every call.
//!
//! Original function names come from the minified source's scopes
//! ([`SourceMap::with_minified_source`]) or from Hermes/Metro function
//! maps; the token `name` at a position is an identifier, never used as
//! the function.
//!
//! ```
//! use crashprint_sourcemap::{Position, SourceMap};
//! let map = SourceMap::from_slice(br#"{"version":3,"sources":["a.js"],"names":["abcd"],"mappings":"AACA,SAASA"}"#)?
//!     .with_minified_source("function t(){}export default t;");
//! let at = Position::one_based(1, 11).expect("1-based");
//! let hit = map.resolve(at).expect("mapped");
//! assert_eq!(hit.token.source, Some("a.js"));
//! assert_eq!(hit.token.original.map(|p| (p.line(), p.column())), Some((2, 10)));
//! assert_eq!(hit.function, Some("abcd"));
//! # Ok::<(), crashprint_sourcemap::SourceMapError>(())
//! ```

#![deny(missing_docs)]

mod debug_id;
mod error;
mod hermes;
mod js_scan;
mod map;
mod position;
mod scopes;
mod store;
mod symbolicate;
mod vlq;

pub use error::SourceMapError;
pub use map::{MapLimits, Resolved, SourceMap, Token};
pub use position::{Bias, Position};
pub use store::{debug_id_comment, source_mapping_url, url_path, LoadedMap, SourceMapStore};
pub use symbolicate::{display_path, symbolicate_event};
