//! The findings of a run in the forms its readers want: a person at a terminal (`text`,
//! `concise`), a CI job (`github`, `sarif`, `json`) and a pull request (`markdown`).
//!
//! Each file's findings are turned into [`Finding`]s on the worker thread that read the file,
//! with lines and columns worked out while the text is at hand; the text and its tree are dropped
//! there. Formats that print one file at a time render on the worker too; the others build one
//! document from every file's findings at the end.

mod github;
mod json;
mod markdown;
mod sarif;
mod text;

use std::collections::BTreeMap;

use clap::ValueEnum;

use crate::diagnostic::{Applicability, Diagnostic};
use crate::rules::{self, SYNTAX_ERROR};

use super::render::LineIndex;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum Format {
    /// Each finding with the lines around it, the range marked; a summary at the end.
    #[default]
    Text,
    /// One line per finding: `path:line:col: rule message`.
    Concise,
    /// One JSON document (schema version 1; see the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands, shown as annotations on the pull request.
    Github,
    /// A summary for a pull-request body: files, fixes, and each rule explained once.
    Markdown,
}

impl Format {
    /// Whether the format prints each file by itself, so that it can be rendered on the worker
    /// that read the file.
    pub(crate) fn per_file(self) -> bool {
        matches!(self, Format::Text | Format::Concise | Format::Github)
    }
}

/// How serious a finding is: a file BuildKit rejects is an error, anything else a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn of(rule: &str) -> Severity {
        if rule == SYNTAX_ERROR { Severity::Error } else { Severity::Warning }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a file: 1-based line and column (in characters), and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: Position,
    pub end: Position,
}

impl Span {
    fn new(index: &LineIndex<'_>, start: usize, end: usize) -> Span {
        let at = |offset: usize| {
            let (line, column) = index.line_col(offset);
            Position { line, column, offset }
        };
        Span { start: at(start), end: at(end) }
    }
}

/// One edit of a fix, placed in the file as it is on disk after the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EditInfo {
    pub span: Span,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FixInfo {
    pub applicability: Applicability,
    /// Whether `--write` with this run's `--unsafe-fixes` setting applies it.
    pub applies: bool,
    pub edits: Vec<EditInfo>,
}

/// One finding, ready for any format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub rule: &'static str,
    pub codes: &'static [&'static str],
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub fix: Option<FixInfo>,
}

impl Finding {
    /// `diagnostic` placed in `text`; `unsafe_fixes` says whether unsafe fixes are applied.
    pub(crate) fn new(diagnostic: &Diagnostic, index: &LineIndex<'_>, unsafe_fixes: bool) -> Self {
        let range = diagnostic.range;
        let fix = diagnostic.fix.as_ref().map(|fix| FixInfo {
            applicability: fix.applicability,
            applies: fix.applicability == Applicability::Safe || unsafe_fixes,
            edits: fix
                .edits
                .iter()
                .map(|edit| EditInfo {
                    span: Span::new(index, edit.range.start().into(), edit.range.end().into()),
                    content: edit.insert.clone(),
                })
                .collect(),
        });
        Finding {
            rule: diagnostic.rule,
            codes: rules::by_name(diagnostic.rule).map_or(&[], |rule| rule.codes),
            severity: Severity::of(diagnostic.rule),
            message: visible(&diagnostic.message),
            span: Span::new(index, range.start().into(), range.end().into()),
            fix,
        }
    }
}

/// `text` with its control characters written as escapes (`\u{1b}`): a message can quote the
/// Dockerfile, and what it quotes must not reach a terminal or a CI log as commands.
pub(crate) fn visible(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() })
        .collect()
}

/// What the run did, in the terms every format reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunKind {
    /// Findings only; nothing changes.
    Report,
    /// Fixes that `--write` would apply; nothing changes.
    Pending,
    /// Fixes were written; the findings are those left.
    Written,
}

impl RunKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RunKind::Report => "report",
            RunKind::Pending => "check",
            RunKind::Written => "write",
        }
    }
}

/// One file's part of a report.
#[derive(Debug, Clone, Default)]
pub(crate) struct FileFindings {
    pub path: String,
    pub findings: Vec<Finding>,
    /// Fix modes: fixes applied (or that would be) per rule.
    pub fixes: BTreeMap<&'static str, usize>,
    /// Left alone because BuildKit would reject it.
    pub skipped: bool,
    /// The fixed text, when the run keeps it instead of writing the file.
    pub fixed: Option<String>,
}

/// Everything an aggregate format needs.
pub(crate) struct Report<'a> {
    pub kind: RunKind,
    pub files: &'a [FileFindings],
    /// Files read.
    pub checked: usize,
    /// Errors of dockfix's own, each a message that starts with the path it concerns.
    pub errors: &'a [String],
}

impl Report<'_> {
    fn findings(&self) -> impl Iterator<Item = (&FileFindings, &Finding)> {
        self.files.iter().flat_map(|file| file.findings.iter().map(move |f| (file, f)))
    }
}

