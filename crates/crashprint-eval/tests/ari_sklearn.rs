//! Our metrics against scikit-learn's `adjusted_rand_score` and a naive
//! pure-Python reference (pairwise, B-cubed, purity), on the random
//! labelings of `tests/data/ari-sklearn.json`. Regenerate the fixture with
//! `python3 crates/crashprint-eval/tests/sklearn_ari.py` (needs scikit-learn).

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Case {
    name: String,
    predicted: Vec<String>,
    truth: Vec<String>,
    ari: f64,
    pairwise: [f64; 3],
    bcubed: [f64; 3],
    purity: f64,
    inverse_purity: f64,
}

#[derive(Deserialize)]
struct Fixture {
    sklearn: String,
    cases: Vec<Case>,
}

const TOLERANCE: f64 = 1e-12;

fn fixture() -> Fixture {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ari-sklearn.json");
    let text = std::fs::read_to_string(path).expect("the committed fixture");
    serde_json::from_str(&text).expect("a valid fixture")
}

fn close(what: &str, case: &str, ours: f64, expected: f64) {
    assert!(
        (ours - expected).abs() <= TOLERANCE,
        "{case}: {what} is {ours}, the reference says {expected}"
    );
}

#[test]
fn adjusted_rand_index_matches_sklearn() {
    let fixture = fixture();
    assert!(
        !fixture.sklearn.is_empty(),
        "the fixture records sklearn's version"
    );
    assert!(fixture.cases.len() >= 50);
    for case in &fixture.cases {
        assert_eq!(case.predicted.len(), case.truth.len(), "{}", case.name);
        let m = crashprint_eval::metrics(case.predicted.iter().zip(&case.truth));
        close("ARI", &case.name, m.adjusted_rand_index, case.ari);
        // The ARI is symmetric.
        let swapped = crashprint_eval::metrics(case.truth.iter().zip(&case.predicted));
        close(
            "swapped ARI",
            &case.name,
            swapped.adjusted_rand_index,
            case.ari,
        );
    }
}

#[test]
fn pairwise_bcubed_and_purity_match_the_python_reference() {
    for case in &fixture().cases {
        let m = crashprint_eval::metrics(case.predicted.iter().zip(&case.truth));
        let n = &case.name;
        close(
            "pairwise precision",
            n,
            m.pairwise.precision,
            case.pairwise[0],
        );
        close("pairwise recall", n, m.pairwise.recall, case.pairwise[1]);
        close("pairwise F1", n, m.pairwise.f1, case.pairwise[2]);
        close("B-cubed precision", n, m.bcubed.precision, case.bcubed[0]);
        close("B-cubed recall", n, m.bcubed.recall, case.bcubed[1]);
        close("B-cubed F1", n, m.bcubed.f1, case.bcubed[2]);
        close("purity", n, m.purity, case.purity);
        close("inverse purity", n, m.inverse_purity, case.inverse_purity);
    }
}
