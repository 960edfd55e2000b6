//! One repository's turn: check that its checkout can be worked on, fix its Dockerfiles,
//! commit the fixes on a new branch, and push it and open a pull request when asked.

// How the commit is made. The fixes are worked out by the run `dockfix --write` makes
// (`check::execute`), on the Dockerfiles in git's list of tracked files, with the fixed text kept
// in memory: the files of the work tree are never written. The fixed texts are written at their
// paths into a temporary folder, which `git update-index --add` then reads as the work tree of a
// private index (`GIT_INDEX_FILE`) filled from HEAD's tree. So each blob is what `git add` would
// store: git applies the same clean filters and line-end conversion, reads `.gitattributes`
// from that index as it does for a file missing from the work tree, and keeps CRLF in a file
// the index already holds with CRLF under `text=auto` or `core.autocrlf`, which `git
// hash-object --path` could not do, having no index to look at. The files' modes are set from
// what git records, so an executable file stays executable. `git write-tree` and `git
// commit-tree` make the commit on top of HEAD (signed when `commit.gpgsign` asks for it), and
// `git branch` points the new branch at it (refusing to replace a branch checked out anywhere).
// So the work tree, HEAD, the index and the branch checked out never change, and no branch is
// switched to and back. Plumbing commands run no hooks, so a pre-commit hook of the repository
// does not run on a commit the user did not make by hand.
//
// FIXME(attributes): a `.gitattributes` the user has not committed is not in the private index
// nor in the temporary folder, so it does not apply, though `git add` would apply it; copying
// every untracked attributes file of the work tree is left out until someone needs it.
//
// Only tracked regular files are fixed: a Dockerfile git does not know would not be in the
// commit, and a symlink would be committed as the text of its target. A file marked
// assume-unchanged or skip-worktree is refused when it would be fixed, since `git status` does
// not show its local changes, which the commit would then carry.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use crate::config::Resolver;
use crate::fix;
use crate::workspace;

use super::fixes::{self, ChangedFile, Fixed};
use super::git::{self, Git, TrackedFile};

/// The committer and author used when git has no identity configured.
const FALLBACK_NAME: &str = "dockfix";
const FALLBACK_EMAIL: &str = "dockfix@localhost";

/// What `dockfix pr` does in each repository, as the command line asked.
#[derive(Debug, Clone)]
pub(super) struct Options {
    /// `--branch` and `--remote`; without them, a repository's configuration (`[pr]`) or the
    /// defaults name them.
    pub branch: Option<String>,
    pub remote: Option<String>,
    pub title: String,
    /// Replace a branch of the same name, here and on the remote.
    pub force: bool,
    pub push: bool,
    pub open: bool,
    pub fix: fix::Settings,
    /// The configuration files, layered with the command line.
    pub config: Arc<Resolver>,
    /// Threads for walking; 0 lets the walker choose.
    pub threads: usize,
    /// Tell git never to ask for credentials on the terminal, for runs over many repositories.
    pub no_prompt: bool,
}

/// A repository whose fixes are committed on the new branch.
#[derive(Debug)]
pub(super) struct Committed {
    pub root: PathBuf,
    pub branch: String,
    pub remote: String,
    /// The branch that was checked out, which a pull request goes into.
    pub base: Option<String>,
    pub commit: String,
    pub files: usize,
    pub applied: BTreeMap<&'static str, usize>,
    /// The pull-request body.
    pub body: String,
}

impl Committed {
    pub(super) fn fixes(&self) -> usize {
        self.applied.values().sum()
    }
}

/// How far [`prepare`] got.
#[derive(Debug)]
pub(super) enum Prepared {
    /// Nothing needed fixing; nothing was created.
    Clean,
    Committed(Committed),
}

/// What [`publish`] did.
#[derive(Debug, Default)]
pub(super) struct Published {
    pub pushed: bool,
    /// The pull request's address, as `gh` printed it.
    pub url: Option<String>,
}

