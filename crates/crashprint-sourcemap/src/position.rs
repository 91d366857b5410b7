//! Positions in a generated or original file ([`Position`], 1-based versus
//! 0-based made explicit), the [`Bias`] of a lookup between two mappings,
//! and the block index that narrows a binary search over a sorted run
//! ([`BLOCK`], [`narrow`]), shared by the map, the scopes and the function
//! maps.

/// A line and column. Stack traces print both 1-based; the source map
/// format counts both from 0. The constructors say which one a number is,
/// so that an off-by-one cannot slip through silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub(crate) line0: u32,
    pub(crate) column0: u32,
}

impl Position {
    /// From a 1-based line and column, as a browser stack trace prints them;
    /// `None` for a 0.
    pub fn one_based(line: u32, column: u32) -> Option<Position> {
        Some(Position {
            line0: line.checked_sub(1)?,
            column0: column.checked_sub(1)?,
        })
    }

    /// From a 0-based line and column, as the source map format and
    /// Mozilla's `source-map` columns count.
    pub const fn zero_based(line: u32, column: u32) -> Position {
        Position {
            line0: line,
            column0: column,
        }
    }

    /// The 1-based line (saturating at `u32::MAX`).
    pub fn line(&self) -> u32 {
        self.line0.saturating_add(1)
    }

    /// The 1-based column (saturating at `u32::MAX`).
    pub fn column(&self) -> u32 {
        self.column0.saturating_add(1)
    }

    /// The 0-based line.
    pub fn line0(&self) -> u32 {
        self.line0
    }

    /// The 0-based column.
    pub fn column0(&self) -> u32 {
        self.column0
    }

    pub(crate) fn key(&self) -> u64 {
        (u64::from(self.line0) << 32) | u64::from(self.column0)
    }
}

/// Which mapping a position between two mappings resolves to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Bias {
    /// The closest mapping at or before the column, on the same line (what
    /// browsers and `source-map`'s default do).
    #[default]
    GreatestLowerBound,
    /// The closest mapping at or after the column, on the same line.
    LeastUpperBound,
}

/// "None" for a source, name or scope index.
pub(crate) const NONE: u32 = u32::MAX;

/// Columns per entry of the block index.
pub(crate) const BLOCK: usize = 64;

/// Narrows `[start, end)` of a sorted run to the block where `before`
/// (true for a prefix of the run) turns false, through `blocks` (every
/// `BLOCK`th value of the whole array). Short runs are returned as is.
#[inline]
pub(crate) fn narrow<T: Copy>(
    blocks: &[T],
    start: usize,
    end: usize,
    before: impl Fn(T) -> bool,
) -> (usize, usize) {
    if end - start <= 2 * BLOCK {
        return (start, end);
    }
    // Blocks that start inside the run.
    let first = start.div_ceil(BLOCK);
    let last = (end - 1) / BLOCK;
    let Some(inside) = blocks.get(first..=last) else {
        return (start, end);
    };
    let k = inside.partition_point(|&v| before(v));
    let lo = if k == 0 {
        start
    } else {
        (first + k - 1) * BLOCK
    };
    let hi = if k < inside.len() {
        (first + k) * BLOCK
    } else {
        end
    };
    (lo, hi.max(lo).min(end))
}
