//! Every output format through the real binary: in each mode, with each exit status, as
//! snapshots; the JSON report checked against its own schema and the SARIF log against the
//! SARIF 2.1.0 schema.

mod common;

use std::fs;
use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use common::run::{Run, dockfix_command, output};

/// A safe fix (apk-no-cache) and an unsafe one (pipefail) in one file.
const NEEDS_FIXES: &str = "FROM alpine:3.21\nRUN apk add curl | tee /log\n";
const BROKEN: &str = "FROM alpine:3.21\nFOO bar\n";
const CLEAN: &str = "FROM alpine:3.21\nRUN apk add --no-cache curl\n";

const FORMATS: [&str; 6] = ["text", "concise", "json", "sarif", "github", "markdown"];

/// The rules these tests run, so that new rules do not change their output.
const RULES: &str = "--select=apk-no-cache,pipefail";

fn tree() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in
        [("Dockerfile", NEEDS_FIXES), ("broken/Dockerfile", BROKEN), ("ok/Dockerfile", CLEAN)]
    {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn dockfix(dir: &Path, args: &[&str]) -> Run {
    let mut command = dockfix_command(dir);
    command.args(args);
    output(command, b"")
}

/// The SARIF log with the driver's rules cut down to their ids: their text is each rule's
/// documentation, which has tests of its own.
fn shorten_sarif(stdout: &str) -> String {
    let mut log: Value = serde_json::from_str(stdout).expect("SARIF output is JSON");
    let rules = &mut log["runs"][0]["tool"]["driver"]["rules"];
    let ids: Vec<Value> = rules.as_array().unwrap().iter().map(|r| r["id"].clone()).collect();
    *rules = Value::Array(ids);
    log["runs"][0]["tool"]["driver"]["version"] = Value::from("[version]");
    log["runs"][0]["tool"]["driver"]["semanticVersion"] = Value::from("[version]");
    serde_json::to_string_pretty(&log).unwrap() + "\n"
}

/// What each mode prints in `format`, and how it exits, as one text for a snapshot.
fn transcript(format: &str) -> String {
    let flag = format!("--format={format}");
    let cases: [(&str, &[&str]); 6] = [
        ("report: findings, exit 1", &[]),
        ("--check: pending fixes, exit 1", &["--check"]),
        ("--dry-run: a diff or the pending fixes, exit 1", &["--dry-run"]),
        ("--write: what is left, exit 0", &["--write"]),
        ("report on a clean file: exit 0", &["ok"]),
        ("a path that does not exist: exit 2", &["ok", "missing"]),
    ];
    let mut out = String::new();
    for (title, args) in cases {
        // Each case starts from the same files.
        let dir = tree();
        let mut all = vec![RULES, flag.as_str()];
        all.extend_from_slice(args);
        let run = dockfix(dir.path(), &all);
        let stdout = if format == "sarif" { shorten_sarif(&run.stdout) } else { run.stdout };
        let version = env!("CARGO_PKG_VERSION");
        let stdout = stdout.replace(&format!("\"version\": \"{version}\""), "\"version\": \"[v]\"");
        out.push_str(&format!(
            "### {title}\n$ dockfix {}\nexit {}\n--- stdout\n{stdout}--- stderr\n{}\n",
            all.join(" "),
            run.code,
            run.stderr
        ));
    }
    out
}

#[test]
fn every_format_in_every_mode() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/formats");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for format in FORMATS {
            insta::assert_snapshot!(format, transcript(format));
        }
    });
}

/// The JSON document of a run in each mode, parsed.
fn json_runs() -> Vec<(String, Value)> {
    let mut runs = Vec::new();
    for args in [&[][..], &["--check"], &["--dry-run"], &["--write"], &["--unsafe-fixes"]] {
        let dir = tree();
        let mut all = vec![RULES, "--format=json"];
        all.extend_from_slice(args);
        let run = dockfix(dir.path(), &all);
        let value = serde_json::from_str(&run.stdout).expect("JSON output is JSON");
        runs.push((all.join(" "), value));
    }
    runs
}

#[test]
fn json_reports_follow_their_schema() {
    let schema_path = common::repo_root().join("src/cli/report/report.schema.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the report schema is a schema");
    for (args, report) in json_runs() {
        let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "dockfix {args}: {errors:#?}");
    }
    // The schema can fail: a document missing its version is rejected.
    let (_, mut report) = json_runs().remove(0);
    report.as_object_mut().unwrap().remove("version");
    assert!(!validator.is_valid(&report));
}

