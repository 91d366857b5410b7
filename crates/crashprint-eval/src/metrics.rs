//! The contingency table of two labelings and the metrics computed from it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::hash::FastMap;

/// Interns label strings into dense ids, in order of first appearance.
#[derive(Debug, Default, Clone)]
pub(crate) struct Interner {
    ids: FastMap<Arc<str>, u32>,
    pub(crate) names: Vec<Arc<str>>,
}

impl Interner {
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).expect("fewer than 2^32 distinct labels");
        let name: Arc<str> = Arc::from(name);
        self.ids.insert(Arc::clone(&name), id);
        self.names.push(name);
        id
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}

/// One non-empty cell of the contingency table: the items that carry
/// predicted label `predicted` and true label `truth`.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub(crate) predicted: u32,
    pub(crate) truth: u32,
    pub(crate) count: u64,
    /// The explanation of the first item that fell into this cell.
    pub(crate) explanation: Option<Box<str>>,
}

/// The contingency table of a predicted and a true labeling of the same
/// items: how many items carry each (predicted group, true bug) pair.
///
/// Built incrementally in O(1) expected time per item (hash maps keyed by
/// interned labels); only the non-empty cells are stored, so memory is
/// O(distinct labels + non-empty cells) whatever the number of items. Every
/// metric is then computed in O(cells) by [`Contingency::metrics`].
///
/// Cells, groups and bugs are kept in order of first appearance, so results
/// (offender tie-breaks, representative explanations) are deterministic.
#[derive(Debug, Default, Clone)]
pub struct Contingency {
    pub(crate) predicted: Interner,
    pub(crate) truth: Interner,
    cell_ids: FastMap<(u32, u32), u32>,
    pub(crate) cells: Vec<Cell>,
    items: u64,
}

impl Contingency {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// A table of `(predicted, truth)` pairs, one per item.
    pub fn from_pairs<P, T>(pairs: impl IntoIterator<Item = (P, T)>) -> Self
    where
        P: AsRef<str>,
        T: AsRef<str>,
    {
        let mut table = Self::new();
        for (p, t) in pairs {
            table.add(p.as_ref(), t.as_ref());
        }
        table
    }

    /// Adds one item labelled `predicted` by the grouping under test and
    /// `truth` by the ground truth.
    pub fn add(&mut self, predicted: &str, truth: &str) {
        self.add_explained(predicted, truth, None);
    }

    /// Adds one item with an explanation of its predicted label (for
    /// example the frames that made its fingerprint). The first explanation
    /// seen for each (predicted, truth) cell is kept and shown by
    /// [`Contingency::offenders`].
    pub fn add_explained(&mut self, predicted: &str, truth: &str, explanation: Option<&str>) {
        let p = self.predicted.intern(predicted);
        let t = self.truth.intern(truth);
        self.items += 1;
        let next = u32::try_from(self.cells.len()).expect("fewer than 2^32 non-empty cells");
        let id = *self.cell_ids.entry((p, t)).or_insert(next);
        if id == next {
            self.cells.push(Cell {
                predicted: p,
                truth: t,
                count: 1,
                explanation: explanation.map(Box::from),
            });
        } else {
            let cell = &mut self.cells[id as usize];
            cell.count += 1;
            if cell.explanation.is_none() {
                cell.explanation = explanation.map(Box::from);
            }
        }
    }

    /// The number of items added.
    pub fn items(&self) -> u64 {
        self.items
    }

    /// The number of distinct predicted labels (groups).
    pub fn predicted_groups(&self) -> usize {
        self.predicted.len()
    }

    /// The number of distinct true labels (bugs).
    pub fn true_groups(&self) -> usize {
        self.truth.len()
    }

    /// The same table with predicted and true labels swapped.
    pub fn transposed(&self) -> Self {
        let mut cell_ids = FastMap::default();
        cell_ids.reserve(self.cell_ids.len());
        for (&(p, t), &id) in &self.cell_ids {
            cell_ids.insert((t, p), id);
        }
        Self {
            predicted: self.truth.clone(),
            truth: self.predicted.clone(),
            cell_ids,
            cells: self
                .cells
                .iter()
                .map(|c| Cell {
                    predicted: c.truth,
                    truth: c.predicted,
                    count: c.count,
                    explanation: c.explanation.clone(),
                })
                .collect(),
            items: self.items,
        }
    }

