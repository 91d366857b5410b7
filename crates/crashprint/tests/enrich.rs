//! Results written back into payloads, in each payload's own format.

mod common;
use common::*;

#[test]
fn backtrace_gets_its_fingerprint_filled_in() {
    let line = &lines("sdk-payloads/backtrace-node.ndjson")[0];
    let engine = engine();
    let processed = &engine.process(line).expect("ok")[0];
    let enriched = engine.enrich(line).expect("ok");
    assert_eq!(enriched["fingerprint"], processed.fingerprint.as_str());
    assert_eq!(
        enriched["annotations"]["crashprint"]["groupingHash"],
        processed.grouping_hash.as_str()
    );
    // Everything else is as sent.
    let original: serde_json::Value = serde_json::from_slice(line).expect("json");
    assert_eq!(enriched["attributes"], original["attributes"]);
    assert_eq!(enriched["threads"], original["threads"]);
    // The enriched payload is itself valid and keeps its group.
    let again = &engine
        .process(&serde_json::to_vec(&enriched).expect("json"))
        .expect("ok")[0];
    assert_eq!(again.fingerprint, processed.fingerprint);
}

#[test]
fn client_values_are_never_overwritten() {
    let engine = engine();
    let response = read("seeds/backtrace-sample-response.json");
    let enriched = engine.enrich(&response).expect("ok");
    assert_eq!(
        enriched["fingerprint"],
        "kqJB7mgd22nvWGxYU2MvCpLRTiNWO1C8KFS434eTz1M="
    );
    let bugsnag = read("seeds/bugsnag-all-fields.json");
    let enriched = engine.enrich(&bugsnag).expect("ok");
    assert_eq!(enriched["events"][0]["groupingHash"], "buggy_file.rb");
    assert!(enriched["events"][0]["metaData"]["crashprint"]["fingerprint"].is_string());
    assert_eq!(
        enriched["events"][0]["metaData"]["someData"]["key"],
        "value"
    );
}

#[test]
fn bugsnag_and_canvas() {
    let engine = engine();
    let line = &lines("sdk-payloads/bugsnag-python.ndjson")[0];
    let processed = &engine.process(line).expect("ok")[0];
    let enriched = engine.enrich(line).expect("ok");
    // Python sends "groupingHash": null when unset: the fingerprint fills it.
    assert_eq!(
        enriched["events"][0]["groupingHash"],
        processed.fingerprint.as_str()
    );
    let canvas = read("seeds/canvas-sample-report.json");
    let enriched = engine.enrich(&canvas).expect("ok");
    assert_eq!(
        enriched["crashprint"]["groupingHash"],
        "file upload breaking | /courses/<int>"
    );
    assert!(engine.enrich(b"{\"subject\": 1").is_err());
}
