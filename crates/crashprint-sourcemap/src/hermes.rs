//! Hermes/Metro function maps (`x_facebook_sources`): function start
//! positions in each original source with their names, looked up by
//! original position.

use crate::error::SourceMapError;
use crate::position::Position;
use serde_json::value::RawValue;

/// A Hermes/Metro function map of one source: function start positions in
/// the original source with their names.
#[derive(Debug, Default)]
pub(crate) struct FunctionMap {
    /// (line0 << 32 | column0) of each function start, ascending.
    starts: Vec<u64>,
    names: Vec<u32>,
    text: Vec<Box<str>>,
}

impl FunctionMap {
    /// Parses `x_facebook_sources`: one entry per source, `null` or a list
    /// whose first element is `{names, mappings}`.
    pub(crate) fn parse_all(
        raw: &RawValue,
        sources: usize,
    ) -> Result<Vec<Option<FunctionMap>>, SourceMapError> {
        #[derive(serde::Deserialize)]
        struct Raw {
            names: Vec<String>,
            mappings: String,
        }
        let entries: Vec<Option<Vec<Raw>>> = serde_json::from_str(raw.get()).map_err(|_| {
            SourceMapError::field("x_facebook_sources", "not a list of function maps")
        })?;
        let mut out = Vec::with_capacity(sources);
        for entry in entries.into_iter().take(sources) {
            let Some(raw) = entry.and_then(|e| e.into_iter().next()) else {
                out.push(None);
                continue;
            };
            out.push(Some(FunctionMap::decode(raw.names, &raw.mappings)));
        }
        Ok(out)
    }

    fn decode(names: Vec<String>, mappings: &str) -> FunctionMap {
        let mut map = FunctionMap {
            text: names.into_iter().map(String::into_boxed_str).collect(),
            ..FunctionMap::default()
        };
        // Segments of (column, name, line) deltas; lines are 1-based and
        // a `;` starts a new generated line (the column restarts).
        let (mut line, mut name) = (1i64, 0i64);
        for group in mappings.split(';') {
            let mut column = 0i64;
            for segment in group.split(',').filter(|s| !s.is_empty()) {
                let Some(fields) = crate::vlq::vlq_segment(segment.as_bytes()) else {
                    return map;
                };
                column += fields.first().copied().unwrap_or(0);
                name += fields.get(1).copied().unwrap_or(0);
                line += fields.get(2).copied().unwrap_or(0);
                if line < 1
                    || column < 0
                    || name < 0
                    || line > i64::from(u32::MAX)
                    || column > i64::from(u32::MAX)
                {
                    return map;
                }
                map.starts.push((((line - 1) as u64) << 32) | column as u64);
                map.names.push(name as u32);
            }
        }
        // Keep the table sorted for the binary search.
        let mut order: Vec<usize> = (0..map.starts.len()).collect();
        order.sort_by_key(|&i| map.starts[i]);
        map.starts = order.iter().map(|&i| map.starts[i]).collect();
        map.names = order.iter().map(|&i| map.names[i]).collect();
        map
    }

    pub(crate) fn function_at(&self, original: Position) -> Option<&str> {
        let i = self.starts.partition_point(|&k| k <= original.key());
        let name = *self.names.get(i.checked_sub(1)?)?;
        self.text.get(name as usize).map(|t| &**t)
    }
}
