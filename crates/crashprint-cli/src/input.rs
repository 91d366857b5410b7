//! Reading payloads: one JSON document per file, or NDJSON (one payload per
//! line), streamed with bounded memory, losing no payload to its
//! neighbours.
//!
//! A file is one document only when the whole of it is one JSON value
//! (surrounding whitespace allowed); otherwise every line is its own
//! payload, so a damaged first line costs that line only. A leading UTF-8
//! byte order mark is skipped; lines end at `\n`, `\r\n` or a lone `\r`.
//! Sizes in messages are exact: the payload's bytes, line end excluded.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

/// One payload read from an input.
#[derive(Debug)]
pub struct Payload {
    /// 1-based line where it starts.
    pub line: u64,
    /// Its bytes, or `Err(size)` when it exceeded the byte limit (the bytes
    /// are not kept).
    pub bytes: Result<Vec<u8>, u64>,
}

/// Reads payloads from `reader`, never holding more than a few times
/// `max_bytes` of input in memory.
#[derive(Debug)]
pub struct PayloadReader<R> {
    reader: R,
    max_bytes: usize,
    /// Lines read so far.
    line: u64,
    mode: Mode,
    /// Payloads decided and not yet handed out.
    ready: VecDeque<Payload>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    /// Nothing read yet: is the input one document?
    Start,
    /// Every line is a payload.
    Lines,
    Done,
}

/// How a line ended.
#[derive(Debug, Clone, Copy, PartialEq)]
enum End {
    Eof,
    Lf,
    CrLf,
    Cr,
}

impl End {
    fn bytes(self) -> &'static [u8] {
        match self {
            End::Eof => b"",
            End::Lf => b"\n",
            End::CrLf => b"\r\n",
            End::Cr => b"\r",
        }
    }
}

/// One line: what was kept of it, its exact length, how it ended.
#[derive(Debug)]
struct Line {
    kept: Vec<u8>,
    len: u64,
    end: End,
}

/// A line read while deciding: its number and where it starts (bytes from
/// the start of the input, byte order mark excluded).
#[derive(Debug)]
struct Queued {
    number: u64,
    at: u64,
    line: Line,
}

/// While deciding whether the input is one document: lines kept for the
/// case it is not, bounded; past the bound the input is taken for one
/// (oversized) document.
const QUEUE_PAYLOADS: usize = 4;
const QUEUE_LINES: usize = 1 << 20;

impl<R: BufRead> PayloadReader<R> {
    /// Reads from `reader`; payloads over `max_bytes` are reported, not kept.
    pub fn new(reader: R, max_bytes: usize) -> Self {
        PayloadReader {
            reader,
            max_bytes,
            line: 0,
            mode: Mode::Start,
            ready: VecDeque::new(),
        }
    }

    /// The next payload, `None` at the end.
    pub fn next_payload(&mut self) -> io::Result<Option<Payload>> {
        loop {
            if let Some(p) = self.ready.pop_front() {
                return Ok(Some(p));
            }
            match self.mode {
                Mode::Done => return Ok(None),
                Mode::Start => self.start()?,
                Mode::Lines => {
                    let Some(line) = self.read_line(None)? else {
                        self.mode = Mode::Done;
                        continue;
                    };
                    self.line += 1;
                    if let Some(p) = self.line_payload(self.line, line) {
                        return Ok(Some(p));
                    }
                }
            }
        }
    }

    /// A line as a payload; `None` for a blank line.
    fn line_payload(&self, number: u64, line: Line) -> Option<Payload> {
        let blank = line.len <= self.keep() as u64 && line.kept.iter().all(u8::is_ascii_whitespace);
        (!blank).then_some(Payload {
            line: number,
            bytes: if line.len > self.max_bytes as u64 {
                Err(line.len)
            } else {
                Ok(line.kept)
            },
        })
    }

    /// Bytes kept of a line: one past the limit tells a long line apart.
    fn keep(&self) -> usize {
        self.max_bytes.saturating_add(1)
    }

