//! The worst offenders: the biggest mixed groups and the most split bugs.

use serde::{Deserialize, Serialize};

use crate::metrics::{Cell, Contingency};

/// One group that mixes bugs, or one bug split across groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offender {
    /// The predicted group id (for a mixed group) or the true bug id (for a
    /// split bug).
    pub id: String,
    /// Items in it.
    pub items: u64,
    /// How many parts it has: bugs in the mixed group, groups of the split
    /// bug.
    pub parts_total: u64,
    /// The parts, biggest first (ties in order of first appearance), at most
    /// the requested number; their items add up to `items` only when none
    /// were left out.
    pub parts: Vec<Part>,
    /// The explanation of its first item (for a mixed group: what made the
    /// shared fingerprint), when the items had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// One part of an [`Offender`]: a bug of a mixed group, or a group of a split
/// bug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    /// The true bug id (parts of a mixed group) or the predicted group id
    /// (parts of a split bug).
    pub id: String,
    /// Items of the offender in this part.
    pub items: u64,
    /// The explanation of the first item of this part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// The worst offenders of a grouping.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offenders {
    /// Predicted groups mixing more than one bug, most items first (then
    /// most bugs, then first appearance): over-grouping.
    pub mixed_groups: Vec<Offender>,
    /// Bugs split across more than one predicted group, most groups first
    /// (then most items, then first appearance): under-grouping.
    pub split_bugs: Vec<Offender>,
}

impl Contingency {
    /// The `top` biggest mixed groups and the `top` most split bugs, each
    /// with at most `max_parts` parts. O(cells · log cells).
    ///
    /// ```
    /// use crashprint_eval::Contingency;
    ///
    /// let mut t = Contingency::new();
    /// t.add_explained("g1", "bug-a", Some("TypeError | render | chart.js"));
    /// t.add_explained("g1", "bug-b", Some("TypeError | render | chart.js"));
    /// t.add_explained("g2", "bug-b", Some("TypeError | draw | chart.js"));
    /// let o = t.offenders(10, 10);
    /// assert_eq!(o.mixed_groups[0].id, "g1");
    /// assert_eq!(o.split_bugs[0].id, "bug-b");
    /// assert_eq!(o.split_bugs[0].parts[1].explanation.as_deref(), Some("TypeError | draw | chart.js"));
    /// ```
    pub fn offenders(&self, top: usize, max_parts: usize) -> Offenders {
        Offenders {
            mixed_groups: worst(
                &self.cells,
                self.predicted.len(),
                |c| c.predicted,
                |c| c.truth,
                &self.predicted.names,
                &self.truth.names,
                Order::BySize,
                top,
                max_parts,
            ),
            split_bugs: worst(
                &self.cells,
                self.truth.len(),
                |c| c.truth,
                |c| c.predicted,
                &self.truth.names,
                &self.predicted.names,
                Order::ByParts,
                top,
                max_parts,
            ),
        }
    }
}

#[derive(Clone, Copy)]
enum Order {
    BySize,
    ByParts,
}

/// The worst `top` of the lines (rows or columns, chosen by `line_of`) that
/// have more than one cell.
#[allow(clippy::too_many_arguments)]
fn worst<'a>(
    cells: &'a [Cell],
    lines: usize,
    line_of: impl Fn(&Cell) -> u32,
    part_of: impl Fn(&Cell) -> u32,
    line_names: &[std::sync::Arc<str>],
    part_names: &[std::sync::Arc<str>],
    order: Order,
    top: usize,
    max_parts: usize,
) -> Vec<Offender> {
    // Per line: size, number of cells, first cell (= holds its first item).
    let mut size = vec![0u64; lines];
    let mut parts = vec![0u64; lines];
    let mut first: Vec<Option<usize>> = vec![None; lines];
    for (i, c) in cells.iter().enumerate() {
        let l = line_of(c) as usize;
        size[l] += c.count;
        parts[l] += 1;
        first[l].get_or_insert(i);
    }
    let mut candidates: Vec<usize> = (0..lines).filter(|&l| parts[l] > 1).collect();
    let key = |l: &usize| match order {
        Order::BySize => (
            std::cmp::Reverse(size[*l]),
            std::cmp::Reverse(parts[*l]),
            *l,
        ),
        Order::ByParts => (
            std::cmp::Reverse(parts[*l]),
            std::cmp::Reverse(size[*l]),
            *l,
        ),
    };
    if candidates.len() > top {
        if top == 0 {
            return Vec::new();
        }
        candidates.select_nth_unstable_by_key(top - 1, key);
        candidates.truncate(top);
    }
    candidates.sort_unstable_by_key(key);

    // Gather the cells of the chosen lines only.
    let mut slot = vec![usize::MAX; lines];
    for (k, &l) in candidates.iter().enumerate() {
        slot[l] = k;
    }
    let mut chosen: Vec<Vec<&'a Cell>> = vec![Vec::new(); candidates.len()];
    for c in cells {
        let k = slot[line_of(c) as usize];
        if k != usize::MAX {
            chosen[k].push(c);
        }
    }

    candidates
        .iter()
        .zip(chosen)
        .map(|(&l, mut line_cells)| {
            // Stable: ties keep first-appearance order.
            line_cells.sort_by_key(|c| std::cmp::Reverse(c.count));
            line_cells.truncate(max_parts);
            Offender {
                id: line_names[l].to_string(),
                items: size[l],
                parts_total: parts[l],
                parts: line_cells
                    .iter()
                    .map(|c| Part {
                        id: part_names[part_of(c) as usize].to_string(),
                        items: c.count,
                        explanation: c.explanation.as_deref().map(String::from),
                    })
                    .collect(),
                explanation: first[l]
                    .and_then(|i| cells[i].explanation.as_deref())
                    .map(String::from),
            }
        })
        .collect()
}
