//! Reading payloads: NDJSON (one payload per line) or one JSON document per
//! file, streamed with bounded memory.

use std::io::{self, BufRead};

/// One payload read from an input.
#[derive(Debug)]
pub struct Payload {
    /// 1-based line where it starts.
    pub line: u64,
    /// Its bytes, or `Err(size)` when it exceeded the byte limit (the bytes
    /// are not kept).
    pub bytes: Result<Vec<u8>, u64>,
}

/// Reads payloads from `reader`, never holding more than `max_bytes + 1`
/// bytes of one payload in memory.
#[derive(Debug)]
pub struct PayloadReader<R> {
    reader: R,
    max_bytes: usize,
    line: u64,
    mode: Option<Mode>,
    done: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Lines,
    Document,
}

impl<R: BufRead> PayloadReader<R> {
    /// Reads from `reader`; payloads over `max_bytes` are reported, not kept.
    pub fn new(reader: R, max_bytes: usize) -> Self {
        PayloadReader {
            reader,
            max_bytes,
            line: 0,
            mode: None,
            done: false,
        }
    }

    /// The next payload, `None` at the end.
    pub fn next_payload(&mut self) -> io::Result<Option<Payload>> {
        if self.done {
            return Ok(None);
        }
        if self.mode.is_none() {
            self.mode = Some(self.detect_mode()?);
        }
        match self.mode {
            Some(Mode::Document) => {
                self.done = true;
                let mut buf = Vec::new();
                let size = read_bounded(&mut self.reader, &mut buf, self.max_bytes, None)?;
                if buf.iter().all(u8::is_ascii_whitespace) && size <= self.max_bytes as u64 {
                    return Ok(None);
                }
                let first_line = 1 + leading_blank_lines(&buf);
                Ok(Some(Payload {
                    line: first_line,
                    bytes: if size > self.max_bytes as u64 {
                        Err(size)
                    } else {
                        Ok(buf)
                    },
                }))
            }
            _ => loop {
                let mut buf = Vec::new();
                let size = read_bounded(&mut self.reader, &mut buf, self.max_bytes, Some(b'\n'))?;
                if size == 0 {
                    self.done = true;
                    return Ok(None);
                }
                self.line += 1;
                if buf.last() == Some(&b'\n') {
                    buf.pop();
                    if buf.last() == Some(&b'\r') {
                        buf.pop();
                    }
                }
                if size <= self.max_bytes as u64 && buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Ok(Some(Payload {
                    line: self.line,
                    bytes: if size > self.max_bytes as u64 + 2 {
                        Err(size)
                    } else {
                        Ok(buf)
                    },
                }));
            },
        }
    }

    /// NDJSON when the first non-blank line is a complete JSON value by
    /// itself; otherwise the whole input is one (pretty-printed) document.
    fn detect_mode(&mut self) -> io::Result<Mode> {
        let buf = self.reader.fill_buf()?;
        // Decide on what is buffered. Without a newline in view the first
        // line is long or the only one: reading lines is right either way.
        let Some(start) = buf.iter().position(|b| !b.is_ascii_whitespace()) else {
            return Ok(Mode::Lines);
        };
        let rest = &buf[start..];
        Ok(match rest.iter().position(|&b| b == b'\n') {
            Some(end) if !balanced(&rest[..end]) => Mode::Document,
            _ => Mode::Lines,
        })
    }
}

fn leading_blank_lines(buf: &[u8]) -> u64 {
    let start = buf
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    buf[..start].iter().filter(|&&b| b == b'\n').count() as u64
}

/// Whether a line closes every bracket it opens (strings skipped) — a whole
/// JSON value on one line.
fn balanced(line: &[u8]) -> bool {
    let mut depth = 0i64;
    let mut in_string = false;
    let mut escaped = false;
    let mut opened = false;
    for &b in line {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                opened = true;
            }
            b'}' | b']' => depth -= 1,
            _ => {}
        }
    }
    !opened || depth <= 0
}

/// Reads up to `delim` (or the end), keeping at most `max + 2` bytes in
/// `buf`; returns the full size read (which may exceed what was kept).
fn read_bounded<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
    delim: Option<u8>,
) -> io::Result<u64> {
    let keep = max.saturating_add(2);
    let mut total = 0u64;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(total);
        }
        let (chunk, found) = match delim.and_then(|d| available.iter().position(|&b| b == d)) {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let room = keep.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let n = chunk.len();
        total += n as u64;
        reader.consume(n);
        if found {
            return Ok(total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &str, max: usize) -> Vec<(u64, Result<String, u64>)> {
        let mut r = PayloadReader::new(input.as_bytes(), max);
        let mut out = Vec::new();
        while let Some(p) = r.next_payload().expect("read") {
            out.push((p.line, p.bytes.map(|b| String::from_utf8(b).expect("utf8"))));
        }
        out
    }

    #[test]
    fn ndjson_lines_keep_their_numbers() {
        let got = all("{\"a\":1}\n\n{\"b\":2}\r\n{\"c\"", 100);
        assert_eq!(
            got,
            vec![
                (1, Ok("{\"a\":1}".into())),
                (3, Ok("{\"b\":2}".into())),
                (4, Ok("{\"c\"".into()))
            ]
        );
    }

    #[test]
    fn pretty_document_is_one_payload() {
        let got = all("\n{\n  \"a\": [1,\n 2]\n}\n", 100);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 2);
    }

    #[test]
    fn oversized_lines_are_not_kept() {
        let long = format!("{{\"a\":\"{}\"}}\n{{}}\n", "x".repeat(1000));
        let got = all(&long, 100);
        assert_eq!(got[0], (1, Err(1009)));
        assert_eq!(got[1], (2, Ok("{}".into())));
    }
}