    /// Reads from the start until it is known whether the input is one
    /// JSON document, and queues what that decides.
    fn start(&mut self) -> io::Result<()> {
        self.skip_bom()?;
        let mut scan = JsonScan::default();
        // Lines read while the input may still be one document.
        let mut queue: Vec<Queued> = Vec::new();
        let mut queued_bytes = 0usize;
        loop {
            let at = scan.offset;
            let Some(line) = self.read_line(Some(&mut scan))? else {
                scan.finish();
                break;
            };
            self.line += 1;
            if scan.state() == ScanState::Empty {
                continue;
            }
            queued_bytes += line.kept.len();
            queue.push(Queued {
                number: self.line,
                at,
                line,
            });
            if scan.state() != ScanState::Going {
                break;
            }
            if queued_bytes > QUEUE_PAYLOADS * self.keep() || queue.len() > QUEUE_LINES {
                return self.oversized(scan, queue);
            }
        }
        match scan.state() {
            ScanState::Complete => self.read_to_end_as_document(scan, queue),
            ScanState::Empty => {
                self.mode = Mode::Done;
                Ok(())
            }
            ScanState::Going | ScanState::Invalid => {
                self.queue_lines(queue);
                Ok(())
            }
        }
    }

    /// The first value is complete: the input is one document if nothing
    /// but whitespace follows it.
    fn read_to_end_as_document(
        &mut self,
        mut scan: JsonScan,
        mut queue: Vec<Queued>,
    ) -> io::Result<()> {
        while scan.state() == ScanState::Complete {
            let at = scan.offset;
            let Some(line) = self.read_line(Some(&mut scan))? else {
                break;
            };
            self.line += 1;
            if scan.state() == ScanState::Invalid {
                queue.push(Queued {
                    number: self.line,
                    at,
                    line,
                });
            }
        }
        if scan.state() == ScanState::Invalid {
            // More after the value: every line is a payload.
            self.queue_lines(queue);
            return Ok(());
        }
        let (start, end) = (scan.value_start, scan.value_end);
        let size = end - start;
        self.mode = Mode::Done;
        if size > self.max_bytes as u64 {
            self.ready.push_back(Payload {
                line: scan.value_line,
                bytes: Err(size),
            });
            return Ok(());
        }
        // Every line of a document within the limit was kept whole.
        let mut document = Vec::with_capacity(size as usize);
        for q in &queue {
            let mut offset = q.at;
            for part in [&q.line.kept[..], q.line.end.bytes()] {
                let from = start.saturating_sub(offset).min(part.len() as u64) as usize;
                let to = end.saturating_sub(offset).min(part.len() as u64) as usize;
                if from < to {
                    document.extend_from_slice(&part[from..to]);
                }
                offset += part.len() as u64;
            }
        }
        self.ready.push_back(Payload {
            line: scan.value_line,
            bytes: Ok(document),
        });
        Ok(())
    }

    /// Past the queue's bounds a still-valid value can only be one document
    /// over the limit: it is read to its end, kept nowhere, and answered as
    /// one oversized payload. Should it turn out not to be one, the lines
    /// it spanned are that payload and the rest are read line by line.
    fn oversized(&mut self, mut scan: JsonScan, queue: Vec<Queued>) -> io::Result<()> {
        let first_line = scan.value_line;
        let spanned = |l: &Line| l.len + l.end.bytes().len() as u64;
        let mut bytes: u64 = queue.iter().map(|q| spanned(&q.line)).sum();
        drop(queue);
        loop {
            let complete_before = scan.state() == ScanState::Complete;
            let Some(line) = self.read_line(Some(&mut scan))? else {
                scan.finish();
                break;
            };
            self.line += 1;
            if scan.state() != ScanState::Invalid {
                bytes += spanned(&line);
                continue;
            }
            self.ready.push_back(Payload {
                line: first_line,
                bytes: Err(if complete_before {
                    scan.value_end - scan.value_start
                } else {
                    bytes
                }),
            });
            if let Some(p) = self.line_payload(self.line, line) {
                self.ready.push_back(p);
            }
            self.mode = Mode::Lines;
            return Ok(());
        }
        self.ready.push_back(Payload {
            line: first_line,
            bytes: Err(if scan.state() == ScanState::Complete {
                scan.value_end - scan.value_start
            } else {
                bytes
            }),
        });
        self.mode = Mode::Done;
        Ok(())
    }

