//! Runs `dockfix pr` on git repositories made in temporary folders, with bare repositories as
//! remotes and a stand-in for `gh` that records how it was called.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

const NEEDS_FIX: &str = "FROM alpine:3.21\nRUN apk add curl\n";
const FIXED: &str = "FROM alpine:3.21\nRUN apk add --no-cache curl\n";
const TWO_NEED_FIX: &str =
    "FROM alpine:3.21\nRUN apk add git\n# make runs the build\nRUN apk add make\n";
const TWO_FIXED: &str = "FROM alpine:3.21\nRUN apk add --no-cache git\n# make runs the build\nRUN apk add --no-cache make\n";

/// The address the `gh` stand-in prints.
const PR_URL: &str = "https://github.example/team/app/pull/7";

/// A temporary folder whose `home/` stands in for the user's home, so that no configuration of
/// the machine's (an identity, signing, a global gitignore) reaches git.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("home")).unwrap();
        fs::create_dir(dir.path().join("bin")).unwrap();
        Sandbox { dir }
    }

    fn path(&self) -> PathBuf {
        fs::canonicalize(self.dir.path()).unwrap()
    }

    fn isolate(&self, command: &mut Command) {
        let home = self.path().join("home");
        command
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0");
        for name in [
            "GIT_CONFIG_GLOBAL",
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
            "EMAIL",
        ] {
            command.env_remove(name);
        }
    }

    /// Runs git in `dir` and gives its standard output; it must succeed.
    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let mut command = Command::new("git");
        command.current_dir(dir).args(args);
        self.isolate(&mut command);
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// A commit's or a ref's object name.
    fn rev(&self, dir: &Path, name: &str) -> String {
        self.git(dir, &["rev-parse", "--verify", name]).trim().to_string()
    }

    /// Whether `dir` has a ref of that name.
    fn has_ref(&self, dir: &Path, name: &str) -> bool {
        !self.git(dir, &["for-each-ref", name]).is_empty()
    }

    /// A work tree at `name` on branch `main`, with `files` in one commit by "Dev", and, with
    /// `origin`, a bare repository `name.git` beside it as its remote `origin`.
    fn repository(&self, name: &str, files: &[(&str, &str)], origin: bool) -> PathBuf {
        let work = self.path().join(name);
        fs::create_dir_all(&work).unwrap();
        self.git(&work, &["-c", "init.defaultBranch=main", "init", "--quiet"]);
        self.git(&work, &["config", "user.name", "Dev"]);
        self.git(&work, &["config", "user.email", "dev@example.com"]);
        for (path, text) in files {
            let file = work.join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, text).unwrap();
        }
        self.git(&work, &["add", "--all"]);
        self.git(&work, &["commit", "--quiet", "--message", "Start"]);
        if origin {
            let bare = self.path().join(format!("{name}.git"));
            self.git(&self.path(), &["init", "--quiet", "--bare", bare.to_str().unwrap()]);
            self.git(&work, &["remote", "add", "origin", bare.to_str().unwrap()]);
        }
        work
    }

    /// Puts a `gh` on PATH that writes its arguments, one a line, to `gh-args`, the folder
    /// it ran in to `gh-dir`, and the body file's text to `gh-body`, then prints [`PR_URL`].
    fn fake_gh(&self) {
        let log = self.path();
        let script = format!(
            "#!/bin/sh\n\
             printf '%s\\n' \"$@\" > '{log}/gh-args'\n\
             pwd > '{log}/gh-dir'\n\
             previous=\n\
             for arg in \"$@\"; do\n\
             \x20   if [ \"$previous\" = --body-file ]; then cat \"$arg\" > '{log}/gh-body'; fi\n\
             \x20   previous=$arg\n\
             done\n\
             echo 'Creating pull request for dockfix/fixes into main' >&2\n\
             echo '{PR_URL}'\n",
            log = log.display()
        );
        let gh = self.path().join("bin/gh");
        fs::write(&gh, script).unwrap();
        make_executable(&gh);
    }

    /// Runs `dockfix args` in `dir`, with the sandbox's `bin/` first on PATH.
    fn dockfix(&self, dir: &Path, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dockfix"));
        command.current_dir(dir).args(args);
        self.isolate(&mut command);
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![self.path().join("bin")];
        paths.extend(std::env::split_paths(&path));
        command.env("PATH", std::env::join_paths(paths).unwrap());
        let output = command.output().unwrap();
        Run {
            code: output.status.code().expect("dockfix exits, not killed"),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.path().join(name)).unwrap()
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The message of a commit, as git stores it.
fn message(sandbox: &Sandbox, dir: &Path, commit: &str) -> String {
    let object = sandbox.git(dir, &["cat-file", "commit", commit]);
    object.split_once("\n\n").unwrap().1.to_string()
}

/// The `author ...` line of a commit, without its date.
fn author(sandbox: &Sandbox, dir: &Path, commit: &str) -> String {
    let object = sandbox.git(dir, &["cat-file", "commit", commit]);
    let line = object.lines().find(|line| line.starts_with("author ")).unwrap();
    line[..line.find('>').unwrap() + 1].to_string()
}

#[test]
fn fixes_are_committed_pushed_and_opened_and_the_checkout_is_left_alone() {
    let sandbox = Sandbox::new();
    let files = [
        ("Dockerfile", NEEDS_FIX),
        ("app/Dockerfile", TWO_NEED_FIX),
        ("docs/README.md", "RUN apk add curl\n"),
    ];
    let work = sandbox.repository("app", &files, true);
    fs::create_dir(work.join("scratch")).unwrap();
    fs::write(work.join("scratch/Dockerfile"), NEEDS_FIX).unwrap();
    sandbox.fake_gh();
    let start = sandbox.rev(&work, "HEAD");
    let stamp = |path: &str| {
        use std::os::unix::fs::MetadataExt;
        let metadata = fs::metadata(work.join(path)).unwrap();
        (metadata.ino(), metadata.mtime(), metadata.mtime_nsec(), metadata.ctime_nsec())
    };
    let stamps = [stamp("Dockerfile"), stamp("app/Dockerfile")];

    let run = sandbox.dockfix(&work, &["pr", "--push", "--open", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    // The fixed files were never written, not even for a moment.
    assert_eq!([stamp("Dockerfile"), stamp("app/Dockerfile")], stamps);

    // One commit on top of the original HEAD, with the fixes of the tracked files only.
    let branch = sandbox.rev(&work, "refs/heads/dockfix/fixes");
    assert_eq!(sandbox.rev(&work, "dockfix/fixes^"), start);
    assert_eq!(
        message(&sandbox, &work, &branch),
        "Fix Dockerfiles with dockfix\n\napk-no-cache: 3 fixes\n"
    );
    assert_eq!(author(&sandbox, &work, &branch), "author Dev <dev@example.com>");
    assert_eq!(sandbox.git(&work, &["show", "dockfix/fixes:Dockerfile"]), FIXED);
    assert_eq!(sandbox.git(&work, &["show", "dockfix/fixes:app/Dockerfile"]), TWO_FIXED);
    assert_eq!(
        sandbox.git(&work, &["diff", "--name-only", "main", "dockfix/fixes"]),
        "Dockerfile\napp/Dockerfile\n"
    );

    // The checkout is as it was: same branch, same commit, same files, nothing staged.
    assert_eq!(sandbox.git(&work, &["symbolic-ref", "HEAD"]), "refs/heads/main\n");
    assert_eq!(sandbox.rev(&work, "main"), start);
    assert_eq!(fs::read_to_string(work.join("Dockerfile")).unwrap(), NEEDS_FIX);
    assert_eq!(fs::read_to_string(work.join("app/Dockerfile")).unwrap(), TWO_NEED_FIX);
    assert_eq!(fs::read_to_string(work.join("scratch/Dockerfile")).unwrap(), NEEDS_FIX);
    assert_eq!(
        sandbox.git(&work, &["status", "--porcelain", "--untracked-files=all"]),
        "?? scratch/Dockerfile\n"
    );

    // The remote has the branch, and gh was asked for a pull request from it into main.
    assert_eq!(sandbox.rev(&sandbox.path().join("app.git"), "refs/heads/dockfix/fixes"), branch);
    let args = sandbox.read("gh-args");
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(
        args[..9],
        [
            "pr",
            "create",
            "--head",
            "dockfix/fixes",
            "--base",
            "main",
            "--title",
            "Fix Dockerfiles with dockfix",
            "--body-file"
        ]
    );
    assert_eq!(args.len(), 10);
    assert_eq!(sandbox.read("gh-dir").trim_end(), work.to_str().unwrap());

    // The body went to gh and to standard output; it names the rule and the files.
    let body = sandbox.read("gh-body");
    assert_eq!(body, run.stdout);
    for name in ["apk-no-cache", "`Dockerfile`", "`app/Dockerfile`"] {
        assert!(body.contains(name), "{name} is not in the body:\n{body}");
    }
    assert!(!body.contains("scratch"), "an untracked file is in the body:\n{body}");
    assert_eq!(
        run.stderr,
        format!("dockfix: branch dockfix/fixes, 2 files, 3 fixes, pushed, opened {PR_URL}\n")
    );

    // Again: the branch is there now, and only --force replaces it.
    let again = sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache"]);
    assert_eq!(again.code, 2, "{again:?}");
    assert_eq!(again.stderr, "dockfix: branch dockfix/fixes already exists; --force replaces it\n");
    assert_eq!(sandbox.rev(&work, "dockfix/fixes"), branch);
    assert_eq!(fs::read_to_string(work.join("Dockerfile")).unwrap(), NEEDS_FIX);

    let title = "Add --no-cache to apk";
    let forced = sandbox
        .dockfix(&work, &["pr", "--force", "--push", "--select", "apk-no-cache", "--title", title]);
    assert_eq!(forced.code, 0, "{forced:?}");
    let replaced = sandbox.rev(&work, "dockfix/fixes");
    assert_ne!(replaced, branch);
    assert_eq!(message(&sandbox, &work, &replaced), format!("{title}\n\napk-no-cache: 3 fixes\n"));
    assert_eq!(sandbox.rev(&sandbox.path().join("app.git"), "dockfix/fixes"), replaced);
    assert_eq!(sandbox.git(&work, &["status", "--porcelain"]), "?? scratch/\n");
}

#[test]
fn the_commit_holds_what_git_add_would_store_for_a_crlf_checkout() {
    // The repository stores LF and checks Dockerfiles out with CRLF: the fixed text, CRLF like
    // the file it came from, goes through the same conversion `git add` applies.
    let sandbox = Sandbox::new();
    let work = sandbox.repository(
        "crlf",
        &[(".gitattributes", "Dockerfile text eol=crlf\n"), ("Dockerfile", NEEDS_FIX)],
        false,
    );
    fs::remove_file(work.join("Dockerfile")).unwrap();
    sandbox.git(&work, &["checkout", "--", "Dockerfile"]);
    let crlf = NEEDS_FIX.replace('\n', "\r\n");
    assert_eq!(fs::read_to_string(work.join("Dockerfile")).unwrap(), crlf);

    let run = sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(sandbox.git(&work, &["show", "dockfix/fixes:Dockerfile"]), FIXED);
    assert_eq!(fs::read_to_string(work.join("Dockerfile")).unwrap(), crlf);
    assert_eq!(sandbox.git(&work, &["status", "--porcelain"]), "");
}

#[test]
fn without_an_identity_the_commit_is_dockfixs() {
    let sandbox = Sandbox::new();
    let work = sandbox.repository("app", &[("Dockerfile", NEEDS_FIX)], false);
    sandbox.git(&work, &["config", "--unset", "user.name"]);
    sandbox.git(&work, &["config", "--unset", "user.email"]);

    let run =
        sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache", "--body-file", "../body.md"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "");
    let branch = sandbox.rev(&work, "dockfix/fixes");
    assert_eq!(author(&sandbox, &work, &branch), "author dockfix <dockfix@localhost>");
    let object = sandbox.git(&work, &["cat-file", "commit", &branch]);
    assert!(object.contains("\ncommitter dockfix <dockfix@localhost> "), "{object}");
    assert!(sandbox.read("body.md").contains("`Dockerfile`"));
    // No identity was left behind in the repository's configuration.
    let config = fs::read_to_string(work.join(".git/config")).unwrap();
    assert!(!config.contains("dockfix@localhost"), "{config}");
}

#[test]
fn a_clean_repository_gets_no_branch() {
    let sandbox = Sandbox::new();
    let work = sandbox.repository("app", &[("Dockerfile", FIXED)], true);
    let refs = sandbox.git(&work, &["for-each-ref"]);

    let run = sandbox.dockfix(&work, &["pr", "--push", "--select", "apk-no-cache"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    assert_eq!(run.stderr, "dockfix: nothing to fix\n");
    assert_eq!(sandbox.git(&work, &["for-each-ref"]), refs);
    assert_eq!(sandbox.git(&work, &["status", "--porcelain"]), "");
    assert!(!sandbox.has_ref(&sandbox.path().join("app.git"), "refs/heads"));
}

#[test]
fn a_dirty_work_tree_is_refused_and_left_as_it_is() {
    let sandbox = Sandbox::new();
    let files = [("Dockerfile", NEEDS_FIX), ("app/Dockerfile", NEEDS_FIX), ("notes.txt", "a\n")];
    let work = sandbox.repository("app", &files, false);
    fs::write(work.join("notes.txt"), "a\nb\n").unwrap();
    fs::write(work.join("app/Dockerfile"), "FROM alpine:3.21\nRUN apk add jq\n").unwrap();
    sandbox.git(&work, &["add", "app/Dockerfile"]);
    let refs = sandbox.git(&work, &["for-each-ref"]);

    let run = sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "dockfix: the work tree has uncommitted changes (app/Dockerfile, notes.txt); commit or \
         stash them first\n"
    );
    assert_eq!(sandbox.git(&work, &["for-each-ref"]), refs);
    assert_eq!(fs::read_to_string(work.join("Dockerfile")).unwrap(), NEEDS_FIX);
    assert_eq!(fs::read_to_string(work.join("notes.txt")).unwrap(), "a\nb\n");
    assert_eq!(sandbox.git(&work, &["status", "--porcelain"]), "M  app/Dockerfile\n M notes.txt\n");
}

#[test]
fn checkouts_that_cannot_be_worked_on_are_refused() {
    let sandbox = Sandbox::new();
    let outside = sandbox.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("Dockerfile"), NEEDS_FIX).unwrap();
    let run = sandbox.dockfix(&outside, &["pr"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("dockfix: . is not in a git work tree ("), "{}", run.stderr);

    let run = sandbox.dockfix(&sandbox.path(), &["pr", "missing"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "dockfix: missing: no such file or directory\n")
    );

    // A detached HEAD gets a branch, but no pull request: there is no branch for it to go into.
    let work = sandbox.repository("app", &[("Dockerfile", NEEDS_FIX)], false);
    sandbox.git(&work, &["checkout", "--quiet", "--detach"]);
    let run = sandbox.dockfix(&work, &["pr", "--open", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "dockfix: HEAD is detached, so a pull request has no branch to go into; check out a \
         branch first\n"
    );
    assert!(!sandbox.has_ref(&work, "refs/heads/dockfix"));
    let run = sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(sandbox.git(&work, &["show", "dockfix/fixes:Dockerfile"]), FIXED);
    sandbox.git(&work, &["checkout", "--quiet", "main"]);

    // A merge that stopped for a conflict.
    sandbox.git(&work, &["checkout", "--quiet", "-b", "other"]);
    fs::write(work.join("notes.txt"), "other\n").unwrap();
    sandbox.git(&work, &["add", "notes.txt"]);
    sandbox.git(&work, &["commit", "--quiet", "-m", "Other"]);
    sandbox.git(&work, &["checkout", "--quiet", "main"]);
    fs::write(work.join("notes.txt"), "main\n").unwrap();
    sandbox.git(&work, &["add", "notes.txt"]);
    sandbox.git(&work, &["commit", "--quiet", "-m", "Main"]);
    let mut merge = Command::new("git");
    merge.current_dir(&work).args(["merge", "--quiet", "other"]);
    sandbox.isolate(&mut merge);
    assert!(!merge.output().unwrap().status.success(), "the merge has a conflict");
    let run = sandbox.dockfix(&work, &["pr", "--branch", "during-merge"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "dockfix: the repository is in the middle of a merge; finish it first\n"
    );
    assert!(!sandbox.has_ref(&work, "refs/heads/during-merge"));
}

#[test]
fn a_list_of_repositories_is_worked_on_in_order_and_one_failure_stops_nothing() {
    let sandbox = Sandbox::new();
    let root = sandbox.path();
    let local = sandbox.repository("local", &[("Dockerfile", NEEDS_FIX)], true);

    // A bare repository, reached by a file:// URL, is cloned.
    let seed = sandbox.repository("seed", &[("api/Dockerfile", NEEDS_FIX)], false);
    let bare = root.join("remote.git");
    sandbox.git(&root, &["clone", "--quiet", "--bare", seed.to_str().unwrap(), "remote.git"]);
    let url = format!("file://{}", bare.display());
    let start = sandbox.rev(&bare, "main");

    fs::write(root.join("repos.txt"), format!("# the fleet\nlocal\n\nmissing/repo\n{url}\n"))
        .unwrap();
    let run = sandbox.dockfix(
        &root,
        &[
            "pr",
            "--repos",
            "repos.txt",
            "--push",
            "--workdir",
            "clones",
            "--select",
            "apk-no-cache",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stdout,
        format!(
            "ok local: branch dockfix/fixes, 1 file, 1 fix, pushed\n\
             error missing/repo: no such folder; an entry is a work tree, a bare repository or \
             a URL\n\
             ok {url}: branch dockfix/fixes, 1 file, 1 fix, pushed\n"
        )
    );

    // The work tree was worked on where it is, and its branch pushed to its own remote.
    let branch = sandbox.rev(&local, "dockfix/fixes");
    assert_eq!(sandbox.rev(&root.join("local.git"), "dockfix/fixes"), branch);
    assert_eq!(fs::read_to_string(local.join("Dockerfile")).unwrap(), NEEDS_FIX);

    // The URL was cloned into the work folder and the branch pushed back to it.
    let clone = root.join("clones/003-remote");
    assert_eq!(sandbox.git(&clone, &["show", "dockfix/fixes:api/Dockerfile"]), FIXED);
    assert_eq!(sandbox.rev(&bare, "dockfix/fixes^"), start);
    assert_eq!(sandbox.git(&bare, &["show", "dockfix/fixes:api/Dockerfile"]), FIXED);
}

#[test]
fn shards_split_the_list() {
    let sandbox = Sandbox::new();
    let root = sandbox.path();
    for name in ["one", "two", "three"] {
        sandbox.repository(name, &[("Dockerfile", FIXED)], false);
    }
    fs::write(root.join("repos.txt"), "one\n# two is next\ntwo\nthree\n").unwrap();
    let shard = |k: &str| sandbox.dockfix(&root, &["pr", "--repos", "repos.txt", "--shard", k]);

    let first = shard("1/2");
    assert_eq!(first.code, 0, "{first:?}");
    assert_eq!(first.stdout, "clean one: nothing to fix\nclean three: nothing to fix\n");
    let second = shard("2/2");
    assert_eq!(second.code, 0, "{second:?}");
    assert_eq!(second.stdout, "clean two: nothing to fix\n");

    for bad in ["0/2", "3/2", "1/0", "2", "a/b"] {
        let run = shard(bad);
        assert_eq!(run.code, 2, "{bad}: {run:?}");
        assert!(run.stderr.contains("expected K/N with 1 <= K <= N"), "{bad}: {}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    let without_list = sandbox.dockfix(&root.join("one"), &["pr", "--shard", "1/2"]);
    assert_eq!(without_list.code, 2, "{without_list:?}");
    assert!(without_list.stderr.contains("--repos"), "{}", without_list.stderr);
}

#[test]
fn gh_missing_from_path_is_an_error_after_the_push() {
    let sandbox = Sandbox::new();
    let work = sandbox.repository("app", &[("Dockerfile", NEEDS_FIX)], true);
    // Only git on PATH: a folder holding a link to it and nothing else.
    let git = String::from_utf8(
        Command::new("sh").args(["-c", "command -v git"]).output().unwrap().stdout,
    )
    .unwrap();
    let only_git = sandbox.path().join("only-git");
    fs::create_dir(&only_git).unwrap();
    std::os::unix::fs::symlink(git.trim(), only_git.join("git")).unwrap();

    let mut command = Command::new(env!("CARGO_BIN_EXE_dockfix"));
    command.current_dir(&work).args(["pr", "--open", "--select", "apk-no-cache"]);
    sandbox.isolate(&mut command);
    command.env("PATH", &only_git);
    let output = command.output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let commit = sandbox.rev(&work, "dockfix/fixes");
    assert_eq!(
        stderr,
        "dockfix: branch dockfix/fixes was made and pushed, but `gh` was not found on PATH; \
         install the GitHub CLI, or leave out --open\n"
    );
    assert_eq!(sandbox.rev(&sandbox.path().join("app.git"), "dockfix/fixes"), commit);
}

#[test]
fn force_replaces_a_pushed_branch_unless_someone_else_moved_it() {
    let sandbox = Sandbox::new();
    let work = sandbox.repository("app", &[("Dockerfile", NEEDS_FIX)], true);
    let remote = sandbox.path().join("app.git");
    let first = sandbox.dockfix(&work, &["pr", "--push", "--select", "apk-no-cache"]);
    assert_eq!(first.code, 0, "{first:?}");

    // A fresh clone, as a CI job has, knows nothing of the branch, and replaces it.
    sandbox.git(&work, &["push", "--quiet", "origin", "main"]);
    let fresh = sandbox.path().join("fresh");
    let url = remote.to_str().unwrap();
    sandbox.git(
        &sandbox.path(),
        &["clone", "--quiet", "--single-branch", "--branch", "main", url, "fresh"],
    );
    sandbox.git(&fresh, &["config", "user.name", "Bot"]);
    sandbox.git(&fresh, &["config", "user.email", "bot@example.com"]);
    let args = ["pr", "--push", "--force", "--select", "apk-no-cache", "--title", "Second"];
    let second = sandbox.dockfix(&fresh, &args);
    assert_eq!(second.code, 0, "{second:?}");
    let replaced = sandbox.rev(&fresh, "dockfix/fixes");
    assert_eq!(sandbox.rev(&remote, "dockfix/fixes"), replaced);
    assert_eq!(author(&sandbox, &remote, "dockfix/fixes"), "author Bot <bot@example.com>");

    // The first work tree still believes its own push is there: the lease refuses.
    let args = ["pr", "--push", "--force", "--select", "apk-no-cache", "--title", "Third"];
    let third = sandbox.dockfix(&work, &args);
    assert_eq!(third.code, 2, "{third:?}");
    assert!(
        third.stderr.starts_with("dockfix: branch dockfix/fixes was made, but git push failed: "),
        "{}",
        third.stderr
    );
    assert!(third.stderr.contains("stale info"), "{}", third.stderr);
    assert_eq!(sandbox.rev(&remote, "dockfix/fixes"), replaced);
    assert_eq!(message(&sandbox, &work, "dockfix/fixes"), "Third\n\napk-no-cache: 1 fix\n");
}

#[test]
fn a_body_file_named_from_a_subfolder_reaches_gh() {
    let sandbox = Sandbox::new();
    let work =
        sandbox.repository("app", &[("Dockerfile", NEEDS_FIX), ("api/Dockerfile", FIXED)], true);
    sandbox.fake_gh();
    let args = ["pr", "..", "--open", "--body-file", "../../body.md", "--select", "apk-no-cache"];
    let run = sandbox.dockfix(&work.join("api"), &args);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "");
    let body = sandbox.read("body.md");
    assert!(body.contains("| `Dockerfile` | `apk-no-cache` |"), "{body}");
    assert_eq!(sandbox.read("gh-body"), body);
    let args = sandbox.read("gh-args");
    let given = Path::new(args.lines().last().unwrap());
    assert!(given.is_absolute(), "{}", given.display());
    assert_eq!(fs::canonicalize(given).unwrap(), sandbox.path().join("body.md"));
}

#[test]
fn the_configuration_names_the_branch_and_excludes_files() {
    let sandbox = Sandbox::new();
    let config =
        "exclude = [\"vendor/**\"]\n\n[pr]\nbranch = \"bot/dockerfiles\"\nremote = \"upstream\"\n";
    let files =
        [("dockfix.toml", config), ("Dockerfile", NEEDS_FIX), ("vendor/lib/Dockerfile", NEEDS_FIX)];
    let work = sandbox.repository("app", &files, true);
    let upstream = sandbox.path().join("app.git");
    sandbox.git(&work, &["remote", "rename", "origin", "upstream"]);

    let run = sandbox.dockfix(&work, &["pr", "--push", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "dockfix: branch bot/dockerfiles, 1 file, 1 fix, pushed\n");
    assert_eq!(
        sandbox.git(&work, &["diff", "--name-only", "main", "bot/dockerfiles"]),
        "Dockerfile\n"
    );
    assert_eq!(sandbox.rev(&upstream, "bot/dockerfiles"), sandbox.rev(&work, "bot/dockerfiles"));

    // The command line wins over the configuration.
    let run = sandbox.dockfix(&work, &["pr", "--branch", "mine", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "dockfix: branch mine, 1 file, 1 fix\n");
}

#[test]
fn local_edits_hidden_from_git_status_are_refused() {
    let sandbox = Sandbox::new();
    let files = [
        ("Dockerfile", NEEDS_FIX),
        ("skip/Dockerfile", NEEDS_FIX),
        ("same/Dockerfile", FIXED),
        ("sparse/Dockerfile", NEEDS_FIX),
    ];
    let work = sandbox.repository("hidden", &files, true);
    let local = "FROM alpine:3.21\nRUN apk add curl # local only\n";
    for (file, bit) in [
        ("Dockerfile", "--assume-unchanged"),
        ("skip/Dockerfile", "--skip-worktree"),
        ("same/Dockerfile", "--assume-unchanged"),
    ] {
        sandbox.git(&work, &["update-index", bit, file]);
        fs::write(work.join(file), local).unwrap();
    }
    fs::write(work.join("same/Dockerfile"), FIXED.replace("curl", "curl # local only")).unwrap();
    assert_eq!(sandbox.git(&work, &["status", "--porcelain"]), "");

    let run = sandbox.dockfix(&work, &["pr", "--push", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "dockfix: Dockerfile, skip/Dockerfile are marked assume-unchanged or skip-worktree, which \
         hides local changes from git status; clear the marks first (git update-index \
         --no-assume-unchanged FILE; git update-index --no-skip-worktree FILE)\n"
    );
    assert!(!sandbox.has_ref(&work, "refs/heads/dockfix"));
    assert!(!sandbox.has_ref(&sandbox.path().join("hidden.git"), "refs/heads"));

    // A file left out of a sparse checkout is not in the work tree: it is skipped. A marked file
    // with nothing to fix stops nothing.
    for file in ["Dockerfile", "skip/Dockerfile"] {
        // update-index takes one mark a command.
        sandbox.git(&work, &["update-index", "--no-assume-unchanged", file]);
        sandbox.git(&work, &["update-index", "--no-skip-worktree", file]);
        sandbox.git(&work, &["checkout", "--", file]);
    }
    sandbox.git(&work, &["update-index", "--skip-worktree", "sparse/Dockerfile"]);
    fs::remove_file(work.join("sparse/Dockerfile")).unwrap();
    let run = sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        sandbox.git(&work, &["diff", "--name-only", "main", "dockfix/fixes"]),
        "Dockerfile\nskip/Dockerfile\n"
    );
}

#[test]
fn tracked_files_under_an_ignored_folder_are_fixed() {
    let sandbox = Sandbox::new();
    let files = [
        ("Dockerfile", NEEDS_FIX),
        ("build/Dockerfile", NEEDS_FIX),
        ("build/notes.txt", NEEDS_FIX),
        ("ci/image.docker", NEEDS_FIX),
    ];
    let work = sandbox.repository("ignored", &files, false);
    fs::write(work.join(".gitignore"), "build/\n").unwrap();
    fs::write(work.join("build/api.Dockerfile"), NEEDS_FIX).unwrap();
    sandbox.git(&work, &["add", ".gitignore"]);
    sandbox.git(&work, &["commit", "--quiet", "--message", "Ignore build/"]);
    assert_eq!(
        sandbox.git(&work, &["status", "--porcelain", "--ignored"]),
        "!! build/api.Dockerfile\n"
    );

    let run = sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        sandbox.git(&work, &["diff", "--name-only", "main", "dockfix/fixes"]),
        "Dockerfile\nbuild/Dockerfile\n"
    );

    // A folder narrows the files down; a file named is taken whatever its name.
    let run = sandbox
        .dockfix(&work, &["pr", "build", "--branch", "fixes-build", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        sandbox.git(&work, &["diff", "--name-only", "main", "fixes-build"]),
        "build/Dockerfile\n"
    );
    let run = sandbox.dockfix(
        &work,
        &["pr", "ci/image.docker", "--branch", "fixes-ci", "--select", "apk-no-cache"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        sandbox.git(&work, &["diff", "--name-only", "main", "fixes-ci"]),
        "ci/image.docker\n"
    );
}

#[test]
fn crlf_files_stay_crlf_where_git_add_keeps_them() {
    // Stored with CRLF before `* text=auto` came: `git add` keeps such a file's line ends, so
    // the commit changes the fixed line only.
    let before = "FROM alpine:3.21\r\nRUN echo one\r\nRUN echo two\r\nRUN apk add curl\r\n";
    let after =
        "FROM alpine:3.21\r\nRUN echo one\r\nRUN echo two\r\nRUN apk add --no-cache curl\r\n";
    let sandbox = Sandbox::new();
    let work = sandbox.repository("auto", &[("Dockerfile", before)], false);
    fs::write(work.join(".gitattributes"), "* text=auto\n").unwrap();
    sandbox.git(&work, &["add", ".gitattributes"]);
    sandbox.git(&work, &["commit", "--quiet", "--message", "Attributes"]);

    let run = sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(sandbox.git(&work, &["show", "dockfix/fixes:Dockerfile"]), after);
    assert_eq!(
        sandbox.git(&work, &["diff", "--numstat", "main", "dockfix/fixes"]),
        "1\t1\tDockerfile\n"
    );
    assert_eq!(fs::read_to_string(work.join("Dockerfile")).unwrap(), before);

    // With core.autocrlf, a file stored with CRLF keeps it, and one stored with LF (checked out
    // with CRLF) is stored with LF again.
    let work = sandbox.repository(
        "autocrlf",
        &[("Dockerfile", &NEEDS_FIX.replace('\n', "\r\n")), ("lf/Dockerfile", NEEDS_FIX)],
        false,
    );
    sandbox.git(&work, &["config", "core.autocrlf", "true"]);
    fs::remove_file(work.join("lf/Dockerfile")).unwrap();
    sandbox.git(&work, &["checkout", "--", "lf/Dockerfile"]);
    let checked_out = fs::read_to_string(work.join("lf/Dockerfile")).unwrap();
    assert_eq!(checked_out, NEEDS_FIX.replace('\n', "\r\n"));
    assert_eq!(sandbox.git(&work, &["status", "--porcelain"]), "");

    let run = sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        sandbox.git(&work, &["show", "dockfix/fixes:Dockerfile"]),
        FIXED.replace('\n', "\r\n")
    );
    assert_eq!(sandbox.git(&work, &["show", "dockfix/fixes:lf/Dockerfile"]), FIXED);
}

#[test]
fn clean_filters_apply_and_the_executable_bit_is_kept() {
    // The filter stores the version as a placeholder and puts it back on checkout.
    let sandbox = Sandbox::new();
    let work = sandbox.repository(
        "filter",
        &[("Dockerfile", NEEDS_FIX), ("tools/Dockerfile", NEEDS_FIX)],
        false,
    );
    sandbox.git(&work, &["config", "filter.version.clean", "sed s/3[.]21/@VERSION@/"]);
    sandbox.git(&work, &["config", "filter.version.smudge", "sed s/@VERSION@/3.21/"]);
    fs::write(work.join(".gitattributes"), "Dockerfile filter=version\n").unwrap();
    make_executable(&work.join("tools/Dockerfile"));
    sandbox.git(&work, &["add", "--renormalize", "."]);
    sandbox.git(&work, &["add", ".gitattributes", "tools/Dockerfile"]);
    sandbox.git(&work, &["commit", "--quiet", "--message", "Filter"]);
    let stored = "FROM alpine:@VERSION@\nRUN apk add curl\n";
    assert_eq!(sandbox.git(&work, &["show", "HEAD:Dockerfile"]), stored);
    assert_eq!(fs::read_to_string(work.join("Dockerfile")).unwrap(), NEEDS_FIX);
    assert_eq!(sandbox.git(&work, &["status", "--porcelain"]), "");

    let run = sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    let fixed = "FROM alpine:@VERSION@\nRUN apk add --no-cache curl\n";
    assert_eq!(sandbox.git(&work, &["show", "dockfix/fixes:Dockerfile"]), fixed);
    assert_eq!(sandbox.git(&work, &["show", "dockfix/fixes:tools/Dockerfile"]), fixed);
    let listing = sandbox.git(&work, &["ls-tree", "dockfix/fixes", "Dockerfile", "tools/"]);
    let modes: Vec<&str> = listing.lines().map(|line| &line[..6]).collect();
    assert_eq!(modes, ["100644", "100755"], "{listing}");
    assert_eq!(sandbox.git(&work, &["status", "--porcelain"]), "");
}

#[test]
fn commits_are_signed_when_git_is_asked_to_sign() {
    let sandbox = Sandbox::new();
    let work = sandbox.repository("signed", &[("Dockerfile", NEEDS_FIX)], false);
    // A stand-in for gpg: it records its arguments and answers as gpg does when it signs.
    let gpg = sandbox.path().join("bin/fake-gpg");
    let log = sandbox.path().join("gpg-args");
    let script = format!(
        "#!/bin/sh\n\
         printf '%s\\n' \"$@\" > '{log}'\n\
         cat > /dev/null\n\
         echo '[GNUPG:] BEGIN_SIGNING H8' >&2\n\
         echo '[GNUPG:] SIG_CREATED D 1 8 00 1700000000 0123456789ABCDEF' >&2\n\
         printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nc2lnbmVk\\n-----END PGP SIGNATURE-----\\n'\n",
        log = log.display()
    );
    fs::write(&gpg, script).unwrap();
    make_executable(&gpg);
    sandbox.git(&work, &["config", "commit.gpgsign", "true"]);
    sandbox.git(&work, &["config", "user.signingkey", "0123456789ABCDEF"]);
    sandbox.git(&work, &["config", "gpg.program", gpg.to_str().unwrap()]);

    let run = sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    let object = sandbox.git(&work, &["cat-file", "commit", "dockfix/fixes"]);
    assert!(object.contains("\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n c2lnbmVk\n"), "{object}");
    let args = sandbox.read("gpg-args");
    assert!(args.lines().any(|arg| arg.contains("0123456789ABCDEF")), "{args}");

    // A signer that fails stops the commit, and no branch is made.
    sandbox.git(&work, &["config", "gpg.program", "false"]);
    let run = sandbox.dockfix(&work, &["pr", "--branch", "unsigned", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("dockfix: git commit-tree failed: "), "{}", run.stderr);
    assert!(run.stderr.contains("gpg failed to sign the data"), "{}", run.stderr);
    assert!(!sandbox.has_ref(&work, "refs/heads/unsigned"));
}

#[test]
fn branch_names_that_would_shadow_other_refs_are_refused() {
    let sandbox = Sandbox::new();
    let work = sandbox.repository("shadow", &[("Dockerfile", NEEDS_FIX)], true);
    sandbox.git(&work, &["tag", "v1"]);
    sandbox.git(&work, &["update-ref", "refs/remotes/upstream/main", "HEAD"]);
    let refs = sandbox.git(&work, &["for-each-ref"]);
    for (name, why) in [
        (
            "origin/main",
            "`origin/main` starts with the remote's name `origin`, so it would read as a remote-tracking branch; pick another name",
        ),
        ("upstream/main", "`upstream/main` is already a remote-tracking branch; pick another name"),
        ("v1", "`v1` is already a tag; pick another name"),
        ("FETCH_HEAD", "`FETCH_HEAD` reads as one of git's special refs; pick another name"),
        ("HEAD/x", "`HEAD/x` reads as one of git's special refs; pick another name"),
    ] {
        let flag = format!("--branch={name}");
        let run = sandbox.dockfix(&work, &["pr", &flag, "--select", "apk-no-cache"]);
        assert_eq!((run.code, run.stderr.as_str()), (2, format!("dockfix: {why}\n").as_str()));
    }
    assert_eq!(sandbox.git(&work, &["for-each-ref"]), refs);
}

#[test]
fn a_body_file_git_tracks_is_refused() {
    let sandbox = Sandbox::new();
    let work =
        sandbox.repository("body", &[("Dockerfile", NEEDS_FIX), ("notes.md", "mine\n")], false);
    let run =
        sandbox.dockfix(&work, &["pr", "--body-file", "notes.md", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "dockfix: --body-file notes.md is a file git tracks; dockfix pr writes no file of the \
         work tree, so name one that git does not track\n"
    );
    assert_eq!(fs::read_to_string(work.join("notes.md")).unwrap(), "mine\n");
    assert!(!sandbox.has_ref(&work, "refs/heads/dockfix/fixes"));
    // An untracked file in the work tree is fine.
    let run = sandbox.dockfix(&work, &["pr", "--body-file", "body.md", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(fs::read_to_string(work.join("body.md")).unwrap().contains("apk-no-cache"));
}

#[test]
fn branch_names_git_would_read_otherwise_are_refused() {
    let sandbox = Sandbox::new();
    let work = sandbox.repository("names", &[("Dockerfile", NEEDS_FIX)], false);
    let refs = sandbox.git(&work, &["for-each-ref"]);
    for (name, why) in [
        ("@", "`@` stands for HEAD, not a branch"),
        ("HEAD", "`HEAD` stands for HEAD, not a branch"),
        ("refs/heads/x", "`refs/heads/x` is a ref's full name; give the branch's name (`x`)"),
        ("refs/tags/x", "`refs/tags/x` is a ref's full name; give a branch's name"),
        ("-x", "`-x` is not a valid branch name"),
        ("a..b", "`a..b` is not a valid branch name"),
        ("@{-1}", "`@{-1}` is not a valid branch name"),
        ("x.lock", "`x.lock` is not a valid branch name"),
    ] {
        let flag = format!("--branch={name}");
        let run = sandbox.dockfix(&work, &["pr", &flag, "--select", "apk-no-cache"]);
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (2, format!("dockfix: --branch: {why}\n").as_str())
        );
    }
    assert_eq!(sandbox.git(&work, &["for-each-ref"]), refs);

    // The configuration's name is held to the same rules.
    fs::write(work.join("dockfix.toml"), "[pr]\nbranch = \"HEAD\"\n").unwrap();
    sandbox.git(&work, &["add", "dockfix.toml"]);
    sandbox.git(&work, &["commit", "--quiet", "--message", "Configure"]);
    let run = sandbox.dockfix(&work, &["pr", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stderr, "dockfix: [pr] branch: `HEAD` stands for HEAD, not a branch\n");

    // A name with a slash is a branch like any other.
    let run = sandbox.dockfix(&work, &["pr", "--branch", "heads/x", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(sandbox.has_ref(&work, "refs/heads/heads/x"));
}

#[test]
fn list_entries_naming_one_repository_run_once() {
    let sandbox = Sandbox::new();
    let root = sandbox.path();
    let files = [("Dockerfile", NEEDS_FIX), ("svc/Dockerfile", NEEDS_FIX)];
    let work = sandbox.repository("m1", &files, false);
    sandbox.git(&work, &["worktree", "add", "--quiet", "../m1-linked"]);
    let seed = sandbox.repository("seed", &[("Dockerfile", NEEDS_FIX)], false);
    sandbox.git(&root, &["clone", "--quiet", "--bare", seed.to_str().unwrap(), "remote.git"]);
    let url = format!("file://{}/remote.git", root.display());
    let list = format!("m1\n{url}\nm1/svc\n./m1\nm1-linked\n{url}\nremote.git\n");
    fs::write(root.join("repos.txt"), list).unwrap();

    let args = ["pr", "--repos", "repos.txt", "--workdir", "clones", "--select", "apk-no-cache"];
    let run = sandbox.dockfix(&root, &args);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stdout,
        format!(
            "ok m1: branch dockfix/fixes, 2 files, 2 fixes\n\
             ok {url}: branch dockfix/fixes, 1 file, 1 fix\n\
             error m1/svc: the same repository as m1\n\
             error ./m1: the same repository as m1\n\
             error m1-linked: the same repository as m1\n\
             error {url}: the same repository as {url}\n\
             error remote.git: the same repository as {url}\n"
        )
    );
    // The later URL was not cloned.
    let clones: Vec<String> = fs::read_dir(root.join("clones"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(clones, ["002-remote"]);
}

#[test]
fn clones_that_would_be_thrown_away_are_refused() {
    let sandbox = Sandbox::new();
    let root = sandbox.path();
    for name in ["api", "web"] {
        let seed = sandbox.repository(&format!("{name}-seed"), &[("Dockerfile", NEEDS_FIX)], false);
        let bare = format!("{name}.git");
        sandbox.git(&root, &["clone", "--quiet", "--bare", seed.to_str().unwrap(), &bare]);
    }
    // A URL, and a bare repository named by its path from the current folder.
    let url = format!("file://{}/api.git", root.display());
    fs::write(root.join("repos.txt"), format!("{url}\nweb.git\n")).unwrap();

    let run = sandbox.dockfix(&root, &["pr", "--repos", "repos.txt", "--select", "apk-no-cache"]);
    assert_eq!(run.code, 2, "{run:?}");
    let refused = "the clone would be removed with the branch in it; add --push, or --workdir to \
                   keep the clones";
    assert_eq!(run.stdout, format!("error {url}: {refused}\nerror web.git: {refused}\n"));

    // With --workdir the clones, and the branch in each, stay.
    let args = ["pr", "--repos", "repos.txt", "--workdir", "kept", "--select", "apk-no-cache"];
    let run = sandbox.dockfix(&root, &args);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!(
            "ok {url}: branch dockfix/fixes, 1 file, 1 fix\n\
             ok web.git: branch dockfix/fixes, 1 file, 1 fix\n"
        )
    );
    for clone in ["kept/001-api", "kept/002-web"] {
        assert_eq!(sandbox.git(&root.join(clone), &["show", "dockfix/fixes:Dockerfile"]), FIXED);
    }
    for bare in ["api.git", "web.git"] {
        assert!(!sandbox.has_ref(&root.join(bare), "refs/heads/dockfix"), "{bare}");
    }
}

#[test]
fn list_options_need_a_list_and_help_says_what_is_done() {
    let sandbox = Sandbox::new();
    let work = sandbox.repository("app", &[("Dockerfile", NEEDS_FIX)], false);
    for args in [["pr", "--shard", "1/2"], ["pr", "--workdir", "clones"]] {
        let run = sandbox.dockfix(&work, &args);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("required arguments were not provided"), "{}", run.stderr);
        assert!(run.stderr.contains("--repos <FILE>"), "{}", run.stderr);
    }
    assert!(!sandbox.has_ref(&work, "refs/heads/dockfix"));
    assert!(!work.join("clones").exists());

    let help = sandbox.dockfix(&work, &["pr", "--help"]);
    assert_eq!(help.code, 0, "{help:?}");
    let help = help.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("no file of the work tree is written"), "{help}");
    assert!(!help.contains("old text"), "{help}");
}
