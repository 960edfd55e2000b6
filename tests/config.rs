//! Runs the real `dockfix` binary in temporary repositories holding configuration files: which
//! files apply to which Dockerfile, how they layer with `--config` and the flags, what is left
//! out, and how a bad file is reported.

mod common;

use std::fs;
use std::path::Path;

use tempfile::TempDir;

use common::run::{Run, dockfix_command, output};

const APK_ADD: &str = "apk-no-cache `apk add` without `--no-cache` leaves the package index in \
                       the image; add `--no-cache` [fix available with --write]";
const FROM_AS: &str = "from-as-casing `as` does not match the case of `FROM`; write `AS` [fix available with --write]";

/// Gives a finding of `from-as-casing` at 1:13 and one of `apk-no-cache` at 2:5.
const TWO_FINDINGS: &str = "FROM alpine as build\nRUN apk add curl\n";

/// The keys a configuration file may have at the top, as the unknown-key error lists them.
const TOP_KEYS: &str = "`select`, `ignore`, `unsafe-fixes`, `exclude`, `extend-exclude`, \
                        `non-root-user`, `base-image-pin`, `build-tools-in-builder`, `pr`, \
                        `contexts`";

fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    // Findings one a line; the formats have tests of their own.
    let mut command = dockfix_command(dir);
    if args.first() != Some(&"rules") {
        command.arg("--format=concise");
    }
    command.args(args);
    output(command, stdin)
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, b"")
}

/// A temporary repository (its root holds `.git/`) with `files` (path, text) in it.
fn repo(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The rule names, in the order `dockfix rules` lists them and errors name them.
fn rule_names(dir: &Path) -> String {
    let listed = run(dir, &["rules"]).stdout;
    let names: Vec<&str> =
        listed.lines().map(|line| line.split_whitespace().next().unwrap()).collect();
    names.join(", ")
}

// Discovery and layering.

#[test]
fn nearer_files_override_farther_ones_key_by_key() {
    let dir = repo(&[
        ("dockfix.toml", "select = [\"apk-no-cache\", \"from-as-casing\"]\n"),
        ("api/dockfix.toml", "ignore = [\"apk-no-cache\"]\n"),
        ("Dockerfile", TWO_FINDINGS),
        ("api/Dockerfile", TWO_FINDINGS),
        ("api/v2/Dockerfile", TWO_FINDINGS),
    ]);
    let out = run(dir.path(), &[]);
    assert_eq!(
        out.stdout,
        format!(
            "Dockerfile:1:13: {FROM_AS}\nDockerfile:2:5: {APK_ADD}\napi/Dockerfile:1:13: {FROM_AS}\n\
             api/v2/Dockerfile:1:13: {FROM_AS}\n"
        )
    );
    assert_eq!(out.stderr, "3 files checked, 4 findings in 3 files (4 fixable with --write)\n");
    assert_eq!(out.code, 1);
}

#[test]
fn the_hidden_name_is_read_too() {
    let dir =
        repo(&[(".dockfix.toml", "select = [\"from-as-casing\"]\n"), ("Dockerfile", TWO_FINDINGS)]);
    let out = run(dir.path(), &[]);
    assert_eq!(out.stdout, format!("Dockerfile:1:13: {FROM_AS}\n"));
    assert_eq!(out.code, 1);
}

/// Files above the repository root are not read: the broken one there would stop the run.
#[test]
fn the_repository_root_stops_the_search() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dockfix.toml", "selct = []\n");
    write(dir.path(), "repo/Dockerfile", TWO_FINDINGS);
    fs::create_dir(dir.path().join("repo/.git")).unwrap();
    // A worktree's `.git` is a file, and marks the root as well.
    write(dir.path(), "worktree/.git", "gitdir: ../repo/.git/worktrees/x\n");
    write(dir.path(), "worktree/app/Dockerfile", TWO_FINDINGS);

    let out = run(&dir.path().join("repo"), &["--select", "apk-no-cache"]);
    assert_eq!(out.stdout, format!("Dockerfile:2:5: {APK_ADD}\n"));
    assert_eq!(out.code, 1);
    let out = run(&dir.path().join("worktree"), &["--select", "apk-no-cache"]);
    assert_eq!(out.stdout, format!("app/Dockerfile:2:5: {APK_ADD}\n"));
    assert_eq!(out.code, 1);

    // Outside both, the file is found.
    write(dir.path(), "Dockerfile", TWO_FINDINGS);
    let out = run(dir.path(), &["Dockerfile"]);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!("dockfix: dockfix.toml:1:1: `selct`: unknown key, expected one of {TOP_KEYS}\n")
    );
    assert_eq!(out.code, 2);
}

