//! Runs the real `dockfix` binary in temporary folders: what each mode prints, how it exits,
//! which files it finds, and what `--write` leaves on disk.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use tempfile::TempDir;

use common::run::{Run, dockfix_command, output};

const APK_ADD: &str = "apk-no-cache `apk add` without `--no-cache` leaves the package index in the image; \
     add `--no-cache` [fix available with --write]";
const APK_UPGRADE: &str = "apk-no-cache `apk upgrade` without `--no-cache` leaves the package index in the image; \
     add `--no-cache` [fix available with --write]";

const NEEDS_FIX: &str = "FROM alpine\nRUN apk add curl\n";
const FIXED: &str = "FROM alpine\nRUN apk add --no-cache curl\n";

/// The rule set grows while these tests are about the command line, so a run checks
/// apk-no-cache alone unless the test picks rules itself, runs a subcommand or asks for help;
/// [`command_all_rules`] runs every rule. Findings come one a line (`--format concise`) unless
/// the test picks a format; the formats have tests of their own.
fn command(dir: &Path, args: &[&str]) -> Command {
    let picks_rules = args.iter().any(|a| a.starts_with("--select") || a.starts_with("--ignore"));
    let picks_format = args.iter().any(|a| a.starts_with("--format"));
    let other_command = args.first().is_some_and(|a| ["parse", "rules", "--help"].contains(a));
    let mut cmd = command_all_rules(dir, &[]);
    if !picks_rules && !other_command {
        cmd.arg("--select=apk-no-cache");
    }
    if !picks_format && !other_command {
        cmd.arg("--format=concise");
    }
    cmd.args(args);
    cmd
}

fn command_all_rules(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = dockfix_command(dir);
    cmd.args(args);
    cmd
}

fn run_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    output(command(dir, args), stdin)
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_with_stdin(dir, args, b"")
}

fn run_all_rules(dir: &Path, args: &[&str]) -> Run {
    let mut command = command_all_rules(dir, args);
    command.arg("--format=concise");
    output(command, b"")
}

/// A temporary folder holding `files` (path, text); parent folders are created.
fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        write(dir.path(), path, text.as_bytes());
    }
    dir
}

fn write(dir: &Path, path: &str, bytes: &[u8]) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn read(dir: &Path, path: &str) -> String {
    fs::read_to_string(dir.join(path)).unwrap()
}

// Report mode.

#[test]
fn report_lists_findings_in_path_order_and_exits_1() {
    let dir = tree(&[
        ("web/Dockerfile", "FROM alpine\nRUN apk update && apk add nginx\n"),
        ("api/Dockerfile", NEEDS_FIX),
        ("Dockerfile", "FROM alpine\nRUN apk add --no-cache curl\n"),
    ]);
    let out = run(dir.path(), &[]);
    assert_eq!(
        out.stdout,
        format!("api/Dockerfile:2:5: {APK_ADD}\nweb/Dockerfile:2:19: {APK_ADD}\n")
    );
    assert_eq!(out.stderr, "3 files checked, 2 findings in 2 files (2 fixable with --write)\n");
    assert_eq!(out.code, 1);
}

#[test]
fn report_on_clean_files_exits_0() {
    let dir = tree(&[("Dockerfile", FIXED)]);
    let out = run(dir.path(), &[]);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "1 file checked, no findings\n");
    assert_eq!(out.code, 0);
}

#[test]
fn columns_count_characters_and_lines_start_at_1() {
    let dir = tree(&[(
        "Dockerfile",
        "FROM alpine\r\nLABEL x=1\r\nRUN echo 'héllo wörld' && apk upgrade\r\n",
    )]);
    let out = run(dir.path(), &["Dockerfile"]);
    // `apk` starts at column 29 counted in bytes, 27 counted in characters.
    assert_eq!(out.stdout, format!("Dockerfile:3:27: {APK_UPGRADE}\n"));
}

#[test]
fn syntax_errors_are_findings_and_exit_1() {
    let dir = tree(&[
        ("a.Dockerfile", "FROM alpine\nRUN <<EOF\nx\n"),
        ("b.Dockerfile", "FROM alpine\nFOO bar\n"),
    ]);
    let out = run(dir.path(), &[]);
    assert_eq!(
        out.stdout,
        "a.Dockerfile:3:1: syntax-error unterminated heredoc\n\
         b.Dockerfile:2:1: syntax-error unknown instruction: FOO\n"
    );
    assert_eq!(out.stderr, "2 files checked, 2 findings in 2 files\n");
    assert_eq!(out.code, 1);
}

// --dry-run.

#[test]
fn dry_run_prints_a_unified_diff_and_changes_nothing() {
    let text = "FROM alpine\n# tools\nRUN apk add \\\n    # the client\n    curl\nCMD [\"sh\"]\n";
    let dir = tree(&[("Dockerfile", text), ("ok.Dockerfile", FIXED)]);
    let out = run(dir.path(), &["--dry-run"]);
    assert_eq!(
        out.stdout,
        "--- a/Dockerfile\n\
         +++ b/Dockerfile\n\
         @@ -1,6 +1,6 @@\n \
         FROM alpine\n \
         # tools\n\
         -RUN apk add \\\n\
         +RUN apk add --no-cache \\\n     \
         # the client\n     \
         curl\n \
         CMD [\"sh\"]\n"
    );
    assert_eq!(out.stderr, "2 files checked, 1 would be changed (1 fix: apk-no-cache 1)\n");
    assert_eq!(out.code, 1);
    assert_eq!(read(dir.path(), "Dockerfile"), text);
}

