//! Worst offenders, per-platform reports and the table.

use crashprint_eval::{
    evaluate, parse_labels, parse_results, render_table, Contingency, EvalOptions, Labels, Outcome,
    ResultRecord, StrategyReport,
};

fn record(line: u64, fingerprint: &str, platform: &str, why: &str) -> ResultRecord {
    ResultRecord {
        line,
        outcome: Outcome::Grouped {
            fingerprint: fingerprint.into(),
        },
        platform: Some(platform.into()),
        explanation: Some(why.into()),
    }
}

/// Nine labelled native and JavaScript reports, one unlabelled, one rejected,
/// one label without a result.
fn example() -> StrategyReport {
    let labels: Labels = [
        (1, "segv-parse"),
        (2, "segv-parse"),
        (3, "abort-alloc"),
        (4, "segv-parse"),
        (5, "abort-alloc"),
        (6, "type-error-cart"),
        (7, "type-error-cart"),
        (8, "type-error-cart"),
        (9, "segv-parse"),
        (12, "never-processed"),
    ]
    .into_iter()
    .map(|(l, b)| (l, b.to_string()))
    .collect();
    let records = vec![
        // Both native bugs end in the signal handler: one mixed group.
        record(1, "SIG", "native", "type: SIGSEGV; frame: handle_signal"),
        record(2, "SIG", "native", "type: SIGSEGV; frame: handle_signal"),
        record(3, "SIG", "native", "type: SIGABRT; frame: handle_signal"),
        // Release 2 moved a line: segv-parse split.
        record(
            4,
            "PARSE2",
            "native",
            "type: SIGSEGV; frame: parse_header:88",
        ),
        record(5, "SIG", "native", "type: SIGABRT; frame: handle_signal"),
        record(
            6,
            "CART",
            "javascript",
            "type: TypeError; frame: readCart | cart.js",
        ),
        record(
            7,
            "CART",
            "javascript",
            "type: TypeError; frame: readCart | cart.js",
        ),
        record(
            8,
            "CART",
            "javascript",
            "type: TypeError; frame: readCart | cart.js",
        ),
        ResultRecord {
            line: 9,
            outcome: Outcome::Rejected {
                error: "malformed JSON".into(),
            },
            platform: None,
            explanation: None,
        },
        record(10, "CART", "javascript", "unlabelled"),
        // A second record of line 1: ignored.
        record(1, "OTHER", "native", "second event"),
    ];
    evaluate(
        "crashprint:test",
        &labels,
        &records,
        &EvalOptions::default(),
    )
}

#[test]
fn coverage_counts_what_met() {
    let r = example();
    let c = &r.coverage;
    assert_eq!(c.labels, 10);
    assert_eq!(c.records, 10);
    assert_eq!(c.evaluated, 9);
    assert_eq!(c.rejected, 1);
    assert_eq!(c.unlabelled_records, 1);
    assert_eq!(c.labels_without_record, 1);
    assert_eq!(c.missing_lines, vec![12]);
    assert_eq!(c.duplicate_records, 1);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(
        (r.rejected[0].line, r.rejected[0].bug.as_str()),
        (9, "segv-parse")
    );
}

#[test]
fn platforms_all_first_then_by_name() {
    let r = example();
    let names: Vec<&str> = r.platforms.iter().map(|p| p.platform.as_str()).collect();
    assert_eq!(names, ["all", "javascript", "native", "unknown"]);
    let all = r.platform("all").expect("all");
    assert_eq!(all.metrics.items, 9);
    // SIG, PARSE2, CART, rejected:9
    assert_eq!(all.metrics.predicted_groups, 4);
    assert_eq!(all.metrics.true_groups, 3);
    let js = r.platform("javascript").expect("javascript");
    assert_eq!(js.metrics.items, 3);
    assert_eq!(js.metrics.bcubed.f1, 1.0);
    let native = r.platform("native").expect("native");
    assert_eq!(native.metrics.items, 5);
    // SIG = {segv ×2, abort ×2}, PARSE2 = {segv}: B-cubed precision
    // Σ n_ij² / a_i over cells = 2²/4 + 2²/4 + 1²/1 = 3, over 5 items = 3/5.
    assert!((native.metrics.bcubed.precision - 0.6).abs() < 1e-12);
    assert_eq!(r.platform("unknown").expect("unknown").metrics.items, 1);
}