#[test]
fn standard_input_takes_the_configuration_of_the_current_folder() {
    let dir = repo(&[("dockfix.toml", "select = [\"from-as-casing\"]\n")]);
    let out = run_in(dir.path(), &["-"], TWO_FINDINGS.as_bytes());
    assert_eq!(out.stdout, format!("<stdin>:1:13: {FROM_AS}\n"));
    assert_eq!(out.code, 1);
}

// --config, --isolated and the flags.

#[test]
fn a_config_file_given_is_the_only_one_read_and_paths_are_from_its_folder() {
    let dir = repo(&[
        ("dockfix.toml", "select = [\"apk-no-cache\"]\n"),
        ("ci/strict.toml", "select = [\"from-as-casing\"]\nexclude = [\"/gen\"]\n"),
        ("Dockerfile", TWO_FINDINGS),
        ("gen/Dockerfile", TWO_FINDINGS),
        ("ci/gen/Dockerfile", TWO_FINDINGS),
    ]);
    let out = run(dir.path(), &["--config", "ci/strict.toml"]);
    assert_eq!(out.stdout, format!("Dockerfile:1:13: {FROM_AS}\ngen/Dockerfile:1:13: {FROM_AS}\n"));
    assert_eq!(out.code, 1);

    let out = run(dir.path(), &["--config", "ci/strict.toml", "--config", "dockfix.toml"]);
    assert_eq!(
        out.stderr,
        "dockfix: --config: `dockfix.toml`: only one configuration file may be given\n"
    );
    assert_eq!(out.code, 2);
}

#[test]
fn inline_settings_override_files_and_flags_override_both() {
    let dir =
        repo(&[("dockfix.toml", "select = [\"apk-no-cache\"]\n"), ("Dockerfile", TWO_FINDINGS)]);
    let inline = ["--config", "select = [\"from-as-casing\"]"];
    let out = run(dir.path(), &inline);
    assert_eq!(out.stdout, format!("Dockerfile:1:13: {FROM_AS}\n"));

    // The later of two inline settings wins.
    let out = run(dir.path(), &[&inline[..], &["--config=select=[\"apk-no-cache\"]"]].concat());
    assert_eq!(out.stdout, format!("Dockerfile:2:5: {APK_ADD}\n"));

    let out = run(dir.path(), &[&inline[..], &["--select", "apk-no-cache"]].concat());
    assert_eq!(out.stdout, format!("Dockerfile:2:5: {APK_ADD}\n"));
    let out = run(dir.path(), &[&inline[..], &["--ignore", "from-as-casing"]].concat());
    assert_eq!(out.stdout, "");
    assert_eq!(out.code, 0);
}

#[test]
fn isolated_reads_no_file_but_takes_inline_settings() {
    let dir = repo(&[("dockfix.toml", "selct = []\n"), ("Dockerfile", TWO_FINDINGS)]);
    let out = run(dir.path(), &["--isolated", "--config", "select = [\"from-as-casing\"]"]);
    assert_eq!(out.stdout, format!("Dockerfile:1:13: {FROM_AS}\n"));
    assert_eq!(out.code, 1);

    write(dir.path(), "other.toml", "");
    let out = run(dir.path(), &["--isolated", "--config", "other.toml"]);
    assert_eq!(out.stderr, "dockfix: --config: `other.toml`: a file, and --isolated reads none\n");
    assert_eq!(out.code, 2);
}

