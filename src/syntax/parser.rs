//! Builds the lossless tree from Dockerfile text, reading lines the way BuildKit does.
//!
//! The parser works line by line: parser directives at the top, then comments, blank lines and
//! instructions. An instruction's physical lines are joined into the logical line BuildKit
//! reads; [`buildkit::analyze`] says where its keyword, flags and arguments are; the emitter
//! then lays those boundaries back over the physical text, so that continuations and the
//! comment lines inside them stay exactly where the author put them.

use std::ops::Range;

use rowan::{GreenNode, GreenNodeBuilder, TextRange, TextSize};

use super::SyntaxKind::{self, *};
use super::buildkit::{self, Analysis, Heredoc, Instruction, Span};
use super::lexer::{self, Mode};
use super::{Parse, SyntaxError};

/// BuildKit reads physical lines of at most 64 KiB, line end included.
const MAX_LINE: usize = 65_536;

/// One physical line: `start..content_end` is its text, `content_end..end` its line end.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

fn split_lines(text: &str, from: usize) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = from;
    while start < bytes.len() {
        let end = match memchr(b'\n', &bytes[start..]) {
            Some(i) => start + i + 1,
            None => bytes.len(),
        };
        let mut content_end = end;
        while content_end > start && matches!(bytes[content_end - 1], b'\r' | b'\n') {
            content_end -= 1;
        }
        lines.push(Line { start, content_end, end });
        start = end;
    }
    lines
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// A piece of an instruction's physical text: either part of the logical line, or text
/// BuildKit drops while joining lines (continuations, line ends, swallowed comment lines).
#[derive(Debug)]
enum Item {
    Content { range: Range<usize> },
    Trivia { kind: SyntaxKind, range: Range<usize> },
}

pub(super) fn parse(text: &str) -> Parse {
    let mut p = Parser {
        text,
        builder: GreenNodeBuilder::new(),
        errors: Vec::new(),
        instructions: Vec::new(),
        escape: b'\\',
    };
    p.builder.start_node(SOURCE_FILE.into());
    let body_start = if text.starts_with('\u{feff}') {
        p.builder.token(BOM.into(), "\u{feff}");
        3
    } else {
        0
    };
    let lines = split_lines(text, body_start);
    p.check_line_lengths(&lines);
    let mut i = p.directives(&lines);
    while i < lines.len() {
        let line = lines[i];
        let content = &text[line.start..line.content_end];
        let trimmed = content.trim_start();
        let lead = line.start + (content.len() - trimmed.len());
        if trimmed.is_empty() || trimmed.starts_with('#') {
            p.token(WHITESPACE, line.start..lead);
            p.token(COMMENT, lead..line.content_end);
            p.token(NEWLINE, line.content_end..line.end);
            i += 1;
            continue;
        }
        p.token(WHITESPACE, line.start..lead);
        i = p.instruction(&lines, i, lead);
    }
    if p.instructions.is_empty() && p.errors.is_empty() {
        let end = TextSize::of(text);
        p.errors.push(SyntaxError {
            message: "file with no instructions".into(),
            range: TextRange::empty(end),
            line: lines.len().max(1),
        });
    }
    p.builder.finish_node();
    let green: GreenNode = p.builder.finish();
    Parse { green, errors: p.errors, instructions: p.instructions, escape: p.escape }
}

struct Parser<'a> {
    text: &'a str,
    builder: GreenNodeBuilder<'static>,
    errors: Vec<SyntaxError>,
    instructions: Vec<Instruction>,
    escape: u8,
}