#[test]
fn dry_run_marks_a_missing_final_newline() {
    let dir = tree(&[("Dockerfile", "FROM alpine\nRUN apk add curl")]);
    let out = run(dir.path(), &["--dry-run"]);
    assert_eq!(
        out.stdout,
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n FROM alpine\n-RUN apk add curl\n\
         \\ No newline at end of file\n+RUN apk add --no-cache curl\n\\ No newline at end of file\n"
    );
}

#[test]
fn dry_run_with_nothing_to_fix_exits_0() {
    let dir = tree(&[("Dockerfile", FIXED)]);
    let out = run(dir.path(), &["--dry-run"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
    assert_eq!(out.stderr, "1 file checked, 0 would be changed\n");
}

#[test]
fn dry_run_diff_is_plain_when_piped_even_without_no_color() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    let out = run(dir.path(), &["--dry-run"]);
    assert!(!out.stdout.contains('\x1b'), "{:?}", out.stdout);
}

// --write and --check.

#[test]
fn write_fixes_in_place_then_check_and_a_second_write_find_nothing() {
    let dir = tree(&[
        ("Dockerfile", NEEDS_FIX),
        ("svc/Containerfile", "FROM alpine\nRUN apk add a && apk add b\n"),
        ("ok/Dockerfile", FIXED),
    ]);
    let out = run(dir.path(), &["--write"]);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "3 files checked, 2 changed (3 fixes: apk-no-cache 3)\n");
    assert_eq!(out.code, 0);
    assert_eq!(read(dir.path(), "Dockerfile"), FIXED);
    assert_eq!(
        read(dir.path(), "svc/Containerfile"),
        "FROM alpine\nRUN apk add --no-cache a && apk add --no-cache b\n"
    );
    assert_eq!(read(dir.path(), "ok/Dockerfile"), FIXED);

    let again = run(dir.path(), &["--write"]);
    assert_eq!((again.code, again.stdout.as_str()), (0, ""));
    assert_eq!(again.stderr, "3 files checked, 0 changed\n");
    assert_eq!(read(dir.path(), "Dockerfile"), FIXED);

    let check = run(dir.path(), &["--check"]);
    assert_eq!((check.code, check.stdout.as_str()), (0, ""));
    assert_eq!(check.stderr, "3 files checked, 0 would be changed\n");

    // No temporary files are left behind.
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["Dockerfile", "ok", "svc"]);
}

#[test]
fn check_prints_the_pending_fixes_and_exits_1_when_a_file_would_change() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX), ("b/Dockerfile", FIXED)]);
    let out = run(dir.path(), &["--check"]);
    assert_eq!(out.stdout, format!("Dockerfile:2:5: {APK_ADD}\n"));
    assert_eq!(out.stderr, "2 files checked, 1 would be changed (1 fix: apk-no-cache 1)\n");
    assert_eq!(out.code, 1);
    assert_eq!(read(dir.path(), "Dockerfile"), NEEDS_FIX);
}

#[test]
fn files_with_syntax_errors_are_never_rewritten() {
    let broken = "FROM alpine\nRUN apk add curl\nRUN <<EOF\napk add x\n";
    let dir = tree(&[("Dockerfile", broken), ("ok/Dockerfile", NEEDS_FIX)]);
    let out = run(dir.path(), &["--write"]);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "Dockerfile:4:1: skipped, not a valid Dockerfile: unterminated heredoc\n\
         2 files checked, 1 changed (1 fix: apk-no-cache 1), 1 skipped for syntax errors\n"
    );
    assert_eq!(out.code, 0);
    assert_eq!(read(dir.path(), "Dockerfile"), broken);
    assert_eq!(read(dir.path(), "ok/Dockerfile"), FIXED);

    // Nothing is left to fix, but a file BuildKit rejects is no clean file: exit 1.
    let dry = run(dir.path(), &["--dry-run"]);
    assert_eq!((dry.code, dry.stdout.as_str()), (1, ""));
    assert_eq!(
        dry.stderr,
        "Dockerfile:4:1: skipped, not a valid Dockerfile: unterminated heredoc\n\
         2 files checked, 0 would be changed, 1 skipped for syntax errors\n"
    );
    let check = run(dir.path(), &["--check", "--format=github"]);
    assert_eq!(check.code, 1);
    assert!(check.stdout.starts_with("::error file=Dockerfile,line=4,"), "{}", check.stdout);
    let clean = run(dir.path(), &["--check", "ok"]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""));
}

#[test]
fn write_from_standard_input_takes_no_other_path() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    let out = run_with_stdin(dir.path(), &["--write", "-", "Dockerfile"], NEEDS_FIX.as_bytes());
    assert_eq!((out.code, out.stdout.as_str()), (2, ""));
    assert_eq!(
        out.stderr,
        "dockfix: `--write -` turns standard input into the fixed text on standard output; give \
         it no other path\n"
    );
    assert_eq!(read(dir.path(), "Dockerfile"), NEEDS_FIX);
}

#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_written_keeps_its_findings() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    let path = dir.path().join("Dockerfile");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(dir.path(), &["--write"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, format!("Dockerfile:2:5: {APK_ADD}\n"));
    assert_eq!(read(dir.path(), "Dockerfile"), NEEDS_FIX);
}