#[test]
fn the_command_line_wins_over_unsafe_fixes_in_a_file() {
    let before = "FROM alpine:3.21\nMAINTAINER Jane <jane@example.com>\n";
    let after =
        "FROM alpine:3.21\nLABEL org.opencontainers.image.authors=\"Jane <jane@example.com>\"\n";
    let dir = repo(&[
        ("dockfix.toml", "select = [\"maintainer-deprecated\"]\nunsafe-fixes = true\n"),
        ("Dockerfile", before),
    ]);
    let out = run(dir.path(), &["--write", "--no-unsafe-fixes"]);
    assert_eq!(
        out.stderr,
        "1 file checked, 0 changed; 1 unsafe fix held back without --unsafe-fixes\n"
    );
    assert_eq!(fs::read_to_string(dir.path().join("Dockerfile")).unwrap(), before);

    // The last of --unsafe-fixes and --no-unsafe-fixes counts.
    let out = run(dir.path(), &["--write", "--no-unsafe-fixes", "--unsafe-fixes"]);
    assert_eq!(out.stderr, "1 file checked, 1 changed (1 fix: maintainer-deprecated 1)\n");
    assert_eq!(fs::read_to_string(dir.path().join("Dockerfile")).unwrap(), after);

    // Report mode counts the file's unsafe fix as one `--write` applies.
    fs::write(dir.path().join("Dockerfile"), before).unwrap();
    let out = run(dir.path(), &[]);
    assert_eq!(
        out.stdout,
        "Dockerfile:2:1: maintainer-deprecated `MAINTAINER` is deprecated; write the author as \
         the `org.opencontainers.image.authors` label [unsafe fix available with --write]\n"
    );
    assert_eq!(out.stderr, "1 file checked, 1 finding in 1 file (1 fixable with --write)\n");
}

// Exclusion.

#[test]
fn exclude_replaces_and_extend_exclude_adds_up() {
    let dir = repo(&[
        ("dockfix.toml", "exclude = [\"vendor\"]\nextend-exclude = [\"*.generated.Dockerfile\"]\n"),
        ("legacy/dockfix.toml", "exclude = [\"old/\"]\n"),
        ("Dockerfile", TWO_FINDINGS),
        ("vendor/Dockerfile", TWO_FINDINGS),
        ("x.generated.Dockerfile", TWO_FINDINGS),
        ("legacy/vendor/Dockerfile", TWO_FINDINGS),
        ("legacy/old/Dockerfile", TWO_FINDINGS),
        ("legacy/y.generated.Dockerfile", TWO_FINDINGS),
    ]);
    let select = ["--select", "apk-no-cache"];
    let out = run(dir.path(), &select);
    assert_eq!(
        out.stdout,
        format!("Dockerfile:2:5: {APK_ADD}\nlegacy/vendor/Dockerfile:2:5: {APK_ADD}\n")
    );

    // --exclude replaces every file's `exclude`; the `extend-exclude` still applies.
    let out = run(dir.path(), &[&select[..], &["--exclude", "legacy"]].concat());
    assert_eq!(
        out.stdout,
        format!("Dockerfile:2:5: {APK_ADD}\nvendor/Dockerfile:2:5: {APK_ADD}\n")
    );
    let out = run(dir.path(), &[&select[..], &["--extend-exclude", "Dockerfile"]].concat());
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "0 files checked, no findings\n");
}

#[test]
fn a_named_file_is_excluded_only_with_force_exclude() {
    let dir = repo(&[
        ("dockfix.toml", "exclude = [\"vendor/**\"]\n"),
        ("vendor/Dockerfile", TWO_FINDINGS),
    ]);
    let args = ["--select", "apk-no-cache", "vendor/Dockerfile"];
    let out = run(dir.path(), &args);
    assert_eq!(out.stdout, format!("vendor/Dockerfile:2:5: {APK_ADD}\n"));
    assert_eq!(out.code, 1);
    let out = run(dir.path(), &[&args[..], &["--force-exclude"]].concat());
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "0 files checked, no findings\n");
    assert_eq!(out.code, 0);
}

