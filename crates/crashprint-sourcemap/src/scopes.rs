//! Original function names from the minified source: the function scopes
//! the scanner finds, each named by its identifiers mapped to their
//! original names at their exact positions (as Sentry's sourcemapcache
//! does with a full parser), flattened into one sorted boundary list: a
//! lookup is one binary search.

use crate::js_scan::scan;
use crate::position::{narrow, Position, BLOCK, NONE};

/// Function scopes of a minified file, flattened.
#[derive(Debug, Default)]
pub(crate) struct Scopes {
    /// Positions (line << 32 | column) where the innermost scope changes.
    keys: Vec<u64>,
    /// The scope's name from each key on (`NONE`: top level).
    names: Vec<u32>,
    /// Every `BLOCK`th key.
    blocks: Vec<u64>,
    /// Resolved scope names.
    text: Vec<Box<str>>,
    /// Anonymous scopes (name ids with `ANONYMOUS` set): where each starts,
    /// and the name its original source gives it, read the first time a
    /// lookup lands in it (decoding sources at build time would cost more
    /// than the whole map).
    anonymous: Vec<(Position, std::sync::OnceLock<Option<Box<str>>>)>,
}

/// Marks a name id as an index into `Scopes::anonymous`.
const ANONYMOUS: u32 = 1 << 31;

impl Scopes {
    /// The scopes of `minified`; `exact_name` gives the original name of
    /// the mapping that starts exactly at a position.
    pub(crate) fn build<'n>(
        minified: &str,
        exact_name: impl Fn(Position) -> Option<&'n str>,
    ) -> Scopes {
        let found = scan(minified);
        let mut text: Vec<Box<str>> = Vec::new();
        let mut interned: std::collections::HashMap<String, u32> = Default::default();
        let mut spans: Vec<(u64, u64, u32)> = Vec::with_capacity(found.len());
        let mut anonymous = Vec::new();
        for scope in &found {
            if scope.name.parts.is_empty() {
                anonymous.push((scope.start, std::sync::OnceLock::new()));
                let id = (anonymous.len() - 1) as u32 | ANONYMOUS;
                spans.push((scope.start.key(), scope.end.key(), id));
                continue;
            }
            let name = scope.name.render(minified, &exact_name);
            let id = *interned.entry(name).or_insert_with_key(|name| {
                text.push(name.as_str().into());
                (text.len() - 1) as u32
            });
            spans.push((scope.start.key(), scope.end.key(), id));
        }
        // Outer scopes first at equal starts.
        spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut keys = Vec::new();
        let mut names = Vec::new();
        let push = |key: u64, name: u32, keys: &mut Vec<u64>, names: &mut Vec<u32>| {
            if keys.last() == Some(&key) {
                *names.last_mut().expect("same length") = name;
            } else {
                keys.push(key);
                names.push(name);
            }
        };
        let mut stack: Vec<(u64, u32)> = Vec::new();
        for (start, end, name) in spans {
            while let Some(&(top_end, _)) = stack.last() {
                if top_end > start {
                    break;
                }
                stack.pop();
                let outer = stack.last().map_or(NONE, |s| s.1);
                push(top_end, outer, &mut keys, &mut names);
            }
            push(start, name, &mut keys, &mut names);
            stack.push((end, name));
        }
        while let Some((end, _)) = stack.pop() {
            let outer = stack.last().map_or(NONE, |s| s.1);
            push(end, outer, &mut keys, &mut names);
        }
        let blocks = keys.iter().step_by(BLOCK).copied().collect();
        Scopes {
            keys,
            names,
            text,
            blocks,
            anonymous,
        }
    }

    /// The function name at `at`; `recover` gives the name the original
    /// source gives an anonymous scope starting at a position (read once).
    pub(crate) fn function_at(
        &self,
        at: Position,
        recover: impl FnOnce(Position) -> Option<String>,
    ) -> Option<&str> {
        let key = at.key();
        let (lo, hi) = narrow(&self.blocks, 0, self.keys.len(), |k| k <= key);
        let i = lo + self.keys.get(lo..hi)?.partition_point(|&k| k <= key);
        let name = *self.names.get(i.checked_sub(1)?)?;
        if name != NONE && name & ANONYMOUS != 0 {
            let (start, slot) = self.anonymous.get((name & !ANONYMOUS) as usize)?;
            // Minifiers drop the names of function expressions
            // (`reduce(function sumLine(…)` → `reduce(function(e,n)`): the
            // original source still has it where the scope maps.
            let recovered = slot.get_or_init(|| recover(*start).map(String::into_boxed_str));
            return Some(recovered.as_deref().unwrap_or("<anonymous>"));
        }
        self.text.get(name as usize).map(|t| &**t)
    }
}
