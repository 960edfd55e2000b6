//! Running `git` for `dockfix pr`: one process per step, its output captured, and a failure
//! turned into one line that says which step failed and what git said.

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Variables a caller's environment may hold (a git hook sets some) that would point every
/// command at one repository or index, whatever folder it runs in.
const LOCATION_VARIABLES: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
];

/// A way to run git in one folder, with extra environment and `-c` settings.
#[derive(Debug, Clone)]
pub(super) struct Git {
    dir: PathBuf,
    env: Vec<(OsString, OsString)>,
    config: Vec<String>,
}

impl Git {
    pub(super) fn new(dir: &Path) -> Git {
        Git { dir: dir.to_path_buf(), env: Vec::new(), config: Vec::new() }
    }

    /// The same, with `name=value` in the environment of every command.
    pub(super) fn with_env(mut self, name: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Git {
        self.env.push((name.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// The same, run in `dir` instead.
    pub(super) fn in_dir(mut self, dir: &Path) -> Git {
        self.dir = dir.to_path_buf();
        self
    }

    /// The same, with `-c setting` before every command.
    pub(super) fn with_config(mut self, setting: String) -> Git {
        self.config.push(setting);
        self
    }

    fn command(&self, args: &[&OsStr]) -> Command {
        let mut command = Command::new("git");
        command.current_dir(&self.dir);
        for name in LOCATION_VARIABLES {
            command.env_remove(name);
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        for setting in &self.config {
            command.arg("-c").arg(setting);
        }
        command.args(args);
        command
    }

    /// Runs `git args` and gives its standard output; a non-zero exit is an error.
    pub(super) fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<String, String> {
        self.run_with_input(args, None)
    }

    /// [`Git::run`] with `input` written to the command's standard input.
    pub(super) fn run_with_input<S: AsRef<OsStr>>(
        &self,
        args: &[S],
        input: Option<&[u8]>,
    ) -> Result<String, String> {
        let output = self.output(args, input)?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(failure(args, &output))
        }
    }

    /// Runs `git args` and tells whether it exited with 0; any exit other than 0 or 1 is an
    /// error, as is a command that does not start.
    pub(super) fn succeeds<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<bool, String> {
        let output = self.output(args, None)?;
        match output.status.code() {
            Some(0) => Ok(true),
            Some(1) => Ok(false),
            _ => Err(failure(args, &output)),
        }
    }

    /// Runs `git args` and gives its standard output, or `None` when it exited with 1, as `git
    /// config --get` does for a setting that is not set; any other exit but 0 is an error.
    pub(super) fn value<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Option<String>, String> {
        let output = self.output(args, None)?;
        match output.status.code() {
            Some(0) => Ok(Some(String::from_utf8_lossy(&output.stdout).into_owned())),
            Some(1) => Ok(None),
            _ => Err(failure(args, &output)),
        }
    }

    /// Runs `git args` and tells whether it exited with 0; only a command that does not start
    /// is an error.
    pub(super) fn exits_zero<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<bool, String> {
        Ok(self.output(args, None)?.status.success())
    }

    fn output<S: AsRef<OsStr>>(&self, args: &[S], input: Option<&[u8]>) -> Result<Output, String> {
        let args: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
        let mut command = self.command(&args);
        command
            .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let spawned = command.spawn().map_err(|err| cannot_start("git", &err))?;
        communicate(spawned, input).map_err(|err| format!("git {}: {err}", step(&args)))
    }
}

/// Writes `input` to a started command and waits for it.
pub(super) fn communicate(
    mut child: std::process::Child,
    input: Option<&[u8]>,
) -> io::Result<Output> {
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        // A command that stops reading early says why on stderr, which is what gets reported.
        let written = stdin.write_all(input);
        drop(stdin);
        if let Err(err) = written {
            if err.kind() != io::ErrorKind::BrokenPipe {
                let _ = child.wait();
                return Err(err);
            }
        }
    }
    child.wait_with_output()
}

/// Why a program could not be started, saying plainly when it is not installed.
pub(super) fn cannot_start(program: &str, err: &io::Error) -> String {
    if err.kind() == io::ErrorKind::NotFound {
        format!("`{program}` was not found on PATH")
    } else {
        format!("cannot run `{program}`: {err}")
    }
}

/// The git subcommand in `args`, for messages: the first argument that is not an option.
fn step(args: &[&OsStr]) -> String {
    let name = args.iter().find(|arg| !arg.to_string_lossy().starts_with('-'));
    name.map_or_else(String::new, |arg| arg.to_string_lossy().into_owned())
}

/// `git <step> failed: <what git said>`, keeping git's last lines, which hold the reason.
fn failure<S: AsRef<OsStr>>(args: &[S], output: &Output) -> String {
    let args: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
    let said = why(&String::from_utf8_lossy(&output.stderr));
    let status = match output.status.code() {
        Some(code) => format!("exit status {code}"),
        None => "killed by a signal".to_string(),
    };
    if said.is_empty() {
        format!("git {} failed ({status})", step(&args))
    } else {
        format!("git {} failed: {said}", step(&args))
    }
}

/// What git's standard error says went wrong, in one line: its `error:`, `fatal:` and
/// `! [rejected]`-style lines when it has some, else its last lines; hints are left out.
fn why(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    let telling: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|line| {
            line.starts_with("error:") || line.starts_with("fatal:") || line.starts_with("! ")
        })
        .collect();
    if telling.is_empty() {
        let said: Vec<&str> = lines.into_iter().filter(|line| !line.starts_with("hint:")).collect();
        last_lines(&said.join("\n"), 3)
    } else {
        last_lines(&telling.join("\n"), 4)
    }
}

/// The last `n` non-empty lines of `text`, joined with `; `: enough to say why, in one line.
pub(super) fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join("; ")
}

/// What `git status` says about the checkout: the commit and branch it is on, and the tracked
/// paths that differ from that commit.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Status {
    /// The commit checked out; `None` on a branch without commits.
    pub head: Option<String>,
    /// The branch checked out; `None` on a detached HEAD.
    pub branch: Option<String>,
    /// Tracked paths with staged or unstaged changes, in git's order.
    pub changed: Vec<String>,
}

