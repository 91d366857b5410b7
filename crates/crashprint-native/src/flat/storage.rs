//! How the flat table stores its frames: [`Frame`] with its flag bits,
//! packed into 64-bit words where the fields fit ([`FrameStore`]), in
//! memory backed by huge pages where the kernel gives them ([`Words`]).

/// One frame of the flat table: a function name, a file and a position,
/// with two flags in the top bits of `file`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame {
    pub(super) name: u32,
    /// The file id in the low bits (`FILE_MASK`: none), and `LAST` and
    /// `SYMBOL_TABLE`.
    pub(super) file: u32,
    /// 0: none.
    pub(super) line: u32,
    /// 0: none.
    pub(super) column: u32,
}

/// The outermost frame of its chain (the others are inlined into the next).
pub(super) const LAST: u32 = 1 << 31;
/// Named by the symbol table alone.
pub(super) const SYMBOL_TABLE: u32 = 1 << 30;
pub(super) const FILE_MASK: u32 = SYMBOL_TABLE - 1;

/// The frames: eight bytes each where their fields fit (they nearly always
/// do), else as they are: the table is a third smaller, and a chain is
/// nearly always in one cache line.
#[derive(Debug)]
pub(super) enum FrameStore {
    Packed {
        /// One a frame. Bit 0: `LAST`; bit 1: `SYMBOL_TABLE`; then name,
        /// file, line and column at `shifts`, `masks` wide.
        words: Words,
        shifts: [u32; 4],
        masks: [u64; 4],
    },
    Plain(Box<[Frame]>),
}

impl Default for FrameStore {
    fn default() -> FrameStore {
        FrameStore::Plain(Box::default())
    }
}

impl FrameStore {
    /// `names` and `files`: the sizes of the tables frames index (a frame
    /// without a name or file gets the index past them).
    pub(super) fn new(frames: Vec<Frame>, names: usize, files: usize) -> FrameStore {
        let bits = |max: u64| 64 - max.leading_zeros();
        let fields = |f: &Frame| {
            [
                u64::from(f.name).min(names as u64),
                u64::from(f.file & FILE_MASK).min(files as u64),
                u64::from(f.line),
                u64::from(f.column),
            ]
        };
        let mut widths = [bits(names as u64), bits(files as u64), 0, 0];
        for f in &frames {
            let [_, _, line, column] = fields(f);
            widths[2] = widths[2].max(bits(line));
            widths[3] = widths[3].max(bits(column));
        }
        if widths.iter().sum::<u32>() + 2 > 64 {
            return FrameStore::Plain(frames.into_boxed_slice());
        }
        let mut shifts = [0; 4];
        let mut masks = [0; 4];
        let mut at = 2;
        for k in 0..4 {
            shifts[k] = at;
            masks[k] = (1 << widths[k]) - 1;
            at += widths[k];
        }
        let words = Words::new(
            frames.iter().map(|f| {
                let flags =
                    u64::from(f.file & LAST != 0) | u64::from(f.file & SYMBOL_TABLE != 0) << 1;
                fields(f)
                    .into_iter()
                    .zip(shifts)
                    .fold(flags, |word, (value, shift)| word | value << shift)
            }),
            frames.len(),
        );
        FrameStore::Packed {
            words,
            shifts,
            masks,
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            FrameStore::Packed { words, .. } => words.len,
            FrameStore::Plain(frames) => frames.len(),
        }
    }

    pub(super) fn bytes(&self) -> usize {
        match self {
            FrameStore::Packed { words, .. } => words.bytes(),
            FrameStore::Plain(frames) => std::mem::size_of_val(&**frames),
        }
    }

    pub(super) fn get(&self, i: usize) -> Option<Frame> {
        match self {
            FrameStore::Packed {
                words,
                shifts,
                masks,
            } => {
                let word = words.get(i)?;
                let field = |k: usize| ((word >> shifts[k]) & masks[k]) as u32;
                let mut file = field(1);
                if word & 1 != 0 {
                    file |= LAST;
                }
                if word & 2 != 0 {
                    file |= SYMBOL_TABLE;
                }
                Some(Frame {
                    name: field(0),
                    file,
                    line: field(2),
                    column: field(3),
                })
            }
            FrameStore::Plain(frames) => frames.get(i).copied(),
        }
    }
}