#[test]
fn offenders_carry_their_composition_and_frames() {
    let r = example();
    let o = &r.platform("all").expect("all").offenders;
    assert_eq!(o.mixed_groups.len(), 1);
    let sig = &o.mixed_groups[0];
    assert_eq!((sig.id.as_str(), sig.items, sig.parts_total), ("SIG", 4, 2));
    let parts: Vec<(&str, u64)> = sig.parts.iter().map(|p| (p.id.as_str(), p.items)).collect();
    assert_eq!(parts, [("segv-parse", 2), ("abort-alloc", 2)]);
    assert_eq!(
        sig.explanation.as_deref(),
        Some("type: SIGSEGV; frame: handle_signal")
    );
    assert_eq!(
        sig.parts[1].explanation.as_deref(),
        Some("type: SIGABRT; frame: handle_signal")
    );

    assert_eq!(o.split_bugs.len(), 1);
    let segv = &o.split_bugs[0];
    // SIG ×2, PARSE2 ×1, rejected:9 ×1
    assert_eq!(
        (segv.id.as_str(), segv.items, segv.parts_total),
        ("segv-parse", 4, 3)
    );
    let parts: Vec<&str> = segv.parts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(parts, ["SIG", "PARSE2", "rejected:9"]);
    assert_eq!(
        segv.parts[1].explanation.as_deref(),
        Some("type: SIGSEGV; frame: parse_header:88")
    );
}

#[test]
fn offenders_are_ranked_and_capped() {
    let mut t = Contingency::new();
    // g-big: 6 items over 2 bugs; g-wide: 4 items over 4 bugs; g-pure: 9 items, 1 bug.
    for b in ["x", "x", "x", "x", "x", "y"] {
        t.add("g-big", b);
    }
    for b in ["p", "q", "r", "s"] {
        t.add("g-wide", b);
    }
    for _ in 0..9 {
        t.add("g-pure", "z");
    }
    // bug "z" also in three more groups: the most split bug; "x" in one more.
    for g in ["z1", "z2", "z3"] {
        t.add(g, "z");
    }
    t.add("x2", "x");
    let o = t.offenders(10, 10);
    let mixed: Vec<&str> = o.mixed_groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(mixed, ["g-big", "g-wide"]);
    let split: Vec<&str> = o.split_bugs.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(split, ["z", "x"]);

    let capped = t.offenders(1, 2);
    assert_eq!(capped.mixed_groups.len(), 1);
    assert_eq!(capped.split_bugs.len(), 1);
    let z = &capped.split_bugs[0];
    assert_eq!((z.parts_total, z.parts.len()), (4, 2));
    assert_eq!(z.parts[0].id, "g-pure");
    assert!(t.offenders(0, 5).mixed_groups.is_empty());
}

#[test]
fn report_serializes_and_round_trips() {
    let r = example();
    let json = serde_json::to_value(&r).expect("serializable");
    assert_eq!(json["strategy"], "crashprint:test");
    assert_eq!(json["platforms"][0]["platform"], "all");
    assert!(json["platforms"][0]["metrics"]["bcubed"]["f1"].is_number());
    assert!(json["platforms"][0]["metrics"]["adjustedRandIndex"].is_number());
    assert_eq!(
        json["platforms"][0]["offenders"]["mixedGroups"][0]["id"],
        "SIG"
    );
    assert_eq!(json["coverage"]["labelsWithoutRecord"], 1);
    let back: StrategyReport = serde_json::from_value(json).expect("deserializable");
    assert_eq!(back, r);
}