/// Reads `git status --porcelain=v2 --branch -z` output.
pub(super) fn parse_status(output: &str) -> Status {
    let mut status = Status::default();
    let mut records = output.split('\0');
    while let Some(record) = records.next() {
        if let Some(oid) = record.strip_prefix("# branch.oid ") {
            status.head = (oid != "(initial)").then(|| oid.to_string());
        } else if let Some(head) = record.strip_prefix("# branch.head ") {
            status.branch = (head != "(detached)").then(|| head.to_string());
        } else if let Some(rest) = record.strip_prefix("1 ") {
            // XY sub mH mI mW hH hI path
            status.changed.extend(rest.splitn(8, ' ').nth(7).map(str::to_string));
        } else if let Some(rest) = record.strip_prefix("2 ") {
            // XY sub mH mI mW hH hI Xscore path, then the original path as a record of its own.
            status.changed.extend(rest.splitn(9, ' ').nth(8).map(str::to_string));
            records.next();
        } else if let Some(rest) = record.strip_prefix("u ") {
            // XY sub m1 m2 m3 mW h1 h2 h3 path
            status.changed.extend(rest.splitn(10, ' ').nth(9).map(str::to_string));
        }
    }
    status
}

/// A tracked path, whether git records it as executable, and whether it is marked
/// assume-unchanged or skip-worktree, which keeps `git status` from showing its changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TrackedFile {
    pub path: String,
    pub executable: bool,
    pub hidden: bool,
}

