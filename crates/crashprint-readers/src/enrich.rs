//! Writing results back into the original payload, in its own format.

use crashprint_model::Format;
use serde_json::{json, Map, Value};

/// What grouping decided for one event, as written back into a payload.
#[derive(Debug, Clone, Copy)]
pub struct Grouping<'a> {
    /// Base64 of the 32-byte fingerprint.
    pub fingerprint: &'a str,
    /// The readable grouping signature.
    pub grouping_hash: &'a str,
    /// The strategy version that produced them.
    pub strategy: &'a str,
}

/// Fills the grouping of event `index` into `payload`, the way its format
/// carries it, never overwriting what the client supplied:
///
/// - Backtrace: `fingerprint` (when absent) and `annotations.crashprint`;
/// - Bugsnag: `events[index].groupingHash` (the fingerprint, when absent) and
///   the `metaData.crashprint` tab;
/// - Canvas: a top-level `crashprint` object.
///
/// ```
/// use crashprint_readers::{enrich, Format, Grouping};
/// let mut payload = serde_json::json!({"events": [{"exceptions": []}]});
/// let g = Grouping { fingerprint: "AAAA", grouping_hash: "TypeError | f", strategy: "s" };
/// enrich(&mut payload, Format::Bugsnag, 0, g);
/// assert_eq!(payload["events"][0]["groupingHash"], "AAAA");
/// assert_eq!(payload["events"][0]["metaData"]["crashprint"]["groupingHash"], "TypeError | f");
/// ```
pub fn enrich(payload: &mut Value, format: Format, index: usize, grouping: Grouping<'_>) {
    let info = json!({
        "fingerprint": grouping.fingerprint,
        "groupingHash": grouping.grouping_hash,
        "strategy": grouping.strategy,
    });
    let Some(root) = payload.as_object_mut() else {
        return;
    };
    match format {
        Format::Backtrace => {
            if root.get("fingerprint").is_none_or(Value::is_null) {
                root.insert("fingerprint".into(), grouping.fingerprint.into());
            }
            object_at(root, "annotations").insert("crashprint".into(), info);
        }
        Format::Bugsnag => {
            let Some(event) = root
                .get_mut("events")
                .and_then(Value::as_array_mut)
                .and_then(|e| e.get_mut(index))
                .and_then(Value::as_object_mut)
            else {
                return;
            };
            if event.get("groupingHash").is_none_or(Value::is_null) {
                event.insert("groupingHash".into(), grouping.fingerprint.into());
            }
            object_at(event, "metaData").insert("crashprint".into(), info);
        }
        Format::Canvas => {
            root.insert("crashprint".into(), info);
        }
        // A text log is no JSON object: there is nothing to write into.
        Format::Text | Format::Minidump => {}
    }
}

/// `map[key]` as an object, replacing a non-object value.
fn object_at<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    let slot = map
        .entry(key.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
    }
}
