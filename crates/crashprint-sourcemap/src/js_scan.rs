//! The pure JavaScript scanner: a single pass over a minified file finds
//! every function scope (declarations, expressions, arrows, class and
//! object methods) and the identifiers that name it (`function n`,
//! `t=()=>…`, `class fh{static convert(…){…}}`, `r.exports=function…`).
//! It knows nothing of source maps: names are looked up through the
//! function it is given.

use crate::position::Position;

/// The name after `function` (or `function*`, `async function`) at UTF-16
/// column `column0` of `line` (a line of an original source), where a
/// function expression starts.
pub(crate) fn function_expression_name(line: &str, column0: u32) -> Option<String> {
    // UTF-16 column to byte offset.
    let mut units = 0u32;
    let byte = line
        .char_indices()
        .find(|(_, c)| {
            let here = units >= column0;
            units += c.len_utf16() as u32;
            here
        })
        .map_or(line.len(), |(i, _)| i);
    // Only a function expression's name was dropped by minifying; a
    // declaration inlined elsewhere (an IIFE) stays anonymous, as
    // sourcemapcache reports it.
    let before = line.get(..byte)?.trim_end();
    let expression = before.ends_with(['(', ',', '=', ':', '?', '[', '!', '&', '|'])
        || before.ends_with("return");
    if !expression {
        return None;
    }
    let rest = line.get(byte..)?;
    let rest = rest.strip_prefix("async").map_or(rest, str::trim_start);
    let rest = rest.strip_prefix("function")?.trim_start();
    let rest = rest.strip_prefix('*').map_or(rest, str::trim_start);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
        .collect();
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

/// A function scope found by the scanner.
#[derive(Debug)]
pub(crate) struct FoundScope {
    pub(crate) start: Position,
    pub(crate) end: Position,
    pub(crate) name: ScopeName,
}

/// How a scope is named: identifier spans of the minified source.
#[derive(Debug, Clone, Default)]
pub(crate) struct ScopeName {
    /// `new ` (a class constructor), `get ` or `set ` (accessors), or "".
    prefix: &'static str,
    /// Dotted parts: (byte range, position).
    pub(crate) parts: Vec<(usize, usize, Position)>,
}

impl ScopeName {
    /// The dotted name, each part the original name `exact_name` gives at
    /// its position, else the minified identifier.
    pub(crate) fn render<'n>(
        &self,
        source: &str,
        exact_name: &impl Fn(Position) -> Option<&'n str>,
    ) -> String {
        if self.parts.is_empty() {
            return "<anonymous>".into();
        }
        let mut out = String::new();
        out.push_str(self.prefix);
        for (i, &(start, end, at)) in self.parts.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            let minified = source.get(start..end).unwrap_or("");
            match exact_name(at) {
                Some(original) => out.push_str(original),
                None => out.push_str(minified),
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ident,
    Keyword,
    Punct,
    /// A string, number, regex or template: a value.
    Literal,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    at: Position,
}

#[derive(Debug, Clone)]
enum Ctx {
    Paren {
        open: usize,
    },
    Bracket,
    /// `{…}`: a function body (its scope index), a class body or an
    /// assigned object literal (its name: the owner of the methods inside),
    /// or any other block or object.
    Brace {
        scope: Option<usize>,
        class: Option<ScopeName>,
        is_class: bool,
    },
    /// `${…}` inside a template literal.
    Template,
}

/// Reserved words that matter to the scanner (a `match`: compiled to a
/// length switch, no linear search per identifier).
fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "if" | "for"
            | "while"
            | "switch"
            | "catch"
            | "with"
            | "return"
            | "typeof"
            | "instanceof"
            | "in"
            | "of"
            | "new"
            | "delete"
            | "void"
            | "throw"
            | "case"
            | "do"
            | "else"
            | "function"
            | "class"
            | "extends"
            | "var"
            | "let"
            | "const"
            | "yield"
            | "await"
            | "try"
            | "finally"
            | "break"
            | "continue"
            | "default"
            | "export"
            | "import"
            | "this"
            | "super"
            | "null"
            | "true"
            | "false"
            | "debugger"
    )
}

