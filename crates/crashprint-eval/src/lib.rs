//! crashprint's grouping evaluation: how well fingerprints group crash
//! reports, measured against labelled ground truth.
//!
//! Two labelings of the same n items are compared: the **predicted** group
//! of each report (its fingerprint) and its **true** bug (the label). Both
//! are arbitrary strings. A [`Contingency`] table counts, for each
//! predicted group i and true bug j, the n_ij items carrying both; every
//! metric follows from it in O(non-empty cells), so millions of items cost
//! one pass with hash maps. Pair counts are exact integers (u128), ratios
//! f64.
//!
//! ```
//! use crashprint_eval::{metrics, Contingency};
//!
//! // Four reports of bug A and two of bug B. The fingerprint split A
//! // (line numbers moved) and put one A report together with B.
//! let m = metrics([
//!     ("g1", "A"), ("g1", "A"), ("g2", "A"),
//!     ("g3", "A"), ("g3", "B"), ("g3", "B"),
//! ]);
//! assert_eq!((m.predicted_groups, m.true_groups), (3, 2));
//! // pairs: same group 1 + 0 + 3 = 4, same bug 6 + 1 = 7, both 1 + 1 = 2
//! assert_eq!(m.pairwise.precision, 2.0 / 4.0);
//! assert_eq!(m.pairwise.recall, 2.0 / 7.0);
//! assert_eq!(m.split_true_groups, 1); // A
//! assert_eq!(m.mixed_predicted_groups, 1); // g3
//!
//! // The worst offenders, with what made their fingerprints.
//! let mut t = Contingency::new();
//! t.add_explained("g1", "A", Some("type: SIGSEGV; frame: parse_header"));
//! t.add_explained("g1", "B", Some("type: SIGSEGV; frame: parse_header"));
//! let o = t.offenders(5, 5);
//! assert_eq!(o.mixed_groups[0].parts.len(), 2);
//! ```
//!
//! # Metrics
//!
//! Notation: n items; predicted groups i with sizes a_i = Σ_j n_ij; true
//! bugs j with sizes b_j = Σ_i n_ij; C(k, 2) = k(k − 1)/2 unordered pairs.
//!
//! * **Pairwise** (over unordered pairs of distinct items):
//!   TP = Σ_ij C(n_ij, 2) pairs together in both labelings,
//!   P = Σ_i C(a_i, 2) pairs in the same predicted group,
//!   T = Σ_j C(b_j, 2) pairs of the same bug.
//!   precision = TP / P, recall = TP / T, F1 = 2PR / (P + R).
//!   When there is no pair to judge (P = 0, every report alone; or T = 0,
//!   every bug seen once) the ratio is 1: nothing was wrongly merged or
//!   wrongly split. F1 is 0 when P + R = 0.
//! * **B-cubed** (Bagga & Baldwin 1998; Amigó et al. 2009): per item e,
//!   precision(e) = |items in e's group with e's bug| / |e's group| and
//!   recall(e) = |items in e's group with e's bug| / |items of e's bug|,
//!   both counting e itself, averaged over items:
//!   precision = (1/n) Σ_ij n_ij² / a_i, recall = (1/n) Σ_ij n_ij² / b_j,
//!   F1 = 2PR / (P + R).
//! * **Adjusted Rand index** (Hubert & Arabie 1985), computed as
//!   scikit-learn's `adjusted_rand_score` does, from the pair confusion
//!   matrix: with N = C(n, 2), tp = TP, fp = P − TP, fn = T − TP,
//!   tn = N − P − T + TP,
//!   ARI = 2 (tp·tn − fn·fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn)),
//!   which equals (Σ C(n_ij,2) − P·T/N) / ((P + T)/2 − P·T/N). Special case
//!   as scikit-learn: when fp = fn = 0 (no pair disagrees: identical
//!   clusterings, including identical trivial ones such as all-in-one or
//!   all-singletons, a single item, no items) ARI = 1. 1 is perfect, 0 what
//!   chance gives, negative worse than chance (≥ −1).
//! * **Purity** = (1/n) Σ_i max_j n_ij: the share of items that belong to
//!   the majority bug of their group (low: over-grouping).
//!   **Inverse purity** = (1/n) Σ_j max_i n_ij: the share of items in the
//!   largest group of their bug (low: under-grouping).
//! * **Groups**: the number of distinct predicted groups vs true bugs.
//! * **Under-grouping** = |{j : bug j spans more than one predicted group}|
//!   / (number of bugs). **Over-grouping** = |{i : group i holds more than
//!   one bug}| / (number of groups). 0 when there are no bugs / groups.
//!
//! Swapping the two labelings swaps pairwise and B-cubed precision and
//! recall, purity and inverse purity, under- and over-grouping; the ARI and
//! the F1 scores are symmetric. With no items every ratio is 1 (shares 0).
//!
//! # Inputs
//!
//! * Labels ([`parse_labels`]): JSONL, `{"line": N, "bug": "..."}`, N the
//!   1-based line of the report in the reports file. Unlabelled report
//!   lines are left out of the evaluation.
//! * Results ([`parse_results`]): the NDJSON that `crashprint process`
//!   writes. A Bugsnag batch yields several records on one line: the first
//!   event (index 0) stands for the line. A rejected report (`ok: false`)
//!   is its own singleton group `rejected:<line>`, and is listed.
//!
//! [`evaluate`] joins them into a [`StrategyReport`] (metrics for all
//! platforms and for each `event.platform`, worst offenders, coverage),
//! serializable with serde, and [`render_table`] prints reports as a plain
//! table.

#![deny(missing_docs)]

mod hash;
mod input;
mod metrics;
mod offenders;
mod report;

pub use input::{parse_labels, parse_results, InputError, Labels, Outcome, ResultRecord, Results};
pub use metrics::{metrics, Contingency, Metrics, PairCounts, Prf};
pub use offenders::{Offender, Offenders, Part};
pub use report::{
    evaluate, render_table, Coverage, EvalOptions, PlatformReport, RejectedReport, StrategyReport,
    ALL_PLATFORMS, UNKNOWN_PLATFORM,
};