// Build contexts.

#[test]
fn a_configured_context_is_where_add_sources_are_looked_for() {
    let dir = repo(&[
        ("dockfix.toml", "select = [\"add-instead-of-copy\"]\n"),
        ("config/app.conf", "port = 80\n"),
        ("docker/Dockerfile", "FROM alpine\nADD config/ /etc/app/\n"),
    ]);
    let message = "add-instead-of-copy `ADD` of local sources is better written as `COPY`, which \
                   does not unpack archives or fetch URLs";
    let out = run(dir.path(), &[]);
    assert_eq!(
        out.stdout,
        format!(
            "docker/Dockerfile:2:1: {message} [unsafe fix available with --write --unsafe-fixes]\n"
        )
    );
    let out = run(dir.path(), &["--context", "."]);
    assert_eq!(
        out.stdout,
        format!("docker/Dockerfile:2:1: {message} [fix available with --write]\n")
    );

    let contexts = "[[contexts]]\ndockerfile = \"docker/*\"\ncontext = \".\"\n";
    write(dir.path(), "dockfix.toml", &format!("select = [\"add-instead-of-copy\"]\n{contexts}"));
    let out = run(dir.path(), &[]);
    assert_eq!(
        out.stdout,
        format!("docker/Dockerfile:2:1: {message} [fix available with --write]\n")
    );
}

/// The flags are checked as the same values in a file are, and a context must be a folder.
#[test]
fn context_and_target_flags_are_checked() {
    let dir = repo(&[("app/Dockerfile", TWO_FINDINGS), ("app/src/main.c", "")]);
    let cases: [(&[&str], &str); 4] = [
        (
            &["--target", "1bad"],
            "--target: `1bad` is not a stage name: a letter, then letters, digits, `_`, `.` and `-`",
        ),
        (
            &["--target="],
            "--target: `` is not a stage name: a letter, then letters, digits, `_`, `.` and `-`",
        ),
        (&["--context", "nonexistent"], "--context: `nonexistent`: no such folder"),
        (&["--context", "app/Dockerfile"], "--context: `app/Dockerfile`: is a file, not a folder"),
    ];
    for (args, error) in cases {
        let out = run(dir.path(), args);
        assert_eq!(out.stdout, "", "{args:?}");
        assert_eq!(out.stderr, format!("dockfix: {error}\n"), "{args:?}");
        assert_eq!(out.code, 2, "{args:?}");
        // --show-settings checks them too.
        let out = run(dir.path(), &[args, &["--show-settings"]].concat());
        assert_eq!((out.stdout.as_str(), out.code), ("", 2), "{args:?}");
    }

    // Both at once, with the other flags' errors.
    let out =
        run(dir.path(), &["--context", "app/src/main.c", "--target", "a b", "--exclude", "{"]);
    assert_eq!(
        out.stderr,
        "dockfix: --exclude: `{` is not a valid glob: unclosed alternate group; missing '}' \
         (maybe escape '{' with '[{]'?)\n\
         dockfix: --context: `app/src/main.c`: is a file, not a folder\n\
         dockfix: --target: `a b` is not a stage name: a letter, then letters, digits, `_`, `.` \
         and `-`\n"
    );

    // Good values pass, and are what --show-settings prints.
    let out = run(
        dir.path(),
        &["--context", "app/src/", "--target", "Build.2", "--show-settings", "app"],
    );
    assert_eq!(out.stderr, "");
    assert!(
        out.stdout.contains("\ncontext = \"app/src\"\ntarget = \"Build.2\"\n"),
        "{}",
        out.stdout
    );
    assert_eq!(out.code, 0);
}