/// 64-bit words in an anonymous mapping the kernel is asked to back with
/// huge pages (on Linux; else on the heap). Lookups read frames at random places in
/// megabytes of them: with 4 KiB pages nearly every read also misses the
/// TLB, and the page walk (two-dimensional under a hypervisor) adds to the
/// cache miss.
#[derive(Debug)]
pub(super) struct Words {
    storage: Storage,
    /// Byte offset of word 0 (a huge-page boundary in a mapping).
    start: usize,
    len: usize,
}

#[derive(Debug)]
enum Storage {
    Mapped(memmap2::MmapMut),
    Heap(Box<[u8]>),
}

const HUGE_PAGE: usize = 2 << 20;

impl Words {
    fn new(words: impl Iterator<Item = u64>, len: usize) -> Words {
        let size = len * 8;
        let fill = |bytes: &mut [u8]| {
            for (chunk, word) in bytes.chunks_exact_mut(8).zip(words) {
                chunk.copy_from_slice(&word.to_ne_bytes());
            }
        };
        // Transparent huge pages are Linux's.
        let mapped = (cfg!(target_os = "linux") && size >= HUGE_PAGE)
            .then(|| memmap2::MmapMut::map_anon(size + HUGE_PAGE).ok())
            .flatten();
        match mapped {
            Some(mut map) => {
                #[cfg(target_os = "linux")]
                let _ = map.advise(memmap2::Advice::HugePage);
                let start = (HUGE_PAGE - map.as_ptr() as usize % HUGE_PAGE) % HUGE_PAGE;
                fill(&mut map[start..start + size]);
                Words {
                    storage: Storage::Mapped(map),
                    start,
                    len,
                }
            }
            None => {
                let mut bytes = vec![0; size].into_boxed_slice();
                fill(&mut bytes);
                Words {
                    storage: Storage::Heap(bytes),
                    start: 0,
                    len,
                }
            }
        }
    }

    fn bytes(&self) -> usize {
        self.len * 8
    }

    fn get(&self, i: usize) -> Option<u64> {
        let bytes = match &self.storage {
            Storage::Mapped(m) => &m[..],
            Storage::Heap(b) => &b[..],
        };
        if i >= self.len {
            return None;
        }
        let at = self.start + i * 8;
        Some(u64::from_ne_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(name: u32, file: u32, line: u32, column: u32) -> Frame {
        Frame {
            name,
            file,
            line,
            column,
        }
    }

    #[test]
    fn frames_pack_when_their_fields_fit() {
        let frames = vec![
            frame(0, 0, 10, 0),
            frame(2, FILE_MASK | LAST, 70_000, 300),
            frame(1, 1 | SYMBOL_TABLE | LAST, 0, 1),
        ];
        let store = FrameStore::new(frames.clone(), 3, 2);
        assert!(matches!(store, FrameStore::Packed { .. }));
        assert_eq!(store.len(), 3);
        assert_eq!(store.bytes(), 24);
        for (k, want) in frames.iter().enumerate() {
            let got = store.get(k).expect("a frame");
            assert_eq!(got.name, want.name);
            // No file: the index past the files.
            let file = match want.file & FILE_MASK {
                FILE_MASK => 2,
                id => id,
            };
            assert_eq!(got.file, file | (want.file & (LAST | SYMBOL_TABLE)));
            assert_eq!((got.line, got.column), (want.line, want.column));
        }
        assert!(store.get(3).is_none());
    }

    #[test]
    fn words_round_trip_mapped_and_on_the_heap() {
        for len in [0, 5, HUGE_PAGE / 8 * 3 + 5] {
            let value = |i: usize| (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let words = Words::new((0..len).map(value), len);
            assert_eq!(words.bytes(), len * 8);
            assert_eq!(
                matches!(words.storage, Storage::Mapped(_)),
                cfg!(target_os = "linux") && len * 8 >= HUGE_PAGE
            );
            for i in (0..len).step_by(997).chain(len.checked_sub(1)) {
                assert_eq!(words.get(i), Some(value(i)));
            }
            assert_eq!(words.get(len), None);
            assert_eq!(words.get(usize::MAX), None);
        }
    }

    #[test]
    fn frames_too_wide_to_pack_stay_plain() {
        let frames = vec![frame(0, LAST, u32::MAX, u32::MAX)];
        let store = FrameStore::new(frames, 1, 1);
        assert!(matches!(store, FrameStore::Plain(_)));
        let got = store.get(0).expect("a frame");
        assert_eq!((got.line, got.column, got.file), (u32::MAX, u32::MAX, LAST));
    }
}
