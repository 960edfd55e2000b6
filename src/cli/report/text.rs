//! The default format: each finding with the lines around it and its range marked.
//!
//! ```text
//! Dockerfile:2:5: apk-no-cache `apk add` without `--no-cache` keeps the index in the image
//!   |
//! 1 | FROM alpine:3.21
//! 2 | RUN apk add curl
//!   |     ^^^^^^^^^^^^
//! 3 | CMD ["curl"]
//!   |
//!   = fix available with --write
//! ```

use std::fmt::Write;

use super::super::render::LineIndex;
use super::{Finding, Severity, fix_note};

const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const BLUE: &str = "\x1b[34m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// Lines of a long range shown before the rest is elided.
const MAX_RANGE_LINES: usize = 6;

/// Characters of one source line shown; longer lines are cut, the marked part kept in view.
const MAX_LINE_CHARS: usize = 160;

/// Columns a tab takes in the snippet.
const TAB_WIDTH: usize = 4;

pub(super) fn file(path: &str, source: &str, findings: &[Finding], color: bool, out: &mut String) {
    let index = LineIndex::new(source);
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let paint = |style: &'static str, text: &str| {
        if color { format!("{style}{text}{RESET}") } else { text.to_string() }
    };
    for finding in findings {
        let start = finding.span.start;
        let rule_style = match finding.severity {
            Severity::Error => RED,
            Severity::Warning => YELLOW,
        };
        let _ = writeln!(
            out,
            "{}: {} {}",
            paint(BOLD, &format!("{path}:{}:{}", start.line, start.column)),
            paint(rule_style, finding.rule),
            finding.message
        );

        // A range that ends at the start of a line ends on the line before it.
        let mut last = finding.span.end.line;
        if last > start.line && finding.span.end.column == 1 {
            last -= 1;
        }
        let first_shown = start.line.saturating_sub(1).max(1);
        let last_shown = (last + 1).min(lines.len().max(1));
        let width = last_shown.to_string().len();
        let gutter = |number: Option<usize>| {
            let number = number.map(|n| n.to_string()).unwrap_or_default();
            paint(BLUE, &format!("{number:>width$} |"))
        };
        let _ = writeln!(out, "{}", gutter(None));
        let mut line = first_shown;
        while line <= last_shown {
            if line >= start.line && line <= last && line - start.line == MAX_RANGE_LINES - 1 {
                let skipped = last - line;
                if skipped > 1 {
                    let _ = writeln!(out, "{} ({skipped} more lines)", paint(BLUE, "..."));
                    line = last;
                    continue;
                }
            }
            let text = lines.get(line - 1).copied().unwrap_or("");
            let text = text.strip_suffix('\n').unwrap_or(text);
            let text = text.strip_suffix('\r').unwrap_or(text);
            let marked = (line >= start.line && line <= last).then(|| {
                let line_start = index.offset_of_line(line);
                let from = if line == start.line { start.offset - line_start } else { 0 };
                let to = if line == finding.span.end.line {
                    (finding.span.end.offset - line_start).min(text.len())
                } else {
                    text.len()
                };
                (from.min(text.len()), to.max(from).min(text.len()))
            });
            let (shown, carets) = display(text, marked);
            let _ = writeln!(out, "{} {shown}", gutter(Some(line)));
            trim_end(out);
            if let Some((pad, n)) = carets {
                let marks = paint(RED, &"^".repeat(n));
                let _ = writeln!(out, "{} {}{marks}", gutter(None), " ".repeat(pad));
            }
            line += 1;
        }
        let _ = writeln!(out, "{}", gutter(None));
        if let Some(note) = fix_note(finding.fix.as_ref()) {
            let _ = writeln!(out, "{:width$} = {}", "", paint(CYAN, note));
        }
        out.push('\n');
    }
}

/// Drops the spaces a blank source line leaves after the gutter.
fn trim_end(out: &mut String) {
    if out.ends_with(" \n") {
        let kept = out.trim_end_matches([' ', '\n']).len();
        out.truncate(kept);
        out.push('\n');
    }
}