#[cfg(unix)]
#[test]
fn control_characters_of_a_file_name_never_reach_the_output() {
    let name = "n\x1b[31m\x07.Dockerfile";
    let dir = tree(&[(name, NEEDS_FIX), ("bad\x1b.Dockerfile", "FROM a\nFOO\n")]);
    for format in ["text", "concise", "github", "markdown"] {
        let out = run(dir.path(), &[&format!("--format={format}")]);
        assert_eq!(out.code, 1, "{format}");
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(!all.contains('\x1b') && !all.contains('\x07'), "{format}: {all:?}");
        assert!(out.stdout.contains("n\\u{1b}[31m\\u{7}.Dockerfile"), "{format}: {}", out.stdout);
    }
    // JSON carries the name as it is, escaped the JSON way.
    let out = run(dir.path(), &["--format=json"]);
    assert!(out.stdout.contains("n\\u001b[31m\\u0007.Dockerfile"), "{}", out.stdout);
    let out = run(dir.path(), &["--write"]);
    assert!(!out.stderr.contains('\x1b'), "{:?}", out.stderr);
}

#[test]
fn control_characters_of_the_file_never_reach_the_output() {
    let dir = tree(&[("Dockerfile", "FROM alpine\n\x1b[31mFOO bar\n")]);
    for format in ["text", "concise", "github", "json", "sarif", "markdown"] {
        let out = run(dir.path(), &[&format!("--format={format}")]);
        assert_eq!(out.code, 1, "{format}");
        assert!(!out.stdout.contains('\x1b'), "{format}: {:?}", out.stdout);
    }
}

#[test]
fn mode_flags_exclude_each_other() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    for pair in [["--write", "--check"], ["--dry-run", "--write"], ["--check", "--dry-run"]] {
        let out = run(dir.path(), &pair);
        assert_eq!(out.code, 2, "{pair:?}");
        assert_eq!(out.stdout, "");
        assert!(out.stderr.starts_with("error: the argument '"), "{pair:?}: {}", out.stderr);
        assert!(out.stderr.contains("cannot be used with"), "{pair:?}: {}", out.stderr);
    }
    assert_eq!(read(dir.path(), "Dockerfile"), NEEDS_FIX);
}

#[test]
fn unsafe_fixes_flag_is_accepted_in_every_mode() {
    // apk-no-cache's fix is safe, so the flag changes nothing here.
    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    let report = run(dir.path(), &["--unsafe-fixes"]);
    assert_eq!(
        report.stderr,
        "1 file checked, 1 finding in 1 file (1 fixable with --write --unsafe-fixes)\n"
    );
    let out = run(dir.path(), &["--write", "--unsafe-fixes"]);
    assert_eq!(out.code, 0);
    assert_eq!(read(dir.path(), "Dockerfile"), FIXED);
}