    /// Queues `lines` as one payload each and reads the rest line by line.
    fn queue_lines(&mut self, lines: Vec<Queued>) {
        for q in lines {
            if let Some(p) = self.line_payload(q.number, q.line) {
                self.ready.push_back(p);
            }
        }
        self.mode = Mode::Lines;
    }

    fn skip_bom(&mut self) -> io::Result<()> {
        const BOM: &[u8] = b"\xef\xbb\xbf";
        let buf = fill(&mut self.reader)?;
        if buf.starts_with(BOM) {
            self.reader.consume(BOM.len());
        }
        Ok(())
    }

    /// Reads one line (to `\n`, `\r\n`, a lone `\r` or the end), keeping at
    /// most [`Self::keep`] bytes of it and feeding all of it, line end
    /// included, to `scan`. `None` at the end of the input.
    fn read_line(&mut self, mut scan: Option<&mut JsonScan>) -> io::Result<Option<Line>> {
        let keep = self.keep();
        let mut kept = Vec::new();
        let mut len = 0u64;
        loop {
            let available = fill(&mut self.reader)?;
            if available.is_empty() {
                if len == 0 {
                    return Ok(None);
                }
                return Ok(Some(Line {
                    kept,
                    len,
                    end: End::Eof,
                }));
            }
            let found = memchr::memchr2(b'\n', b'\r', available);
            let chunk = &available[..found.unwrap_or(available.len())];
            let room = keep.saturating_sub(kept.len());
            kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if let Some(scan) = scan.as_deref_mut() {
                scan.feed(chunk);
            }
            len += chunk.len() as u64;
            let Some(i) = found else {
                let n = chunk.len();
                self.reader.consume(n);
                continue;
            };
            let cr = available[i] == b'\r';
            self.reader.consume(i + 1);
            let end = if cr {
                if fill(&mut self.reader)?.first() == Some(&b'\n') {
                    self.reader.consume(1);
                    End::CrLf
                } else {
                    End::Cr
                }
            } else {
                End::Lf
            };
            if let Some(scan) = scan.as_deref_mut() {
                scan.feed(end.bytes());
                scan.end_line();
            }
            return Ok(Some(Line { kept, len, end }));
        }
    }
}

/// The reader's buffer, refilled when empty (retrying interruptions).
fn fill<R: BufRead>(reader: &mut R) -> io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
            Ok(_) => break,
        }
    }
    // Buffered now: this returns it without reading.
    reader.fill_buf()
}

/// Where a [`JsonScan`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScanState {
    /// Only whitespace so far.
    Empty,
    /// Inside the first value, valid so far.
    Going,
    /// The first value is complete, only whitespace after it.
    Complete,
    /// Not one JSON value: a syntax error, or more after the first value.
    Invalid,
}

/// What the scanner expects next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Value,
    /// After `[`: a value or `]`.
    ValueOrClose,
    /// After `{`: a key or `}`.
    KeyOrClose,
    Key,
    Colon,
    /// After a value inside a container.
    CommaOrClose,
    /// Inside a string (a key when `key`).
    Str {
        key: bool,
        escape: bool,
        hex: u8,
    },
    /// Inside `true`, `false` or `null`: the bytes still to come.
    Literal(&'static [u8]),
    Number(Num),
    /// After the top-level value.
    After,
}

/// Number grammar states (RFC 8259).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Num {
    Minus,
    Zero,
    Int,
    Dot,
    Frac,
    E,
    ESign,
    Exp,
}

impl Num {
    fn complete(self) -> bool {
        matches!(self, Num::Zero | Num::Int | Num::Frac | Num::Exp)
    }
}

/// A streaming JSON syntax check of the first value of an input: enough to
/// tell one document from lines, in bounded memory (UTF-8 and number
/// ranges are left to the parser).
#[derive(Debug)]
struct JsonScan {
    expect: Expect,
    /// Open containers: `true` for an object.
    stack: Vec<bool>,
    state: ScanState,
    offset: u64,
    /// Lines fully fed so far.
    lines: u64,
    value_start: u64,
    value_end: u64,
    /// 1-based line where the value starts.
    value_line: u64,
}

impl Default for JsonScan {
    fn default() -> Self {
        JsonScan {
            expect: Expect::Value,
            stack: Vec::new(),
            state: ScanState::Empty,
            offset: 0,
            lines: 0,
            value_start: 0,
            value_end: 0,
            value_line: 1,
        }
    }
}

