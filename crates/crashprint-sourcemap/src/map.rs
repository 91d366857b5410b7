//! Parsing a source map (regular or index map) straight into the lookup
//! index: the `mappings` string is decoded once into flat per-line arrays.
//! The map is also the bridge to function names: it hands the scanner its
//! exact-position names, and the scopes and Hermes function maps it holds
//! answer [`SourceMap::resolve`].

use crate::debug_id::normalize_debug_id;
use crate::error::SourceMapError;
use crate::hermes::FunctionMap;
use crate::js_scan::function_expression_name;
use crate::position::{narrow, Bias, Position, BLOCK, NONE};
use crate::scopes::Scopes;
use crate::vlq::{vlq, SEGMENT, SEPARATOR};
use crashprint_model::Deadline;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Limits on untrusted maps.
#[derive(Debug, Clone, Copy)]
pub struct MapLimits {
    /// Most mapping segments (all sections together).
    pub max_tokens: usize,
    /// Deepest nesting of index maps.
    pub max_depth: u32,
    /// Most generated lines.
    pub max_lines: usize,
    /// When decoding must have ended (checked every 64 Ki segments and
    /// lines).
    pub deadline: Deadline,
}

impl Default for MapLimits {
    fn default() -> Self {
        MapLimits {
            // 20 bytes a mapping: at most 320 MiB; real maps hold a few
            // million at most (maplibre's 5.4 MB map: 309,734).
            max_tokens: 16 << 20,
            max_depth: 8,
            max_lines: 16 << 20,
            deadline: Deadline::NONE,
        }
    }
}

/// One mapping of a generated position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// Where the mapping starts in the generated file.
    pub generated: Position,
    /// Index of the original source in [`SourceMap::sources`].
    pub source_index: Option<u32>,
    /// The original source, `sourceRoot` applied.
    pub source: Option<&'a str>,
    /// Position in the original source.
    pub original: Option<Position>,
    /// The original name of the token at this position (an identifier),
    /// which is not the enclosing function's name.
    pub name: Option<&'a str>,
}

/// A mapping with what else is known about its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved<'a> {
    /// The mapping.
    pub token: Token<'a>,
    /// The original name of the enclosing function (`LngLat.convert`,
    /// `new LngLat`, `<anonymous>`); `None` at top level or when the map
    /// and minified source say nothing about it.
    pub function: Option<&'a str>,
    /// The source is on the map's ignore list (library or generated code).
    pub ignored: bool,
}

/// A token's fields past the generated column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mapping {
    pub source: u32,
    pub line: u32,
    pub column: u32,
    pub name: u32,
}

/// A parsed, indexed source map. Immutable: share it behind an `Arc` and
/// look up from any number of threads.
#[derive(Debug, Default)]
pub struct SourceMap {
    file: Option<Box<str>>,
    debug_id: Option<Box<str>>,
    pub(crate) sources: Vec<Option<Box<str>>>,
    /// `sourcesContent` as JSON string literals, back to back, decoded on
    /// demand; `contents` holds each source's byte range.
    content_text: String,
    contents: Vec<Option<(usize, usize)>>,
    /// Each source's content, decoded the first time a frame needs it and
    /// kept: context lines and function names read it again and again.
    decoded: Box<[OnceLock<Option<Box<str>>>]>,
    ignored: Vec<bool>,
    pub(crate) names: Vec<Box<str>>,
    /// `columns[line_starts[l]..line_starts[l + 1]]` are the generated
    /// columns of line `l`, ascending; `mappings` runs beside `columns`.
    line_starts: Vec<u32>,
    columns: Vec<u32>,
    mappings: Vec<Mapping>,
    /// Every `BLOCK`th column: a long line's search starts in this small
    /// array (cache-resident) and ends within one block.
    blocks: Vec<u32>,
    /// Function scopes of the minified source, when given one.
    scopes: Option<Scopes>,
    /// Hermes/Metro function maps (`x_facebook_sources`), per source.
    function_maps: Vec<Option<FunctionMap>>,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SourceMap>();
};

impl SourceMap {
    /// Parses a source map: a regular one or an index map with sections
    /// (flattened), validated as ECMA-426 says.
    pub fn from_slice(bytes: &[u8]) -> Result<SourceMap, SourceMapError> {
        Self::from_slice_with(bytes, MapLimits::default())
    }