/// Renders one file's findings in a per-file format.
pub(crate) fn file(
    format: Format,
    path: &str,
    source: &str,
    findings: &[Finding],
    color: bool,
    out: &mut String,
) {
    // A file name can hold control characters too.
    let path = &visible(path);
    match format {
        Format::Text => text::file(path, source, findings, color, out),
        Format::Concise => concise(path, findings, out),
        Format::Github => github::file(path, findings, out),
        Format::Json | Format::Sarif | Format::Markdown => {}
    }
}

/// Renders the whole report in a format that is one document.
pub(crate) fn document(format: Format, report: &Report<'_>) -> String {
    match format {
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Markdown => markdown::render(report),
        Format::Text | Format::Concise | Format::Github => String::new(),
    }
}

/// What a finding's fix needs: nothing, `--write`, or `--write --unsafe-fixes`.
fn fix_note(fix: Option<&FixInfo>) -> Option<&'static str> {
    let fix = fix?;
    Some(match (fix.applicability, fix.applies) {
        (Applicability::Safe, _) => "fix available with --write",
        (Applicability::Unsafe, true) => "unsafe fix available with --write",
        (Applicability::Unsafe, false) => "unsafe fix available with --write --unsafe-fixes",
    })
}

/// `path:line:col: rule message`, one line per finding, with the fix in brackets.
fn concise(path: &str, findings: &[Finding], out: &mut String) {
    use std::fmt::Write;
    for finding in findings {
        let Position { line, column, .. } = finding.span.start;
        let note = fix_note(finding.fix.as_ref()).map(|n| format!(" [{n}]")).unwrap_or_default();
        let _ = writeln!(out, "{path}:{line}:{column}: {} {}{note}", finding.rule, finding.message);
    }
}

/// The first paragraph under a rule's `## What it does`, as one line.
pub(crate) fn rule_description(doc: &str) -> String {
    let mut lines = doc.lines().skip_while(|line| !line.starts_with("## What it does")).skip(1);
    let paragraph: Vec<&str> = lines
        .by_ref()
        .skip_while(|line| line.trim().is_empty())
        .take_while(|line| !line.trim().is_empty() && !line.starts_with("## "))
        .map(str::trim)
        .collect();
    paragraph.join(" ")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix};
    use rowan::{TextRange, TextSize};

    /// A finding of `rule` over `start..end` of `text`, with a fix inserting `x` at `start`.
    pub(crate) fn finding(
        text: &str,
        rule: &'static str,
        start: u32,
        end: u32,
        fix: Option<Applicability>,
        unsafe_fixes: bool,
    ) -> Finding {
        let diagnostic = Diagnostic {
            rule,
            message: "the message".to_string(),
            range: TextRange::new(TextSize::from(start), TextSize::from(end)),
            fix: fix.map(|applicability| Fix {
                edits: vec![Edit::insert(TextSize::from(start), "x")],
                applicability,
            }),
        };
        Finding::new(&diagnostic, &LineIndex::new(text), unsafe_fixes)
    }

    #[test]
    fn findings_are_placed_in_lines_and_characters() {
        let text = "FROM a\nRUN é b\n";
        let f = finding(text, "apk-no-cache", 13, 14, Some(Applicability::Safe), false);
        assert_eq!(f.span.start, Position { line: 2, column: 6, offset: 13 });
        assert_eq!(f.span.end, Position { line: 2, column: 7, offset: 14 });
        assert_eq!(f.codes, &["DL3019"]);
        assert_eq!(f.severity, Severity::Warning);
        let fix = f.fix.unwrap();
        assert!(fix.applies);
        assert_eq!(fix.edits[0].span.start, fix.edits[0].span.end);
        assert_eq!(fix.edits[0].content, "x");
        let syntax = finding(text, SYNTAX_ERROR, 0, 1, None, false);
        assert_eq!((syntax.severity, syntax.codes.len()), (Severity::Error, 0));
    }

    #[test]
    fn control_characters_in_messages_become_escapes() {
        assert_eq!(
            visible("unknown instruction: \x1b[31mFOO"),
            "unknown instruction: \\u{1b}[31mFOO"
        );
        assert_eq!(visible("tab\there"), "tab\\u{9}here");
        assert_eq!(visible("é plain"), "é plain");
    }

    #[test]
    fn concise_says_what_a_fix_needs() {
        let text = "FROM a\nRUN b\n";
        let findings = [
            finding(text, "r", 0, 0, Some(Applicability::Safe), false),
            finding(text, "r", 7, 7, Some(Applicability::Unsafe), false),
            finding(text, "r", 11, 11, None, false),
            finding(text, "r", 7, 7, Some(Applicability::Unsafe), true),
        ];
        let mut out = String::new();
        concise("D", &findings, &mut out);
        assert_eq!(
            out,
            "D:1:1: r the message [fix available with --write]\n\
             D:2:1: r the message [unsafe fix available with --write --unsafe-fixes]\n\
             D:2:5: r the message\n\
             D:2:1: r the message [unsafe fix available with --write]\n"
        );
    }

    #[test]
    fn a_rule_is_described_by_its_first_paragraph() {
        let doc = "## What it does\n\nFinds a\nthing.\n\nMore.\n## Why\nx\n";
        assert_eq!(rule_description(doc), "Finds a thing.");
        assert_eq!(rule_description("## Why\nx\n"), "");
    }
}
