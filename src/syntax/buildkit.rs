//! How BuildKit reads one logical line: keyword, flags, arguments, heredoc markers.
//!
//! Everything here works on the line after continuations are joined, exactly as BuildKit's
//! parser sees it, and reports both the values BuildKit would give and where in the line each
//! part sits, so the parser can shape the tree around the same boundaries.

use std::ops::Range;

use serde::Serialize;

use super::SyntaxKind::{self, *};
use super::heredoc::{self, Marker};
use super::json::{ExecForm, read_exec_form};

/// One instruction as BuildKit's parser reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    /// The keyword as written.
    pub keyword: String,
    /// The keyword of the instruction an `ONBUILD` wraps.
    pub sub_keyword: Option<String>,
    /// The arguments were read as a JSON array.
    pub json: bool,
    /// 1-based physical line where the instruction starts.
    pub start_line: usize,
    /// 1-based last physical line it consumes, heredoc bodies included.
    pub end_line: usize,
    /// The leading `--` words, after quote and escape processing.
    pub flags: Vec<String>,
    /// BuildKit's value list; for ENV and LABEL triples of key, value and separator.
    pub args: Vec<String>,
    pub heredocs: Vec<Heredoc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    pub name: String,
    pub content: String,
}

/// A stretch of the logical line that becomes a node or a token of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) range: Range<usize>,
    pub(crate) kind: SyntaxKind,
    pub(crate) is_node: bool,
}

/// What [`analyze`] found in a logical line.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    pub(crate) kind: Option<SyntaxKind>,
    pub(crate) keyword: String,
    pub(crate) sub_keyword: Option<String>,
    pub(crate) json: bool,
    pub(crate) flags: Vec<String>,
    pub(crate) args: Vec<String>,
    pub(crate) markers: Vec<Marker>,
    pub(crate) error: Option<(String, Range<usize>)>,
    pub(crate) spans: Vec<Span>,
}

impl Analysis {
    fn node(&mut self, range: Range<usize>, kind: SyntaxKind) {
        self.spans.push(Span { range, kind, is_node: true });
    }

    fn token(&mut self, range: Range<usize>, kind: SyntaxKind) {
        self.spans.push(Span { range, kind, is_node: false });
    }

    fn fail(&mut self, message: String, range: Range<usize>) {
        if self.error.is_none() {
            self.node(range.clone(), ERROR);
            self.error = Some((message, range));
        }
    }
}

/// ASCII white space as BuildKit's `reWhitespace` (`[\t\v\f\r ]`) matches it.
fn is_ascii_blank(byte: u8) -> bool {
    matches!(byte, b'\t' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Go's `unicode.IsSpace` applied to a single byte taken as a code point.
fn is_byte_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ' | 0x85 | 0xa0)
}

/// The first char boundary at or after `pos`.
fn ceil_boundary(text: &str, mut pos: usize) -> usize {
    while pos < text.len() && !text.is_char_boundary(pos) {
        pos += 1;
    }
    pos.min(text.len())
}

/// `text[range]` trimmed of Unicode white space on both sides, as a range of `text`.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    if start >= end { start..start } else { start..end }
}

/// Reads the logical `line` as BuildKit does, with `escape` as the escape character.
pub(crate) fn analyze(line: &str, escape: u8) -> Analysis {
    let mut res = Analysis::default();
    analyze_into(&mut res, line, 0..line.len(), escape);
    res
}

fn analyze_into(res: &mut Analysis, line: &str, range: Range<usize>, escape: u8) {
    let whole = trim_range(line, range);
    let bytes = line.as_bytes();
    let kw_end = (whole.start..whole.end).find(|&i| is_ascii_blank(bytes[i])).unwrap_or(whole.end);
    let keyword = &line[whole.start..kw_end];
    let kind = SyntaxKind::from_keyword(&go_lowercase(keyword));
    res.kind = Some(kind);
    res.keyword = keyword.to_string();
    res.token(whole.start..kw_end, KEYWORD);

    let mut rest_start = kw_end;
    while rest_start < whole.end && is_ascii_blank(bytes[rest_start]) {
        rest_start += 1;
    }
    let mut flags = Vec::new();
    let mut args_start = whole.end;
    if rest_start > kw_end {
        args_start = extract_flags(line, rest_start..whole.end, escape, &mut flags, res);
    }
    let args = trim_range(line, ceil_boundary(line, args_start)..whole.end);
    res.flags = flags;

    let values = match kind {
        RUN_INSTR | CMD_INSTR | ENTRYPOINT_INSTR | SHELL_INSTR => maybe_json(res, line, args),
        COPY_INSTR | ADD_INSTR | VOLUME_INSTR => maybe_json_list(res, line, args),
        FROM_INSTR => from_words(res, line, args),
        EXPOSE_INSTR => whitespace_words(res, line, args, ARGUMENT),
        ENV_INSTR => name_values(res, line, args, escape, "ENV"),
        LABEL_INSTR => name_values(res, line, args, escape, "LABEL"),
        ARG_INSTR => names_or_name_values(res, line, args, escape),
        MAINTAINER_INSTR | STOPSIGNAL_INSTR | USER_INSTR | WORKDIR_INSTR => {
            if args.is_empty() {
                Vec::new()
            } else {
                res.node(args.clone(), TEXT);
                vec![line[args].to_string()]
            }
        }
        HEALTHCHECK_INSTR => healthcheck(res, line, args),
        ONBUILD_INSTR => onbuild(res, line, args, escape),
        _ => {
            res.fail(format!("unknown instruction: {keyword}"), whole.start..kw_end);
            vec![String::new()]
        }
    };
    res.args = values;
    if matches!(kind, RUN_INSTR | COPY_INSTR | ADD_INSTR) && !res.json {
        res.markers = heredoc::markers(line);
    }
    if kind != ONBUILD_INSTR {
        let markers: Vec<_> = res.markers.iter().map(|m| m.range.clone()).collect();
        for range in markers {
            res.token(range, HEREDOC_MARKER);
        }
    }
}