/// Keywords after which a `/` starts a regular expression.
fn is_expression_keyword(word: &str) -> bool {
    matches!(
        word,
        "return"
            | "typeof"
            | "instanceof"
            | "in"
            | "of"
            | "new"
            | "delete"
            | "void"
            | "throw"
            | "case"
            | "do"
            | "else"
            | "yield"
            | "await"
            | "extends"
    )
}

struct Scanner<'s> {
    src: &'s [u8],
    text: &'s str,
    i: usize,
    line: u32,
    /// Byte offset where the current line starts, and the UTF-16 column
    /// of `col_byte`.
    col_byte: usize,
    col: u32,
    toks: Vec<Tok>,
    stack: Vec<Ctx>,
    scopes: Vec<FoundScope>,
    /// A `class` keyword waiting for its body: (name, stack depth).
    pending_class: Option<(ScopeName, usize)>,
    /// Expression-bodied arrows still open: (scope, stack depth).
    open_arrows: Vec<(usize, usize)>,
    /// The token index where the last closed parenthesis opened.
    last_paren_open: Option<usize>,
}

/// Finds the function scopes of `source`. Bounded: one pass, stack depth
/// capped; malformed input gives fewer or odd scopes, never a panic.
pub(crate) fn scan(source: &str) -> Vec<FoundScope> {
    let mut s = Scanner {
        src: source.as_bytes(),
        text: source,
        i: 0,
        line: 0,
        col_byte: 0,
        col: 0,
        // About one token per four bytes of minified code.
        toks: Vec::with_capacity((source.len() / 4).min(MAX_TOKENS)),
        stack: Vec::new(),
        scopes: Vec::new(),
        pending_class: None,
        open_arrows: Vec::new(),
        last_paren_open: None,
    };
    s.run();
    let end = s.position(s.src.len());
    // Close what the input left open.
    for scope in &mut s.scopes {
        if scope.end.key() == u64::MAX {
            scope.end = end;
        }
    }
    s.scopes
}

const MAX_DEPTH: usize = 4096;
/// Most tokens kept (32 bytes each): 128 MiB at most, far more than any
/// real bundle needs (a 1 MB bundle has about 250,000).
const MAX_TOKENS: usize = 4 << 20;
/// The end of a scope not closed yet.
const OPEN: Position = Position::zero_based(u32::MAX, u32::MAX);

impl<'s> Scanner<'s> {
    /// The position of byte `at` (on the current line or after it).
    fn position(&mut self, at: usize) -> Position {
        // Advance the UTF-16 column counter from `col_byte` to `at`.
        while self.col_byte < at {
            let b = self.src[self.col_byte];
            if !(0x80..0xC0).contains(&b) {
                self.col += if b >= 0xF0 { 2 } else { 1 };
            }
            self.col_byte += 1;
        }
        Position::zero_based(self.line, self.col)
    }

    fn newline(&mut self, next_line_start: usize) {
        self.line += 1;
        self.col_byte = next_line_start;
        self.col = 0;
    }

    fn regex_allowed(&self) -> bool {
        match self.toks.last() {
            None => true,
            Some(t) => match t.kind {
                Kind::Ident | Kind::Literal => false,
                Kind::Keyword => is_expression_keyword(&self.text[t.start..t.end]),
                Kind::Punct => !matches!(self.src[t.start], b')' | b']' | b'}'),
            },
        }
    }