/// Deeper than this is no document crashprint reads (its limit is 128).
const SCAN_DEPTH: usize = 4096;

impl JsonScan {
    fn state(&self) -> ScanState {
        self.state
    }

    fn end_line(&mut self) {
        self.lines += 1;
    }

    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.state == ScanState::Invalid {
                return;
            }
            self.byte(b);
            self.offset += 1;
        }
    }

    /// The end of the input: a top-level number ends there.
    fn finish(&mut self) {
        if let Expect::Number(n) = self.expect {
            if n.complete() && self.stack.is_empty() {
                self.value_end = self.offset;
                self.expect = Expect::After;
                self.state = ScanState::Complete;
            } else {
                self.state = ScanState::Invalid;
            }
        }
    }

    fn invalid(&mut self) {
        self.state = ScanState::Invalid;
    }

    /// A value just ended (at `end`, exclusive).
    fn value_done(&mut self, end: u64) {
        match self.stack.last() {
            None => {
                self.expect = Expect::After;
                self.value_end = end;
                self.state = ScanState::Complete;
            }
            Some(_) => self.expect = Expect::CommaOrClose,
        }
    }

    fn begin_value(&mut self, b: u8) {
        if self.state == ScanState::Empty {
            self.state = ScanState::Going;
            self.value_start = self.offset;
            self.value_line = self.lines + 1;
        }
        self.expect = match b {
            b'{' | b'[' => {
                if self.stack.len() >= SCAN_DEPTH {
                    return self.invalid();
                }
                self.stack.push(b == b'{');
                if b == b'{' {
                    Expect::KeyOrClose
                } else {
                    Expect::ValueOrClose
                }
            }
            b'"' => Expect::Str {
                key: false,
                escape: false,
                hex: 0,
            },
            b't' => Expect::Literal(b"rue"),
            b'f' => Expect::Literal(b"alse"),
            b'n' => Expect::Literal(b"ull"),
            b'-' => Expect::Number(Num::Minus),
            b'0' => Expect::Number(Num::Zero),
            b'1'..=b'9' => Expect::Number(Num::Int),
            _ => return self.invalid(),
        };
    }

    fn close(&mut self, b: u8) {
        let object = b == b'}';
        if self.stack.pop() != Some(object) {
            return self.invalid();
        }
        self.value_done(self.offset + 1);
    }

    fn byte(&mut self, b: u8) {
        let ws = matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        match self.expect {
            Expect::Str { key, escape, hex } => {
                if hex > 0 {
                    if !b.is_ascii_hexdigit() {
                        return self.invalid();
                    }
                    self.expect = Expect::Str {
                        key,
                        escape: false,
                        hex: hex - 1,
                    };
                } else if escape {
                    let hex = match b {
                        b'u' => 4,
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 0,
                        _ => return self.invalid(),
                    };
                    self.expect = Expect::Str {
                        key,
                        escape: false,
                        hex,
                    };
                } else if b == b'\\' {
                    self.expect = Expect::Str {
                        key,
                        escape: true,
                        hex: 0,
                    };
                } else if b == b'"' {
                    if key {
                        self.expect = Expect::Colon;
                    } else {
                        self.value_done(self.offset + 1);
                    }
                } else if b < 0x20 {
                    // A raw line end inside a string: a cut line.
                    self.invalid();
                }
            }
            Expect::Literal(rest) => {
                if rest.first() != Some(&b) {
                    return self.invalid();
                }
                if rest.len() == 1 {
                    self.value_done(self.offset + 1);
                } else {
                    self.expect = Expect::Literal(&rest[1..]);
                }
            }
            Expect::Number(n) => {
                let next = match (n, b) {
                    (Num::Minus, b'0') => Some(Num::Zero),
                    (Num::Minus, b'1'..=b'9') => Some(Num::Int),
                    (Num::Int, b'0'..=b'9') => Some(Num::Int),
                    (Num::Zero | Num::Int, b'.') => Some(Num::Dot),
                    (Num::Dot | Num::Frac, b'0'..=b'9') => Some(Num::Frac),
                    (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => Some(Num::E),
                    (Num::E, b'+' | b'-') => Some(Num::ESign),
                    (Num::E | Num::ESign | Num::Exp, b'0'..=b'9') => Some(Num::Exp),
                    _ => None,
                };
                match next {
                    Some(n) => self.expect = Expect::Number(n),
                    None if n.complete() => {
                        // The number ended just before this byte.
                        self.value_done(self.offset);
                        self.byte(b);
                    }
                    None => self.invalid(),
                }
            }
            _ if ws => {}
            Expect::Value => self.begin_value(b),
            Expect::ValueOrClose => {
                if b == b']' {
                    self.close(b)
                } else {
                    self.begin_value(b)
                }
            }
            Expect::KeyOrClose | Expect::Key => {
                if b == b'}' && self.expect == Expect::KeyOrClose {
                    self.close(b)
                } else if b == b'"' {
                    self.expect = Expect::Str {
                        key: true,
                        escape: false,
                        hex: 0,
                    };
                } else {
                    self.invalid()
                }
            }
            Expect::Colon => {
                if b == b':' {
                    self.expect = Expect::Value;
                } else {
                    self.invalid()
                }
            }
            Expect::CommaOrClose => match (b, self.stack.last()) {
                (b',', Some(true)) => self.expect = Expect::Key,
                (b',', Some(false)) => self.expect = Expect::Value,
                (b'}' | b']', _) => self.close(b),
                _ => self.invalid(),
            },
            Expect::After => self.invalid(),
        }
    }
}