    /// [`SourceMap::from_slice`] with explicit limits.
    pub fn from_slice_with(bytes: &[u8], limits: MapLimits) -> Result<SourceMap, SourceMapError> {
        let mut map = SourceMap::default();
        let raw: RawMap<'_> = serde_json::from_slice(bytes).map_err(not_an_object)?;
        map.add(raw, 0, 0, 0, &limits)?;
        if map.line_starts.is_empty() {
            map.line_starts.push(0);
        }
        // Close the last line.
        map.line_starts.push(map.columns.len() as u32);
        map.sort_lines();
        map.blocks = map.columns.iter().step_by(BLOCK).copied().collect();
        map.decoded = (0..map.contents.len()).map(|_| OnceLock::new()).collect();
        Ok(map)
    }

    /// Adds the mappings of `raw` (a regular or index map) shifted by
    /// (`line`, `column`) on its first line.
    fn add(
        &mut self,
        fields: RawMap<'_>,
        line: u32,
        column: u32,
        depth: u32,
        limits: &MapLimits,
    ) -> Result<(), SourceMapError> {
        match fields.version.map(|v| v.get()) {
            Some("3") => {}
            Some(v) => return Err(SourceMapError::field("version", format!("{v} is not 3"))),
            None => return Err(SourceMapError::field("version", "missing")),
        }
        let file: Option<String> = match fields.file {
            Some(v) => Some(parse(v, "file", "a string")?),
            None => None,
        };
        if depth == 0 {
            self.file = file.map(String::into_boxed_str);
            // A debug id is a UUID; anything else is ignored (ECMA-426
            // decoding: an invalid debugId is dropped, the map stays valid).
            self.debug_id = match fields.debug_id.or(fields.debug_id_alt) {
                Some(v) => normalize_debug_id(&parse::<String>(v, "debugId", "a string")?)
                    .map(String::into_boxed_str),
                None => None,
            };
        }
        if let Some(sections) = fields.sections {
            if fields.mappings.is_some() {
                return Err(SourceMapError::field(
                    "mappings",
                    "an index map has sections, not mappings",
                ));
            }
            if depth >= limits.max_depth {
                return Err(SourceMapError::Limit(format!(
                    "index maps nested more than {} deep",
                    limits.max_depth
                )));
            }
            return self.add_sections(sections, line, column, depth, limits);
        }
        let sources: Vec<Option<String>> = match fields.sources {
            Some(v) => parse(v, "sources", "a list of strings or nulls")?,
            None => return Err(SourceMapError::field("sources", "missing")),
        };
        let source_root: Option<String> = match fields.source_root {
            Some(v) => Some(parse(v, "sourceRoot", "a string")?),
            None => None,
        };
        // `sourcesContent` is most of a map's bytes: checked here, copied
        // (below, once the mappings decoded) as is, each source decoded
        // when a frame needs it.
        let sources_content = fields.sources_content.unwrap_or_default();
        for (i, c) in sources_content.iter().enumerate() {
            if c.is_some_and(|text| !text.get().starts_with('"')) {
                return Err(SourceMapError::field(
                    format!("sourcesContent[{i}]"),
                    "not a string or null",
                ));
            }
        }
        let names: Vec<String> = match fields.names {
            Some(v) => parse(v, "names", "a list of strings")?,
            None => Vec::new(),
        };
        let mut ignored = vec![false; sources.len()];
        for (key, value) in [
            ("ignoreList", fields.ignore_list),
            ("x_google_ignoreList", fields.x_google_ignore_list),
        ] {
            if let Some(v) = value {
                let list: Vec<u32> = parse(v, key, "a list of source indexes")?;
                for i in list {
                    match ignored.get_mut(i as usize) {
                        Some(slot) => *slot = true,
                        None => {
                            return Err(SourceMapError::field(
                                key,
                                format!("{i} is past the {} sources", sources.len()),
                            ))
                        }
                    }
                }
            }
        }
        let mappings: Cow<'_, str> = match fields.mappings {
            // The common case: no escapes, borrowed without a second parse.
            Some(v) => match v.get().strip_prefix('"').and_then(|m| m.strip_suffix('"')) {
                Some(m) if !m.contains('\\') => Cow::Borrowed(m),
                _ => parse(v, "mappings", "a string")?,
            },
            None => return Err(SourceMapError::field("mappings", "missing")),
        };
        let function_maps = match fields.x_facebook_sources {
            Some(v) => FunctionMap::parse_all(v, sources.len())?,
            None => Vec::new(),
        };