#[cfg(unix)]
#[test]
fn write_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tree(&[("Dockerfile", NEEDS_FIX), ("run.Dockerfile", NEEDS_FIX)]);
    fs::set_permissions(dir.path().join("Dockerfile"), fs::Permissions::from_mode(0o640)).unwrap();
    fs::set_permissions(dir.path().join("run.Dockerfile"), fs::Permissions::from_mode(0o755))
        .unwrap();
    let out = run(dir.path(), &["--write"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mode = |name: &str| fs::metadata(dir.path().join(name)).unwrap().permissions().mode();
    assert_eq!(mode("Dockerfile") & 0o7777, 0o640);
    assert_eq!(mode("run.Dockerfile") & 0o7777, 0o755);
    assert_eq!(read(dir.path(), "Dockerfile"), FIXED);
}

#[cfg(unix)]
#[test]
fn write_through_a_symlink_changes_the_target_and_keeps_the_link() {
    use std::os::unix::fs::symlink;

    let dir = tree(&[("real/base.Dockerfile", NEEDS_FIX)]);
    symlink("real/base.Dockerfile", dir.path().join("Dockerfile")).unwrap();
    let out = run(dir.path(), &["--write", "Dockerfile"]);
    assert_eq!(out.stderr, "1 file checked, 1 changed (1 fix: apk-no-cache 1)\n");
    assert_eq!(out.code, 0);
    let link = fs::symlink_metadata(dir.path().join("Dockerfile")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(
        fs::read_link(dir.path().join("Dockerfile")).unwrap(),
        Path::new("real/base.Dockerfile")
    );
    assert_eq!(read(dir.path(), "real/base.Dockerfile"), FIXED);
}

// File discovery.

/// The files a report-mode run lists, from `path:line:col:` lines.
fn reported(out: &Run) -> Vec<&str> {
    out.stdout.lines().map(|line| line.split(':').next().unwrap()).collect()
}

#[test]
fn dockerfiles_are_found_by_name_in_any_case() {
    let names = [
        "Dockerfile",
        "a/dockerfile",
        "b/DOCKERFILE",
        "c/Dockerfile.dev",
        "d/Dockerfile-alpine",
        "e/api.Dockerfile",
        "f/web.dockerfile",
        "g/Containerfile",
        "h/Containerfile.fedora",
        "i/containerfile",
    ];
    let ignored = [
        "j/Dockerfile.dockerignore",
        "j/.dockerignore",
        "k/Dockerfile.j2",
        "k/Dockerfile.tmpl",
        "k/Dockerfile.template",
        "k/Dockerfile.in",
        "k/Dockerfile.erb",
        "k/api.Dockerfile.j2",
        "l/Dockerfile_old",
        "l/MyDockerfile",
        "l/docker-compose.yml",
        "l/Containerfile-x",
    ];
    let mut files: Vec<(&str, &str)> = names.iter().map(|n| (*n, NEEDS_FIX)).collect();
    files.extend(ignored.iter().map(|n| (*n, NEEDS_FIX)));
    let dir = tree(&files);
    let out = run(dir.path(), &[]);
    assert_eq!(reported(&out), names);
    assert_eq!(out.stderr, "10 files checked, 10 findings in 10 files (10 fixable with --write)\n");
}

#[test]
fn gitignore_is_honoured_in_a_repository_and_ignore_files_everywhere() {
    // A `.gitignore` above the repository, like a home folder's, means nothing to git.
    let dir = tree(&[
        (".gitignore", "*\n"),
        ("repo/.git/HEAD", "ref: refs/heads/main\n"),
        ("repo/.gitignore", "vendor/\n*.skip.Dockerfile\n"),
        ("repo/sub/.ignore", "generated/\n"),
        ("repo/Dockerfile", NEEDS_FIX),
        ("repo/vendor/Dockerfile", NEEDS_FIX),
        ("repo/x.skip.Dockerfile", NEEDS_FIX),
        ("repo/sub/Dockerfile", NEEDS_FIX),
        ("repo/sub/generated/Dockerfile", NEEDS_FIX),
    ]);
    let out = run(&dir.path().join("repo"), &[]);
    assert_eq!(reported(&out), ["Dockerfile", "sub/Dockerfile"]);
    // From a folder inside the repository, the repository's `.gitignore` still applies.
    let out = run(&dir.path().join("repo/sub"), &[]);
    assert_eq!(reported(&out), ["Dockerfile"]);

    // Outside a repository `.gitignore` is not git's, but `.ignore` is dockfix's own.
    let dir = tree(&[
        (".gitignore", "vendor/\n"),
        (".ignore", "generated/\n"),
        ("Dockerfile", NEEDS_FIX),
        ("vendor/Dockerfile", NEEDS_FIX),
        ("generated/Dockerfile", NEEDS_FIX),
    ]);
    let out = run(dir.path(), &[]);
    assert_eq!(reported(&out), ["Dockerfile", "vendor/Dockerfile"]);
}

#[test]
fn hidden_folders_are_walked_but_git_is_not() {
    let dir = tree(&[
        (".devcontainer/Dockerfile", NEEDS_FIX),
        (".github/docker/ci.Dockerfile", NEEDS_FIX),
        (".git/Dockerfile", NEEDS_FIX),
        (".git/modules/x/Dockerfile", NEEDS_FIX),
        ("app/.git/Dockerfile", NEEDS_FIX),
        ("app/Dockerfile", NEEDS_FIX),
    ]);
    let out = run(dir.path(), &[]);
    assert_eq!(
        reported(&out),
        [".devcontainer/Dockerfile", ".github/docker/ci.Dockerfile", "app/Dockerfile"]
    );
}

#[test]
fn files_named_explicitly_are_always_processed() {
    let dir = tree(&[
        (".gitignore", "ignored/\n"),
        ("ignored/Dockerfile", NEEDS_FIX),
        ("build.Dockerfile.j2", NEEDS_FIX),
        ("image.txt", NEEDS_FIX),
    ]);
    let out = run(dir.path(), &["image.txt", "ignored/Dockerfile", "build.Dockerfile.j2"]);
    assert_eq!(reported(&out), ["build.Dockerfile.j2", "ignored/Dockerfile", "image.txt"]);
    assert_eq!(out.code, 1);
}

#[test]
fn a_file_reached_twice_is_processed_once() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX), ("a/Dockerfile", NEEDS_FIX)]);
    let out = run(dir.path(), &[".", "./Dockerfile", "Dockerfile", "a", "a/Dockerfile"]);
    assert_eq!(reported(&out), ["Dockerfile", "a/Dockerfile"]);
    assert_eq!(out.stderr, "2 files checked, 2 findings in 2 files (2 fixable with --write)\n");
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_while_walking_but_are_when_named() {
    use std::os::unix::fs::symlink;

    let outside = tree(&[("Dockerfile", NEEDS_FIX)]);
    let elsewhere = tree(&[("other.Dockerfile", NEEDS_FIX)]);
    let dir = tree(&[("app/Dockerfile", NEEDS_FIX)]);
    symlink(outside.path(), dir.path().join("linked-dir")).unwrap();
    symlink(elsewhere.path().join("other.Dockerfile"), dir.path().join("linked.Dockerfile"))
        .unwrap();
    symlink("nowhere", dir.path().join("dangling.Dockerfile")).unwrap();
    symlink("..", dir.path().join("app/up")).unwrap();

    let walked = run(dir.path(), &[]);
    assert_eq!(reported(&walked), ["app/Dockerfile"]);
    assert_eq!(walked.code, 1);

    let named = run(dir.path(), &["linked.Dockerfile", "linked-dir"]);
    assert_eq!(reported(&named), ["linked-dir/Dockerfile", "linked.Dockerfile"]);
}

