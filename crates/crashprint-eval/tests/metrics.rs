//! Hand-checkable cases and invariants of the metrics.

use crashprint_eval::{metrics, Contingency, Metrics};
use proptest::prelude::*;

const EPS: f64 = 1e-12;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= EPS
}

#[track_caller]
fn assert_close(what: &str, ours: f64, expected: f64) {
    assert!(
        close(ours, expected),
        "{what}: got {ours}, expected {expected}"
    );
}

/// Every ratio is 1, nothing split or mixed.
#[track_caller]
fn assert_perfect(m: &Metrics) {
    for (what, x) in [
        ("pairwise precision", m.pairwise.precision),
        ("pairwise recall", m.pairwise.recall),
        ("pairwise F1", m.pairwise.f1),
        ("B-cubed precision", m.bcubed.precision),
        ("B-cubed recall", m.bcubed.recall),
        ("B-cubed F1", m.bcubed.f1),
        ("ARI", m.adjusted_rand_index),
        ("purity", m.purity),
        ("inverse purity", m.inverse_purity),
    ] {
        assert_eq!(x, 1.0, "{what}");
    }
    assert_eq!(m.predicted_groups, m.true_groups);
    assert_eq!((m.split_true_groups, m.mixed_predicted_groups), (0, 0));
    assert_eq!((m.under_grouping, m.over_grouping), (0.0, 0.0));
}

#[test]
fn perfect_clustering() {
    // Group ids differ from bug ids: only the partition matters.
    let m = metrics([
        ("fp1", "A"),
        ("fp2", "B"),
        ("fp1", "A"),
        ("fp3", "C"),
        ("fp2", "B"),
        ("fp1", "A"),
    ]);
    assert_perfect(&m);
    assert_eq!(m.items, 6);
    assert_eq!(m.predicted_groups, 3);
    // pairs: A 3, B 1, C 0 = 4 of C(6,2) = 15
    assert_eq!(m.pairs.same_both, 4);
    assert_eq!(m.pairs.total, 15);
}

#[test]
fn all_in_one() {
    // truth A A B B C, one predicted group.
    let m = metrics([("x", "A"), ("x", "A"), ("x", "B"), ("x", "B"), ("x", "C")]);
    // P = C(5,2) = 10 pairs grouped, T = 1 + 1 = 2 true pairs, TP = 2.
    assert_close("pairwise P", m.pairwise.precision, 0.2);
    assert_close("pairwise R", m.pairwise.recall, 1.0);
    assert_close("pairwise F1", m.pairwise.f1, 1.0 / 3.0); // 2·0.2/1.2
                                                           // B-cubed P = (2²/5 + 2²/5 + 1²/5) / 5 = 9/25; R = 1.
    assert_close("B3 P", m.bcubed.precision, 9.0 / 25.0);
    assert_close("B3 R", m.bcubed.recall, 1.0);
    assert_close("B3 F1", m.bcubed.f1, 2.0 * 0.36 / 1.36);
    // tp = 2, fp = 8, fn = 0, tn = 0: 2(2·0 − 0·8) / … = 0.
    assert_close("ARI", m.adjusted_rand_index, 0.0);
    assert_close("purity", m.purity, 2.0 / 5.0);
    assert_close("inverse purity", m.inverse_purity, 1.0);
    assert_eq!((m.predicted_groups, m.true_groups), (1, 3));
    assert_eq!((m.split_true_groups, m.mixed_predicted_groups), (0, 1));
    assert_close("over", m.over_grouping, 1.0);
    assert_close("under", m.under_grouping, 0.0);
}

#[test]
fn all_singletons() {
    // truth A A B B C, every report its own group.
    let m = metrics([("1", "A"), ("2", "A"), ("3", "B"), ("4", "B"), ("5", "C")]);
    // No grouped pair: precision 1 by convention (nothing wrongly merged).
    assert_close("pairwise P", m.pairwise.precision, 1.0);
    assert_close("pairwise R", m.pairwise.recall, 0.0);
    assert_close("pairwise F1", m.pairwise.f1, 0.0);
    // B-cubed R = (1/2 + 1/2 + 1/2 + 1/2 + 1/1) / 5 = 3/5.
    assert_close("B3 P", m.bcubed.precision, 1.0);
    assert_close("B3 R", m.bcubed.recall, 0.6);
    assert_close("B3 F1", m.bcubed.f1, 2.0 * 0.6 / 1.6);
    // tp = 0, fp = 0, fn = 2, tn = 8: numerator 0.
    assert_close("ARI", m.adjusted_rand_index, 0.0);
    assert_close("purity", m.purity, 1.0);
    assert_close("inverse purity", m.inverse_purity, 3.0 / 5.0);
    assert_eq!((m.predicted_groups, m.true_groups), (5, 3));
    assert_eq!((m.split_true_groups, m.mixed_predicted_groups), (2, 0));
    assert_close("under", m.under_grouping, 2.0 / 3.0);
}