#[test]
fn show_settings_prints_the_layered_result() {
    let dir = repo(&[
        (
            "dockfix.toml",
            "select = [\"apk-no-cache\", \"pipefail\"]\n\
             [non-root-user]\nname = \"svc\"\nuid = 2000\n\
             [base-image-pin]\nimages = { alpine = \"3.20\", node = \"20-alpine3.21\" }\n\
             [build-tools-in-builder]\npackages = [\"gcc\"]\n\
             [[contexts]]\ndockerfile = \"api/Dockerfile\"\ncontext = \".\"\ntarget = \"runtime\"\n",
        ),
        (
            "api/.dockfix.toml",
            "ignore = [\"pipefail\"]\nunsafe-fixes = true\n\
             [non-root-user]\ngid = 3000\n\
             [base-image-pin]\npolicy = \"exact\"\nimages = { alpine = \"3.21\" }\n\
             [build-tools-in-builder]\nextend-packages = [\"protobuf-dev\"]\n\
             [pr]\nbranch = \"bot/dockfix\"\n",
        ),
    ]);
    let out = run(dir.path(), &["--show-settings", "--config", "non-root-user.uid = 7", "api"]);
    assert_eq!(
        out.stdout,
        "# api/Dockerfile, from: dockfix.toml, api/.dockfix.toml, --config 'non-root-user.uid = 7'\n\
         excluded = false\n\
         rules = [\"apk-no-cache\"]\n\
         unsafe-fixes = true\n\
         context = \".\"\n\
         target = \"runtime\"\n\
         \n\
         [non-root-user]\n\
         name = \"svc\"\n\
         uid = 7\n\
         gid = 3000\n\
         \n\
         [base-image-pin]\n\
         policy = \"exact\"\n\
         \n\
         [base-image-pin.images]\n\
         alpine = \"3.21\"\n\
         node = \"20-alpine3.21\"\n\
         \n\
         [build-tools-in-builder]\n\
         packages = [\"gcc\", \"protobuf-dev\"]\n\
         \n\
         [pr]\n\
         branch = \"bot/dockfix\"\n\
         remote = \"origin\"\n"
    );
    assert_eq!(out.code, 0);
}

// Errors.

#[test]
fn an_unknown_key_stops_the_run_with_its_place() {
    let dir = repo(&[
        ("dockfix.toml", "select = [\"apk-no-cache\"]\n[non-root-user]\nnmae = \"app\"\n"),
        ("Dockerfile", TWO_FINDINGS),
    ]);
    let out = run(dir.path(), &[]);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "dockfix: dockfix.toml:3:1: `non-root-user.nmae`: unknown key, expected one of `name`, \
         `uid`, `gid`\n"
    );
    assert_eq!(out.code, 2);
}

#[test]
fn a_bad_file_that_applies_stops_the_run_before_any_file_is_read() {
    let dir = repo(&[
        ("Dockerfile", TWO_FINDINGS),
        ("api/Dockerfile", TWO_FINDINGS),
        ("api/dockfix.toml", "[non-root-user]\nuid = 0\n"),
    ]);
    let out = run(dir.path(), &["--write"]);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "dockfix: api/dockfix.toml:2:7: `non-root-user.uid`: 0 is root's id, which the rule \
         moves away from: use one from 1 to 2147483647\n"
    );
    assert_eq!(out.code, 2);
    assert_eq!(fs::read_to_string(dir.path().join("Dockerfile")).unwrap(), TWO_FINDINGS);
}

/// Files are found upward from each Dockerfile, so one in a folder that holds no Dockerfile, in
/// it or below it, is never read; `--show-settings` reads it, and `--help` says so.
#[test]
fn a_bad_file_where_no_dockerfile_is_found_is_not_read() {
    let dir = repo(&[("Dockerfile", TWO_FINDINGS), ("docs/dockfix.toml", "selct = []\n")]);
    let out = run(dir.path(), &["--select", "apk-no-cache"]);
    assert_eq!(out.stdout, format!("Dockerfile:2:5: {APK_ADD}\n"));
    assert_eq!(out.stderr, "1 file checked, 1 finding in 1 file (1 fixable with --write)\n");
    assert_eq!(out.code, 1);

    let error = format!(
        "dockfix: docs/dockfix.toml:1:1: `selct`: unknown key, expected one of {TOP_KEYS}\n"
    );
    let out = run(dir.path(), &["--show-settings", "docs"]);
    assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.code), ("", error.as_str(), 2));

    // A Dockerfile further down makes the file one that applies.
    write(dir.path(), "docs/examples/Dockerfile", TWO_FINDINGS);
    let out = run(dir.path(), &[]);
    assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.code), ("", error.as_str(), 2));

    let help = run(dir.path(), &["--help"]).stdout;
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Only the files that apply to a Dockerfile found are read",
        "is never read, even when it is broken; --show-settings docs reads it",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
}

