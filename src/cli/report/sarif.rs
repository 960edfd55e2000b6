//! `--format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers, built
//! with the `serde-sarif` types. Every rule is described once in the driver, with its
//! documentation as help; each finding is a result pointing at it, with its fix.

use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, Fix, Invocation, Location, Message,
    MultiformatMessageString, Notification, PhysicalLocation, PropertyBag, Region, Replacement,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

use crate::diagnostic::Applicability;
use crate::rules::{RULES, SYNTAX_ERROR};

use super::{Finding, Report, Severity, Span, fix_note, rule_description};

/// Where the schema of the log is published, as SARIF viewers expect `$schema` to say.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// One entry of the driver's rule list: a name with its summary, description and help.
struct RuleInfo {
    name: &'static str,
    summary: &'static str,
    doc: &'static str,
    codes: &'static [&'static str],
    level: &'static str,
}

fn rule_list() -> Vec<RuleInfo> {
    let syntax = RuleInfo {
        name: SYNTAX_ERROR,
        summary: "The file is not a Dockerfile BuildKit would accept",
        doc: "",
        codes: &[],
        level: "error",
    };
    std::iter::once(syntax)
        .chain(RULES.iter().map(|rule| RuleInfo {
            name: rule.name,
            summary: rule.summary,
            doc: rule.doc,
            codes: rule.codes,
            level: "warning",
        }))
        .collect()
}

fn descriptor(rule: &RuleInfo) -> ReportingDescriptor {
    let description = match rule_description(rule.doc) {
        text if text.is_empty() => rule.summary.to_string(),
        text => text,
    };
    let help = format!("{description}\n\nRun `dockfix rules --explain {}` for more.", rule.name);
    let markdown = if rule.doc.is_empty() { help.clone() } else { rule.doc.to_string() };
    let mut tags = vec!["dockerfile".to_string()];
    tags.extend(rule.codes.iter().map(|code| (*code).to_string()));
    ReportingDescriptor::builder()
        .id(rule.name)
        .name(rule.name)
        .short_description(MultiformatMessageString::builder().text(rule.summary).build())
        .full_description(MultiformatMessageString::builder().text(description).build())
        .help(MultiformatMessageString::builder().text(help).markdown(markdown).build())
        .default_configuration(
            ReportingConfiguration::builder().level(serde_json::json!(rule.level)).build(),
        )
        .properties(PropertyBag::builder().tags(tags).build())
        .build()
}

fn region(span: &Span) -> Region {
    Region::builder()
        .start_line(span.start.line as i64)
        .start_column(span.start.column as i64)
        .end_line(span.end.line as i64)
        .end_column(span.end.column as i64)
        .build()
}

/// `path` as a URI reference: relative paths stay relative (to the folder dockfix ran in),
/// absolute ones become `file://` URIs; characters a URI cannot hold are percent-encoded.
pub(super) fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn result(path: &str, finding: &Finding, rule_index: Option<usize>) -> SarifResult {
    let location = ArtifactLocation::builder().uri(uri(path)).build();
    let physical = PhysicalLocation::builder()
        .artifact_location(location.clone())
        .region(region(&finding.span))
        .build();
    let level = match finding.severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
    };
    let mut result = SarifResult::builder()
        .rule_id(finding.rule)
        .level(level)
        .message(Message::builder().text(finding.message.clone()).build())
        .locations(vec![Location::builder().physical_location(physical).build()])
        .build();
    result.rule_index = rule_index.map(|index| index as i64);
    if let Some(fix) = &finding.fix {
        let replacements: Vec<Replacement> = fix
            .edits
            .iter()
            .map(|edit| {
                Replacement::builder()
                    .deleted_region(region(&edit.span))
                    .inserted_content(ArtifactContent::builder().text(edit.content.clone()).build())
                    .build()
            })
            .collect();
        let change = ArtifactChange::builder()
            .artifact_location(location)
            .replacements(replacements)
            .build();
        let description = fix_note(Some(fix)).unwrap_or_default();
        let safety = match fix.applicability {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        };
        let mut properties = PropertyBag::builder().build();
        properties.additional_properties.insert("applicability".into(), safety.into());
        result.fixes = Some(vec![
            Fix::builder()
                .description(Message::builder().text(description).build())
                .artifact_changes(vec![change])
                .properties(properties)
                .build(),
        ]);
    }
    result
}

pub(super) fn render(report: &Report<'_>) -> String {
    let rules = rule_list();
    let results: Vec<SarifResult> = report
        .findings()
        .map(|(file, finding)| {
            let index = rules.iter().position(|rule| rule.name == finding.rule);
            result(&file.path, finding, index)
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("dockfix")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    // Files dockfix could not read or write are no results, but a run that met them did not
    // succeed, and says why.
    let notifications: Vec<Notification> = report
        .errors
        .iter()
        .map(|error| {
            Notification::builder()
                .level(serde_json::json!("error"))
                .message(Message::builder().text(error.clone()).build())
                .build()
        })
        .collect();
    let invocation = Invocation::builder()
        .execution_successful(report.errors.is_empty())
        .tool_execution_notifications(notifications)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .results(results)
        .build();
    let log =
        Sarif::builder().schema(SCHEMA).version(serde_json::json!("2.1.0")).runs(vec![run]).build();
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("./app/Dockerfile"), "app/Dockerfile");
        assert_eq!(uri("my app/Dockerfile #1"), "my%20app/Dockerfile%20%231");
        assert_eq!(uri("/srv/x/Dockerfile"), "file:///srv/x/Dockerfile");
        assert_eq!(uri("é"), "%C3%A9");
    }
}