/// How much of an input `auto` looks at to tell a text crash log from JSON.
const SNIFF_BYTES: usize = 64 << 10;

/// Whether an input read with `--format auto` is a text crash log: no line
/// of its first 64 KiB starts (after indentation and a byte order mark)
/// with `{`, or with a `[` that opens a JSON array of payloads. NDJSON with a damaged first line still has other lines
/// that do, so it stays NDJSON and loses nothing. Returns the bytes looked
/// at, to be read again in front of the rest.
pub fn sniff_text(reader: &mut impl io::Read) -> io::Result<(bool, Vec<u8>)> {
    let mut prefix = Vec::with_capacity(8 << 10);
    reader
        .by_ref()
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut prefix)?;
    let body = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&prefix);
    let mut any = false;
    let looks_json = body
        .split(|&b| b == b'\n' || b == b'\r')
        .map(|l| l.trim_ascii_start())
        .filter(|l| !l.is_empty())
        .inspect(|_| any = true)
        .any(|l| match l {
            [b'{', ..] => true,
            // A JSON array of payloads; not gdb's `[New Thread …]` nor a
            // kernel console's `[   12.345678]`.
            [b'[', rest @ ..] => matches!(
                rest.trim_ascii_start().first(),
                None | Some(b'{' | b'[' | b'"' | b']')
            ),
            _ => false,
        });
    Ok((any && !looks_json, prefix))
}