#[test]
fn a_file_reached_by_two_paths_is_read_once() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    let absolute = dir.path().join("Dockerfile");
    let out = run(dir.path(), &["--write", "Dockerfile", absolute.to_str().unwrap(), "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("1 file checked"), "{}", out.stderr);
    assert_eq!(read(dir.path(), "Dockerfile"), "FROM alpine\nRUN apk add --no-cache curl\n");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_named_explicitly_is_an_error_and_the_run_goes_on() {
    use std::os::unix::fs::symlink;

    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    symlink("loop-b", dir.path().join("loop-a")).unwrap();
    symlink("loop-a", dir.path().join("loop-b")).unwrap();
    let out = run(dir.path(), &["loop-a", "Dockerfile"]);
    assert_eq!(out.stdout, format!("Dockerfile:2:5: {APK_ADD}\n"));
    assert_eq!(
        out.stderr,
        "dockfix: loop-a: too many levels of symbolic links\n\
         1 file checked, 1 finding in 1 file (1 fixable with --write); 1 error\n"
    );
    assert_eq!(out.code, 2);
}

// Errors.

#[test]
fn a_missing_path_is_an_error_and_the_run_goes_on() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    let out = run(dir.path(), &["missing", "Dockerfile"]);
    assert_eq!(out.stdout, format!("Dockerfile:2:5: {APK_ADD}\n"));
    assert_eq!(
        out.stderr,
        "dockfix: missing: no such file or directory\n\
         1 file checked, 1 finding in 1 file (1 fixable with --write); 1 error\n"
    );
    assert_eq!(out.code, 2);
}

#[test]
fn non_utf8_and_binary_files_are_errors_naming_file_and_line() {
    let dir = tree(&[("a/Dockerfile", NEEDS_FIX), ("c/Dockerfile", NEEDS_FIX)]);
    write(dir.path(), "b/Dockerfile", b"FROM alpine\n# caf\xe9\nRUN apk add curl\n");
    write(dir.path(), "b/bin.Dockerfile", b"FROM alpine\nRUN true\n\n\x00\x01\x02");

    let out = run(dir.path(), &[]);
    assert_eq!(out.stdout, format!("a/Dockerfile:2:5: {APK_ADD}\nc/Dockerfile:2:5: {APK_ADD}\n"));
    assert_eq!(
        out.stderr,
        "dockfix: b/Dockerfile:2: not valid UTF-8; dockfix reads UTF-8 Dockerfiles only\n\
         dockfix: b/bin.Dockerfile:4: binary file (NUL byte); dockfix reads text files only\n\
         2 files checked, 2 findings in 2 files (2 fixable with --write); 2 errors\n"
    );
    assert_eq!(out.code, 2);

    // The other files are still fixed, and the broken ones left as they were.
    let write_run = run(dir.path(), &["--write"]);
    assert_eq!(write_run.code, 2);
    assert_eq!(read(dir.path(), "a/Dockerfile"), FIXED);
    assert_eq!(read(dir.path(), "c/Dockerfile"), FIXED);
    assert_eq!(
        fs::read(dir.path().join("b/Dockerfile")).unwrap(),
        b"FROM alpine\n# caf\xe9\nRUN apk add curl\n"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_errors_naming_them() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tree(&[
        ("a/Dockerfile", NEEDS_FIX),
        ("b/Dockerfile", NEEDS_FIX),
        ("c/Dockerfile", NEEDS_FIX),
    ]);
    let locked_file = dir.path().join("b/Dockerfile");
    let locked_dir = dir.path().join("c");
    fs::set_permissions(&locked_file, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o000)).unwrap();
    let unlock = || fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o755)).unwrap();
    if fs::read(&locked_file).is_ok() {
        // Running as root: permissions do not stop reading, so there is nothing to test.
        unlock();
        return;
    }
    let out = run(dir.path(), &[]);
    unlock();
    assert_eq!(out.stdout, format!("a/Dockerfile:2:5: {APK_ADD}\n"));
    assert_eq!(
        out.stderr,
        "dockfix: b/Dockerfile: cannot read: permission denied\n\
         dockfix: c: cannot read: permission denied\n\
         1 file checked, 1 finding in 1 file (1 fixable with --write); 2 errors\n"
    );
    assert_eq!(out.code, 2);
}

// Output order and pipes.

#[test]
fn output_is_sorted_by_path_whatever_the_thread_count() {
    let mut files = Vec::new();
    for i in 0..40 {
        files.push((format!("d{}/s{}/Dockerfile", i % 7, i), NEEDS_FIX));
    }
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let dir = tree(&borrowed);
    let mut expected: Vec<String> =
        files.iter().map(|(p, _)| format!("{p}:2:5: {APK_ADD}")).collect();
    expected.sort();
    let expected = expected.join("\n") + "\n";
    for threads in ["1", "2", "8"] {
        let out = run(dir.path(), &["-j", threads]);
        assert_eq!(out.stdout, expected, "with {threads} threads");
    }
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let mut text = String::from("FROM alpine\n");
    for i in 0..5000 {
        text.push_str(&format!("RUN apk add pkg{i}\n"));
    }
    let dir = tree(&[("Dockerfile", &text)]);
    let mut child =
        command(dir.path(), &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Read a little, then hang up, as `dockfix | head -1` would.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(&first, b"Dockerfile:2:5: ");
    assert_eq!(status.code(), Some(1));
    assert_eq!(stderr, "1 file checked, 5000 findings in 1 file (5000 fixable with --write)\n");
}

// Standard input.

#[test]
fn stdin_is_read_for_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_with_stdin(dir.path(), &["-"], NEEDS_FIX.as_bytes());
    assert_eq!(out.stdout, format!("<stdin>:2:5: {APK_ADD}\n"));
    assert_eq!(out.code, 1);
}

#[test]
fn stdin_with_write_prints_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_with_stdin(dir.path(), &["--write", "-"], NEEDS_FIX.as_bytes());
    assert_eq!(out.stdout, FIXED);
    assert_eq!(out.stderr, "1 file checked, 1 changed (1 fix: apk-no-cache 1)\n");
    assert_eq!(out.code, 0);

    // Clean or broken text passes through unchanged.
    let clean = run_with_stdin(dir.path(), &["--write", "-"], FIXED.as_bytes());
    assert_eq!((clean.code, clean.stdout.as_str()), (0, FIXED));
    let broken = "FROM alpine\nRUN <<EOF\napk add x\n";
    let out = run_with_stdin(dir.path(), &["--write", "-"], broken.as_bytes());
    assert_eq!(out.stdout, broken);
    assert_eq!(
        out.stderr,
        "<stdin>:3:1: skipped, not a valid Dockerfile: unterminated heredoc\n\
         1 file checked, 0 changed, 1 skipped for syntax errors\n"
    );
}

