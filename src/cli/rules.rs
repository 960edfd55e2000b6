//! `dockfix rules`: the list of rules, and one rule's documentation with `--explain`.

use std::io::Write;

use crate::rules::{FixKind, RULES, Rule, by_name};

use super::ExitStatus;

pub(super) fn run(explain: Option<&str>) -> ExitStatus {
    let text = match explain {
        None => list(),
        Some(name) => match by_name(name) {
            Some(rule) => explanation(rule),
            None => {
                let _ = writeln!(std::io::stderr(), "dockfix: {}", unknown_rules_message(&[name]));
                return ExitStatus::Error;
            }
        },
    };
    // A reader that goes away early (`dockfix rules | head`) is no error.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitStatus::Clean
}

fn codes(rule: &Rule) -> String {
    if rule.codes.is_empty() { "-".to_string() } else { rule.codes.join(",") }
}

/// One line per rule, in aligned columns: name, codes, fix safety, summary.
fn list() -> String {
    let rows: Vec<[String; 4]> = RULES
        .iter()
        .map(|rule| {
            let fix = rule.fix.label().to_string();
            [rule.name.to_string(), codes(rule), fix, rule.summary.to_string()]
        })
        .collect();
    let width = |column: usize| rows.iter().map(|row| row[column].chars().count()).max();
    let widths = [width(0), width(1), width(2)].map(Option::unwrap_or_default);
    let mut out = String::new();
    for [name, codes, fix, summary] in &rows {
        let line = format!(
            "{name:<w0$}  {codes:<w1$}  {fix:<w2$}  {summary}",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A header line with the name, codes and fix safety, then the rule's documentation.
fn explanation(rule: &Rule) -> String {
    let safety = match rule.fix {
        FixKind::Safe => "safe fix",
        FixKind::Unsafe => "unsafe fix, applied with --unsafe-fixes",
        FixKind::ReportOnly => "report only, no fix",
    };
    let codes = if rule.codes.is_empty() { String::new() } else { rule.codes.join(", ") + "; " };
    format!("# {} ({codes}{safety})\n\n{}\n", rule.name, rule.doc.trim_end())
}

/// `unknown rule `x`; known rules: a, b`, with a hint for a name that is a rule's code.
pub(super) fn unknown_rules_message(unknown: &[&str]) -> String {
    let quoted: Vec<String> = unknown.iter().map(|name| format!("`{name}`")).collect();
    let noun = if unknown.len() == 1 { "rule" } else { "rules" };
    let mut message = format!("unknown {noun} {}", quoted.join(", "));
    for name in unknown {
        let rules: Vec<&str> =
            RULES.iter().filter(|r| r.codes.contains(name)).map(|r| r.name).collect();
        if !rules.is_empty() {
            message.push_str(&format!(" (`{name}` is a code of {})", rules.join(", ")));
        }
    }
    let names: Vec<&str> = RULES.iter().map(|rule| rule.name).collect();
    message.push_str(&format!("; known rules: {}", names.join(", ")));
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_listed_on_one_aligned_line() {
        let list = list();
        assert_eq!(list.lines().count(), RULES.len());
        for (line, rule) in list.lines().zip(RULES) {
            assert!(line.starts_with(rule.name), "{line:?}");
            assert!(line.ends_with(rule.summary), "{line:?}");
        }
        // The summaries all start in the same column.
        let starts: Vec<usize> = list
            .lines()
            .zip(RULES)
            .map(|(line, rule)| line.chars().count() - rule.summary.chars().count())
            .collect();
        assert!(starts.windows(2).all(|w| w[0] == w[1]), "{list}");
    }

    #[test]
    fn an_explanation_opens_with_name_codes_and_safety() {
        let rule = by_name("apk-no-cache").unwrap();
        let text = explanation(rule);
        assert!(
            text.starts_with("# apk-no-cache (DL3019; safe fix)\n\n## What it does\n"),
            "{text}"
        );
        assert!(text.ends_with("not changed.\n"), "{text}");
    }

    #[test]
    fn an_unknown_name_that_is_a_code_gets_a_hint() {
        let message = unknown_rules_message(&["DL3019", "nope"]);
        assert!(
            message.starts_with(
                "unknown rules `DL3019`, `nope` (`DL3019` is a code of apk-no-cache); known rules: "
            ),
            "{message}"
        );
        assert!(message.contains("apk-no-cache"));
    }
}