/// Reads a whole input as one text crash log, keeping at most `max_bytes`:
/// `Err(size)` when it is longer (counted to the end, not kept).
pub fn read_text_log(
    reader: &mut impl io::Read,
    max_bytes: usize,
) -> io::Result<Result<Vec<u8>, u64>> {
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() <= max_bytes {
        return Ok(Ok(bytes));
    }
    let rest = io::copy(reader, &mut io::sink())?;
    Ok(Err(bytes.len() as u64 + rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_bytes(input: &[u8], max: usize) -> Vec<(u64, Result<String, u64>)> {
        let mut r = PayloadReader::new(input, max);
        let mut out = Vec::new();
        while let Some(p) = r.next_payload().expect("read") {
            out.push((p.line, p.bytes.map(|b| String::from_utf8(b).expect("utf8"))));
        }
        out
    }

    fn all(input: &str, max: usize) -> Vec<(u64, Result<String, u64>)> {
        all_bytes(input.as_bytes(), max)
    }

    fn ok(line: u64, s: &str) -> (u64, Result<String, u64>) {
        (line, Ok(s.to_string()))
    }

    #[test]
    fn ndjson_lines_keep_their_numbers() {
        let got = all("{\"a\":1}\n\n{\"b\":2}\r\n{\"c\"", 100);
        assert_eq!(
            got,
            vec![ok(1, "{\"a\":1}"), ok(3, "{\"b\":2}"), ok(4, "{\"c\"")]
        );
    }

    #[test]
    fn pretty_document_is_one_payload() {
        let got = all("\n{\n  \"a\": [1,\n 2]\n}\n", 100);
        assert_eq!(got, vec![ok(2, "{\n  \"a\": [1,\n 2]\n}")]);
        // Every line end, and a top-level scalar.
        let got = all("\r\n[1,\r2,\n3]\r\n", 100);
        assert_eq!(got, vec![ok(2, "[1,\r2,\n3]")]);
        assert_eq!(all(" 12.5e3 ", 100), vec![ok(1, "12.5e3")]);
    }

    #[test]
    fn oversized_lines_are_not_kept_and_counted_exactly() {
        let long = format!("{{\"a\":\"{}\"}}\n{{}}\n", "x".repeat(1000));
        let got = all(&long, 100);
        assert_eq!(got, vec![(1, Err(1008)), ok(2, "{}")]);
        // Exactly the limit is accepted, one more is not; line ends (LF,
        // CRLF, CR) are not counted.
        for end in ["\n", "\r\n", "\r"] {
            let line = |n: usize| format!("\"{}\"", "y".repeat(n - 2));
            let input = format!("{}{end}{}{end}{{}}", line(100), line(101));
            let got = all(&input, 100);
            assert_eq!(
                got,
                vec![ok(1, &line(100)), (2, Err(101)), ok(3, "{}")],
                "{end:?}"
            );
        }
    }

    #[test]
    fn a_damaged_first_line_loses_nothing_else() {
        // Cut inside a string, cut between fields, cut after an opening
        // bracket: the other lines are payloads of their own.
        for first in ["{\"subject\": \"bro", "{\"subject\": \"x\",", "{\"a\": ["] {
            let input = format!("{first}\n{{\"b\":1}}\n{{\"c\":2}}\n");
            let got = all(&input, 100);
            assert_eq!(
                got,
                vec![ok(1, first), ok(2, "{\"b\":1}"), ok(3, "{\"c\":2}")],
                "{first}"
            );
        }
        // Over the limit as well: still one record each.
        let input = format!("{{\"a\": [{}\n{{\"b\":1}}\n", "1,".repeat(100));
        let got = all(&input, 100);
        assert_eq!(got, vec![(1, Err(207)), ok(2, "{\"b\":1}")]);
    }

    #[test]
    fn bom_and_cr_only_line_ends() {
        let got = all_bytes(b"\xef\xbb\xbf{\"a\":1}\r{\"b\":2}\r{\"c\":3}", 100);
        assert_eq!(
            got,
            vec![ok(1, "{\"a\":1}"), ok(2, "{\"b\":2}"), ok(3, "{\"c\":3}")]
        );
        let got = all_bytes(b"\xef\xbb\xbf{\n\"a\": 1\n}\n", 100);
        assert_eq!(got, vec![ok(1, "{\n\"a\": 1\n}")]);
    }

    #[test]
    fn concatenated_documents_are_read_as_lines() {
        let got = all("{\"a\":1}\n{\"b\":2}", 100);
        assert_eq!(got, vec![ok(1, "{\"a\":1}"), ok(2, "{\"b\":2}")]);
        let got = all("{\n}\n{\n}\n", 100);
        assert_eq!(got, vec![ok(1, "{"), ok(2, "}"), ok(3, "{"), ok(4, "}")]);
    }

    #[test]
    fn an_oversized_document_is_one_record() {
        let doc = format!("{{\n\"a\": [\n{}1\n]\n}}\n", "1,\n".repeat(500));
        let size = doc.trim_end().len() as u64;
        assert_eq!(all(&doc, 100), vec![(1, Err(size))]);
        // One payload whatever the limit, when it fits.
        assert_eq!(all(&doc, 10_000), vec![ok(1, doc.trim_end())]);
    }

    #[test]
    fn empty_and_blank_inputs_have_no_payloads() {
        assert!(all("", 100).is_empty());
        assert!(all(" \n\r\n\t", 100).is_empty());
        assert!(all_bytes(b"\xef\xbb\xbf", 100).is_empty());
    }
}
