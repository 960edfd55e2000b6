//! What a run prints besides its findings: unified diffs and the closing summary.

use std::collections::BTreeMap;
use std::fmt::Write;

use similar::{ChangeTag, TextDiff};

/// Line starts of a text, to turn byte offsets into 1-based line and character columns.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The byte offset where 1-based `line` starts; the end of the text past the last line.
    pub(crate) fn offset_of_line(&self, line: usize) -> usize {
        self.starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len())
    }

    /// The 1-based line and column of `offset`, the column counted in characters.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let before = self.text.get(self.starts[line]..offset).unwrap_or("");
        // A byte-order mark is no column an editor shows.
        let before = before.strip_prefix('\u{feff}').unwrap_or(before);
        (line + 1, before.chars().count() + 1)
    }
}

/// How long a file's diff may search for the smallest one.
const DIFF_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(200);

const BOLD: &str = "\x1b[1m";
const CYAN: &str = "\x1b[36m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// A unified diff from `old` to `new` with `--- a/path` and `+++ b/path` headers, coloured for
/// a terminal when `color` is set.
pub(crate) fn diff(path: &str, old: &str, new: &str, color: bool, out: &mut String) {
    let paint = |out: &mut String, style: &str, line: &str| {
        if color {
            let _ = writeln!(out, "{style}{line}{RESET}");
        } else {
            let _ = writeln!(out, "{line}");
        }
    };
    paint(out, BOLD, &format!("--- {}", header_path("a/", path)));
    paint(out, BOLD, &format!("+++ {}", header_path("b/", path)));

    // A fix can change every line of a large file; past the deadline the diff is still right,
    // only less small.
    let diff = TextDiff::configure().timeout(DIFF_TIMEOUT).diff_lines(old, new);
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        paint(out, CYAN, &hunk.header().to_string());
        for change in hunk.iter_changes() {
            let (sign, style) = match change.tag() {
                ChangeTag::Delete => ('-', RED),
                ChangeTag::Insert => ('+', GREEN),
                ChangeTag::Equal => (' ', ""),
            };
            let value = change.value();
            let line = value.strip_suffix('\n').unwrap_or(value);
            if style.is_empty() {
                let _ = writeln!(out, "{sign}{line}");
            } else {
                paint(out, style, &format!("{sign}{line}"));
            }
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
}

/// `prefix` and `path` as a diff header names them: as they are, or, when the path holds a
/// quote, a backslash or a control character, in double quotes with C escapes, as git writes
/// them, so that `git apply` reads the name back.
fn header_path(prefix: &str, path: &str) -> String {
    if !path.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
        return format!("{prefix}{path}");
    }
    let mut out = String::from("\"");
    for c in prefix.chars().chain(path.chars()) {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let mut buf = [0; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{byte:03o}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What the closing summary counts.
#[derive(Debug, Default)]
pub(crate) struct Totals {
    /// Files read, broken ones included.
    pub checked: usize,
    /// Errors of dockfix's own: paths it could not read, decode or write.
    pub errors: usize,
    /// Report mode: findings, the files that have some, and how many a fix mode would fix.
    pub findings: usize,
    pub files_with_findings: usize,
    pub safe_fixes: usize,
    pub unsafe_fixes: usize,
    /// Fix modes: files that change, and the fixes per rule.
    pub changed: usize,
    pub applied: BTreeMap<&'static str, usize>,
    /// Files left alone because they are not valid Dockerfiles.
    pub skipped: usize,
    /// Unsafe fixes not applied because `--unsafe-fixes` was not given.
    pub held_back: usize,
}

/// Which summary to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SummaryKind {
    Report { unsafe_fixes: bool },
    WouldChange,
    Written,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line: `3 files checked, 1 would be changed (2 fixes: apk-no-cache 2)`.
pub(crate) fn summary(totals: &Totals, kind: SummaryKind) -> String {
    let mut out = format!("{} checked", plural(totals.checked, "file", "files"));
    match kind {
        SummaryKind::Report { unsafe_fixes } => {
            if totals.findings == 0 {
                out.push_str(", no findings");
            } else {
                let _ = write!(
                    out,
                    ", {} in {}",
                    plural(totals.findings, "finding", "findings"),
                    plural(totals.files_with_findings, "file", "files")
                );
                let mut fixable = Vec::new();
                if unsafe_fixes {
                    let all = totals.safe_fixes + totals.unsafe_fixes;
                    if all > 0 {
                        fixable.push(format!("{all} fixable with --write --unsafe-fixes"));
                    }
                } else {
                    if totals.safe_fixes > 0 {
                        fixable.push(format!("{} fixable with --write", totals.safe_fixes));
                    }
                    if totals.unsafe_fixes > 0 {
                        let more = if totals.safe_fixes > 0 { " more" } else { "" };
                        fixable.push(format!(
                            "{}{more} with --write --unsafe-fixes",
                            totals.unsafe_fixes
                        ));
                    }
                }
                if !fixable.is_empty() {
                    let _ = write!(out, " ({})", fixable.join(", "));
                }
            }
        }
        SummaryKind::WouldChange | SummaryKind::Written => {
            let verb = if kind == SummaryKind::Written { "changed" } else { "would be changed" };
            let _ = write!(out, ", {} {verb}", totals.changed);
            let n_fixes: usize = totals.applied.values().sum();
            if n_fixes > 0 {
                let per_rule: Vec<String> =
                    totals.applied.iter().map(|(rule, n)| format!("{rule} {n}")).collect();
                let _ =
                    write!(out, " ({}: {})", plural(n_fixes, "fix", "fixes"), per_rule.join(", "));
            }
            if totals.skipped > 0 {
                let _ = write!(out, ", {} skipped for syntax errors", totals.skipped);
            }
            if totals.held_back > 0 {
                let _ = write!(
                    out,
                    "; {} held back without --unsafe-fixes",
                    plural(totals.held_back, "unsafe fix", "unsafe fixes")
                );
            }
        }
    }
    if totals.errors > 0 {
        let _ = write!(out, "; {}", plural(totals.errors, "error", "errors"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        assert_eq!(LineIndex::new("\u{feff}FROM alpine").line_col(3), (1, 1));
        assert_eq!(LineIndex::new("\u{feff}FROM alpine").line_col(8), (1, 6));
        let index = LineIndex::new("FROM alpine\nLABEL é=1 x\n\nRUN x");
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(5), (1, 6));
        assert_eq!(index.line_col(11), (1, 12));
        assert_eq!(index.line_col(12), (2, 1));
        // `é` is two bytes and one column.
        assert_eq!(index.line_col(12 + "LABEL é=1 ".len()), (2, 11));
        assert_eq!(index.line_col(25), (3, 1));
        assert_eq!(index.line_col(26), (4, 1));
        assert_eq!(index.line_col(1000), (4, 6));
    }

    #[test]
    fn diff_has_headers_and_hunks() {
        let mut out = String::new();
        diff("Dockerfile", "FROM a\nRUN x\n", "FROM a\nRUN y\n", false, &mut out);
        assert_eq!(
            out,
            "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n FROM a\n-RUN x\n+RUN y\n"
        );
    }

    #[test]
    fn diff_headers_quote_names_as_git_does() {
        assert_eq!(header_path("a/", "my dir/Dockerfile"), "a/my dir/Dockerfile");
        assert_eq!(header_path("a/", "x\ty/Dockerfile"), "\"a/x\\ty/Dockerfile\"");
        assert_eq!(header_path("b/", "q\"\\\n\x1b"), "\"b/q\\\"\\\\\\n\\033\"");
    }

    #[test]
    fn diff_marks_a_missing_final_newline() {
        let mut out = String::new();
        diff("D", "RUN x", "RUN y", false, &mut out);
        assert_eq!(
            out,
            "--- a/D\n+++ b/D\n@@ -1 +1 @@\n-RUN x\n\\ No newline at end of file\n+RUN y\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn diff_colours_each_kind_of_line() {
        let mut out = String::new();
        diff("D", "A\nB\n", "A\nC\n", true, &mut out);
        assert_eq!(
            out,
            "\x1b[1m--- a/D\x1b[0m\n\x1b[1m+++ b/D\x1b[0m\n\x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n A\n\x1b[31m-B\x1b[0m\n\x1b[32m+C\x1b[0m\n"
        );
    }

    #[test]
    fn summaries() {
        let mut totals = Totals { checked: 3, ..Totals::default() };
        let report = SummaryKind::Report { unsafe_fixes: false };
        assert_eq!(summary(&totals, report), "3 files checked, no findings");
        assert_eq!(
            summary(&totals, SummaryKind::WouldChange),
            "3 files checked, 0 would be changed"
        );

        totals.findings = 3;
        totals.files_with_findings = 1;
        totals.safe_fixes = 2;
        totals.unsafe_fixes = 1;
        assert_eq!(
            summary(&totals, report),
            "3 files checked, 3 findings in 1 file (2 fixable with --write, 1 more with --write --unsafe-fixes)"
        );
        assert_eq!(
            summary(&totals, SummaryKind::Report { unsafe_fixes: true }),
            "3 files checked, 3 findings in 1 file (3 fixable with --write --unsafe-fixes)"
        );

        totals.changed = 1;
        totals.applied.insert("apk-no-cache", 2);
        totals.skipped = 1;
        totals.held_back = 1;
        totals.errors = 2;
        assert_eq!(
            summary(&totals, SummaryKind::Written),
            "3 files checked, 1 changed (2 fixes: apk-no-cache 2), 1 skipped for syntax errors; \
             1 unsafe fix held back without --unsafe-fixes; 2 errors"
        );
    }
}