#[test]
fn table_has_aligned_rows_and_offenders() {
    let mut other = example();
    other.strategy = "sentry-like".into();
    let table = render_table(&[example(), other]);
    let lines: Vec<&str> = table.lines().collect();
    // header + 2 strategies × 4 platforms
    assert!(lines[0].starts_with("strategy"), "{table}");
    let rows = &lines[..9];
    for row in rows {
        assert_eq!(row.split_whitespace().count(), 16, "{row}");
    }
    // Right-aligned numeric columns end at the same place.
    let end_of = |l: &str, col: &str| l.find(col).map(|i| i + col.len());
    let b3 = end_of(lines[0], "b3-F1").expect("b3-F1 column");
    for row in &rows[1..] {
        let field = row[..b3].rsplit(' ').next().expect("a field");
        assert!(
            field.parse::<f64>().is_ok(),
            "{row}: {field:?} not under b3-F1"
        );
    }
    assert!(
        lines[1].starts_with("crashprint:test  all "),
        "{}",
        lines[1]
    );
    assert!(table.contains("biggest mixed groups"), "{table}");
    assert!(table.contains("group SIG: 4 reports, 2 bugs"), "{table}");
    // SIG's parts were explained differently: each part with its frames.
    assert!(
        table.contains("2 × abort-alloc: type: SIGABRT; frame: handle_signal"),
        "{table}"
    );
    assert!(
        table.contains("bug segv-parse: 4 reports in 3 groups"),
        "{table}"
    );
    assert!(
        table.contains("type: SIGSEGV; frame: parse_header:88"),
        "{table}"
    );
    assert!(
        table.contains("line 9 (bug segv-parse): malformed JSON"),
        "{table}"
    );
    assert!(
        table.contains("1 label without a result (line 12)"),
        "{table}"
    );
}

#[test]
fn end_to_end_from_process_output() {
    let results = parse_results(include_str!("data/process-malformed.ndjson").as_bytes())
        .expect("valid results");
    // Lines 1 and 11 are the same TypeError; 14 a Canvas report; 2 a
    // truncated copy of line 1's payload.
    let labels = parse_labels(
        "{\"line\":1,\"bug\":\"shipping\"}\n{\"line\":11,\"bug\":\"shipping\"}\n{\"line\":14,\"bug\":\"upload\"}\n{\"line\":2,\"bug\":\"shipping\"}\n"
            .as_bytes(),
    )
    .expect("valid labels");
    let strategy = results.strategy.clone().unwrap_or_default();
    let r = evaluate(
        &strategy,
        &labels,
        &results.records,
        &EvalOptions::default(),
    );
    let all = r.platform("all").expect("all");
    assert_eq!(all.metrics.items, 4);
    assert_eq!(all.metrics.pairwise.precision, 1.0);
    // shipping: {1, 11} together, 2 rejected apart: 1 of 3 pairs.
    assert!((all.metrics.pairwise.recall - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(all.offenders.split_bugs[0].id, "shipping");
    assert_eq!(r.coverage.rejected, 1);
    let table = render_table(&[r]);
    assert!(table.contains("crashprint:2026-11"), "{table}");
    assert!(table.contains("rejected:2"), "{table}");
}

#[test]
fn table_shows_a_shared_explanation_once() {
    let labels: Labels = [(1, "a"), (2, "b"), (3, "b")]
        .into_iter()
        .map(|(l, b)| (l, b.to_string()))
        .collect();
    let why = "type: SIGSEGV; frame: handle_signal";
    let records = [
        record(1, "SIG", "native", why),
        record(2, "SIG", "native", why),
        record(3, "SIG", "native", why),
    ];
    let table = render_table(&[evaluate("x", &labels, &records, &EvalOptions::default())]);
    assert!(table.contains("bugs: 2 × b, 1 × a\n"), "{table}");
    assert_eq!(table.matches(why).count(), 1, "{table}");
    assert!(table.contains(&format!("made by: {why}")), "{table}");
}