/// Fixes the Dockerfiles under `scope`, a folder or file in a git work tree, and commits the
/// fixes on a new branch made from HEAD.
pub(super) fn prepare(scope: &Path, options: &Options) -> Result<Prepared, String> {
    if let Err(err) = fs::metadata(scope) {
        return Err(format!("{}: {}", scope.display(), workspace::describe_io(&err)));
    }
    let dir = if scope.is_dir() { scope } else { scope.parent().unwrap_or(Path::new(".")) };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let (root, git) = open(dir, options)?;
    let (branch, remote) = names(&root, options)?;
    check_branch_shadows_nothing(&git, &branch)?;
    let status = git::parse_status(&git.run(&[
        "status",
        "--porcelain=v2",
        "--branch",
        "-z",
        "--untracked-files=no",
        "--ignore-submodules=untracked",
    ])?);

    // The new branch starts from HEAD, which must be a commit the user's files agree with.
    let Some(head) = status.head else {
        return Err("the checked-out branch has no commits yet".to_string());
    };
    if !status.changed.is_empty() {
        return Err(format!(
            "the work tree has uncommitted changes ({}); commit or stash them first",
            some_of(&status.changed)
        ));
    }
    if options.open && status.branch.is_none() {
        return Err("HEAD is detached, so a pull request has no branch to go into; check out \
                    a branch first"
            .to_string());
    }

    // The Dockerfiles are taken from git's list of tracked files, not from a walk: a tracked
    // file in a folder `.gitignore` names is still in the commit. A file named is taken whatever
    // its name, as `dockfix --write` takes it.
    let relative = relative_to(&root, scope)?;
    // `-v` tags each file: `H` plain, lowercase when assume-unchanged, `S` when skip-worktree.
    let mut ls_files: Vec<String> = ["ls-files", "-s", "-v", "-z"].map(String::from).to_vec();
    if !relative.as_os_str().is_empty() {
        ls_files.push("--".to_string());
        ls_files.push(format!(":(literal){}", slash_path(&relative)));
    }
    let named_a_file = !scope.is_dir();
    let files: Vec<TrackedFile> = git::parse_tracked(&git.run(&ls_files)?)
        .into_iter()
        .filter(|file| named_a_file || is_dockerfile_path(&file.path))
        // A file left out of a sparse checkout is marked skip-worktree and is not on disk.
        .filter(|file| !file.hidden || root.join(&file.path).symlink_metadata().is_ok())
        .collect();

    // Fix them in memory. A file marked assume-unchanged or skip-worktree may hold changes
    // `git status` does not show, which the commit would carry, and maybe push.
    let fixed = fixes::fix_tracked(&root, &files, options)?;
    let hidden: Vec<String> = files
        .iter()
        .filter(|file| file.hidden && fixed.changed.iter().any(|changed| changed.name == file.path))
        .map(|file| file.path.clone())
        .collect();
    if !hidden.is_empty() {
        let verb = if hidden.len() == 1 { "is" } else { "are" };
        return Err(format!(
            "{} {verb} marked assume-unchanged or skip-worktree, which hides local changes from \
             git status; clear the marks first (git update-index --no-assume-unchanged FILE; \
             git update-index --no-skip-worktree FILE)",
            some_of(&hidden)
        ));
    }

    let Some(commit) = commit(&git, &head, &branch, status.branch.as_deref(), &fixed, options)?
    else {
        return Ok(Prepared::Clean);
    };

    Ok(Prepared::Committed(Committed {
        root,
        branch,
        remote,
        base: status.branch,
        commit,
        files: fixed.changed.len(),
        applied: fixed.applied,
        body: fixed.body,
    }))
}

/// Pushes the branch of a [`Committed`] repository, and opens a pull request from it with the
/// body in `body_file`, as `options` ask; `--open` needs the body file.
pub(super) fn publish(
    committed: &Committed,
    options: &Options,
    body_file: Option<&Path>,
) -> Result<Published, String> {
    let mut published = Published::default();
    if !(options.push || options.open) {
        return Ok(published);
    }
    let (branch, remote) = (&committed.branch, &committed.remote);
    let made = format!("branch {branch} was made");
    let git = git_in(&committed.root, options);
    let refspec = format!("refs/heads/{branch}:refs/heads/{branch}");
    let mut push = vec!["push", "--quiet", "--set-upstream"];
    if options.force {
        // The lease holds the remote branch to what its remote-tracking branch says. A fresh
        // clone, as in CI, has none, and the lease would then refuse any branch that exists; so
        // there the branch is replaced whatever it holds.
        let tracking = format!("refs/remotes/{remote}/{branch}");
        let known = git.succeeds(&["rev-parse", "--verify", "--quiet", &tracking])?;
        push.push(if known { "--force-with-lease" } else { "--force" });
    }
    push.extend(["--", remote.as_str(), refspec.as_str()]);
    git.run(&push).map_err(|err| format!("{made}, but {err}"))?;
    published.pushed = true;

    if options.open {
        let (Some(base), Some(body_file)) = (&committed.base, body_file) else {
            return Err(format!("{made} and pushed, but there is no base branch or no body"));
        };
        let url = open_pull_request(&committed.root, branch, base, &options.title, body_file)
            .map_err(|err| format!("{made} and pushed, but {err}"))?;
        published.url = Some(url);
    }
    Ok(published)
}