#[test]
fn known_mixed_case() {
    //        A  B  C | a_i
    //   g1   2  1  . | 3
    //   g2   .  3  . | 3
    //   g3   1  .  2 | 3
    //   b_j  3  4  2 | n = 9
    let m = metrics([
        ("g1", "A"),
        ("g1", "A"),
        ("g1", "B"),
        ("g2", "B"),
        ("g2", "B"),
        ("g3", "C"),
        ("g3", "C"),
        ("g3", "A"),
        ("g2", "B"),
    ]);
    // TP = C(2,2) + C(3,2) + C(2,2) = 1 + 3 + 1 = 5; P = 3·C(3,2) = 9;
    // T = C(3,2) + C(4,2) + C(2,2) = 3 + 6 + 1 = 10; N = C(9,2) = 36.
    assert_eq!(m.pairs.same_both, 5);
    assert_eq!(m.pairs.same_predicted, 9);
    assert_eq!(m.pairs.same_true, 10);
    assert_eq!(m.pairs.total, 36);
    assert_close("pairwise P", m.pairwise.precision, 5.0 / 9.0);
    assert_close("pairwise R", m.pairwise.recall, 0.5);
    // F1 = 2·(5/9)(1/2) / (5/9 + 1/2) = (5/9) / (19/18) = 10/19.
    assert_close("pairwise F1", m.pairwise.f1, 10.0 / 19.0);
    // B-cubed P = (4/3 + 1/3 + 9/3 + 4/3 + 1/3) / 9 = (19/3) / 9 = 19/27.
    assert_close("B3 P", m.bcubed.precision, 19.0 / 27.0);
    // B-cubed R = (4/3 + 1/4 + 9/4 + 4/2 + 1/3) / 9 = (37/6) / 9 = 37/54.
    assert_close("B3 R", m.bcubed.recall, 37.0 / 54.0);
    // F1 = 2·(19/27)(37/54) / (19/27 + 37/54) = 1406/2025.
    assert_close("B3 F1", m.bcubed.f1, 1406.0 / 2025.0);
    // tp = 5, fp = 4, fn = 5, tn = 36 − 9 − 10 + 5 = 22:
    // 2(5·22 − 5·4) / (10·27 + 9·26) = 180/504 = 5/14
    // (= (5 − 9·10/36) / ((9 + 10)/2 − 9·10/36) = 2.5/7).
    assert_close("ARI", m.adjusted_rand_index, 5.0 / 14.0);
    // purity = (2 + 3 + 2)/9; inverse purity = (2 + 3 + 2)/9.
    assert_close("purity", m.purity, 7.0 / 9.0);
    assert_close("inverse purity", m.inverse_purity, 7.0 / 9.0);
    // A and B are split, C is not; g1 and g3 mix bugs, g2 does not.
    assert_eq!((m.predicted_groups, m.true_groups), (3, 3));
    assert_eq!((m.split_true_groups, m.mixed_predicted_groups), (2, 2));
    assert_close("under", m.under_grouping, 2.0 / 3.0);
    assert_close("over", m.over_grouping, 2.0 / 3.0);
}

#[test]
fn degenerate_inputs() {
    let empty: [(&str, &str); 0] = [];
    let m = metrics(empty);
    assert_perfect(&m);
    assert_eq!((m.items, m.predicted_groups, m.true_groups), (0, 0, 0));
    assert_perfect(&metrics([("g", "a")]));
    // Identical trivial clusterings: ARI 1 as scikit-learn says.
    assert_perfect(&metrics((0..10).map(|_| ("g", "a"))));
    assert_perfect(&metrics(
        (0..10).map(|i| (format!("g{i}"), format!("a{i}"))),
    ));
    // All-in-one against all-singletons: ARI 0.
    let m = metrics((0..10).map(|i| ("g".to_string(), format!("a{i}"))));
    assert_eq!(m.adjusted_rand_index, 0.0);
}

#[test]
fn pair_counts_do_not_overflow() {
    // 100,000 items in one group: C(n,2) ≈ 5·10^9 > u32::MAX.
    let mut t = Contingency::new();
    for i in 0..100_000u32 {
        t.add("one", if i % 2 == 0 { "even" } else { "odd" });
    }
    let m = t.metrics();
    assert_eq!(m.pairs.total, 100_000 * 99_999 / 2);
    assert_eq!(m.pairs.same_true, 2 * (50_000 * 49_999 / 2));
    assert_close("pairwise P", m.pairwise.precision, 49_999.0 / 99_999.0);
    assert!(m.adjusted_rand_index.abs() < 1e-9);
}

#[test]
fn transposed_swaps_roles() {
    let t = Contingency::from_pairs([("g1", "A"), ("g1", "B"), ("g2", "B")]);
    let (m, s) = (t.metrics(), t.transposed().metrics());
    assert_eq!(m.bcubed.precision, s.bcubed.recall);
    assert_eq!(
        (m.predicted_groups, m.true_groups),
        (s.true_groups, s.predicted_groups)
    );
}