/// A flag word's text as BuildKit reads it: quotes removed, escaped characters kept.
pub(crate) fn flag_text(word: &str, escape: u8) -> String {
    let mut res = Analysis::default();
    let mut flags = Vec::new();
    extract_flags(word, 0..word.len(), escape, &mut flags, &mut res);
    flags.pop().unwrap_or_default()
}

/// ONBUILD: the rest is a whole instruction of its own; its keyword, form and values are
/// reported on the ONBUILD, which keeps its own flags.
fn onbuild(res: &mut Analysis, line: &str, args: Range<usize>, escape: u8) -> Vec<String> {
    if args.is_empty() {
        return Vec::new();
    }
    let mut inner = Analysis::default();
    analyze_into(&mut inner, line, args.clone(), escape);
    let inner_kind = inner.kind.unwrap_or(UNKNOWN_INSTR);
    res.node(args.clone(), inner_kind);
    res.spans.append(&mut inner.spans);
    res.sub_keyword = Some(inner.keyword);
    res.json = inner.json;
    res.markers = inner.markers;
    res.error = inner.error;
    if inner_kind == ONBUILD_INSTR {
        res.fail("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".into(), args);
        // BuildKit's parser reports the inner ONBUILD's child list as one empty value, and
        // nothing when the inner ONBUILD wraps nothing.
        return if inner.sub_keyword.is_some() { vec![String::new()] } else { Vec::new() };
    }
    inner.args
}

/// Takes the `--flags` off the front of `line[range]` and returns where the arguments start.
fn extract_flags(
    line: &str,
    range: Range<usize>,
    escape: u8,
    flags: &mut Vec<String>,
    res: &mut Analysis,
) -> usize {
    let bytes = line.as_bytes();
    let end = range.end;
    let mut pos = range.start;
    loop {
        while pos < end && is_byte_space(bytes[pos]) {
            pos += 1;
        }
        if pos >= end || bytes[pos] != b'-' || pos + 1 >= end || bytes[pos + 1] != b'-' {
            return pos;
        }
        // A word starting with `--`.
        let start = pos;
        let mut word: Vec<u8> = Vec::new();
        let mut blank_ok = false;
        let mut quote: Option<u8> = None;
        while pos < end {
            let ch = bytes[pos];
            match quote {
                None if is_byte_space(ch) => break,
                None if ch == b'\'' || ch == b'"' => {
                    quote = Some(ch);
                    blank_ok = true;
                }
                Some(q) if ch == q => quote = None,
                _ if ch == escape => {
                    if pos + 1 == end {
                        // A trailing escape is dropped, and it closes an open quote.
                        quote = None;
                    } else {
                        pos += 1;
                        push_latin1(&mut word, bytes[pos]);
                    }
                }
                _ => push_latin1(&mut word, ch),
            }
            pos += 1;
        }
        if word == b"--" {
            // A bare `--` ends the flags and is dropped.
            res.token(start..pos, WORD);
            while pos < end && is_byte_space(bytes[pos]) {
                pos += 1;
            }
            return pos;
        }
        let range = ceil_boundary(line, start)..ceil_boundary(line, pos);
        if !range.is_empty() {
            res.node(range, FLAG);
        }
        if blank_ok || !word.is_empty() {
            flags.push(String::from_utf8_lossy(&word).into_owned());
        }
    }
}