        // A section may start on the line the previous one ended on, but
        // not before it.
        if (line as usize) + 1 < self.line_starts.len() {
            return Err(SourceMapError::field(
                "sections",
                "a section's mappings reach past the next section's offset",
            ));
        }
        let source_base = self.sources.len() as u32;
        let name_base = self.names.len() as u32;
        decode_mappings(
            self,
            mappings.as_bytes(),
            line,
            column,
            (source_base, sources.len() as u32),
            (name_base, names.len() as u32),
            limits,
        )?;
        // Copied in one allocation, after the mappings: a map that fails
        // costs no copy of its sources.
        self.content_text.reserve(
            sources_content
                .iter()
                .flatten()
                .map(|t| t.get().len())
                .sum(),
        );
        let contents: Vec<Option<(usize, usize)>> = sources_content
            .iter()
            .map(|c| {
                c.map(|text| {
                    let start = self.content_text.len();
                    self.content_text.push_str(text.get());
                    (start, self.content_text.len())
                })
            })
            .collect();
        for (i, s) in sources.into_iter().enumerate() {
            self.sources
                .push(s.map(|s| join_source(source_root.as_deref(), &s).into()));
            self.contents.push(contents.get(i).copied().flatten());
        }
        self.ignored.extend(ignored);
        self.names
            .extend(names.into_iter().map(String::into_boxed_str));
        if !function_maps.is_empty() {
            self.function_maps
                .resize_with(source_base as usize, || None);
            self.function_maps.extend(function_maps);
        }
        Ok(())
    }

    fn add_sections(
        &mut self,
        sections: &RawValue,
        line: u32,
        column: u32,
        depth: u32,
        limits: &MapLimits,
    ) -> Result<(), SourceMapError> {
        let sections: Vec<&RawValue> = parse(sections, "sections", "a list")?;
        let mut last: Option<(u32, u32)> = None;
        for (i, section) in sections.iter().enumerate() {
            let field = |f: &str| format!("sections[{i}].{f}");
            let fields: BTreeMap<Cow<'_, str>, &RawValue> =
                parse(section, &format!("sections[{i}]"), "an object")?;
            let offset = fields
                .get("offset")
                .ok_or_else(|| SourceMapError::field(field("offset"), "missing"))?;
            let offset: BTreeMap<Cow<'_, str>, &RawValue> =
                parse(offset, &field("offset"), "an object")?;
            let at = |key: &str| -> Result<u32, SourceMapError> {
                let v = offset
                    .get(key)
                    .ok_or_else(|| SourceMapError::field(field("offset"), format!("no {key}")))?;
                parse(
                    v,
                    &field(&format!("offset.{key}")),
                    "a non-negative integer",
                )
            };
            let (l, c) = (at("line")?, at("column")?);
            if let Some(previous) = last {
                if (l, c) <= previous {
                    return Err(SourceMapError::field(
                        field("offset"),
                        "sections must be in order and must not overlap",
                    ));
                }
            }
            last = Some((l, c));
            if fields.contains_key("url") && !fields.contains_key("map") {
                return Err(SourceMapError::field(
                    field("url"),
                    "sections that point to a URL are not supported (nothing is fetched)",
                ));
            }
            let map = fields
                .get("map")
                .ok_or_else(|| SourceMapError::field(field("map"), "missing"))?;
            if !map.get().starts_with('{') {
                return Err(SourceMapError::field(field("map"), "not an object"));
            }
            let section_line = line.saturating_add(l);
            let section_column = if l == 0 { column.saturating_add(c) } else { c };
            let map: RawMap<'_> = serde_json::from_str(map.get()).map_err(|_| {
                SourceMapError::field(field("map"), "not a valid source map object")
            })?;
            self.add(map, section_line, section_column, depth + 1, limits)?;
        }
        Ok(())
    }

    /// Sections and out-of-order segments leave lines unsorted only in rare
    /// maps; sort those lines, keeping equal columns in map order.
    fn sort_lines(&mut self) {
        for l in 0..self.line_starts.len().saturating_sub(1) {
            let (a, b) = (
                self.line_starts[l] as usize,
                self.line_starts[l + 1] as usize,
            );
            if self.columns[a..b].windows(2).all(|w| w[0] <= w[1]) {
                continue;
            }
            let mut pairs: Vec<(u32, Mapping)> = self.columns[a..b]
                .iter()
                .copied()
                .zip(self.mappings[a..b].iter().copied())
                .collect();
            pairs.sort_by_key(|p| p.0);
            for (k, (c, m)) in pairs.into_iter().enumerate() {
                self.columns[a + k] = c;
                self.mappings[a + k] = m;
            }
        }
    }

    /// Adds the minified source the map belongs to: its function scopes
    /// give original function names ([`Resolved::function`]).
    pub fn with_minified_source(mut self, minified: &str) -> SourceMap {
        let scopes = Scopes::build(minified, |at| self.exact_name(at));
        self.scopes = Some(scopes);
        self
    }

    /// The mapping at `at`, staying on `at`'s line: a line without
    /// mappings there gives `None`, never a previous line's token.
    pub fn lookup(&self, at: Position, bias: Bias) -> Option<Token<'_>> {
        let i = self.lookup_index(at, bias)?;
        Some(self.token(at.line0, i))
    }

    fn lookup_index(&self, at: Position, bias: Bias) -> Option<usize> {
        let line = at.line0 as usize;
        let start = *self.line_starts.get(line)? as usize;
        let end = *self.line_starts.get(line + 1)? as usize;
        let target = at.column0;
        let (lo, hi) = match bias {
            Bias::GreatestLowerBound => narrow(&self.blocks, start, end, |c| c <= target),
            Bias::LeastUpperBound => {
                let (lo, hi) = narrow(&self.blocks, start, end, |c| c < target);
                // The first column at or past the target may open the next block.
                (lo, (hi + 1).min(end))
            }
        };
        let columns = self.columns.get(lo..hi)?;
        match bias {
            Bias::GreatestLowerBound => {
                let k = columns.partition_point(|&c| c <= target);
                // Nothing at or before the target in [lo, hi) is only
                // possible when lo is the line's start.
                k.checked_sub(1).map(|k| lo + k)
            }
            Bias::LeastUpperBound => {
                let k = columns.partition_point(|&c| c < target);
                (lo + k < end).then_some(lo + k)
            }
        }
    }

    fn token(&self, line0: u32, i: usize) -> Token<'_> {
        let m = self.mappings[i];
        let has_source = m.source != NONE;
        Token {
            generated: Position::zero_based(line0, self.columns[i]),
            source_index: has_source.then_some(m.source),
            source: if has_source {
                self.sources
                    .get(m.source as usize)
                    .and_then(|s| s.as_deref())
            } else {
                None
            },
            original: has_source.then(|| Position::zero_based(m.line, m.column)),
            name: (m.name != NONE)
                .then(|| self.names.get(m.name as usize).map(|n| &**n))
                .flatten(),
        }
    }

    /// The mapping that starts exactly at `at`, if any.
    pub(crate) fn exact_name(&self, at: Position) -> Option<&str> {
        let i = self.lookup_index(at, Bias::GreatestLowerBound)?;
        if self.columns[i] != at.column0 {
            return None;
        }
        self.token(at.line0, i).name
    }

    /// [`SourceMap::lookup`] (greatest lower bound) with the enclosing
    /// function's original name and the ignore list applied.
    pub fn resolve(&self, at: Position) -> Option<Resolved<'_>> {
        let token = self.lookup(at, Bias::GreatestLowerBound)?;
        // A Hermes/Metro function map was written from the original source
        // by the bundler: it wins over scopes read from the minified code
        // (where module wrappers and export assignments hide the names).
        let from_function_map = || {
            let source = token.source_index?;
            let original = token.original?;
            self.function_maps
                .get(source as usize)?
                .as_ref()?
                .function_at(original)
        };
        let function = from_function_map().or_else(|| match &self.scopes {
            Some(scopes) => scopes.function_at(at, |start| original_function_name(self, start)),
            None => None,
        });
        let ignored = token
            .source_index
            .is_some_and(|s| self.ignored.get(s as usize).copied().unwrap_or(false));
        Some(Resolved {
            token,
            function,
            ignored,
        })
    }

    /// The map's `file`.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The map's `debugId`.
    pub fn debug_id(&self) -> Option<&str> {
        self.debug_id.as_deref()
    }

    /// The original sources (`sourceRoot` applied), by index.
    pub fn sources(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        self.sources.iter().map(|s| s.as_deref())
    }

    /// Source `index`, `sourceRoot` applied.
    pub fn source(&self, index: u32) -> Option<&str> {
        self.sources.get(index as usize)?.as_deref()
    }

    /// Source `index` is on the ignore list (`ignoreList` or
    /// `x_google_ignoreList`).
    pub fn is_ignored(&self, index: u32) -> bool {
        self.ignored.get(index as usize).copied().unwrap_or(false)
    }

    /// The content of source `index` (`sourcesContent`), decoded once.
    pub fn source_content(&self, index: u32) -> Option<&str> {
        self.decoded
            .get(index as usize)?
            .get_or_init(|| {
                let (a, b) = (*self.contents.get(index as usize)?)?;
                serde_json::from_str::<String>(self.content_text.get(a..b)?)
                    .ok()
                    .map(String::into_boxed_str)
            })
            .as_deref()
    }

    /// Up to `radius` lines either side of 1-based `line` of source `index`,
    /// as (1-based line, text).
    pub fn context(&self, index: u32, line: u32, radius: u32) -> Vec<(u32, String)> {
        let Some(content) = self.source_content(index) else {
            return Vec::new();
        };
        let first = line.saturating_sub(radius).max(1);
        content
            .lines()
            .enumerate()
            .map(|(i, text)| (i as u32 + 1, text))
            .skip(first as usize - 1)
            .take_while(|(n, _)| *n <= line.saturating_add(radius))
            .map(|(n, text)| (n, text.chars().take(400).collect()))
            .collect()
    }

    /// How many mappings the map has.
    pub fn token_count(&self) -> usize {
        self.columns.len()
    }
}