impl Parser<'_> {
    fn token(&mut self, kind: SyntaxKind, range: Range<usize>) {
        if !range.is_empty() {
            self.builder.token(kind.into(), &self.text[range]);
        }
    }

    fn error(&mut self, message: impl Into<String>, range: Range<usize>, line: usize) {
        let range = TextRange::new(to_size(range.start), to_size(range.end));
        self.errors.push(SyntaxError { message: message.into(), range, line });
    }

    fn check_line_lengths(&mut self, lines: &[Line]) {
        for (i, line) in lines.iter().enumerate() {
            let ends_with_newline = self.text.as_bytes()[line.end - 1] == b'\n';
            let limit = if ends_with_newline { MAX_LINE } else { MAX_LINE - 1 };
            if line.end - line.start > limit {
                self.error(
                    "dockerfile line greater than max allowed size of 65535",
                    line.start..line.content_end,
                    i + 1,
                );
            }
        }
    }

    /// Reads the parser directives at the top of the file; returns the first line after them.
    fn directives(&mut self, lines: &[Line]) -> usize {
        let mut seen: Vec<String> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let content = &self.text[line.start..line.content_end];
            let lead = content.len() - content.trim_start().len();
            let Some(parts) = directive_parts(&content[lead..]) else {
                return i;
            };
            let name = content[lead..][parts.name.clone()].to_ascii_lowercase();
            if !matches!(name.as_str(), "syntax" | "escape" | "check") {
                return i;
            }
            let base = line.start + lead;
            let at = |r: &Range<usize>| base + r.start..base + r.end;
            let value_range = at(&parts.value);
            if seen.contains(&name) {
                self.error(
                    format!("only one {name} parser directive can be used"),
                    line.start..line.content_end,
                    i + 1,
                );
            } else if name == "escape" {
                match &self.text[value_range.clone()] {
                    "\\" => self.escape = b'\\',
                    "`" => self.escape = b'`',
                    other => {
                        let message =
                            format!("invalid escape token '{other}' does not match ` or \\");
                        self.error(message, value_range.clone(), i + 1);
                    }
                }
            }
            seen.push(name);

            self.token(WHITESPACE, line.start..base);
            self.builder.start_node(DIRECTIVE.into());
            self.token(HASH, base..base + 1);
            self.token(WHITESPACE, base + 1..base + parts.name.start);
            self.token(DIRECTIVE_NAME, at(&parts.name));
            self.token(WHITESPACE, base + parts.name.end..base + parts.eq);
            self.token(EQ, base + parts.eq..base + parts.eq + 1);
            self.token(WHITESPACE, base + parts.eq + 1..value_range.start);
            self.token(DIRECTIVE_VALUE, value_range.clone());
            self.token(WHITESPACE, value_range.end..line.content_end);
            self.builder.finish_node();
            self.token(NEWLINE, line.content_end..line.end);
        }
        lines.len()
    }

    /// Where the escape character continues `start..end`, if it does: BuildKit's
    /// `([^\\]|^)\\[ \t]*$` with the escape character in effect.
    fn continuation_at(&self, start: usize, end: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut p = end;
        while p > start && matches!(bytes[p - 1], b' ' | b'\t') {
            p -= 1;
        }
        if p == start || bytes[p - 1] != self.escape {
            return None;
        }
        let esc = p - 1;
        (esc == start || bytes[esc - 1] != self.escape).then_some(esc)
    }

    /// Parses the instruction starting on line `first` at `lead`; returns the next line index.
    fn instruction(&mut self, lines: &[Line], first: usize, lead: usize) -> usize {
        let text = self.text;
        let mut items = Vec::new();
        let mut logical = String::new();

        // The first line, then continuation lines until one does not continue.
        let line = lines[first];
        let mut continues = self.push_piece(&mut items, &mut logical, lead, line.content_end);
        let mut last = first;
        while continues && last + 1 < lines.len() {
            let prev = lines[last];
            items.push(Item::Trivia { kind: NEWLINE, range: prev.content_end..prev.end });
            last += 1;
            let line = lines[last];
            let content = &text[line.start..line.content_end];
            let trimmed = content.trim_start();
            let indent = line.start + (content.len() - trimmed.len());
            if trimmed.is_empty() || trimmed.starts_with('#') {
                items.push(Item::Trivia { kind: WHITESPACE, range: line.start..indent });
                items.push(Item::Trivia { kind: COMMENT, range: indent..line.content_end });
                continue;
            }
            continues = self.push_piece(&mut items, &mut logical, line.start, line.content_end);
        }
        if continues {
            let line = lines[last];
            self.error(
                "the file ends inside a line continuation: the last line ends with the escape character",
                line.start..line.content_end,
                first + 1,
            );
        }
        let end_of_logical = lines[last];
        items.push(Item::Trivia {
            kind: NEWLINE,
            range: end_of_logical.content_end..end_of_logical.end,
        });

        let analysis = buildkit::analyze(&logical, self.escape);
        let kind = analysis.kind.unwrap_or(UNKNOWN_INSTR);

        // Heredoc bodies follow the logical line, each up to its closing line.
        let mut heredocs = Vec::new();
        let mut heredoc_items = Vec::new();
        let mut next = last + 1;
        for marker in &analysis.markers {
            let body_start = next;
            let mut closed = None;
            while next < lines.len() {
                let line = lines[next];
                next += 1;
                let mut candidate = &text[line.start..line.content_end];
                if marker.chomp {
                    candidate = candidate.trim_start_matches('\t');
                }
                if candidate == marker.name {
                    closed = Some(line);
                    break;
                }
            }
            let body_end_line = if closed.is_some() { next - 1 } else { next };
            let body = match (lines.get(body_start), body_end_line > body_start) {
                (Some(first_body), true) => first_body.start..lines[body_end_line - 1].end,
                _ => {
                    let at = lines.get(body_start).map_or(text.len(), |l| l.start);
                    at..at
                }
            };
            heredocs
                .push(Heredoc { name: marker.name.clone(), content: text[body.clone()].into() });
            heredoc_items.push((body.clone(), closed));
            if closed.is_none() {
                self.error("unterminated heredoc", body.clone(), first + 1);
                break;
            }
        }
        let end_line = if heredoc_items.is_empty() { last + 1 } else { next };

        if let Some((message, range)) = &analysis.error {
            let range = self.logical_to_text(&items, range.clone());
            self.error(message.clone(), range, first + 1);
        }

        self.instructions.push(Instruction {
            keyword: analysis.keyword.clone(),
            sub_keyword: analysis.sub_keyword.clone(),
            json: analysis.json,
            start_line: first + 1,
            end_line,
            flags: analysis.flags.clone(),
            args: analysis.args.clone(),
            heredocs,
        });

        // Build the node. Its final line end stays outside it.
        let mut trailing_newline = None;
        if heredoc_items.is_empty() {
            if let Some(Item::Trivia { kind: NEWLINE, range }) = items.last() {
                trailing_newline = Some(range.clone());
                items.pop();
            }
        }
        self.builder.start_node(kind.into());
        Emitter { text, logical: &logical, items: &items, idx: 0, off: 0, parser: self }
            .emit(&analysis);
        let count = heredoc_items.len();
        for (k, (body, closed)) in heredoc_items.into_iter().enumerate() {
            self.builder.start_node(HEREDOC.into());
            match closed {
                Some(end) => {
                    self.token(HEREDOC_BODY, body);
                    self.token(HEREDOC_END, end.start..end.content_end);
                    self.builder.finish_node();
                    let newline = end.content_end..end.end;
                    if k + 1 < count {
                        self.token(NEWLINE, newline);
                    } else {
                        trailing_newline = Some(newline);
                    }
                }
                None => {
                    self.builder.start_node(ERROR.into());
                    self.token(HEREDOC_BODY, body);
                    self.builder.finish_node();
                    self.builder.finish_node();
                }
            }
        }
        self.builder.finish_node();
        if let Some(nl) = trailing_newline {
            self.token(NEWLINE, nl);
        }
        end_line
    }

    /// Adds `start..end` of a line to the logical line; returns whether the line continues.
    fn push_piece(
        &self,
        items: &mut Vec<Item>,
        logical: &mut String,
        start: usize,
        end: usize,
    ) -> bool {
        match self.continuation_at(start, end) {
            Some(esc) => {
                items.push(Item::Content { range: start..esc });
                items.push(Item::Trivia { kind: LINE_CONTINUATION, range: esc..end });
                logical.push_str(&self.text[start..esc]);
                true
            }
            None => {
                items.push(Item::Content { range: start..end });
                logical.push_str(&self.text[start..end]);
                false
            }
        }
    }

    fn logical_to_text(&self, items: &[Item], range: Range<usize>) -> Range<usize> {
        let mut log = 0;
        let mut start = None;
        let mut end = None;
        for item in items {
            if let Item::Content { range: phys } = item {
                let len = phys.len();
                if start.is_none() && range.start <= log + len {
                    start = Some(phys.start + (range.start - log));
                }
                if end.is_none() && range.end <= log + len {
                    end = Some(phys.start + (range.end - log));
                }
                log += len;
            }
        }
        let start = start.unwrap_or(self.text.len());
        start..end.unwrap_or(start).max(start)
    }
}