/// Reads `git ls-files -s -v -z` output, keeping regular files only: a symlink or a submodule
/// is no text dockfix could rewrite, and a file in conflict has no one text.
pub(super) fn parse_tracked(output: &str) -> Vec<TrackedFile> {
    let mut files = Vec::new();
    for record in output.split('\0') {
        // <tag> <mode> <object> <stage>\t<path>; the tag is `H` for a plain file, lowercase
        // when assume-unchanged, `S` when skip-worktree.
        let Some((info, path)) = record.split_once('\t') else { continue };
        let mut fields = info.split(' ');
        let (tag, mode, stage) = (fields.next(), fields.next(), fields.nth(1));
        if stage != Some("0") {
            continue;
        }
        let executable = match mode {
            Some("100644") => false,
            Some("100755") => true,
            _ => continue,
        };
        let hidden = tag != Some("H");
        files.push(TrackedFile { path: path.to_string(), executable, hidden });
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_says_what_git_rejected_and_not_its_hints() {
        let stderr = "To /tmp/r.git\n ! [rejected]        dockfix/fixes -> dockfix/fixes (fetch first)\n\
                      error: failed to push some refs to '/tmp/r.git'\n\
                      hint: Updates were rejected because the remote contains work that you do not\n\
                      hint: have locally.\n";
        assert_eq!(
            why(stderr),
            "! [rejected]        dockfix/fixes -> dockfix/fixes (fetch first); \
             error: failed to push some refs to '/tmp/r.git'"
        );
        assert_eq!(why("a\nb\nhint: x\n"), "a; b");
    }

    #[test]
    fn status_names_branch_commit_and_changed_paths() {
        let oid = "3f786850e387550fdab836ed7e6dc881de23001b";
        let output = format!(
            "# branch.oid {oid}\0# branch.head main\0\
             1 .M N... 100644 100644 100644 {oid} {oid} a file.txt\0\
             2 R. N... 100644 100644 100644 {oid} {oid} R100 new name\0old name\0\
             u UU N... 100644 100644 100644 100644 {oid} {oid} {oid} both\0"
        );
        let status = parse_status(&output);
        assert_eq!(status.head.as_deref(), Some(oid));
        assert_eq!(status.branch.as_deref(), Some("main"));
        assert_eq!(status.changed, ["a file.txt", "new name", "both"]);
    }

    #[test]
    fn status_of_a_detached_head_and_of_a_branch_without_commits() {
        let detached = parse_status("# branch.oid abc\0# branch.head (detached)\0");
        assert_eq!((detached.head.as_deref(), detached.branch), (Some("abc"), None));
        let unborn = parse_status("# branch.oid (initial)\0# branch.head main\0");
        assert_eq!((unborn.head, unborn.branch.as_deref()), (None, Some("main")));
    }

    #[test]
    fn tracked_files_are_regular_files_at_stage_zero() {
        let oid = "3f786850e387550fdab836ed7e6dc881de23001b";
        let output = format!(
            "H 100644 {oid} 0\tDockerfile\0H 100755 {oid} 0\tbin/Dockerfile\0\
             H 120000 {oid} 0\tlink/Dockerfile\0H 160000 {oid} 0\tsub\0\
             M 100644 {oid} 2\tconflict/Dockerfile\0h 100644 {oid} 0\tassumed\0\
             S 100644 {oid} 0\tskipped\0s 100755 {oid} 0\tboth\0"
        );
        let file = |path: &str, executable, hidden| TrackedFile {
            path: path.to_string(),
            executable,
            hidden,
        };
        let expected = [
            file("Dockerfile", false, false),
            file("bin/Dockerfile", true, false),
            file("assumed", false, true),
            file("skipped", false, true),
            file("both", true, true),
        ];
        assert_eq!(parse_tracked(&output), expected);
    }

    #[test]
    fn a_failure_keeps_what_git_said_last() {
        assert_eq!(last_lines("hint: a\n\nfatal: b\n", 1), "fatal: b");
        assert_eq!(last_lines("one\ntwo\nthree\nfour\n", 3), "two; three; four");
        assert_eq!(last_lines("", 3), "");
    }
}