/// Runs `gh pr create` in `root`; gives the address it prints.
fn open_pull_request(
    root: &Path,
    branch: &str,
    base: &str,
    title: &str,
    body_file: &Path,
) -> Result<String, String> {
    let mut command = Command::new("gh");
    command
        .current_dir(root)
        .args(["pr", "create", "--head", branch, "--base", base, "--title", title, "--body-file"])
        .arg(body_file)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = command.spawn().map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => {
            "`gh` was not found on PATH; install the GitHub CLI, or leave out --open".to_string()
        }
        _ => git::cannot_start("gh", &err),
    })?;
    let output = git::communicate(started, None).map_err(|err| format!("gh pr create: {err}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let said = git::last_lines(&String::from_utf8_lossy(&output.stderr), 3);
        return Err(format!("gh pr create failed: {said}"));
    }
    // gh prints the new pull request's address last.
    let url = stdout.lines().map(str::trim).rfind(|line| !line.is_empty()).unwrap_or_default();
    Ok(url.to_string())
}

/// The work tree's top folder and a [`Git`] running there, refusing a checkout that is in the
/// middle of a merge, rebase, cherry-pick or revert.
fn open(dir: &Path, options: &Options) -> Result<(PathBuf, Git), String> {
    const UNDERWAY: &[(&str, &str)] = &[
        ("MERGE_HEAD", "a merge"),
        ("rebase-merge", "a rebase"),
        ("rebase-apply", "a rebase"),
        ("CHERRY_PICK_HEAD", "a cherry-pick"),
        ("REVERT_HEAD", "a revert"),
    ];
    let mut args = vec!["rev-parse", "--show-toplevel"];
    for (path, _) in UNDERWAY {
        args.extend(["--git-path", path]);
    }
    let output = git_in(dir, options)
        .run(&args)
        .map_err(|err| format!("{} is not in a git work tree ({err})", dir.display()))?;
    let mut lines = output.lines();
    let root = lines.next().unwrap_or_default();
    let root = fs::canonicalize(root)
        .map_err(|err| format!("{root}: {}", workspace::describe_io(&err)))?;
    for ((_, what), path) in UNDERWAY.iter().zip(lines) {
        if dir.join(path).exists() {
            return Err(format!("the repository is in the middle of {what}; finish it first"));
        }
    }
    let git = git_in(&root, options);
    Ok((root, git))
}

/// The branch and remote for the repository at `root`: the command line's, else those its
/// configuration names, else the defaults.
fn names(root: &Path, options: &Options) -> Result<(String, String), String> {
    let resolved = options
        .config
        .resolved_for(Some(&root.join("Dockerfile")))
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))?;
    let branch = match &options.branch {
        Some(branch) => branch.clone(),
        None => {
            let branch = resolved.pr.branch();
            check_branch_name(branch).map_err(|why| format!("[pr] branch: {why}"))?;
            branch.to_string()
        }
    };
    let remote = options.remote.clone().unwrap_or_else(|| resolved.pr.remote().to_string());
    Ok((branch, remote))
}

/// Refuses a `--body-file` that git tracks in the repository of `scope`: `dockfix pr` writes
/// no file of the work tree.
pub(super) fn check_body_file(scope: &Path, file: &Path) -> Result<(), String> {
    let dir = if scope.is_dir() { scope } else { scope.parent().unwrap_or(Path::new(".")) };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let Ok(absolute) = std::path::absolute(file) else { return Ok(()) };
    let absolute = absolute.to_string_lossy();
    let tracked = Git::new(dir).succeeds(&["ls-files", "--error-unmatch", "--", &absolute]);
    // Outside the repository, git fails outright: no file of the work tree then.
    if tracked.unwrap_or(false) {
        return Err(format!(
            "--body-file {} is a file git tracks; dockfix pr writes no file of the work tree, so \
             name one that git does not track",
            file.display()
        ));
    }
    Ok(())
}