fn to_size(offset: usize) -> TextSize {
    TextSize::try_from(offset).unwrap_or(TextSize::new(u32::MAX))
}

/// The parts of a `# name=value` directive line, as offsets into it.
struct DirectiveParts {
    name: Range<usize>,
    eq: usize,
    value: Range<usize>,
}

/// BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, where `\s` is `[\t\n\f\r ]`.
fn directive_parts(line: &str) -> Option<DirectiveParts> {
    let bytes = line.as_bytes();
    let is_space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ');
    if bytes.first() != Some(&b'#') {
        return None;
    }
    let mut pos = 1;
    while pos < bytes.len() && is_space(bytes[pos]) {
        pos += 1;
    }
    let name_start = pos;
    if !bytes.get(pos).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while pos < bytes.len() && bytes[pos].is_ascii_alphanumeric() {
        pos += 1;
    }
    let name = name_start..pos;
    while pos < bytes.len() && is_space(bytes[pos]) {
        pos += 1;
    }
    if bytes.get(pos) != Some(&b'=') {
        return None;
    }
    let eq = pos;
    pos += 1;
    let rest = &bytes[pos..];
    if rest.is_empty() {
        return None;
    }
    // The value keeps at least one character, even when that character is white space.
    let lead = rest.iter().take_while(|&&b| is_space(b)).count().min(rest.len() - 1);
    let mut end = rest.len();
    while end > lead + 1 && is_space(rest[end - 1]) {
        end -= 1;
    }
    Some(DirectiveParts { name, eq, value: pos + lead..pos + end })
}