#[test]
fn json_fix_edits_rebuild_what_write_writes() {
    // Applying the edits of the pending safe fixes, as a reader of the report would, gives the
    // file --write writes, for a file whose fixes all apply in one round.
    let dir = tree();
    let run = dockfix(dir.path(), &["--select=apk-no-cache", "--format=json", "--check", "."]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut text = NEEDS_FIXES.to_string();
    let mut edits: Vec<(usize, usize, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "Dockerfile")
        .flat_map(|f| f["fix"]["edits"].as_array().unwrap().clone())
        .map(|e| {
            let at = |end: &str| e["range"][end]["offset"].as_u64().unwrap() as usize;
            (at("start"), at("end"), e["content"].as_str().unwrap().to_string())
        })
        .collect();
    assert!(!edits.is_empty());
    edits.sort();
    for (start, end, content) in edits.into_iter().rev() {
        text.replace_range(start..end, &content);
    }
    dockfix(dir.path(), &["--select=apk-no-cache", "--write", "."]);
    assert_eq!(text, fs::read_to_string(dir.path().join("Dockerfile")).unwrap());
}

#[test]
fn sarif_logs_follow_the_sarif_schema() {
    let schema_path = std::env::var_os("DOCKFIX_SHARED")
        .map_or_else(|| common::repo_root().join("../shared"), Into::into)
        .join("schemas/sarif-schema-2.1.0.json");
    let Ok(schema) = fs::read_to_string(&schema_path) else {
        let why = format!("the SARIF 2.1.0 schema is missing at {}", schema_path.display());
        common::unavailable("sarif_logs_follow_the_sarif_schema", &why);
        return;
    };
    let schema: Value = serde_json::from_str(&schema).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema is a schema");
    for args in [&[][..], &["--check"], &["--write"], &["--unsafe-fixes"], &["ok"]] {
        let dir = tree();
        let mut all = vec!["--format=sarif"];
        all.extend_from_slice(args);
        let run = dockfix(dir.path(), &all);
        let log: Value = serde_json::from_str(&run.stdout).expect("SARIF output is JSON");
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "dockfix {}: {errors:#?}", all.join(" "));

        // What GitHub code scanning needs: the tool, rules with help, results that point at
        // a rule and a line.
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert!(rules.iter().all(|r| r["help"]["text"].is_string()));
        for result in run["results"].as_array().unwrap() {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            let location = &result["locations"][0]["physicalLocation"];
            assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
            assert!(location["artifactLocation"]["uri"].is_string());
        }
    }
    // The schema can fail: a result without a message is rejected.
    let dir = tree();
    let mut log: Value =
        serde_json::from_str(&dockfix(dir.path(), &["--format=sarif"]).stdout).unwrap();
    log["runs"][0]["results"][0].as_object_mut().unwrap().remove("message");
    assert!(!validator.is_valid(&log));
}

#[test]
fn colour_follows_the_color_option_and_no_color() {
    let dir = tree();
    let always = dockfix(dir.path(), &[RULES, "--color=always", "Dockerfile"]);
    assert!(always.stdout.contains("\x1b[33mapk-no-cache\x1b[0m"), "{}", always.stdout);
    let diff = dockfix(dir.path(), &[RULES, "--color=always", "--dry-run", "Dockerfile"]);
    assert!(diff.stdout.contains("\x1b[32m+"), "{}", diff.stdout);
    // Piped, `auto` never colours; `never` never does.
    for color in ["--color=auto", "--color=never"] {
        let out = dockfix(dir.path(), &[RULES, color, "Dockerfile"]);
        assert!(!out.stdout.contains('\x1b'), "{color}: {}", out.stdout);
    }
}

#[test]
fn quiet_drops_the_summary_and_notes_and_verbose_adds_a_line_per_file() {
    let dir = tree();
    let quiet = dockfix(dir.path(), &[RULES, "--format=concise", "--check", "-q"]);
    assert_eq!(quiet.code, 1);
    assert_eq!(quiet.stderr, "");
    // The safe fix is pending; the unsafe one is not, without --unsafe-fixes.
    assert_eq!(quiet.stdout.lines().count(), 1, "{}", quiet.stdout);
    let verbose = dockfix(dir.path(), &[RULES, "--format=concise", "-v"]);
    let lines: Vec<&str> = verbose.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{}", verbose.stderr);
    assert!(lines[0].starts_with("dockfix: Dockerfile: 2 findings ("), "{}", lines[0]);
    assert!(lines[1].starts_with("dockfix: broken/Dockerfile: 1 finding ("), "{}", lines[1]);
    let both = dockfix(dir.path(), &["-q", "-v"]);
    assert_eq!(both.code, 2);
}

#[test]
fn no_progress_bar_when_standard_error_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..150 {
        let path = dir.path().join(format!("d{n}/Dockerfile"));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, CLEAN).unwrap();
    }
    let out = dockfix(dir.path(), &[RULES]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
    assert_eq!(out.stderr, "150 files checked, no findings\n");
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_definition() {
    let dir = tempfile::tempdir().unwrap();
    let bash = dockfix(dir.path(), &["completions", "bash"]);
    assert_eq!(bash.code, 0);
    for option in ["--format", "--dry-run", "--unsafe-fixes", "sarif", "markdown"] {
        assert!(bash.stdout.contains(option), "bash completions lack {option}");
    }
    let fish = dockfix(dir.path(), &["completions", "fish"]);
    assert!(fish.stdout.contains("complete -c dockfix"), "{}", fish.stdout);
    let man = dockfix(dir.path(), &["man"]);
    assert_eq!(man.code, 0);
    assert!(man.stdout.starts_with(".ie"), "{}", &man.stdout[..40.min(man.stdout.len())]);
    assert!(man.stdout.contains(".TH dockfix"));
    assert!(man.stdout.contains("\\-\\-format"));
    let bad = dockfix(dir.path(), &["completions", "cmd.exe"]);
    assert_eq!(bad.code, 2);
}
