//! A small, lenient JSON reader for R8 mapping headers.
//!
//! R8 writes strict JSON, but hand-written and test mappings use single
//! quotes and unquoted keys (`# { id: 'com.android.tools.r8.mapping' }`).
//! This reader accepts both, never panics, and bounds nesting depth.

use serde_json::{Map, Number, Value};

const MAX_DEPTH: usize = 32;

/// Parses `text` leniently; `None` when it is not a JSON-ish value.
pub(crate) fn parse(text: &str) -> Option<Value> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i == p.s.len() {
        Some(v)
    } else {
        None
    }
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match self.peek()? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' | b'\'' => self.string().map(Value::String),
            b'-' | b'0'..=b'9' => self.number(),
            _ => {
                let word = self.bare()?;
                match word.as_str() {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    "null" => Some(Value::Null),
                    _ => Some(Value::String(word)),
                }
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<Value> {
        self.i += 1;
        let mut map = Map::new();
        loop {
            self.ws();
            match self.peek()? {
                b'}' => {
                    self.i += 1;
                    return Some(Value::Object(map));
                }
                b',' => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            let key = match self.peek()? {
                b'"' | b'\'' => self.string()?,
                _ => self.bare()?,
            };
            self.ws();
            if self.peek()? != b':' {
                return None;
            }
            self.i += 1;
            let v = self.value(depth + 1)?;
            map.insert(key, v);
        }
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.ws();
            match self.peek()? {
                b']' => {
                    self.i += 1;
                    return Some(Value::Array(items));
                }
                b',' => {
                    self.i += 1;
                    continue;
                }
                _ => items.push(self.value(depth + 1)?),
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        let quote = self.peek()?;
        self.i += 1;
        let mut out = String::new();
        let mut start = self.i;
        while self.i < self.s.len() {
            let c = self.s[self.i];
            if c == quote {
                out.push_str(self.text.get(start..self.i)?);
                self.i += 1;
                return Some(out);
            }
            if c == b'\\' {
                out.push_str(self.text.get(start..self.i)?);
                let esc = *self.s.get(self.i + 1)?;
                self.i += 2;
                match esc {
                    b'n' => out.push('\n'),
                    b't' => out.push('\t'),
                    b'r' => out.push('\r'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'u' => {
                        let hex = self.text.get(self.i..self.i + 4)?;
                        let code = u32::from_str_radix(hex, 16).ok()?;
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        self.i += 4;
                    }
                    other => out.push(char::from(other)),
                }
                start = self.i;
                continue;
            }
            self.i += 1;
        }
        None
    }

    fn bare(&mut self) -> Option<String> {
        let start = self.i;
        while self.i < self.s.len() {
            let c = self.s[self.i];
            if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'.' | b'-') || c >= 0x80 {
                self.i += 1;
            } else {
                break;
            }
        }
        if self.i == start {
            return None;
        }
        self.text.get(start..self.i).map(str::to_string)
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.i;
        while self.i < self.s.len()
            && matches!(
                self.s[self.i],
                b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
            )
        {
            self.i += 1;
        }
        let t = self.text.get(start..self.i)?;
        if let Ok(n) = t.parse::<i64>() {
            return Some(Value::Number(n.into()));
        }
        let f = t.parse::<f64>().ok()?;
        Number::from_f64(f).map(Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn lenient_forms() {
        let v = parse("{ id: 'com.android.tools.r8.mapping', version: '2.0' }").expect("parses");
        assert_eq!(v["id"], "com.android.tools.r8.mapping");
        assert_eq!(v["version"], "2.0");
        let v = parse(r#"{"id":"sourceFile","fileName":"Class.kt"}"#).expect("parses");
        assert_eq!(v["fileName"], "Class.kt");
        let v = parse("{ 'id':'x', 'positions': { '1': 4, '2': 5 } }").expect("parses");
        assert_eq!(v["positions"]["2"], 5);
        assert!(parse("{ id: ").is_none());
        assert!(parse("{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{").is_none());
    }
}