/// Refuses a branch name that, once made, would make another name of the repository ambiguous:
/// `origin/main` beside the remote-tracking branch, a tag's name, or a special ref such as
/// `FETCH_HEAD`. git would take it, and the user's next `git diff origin/main` would quietly
/// mean dockfix's branch.
fn check_branch_shadows_nothing(git: &Git, name: &str) -> Result<(), String> {
    let special = name.split('/').any(|part| part == "HEAD" || part.ends_with("_HEAD"));
    if special {
        return Err(format!("`{name}` reads as one of git's special refs; pick another name"));
    }
    for (kind, prefix) in [("a tag", "refs/tags/"), ("a remote-tracking branch", "refs/remotes/")] {
        let reference = format!("{prefix}{name}");
        if git.succeeds(&["show-ref", "--verify", "--quiet", &reference])? {
            return Err(format!("`{name}` is already {kind}; pick another name"));
        }
    }
    let remotes = git.run(&["remote"])?;
    let first = name.split('/').next().unwrap_or(name);
    if name.contains('/') && remotes.lines().any(|remote| remote == first) {
        return Err(format!(
            "`{name}` starts with the remote's name `{first}`, so it would read as a \
             remote-tracking branch; pick another name"
        ));
    }
    Ok(())
}

/// Refuses a name git would not take for a new branch, would read as something else, or would
/// take as an option; says why.
pub(super) fn check_branch_name(name: &str) -> Result<(), String> {
    // `@` and `HEAD` pass `git check-ref-format` under refs/heads/, but name the commit checked
    // out wherever git reads a revision. A full ref name would become refs/heads/refs/heads/x.
    if name == "@" || name == "HEAD" {
        return Err(format!("`{name}` stands for HEAD, not a branch"));
    }
    if let Some(short) = name.strip_prefix("refs/heads/").filter(|short| !short.is_empty()) {
        return Err(format!("`{name}` is a ref's full name; give the branch's name (`{short}`)"));
    }
    if name.starts_with("refs/") {
        return Err(format!("`{name}` is a ref's full name; give a branch's name"));
    }
    // What `git check-ref-format --branch` refuses besides, without its reading of `@{-1}` as
    // the branch checked out before.
    let refused = || format!("`{name}` is not a valid branch name");
    if name.starts_with('-') {
        return Err(refused());
    }
    let valid =
        Git::new(Path::new(".")).succeeds(&["check-ref-format", &format!("refs/heads/{name}")])?;
    if valid { Ok(()) } else { Err(refused()) }
}

fn git_in(dir: &Path, options: &Options) -> Git {
    let git = Git::new(dir);
    if options.no_prompt { git.with_env("GIT_TERMINAL_PROMPT", "0") } else { git }
}

/// `git`, with dockfix's identity when git has none configured, as on a fresh CI runner.
fn with_identity(git: &Git) -> Result<Git, String> {
    if git.exits_zero(&["var", "GIT_COMMITTER_IDENT"])? {
        Ok(git.clone())
    } else {
        Ok(git
            .clone()
            .with_config(format!("user.name={FALLBACK_NAME}"))
            .with_config(format!("user.email={FALLBACK_EMAIL}")))
    }
}

