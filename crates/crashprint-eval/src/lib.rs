//! crashprint's grouping evaluation (being implemented).

#![deny(missing_docs)]