/// The definitions, item by item and pair by pair (O(n²)).
fn brute_force(items: &[(u8, u8)]) -> (f64, f64, f64, f64) {
    let n = items.len();
    let (mut p, mut t, mut both) = (0u64, 0u64, 0u64);
    for i in 0..n {
        for j in i + 1..n {
            let sp = items[i].0 == items[j].0;
            let st = items[i].1 == items[j].1;
            p += u64::from(sp);
            t += u64::from(st);
            both += u64::from(sp && st);
        }
    }
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let (mut bp, mut br) = (0.0, 0.0);
    for e in items {
        let group = items.iter().filter(|x| x.0 == e.0).count() as f64;
        let bug = items.iter().filter(|x| x.1 == e.1).count() as f64;
        let same = items.iter().filter(|x| x == &e).count() as f64;
        bp += same / group;
        br += same / bug;
    }
    if n > 0 {
        bp /= n as f64;
        br /= n as f64;
    } else {
        (bp, br) = (1.0, 1.0);
    }
    (ratio(both, p), ratio(both, t), bp, br)
}

fn labelings() -> impl Strategy<Value = Vec<(u8, u8)>> {
    (1u8..12, 1u8..12)
        .prop_flat_map(|(groups, bugs)| proptest::collection::vec((0..groups, 0..bugs), 0..80))
}

fn to_metrics(items: &[(u8, u8)]) -> Metrics {
    metrics(
        items
            .iter()
            .map(|&(p, t)| (format!("g{p}"), format!("b{t}"))),
    )
}

proptest! {
    #[test]
    fn metrics_are_in_range(items in labelings()) {
        let m = to_metrics(&items);
        for x in [
            m.pairwise.precision, m.pairwise.recall, m.pairwise.f1,
            m.bcubed.precision, m.bcubed.recall, m.bcubed.f1,
            m.purity, m.inverse_purity, m.under_grouping, m.over_grouping,
        ] {
            prop_assert!((0.0..=1.0 + EPS).contains(&x), "{x} out of [0, 1]: {m:?}");
        }
        prop_assert!((-1.0..=1.0 + EPS).contains(&m.adjusted_rand_index), "{m:?}");
        prop_assert_eq!(m.items, items.len() as u64);
        prop_assert!(m.split_true_groups <= m.true_groups);
        prop_assert!(m.mixed_predicted_groups <= m.predicted_groups);
    }

    #[test]
    fn perfect_grouping_scores_one(truth in proptest::collection::vec(0u8..20, 0..80)) {
        // Any renaming of the true labels is a perfect grouping.
        let m = metrics(truth.iter().map(|t| (format!("fp-{}", t.wrapping_mul(7)), t.to_string())));
        assert_perfect(&m);
    }

    #[test]
    fn swapping_swaps_precision_and_recall(items in labelings()) {
        let m = to_metrics(&items);
        let s = metrics(items.iter().map(|&(p, t)| (format!("b{t}"), format!("g{p}"))));
        prop_assert!(close(m.pairwise.precision, s.pairwise.recall));
        prop_assert!(close(m.pairwise.recall, s.pairwise.precision));
        prop_assert!(close(m.pairwise.f1, s.pairwise.f1));
        prop_assert!(close(m.bcubed.precision, s.bcubed.recall));
        prop_assert!(close(m.bcubed.recall, s.bcubed.precision));
        prop_assert!(close(m.bcubed.f1, s.bcubed.f1));
        prop_assert!(close(m.purity, s.inverse_purity));
        prop_assert!(close(m.inverse_purity, s.purity));
        prop_assert!(close(m.adjusted_rand_index, s.adjusted_rand_index));
        prop_assert_eq!(m.split_true_groups, s.mixed_predicted_groups);
        prop_assert_eq!(m.mixed_predicted_groups, s.split_true_groups);
        prop_assert_eq!(m.predicted_groups, s.true_groups);
    }

    #[test]
    fn matches_the_definitions(items in labelings()) {
        let m = to_metrics(&items);
        let (pp, pr, bp, br) = brute_force(&items);
        prop_assert!(close(m.pairwise.precision, pp), "{} vs {pp}", m.pairwise.precision);
        prop_assert!(close(m.pairwise.recall, pr));
        prop_assert!(close(m.bcubed.precision, bp), "{} vs {bp}", m.bcubed.precision);
        prop_assert!(close(m.bcubed.recall, br));
    }

    #[test]
    fn item_order_does_not_matter(items in labelings(), seed in any::<u64>()) {
        let mut shuffled = items.clone();
        // A deterministic Fisher–Yates from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let (a, b) = (to_metrics(&items), to_metrics(&shuffled));
        prop_assert_eq!(a.pairs, b.pairs);
        prop_assert!(close(a.bcubed.f1, b.bcubed.f1));
        prop_assert!(close(a.adjusted_rand_index, b.adjusted_rand_index));
    }
}
