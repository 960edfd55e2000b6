//! GitHub Actions workflow commands: `::warning file=...,line=...::message`, which the runner
//! turns into annotations on the lines of a pull request.

use std::fmt::Write;

use super::{Finding, Severity, fix_note};

pub(super) fn file(path: &str, findings: &[Finding], out: &mut String) {
    for finding in findings {
        let level = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let (start, end) = (finding.span.start, finding.span.end);
        let mut message = finding.message.clone();
        if let Some(note) = fix_note(finding.fix.as_ref()) {
            let _ = write!(message, " ({note})");
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(path),
            start.line,
            start.column,
            end.line,
            end.column,
            property(&format!("dockfix {}", finding.rule)),
            data(&message),
        );
    }
}

/// A command's message, with the characters the runner would read as its own escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A command's property value, where `:` and `,` end the value and must be escaped as well.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::super::tests::finding;
    use super::*;
    use crate::diagnostic::Applicability;
    use crate::rules::SYNTAX_ERROR;

    #[test]
    fn annotations_carry_the_range_and_escape_what_the_runner_reads() {
        let text = "FROM a\nRUN b\n";
        let mut warning = finding(text, "apk-no-cache", 7, 12, Some(Applicability::Safe), false);
        warning.message = "100% sure,\nreally: yes".to_string();
        let error = finding(text, SYNTAX_ERROR, 0, 0, None, false);
        let mut out = String::new();
        file("a,b:c/Dockerfile", &[warning, error], &mut out);
        assert_eq!(
            out,
            "::warning file=a%2Cb%3Ac/Dockerfile,line=2,col=1,endLine=2,endColumn=6,\
             title=dockfix apk-no-cache::100%25 sure,%0Areally: yes (fix available with --write)\n\
             ::error file=a%2Cb%3Ac/Dockerfile,line=1,col=1,endLine=1,endColumn=1,\
             title=dockfix syntax-error::the message\n"
        );
    }
}