/// Appends `byte` read as a Latin-1 code point, as Go's `string(rune(b))` does.
fn push_latin1(out: &mut Vec<u8>, byte: u8) {
    let mut buf = [0; 4];
    out.extend_from_slice(char::from(byte).encode_utf8(&mut buf).as_bytes());
}

fn maybe_json(res: &mut Analysis, line: &str, args: Range<usize>) -> Vec<String> {
    if args.is_empty() {
        return Vec::new();
    }
    match read_exec_form(&line[args.clone()]) {
        ExecForm::Strings(values) => {
            res.json = true;
            res.node(args, EXEC_FORM);
            values
        }
        ExecForm::NotAllStrings => {
            res.node(args.clone(), EXEC_FORM);
            res.fail(
                "when using JSON array syntax, arrays must be comprised of strings only".into(),
                args,
            );
            Vec::new()
        }
        ExecForm::NotJson => {
            res.node(args.clone(), SHELL_FORM);
            unterminated_json(res, line, args.clone());
            vec![line[args].to_string()]
        }
    }
}

fn maybe_json_list(res: &mut Analysis, line: &str, args: Range<usize>) -> Vec<String> {
    match read_exec_form(&line[args.clone()]) {
        ExecForm::Strings(values) => {
            res.json = true;
            res.node(args, EXEC_FORM);
            values
        }
        ExecForm::NotAllStrings => {
            res.node(args.clone(), EXEC_FORM);
            res.fail(
                "when using JSON array syntax, arrays must be comprised of strings only".into(),
                args,
            );
            Vec::new()
        }
        ExecForm::NotJson => {
            unterminated_json(res, line, args.clone());
            whitespace_words(res, line, args, ARGUMENT)
        }
    }
}

/// An exec form whose array is never closed. BuildKit silently reads it as a shell command or
/// as paths, which is never what the author meant; a shell test (`[ -f x ]`) has its `]`.
fn unterminated_json(res: &mut Analysis, line: &str, args: Range<usize>) {
    let text = &line[args.clone()];
    if text.starts_with('[') && !text.contains(']') {
        res.fail("unterminated JSON array: the `[` is never closed".into(), args);
    }
}

/// Ranges of the words of `line[args]` split on runs of ASCII blanks.
fn blank_split(line: &str, args: Range<usize>) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut start = args.start;
    for i in args.clone() {
        if is_ascii_blank(bytes[i]) {
            if start < i {
                words.push(start..i);
            }
            start = i + 1;
        }
    }
    if start < args.end {
        words.push(start..args.end);
    }
    words
}

fn whitespace_words(
    res: &mut Analysis,
    line: &str,
    args: Range<usize>,
    kind: SyntaxKind,
) -> Vec<String> {
    if args.is_empty() {
        return Vec::new();
    }
    let words = blank_split(line, args);
    for word in &words {
        res.node(word.clone(), kind);
    }
    words.into_iter().map(|w| line[w].to_string()).collect()
}

fn from_words(res: &mut Analysis, line: &str, args: Range<usize>) -> Vec<String> {
    if args.is_empty() {
        return Vec::new();
    }
    let words = blank_split(line, args);
    for (i, word) in words.iter().enumerate() {
        match i {
            0 => res.node(word.clone(), IMAGE_REF),
            1 if words.len() == 3 && line[word.clone()].eq_ignore_ascii_case("as") => {
                res.token(word.clone(), AS_KW)
            }
            2 if words.len() == 3 && line[words[1].clone()].eq_ignore_ascii_case("as") => {
                res.node(word.clone(), STAGE_NAME)
            }
            _ => res.node(word.clone(), ARGUMENT),
        }
    }
    words.into_iter().map(|w| line[w].to_string()).collect()
}

/// BuildKit's `parseWords`: quotes and escapes are kept, only a final escape is dropped.
fn parse_words(line: &str, args: Range<usize>, escape: u8) -> Vec<(Range<usize>, String)> {
    let text = &line[args.clone()];
    let escape = char::from(escape);
    let mut words = Vec::new();
    let mut word = String::new();
    let mut start: Option<usize> = None;
    let mut blank_ok = false;
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((pos, ch)) = chars.next() {
        let Some(word_start) = start else {
            if ch.is_whitespace() {
                continue;
            }
            start = Some(pos);
            // Fall through to read the first character of the word.
            return_word_char(&mut chars, &mut word, &mut quote, &mut blank_ok, ch, escape);
            continue;
        };
        if quote.is_none() && ch.is_whitespace() {
            if blank_ok || !word.is_empty() {
                words.push((args.start + word_start..args.start + pos, std::mem::take(&mut word)));
            }
            word.clear();
            blank_ok = false;
            start = None;
            continue;
        }
        return_word_char(&mut chars, &mut word, &mut quote, &mut blank_ok, ch, escape);
    }
    if let Some(word_start) = start {
        if blank_ok || !word.is_empty() {
            words.push((args.start + word_start..args.end, word));
        }
    }
    words
}