/// The fields of a map crashprint reads, borrowed from the input; a
/// field set to `null` counts as absent.
#[derive(serde::Deserialize)]
struct RawMap<'a> {
    #[serde(borrow, default)]
    version: Option<&'a RawValue>,
    #[serde(borrow, default)]
    file: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "sourceRoot")]
    source_root: Option<&'a RawValue>,
    #[serde(borrow, default)]
    sources: Option<&'a RawValue>,
    /// Elements read in the same pass as the rest of the map: no second
    /// scan of what is usually most of its bytes.
    #[serde(borrow, default, rename = "sourcesContent")]
    sources_content: Option<Vec<Option<&'a RawValue>>>,
    #[serde(borrow, default)]
    names: Option<&'a RawValue>,
    #[serde(borrow, default)]
    mappings: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "ignoreList")]
    ignore_list: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "x_google_ignoreList")]
    x_google_ignore_list: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "debugId")]
    debug_id: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "debug_id")]
    debug_id_alt: Option<&'a RawValue>,
    #[serde(borrow, default)]
    sections: Option<&'a RawValue>,
    #[serde(borrow, default)]
    x_facebook_sources: Option<&'a RawValue>,
}

/// Not JSON stays a JSON error (with its line and column); JSON that is
/// not an object, or repeats a field, is a map error.
fn not_an_object(e: serde_json::Error) -> SourceMapError {
    if e.is_syntax() || e.is_eof() || e.is_io() {
        SourceMapError::Json(e)
    } else {
        SourceMapError::field("", format!("a source map must be a JSON object: {e}"))
    }
}