#[test]
fn an_unknown_rule_lists_the_rules() {
    let dir =
        repo(&[("dockfix.toml", "ignore = [\"apk-no-cash\"]\n"), ("Dockerfile", TWO_FINDINGS)]);
    let out = run(dir.path(), &[]);
    assert_eq!(
        out.stderr,
        format!(
            "dockfix: dockfix.toml:1:11: `ignore`: unknown rule `apk-no-cash`; known rules: {}\n",
            rule_names(dir.path())
        )
    );
    assert_eq!(out.code, 2);

    let out = run(dir.path(), &["--config", "select = [\"pipefail\", \"nope\"]", "--isolated"]);
    assert_eq!(
        out.stderr,
        format!(
            "dockfix: --config 'select = [\"pipefail\", \"nope\"]':1:23: `select`: unknown rule \
             `nope`; known rules: {}\n",
            rule_names(dir.path())
        )
    );
    assert_eq!(out.code, 2);
}

#[test]
fn errors_name_the_key_and_types_in_toml_words() {
    let dir = repo(&[("Dockerfile", TWO_FINDINGS)]);
    let cases = [
        (
            "select = []\nselect = []\n",
            "2:1: `select`: duplicate key; TOML allows a key only once in a table",
        ),
        ("non-root-user = 5\n", "1:17: `non-root-user`: expected a table, found the integer `5`"),
        (
            "[non-root-user]\nuid = 1.5\n",
            "2:7: `non-root-user.uid`: expected an integer, found the float `1.5`",
        ),
    ];
    for (text, error) in cases {
        write(dir.path(), "dockfix.toml", text);
        let out = run(dir.path(), &[]);
        assert_eq!(out.stdout, "");
        assert_eq!(out.stderr, format!("dockfix: dockfix.toml:{error}\n"));
        assert_eq!(out.code, 2);
    }
}

/// The configured user may not be root, by name or id, whether a file or `--config` says so.
#[test]
fn root_is_refused_as_the_non_root_user() {
    let dir = repo(&[("Dockerfile", TWO_FINDINGS)]);
    let out = run(dir.path(), &["--config", "non-root-user.name = \"root\""]);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "dockfix: --config 'non-root-user.name = \"root\"':1:22: `non-root-user.name`: `root` is \
         the user the rule moves away from: name another\n"
    );
    assert_eq!(out.code, 2);
    write(dir.path(), "dockfix.toml", "[non-root-user]\nuid = 1000\ngid = 0\n");
    let out = run(dir.path(), &[]);
    assert_eq!(
        out.stderr,
        "dockfix: dockfix.toml:3:7: `non-root-user.gid`: 0 is root's id, which the rule moves \
         away from: use one from 1 to 2147483647\n"
    );
    assert_eq!(out.code, 2);
}

/// The bad byte is placed by line and by column, in characters: `é` before it counts as one.
#[test]
fn a_config_that_is_not_utf8_is_placed_like_a_dockerfile() {
    let dir = repo(&[("Dockerfile", TWO_FINDINGS)]);
    fs::write(dir.path().join("dockfix.toml"), b"# caf\xc3\xa9\n[pr]\nbranch = \"caf\xe9\"\n")
        .unwrap();
    let out = run(dir.path(), &[]);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "dockfix: dockfix.toml:3:14: not valid UTF-8; dockfix reads UTF-8 configuration files \
         only, as TOML requires\n"
    );
    assert_eq!(out.code, 2);

    // Given with --config, the file is placed the same way.
    fs::rename(dir.path().join("dockfix.toml"), dir.path().join("latin1.toml")).unwrap();
    let out = run(dir.path(), &["--config", "latin1.toml"]);
    assert_eq!(
        out.stderr,
        "dockfix: latin1.toml:3:14: not valid UTF-8; dockfix reads UTF-8 configuration files \
         only, as TOML requires\n"
    );
    assert_eq!(out.code, 2);
}