#[test]
fn stdin_with_dry_run_prints_a_diff() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_with_stdin(dir.path(), &["--dry-run", "-"], NEEDS_FIX.as_bytes());
    assert_eq!(
        out.stdout,
        "--- a/<stdin>\n+++ b/<stdin>\n@@ -1,2 +1,2 @@\n FROM alpine\n-RUN apk add curl\n+RUN apk add --no-cache curl\n"
    );
    assert_eq!(out.code, 1);
}

#[test]
fn stdin_that_is_not_utf8_is_an_error_and_write_gives_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = b"FROM alpine\n\xff\n";
    // An editor filtering through `dockfix --write -` keeps its text.
    let mut child = command(dir.path(), &["--write", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dockfix starts");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let raw = child.wait_with_output().unwrap();
    assert_eq!(raw.stdout, input);
    assert_eq!(raw.status.code(), Some(2));

    let out = run_with_stdin(dir.path(), &["-"], input);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "dockfix: <stdin>:2: not valid UTF-8; dockfix reads UTF-8 Dockerfiles only\n\
         0 files checked, no findings; 1 error\n"
    );
    assert_eq!(out.code, 2);
}

// The rest of the command line.

#[test]
fn help_explains_modes_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--help"]);
    assert_eq!(out.code, 0);
    for needle in [
        "--dry-run   Print a unified diff of what --write would change; change nothing.",
        "--check     Print the findings whose fixes are pending; exit 1 when any file would change",
        "Exit status:",
        "1  findings left (report mode), or fixes pending or a file BuildKit rejects (--dry-run,",
        "2  an error of dockfix's own",
    ] {
        assert!(out.stdout.contains(needle), "--help lacks {needle:?}:\n{}", out.stdout);
    }
}

#[test]
fn parse_subcommand_still_works() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    let out = run(dir.path(), &["parse", "--format", "json", "Dockerfile"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(out.stdout.trim_end()).unwrap();
    assert_eq!(report["path"], "Dockerfile");
    assert_eq!(report["instructions"][1]["keyword"], "RUN");
    assert_eq!(report["instructions"][1]["args"][0], "apk add curl");
    assert_eq!(report["errors"], serde_json::json!([]));
}

#[test]
fn the_example_shows_a_real_diff() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run(root, &["--dry-run", "examples/Dockerfile"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr, "1 file checked, 1 would be changed (5 fixes: apk-no-cache 5)\n");
    for line in [
        "+RUN apk add --no-cache \\",
        "+RUN apk add --no-cache --virtual .cgo-deps gcc musl-dev sqlite-dev",
        "+RUN apk --no-progress add --no-cache ca-certificates sqlite-libs",
        "+apk upgrade --no-cache",
        "+apk add --no-cache curl",
    ] {
        assert!(out.stdout.lines().any(|l| l == line), "missing {line:?} in\n{}", out.stdout);
    }
    // The line that is already right is at most context.
    assert!(out.stdout.lines().any(|l| l == " RUN apk add --no-cache tzdata"), "{}", out.stdout);
    assert_eq!(out.stdout.lines().filter(|l| l.contains("tzdata")).count(), 1);
}

// Choosing rules: --select, --ignore, suppression comments.

/// The finding lines of one rule.
fn lines_of<'a>(out: &'a Run, rule: &str) -> Vec<&'a str> {
    out.stdout.lines().filter(|l| l.split(' ').nth(1) == Some(rule)).collect()
}

fn known_rules() -> String {
    let names: Vec<&str> = dockfix::rules::RULES.iter().map(|r| r.name).collect();
    names.join(", ")
}

#[test]
fn every_rule_runs_unless_rules_are_picked() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    let all = run_all_rules(dir.path(), &[]);
    assert_eq!(lines_of(&all, "apk-no-cache"), [format!("Dockerfile:2:5: {APK_ADD}")]);
    let selected = run_all_rules(dir.path(), &["--select", "apk-no-cache"]);
    assert_eq!(selected.stdout, format!("Dockerfile:2:5: {APK_ADD}\n"));
    let ignored = run_all_rules(dir.path(), &["--ignore", "apk-no-cache"]);
    assert!(lines_of(&ignored, "apk-no-cache").is_empty(), "{}", ignored.stdout);
}

#[test]
fn select_and_ignore_take_lists_and_repeats_and_ignore_wins() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    for args in [
        &["--select=apk-no-cache,apk-no-cache"][..],
        &["--select", "apk-no-cache", "--select", "apk-no-cache"],
        &["--select", ",apk-no-cache,"],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.stdout, format!("Dockerfile:2:5: {APK_ADD}\n"), "{args:?}");
        assert_eq!(out.code, 1);
    }
    for args in [
        &["--select", "apk-no-cache", "--ignore", "apk-no-cache"][..],
        &["--select=apk-no-cache", "--ignore=apk-no-cache,apk-no-cache"],
        // Selecting nothing leaves only the syntax errors.
        &["--select="],
    ] {
        let out = run(dir.path(), args);
        assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{args:?}");
        assert_eq!(out.stderr, "1 file checked, no findings\n");
    }
    // The fix modes leave an ignored rule's findings alone too.
    let out = run(dir.path(), &["--select=apk-no-cache", "--ignore=apk-no-cache", "--write"]);
    assert_eq!(out.stderr, "1 file checked, 0 changed\n");
    assert_eq!(read(dir.path(), "Dockerfile"), NEEDS_FIX);
}

