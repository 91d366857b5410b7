//! One method line of a mapping file as the index holds it ([`Entry`]: its
//! [`Span`]s into the arena, its ranges and flag bits), and the method
//! signature it names ([`Sig`]).

/// "No value" for the `u32` fields below (and those of the index).
pub(crate) const NONE: u32 = u32::MAX;

/// A slice of the arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub start: u32,
    pub len: u32,
}

impl Span {
    pub(crate) fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            len: end.saturating_sub(start) as u32,
        }
    }
    /// The bytes (cheaper than `get` for comparisons).
    pub fn bytes<'a>(&self, text: &'a str) -> &'a [u8] {
        let s = self.start as usize;
        text.as_bytes().get(s..s + self.len as usize).unwrap_or(&[])
    }
    pub fn get<'a>(&self, text: &'a str) -> &'a str {
        let s = self.start as usize;
        text.get(s..s + self.len as usize).unwrap_or("")
    }
}

pub(crate) const F_SYNTHESIZED: u16 = 1;
pub(crate) const F_OUTLINE: u16 = 2;
/// The entry starts a new partition (a run of one original method) among
/// the entries of its class with its obfuscated name: computed once at
/// build time so that lookups never compare signatures.
pub(crate) const F_PART_START: u16 = 4;

/// One method line (R8's "mapped range").
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// Offset of the signature (`ret name(params)`) in the arena.
    pub sig: u32,
    /// Length of the signature, through `)`.
    pub sig_len: u16,
    pub flags: u16,
    /// Obfuscated name.
    pub obf: Span,
    /// Minified range, `NONE` when absent.
    pub min_from: u32,
    pub min_to: u32,
    /// Original range: `NONE` when absent; `orig_to == NONE` with a
    /// `orig_from` is the single-number (caller position) form.
    pub orig_from: u32,
    pub orig_to: u32,
    /// Index into `Index::extras`, or `NONE`.
    pub extra: u32,
}

impl Entry {
    pub fn min(&self) -> Option<(u32, u32)> {
        (self.min_from != NONE).then_some((self.min_from, self.min_to))
    }
    /// Original range with the single-number form as `(n, n)`.
    pub fn orig(&self) -> Option<(u32, u32)> {
        if self.orig_from == NONE {
            None
        } else if self.orig_to == NONE {
            Some((self.orig_from, self.orig_from))
        } else {
            Some((self.orig_from, self.orig_to))
        }
    }
    pub fn sig_span(&self) -> Span {
        Span {
            start: self.sig,
            len: u32::from(self.sig_len),
        }
    }
}

/// A method signature read from the arena.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sig<'a> {
    pub ret: &'a str,
    /// Possibly class-qualified (`com.foo.Bar.baz`).
    pub name: &'a str,
    /// Raw text between the parentheses.
    pub params: &'a str,
}

impl<'a> Sig<'a> {
    pub fn parse(s: &'a str) -> Sig<'a> {
        let open = s.find('(').unwrap_or(s.len());
        let close = s.rfind(')').filter(|c| *c >= open).unwrap_or(s.len());
        let head = s[..open].trim();
        let (ret, name) = head.rsplit_once(' ').unwrap_or(("", head));
        let params = s.get(open + 1..close).unwrap_or("");
        Sig {
            ret: ret.trim(),
            name: name.trim(),
            params,
        }
    }

    /// The declaring class when the name is qualified.
    pub fn holder(&self) -> Option<&'a str> {
        self.name.rsplit_once('.').map(|(h, _)| h)
    }

    /// The unqualified method name.
    pub fn method(&self) -> &'a str {
        self.name.rsplit_once('.').map_or(self.name, |(_, m)| m)
    }

    /// `ret method(p1,p2)` as R8's verbose output writes it.
    pub fn verbose(&self) -> String {
        let mut out =
            String::with_capacity(self.ret.len() + self.name.len() + self.params.len() + 3);
        out.push_str(self.ret);
        out.push(' ');
        out.push_str(self.method());
        out.push('(');
        let mut first = true;
        for p in self.params.split(',') {
            let p = p.trim();
            if p.is_empty() {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(p);
        }
        out.push(')');
        out
    }
}