#[test]
fn both_file_names_in_one_folder_are_an_error() {
    let dir = repo(&[
        ("app/dockfix.toml", "select = [\"apk-no-cache\"]\n"),
        ("app/.dockfix.toml", "select = [\"pipefail\"]\n"),
        ("app/Dockerfile", TWO_FINDINGS),
    ]);
    let out = run(dir.path(), &[]);
    assert_eq!(
        out.stderr,
        "dockfix: app/dockfix.toml: app/.dockfix.toml is in the same folder; dockfix reads one \
         configuration file per folder, so remove one of them\n"
    );
    assert_eq!(out.code, 2);
}

#[test]
fn a_config_argument_that_is_neither_file_nor_setting_is_an_error() {
    let dir = repo(&[("Dockerfile", TWO_FINDINGS)]);
    let out = run(dir.path(), &["--config", "missing.toml", "--exclude", "{"]);
    assert_eq!(
        out.stderr,
        "dockfix: --config: `missing.toml`: no such file, and not a `KEY = VALUE` setting\n\
         dockfix: --exclude: `{` is not a valid glob: unclosed alternate group; missing '}' \
         (maybe escape '{' with '[{]'?)\n"
    );
    assert_eq!(out.code, 2);
}

/// Runs dockfix in `dir` with `args`, killing it if it has not ended within a minute: a run that
/// opened a FIFO would wait for a writer forever.
#[cfg(unix)]
fn run_with_deadline(dir: &Path, args: &[&str]) -> Run {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let mut child = dockfix_command(dir)
        .arg("--format=concise")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dockfix starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("dockfix was still running after a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    Run { code: status.code().expect("dockfix exits, not killed"), stdout, stderr }
}

/// A name that is there but is no regular file stops the run like an unreadable file, and the
/// check comes before any open: opening a FIFO would block until something writes to it.
#[cfg(unix)]
#[test]
fn a_config_name_that_is_not_a_regular_file_is_an_error() {
    use std::os::unix::fs::symlink;

    let dir = repo(&[("Dockerfile", TWO_FINDINGS)]);
    let root = dir.path();
    // What dockfix says of the name, and how to make what it stands for.
    type Case = (&'static str, fn(&Path));
    let cases: [Case; 4] = [
        ("is a broken symbolic link: its target does not exist", |path| {
            symlink("missing.toml", path).unwrap();
        }),
        ("cannot read: too many levels of symbolic links", |path| {
            symlink(path.file_name().unwrap(), path).unwrap();
        }),
        ("is a directory, not a regular file", |path| fs::create_dir(path).unwrap()),
        ("is a FIFO, not a regular file", |path| {
            let made = std::process::Command::new("mkfifo").arg(path).status().unwrap();
            assert!(made.success());
        }),
    ];
    for name in ["dockfix.toml", ".dockfix.toml"] {
        for (message, make) in &cases {
            let path = root.join("app").join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            make(&path);
            write(root, "app/Dockerfile", TWO_FINDINGS);

            let out = run_with_deadline(root, &[]);
            assert_eq!(out.stdout, "", "{name}: {message}");
            assert_eq!(out.stderr, format!("dockfix: app/{name}: {message}\n"));
            assert_eq!(out.code, 2);
            fs::remove_dir_all(root.join("app")).unwrap();
        }
    }

    // Given with --config, a FIFO is refused the same way.
    let made = std::process::Command::new("mkfifo").arg(root.join("fifo.toml")).status().unwrap();
    assert!(made.success());
    let out = run_with_deadline(root, &["--config", "fifo.toml"]);
    assert_eq!(out.stderr, "dockfix: --config: `fifo.toml`: is a FIFO, not a regular file\n");
    assert_eq!(out.code, 2);
}
