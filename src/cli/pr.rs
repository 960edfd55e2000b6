//! `dockfix pr`: fix a repository's Dockerfiles on a new branch, leaving the user's checkout as
//! it was, then push it and open a pull request when asked; or do so for a list of
//! repositories.

// Pushing and opening a pull request (`git push`, `gh pr create`), and cloning the URLs a list
// names, are the only network actions dockfix ever takes, and only on request.

mod fixes;
mod fleet;
mod git;
mod repo;

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use clap::Args;
use rayon::prelude::*;

use crate::config::{self, Resolver};
use crate::fix;

use super::ExitStatus;
use fleet::{Entry, Located, Location, Shard};
use repo::{Committed, Options, Prepared, Published};

const DEFAULT_TITLE: &str = "Fix Dockerfiles with dockfix";

pub(crate) const AFTER_HELP: &str = "\
The repository's checkout is left as it was: no file of the work tree is written, no branch is
switched to, and HEAD and the index stay as they are. The fixes --write would make are committed
on the new branch, made from HEAD, with the fixed text stored as `git add` would store it
(filters and line ends included). The Dockerfiles are those git tracks, even in a folder
.gitignore names; the commit message lists the fixes per rule. Nothing to fix: no branch is made.

Refused, with exit status 2: a folder outside a git work tree; a work tree with uncommitted
changes to tracked files (untracked files are fine); a Dockerfile to fix that is marked
assume-unchanged or skip-worktree, whose changes git status hides; a merge, rebase, cherry-pick
or revert in progress; an existing branch of the same name unless --force is given. A detached
HEAD is fine, except with --open, which needs the branch the pull request goes into. --force
pushes with --force-with-lease when a remote-tracking branch exists for the branch, else with
--force. The commit is signed when commit.gpgsign is set.

The pull-request body goes to standard output, or to --body-file. --push runs
`git push --set-upstream REMOTE BRANCH`; --open also runs `gh pr create`. These, and cloning
the URLs a --repos list names, are the only network actions dockfix takes.

