//! `--format markdown`: a summary fit for a pull-request body. A table of the files and the fixes
//! in each, the findings left for a person, then each rule that appears explained once.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::rules::{SYNTAX_ERROR, by_name};

use super::{Report, RunKind, rule_description};

/// Findings listed one by one before the rest are only counted.
const MAX_LISTED: usize = 50;

pub(crate) fn render(report: &Report<'_>) -> String {
    let mut out = String::from("## dockfix\n\n");
    let fixes: usize = report.files.iter().flat_map(|file| file.fixes.values()).sum();
    let changed: Vec<_> = report.files.iter().filter(|file| !file.fixes.is_empty()).collect();
    let findings: Vec<_> = report.findings().collect();
    let mut rules: BTreeMap<&'static str, ()> = BTreeMap::new();

    let verb = match report.kind {
        RunKind::Written => "fixed",
        RunKind::Pending | RunKind::Report => "would fix",
    };
    let with_findings = report.files.iter().filter(|file| !file.findings.is_empty()).count();
    if report.kind == RunKind::Report && with_findings > 0 {
        let n = count(findings.len(), "finding", "findings");
        let _ = if with_findings == report.checked {
            writeln!(out, "dockfix found {n} in {}.", files(with_findings))
        } else {
            let checked = files(report.checked);
            writeln!(out, "dockfix found {n} in {with_findings} of the {checked} it checked.")
        };
    } else if changed.is_empty() && findings.is_empty() {
        let _ =
            writeln!(out, "dockfix checked {} and found nothing to fix.", files(report.checked));
    } else if changed.is_empty() {
        let verb = if report.kind == RunKind::Written { "changed" } else { "would change" };
        let left = count(findings.len(), "finding is", "findings are");
        let _ = writeln!(
            out,
            "dockfix {verb} none of the {} it checked; {left} listed below.",
            files(report.checked)
        );
    } else {
        let fixed = count(fixes, "finding", "findings");
        let _ = if changed.len() == report.checked {
            writeln!(out, "dockfix {verb} {fixed} in {}.", files(changed.len()))
        } else {
            let (n, checked) = (changed.len(), files(report.checked));
            writeln!(out, "dockfix {verb} {fixed} in {n} of the {checked} it checked.")
        };
        out.push_str("\n| File | Fixes |\n| --- | --- |\n");
        for file in &changed {
            let per_rule: Vec<String> = file
                .fixes
                .iter()
                .map(|(rule, n)| {
                    rules.insert(rule, ());
                    if *n == 1 { format!("`{rule}`") } else { format!("`{rule}` ×{n}") }
                })
                .collect();
            let _ = writeln!(out, "| {} | {} |", cell(&file.path), per_rule.join(", "));
        }
    }

    if !findings.is_empty() {
        let heading = match report.kind {
            RunKind::Report | RunKind::Pending => "Findings",
            RunKind::Written => "Left for a person",
        };
        let _ = writeln!(out, "\n### {heading}\n");
        for (file, finding) in findings.iter().take(MAX_LISTED) {
            rules.insert(finding.rule, ());
            let start = finding.span.start;
            let _ = writeln!(
                out,
                "- {} `{}`: {}",
                cell(&format!("{}:{}:{}", file.path, start.line, start.column)),
                finding.rule,
                inline(&finding.message)
            );
        }
        if findings.len() > MAX_LISTED {
            let _ = writeln!(out, "- … and {} more", findings.len() - MAX_LISTED);
        }
        for (_, finding) in findings.iter().skip(MAX_LISTED) {
            rules.insert(finding.rule, ());
        }
    }

    if !report.errors.is_empty() {
        out.push_str("\n### Errors\n\n");
        for error in report.errors {
            let _ = writeln!(out, "- {}", inline(error));
        }
    }

    if !rules.is_empty() {
        out.push_str("\n### Rules\n");
        for rule in rules.keys() {
            let (summary, description) = match by_name(rule) {
                Some(rule) => (rule.summary, rule_description(rule.doc)),
                None if *rule == SYNTAX_ERROR => {
                    ("the file is not a Dockerfile BuildKit would accept", String::new())
                }
                None => ("", String::new()),
            };
            let _ = writeln!(
                out,
                "\n<details>\n<summary><code>{rule}</code>: {}</summary>\n",
                html(summary)
            );
            if !description.is_empty() {
                let _ = writeln!(out, "{description}\n");
            }
            if *rule != SYNTAX_ERROR {
                let _ = writeln!(out, "More: `dockfix rules --explain {rule}`");
            }
            out.push_str("</details>\n");
        }
    }
    out
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn files(n: usize) -> String {
    count(n, "file", "files")
}

/// A file name as a code span in a table cell or a list, where `|` would end the cell; a name
/// holding a backtick gets a span of two.
fn cell(text: &str) -> String {
    let text = super::visible(text).replace('|', "\\|");
    if text.contains('`') { format!("`` {text} ``") } else { format!("`{text}`") }
}

/// A message on one line of a list. Its code spans stay as they are; elsewhere, what markdown
/// or GitHub would turn into a link, an image, HTML, emphasis or a mention is escaped, since a
/// message can quote the Dockerfile.
fn inline(text: &str) -> String {
    let text = super::visible(text);
    let mut out = String::with_capacity(text.len());
    let spans: Vec<&str> = text.split('`').collect();
    // An odd piece is inside a code span only when its closing backtick is there too.
    let closed = spans.len() % 2 == 1;
    for (i, piece) in spans.iter().enumerate() {
        let in_code = i % 2 == 1 && (closed || i + 1 < spans.len());
        if i > 0 {
            out.push_str(if i % 2 == 1 && !in_code { "\\`" } else { "`" });
        }
        if in_code {
            out.push_str(piece);
            continue;
        }
        for c in piece.chars() {
            match c {
                '\\' | '[' | ']' | '(' | ')' | '*' | '_' | '~' | '!' | '#' | '|' => {
                    out.push('\\');
                    out.push(c);
                }
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                // A zero-width space keeps `@name` from notifying anyone.
                '@' => out.push_str("@&#8203;"),
                c => out.push(c),
            }
        }
    }
    out
}

/// Text inside an HTML element.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::super::{FileFindings, tests::finding};
    use super::*;
    use crate::diagnostic::Applicability;

    #[test]
    fn a_body_lists_files_fixes_and_each_rule_once() {
        let text = "FROM a\nRUN apk add x\n";
        let left = finding(text, "pipefail", 7, 8, Some(Applicability::Unsafe), false);
        let files = [
            FileFindings {
                path: "a|b/Dockerfile".to_string(),
                fixes: [("apk-no-cache", 2), ("pipefail", 1)].into_iter().collect(),
                findings: vec![left],
                skipped: false,
                fixed: None,
            },
            FileFindings {
                path: "c/Dockerfile".to_string(),
                fixes: [("apk-no-cache", 1)].into_iter().collect(),
                ..FileFindings::default()
            },
        ];
        let report = Report { kind: RunKind::Written, files: &files, checked: 3, errors: &[] };
        let body = render(&report);
        assert!(body.starts_with(
            "## dockfix\n\ndockfix fixed 4 findings in 2 of the 3 files it checked.\n\n\
             | File | Fixes |\n| --- | --- |\n\
             | `a\\|b/Dockerfile` | `apk-no-cache` ×2, `pipefail` |\n\
             | `c/Dockerfile` | `apk-no-cache` |\n\n\
             ### Left for a person\n\n- `a\\|b/Dockerfile:2:1` `pipefail`: the message\n\n### Rules\n"
        ));
        assert_eq!(body.matches("<summary><code>apk-no-cache</code>").count(), 1);
        assert_eq!(body.matches("<summary><code>pipefail</code>").count(), 1);
        assert!(body.contains("More: `dockfix rules --explain pipefail`"));
    }

    #[test]
    fn messages_cannot_link_mention_or_inject_html() {
        assert_eq!(
            inline("unknown instruction: [x](https://a.example/)<img src=x>@octocat"),
            "unknown instruction: \\[x\\]\\(https://a.example/\\)&lt;img src=x&gt;@&#8203;octocat"
        );
        // Code spans are kept; a lone backtick is escaped so it opens none.
        assert_eq!(inline("`apk add` [a] `b`"), "`apk add` \\[a\\] `b`");
        assert_eq!(inline("a ` [b]"), "a \\` \\[b\\]");
    }

    #[test]
    fn a_run_that_changed_nothing_but_left_findings_says_so() {
        let text = "FROM a\nRUN apk add x\n";
        let files = [FileFindings {
            path: "x`y".to_string(),
            findings: vec![finding(text, "apk-no-cache", 7, 8, Some(Applicability::Safe), false)],
            ..FileFindings::default()
        }];
        let report = Report { kind: RunKind::Written, files: &files, checked: 1, errors: &[] };
        let body = render(&report);
        assert!(
            body.starts_with(
                "## dockfix\n\ndockfix changed none of the 1 file it checked; 1 finding is \
                 listed below.\n\n### Left for a person\n\n- `` x`y:2:1 `` `apk-no-cache`: "
            ),
            "{body}"
        );
    }

    #[test]
    fn nothing_to_fix_says_so() {
        let report = Report { kind: RunKind::Pending, files: &[], checked: 1, errors: &[] };
        assert_eq!(
            render(&report),
            "## dockfix\n\ndockfix checked 1 file and found nothing to fix.\n"
        );
    }
}