fn parse<'a, T: serde::Deserialize<'a>>(
    raw: &'a RawValue,
    field: &str,
    expected: &str,
) -> Result<T, SourceMapError> {
    serde_json::from_str(raw.get())
        .map_err(|_| SourceMapError::field(field, format!("not {expected}")))
}

/// `sourceRoot` + source, as browsers show them: a root is joined with a
/// `/` unless the source is an absolute URL or path.
fn join_source(root: Option<&str>, source: &str) -> String {
    match root {
        Some(root) if !root.is_empty() && !is_absolute(source) => {
            if root.ends_with('/') {
                format!("{root}{source}")
            } else {
                format!("{root}/{source}")
            }
        }
        _ => source.to_string(),
    }
}

fn is_absolute(source: &str) -> bool {
    source.starts_with('/')
        || source.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
        })
}

/// The name after `function` (or `function*`, `async function`) at the
/// original position the mapping exactly at `at` points to, read from the
/// map's `sourcesContent`.
fn original_function_name(map: &SourceMap, at: Position) -> Option<String> {
    let token = map.lookup(at, Bias::GreatestLowerBound)?;
    if token.generated != at {
        return None;
    }
    let source = token.source_index?;
    let original = token.original?;
    let line = map
        .source_content(source)?
        .split('\n')
        .nth(original.line0() as usize)?;
    function_expression_name(line, original.column0())
}