--repos FILE lists repositories, one a line (blank lines and # comments skipped): a path to a
work tree (relative to the current folder) is worked on where it is; a URL, host:path, or a bare
repository is cloned into --workdir. A clone in the default work folder is removed afterwards,
so such entries need --push or --workdir. Entries naming a repository an earlier entry names
are not worked on again. The rest are worked on in parallel, and one line per repository is
printed in list order: `ok ENTRY: ...`, `clean ENTRY: nothing to fix` or `error ENTRY: ...`.
--shard K/N keeps the entries whose 0-based place i has i % N = K - 1, to split a list across
CI jobs. Exit status 2 when any repository failed, else 0.";

#[derive(Debug, Args)]
pub(crate) struct PrArgs {
    /// The folder or file whose Dockerfiles are fixed (default: the current directory).
    #[arg(conflicts_with = "repos")]
    path: Option<PathBuf>,
    /// The branch to make [default: `[pr] branch` of the configuration, or dockfix/fixes].
    #[arg(long, value_name = "NAME")]
    branch: Option<String>,
    /// The remote to push to [default: `[pr] remote` of the configuration, or origin].
    #[arg(long, value_name = "NAME")]
    remote: Option<String>,
    /// Push the branch.
    #[arg(long)]
    push: bool,
    /// Push the branch and open a pull request with the GitHub CLI (`gh`).
    #[arg(long)]
    open: bool,
    /// The commit subject and pull-request title.
    #[arg(long, value_name = "TEXT", default_value = DEFAULT_TITLE)]
    title: String,
    /// Write the pull-request body to this file instead of standard output.
    #[arg(long, value_name = "FILE", conflicts_with = "repos")]
    body_file: Option<PathBuf>,
    /// Also apply fixes that may change what the image contains.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Run only these rules (comma-separated or repeated; see `dockfix rules`).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Do not run these rules, even when selected.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Work on the repositories listed in this file, one a line.
    #[arg(long, value_name = "FILE")]
    repos: Option<PathBuf>,
    /// Work on the K-th of N shares of the --repos list only.
    #[arg(long, value_name = "K/N", requires = "repos")]
    shard: Option<Shard>,
    /// Where repositories are cloned (default: a temporary folder, removed afterwards).
    #[arg(long, value_name = "DIR", requires = "repos")]
    workdir: Option<PathBuf>,
    /// Replace an existing branch of the same name, here and on the remote.
    #[arg(long)]
    force: bool,
    /// Threads for repositories and files (default: one per CPU; at most 64).
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<NonZeroUsize>,
}

pub(crate) fn run(args: PrArgs) -> ExitStatus {
    let options = match options(&args) {
        Ok(options) => options,
        Err(messages) => {
            let mut stderr = io::stderr().lock();
            for message in messages {
                let _ = writeln!(stderr, "dockfix: {message}");
            }
            return ExitStatus::Error;
        }
    };
    if options.threads > 0 {
        // Fails only when the pool already exists, which it does not this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(options.threads).build_global();
    }
    match &args.repos {
        Some(list) => run_list(list, args.shard, args.workdir.as_deref(), &options),
        None => {
            let path = args.path.unwrap_or_else(|| PathBuf::from("."));
            run_one(&path, args.body_file.as_deref(), &options)
        }
    }
}

/// The options every repository is worked on with, or what is wrong with the arguments.
fn options(args: &PrArgs) -> Result<Options, Vec<String>> {
    let select = args.select.clone().map(super::without_empty);
    let ignore = super::without_empty(args.ignore.clone());
    let mut errors = Vec::new();
    for (flag, names) in
        [("--select", select.as_deref().unwrap_or_default()), ("--ignore", &ignore)]
    {
        if let Err(message) = super::check_rule_names(flag, names) {
            errors.push(message);
        }
    }
    let title = args.title.trim().to_string();
    if title.is_empty() || title.contains(['\n', '\r']) {
        errors.push("--title: the title must be one line of text".to_string());
    }
    if let Some(Err(why)) = args.branch.as_deref().map(repo::check_branch_name) {
        errors.push(format!("--branch: {why}"));
    }
    if let Some(remote) = args.remote.as_deref().filter(|r| r.is_empty() || r.starts_with('-')) {
        errors.push(format!("--remote: `{remote}` is not a remote's name"));
    }

    // The configuration files apply as they do to `dockfix --write`. The files to fix are named
    // one by one, so exclusions must apply to named files, unless the user named a file.
    let named_a_file = args.repos.is_none() && args.path.as_deref().is_some_and(Path::is_file);
    let command_line = config::CommandLine {
        select: select.clone(),
        ignore: (!ignore.is_empty()).then(|| ignore.clone()),
        unsafe_fixes: args.unsafe_fixes.then_some(true),
        force_exclude: !named_a_file,
        ..config::CommandLine::default()
    };
    let resolver = match Resolver::new(&command_line) {
        Ok(resolver) => resolver,
        Err(bad) => {
            errors.extend(bad.iter().map(ToString::to_string));
            return Err(errors);
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Options {
        branch: args.branch.clone(),
        remote: args.remote.clone(),
        title,
        force: args.force,
        push: args.push || args.open,
        open: args.open,
        fix: fix::Settings {
            unsafe_fixes: args.unsafe_fixes,
            select,
            ignore,
            ..Default::default()
        },
        config: Arc::new(resolver),
        threads: args.threads.map_or(0, NonZeroUsize::get).min(super::MAX_THREADS),
        no_prompt: args.repos.is_some(),
    })
}

/// `dockfix pr [PATH]`: one repository, with the body on standard output or in `body_file`.
fn run_one(path: &Path, body_file: Option<&Path>, options: &Options) -> ExitStatus {
    let fail = |message: &str| {
        let _ = writeln!(io::stderr(), "dockfix: {message}");
        ExitStatus::Error
    };
    if let Some(file) = body_file {
        if let Err(message) = repo::check_body_file(path, file) {
            return fail(&message);
        }
    }
    let committed = match repo::prepare(path, options) {
        Ok(Prepared::Committed(committed)) => committed,
        Ok(Prepared::Clean) => {
            let _ = writeln!(io::stderr(), "dockfix: nothing to fix");
            return ExitStatus::Clean;
        }
        Err(message) => return fail(&message),
    };

    // The body is written before anything goes over the network, so it is there even when
    // pushing fails.
    let temporary;
    let body_path = match body_file {
        Some(file) => {
            if let Err(err) = fs::write(file, &committed.body) {
                let made = made(&committed);
                return fail(&format!(
                    "{made}, but the body cannot be written to {}: {err}",
                    file.display()
                ));
            }
            // gh runs in the repository's top folder, where a relative path would mean another file.
            Some(std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf()))
        }
        None => {
            let mut stdout = io::stdout().lock();
            let _ = stdout.write_all(committed.body.as_bytes()).and_then(|()| stdout.flush());
            if options.open {
                temporary = match body_in_temporary_file(&committed.body) {
                    Ok(file) => file,
                    Err(err) => return fail(&format!("{}, but {err}", made(&committed))),
                };
                Some(temporary.path().to_path_buf())
            } else {
                None
            }
        }
    };
    match repo::publish(&committed, options, body_path.as_deref()) {
        Ok(published) => {
            let _ = writeln!(io::stderr(), "dockfix: {}", describe(&committed, &published));
            ExitStatus::Clean
        }
        Err(message) => fail(&message),
    }
}

/// `dockfix pr --repos FILE`: every repository of the list (or of its share), in parallel,
/// with one line each printed in list order as soon as the ones before it are done.
fn run_list(
    list: &Path,
    shard: Option<Shard>,
    workdir: Option<&Path>,
    options: &Options,
) -> ExitStatus {
    let text = match fs::read_to_string(list) {
        Ok(text) => text,
        Err(err) => {
            let _ = writeln!(io::stderr(), "dockfix: {}: cannot read: {err}", list.display());
            return ExitStatus::Error;
        }
    };
    // Entries naming one repository would race for its branch: the first is worked on and the
    // others fail. The whole list is looked at, so that the jobs of a sharded run agree.
    let all = fleet::parse_list(&text);
    let located: Vec<Result<Located, String>> =
        all.par_iter().map(|entry| fleet::locate(&entry.text)).collect();
    let earlier = fleet::same_as_earlier(&all, &located);
    let entries: Vec<(&Entry, Result<Located, String>)> = all
        .iter()
        .zip(located)
        .zip(earlier)
        .filter(|((entry, _), _)| shard.is_none_or(|shard| shard.holds(entry.index)))
        .map(|((entry, located), earlier)| match earlier {
            Some(earlier) => (entry, Err(format!("the same repository as {}", earlier.text))),
            None => (entry, located),
        })
        .collect();
    let keep_clones = workdir.is_some();
    let temporary;
    let workdir = match workdir {
        // Clones are made by a git running in the work folder, so the path must not be relative.
        Some(dir) => std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
        None => match tempfile::Builder::new().prefix("dockfix-pr-").tempdir() {
            Ok(dir) => {
                temporary = dir;
                temporary.path().to_path_buf()
            }
            Err(err) => {
                let _ = writeln!(io::stderr(), "dockfix: cannot make a work folder: {err}");
                return ExitStatus::Error;
            }
        },
    };

    let printer = Mutex::new(InOrder::default());
    let failed: Vec<bool> = entries
        .into_par_iter()
        .enumerate()
        .map(|(place, (entry, located))| {
            // A panic is a bug of dockfix's; it fails this repository, not the run.
            let worked = catch_unwind(AssertUnwindSafe(|| {
                work_on(entry, located?, &workdir, keep_clones, options)
            }))
            .unwrap_or_else(|_| Err("internal error: dockfix panicked; please report this".into()));
            let (line, ok) = match worked {
                Ok(line) => (line, true),
                Err(message) => (format!("error {}: {}", entry.text, one_line(&message)), false),
            };
            printer.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).print(place, line);
            !ok
        })
        .collect();
    if failed.contains(&true) { ExitStatus::Error } else { ExitStatus::Clean }
}