fn return_word_char(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    word: &mut String,
    quote: &mut Option<char>,
    blank_ok: &mut bool,
    ch: char,
    escape: char,
) {
    match *quote {
        None => {
            if ch == '\'' || ch == '"' {
                *quote = Some(ch);
                *blank_ok = true;
            }
            if ch == escape {
                match chars.next() {
                    // An escape at the very end of the line is dropped.
                    None => return,
                    Some((_, next)) => {
                        word.push(ch);
                        word.push(next);
                        return;
                    }
                }
            }
            word.push(ch);
        }
        Some(q) => {
            if ch == q {
                *quote = None;
            }
            if ch == escape && q != '\'' {
                match chars.next() {
                    None => {
                        *quote = None;
                        return;
                    }
                    Some((_, next)) => {
                        word.push(ch);
                        word.push(next);
                        return;
                    }
                }
            }
            word.push(ch);
        }
    }
}

fn name_values(
    res: &mut Analysis,
    line: &str,
    args: Range<usize>,
    escape: u8,
    keyword: &str,
) -> Vec<String> {
    let words = parse_words(line, args.clone(), escape);
    if words.is_empty() {
        return Vec::new();
    }
    let mut values = Vec::new();
    if !words[0].1.contains('=') {
        // The legacy form: the key, a run of ASCII blanks, then the value verbatim.
        let bytes = line.as_bytes();
        let Some(key_end) = args.clone().find(|&i| is_ascii_blank(bytes[i])) else {
            res.fail(format!("{keyword} must have two arguments"), args);
            return Vec::new();
        };
        let mut value_start = key_end;
        while value_start < args.end && is_ascii_blank(bytes[value_start]) {
            value_start += 1;
        }
        res.node(args.clone(), KEY_VALUE);
        res.node(args.start..key_end, KEY);
        if value_start < args.end {
            res.node(value_start..args.end, VALUE);
        }
        values.push(line[args.start..key_end].to_string());
        values.push(line[value_start..args.end].to_string());
        values.push(String::new());
        return values;
    }
    for (range, word) in words {
        let Some(eq) = word.find('=') else {
            res.fail(
                format!(
                    "Syntax error - can't find = in {}. Must be of the form: name=value",
                    go_quote(&word)
                ),
                range,
            );
            return Vec::new();
        };
        key_value_spans(res, line, range, KEY_VALUE);
        values.push(word[..eq].to_string());
        values.push(word[eq + 1..].to_string());
        values.push("=".to_string());
    }
    values
}

fn names_or_name_values(
    res: &mut Analysis,
    line: &str,
    args: Range<usize>,
    escape: u8,
) -> Vec<String> {
    let words = parse_words(line, args, escape);
    for (range, _) in &words {
        key_value_spans(res, line, range.clone(), ARG_DEF);
    }
    words.into_iter().map(|(_, word)| word).collect()
}

/// A `key=value` word: the node, then the key, `=` and value inside it.
fn key_value_spans(res: &mut Analysis, line: &str, range: Range<usize>, kind: SyntaxKind) {
    res.node(range.clone(), kind);
    match line[range.clone()].find('=') {
        Some(eq) => {
            let eq = range.start + eq;
            if eq > range.start {
                res.node(range.start..eq, KEY);
            }
            res.token(eq..eq + 1, EQ);
            if eq + 1 < range.end {
                res.node(eq + 1..range.end, VALUE);
            }
        }
        None => res.node(range, KEY),
    }
}

fn healthcheck(res: &mut Analysis, line: &str, args: Range<usize>) -> Vec<String> {
    let bytes = line.as_bytes();
    let mut sep = args.start;
    while sep < args.end && !is_byte_space(bytes[sep]) {
        sep += 1;
    }
    let mut next = sep;
    while next < args.end && is_byte_space(bytes[next]) {
        next += 1;
    }
    if sep == args.start {
        return Vec::new();
    }
    let sep_char = ceil_boundary(line, sep);
    res.node(args.start..sep_char, ARGUMENT);
    let mut values = vec![String::from_utf8_lossy(&bytes[args.start..sep]).into_owned()];
    let rest = ceil_boundary(line, next).max(sep_char)..args.end;
    values.extend(maybe_json(res, line, rest));
    values
}

/// Go's `strings.ToLower`, which maps each character to one character (`İ` to `i`), where
/// Rust's `to_lowercase` may give two.
fn go_lowercase(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(one), None) => one,
                _ if c == '\u{130}' => 'i',
                _ => c,
            }
        })
        .collect()
}

/// Go's `%q` for the strings BuildKit puts in its messages.
fn go_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
