//! JavaScript frames of an event, resolved in place through a
//! [`SourceMapStore`].

use crate::store::SourceMapStore;
use crate::{Position, Resolved};
use crashprint_model::{
    AttrValue, Event, Frame, FrameStatus, SourceLine, SymbolicatedFrame, Symbolicator,
};
use std::borrow::Cow;

/// Context lines shown either side of a resolved line.
const CONTEXT_RADIUS: u32 = 3;

/// Resolves the JavaScript frames of `event` (a URL or path with a line and
/// column, no instruction address) through the source maps of the event's
/// release (or a debug id). Resolved frames get the original file, line,
/// column and function, context lines, and an in-app flag: sources under
/// `node_modules/`, on the map's ignore list, or from bundler runtime
/// (`webpack/bootstrap`) are not in-app. Others keep their data and say
/// why in [`Frame::unresolved`].
pub fn symbolicate_event(store: &SourceMapStore, event: &mut Event) {
    let release = event.release.clone();
    // A debug id the client attached (Backtrace attribute or Bugsnag
    // metadata flattened into attributes).
    let debug_id = ["debugId", "debug_id", "sourcemap.debugId"]
        .iter()
        .find_map(|k| match event.attributes.get(*k) {
            Some(AttrValue::Str(s)) => Some(s.clone()),
            _ => None,
        });
    for frame in event.frames_mut() {
        if !is_js_frame(frame) {
            continue;
        }
        let (Some(url), Some(line), Some(column)) = (frame.file.clone(), frame.line, frame.column)
        else {
            continue;
        };
        let map = match store.find(release.as_deref(), &url, debug_id.as_deref()) {
            Ok(map) => map,
            Err(why) => {
                frame.status = Some(if why.over_budget {
                    FrameStatus::OverBudget
                } else {
                    FrameStatus::MissingDebugFile
                });
                frame.unresolved = Some(why.reason);
                continue;
            }
        };
        let Some(at) = Position::one_based(line, column) else {
            frame.unresolved = Some("line and column are 1-based; 0 is not a position".into());
            frame.status = Some(FrameStatus::NotCovered);
            continue;
        };
        let Some(hit) = map.map.resolve(at) else {
            frame.unresolved = Some(format!(
                "{} has no mapping at line {line} column {column}",
                map.name
            ));
            frame.status = Some(FrameStatus::NotCovered);
            continue;
        };
        frame.symbolicated = vec![symbolicated(&map.map, hit)];
        frame.unresolved = None;
        frame.status = Some(FrameStatus::Symbolicated);
    }
}

fn symbolicated(map: &crate::SourceMap, hit: Resolved<'_>) -> SymbolicatedFrame {
    let file = hit.token.source.map(|s| display_path(s).into_owned());
    let in_app = !hit.ignored && file.as_deref().is_none_or(|f| !is_library_path(f));
    let context = match (hit.token.source_index, hit.token.original) {
        (Some(source), Some(original)) => map
            .context(source, original.line(), CONTEXT_RADIUS)
            .into_iter()
            .map(|(line, text)| SourceLine { line, text })
            .collect(),
        _ => Vec::new(),
    };
    SymbolicatedFrame {
        function: hit.function.map(str::to_string),
        file,
        line: hit.token.original.map(|p| p.line()),
        column: hit.token.original.map(|p| p.column()),
        inlined: false,
        in_app: Some(in_app),
        context,
    }
}

/// A frame with a file and a position but no address: JavaScript (or any
/// other source-mapped language).
fn is_js_frame(frame: &Frame) -> bool {
    frame.address.is_none()
        && frame.line.is_some()
        && frame.column.is_some()
        && frame.file.as_deref().is_some_and(|f| {
            let path = f.split(['?', '#']).next().unwrap_or(f);
            path.ends_with(".js")
                || path.ends_with(".mjs")
                || path.ends_with(".cjs")
                || path.ends_with(".jsbundle")
                || path.ends_with(".bundle")
                || f.starts_with("http://")
                || f.starts_with("https://")
                || f.starts_with("app://")
        })
}

/// Code that is not the app's own: dependencies and bundler runtime.
fn is_library_path(path: &str) -> bool {
    path.contains("node_modules/")
        || path.starts_with("webpack/")
        || path.contains("/webpack/bootstrap")
}

/// A readable path for an original source: bundler schemes and leading
/// `./` and `../` segments dropped (`webpack:///./src/a.js` → `src/a.js`,
/// `../src/geo/lng_lat.ts` → `src/geo/lng_lat.ts`). Stable across builds,
/// so it can be grouped on.
pub fn display_path(source: &str) -> Cow<'_, str> {
    let mut s = source;
    for scheme in [
        "webpack://",
        "webpack-internal://",
        "app://",
        "file://",
        "rollup://",
    ] {
        if let Some(rest) = s.strip_prefix(scheme) {
            s = rest;
            // webpack://<namespace>/./src: the namespace is not part of the path.
            if scheme.starts_with("webpack") && !s.starts_with('/') {
                if let Some(i) = s.find('/') {
                    s = &s[i..];
                }
            }
            break;
        }
    }
    let mut s = s.trim_start_matches('/');
    loop {
        if let Some(rest) = s.strip_prefix("./") {
            s = rest;
        } else if let Some(rest) = s.strip_prefix("../") {
            s = rest;
        } else {
            break;
        }
    }
    if s.len() == source.len() {
        Cow::Borrowed(source)
    } else {
        Cow::Owned(s.to_string())
    }
}

impl Symbolicator for SourceMapStore {
    fn name(&self) -> &'static str {
        "sourcemap"
    }

    fn symbolicate(&self, event: &mut Event) {
        symbolicate_event(self, event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths() {
        assert_eq!(display_path("webpack:///./src/a.js"), "src/a.js");
        assert_eq!(display_path("webpack://my-app/./src/a.js"), "src/a.js");
        assert_eq!(display_path("../src/geo/lng_lat.ts"), "src/geo/lng_lat.ts");
        assert_eq!(
            display_path("../node_modules/x/y.js"),
            "node_modules/x/y.js"
        );
        assert_eq!(display_path("src/a.js"), "src/a.js");
    }
}