#[test]
fn unknown_rule_names_are_errors_that_list_the_known_ones() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX)]);
    let out = run(dir.path(), &["--select", "apk-no-cache,apk-no-cash", "--write"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!("dockfix: --select: unknown rule `apk-no-cash`; known rules: {}\n", known_rules())
    );
    // Nothing was processed.
    assert_eq!(read(dir.path(), "Dockerfile"), NEEDS_FIX);

    // Both flags are checked; a code gets a hint; each name is named once.
    let out = run(dir.path(), &["--select=nope", "--ignore=DL3019,x,x"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!(
            "dockfix: --select: unknown rule `nope`; known rules: {known}\n\
             dockfix: --ignore: unknown rules `DL3019`, `x` (`DL3019` is a code of apk-no-cache); \
             known rules: {known}\n",
            known = known_rules()
        )
    );

    let out = run(dir.path(), &["--ignore", "syntax-error"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "dockfix: --ignore: syntax errors are always reported, so `syntax-error` cannot be \
         selected or ignored\n"
    );
}

#[test]
fn syntax_errors_are_reported_whatever_rules_are_picked() {
    let dir = tree(&[("Dockerfile", "FROM alpine\nRUN apk add x\nFOO bar\n")]);
    for args in [&["--select="][..], &["--ignore=apk-no-cache"], &["--select=apk-no-cache"]] {
        let out = run_all_rules(dir.path(), args);
        assert_eq!(out.stdout, "Dockerfile:3:1: syntax-error unknown instruction: FOO\n");
        assert_eq!(out.code, 1);
    }
}

#[test]
fn a_dockfix_ignore_comment_silences_the_instruction_below_it() {
    let text = "FROM alpine\n# dockfix ignore=apk-no-cache\nRUN apk add x\nRUN apk add y\n";
    let dir = tree(&[("Dockerfile", text)]);
    let out = run(dir.path(), &[]);
    assert_eq!(out.stdout, format!("Dockerfile:4:5: {APK_ADD}\n"));
    let out = run(dir.path(), &["--write"]);
    assert_eq!(out.stderr, "1 file checked, 1 changed (1 fix: apk-no-cache 1)\n");
    assert_eq!(
        read(dir.path(), "Dockerfile"),
        "FROM alpine\n# dockfix ignore=apk-no-cache\nRUN apk add x\nRUN apk add --no-cache y\n"
    );
}

#[test]
fn a_hadolint_ignore_comment_silences_the_rules_with_its_codes() {
    let dir = tree(&[
        // A block of comments directly above the instruction counts, whatever its order.
        ("a.Dockerfile", "FROM alpine\n# hadolint ignore=DL3018,DL3019\n# why\nRUN apk add x\n"),
        // A blank line in between breaks the link, as in hadolint.
        ("b.Dockerfile", "FROM alpine\n# hadolint ignore=DL3019\n\nRUN apk add x\n"),
        // Another code silences nothing.
        ("c.Dockerfile", "FROM alpine\n# hadolint ignore=DL3018\nRUN apk add x\n"),
        // hadolint does not know dockfix's names.
        ("d.Dockerfile", "FROM alpine\n# hadolint ignore=apk-no-cache\nRUN apk add x\n"),
    ]);
    let out = run(dir.path(), &[]);
    assert_eq!(
        out.stdout,
        format!(
            "b.Dockerfile:4:5: {APK_ADD}\nc.Dockerfile:3:5: {APK_ADD}\nd.Dockerfile:3:5: {APK_ADD}\n"
        )
    );
}

#[test]
fn global_ignore_comments_silence_the_whole_file() {
    let body = "FROM alpine\nRUN apk add x\nRUN <<EOF\napk add y\nEOF\n";
    let dir = tree(&[
        ("a.Dockerfile", &format!("{body}# dockfix global ignore=apk-no-cache\n")),
        ("b.Dockerfile", &format!("# hadolint global ignore=DL3019\n{body}")),
        ("c.Dockerfile", &format!("# dockfix global ignore=other-rule\n{body}")),
    ]);
    let out = run(dir.path(), &[]);
    assert_eq!(out.stdout, format!("c.Dockerfile:3:5: {APK_ADD}\nc.Dockerfile:5:1: {APK_ADD}\n"));
    run(dir.path(), &["--write"]);
    assert_eq!(
        read(dir.path(), "a.Dockerfile"),
        format!("{body}# dockfix global ignore=apk-no-cache\n")
    );
}

#[test]
fn a_check_skip_directive_silences_only_rules_of_buildkit_checks() {
    // apk-no-cache corresponds to no BuildKit check, so neither a named skip nor `all` touches
    // it; which rules a check name silences is tested for every rule in the library.
    let dir = tree(&[
        ("a.Dockerfile", "# check=skip=all\nFROM alpine\nRUN apk add x\n"),
        (
            "b.Dockerfile",
            "# syntax=docker/dockerfile:1\n# check=skip=DL3019;error=true\nFROM alpine\nRUN apk add x\n",
        ),
    ]);
    let out = run(dir.path(), &[]);
    assert_eq!(out.stdout, format!("a.Dockerfile:3:5: {APK_ADD}\nb.Dockerfile:4:5: {APK_ADD}\n"));

    // A rule that corresponds to a check is silenced by its name, through the real binary.
    let Some((rule, check)) = dockfix::rules::RULES.iter().find_map(|rule| {
        let check = rule.codes.iter().find(|c| !c.starts_with("DL") && !c.starts_with("SC"))?;
        Some((rule, *check))
    }) else {
        return;
    };
    let example = example_before(rule.doc);
    let dir = tree(&[("Dockerfile", &example)]);
    let out = run(dir.path(), &["--select", rule.name]);
    assert!(!out.stdout.is_empty(), "{}: the example gives no finding", rule.name);
    let skipped = format!("# check=skip={check}\n{example}");
    let dir = tree(&[("Dockerfile", &skipped)]);
    let out = run(dir.path(), &["--select", rule.name]);
    assert_eq!(out.stdout, "", "{}: `# check=skip={check}` should silence it", rule.name);
}

/// The first ```` ```dockerfile ```` block of a rule's doc: its example before the fix.
fn example_before(doc: &str) -> String {
    let example = doc.find("## Example\n").expect("the doc has an example");
    let start = example + doc[example..].find("```dockerfile\n").unwrap() + 14;
    let len = doc[start..].find("```").unwrap();
    doc[start..start + len].to_string()
}

// `dockfix rules`.

#[test]
fn rules_lists_every_rule_in_aligned_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["rules"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let rules = dockfix::rules::RULES;
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), rules.len());
    for (line, rule) in lines.iter().zip(rules) {
        let columns: Vec<&str> = line.split_whitespace().take(3).collect();
        let codes = if rule.codes.is_empty() { "-".to_string() } else { rule.codes.join(",") };
        assert_eq!(columns, [rule.name, codes.as_str(), rule.fix.label()], "{line:?}");
        assert!(line.ends_with(rule.summary), "{line:?}");
    }
    let summary_column: Vec<usize> = lines
        .iter()
        .zip(rules)
        .map(|(line, rule)| line.chars().count() - rule.summary.chars().count())
        .collect();
    assert!(summary_column.windows(2).all(|w| w[0] == w[1]), "{}", out.stdout);
    assert!(
        lines
            .iter()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()[..3]
                == ["apk-no-cache", "DL3019", "safe"]),
        "{}",
        out.stdout
    );
}

