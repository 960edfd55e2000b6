//! Runs every rule fixture under `tests/rules/<rule>/`: the findings and the fixed text are
//! snapshots, and every fix is checked to parse, to settle in one run, and to match the
//! fixture's `# expect:` line.
//!
//! A fixture is a file, `<name>.Dockerfile`, checked as text with the default settings; or a
//! folder, `<name>/Dockerfile`, which is the file's build context and may hold a
//! `dockfix.toml` that configures it.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::oracle::{self, OracleParse};

use dockfix::config::{CommandLine, Resolver};
use dockfix::fix::{Settings, fix_at, lint_at};
use dockfix::rules::RULES;
use dockfix::syntax;

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// The rule a fixture is for: the folder under `tests/rules/` it is in.
fn rule_of(path: &Path) -> &str {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let relative = path.strip_prefix(&rules).expect("fixtures are under tests/rules");
    relative.components().next().and_then(|c| c.as_os_str().to_str()).unwrap()
}

/// The file the fixture is checked as, and its settings: none and the defaults for a file
/// fixture; for a folder fixture, its `Dockerfile` with the configuration the folder holds.
fn fixture_settings(path: &Path) -> (Option<&Path>, Arc<Settings>) {
    if path.file_name().is_some_and(|n| n == "Dockerfile") {
        let folder = path.parent().unwrap();
        let resolver = Resolver::in_folder(&CommandLine::default(), folder)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let settings = resolver
            .settings_for(Some(path))
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        (Some(path), settings)
    } else {
        (None, Arc::new(Settings::default()))
    }
}

/// The files of a folder fixture's build context besides its `Dockerfile`, relative and sorted.
fn context_files(folder: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut todo: Vec<PathBuf> = vec![folder.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let relative = path.strip_prefix(folder).unwrap().to_string_lossy().into_owned();
                if relative != "Dockerfile" {
                    files.push(relative);
                }
            }
        }
    }
    files.sort();
    files
}

fn render(path: &Path, source: &str) -> String {
    let rule = rule_of(path);
    let (file, settings) = fixture_settings(path);
    let expect = source
        .lines()
        .find_map(|l| l.trim().strip_prefix("# expect:"))
        .map(str::trim)
        .unwrap_or_else(|| panic!("{} has no `# expect:` line", path.display()));

    let diagnostics: Vec<_> =
        lint_at(source, file, &settings).into_iter().filter(|d| d.rule == rule).collect();
    match expect {
        "findings" => assert!(!diagnostics.is_empty(), "{} expects findings", path.display()),
        "none" => {
            assert!(diagnostics.is_empty(), "{} expects none: {diagnostics:?}", path.display())
        }
        other => panic!("{}: unknown expectation {other:?}", path.display()),
    }

    let settings = Settings { unsafe_fixes: true, ..(*settings).clone() };
    let outcome = fix_at(source, file, &settings);
    assert!(outcome.reverted.is_empty() && !outcome.unsettled, "{}: {outcome:?}", path.display());
    assert!(
        syntax::parse(&outcome.text).errors().is_empty(),
        "{}: fix broke the file",
        path.display()
    );
    let again = fix_at(&outcome.text, file, &settings);
    assert_eq!(again.text, outcome.text, "{}: a second run changed the file", path.display());
    assert!(
        lint_at(&outcome.text, file, &settings).iter().all(|d| d.rule != rule || d.fix.is_none()),
        "{}: fixable findings left after fixing",
        path.display()
    );

    let mut out = String::new();
    if file.is_some() {
        out.push_str("# Context\n");
        for name in context_files(path.parent().unwrap()) {
            out.push_str(&name);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str("# Input\n");
    out.push_str(source);
    out.push_str("\n# Diagnostics\n");
    for d in &diagnostics {
        let (line, col) = line_col(source, usize::from(d.range.start()));
        let fix = match &d.fix {
            Some(f) => format!(" [fix: {:?}]", f.applicability).to_lowercase(),
            None => String::new(),
        };
        out.push_str(&format!("{line}:{col}: {} {}{fix}\n", d.rule, d.message));
    }
    out.push_str("\n# Fixed\n");
    let diff = similar::TextDiff::from_lines(source, &outcome.text);
    out.push_str(&diff.unified_diff().context_radius(1).to_string());
    out
}

#[test]
fn rule_fixtures() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/rules");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("rules/*/{*.Dockerfile,*/Dockerfile}", |path| {
            let source = std::fs::read_to_string(path).unwrap();
            insta::assert_snapshot!(render(path, &source));
        });
    });
}

/// Every fixture, as a path, whichever of the two forms it has.
fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    common::walk_files(&dir)
        .into_iter()
        .map(|relative| dir.join(relative))
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.ends_with(".Dockerfile")
                || (name == "Dockerfile" && path.parent() != Some(dir.as_path()))
        })
        .collect()
}

/// BuildKit reads each fixture the fixes changed as well after as before: a fix never makes a
/// file BuildKit accepts into one it rejects.
#[test]
fn buildkit_accepts_every_fixed_fixture() {
    let test = "buildkit_accepts_every_fixed_fixture";
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let mut originals = Vec::new();
    let mut fixed = Vec::new();
    for (i, path) in fixtures().into_iter().enumerate() {
        let source = std::fs::read_to_string(&path).unwrap();
        let (file, settings) = fixture_settings(&path);
        let settings = Settings { unsafe_fixes: true, ..(*settings).clone() };
        let outcome = fix_at(&source, file, &settings);
        if outcome.text != source {
            let copy = scratch.path().join(format!("fixed-{i}"));
            std::fs::write(&copy, &outcome.text).unwrap();
            originals.push(path);
            fixed.push(copy);
        }
    }
    assert!(originals.len() > 50, "only {} fixtures are changed by a fix", originals.len());
    let batch: Vec<PathBuf> = originals.iter().chain(&fixed).cloned().collect();
    let Some(verdicts) = oracle::parse_files(test, &batch) else { return };
    let (before, after) = verdicts.split_at(originals.len());
    let mut failures = Vec::new();
    for (k, path) in originals.iter().enumerate() {
        if let (OracleParse::Accepted(_), OracleParse::Rejected { message, .. }) =
            (&before[k], &after[k])
        {
            failures
                .push(format!("{}: BuildKit rejects the fixed text: {message}", path.display()));
        }
    }
    common::say(&format!(
        "rule fixtures: {} changed by their fixes, {} rejected by BuildKit afterwards",
        originals.len(),
        failures.len()
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_fixtures_and_every_fixture_folder_a_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let mut folders: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut rules: Vec<String> = RULES.iter().map(|r| r.name.to_string()).collect();
    rules.sort();
    assert_eq!(folders, rules);
}
