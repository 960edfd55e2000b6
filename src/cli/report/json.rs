//! `--format json`: one document, described by `report.schema.json` beside this file.
//!
//! The document carries `"version": 1`. A change that could break a reader (a field removed,
//! renamed or given another meaning) raises the version; new fields do not.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::Applicability;

use super::{Finding, Position, Report, Span};

/// The version of the document's schema.
pub(crate) const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    mode: &'static str,
    findings: Vec<JsonFinding<'a>>,
    files: Vec<JsonFile<'a>>,
    errors: &'a [String],
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    rule: &'static str,
    codes: &'static [&'static str],
    severity: &'static str,
    message: &'a str,
    range: JsonRange,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
    offset: usize,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    applies: bool,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: JsonRange,
    content: &'a str,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    findings: usize,
    fixes: &'a BTreeMap<&'static str, usize>,
    skipped: bool,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    files_with_findings: usize,
    findings: usize,
    fixes: usize,
    files_changed: usize,
    errors: usize,
}

fn range(span: &Span) -> JsonRange {
    let position = |p: &Position| JsonPosition { line: p.line, column: p.column, offset: p.offset };
    JsonRange { start: position(&span.start), end: position(&span.end) }
}

fn finding<'a>(path: &'a str, finding: &'a Finding) -> JsonFinding<'a> {
    JsonFinding {
        path,
        rule: finding.rule,
        codes: finding.codes,
        severity: finding.severity.as_str(),
        message: &finding.message,
        range: range(&finding.span),
        fix: finding.fix.as_ref().map(|fix| JsonFix {
            applicability: match fix.applicability {
                Applicability::Safe => "safe",
                Applicability::Unsafe => "unsafe",
            },
            applies: fix.applies,
            edits: fix
                .edits
                .iter()
                .map(|edit| JsonEdit { range: range(&edit.span), content: &edit.content })
                .collect(),
        }),
    }
}

pub(super) fn render(report: &Report<'_>) -> String {
    let files: Vec<JsonFile<'_>> = report
        .files
        .iter()
        .filter(|file| !file.findings.is_empty() || !file.fixes.is_empty() || file.skipped)
        .map(|file| JsonFile {
            path: &file.path,
            findings: file.findings.len(),
            fixes: &file.fixes,
            skipped: file.skipped,
        })
        .collect();
    let document = Document {
        version: VERSION,
        tool: Tool { name: "dockfix", version: env!("CARGO_PKG_VERSION") },
        mode: report.kind.as_str(),
        findings: report.findings().map(|(file, f)| finding(&file.path, f)).collect(),
        summary: Summary {
            files: report.checked,
            files_with_findings: report.files.iter().filter(|f| !f.findings.is_empty()).count(),
            findings: report.findings().count(),
            fixes: report.files.iter().flat_map(|f| f.fixes.values()).sum(),
            files_changed: report.files.iter().filter(|f| !f.fixes.is_empty()).count(),
            errors: report.errors.len(),
        },
        files,
        errors: report.errors,
    };
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}
