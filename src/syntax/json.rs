//! The JSON reading BuildKit applies to exec-form arguments, with Go's `encoding/json` rules.

/// What a piece of argument text is when read as JSON.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ExecForm {
    /// Not a JSON array BuildKit accepts: the text is read in shell or whitespace form.
    NotJson,
    /// A JSON array of strings, decoded.
    Strings(Vec<String>),
    /// A well-formed JSON array holding something other than strings: an error in BuildKit.
    NotAllStrings,
}

/// Reads `text` as BuildKit does: it must start with `[` and be exactly one JSON value.
pub(crate) fn read_exec_form(text: &str) -> ExecForm {
    let text = text.trim_start();
    if !text.starts_with('[') {
        return ExecForm::NotJson;
    }
    let mut reader = Reader { bytes: text.as_bytes(), pos: 0, overflow: false };
    let Some(Value::Array(items)) = reader.value() else {
        return ExecForm::NotJson;
    };
    reader.skip_ws();
    if reader.pos != reader.bytes.len() || reader.overflow {
        return ExecForm::NotJson;
    }
    let mut strings = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::String(s) => strings.push(s),
            Value::Other => return ExecForm::NotAllStrings,
            Value::Array(_) => return ExecForm::NotAllStrings,
        }
    }
    ExecForm::Strings(strings)
}

enum Value {
    String(String),
    Array(Vec<Value>),
    Other,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Go fails to decode a number beyond the range of `f64`, which makes BuildKit fall back.
    overflow: bool,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.skip_ws();
        match self.peek()? {
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if self.eat(b']') {
                    return Some(Value::Array(items));
                }
                loop {
                    items.push(self.value()?);
                    self.skip_ws();
                    if self.eat(b']') {
                        return Some(Value::Array(items));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'{' => {
                self.pos += 1;
                self.skip_ws();
                if self.eat(b'}') {
                    return Some(Value::Other);
                }
                loop {
                    self.skip_ws();
                    if self.peek() != Some(b'"') {
                        return None;
                    }
                    self.string()?;
                    self.skip_ws();
                    if !self.eat(b':') {
                        return None;
                    }
                    self.value()?;
                    self.skip_ws();
                    if self.eat(b'}') {
                        return Some(Value::Other);
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'"' => self.string().map(Value::String),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<Value> {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            Some(Value::Other)
        } else {
            None
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.pos;
        self.eat(b'-');
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.eat(b'.') && self.digits() == 0 {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return None;
            }
        }
        let text = std::str::from_utf8(&self.bytes[start..self.pos]).ok()?;
        if text.parse::<f64>().map_or(true, f64::is_infinite) {
            self.overflow = true;
        }
        Some(Value::Other)
    }

    fn hex4(&mut self) -> Option<u32> {
        let hex = self.bytes.get(self.pos..self.pos + 4)?;
        let hex = std::str::from_utf8(hex).ok()?;
        let value = u32::from_str_radix(hex, 16).ok()?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        Some(value)
    }

    fn string(&mut self) -> Option<String> {
        debug_assert_eq!(self.peek(), Some(b'"'));
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let byte = self.peek()?;
            self.pos += 1;
            match byte {
                b'"' => break,
                b'\\' => {
                    let escaped = self.peek()?;
                    self.pos += 1;
                    match escaped {
                        b'"' | b'\\' | b'/' => out.push(escaped),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0c),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            let ch = if (0xD800..0xDC00).contains(&first) {
                                // A high surrogate pairs with a following `\uDC00`..`\uDFFF`.
                                let save = self.pos;
                                let low = if self.bytes[self.pos..].starts_with(b"\\u") {
                                    self.pos += 2;
                                    self.hex4()
                                } else {
                                    None
                                };
                                match low {
                                    Some(low) if (0xDC00..0xE000).contains(&low) => {
                                        let code =
                                            0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
                                        char::from_u32(code).unwrap_or('\u{FFFD}')
                                    }
                                    _ => {
                                        self.pos = save;
                                        '\u{FFFD}'
                                    }
                                }
                            } else {
                                char::from_u32(first).unwrap_or('\u{FFFD}')
                            };
                            let mut buf = [0; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return None,
                    }
                }
                0x00..=0x1f => return None,
                _ => out.push(byte),
            }
        }
        Some(String::from_utf8_lossy(&out).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> ExecForm {
        ExecForm::Strings(items.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn reads_string_arrays() {
        assert_eq!(read_exec_form(r#"["echo", "x"]"#), strings(&["echo", "x"]));
        assert_eq!(read_exec_form("[]"), strings(&[]));
        assert_eq!(read_exec_form(r#"["a\u0041\n", "\ud800"]"#), strings(&["aA\n", "\u{FFFD}"]));
        assert_eq!(read_exec_form(r#"["\ud83d\ude00"]"#), strings(&["\u{1F600}"]));
    }

    #[test]
    fn falls_back_on_malformed_json() {
        for text in [
            r#"["/a""#,
            "['a']",
            r#"["a",]"#,
            r#"["a" "b"]"#,
            "[01]",
            "[1e400]",
            r#"["a"] trailing"#,
            "echo [x]",
            r#"["a	b"]"#,
        ] {
            assert_eq!(read_exec_form(text), ExecForm::NotJson, "{text}");
        }
    }

    #[test]
    fn rejects_arrays_of_other_values() {
        for text in [r#"["a", 1]"#, "[true]", "[null]", r#"[["a"]]"#, r#"[{"a": 1}]"#] {
            assert_eq!(read_exec_form(text), ExecForm::NotAllStrings, "{text}");
        }
    }
}