/// Lays the spans of an [`Analysis`] over an instruction's physical text.
struct Emitter<'e, 'p, 't> {
    text: &'t str,
    logical: &'e str,
    items: &'e [Item],
    /// The item being read, and how far into it when it is content.
    idx: usize,
    off: usize,
    parser: &'p mut Parser<'t>,
}

impl Emitter<'_, '_, '_> {
    fn emit(mut self, analysis: &Analysis) {
        let mut spans: Vec<&Span> = analysis.spans.iter().filter(|s| !s.range.is_empty()).collect();
        spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end), !s.is_node));

        let mut stack: Vec<(usize, Mode)> = Vec::new();
        let mut cursor = 0;
        for span in spans {
            while let Some(&(end, mode)) = stack.last() {
                if end > span.range.start {
                    break;
                }
                self.fill(cursor, end, mode);
                cursor = end;
                self.parser.builder.finish_node();
                stack.pop();
            }
            if span.range.start < cursor
                || stack.last().is_some_and(|&(end, _)| span.range.end > end)
            {
                // Overlapping spans never come out of the analysis; skip one if they do.
                continue;
            }
            let mode = stack.last().map_or(Mode::Args, |&(_, mode)| mode);
            self.fill(cursor, span.range.start, mode);
            cursor = span.range.start;
            if span.is_node {
                self.flush_trivia();
                self.parser.builder.start_node(span.kind.into());
                let mode = if span.kind == EXEC_FORM { Mode::Json } else { mode };
                stack.push((span.range.end, mode));
            } else {
                self.piece(span.kind, span.range.len());
                cursor = span.range.end;
            }
        }
        while let Some((end, mode)) = stack.pop() {
            self.fill(cursor, end, mode);
            cursor = end;
            self.parser.builder.finish_node();
        }
        self.fill(cursor, self.logical.len(), Mode::Args);
        self.flush_trivia();
    }

    /// Emits the logical text `from..to` as tokens of the lexer for `mode`.
    fn fill(&mut self, from: usize, to: usize, mode: Mode) {
        if from >= to {
            return;
        }
        let logical = self.logical;
        let mut tokens = Vec::new();
        lexer::tokenize(&logical[from..to], mode, |kind, len| tokens.push((kind, len)));
        for (kind, len) in tokens {
            self.piece(kind, len);
        }
    }

    /// Emits `len` bytes of logical text as `kind`, split around any trivia in between.
    fn piece(&mut self, kind: SyntaxKind, mut len: usize) {
        while len > 0 {
            self.flush_trivia();
            let Some(Item::Content { range }) = self.items.get(self.idx) else {
                return;
            };
            let take = len.min(range.len() - self.off);
            let start = range.start + self.off;
            self.parser.builder.token(kind.into(), &self.text[start..start + take]);
            self.off += take;
            len -= take;
        }
    }

    /// Emits the trivia items that come before the next byte of logical text.
    fn flush_trivia(&mut self) {
        while let Some(item) = self.items.get(self.idx) {
            match item {
                Item::Content { range } if self.off < range.len() => return,
                Item::Content { .. } => {}
                Item::Trivia { kind, range } => self.parser.token(*kind, range.clone()),
            }
            self.idx += 1;
            self.off = 0;
        }
    }
}