#[test]
fn rules_explain_prints_the_rule_documentation() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["rules", "--explain", "apk-no-cache"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let doc = dockfix::rules::by_name("apk-no-cache").unwrap().doc;
    assert_eq!(out.stdout, format!("# apk-no-cache (DL3019; safe fix)\n\n{doc}"));

    let out = run(dir.path(), &["rules", "--explain", "apk"]);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""));
    assert_eq!(
        out.stderr,
        format!("dockfix: unknown rule `apk`; known rules: {}\n", known_rules())
    );
}

#[test]
fn rules_is_a_command_and_a_folder_called_rules_is_reached_by_its_path() {
    let dir = tree(&[("rules/Dockerfile", NEEDS_FIX)]);
    let out = run(dir.path(), &["rules"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.starts_with("apk-no-cache ") || out.stdout.contains("\napk-no-cache "));
    let out = run(dir.path(), &["./rules"]);
    assert_eq!(out.stdout, format!("rules/Dockerfile:2:5: {APK_ADD}\n"));
    // Check options do not go with the command.
    let out = run(dir.path(), &["rules", "--select", "apk-no-cache"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with("error: unexpected argument '--select'"), "{}", out.stderr);
}

#[test]
fn help_tells_about_rules_and_suppression() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--help"]);
    for needle in [
        "--select <RULE>",
        "--ignore <RULE>",
        "rules  ",
        "`dockfix rules --explain NAME`",
        "# dockfix ignore=NAME",
        "# hadolint ignore=DL3019",
        "# check=skip=",
    ] {
        assert!(out.stdout.contains(needle), "--help lacks {needle:?}:\n{}", out.stdout);
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_reported_not_rewritten() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tree(&[("Dockerfile", NEEDS_FIX), ("other/Dockerfile", NEEDS_FIX)]);
    let path = dir.path().join("Dockerfile");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(dir.path(), &["--write", "."]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("dockfix: Dockerfile: cannot write: the file is read-only"),
        "{}",
        out.stderr
    );
    assert_eq!(read(dir.path(), "Dockerfile"), NEEDS_FIX);
    assert_eq!(read(dir.path(), "other/Dockerfile"), FIXED);
}

#[test]
fn a_target_that_names_no_stage_is_a_warning_naming_the_file() {
    let two_stages = "FROM alpine:3.21 AS build\nRUN true\nFROM alpine:3.21\nCMD [\"x\"]\n";
    let dir = tree(&[("a/Dockerfile", two_stages), ("b/Dockerfile", NEEDS_FIX)]);
    let select = "--select=non-root-user,apk-no-cache";
    let warning = |file: &str| {
        format!(
            "dockfix: {file}: warning: the target stage `build` is not a stage of this file, so \
             apk-upgrade-runtime, non-root-user, build-tools-in-builder judged nothing in it\n"
        )
    };
    for mode in [None, Some("--dry-run"), Some("--check")] {
        let mut args = vec!["--target", "build", select];
        args.extend(mode);
        let out = run(dir.path(), &args);
        // `a` has a stage named `build`; `b` has not, and its other rules still run.
        assert!(out.stderr.starts_with(&warning("b/Dockerfile")), "{mode:?}: {}", out.stderr);
        assert!(!out.stderr.contains("a/Dockerfile"), "{mode:?}: {}", out.stderr);
        assert_eq!(out.code, 1, "{mode:?}");
    }
    // Rules that do not judge the runtime stage have nothing to warn about.
    let out = run(dir.path(), &["--target", "build"]);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}