    fn run(&mut self) {
        while self.i < self.src.len() {
            if self.toks.len() >= MAX_TOKENS {
                // Bounded memory on hostile or huge input: scopes past this
                // point are not found (their frames get no function name).
                tracing::warn!(
                    "minified source has over {MAX_TOKENS} tokens; scopes after that are not read"
                );
                return;
            }
            let b = self.src[self.i];
            match b {
                b'\n' => {
                    self.i += 1;
                    self.newline(self.i);
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'/' if self.src.get(self.i + 1) == Some(&b'/') => {
                    while self.i < self.src.len() && self.src[self.i] != b'\n' {
                        self.i += 1;
                    }
                }
                b'/' if self.src.get(self.i + 1) == Some(&b'*') => {
                    self.i += 2;
                    while self.i < self.src.len()
                        && !(self.src[self.i] == b'*' && self.src.get(self.i + 1) == Some(&b'/'))
                    {
                        if self.src[self.i] == b'\n' {
                            self.newline(self.i + 1);
                        }
                        self.i += 1;
                    }
                    self.i = (self.i + 2).min(self.src.len());
                }
                b'/' if self.regex_allowed() => self.regex(),
                b'"' | b'\'' => self.string(b),
                b'`' => {
                    let start = self.i;
                    self.i += 1;
                    self.template(start);
                }
                b'0'..=b'9' => {
                    let start = self.i;
                    while self.i < self.src.len()
                        && (self.src[self.i].is_ascii_alphanumeric()
                            || self.src[self.i] == b'.'
                            || self.src[self.i] == b'_')
                    {
                        self.i += 1;
                    }
                    self.push(Kind::Literal, start, self.i);
                }
                b'.' if self.src.get(self.i + 1).is_some_and(u8::is_ascii_digit) => {
                    let start = self.i;
                    self.i += 1;
                    while self.i < self.src.len() && self.src[self.i].is_ascii_alphanumeric() {
                        self.i += 1;
                    }
                    self.push(Kind::Literal, start, self.i);
                }
                b if b.is_ascii_alphabetic()
                    || b == b'_'
                    || b == b'$'
                    || b >= 0x80
                    || b == b'\\' =>
                {
                    let start = self.i;
                    while self.i < self.src.len() {
                        let c = self.src[self.i];
                        if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'\\' {
                            self.i += 1;
                        } else if c >= 0x80 {
                            // Non-ASCII identifier characters (and, loosely,
                            // non-ASCII spaces: harmless for naming).
                            self.i += 1;
                        } else {
                            break;
                        }
                    }
                    let word = &self.text[start..self.i];
                    let kind = if is_keyword(word) {
                        Kind::Keyword
                    } else {
                        Kind::Ident
                    };
                    self.push(kind, start, self.i);
                    if word == "class" {
                        let name = self.class_name();
                        self.pending_class = Some((name, self.stack.len()));
                    }
                }
                _ => self.punct(),
            }
        }
    }

    fn push(&mut self, kind: Kind, start: usize, end: usize) {
        let at = self.position(start);
        self.toks.push(Tok {
            kind,
            start,
            end,
            at,
        });
        // Only a short history is ever looked at, except for parenthesis
        // openers that `last_paren_open` and `Ctx::Paren` point to: keep
        // the vector, it is cheap (24 bytes a token).
    }

    fn string(&mut self, quote: u8) {
        let start = self.i;
        self.i += 1;
        while self.i < self.src.len() {
            match self.src[self.i] {
                b'\\' => self.i += 2,
                b'\n' => break,
                c if c == quote => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        self.i = self.i.min(self.src.len());
        self.push(Kind::Literal, start, self.i);
    }

    fn regex(&mut self) {
        let start = self.i;
        self.i += 1;
        let mut class = false;
        while self.i < self.src.len() {
            match self.src[self.i] {
                b'\\' => self.i += 2,
                b'\n' => break,
                b'[' => {
                    class = true;
                    self.i += 1;
                }
                b']' => {
                    class = false;
                    self.i += 1;
                }
                b'/' if !class => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        while self.i < self.src.len() && self.src[self.i].is_ascii_alphabetic() {
            self.i += 1;
        }
        self.i = self.i.min(self.src.len());
        self.push(Kind::Literal, start, self.i);
    }

    /// Scans template text after a backtick or a `}` closing `${`.
    fn template(&mut self, start: usize) {
        while self.i < self.src.len() {
            match self.src[self.i] {
                b'\\' => self.i += 2,
                b'\n' => {
                    self.i += 1;
                    self.newline(self.i);
                }
                b'`' => {
                    self.i += 1;
                    self.i = self.i.min(self.src.len());
                    self.push(Kind::Literal, start, self.i);
                    return;
                }
                b'$' if self.src.get(self.i + 1) == Some(&b'{') => {
                    self.i += 2;
                    self.push(Kind::Punct, start, self.i);
                    if self.stack.len() < MAX_DEPTH {
                        self.stack.push(Ctx::Template);
                    }
                    return;
                }
                _ => self.i += 1,
            }
        }
        self.i = self.i.min(self.src.len());
    }

    fn punct(&mut self) {
        let start = self.i;
        let rest = &self.src[self.i..];
        let len = if rest.starts_with(b"=>") || rest.starts_with(b"?.") {
            2
        } else if rest.starts_with(b"...") {
            3
        } else {
            1
        };
        self.i += len;
        let b = self.src[start];
        match (b, len) {
            (b'(', 1) => {
                self.push(Kind::Punct, start, self.i);
                if self.stack.len() < MAX_DEPTH {
                    self.stack.push(Ctx::Paren {
                        open: self.toks.len() - 1,
                    });
                }
            }
            (b'[', 1) => {
                self.push(Kind::Punct, start, self.i);
                if self.stack.len() < MAX_DEPTH {
                    self.stack.push(Ctx::Bracket);
                }
            }
            (b'{', 1) => {
                let ctx = self.open_brace();
                self.push(Kind::Punct, start, self.i);
                if self.stack.len() < MAX_DEPTH {
                    self.stack.push(ctx);
                }
            }
            (b')' | b']' | b'}', 1) => {
                self.close_arrows(start);
                let popped = self.stack.pop();
                match popped {
                    Some(Ctx::Template) if b == b'}' => {
                        // Back into the template's text.
                        self.template(start);
                        return;
                    }
                    Some(Ctx::Paren { open }) => self.last_paren_open = Some(open),
                    Some(Ctx::Brace {
                        scope: Some(scope), ..
                    }) => {
                        let end = self.position(self.i);
                        if let Some(s) = self.scopes.get_mut(scope) {
                            s.end = end;
                        }
                    }
                    _ => {}
                }
                self.push(Kind::Punct, start, self.i);
            }
            (b',' | b';', 1) => {
                self.close_arrows(start);
                self.push(Kind::Punct, start, self.i);
            }
            (b'=', 2) => {
                // `=>`: an arrow. A block body is opened by the next `{`;
                // otherwise the body is an expression that ends at the next
                // `,` `;` or closing bracket of this depth.
                self.push(Kind::Punct, start, self.i);
                let mut j = self.i;
                while j < self.src.len() && matches!(self.src[j], b' ' | b'\t' | b'\r' | b'\n') {
                    j += 1;
                }
                if self.src.get(j) != Some(&b'{') {
                    let (params, name) = self.arrow_head(self.toks.len() - 1);
                    let scope = self.scopes.len();
                    self.scopes.push(FoundScope {
                        start: params,
                        end: OPEN,
                        name,
                    });
                    self.open_arrows.push((scope, self.stack.len()));
                }
            }
            _ => self.push(Kind::Punct, start, self.i),
        }
    }

    /// Ends the expression-bodied arrows of the current depth: a `,` or `;`
    /// there, or a bracket closing it, ends their bodies.
    fn close_arrows(&mut self, at: usize) {
        while let Some(&(scope, arrow_depth)) = self.open_arrows.last() {
            if arrow_depth < self.stack.len() {
                break;
            }
            self.open_arrows.pop();
            let end = self.position(at);
            if let Some(s) = self.scopes.get_mut(scope) {
                s.end = end;
            }
        }
    }

    /// What a `{` opens, looking at the tokens before it.
    fn open_brace(&mut self) -> Ctx {
        let depth = self.stack.len();
        if let Some((name, class_depth)) = self.pending_class.take() {
            if class_depth == depth {
                return Ctx::Brace {
                    scope: None,
                    class: Some(name),
                    is_class: true,
                };
            }
            self.pending_class = Some((name, class_depth));
        }
        let n = self.toks.len();
        let Some(last) = self.toks.last().copied() else {
            return Ctx::Brace {
                scope: None,
                class: None,
                is_class: false,
            };
        };
        let src = self.text;
        let text = |t: &Tok| &src[t.start..t.end];
        if last.kind == Kind::Punct && text(&last) == "=>" {
            let (start, name) = self.arrow_head(n - 1);
            return self.function_body(start, name);
        }
        if !(last.kind == Kind::Punct && text(&last) == ")") {
            // An object literal assigned to a name owns its methods:
            // `api={buildUrl(){…}}` → `api.buildUrl`.
            let owner = self.inferred_name(n);
            return Ctx::Brace {
                scope: None,
                class: (!owner.parts.is_empty()).then_some(owner),
                is_class: false,
            };
        }
        let Some(open) = self.last_paren_open else {
            return Ctx::Brace {
                scope: None,
                class: None,
                is_class: false,
            };
        };
        let Some(before) = open.checked_sub(1).and_then(|k| self.toks.get(k)).copied() else {
            return Ctx::Brace {
                scope: None,
                class: None,
                is_class: false,
            };
        };
        let before_text = text(&before);
        // `function (…) {` / `function* (…) {`
        let star = before.kind == Kind::Punct && before_text == "*";
        let keyword_at = if star {
            open.checked_sub(2)
        } else {
            open.checked_sub(1)
        };
        if let Some(k) = keyword_at {
            if self.toks[k].kind == Kind::Keyword && text(&self.toks[k]) == "function" {
                let start = self.head_start(k);
                let name = self.inferred_name(start);
                return self.function_body(self.toks[start].at, name);
            }
        }
        if before.kind == Kind::Ident || (before.kind == Kind::Keyword && before_text == "default")
        {
            // `function name(…) {`
            let mut k = open - 1;
            if k >= 1 && text(&self.toks[k - 1]) == "*" {
                k -= 1;
            }
            if k >= 1
                && self.toks[k - 1].kind == Kind::Keyword
                && text(&self.toks[k - 1]) == "function"
            {
                let start = self.head_start(k - 1);
                let name = ScopeName {
                    prefix: "",
                    parts: vec![(before.start, before.end, before.at)],
                };
                return self.function_body(self.toks[start].at, name);
            }
            if before.kind == Kind::Ident {
                // A method: `name(…) {` in a class body or object literal.
                let (class, is_class) = self
                    .stack
                    .iter()
                    .rev()
                    .find_map(|c| match c {
                        Ctx::Brace {
                            class, is_class, ..
                        } => Some((class.clone(), *is_class)),
                        _ => None,
                    })
                    .unwrap_or((None, false));
                let class = Some(class);
                let method = (before.start, before.end, before.at);
                let (start, accessor) = self.method_start(open - 1);
                let name = match class.flatten() {
                    Some(class) if before_text == "constructor" && is_class => ScopeName {
                        prefix: "new ",
                        parts: class.parts,
                    },
                    Some(class) if !class.parts.is_empty() => {
                        let mut parts = class.parts;
                        parts.push(method);
                        ScopeName {
                            prefix: accessor,
                            parts,
                        }
                    }
                    _ => ScopeName {
                        prefix: accessor,
                        parts: vec![method],
                    },
                };
                return self.function_body(start, name);
            }
        }
        Ctx::Brace {
            scope: None,
            class: None,
            is_class: false,
        }
    }

    fn function_body(&mut self, start: Position, name: ScopeName) -> Ctx {
        let scope = self.scopes.len();
        self.scopes.push(FoundScope {
            start,
            end: OPEN,
            name,
        });
        Ctx::Brace {
            scope: Some(scope),
            class: None,
            is_class: false,
        }
    }

    /// `async function` starts at `async`.
    fn head_start(&self, function: usize) -> usize {
        match function.checked_sub(1).map(|k| &self.toks[k]) {
            Some(t) if t.kind == Kind::Ident && &self.text[t.start..t.end] == "async" => {
                function - 1
            }
            _ => function,
        }
    }

    /// A method head starts at `static`/`async`/`get`/`set`/`*` before its
    /// name; accessors are named `get …`/`set …`.
    fn method_start(&self, name: usize) -> (Position, &'static str) {
        let mut k = name;
        let mut accessor = "";
        while k >= 1 {
            let t = &self.toks[k - 1];
            let word = &self.text[t.start..t.end];
            match word {
                "get" => accessor = "get ",
                "set" => accessor = "set ",
                "static" | "async" | "*" => {}
                _ => break,
            }
            k -= 1;
        }
        (self.toks[k].at, accessor)
    }

    /// Where an arrow's parameters start, and its inferred name, for the
    /// `=>` token at `arrow`.
    fn arrow_head(&self, arrow: usize) -> (Position, ScopeName) {
        let Some(k) = arrow.checked_sub(1) else {
            return (self.toks[arrow].at, ScopeName::default());
        };
        let t = self.toks[k];
        let mut start = if t.kind == Kind::Punct && &self.text[t.start..t.end] == ")" {
            self.last_paren_open.unwrap_or(k)
        } else {
            k
        };
        if let Some(a) = start.checked_sub(1) {
            let t = &self.toks[a];
            if t.kind == Kind::Ident && &self.text[t.start..t.end] == "async" {
                start = a;
            }
        }
        (self.toks[start].at, self.inferred_name(start))
    }

    /// The name an anonymous function or class starting at token `start`
    /// gets from its context: `a.b=` → `a.b`, `{key:` → `key`.
    fn inferred_name(&self, start: usize) -> ScopeName {
        let Some(k) = start.checked_sub(1) else {
            return ScopeName::default();
        };
        let t = self.toks[k];
        let text = &self.text[t.start..t.end];
        if t.kind == Kind::Punct && text == "=" {
            // A member chain before `=`.
            let mut parts = Vec::new();
            let mut j = k;
            while j >= 1 {
                let p = self.toks[j - 1];
                if p.kind == Kind::Ident
                    || (p.kind == Kind::Keyword && &self.text[p.start..p.end] == "this")
                {
                    parts.push((p.start, p.end, p.at));
                    if j >= 2 && &self.text[self.toks[j - 2].start..self.toks[j - 2].end] == "." {
                        j -= 2;
                        continue;
                    }
                }
                break;
            }
            parts.reverse();
            return ScopeName { prefix: "", parts };
        }
        if t.kind == Kind::Punct && text == ":" && k >= 2 {
            let key = self.toks[k - 1];
            let before = &self.text[self.toks[k - 2].start..self.toks[k - 2].end];
            if key.kind == Kind::Ident && (before == "{" || before == ",") {
                let mut parts = self
                    .stack
                    .iter()
                    .rev()
                    .find_map(|c| match c {
                        Ctx::Brace { class, .. } => Some(class.clone()),
                        _ => None,
                    })
                    .flatten()
                    .map(|owner| owner.parts)
                    .unwrap_or_default();
                parts.push((key.start, key.end, key.at));
                return ScopeName { prefix: "", parts };
            }
        }
        ScopeName::default()
    }

    /// The name of a class whose `class` keyword was just pushed.
    fn class_name(&mut self) -> ScopeName {
        // Peek at the next word without consuming it.
        let mut j = self.i;
        while j < self.src.len() && matches!(self.src[j], b' ' | b'\t' | b'\r' | b'\n') {
            j += 1;
        }
        let start = j;
        while j < self.src.len()
            && (self.src[j].is_ascii_alphanumeric()
                || self.src[j] == b'_'
                || self.src[j] == b'$'
                || self.src[j] >= 0x80)
        {
            j += 1;
        }
        let word = &self.text[start..j];
        // `a=class t{…}`: the binding names the class (bundlers rename the
        // inner name, `class _Cart`).
        let assigned = self.inferred_name(self.toks.len() - 1);
        if !assigned.parts.is_empty() {
            return assigned;
        }
        if !word.is_empty() && word != "extends" && !self.text[self.i..start].contains('\n') {
            let at = self.position(start);
            return ScopeName {
                prefix: "",
                parts: vec![(start, j, at)],
            };
        }
        self.inferred_name(self.toks.len() - 1)
    }
}