    /// Row (predicted group) and column (true bug) marginals: sizes, number
    /// of non-empty cells, largest cell.
    pub(crate) fn marginals(&self) -> (Vec<Marginal>, Vec<Marginal>) {
        let mut rows = vec![Marginal::default(); self.predicted.len()];
        let mut cols = vec![Marginal::default(); self.truth.len()];
        for cell in &self.cells {
            rows[cell.predicted as usize].add(cell.count);
            cols[cell.truth as usize].add(cell.count);
        }
        (rows, cols)
    }

    /// Every metric of the table; see the crate documentation for the
    /// formulas.
    pub fn metrics(&self) -> Metrics {
        let (rows, cols) = self.marginals();
        let n = self.items;

        // Pair counts (unordered pairs of distinct items), exact in u128.
        let tp: u128 = self.cells.iter().map(|c| pairs(c.count)).sum();
        let pred_pairs: u128 = rows.iter().map(|m| pairs(m.size)).sum();
        let true_pairs: u128 = cols.iter().map(|m| pairs(m.size)).sum();
        let total = pairs(n);

        let pairwise = Prf::new(ratio_or_one(tp, pred_pairs), ratio_or_one(tp, true_pairs));

        // B-cubed: per-item precision |C(i) ∩ L(i)| / |C(i)| averaged over
        // items; the n_ij items of cell (i, j) all score n_ij / a_i.
        let bcubed = if n == 0 {
            Prf::new(1.0, 1.0)
        } else {
            let (mut p, mut r) = (0.0f64, 0.0f64);
            for c in &self.cells {
                let sq = c.count as f64 * c.count as f64;
                p += sq / rows[c.predicted as usize].size as f64;
                r += sq / cols[c.truth as usize].size as f64;
            }
            Prf::new(p / n as f64, r / n as f64)
        };

        let ari = adjusted_rand_index(tp, pred_pairs, true_pairs, total);

        let (purity, inverse_purity) = if n == 0 {
            (1.0, 1.0)
        } else {
            let p: u64 = rows.iter().map(|m| m.largest).sum();
            let ip: u64 = cols.iter().map(|m| m.largest).sum();
            (p as f64 / n as f64, ip as f64 / n as f64)
        };

        let split = cols.iter().filter(|m| m.cells > 1).count() as u64;
        let mixed = rows.iter().filter(|m| m.cells > 1).count() as u64;
        let predicted_groups = rows.len() as u64;
        let true_groups = cols.len() as u64;

        Metrics {
            items: n,
            predicted_groups,
            true_groups,
            pairwise,
            bcubed,
            adjusted_rand_index: ari,
            purity,
            inverse_purity,
            split_true_groups: split,
            under_grouping: share(split, true_groups),
            mixed_predicted_groups: mixed,
            over_grouping: share(mixed, predicted_groups),
            pairs: PairCounts {
                same_both: saturate(tp),
                same_predicted: saturate(pred_pairs),
                same_true: saturate(true_pairs),
                total: saturate(total),
            },
        }
    }
}

/// The size, number of non-empty cells and largest cell of one row or column.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Marginal {
    pub(crate) size: u64,
    pub(crate) cells: u64,
    pub(crate) largest: u64,
}

impl Marginal {
    fn add(&mut self, count: u64) {
        self.size += count;
        self.cells += 1;
        self.largest = self.largest.max(count);
    }
}

/// n choose 2, exact.
fn pairs(n: u64) -> u128 {
    let n = u128::from(n);
    n * n.saturating_sub(1) / 2
}

fn saturate(x: u128) -> u64 {
    u64::try_from(x).unwrap_or(u64::MAX)
}

/// `num / den`, or 1 when there is nothing to get wrong (`den == 0`).
fn ratio_or_one(num: u128, den: u128) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