/// Decodes `mappings` into `map`'s line arrays, shifted by (`line`,
/// `column`) on its first line. `sources`/`names` are (base index in the
/// flattened tables, count in this map).
fn decode_mappings(
    map: &mut SourceMap,
    mappings: &[u8],
    line: u32,
    column: u32,
    sources: (u32, u32),
    names: (u32, u32),
    limits: &MapLimits,
) -> Result<(), SourceMapError> {
    let mut generated_line = line as usize;
    // One segment per separator at most: reserve once instead of growing.
    let segments = memchr::memchr2_iter(b',', b';', mappings).count() + 1;
    if map.columns.len() + segments <= limits.max_tokens {
        map.columns.reserve(segments);
        map.mappings.reserve(segments);
    }
    let open_line = |map: &mut SourceMap, l: usize| -> Result<(), SourceMapError> {
        if l >= limits.max_lines {
            return Err(SourceMapError::Limit(format!(
                "more than {} generated lines",
                limits.max_lines
            )));
        }
        // Lines before `l` that have no entry yet start (and end) here.
        while map.line_starts.len() <= l {
            map.line_starts.push(map.columns.len() as u32);
        }
        Ok(())
    };
    open_line(map, generated_line)?;
    // A section starts mid-line: later sections of the same line append.
    let (mut source, mut original_line, mut original_column, mut name) = (0i64, 0i64, 0i64, 0i64);
    let mut generated_column = 0i64;
    let column_shift = i64::from(column);
    let mut at = 0usize;
    let mut fields = [0i64; 5];
    let err = |offset: usize, line: usize, reason: &'static str| SourceMapError::Mappings {
        offset,
        line: line + 1,
        reason,
    };
    let mut segment_start = true;
    let mut after_comma = false;
    let mut steps = 0usize;
    let too_slow = || {
        SourceMapError::Limit(format!(
            "decoding took longer than the budget of {:?}",
            limits.deadline.limit()
        ))
    };
    while at < mappings.len() {
        match mappings[at] {
            b';' => {
                if after_comma {
                    return Err(err(at, generated_line, "empty segment"));
                }
                generated_line += 1;
                generated_column = 0;
                open_line(map, generated_line)?;
                steps += 1;
                if steps & 0xffff == 0 && limits.deadline.passed() {
                    return Err(too_slow());
                }
                at += 1;
                segment_start = true;
                continue;
            }
            b',' => {
                if segment_start {
                    return Err(err(at, generated_line, "empty segment"));
                }
                at += 1;
                segment_start = true;
                after_comma = true;
                if at == mappings.len() {
                    return Err(err(at, generated_line, "empty segment"));
                }
                continue;
            }
            _ => {}
        }
        // One segment: 1, 4 or 5 VLQ fields.
        let mut count = 0;
        while let Some(&byte) = mappings.get(at) {
            let digit = SEGMENT[byte as usize];
            if digit == SEPARATOR {
                break;
            }
            if count == 5 {
                return Err(err(at, generated_line, "a segment has more than 5 fields"));
            }
            // Most values fit in one digit.
            let (value, next) = if digit >= 0 && digit & 32 == 0 {
                let magnitude = i64::from(digit >> 1);
                (
                    if digit & 1 == 1 {
                        -magnitude
                    } else {
                        magnitude
                    },
                    at + 1,
                )
            } else {
                vlq(mappings, at).map_err(|r| err(at, generated_line, r))?
            };
            fields[count] = value;
            count += 1;
            at = next;
        }
        segment_start = false;
        after_comma = false;
        steps += 1;
        if steps & 0xffff == 0 && limits.deadline.passed() {
            return Err(too_slow());
        }
        if !matches!(count, 1 | 4 | 5) {
            return Err(err(
                at,
                generated_line,
                "a segment must have 1, 4 or 5 fields",
            ));
        }
        generated_column += fields[0];
        if generated_column < 0 {
            return Err(err(at, generated_line, "negative generated column"));
        }
        let shifted = if generated_line == line as usize {
            generated_column + column_shift
        } else {
            generated_column
        };
        let mut mapping = Mapping {
            source: NONE,
            line: 0,
            column: 0,
            name: NONE,
        };
        if count >= 4 {
            source += fields[1];
            original_line += fields[2];
            original_column += fields[3];
            if source < 0 || original_line < 0 || original_column < 0 {
                return Err(err(at, generated_line, "negative source, line or column"));
            }
            if source >= i64::from(sources.1) {
                return Err(err(at, generated_line, "source index past the sources"));
            }
            if original_line > i64::from(u32::MAX) || original_column > i64::from(u32::MAX) {
                return Err(err(at, generated_line, "value over 32 bits"));
            }
            mapping.source = sources.0 + source as u32;
            mapping.line = original_line as u32;
            mapping.column = original_column as u32;
            if count == 5 {
                name += fields[4];
                if name < 0 {
                    return Err(err(at, generated_line, "negative name index"));
                }
                if name >= i64::from(names.1) {
                    return Err(err(at, generated_line, "name index past the names"));
                }
                mapping.name = names.0 + name as u32;
            }
        }
        if shifted > i64::from(u32::MAX) {
            return Err(err(at, generated_line, "value over 32 bits"));
        }
        if map.columns.len() >= limits.max_tokens {
            return Err(SourceMapError::Limit(format!(
                "more than {} mappings",
                limits.max_tokens
            )));
        }
        map.columns.push(shifted as u32);
        map.mappings.push(mapping);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A map of one line with these generated columns (sorted), built
    /// through the public parser.
    fn one_line(columns: &[u32]) -> SourceMap {
        let mut mappings = String::new();
        let mut previous = 0i64;
        for (i, &c) in columns.iter().enumerate() {
            if i > 0 {
                mappings.push(',');
            }
            encode(&mut mappings, i64::from(c) - previous);
            previous = i64::from(c);
            mappings.push_str("AAA");
        }
        let json = format!(r#"{{"version":3,"sources":["a.js"],"mappings":"{mappings}"}}"#);
        SourceMap::from_slice(json.as_bytes()).expect("valid map")
    }

    fn encode(out: &mut String, value: i64) {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut v = if value < 0 {
            ((-value) << 1) | 1
        } else {
            value << 1
        } as u64;
        loop {
            let mut digit = v & 31;
            v >>= 5;
            if v > 0 {
                digit |= 32;
            }
            out.push(alphabet[digit as usize] as char);
            if v == 0 {
                break;
            }
        }
    }

    proptest! {
        /// The block index gives what a plain scan of the line gives, for
        /// both biases, on lines long enough to use it.
        #[test]
        fn block_search_matches_scan(
            mut columns in proptest::collection::vec(0u32..5000, 0..700),
            probes in proptest::collection::vec(0u32..5200, 1..40),
        ) {
            columns.sort_unstable();
            let map = one_line(&columns);
            for target in probes {
                let at = Position::zero_based(0, target);
                let glb = columns.iter().rposition(|&c| c <= target);
                let lub = columns.iter().position(|&c| c >= target);
                let got_glb = map.lookup(at, Bias::GreatestLowerBound).map(|t| t.generated.column0());
                let got_lub = map.lookup(at, Bias::LeastUpperBound).map(|t| t.generated.column0());
                prop_assert_eq!(got_glb, glb.map(|i| columns[i]));
                prop_assert_eq!(got_lub, lub.map(|i| columns[i]));
            }
        }
    }

    #[test]
    fn lookups_stay_on_their_line() {
        // Line 0 has a mapping at column 0; line 1 has none; line 2 one at 4.
        let map =
            SourceMap::from_slice(br#"{"version":3,"sources":["a.js"],"mappings":"AAAA;;IACA"}"#)
                .expect("valid");
        assert!(map
            .lookup(Position::zero_based(1, 10), Bias::GreatestLowerBound)
            .is_none());
        assert!(map
            .lookup(Position::zero_based(2, 3), Bias::GreatestLowerBound)
            .is_none());
        assert_eq!(
            map.lookup(Position::zero_based(2, 3), Bias::LeastUpperBound)
                .map(|t| t.generated.column0()),
            Some(4)
        );
        assert!(map
            .lookup(Position::zero_based(9, 0), Bias::GreatestLowerBound)
            .is_none());
        assert_eq!(Position::one_based(0, 1), None);
        assert_eq!(Position::one_based(3, 5), Some(Position::zero_based(2, 4)));
    }
}