/// The result line of one entry of a list; `keep_clones` when the work folder is the user's.
fn work_on(
    entry: &Entry,
    located: Located,
    workdir: &Path,
    keep_clones: bool,
    options: &Options,
) -> Result<String, String> {
    let dir = match located.location {
        Location::WorkTree(dir) => dir,
        Location::Remote(_) if !(options.push || keep_clones) => {
            return Err("the clone would be removed with the branch in it; add --push, or \
                        --workdir to keep the clones"
                .to_string());
        }
        Location::Remote(url) => fleet::clone(&url, entry, workdir)?,
    };
    let committed = match repo::prepare(&dir, options)? {
        Prepared::Clean => return Ok(format!("clean {}: nothing to fix", entry.text)),
        Prepared::Committed(committed) => committed,
    };
    // In a list's run the body is written only for gh, beside the clones.
    let body_file = workdir.join(format!("{}.md", fleet::clone_name(entry)));
    if options.open {
        fs::create_dir_all(workdir).and_then(|()| fs::write(&body_file, &committed.body)).map_err(
            |err| {
                let made = made(&committed);
                format!("{made}, but the body cannot be written to {}: {err}", body_file.display())
            },
        )?;
    }
    let published = repo::publish(&committed, options, Some(&body_file))?;
    Ok(format!("ok {}: {}", entry.text, describe(&committed, &published)))
}

/// Result lines waiting for the ones before them.
#[derive(Default)]
struct InOrder {
    next: usize,
    waiting: BTreeMap<usize, String>,
}

impl InOrder {
    fn print(&mut self, place: usize, line: String) {
        self.waiting.insert(place, line);
        let mut stdout = io::stdout().lock();
        while let Some(line) = self.waiting.remove(&self.next) {
            let _ = writeln!(stdout, "{line}");
            self.next += 1;
        }
        let _ = stdout.flush();
    }
}

/// `branch dockfix/fixes, 3 files, 5 fixes, pushed, opened URL`.
fn describe(committed: &Committed, published: &Published) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut text = format!(
        "branch {}, {}, {}",
        committed.branch,
        count(committed.files, "file", "files"),
        count(committed.fixes(), "fix", "fixes"),
    );
    if published.pushed {
        text.push_str(", pushed");
    }
    if let Some(url) = &published.url {
        text.push_str(&format!(", opened {url}"));
    }
    text
}

/// The start of a message about a step that failed after the branch was made.
fn made(committed: &Committed) -> String {
    let commit = repo::short(&committed.commit);
    format!("branch {} was made (commit {commit})", committed.branch)
}

fn body_in_temporary_file(body: &str) -> Result<tempfile::NamedTempFile, String> {
    let mut file = tempfile::Builder::new()
        .prefix("dockfix-body-")
        .suffix(".md")
        .tempfile()
        .map_err(|err| format!("cannot make a file for the body: {err}"))?;
    file.write_all(body.as_bytes()).map_err(|err| format!("cannot write the body: {err}"))?;
    Ok(file)
}

/// A message on one line, as a result line must be.
fn one_line(message: &str) -> String {
    message.lines().map(str::trim).filter(|line| !line.is_empty()).collect::<Vec<_>>().join("; ")
}
