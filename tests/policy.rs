//! The whole policy on one file: `tests/policy/elixir/` is an Elixir release built on an Alpine
//! builder and run on `alpine:3.21` as a non-root user, which follows every practice dockfix
//! enforces. dockfix finds nothing in it, and each file under `tests/policy/elixir-undone/` (the
//! same file with one practice undone, or all of them) is written back to it, byte for byte, by
//! `dockfix --write --unsafe-fixes`. Every text is also checked by BuildKit's parser.

mod common;

use std::path::{Path, PathBuf};

use common::oracle::{self, OracleParse};
use common::run::{Run, dockfix_command, output};
use common::walk_files;

fn policy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/policy")
}

/// A copy of the build context of `tests/policy/elixir/` in a temporary folder, with `text` as
/// its Dockerfile.
fn context_with(text: &str) -> tempfile::TempDir {
    let source = policy_dir().join("elixir");
    let dir = tempfile::tempdir().expect("a temporary folder");
    for relative in walk_files(&source) {
        let to = dir.path().join(&relative);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(source.join(&relative), &to).unwrap();
    }
    std::fs::write(dir.path().join("Dockerfile"), text).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let mut command = dockfix_command(dir);
    command.args(args);
    output(command, b"")
}

fn canonical() -> String {
    std::fs::read_to_string(policy_dir().join("elixir/Dockerfile")).unwrap()
}

/// The undone variants, by name, with their texts.
fn variants() -> Vec<(String, String)> {
    let dir = policy_dir().join("elixir-undone");
    let mut variants: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    variants.sort();
    variants
}

#[test]
fn the_policy_file_has_no_finding() {
    let dir = context_with(&canonical());
    let result = run(dir.path(), &["--unsafe-fixes", "--format", "concise", "Dockerfile"]);
    assert_eq!(result.code, 0, "{}{}", result.stdout, result.stderr);
    assert_eq!(result.stdout, "", "findings in the policy file");
    assert!(result.stderr.contains("no findings"), "{}", result.stderr);
}

#[test]
fn each_practice_undone_is_restored() {
    let canonical = canonical();
    let variants = variants();
    // One variant per rule of the policy, and one with everything undone.
    let names: Vec<&str> = variants.iter().map(|(name, _)| name.as_str()).collect();
    for rule in [
        "apk-no-cache",
        "apk-upgrade-runtime",
        "base-image-pin",
        "build-tools-in-builder",
        "deps-before-sources",
        "non-root-user",
        "split-package-runs",
        "everything",
    ] {
        assert!(names.contains(&rule), "no undone variant for {rule}: {names:?}");
    }

    let mut failures = Vec::new();
    for (name, text) in &variants {
        assert_ne!(*text, canonical, "{name} undoes nothing");
        let dir = context_with(text);
        let path = dir.path().join("Dockerfile");

        // The undone practice is reported, and the report changes nothing.
        let report = run(dir.path(), &["--format", "concise", "Dockerfile"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), *text, "{name}: a report wrote");
        let reported = name == "everything"
            || report.stdout.lines().any(|line| line.contains(&format!(": {name} ")));
        if report.code != 1 || !reported {
            failures.push(format!(
                "{name}: the undone practice is not reported (exit {}):\n{}",
                report.code, report.stdout
            ));
        }

        let write = run(dir.path(), &["--write", "--unsafe-fixes", "--format", "concise"]);
        assert_eq!(write.code, 0, "{name}: {}{}", write.stdout, write.stderr);
        let written = std::fs::read_to_string(&path).unwrap();
        if written != canonical {
            let diff = similar::TextDiff::from_lines(&canonical, &written);
            failures.push(format!(
                "{name}: written back differently (- policy, + written):\n{}",
                diff.unified_diff().context_radius(2)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// BuildKit reads the policy file and every variant.
#[test]
fn buildkit_reads_every_policy_text() {
    let test = "buildkit_reads_every_policy_text";
    let mut paths = vec![policy_dir().join("elixir/Dockerfile")];
    paths.extend(
        variants()
            .iter()
            .map(|(name, _)| policy_dir().join(format!("elixir-undone/{name}.Dockerfile"))),
    );
    let Some(verdicts) = oracle::parse_files(test, &paths) else { return };
    for (path, verdict) in paths.iter().zip(&verdicts) {
        if let OracleParse::Rejected { message, .. } = verdict {
            panic!("BuildKit rejects {}: {message}", path.display());
        }
    }
}