/// `part / whole`, or 0 when `whole == 0`.
fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The adjusted Rand index from pair counts, as scikit-learn computes it
/// (`adjusted_rand_score`, from the pair confusion matrix): 1 when no pair
/// disagrees (this covers empty input, a single item, and identical
/// clusterings including the trivial all-in-one and all-singletons ones),
/// else `2 (tp·tn − fn·fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn))`.
fn adjusted_rand_index(tp: u128, pred_pairs: u128, true_pairs: u128, total: u128) -> f64 {
    let fp = pred_pairs - tp;
    let fn_ = true_pairs - tp;
    let tn = total + tp - pred_pairs - true_pairs;
    if fp == 0 && fn_ == 0 {
        return 1.0;
    }
    // Exact integers while they fit (n up to about 10^9 items), f64 beyond.
    let exact = (|| {
        let pos = tp.checked_mul(tn)?;
        let neg = fn_.checked_mul(fp)?;
        let a = true_pairs.checked_mul(total - pred_pairs)?;
        let b = pred_pairs.checked_mul(total - true_pairs)?;
        let den = a.checked_add(b)?;
        let num = if pos >= neg {
            (pos - neg) as f64
        } else {
            -((neg - pos) as f64)
        };
        Some((num, den as f64))
    })();
    let (num, den) = exact.unwrap_or_else(|| {
        let f = |x: u128| x as f64;
        (
            f(tp) * f(tn) - f(fn_) * f(fp),
            f(true_pairs) * f(total - pred_pairs) + f(pred_pairs) * f(total - true_pairs),
        )
    });
    if den == 0.0 {
        // Unreachable: a zero denominator implies fp == fn == 0.
        return 1.0;
    }
    2.0 * num / den
}

/// Precision, recall and their harmonic mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1 = 2PR / (P + R), 0 when P + R = 0.
    pub f1: f64,
}

impl Prf {
    /// Precision and recall with their F1.
    pub fn new(precision: f64, recall: f64) -> Self {
        let sum = precision + recall;
        let f1 = if sum > 0.0 {
            2.0 * precision * recall / sum
        } else {
            0.0
        };
        Self {
            precision,
            recall,
            f1,
        }
    }
}

/// Counts of unordered pairs of distinct items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairCounts {
    /// Pairs in the same predicted group and the same true bug (Σ C(n_ij, 2)).
    pub same_both: u64,
    /// Pairs in the same predicted group (Σ C(a_i, 2)).
    pub same_predicted: u64,
    /// Pairs with the same true bug (Σ C(b_j, 2)).
    pub same_true: u64,
    /// All pairs (C(n, 2)).
    pub total: u64,
}

/// Grouping-quality metrics of a predicted labeling against the truth. See
/// the crate documentation for the formulas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    /// Items (n).
    pub items: u64,
    /// Distinct predicted groups.
    pub predicted_groups: u64,
    /// Distinct true bugs.
    pub true_groups: u64,
    /// Pairwise precision, recall, F1.
    pub pairwise: Prf,
    /// B-cubed precision, recall, F1 (Bagga & Baldwin).
    pub bcubed: Prf,
    /// Adjusted Rand index (Hubert & Arabie), in [-1, 1].
    pub adjusted_rand_index: f64,
    /// Purity.
    pub purity: f64,
    /// Inverse purity.
    pub inverse_purity: f64,
    /// True bugs split across more than one predicted group.
    pub split_true_groups: u64,
    /// `split_true_groups / true_groups` (under-grouping).
    pub under_grouping: f64,
    /// Predicted groups that mix more than one true bug.
    pub mixed_predicted_groups: u64,
    /// `mixed_predicted_groups / predicted_groups` (over-grouping).
    pub over_grouping: f64,
    /// The pair counts behind the pairwise metrics and the ARI.
    pub pairs: PairCounts,
}

/// The metrics of `(predicted, truth)` pairs, one per item; shorthand for
/// [`Contingency::from_pairs`] then [`Contingency::metrics`].
///
/// ```
/// let m = crashprint_eval::metrics([("g1", "a"), ("g1", "a"), ("g2", "b")]);
/// assert_eq!(m.bcubed.f1, 1.0);
/// assert_eq!(m.adjusted_rand_index, 1.0);
/// ```
pub fn metrics<P, T>(pairs: impl IntoIterator<Item = (P, T)>) -> Metrics
where
    P: AsRef<str>,
    T: AsRef<str>,
{
    Contingency::from_pairs(pairs).metrics()
}