/// The line as shown (tabs expanded, control characters made visible, cut when long) and, when
/// part of it is marked, the caret line's indent and length.
fn display(text: &str, marked: Option<(usize, usize)>) -> (String, Option<(usize, usize)>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // The window of characters shown: all of them, or enough around the marked part.
    let (mut begin, mut end) = (0, chars.len());
    if chars.len() > MAX_LINE_CHARS {
        let mark_at = marked.map_or(0, |(from, _)| chars.partition_point(|&(i, _)| i < from));
        begin = mark_at.saturating_sub(MAX_LINE_CHARS / 4);
        end = (begin + MAX_LINE_CHARS).min(chars.len());
        begin = begin.min(end.saturating_sub(MAX_LINE_CHARS));
    }
    let mut shown = String::new();
    let (mut pad, mut carets) = (None, 0);
    if begin > 0 {
        shown.push('…');
    }
    for &(offset, c) in &chars[begin..end] {
        let cell = match c {
            '\t' => " ".repeat(TAB_WIDTH),
            c if c.is_control() => char::REPLACEMENT_CHARACTER.to_string(),
            c => c.to_string(),
        };
        let width = cell.chars().count();
        if let Some((from, to)) = marked {
            if offset >= from && offset < to {
                pad.get_or_insert(shown.chars().count());
                carets += width;
            }
        }
        shown.push_str(&cell);
    }
    if end < chars.len() {
        shown.push('…');
    }
    let carets = marked.map(|(from, to)| {
        if carets == 0 {
            // An empty range, or one past the last character: one caret where it points.
            let at = chars[begin..end].iter().filter(|&&(offset, _)| offset < from).count();
            let before: usize = chars[begin..begin + at]
                .iter()
                .map(|&(_, c)| if c == '\t' { TAB_WIDTH } else { 1 })
                .sum();
            (before + usize::from(begin > 0), usize::from(to >= from))
        } else {
            (pad.unwrap_or(0), carets)
        }
    });
    (shown, carets)
}

#[cfg(test)]
mod tests {
    use super::super::tests::finding;
    use super::*;
    use crate::diagnostic::Applicability;

    fn render(text: &str, findings: &[Finding]) -> String {
        let mut out = String::new();
        file("Dockerfile", text, findings, false, &mut out);
        out
    }

    #[test]
    fn a_finding_shows_its_line_and_neighbours() {
        let text = "FROM alpine:3.21\nRUN apk add curl\nCMD [\"curl\"]\n";
        let f = finding(text, "apk-no-cache", 21, 33, Some(Applicability::Safe), false);
        assert_eq!(
            render(text, &[f]),
            "Dockerfile:2:5: apk-no-cache the message\n  |\n1 | FROM alpine:3.21\n\
             2 | RUN apk add curl\n  |     ^^^^^^^^^^^^\n3 | CMD [\"curl\"]\n  |\n  \
             = fix available with --write\n\n"
        );
    }

    #[test]
    fn an_empty_range_gets_one_caret_and_the_first_line_has_no_line_before() {
        let text = "RUN\tx\n";
        let f = finding(text, "r", 4, 4, None, false);
        assert_eq!(
            render(text, &[f]),
            "Dockerfile:1:5: r the message\n  |\n1 | RUN    x\n  |        ^\n  |\n\n"
        );
        // At the very end of a line.
        let f = finding(text, "r", 5, 5, None, false);
        assert!(render(text, &[f]).contains("1 | RUN    x\n  |         ^\n"));
    }

    #[test]
    fn a_range_over_lines_marks_each_and_ends_before_a_line_start() {
        let text = "RUN a \\\n  b\nCMD c\n";
        let f = finding(text, "r", 0, 12, Some(Applicability::Unsafe), false);
        assert_eq!(
            render(text, &[f]),
            "Dockerfile:1:1: r the message\n  |\n1 | RUN a \\\n  | ^^^^^^^\n2 |   b\n  | ^^^\n\
             3 | CMD c\n  |\n  = unsafe fix available with --write --unsafe-fixes\n\n"
        );
    }

    #[test]
    fn long_ranges_are_elided_and_long_lines_cut() {
        let text: String = (1..=20).map(|n| format!("l{n}\n")).collect();
        let f = finding(&text, "r", 0, u32::try_from(text.len() - 1).unwrap(), None, false);
        let out = render(&text, &[f]);
        assert!(out.contains(" 5 | l5\n   | ^^\n... (14 more lines)\n20 | l20\n"), "{out}");
        assert!(!out.contains("l6\n"));

        let long = format!("RUN {}x{}\n", "a".repeat(300), "b".repeat(300));
        let f = finding(&long, "r", 304, 305, None, false);
        let out = render(&long, &[f]);
        let shown = out.lines().find(|l| l.starts_with("1 | ")).unwrap();
        assert_eq!(shown.chars().count(), "1 | ".len() + MAX_LINE_CHARS + 2);
        let carets = out.lines().find(|l| l.ends_with('^')).unwrap();
        let x = shown.chars().position(|c| c == 'x');
        assert_eq!(carets.chars().position(|c| c == '^'), x);
    }

    #[test]
    fn control_characters_are_not_sent_to_the_terminal() {
        let text = "RUN \x1b[31m x\r\n";
        let f = finding(text, "r", 0, 3, None, false);
        let out = render(text, &[f]);
        assert!(!out.contains('\x1b') && !out.contains('\r'), "{out:?}");
    }
}
