//! Runs every rule fixture under `tests/rules/<rule>/`: the findings and the fixed text are
//! snapshots, and every fix is checked to parse, to settle in one run, and to match the
//! fixture's `# expect:` line.

use std::path::Path;

use dockfix::fix::{Settings, fix, lint};
use dockfix::rules::RULES;
use dockfix::syntax;

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

fn render(path: &Path, source: &str) -> String {
    let rule = path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap();
    let expect = source
        .lines()
        .find_map(|l| l.trim().strip_prefix("# expect:"))
        .map(str::trim)
        .unwrap_or_else(|| panic!("{} has no `# expect:` line", path.display()));

    let diagnostics: Vec<_> =
        lint(source, &Settings::default()).into_iter().filter(|d| d.rule == rule).collect();
    match expect {
        "findings" => assert!(!diagnostics.is_empty(), "{} expects findings", path.display()),
        "none" => {
            assert!(diagnostics.is_empty(), "{} expects none: {diagnostics:?}", path.display())
        }
        other => panic!("{}: unknown expectation {other:?}", path.display()),
    }

    let settings = Settings { unsafe_fixes: true, ..Settings::default() };
    let outcome = fix(source, &settings);
    assert!(outcome.reverted.is_empty() && !outcome.unsettled, "{}: {outcome:?}", path.display());
    assert!(
        syntax::parse(&outcome.text).errors().is_empty(),
        "{}: fix broke the file",
        path.display()
    );
    let again = fix(&outcome.text, &settings);
    assert_eq!(again.text, outcome.text, "{}: a second run changed the file", path.display());
    assert!(
        lint(&outcome.text, &settings).iter().all(|d| d.rule != rule || d.fix.is_none()),
        "{}: fixable findings left after fixing",
        path.display()
    );

    let mut out = String::from("# Input\n");
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
        insta::glob!("rules/*/*.Dockerfile", |path| {
            let source = std::fs::read_to_string(path).unwrap();
            insta::assert_snapshot!(render(path, &source));
        });
    });
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
