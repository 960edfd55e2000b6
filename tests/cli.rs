//! Runs the real `dockfix` binary in temporary folders: what each mode prints, how it exits,
//! which files it finds, and what `--write` leaves on disk.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use tempfile::TempDir;

const APK_ADD: &str = "apk-no-cache `apk add` without `--no-cache` leaves the package index in the image; \
     add `--no-cache` [fix available]";
const APK_UPGRADE: &str = "apk-no-cache `apk upgrade` without `--no-cache` leaves the package index in the image; \
     add `--no-cache` [fix available]";

const NEEDS_FIX: &str = "FROM alpine\nRUN apk add curl\n";
const FIXED: &str = "FROM alpine\nRUN apk add --no-cache curl\n";

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dockfix"));
    cmd.args(args)
        .current_dir(dir)
        // A user's global gitignore must not decide which files these tests see.
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".no-config"))
        .env_remove("NO_COLOR");
    cmd
}

fn run_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dockfix starts");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().expect("dockfix exits, not killed"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_with_stdin(dir, args, b"")
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
fn check_prints_only_the_summary_and_exits_1_when_a_file_would_change() {
    let dir = tree(&[("Dockerfile", NEEDS_FIX), ("b/Dockerfile", FIXED)]);
    let out = run(dir.path(), &["--check"]);
    assert_eq!(out.stdout, "");
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

    let dry = run(dir.path(), &["--dry-run"]);
    assert_eq!((dry.code, dry.stdout.as_str()), (0, ""));
    assert_eq!(
        dry.stderr,
        "Dockerfile:4:1: skipped, not a valid Dockerfile: unterminated heredoc\n\
         2 files checked, 0 would be changed, 1 skipped for syntax errors\n"
    );
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
    // No rule has an unsafe fix yet, so the flag changes nothing here.
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
fn gitignore_and_ignore_files_are_honoured_without_a_git_repository() {
    let dir = tree(&[
        (".gitignore", "vendor/\n*.skip.Dockerfile\n"),
        ("sub/.ignore", "generated/\n"),
        ("Dockerfile", NEEDS_FIX),
        ("vendor/Dockerfile", NEEDS_FIX),
        ("x.skip.Dockerfile", NEEDS_FIX),
        ("sub/Dockerfile", NEEDS_FIX),
        ("sub/generated/Dockerfile", NEEDS_FIX),
    ]);
    assert!(!dir.path().join(".git").exists());
    let out = run(dir.path(), &[]);
    assert_eq!(reported(&out), ["Dockerfile", "sub/Dockerfile"]);
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
    let dir = tree(&[("app/Dockerfile", NEEDS_FIX)]);
    symlink(outside.path(), dir.path().join("linked-dir")).unwrap();
    symlink(outside.path().join("Dockerfile"), dir.path().join("linked.Dockerfile")).unwrap();
    symlink("nowhere", dir.path().join("dangling.Dockerfile")).unwrap();
    symlink("..", dir.path().join("app/up")).unwrap();

    let walked = run(dir.path(), &[]);
    assert_eq!(reported(&walked), ["app/Dockerfile"]);
    assert_eq!(walked.code, 1);

    let named = run(dir.path(), &["linked.Dockerfile", "linked-dir"]);
    assert_eq!(reported(&named), ["linked-dir/Dockerfile", "linked.Dockerfile"]);
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
fn stdin_that_is_not_utf8_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_with_stdin(dir.path(), &["--write", "-"], b"FROM alpine\n\xff\n");
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "dockfix: <stdin>:2: not valid UTF-8; dockfix reads UTF-8 Dockerfiles only\n\
         0 files checked, 0 changed; 1 error\n"
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
        "--check     Print only the summary; exit 1 when any file would change.",
        "Exit status:",
        "1  findings left (report mode), or fixes pending (--dry-run, --check)",
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