/// Commits the fixed files on top of `head` and points the branch at the commit; `None` when
/// there is nothing to commit. See the notes at the top of this module.
fn commit(
    git: &Git,
    head: &str,
    branch: &str,
    checked_out: Option<&str>,
    fixed: &Fixed,
    options: &Options,
) -> Result<Option<String>, String> {
    if fixed.changed.is_empty() {
        return Ok(None);
    }

    // The branch is checked first, to say what is wrong in dockfix's own words.
    let branch_ref = format!("refs/heads/{branch}");
    if checked_out == Some(branch) {
        return Err(format!("branch {branch} is the one checked out; switch to another"));
    }
    if !options.force && git.succeeds(&["rev-parse", "--verify", "--quiet", &branch_ref])? {
        return Err(format!("branch {branch} already exists; --force replaces it"));
    }

    // The fixed files go into a folder of their own at their paths, from where `git
    // update-index` stores them in a private index filled from HEAD. See the notes at the top.
    let scratch = tempfile::Builder::new()
        .prefix("dockfix-index-")
        .tempdir()
        .map_err(|err| format!("cannot make a temporary folder: {err}"))?;
    let tree_dir = scratch.path().join("tree");
    let mut paths = Vec::new();
    for file in &fixed.changed {
        write_fixed(&tree_dir, file)
            .map_err(|err| format!("cannot write a temporary copy of {}: {err}", file.name))?;
        paths.extend_from_slice(file.name.as_bytes());
        paths.push(0);
    }
    let git_dir = git.run(&["rev-parse", "--absolute-git-dir"])?;
    let staging = git
        .clone()
        .in_dir(&tree_dir)
        .with_env("GIT_DIR", git_dir.trim_end_matches('\n'))
        .with_env("GIT_WORK_TREE", &tree_dir)
        .with_env("GIT_INDEX_FILE", scratch.path().join("index"))
        // A file system monitor would be asked about, or started for, the temporary folder.
        .with_config("core.fsmonitor=false".to_string());
    staging.run(&["read-tree", head])?;
    staging.run_with_input(&["update-index", "--add", "-z", "--stdin"], Some(&paths))?;
    let tree = staging.run(&["write-tree"])?;
    let tree = tree.trim();
    let head_tree = git.run(&["rev-parse", &format!("{head}^{{tree}}")])?;
    if tree == head_tree.trim() {
        // The fixes changed only what git's own conversions undo: there is nothing to commit.
        return Ok(None);
    }

    // `git commit-tree` signs only when asked, whatever the configuration says; a commit `git
    // commit` would sign is signed, and a signer that fails stops it.
    let message = commit_message(&options.title, &fixed.applied);
    let sign = git.value(&["config", "--type=bool", "--get", "commit.gpgsign"])?;
    let mut commit_tree = vec!["commit-tree", tree, "-p", head, "-F", "-"];
    if sign.as_deref().map(str::trim) == Some("true") {
        commit_tree.push("-S");
    }
    let commit = with_identity(git)?.run_with_input(&commit_tree, Some(message.as_bytes()))?;
    let commit = commit.trim().to_string();
    let mut create = vec!["branch", "--no-track"];
    if options.force {
        create.push("--force");
    }
    create.extend(["--", branch, commit.as_str()]);
    git.run(&create)?;
    Ok(Some(commit))
}

/// Writes a fixed file into `tree_dir` at its path, executable when git records it so.
fn write_fixed(tree_dir: &Path, file: &ChangedFile) -> std::io::Result<()> {
    let path = tree_dir.join(&file.name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(&path, &file.text)?;
    // Where git ignores file modes (core.filemode=false, the default on Windows), it keeps the
    // mode HEAD has, which is the one wanted.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if file.executable { 0o755 } else { 0o644 };
        fs::set_permissions(&path, fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// A commit's name cut to twelve digits, for messages.
pub(super) fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

/// The title, a blank line, and one line per rule with its count of fixes.
pub(super) fn commit_message(title: &str, applied: &BTreeMap<&'static str, usize>) -> String {
    let mut message = format!("{title}\n\n");
    for (rule, n) in applied {
        let fixes = if *n == 1 { "fix" } else { "fixes" };
        message.push_str(&format!("{rule}: {n} {fixes}\n"));
    }
    message
}

/// Up to three of `paths`, and how many more there are.
fn some_of(paths: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut listed = paths.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if paths.len() > SHOWN {
        listed.push_str(&format!(" and {} more", paths.len() - SHOWN));
    }
    listed
}

/// `path` from the work tree's `root`; an error when it lies outside.
fn relative_to(root: &Path, path: &Path) -> Result<PathBuf, String> {
    let real = fs::canonicalize(path)
        .map_err(|err| format!("{}: {}", path.display(), workspace::describe_io(&err)))?;
    real.strip_prefix(root)
        .map(Path::to_path_buf)
        .map_err(|_| format!("{} is outside the work tree at {}", path.display(), root.display()))
}

/// Whether the last part of a path git lists is a Dockerfile's name.
fn is_dockerfile_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    workspace::is_dockerfile_name(std::ffi::OsStr::new(name))
}

/// A path from the root with `/` between its parts, as git writes paths.
pub(super) fn slash_path(path: &Path) -> String {
    let parts: Vec<String> =
        path.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commit_message_counts_fixes_per_rule() {
        let applied = BTreeMap::from([("apk-no-cache", 3), ("pipefail", 1)]);
        assert_eq!(
            commit_message("Fix Dockerfiles", &applied),
            "Fix Dockerfiles\n\napk-no-cache: 3 fixes\npipefail: 1 fix\n"
        );
    }

    #[test]
    fn changed_paths_are_listed_up_to_three() {
        let paths = |n: usize| (1..=n).map(|i| format!("f{i}")).collect::<Vec<_>>();
        assert_eq!(some_of(&paths(2)), "f1, f2");
        assert_eq!(some_of(&paths(3)), "f1, f2, f3");
        assert_eq!(some_of(&paths(5)), "f1, f2, f3 and 2 more");
    }
}
