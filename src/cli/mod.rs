//! The command line: arguments, the commands, and what they print.

mod check;
mod parse;
mod render;
mod rules;
mod source;
mod write;

use std::io::{IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::fix;
use crate::rules::{SYNTAX_ERROR, by_name};
use crate::workspace::Source;
use check::{Mode, Settings};

/// How a run ends: 0 clean, 1 findings or fixes left, 2 an error of dockfix's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    Clean = 0,
    Findings = 1,
    Error = 2,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status as u8)
    }
}

const AFTER_HELP: &str = "\
Modes (pick at most one):
  (none)      Report findings as `path:line:col: rule message`; change nothing.
  --dry-run   Print a unified diff of what --write would change; change nothing.
  --write     Apply the fixes in place, atomically, keeping permissions and symlinks.
              With `-`, read standard input and print the fixed text to standard output.
  --check     Print only the summary; exit 1 when any file would change.
Only safe fixes are applied unless --unsafe-fixes is given. A file BuildKit would reject is
reported as a syntax-error finding and never rewritten. Findings and diffs go to standard
output; notes, errors and the closing summary go to standard error.

Rules:
  `dockfix rules` lists them; `dockfix rules --explain NAME` prints one rule's documentation.
  --select and --ignore take rule names, comma-separated or repeated; syntax errors are always
  reported. In a Dockerfile, `# dockfix ignore=NAME,...` on the comment lines directly above an
  instruction silences rules there, `# dockfix global ignore=NAME,...` in the whole file;
  `# hadolint ignore=DL3019` and BuildKit's `# check=skip=...` directive are honoured too.

Files:
  Directories are walked for Dockerfile, Dockerfile.*, Dockerfile-*, *.Dockerfile,
  Containerfile and Containerfile.* in any letter case, honouring .gitignore and .ignore,
  walking hidden folders but never .git/, and not following symlinks. Templates (.j2 .tmpl
  .template .in .erb) and *.dockerignore files are left out. A file named on the command line
  is always read, whatever its name.

Exit status:
  0  no findings (report mode), nothing to change (--dry-run, --check), or all fixes written
  1  findings left (report mode), or fixes pending (--dry-run, --check)
  2  an error of dockfix's own: a path that does not exist, a file it cannot read, decode
     or write, a bad argument; every other file is still processed";

#[derive(Debug, Parser)]
#[command(name = "dockfix", version, about = "Rewrites Dockerfiles to follow best practice")]
#[command(args_conflicts_with_subcommands = true, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Files or directories to check (default: the current directory); `-` reads stdin.
    paths: Vec<PathBuf>,
    /// Print a unified diff of what --write would change, and change nothing.
    #[arg(long, conflicts_with_all = ["write", "check"])]
    dry_run: bool,
    /// Apply the fixes to the files in place.
    #[arg(long, conflicts_with = "check")]
    write: bool,
    /// Print only the summary; exit 1 when any file would change.
    #[arg(long)]
    check: bool,
    /// Also apply fixes that may change what the image contains.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Run only these rules (comma-separated or repeated; see `dockfix rules`).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Do not run these rules, even when selected.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Threads to walk and process files with (default: one per CPU; at most 64).
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<NonZeroUsize>,
}

/// The most threads `-j` gets.
const MAX_THREADS: usize = 64;

#[derive(Debug, Subcommand)]
enum Command {
    /// Print how dockfix reads each file: BuildKit's view as JSON lines, or the syntax tree.
    Parse {
        #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
        format: ParseFormat,
        /// Files to read; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// List the rules: name, hadolint or BuildKit codes, fix safety, summary.
    Rules {
        /// Print the documentation of one rule instead.
        #[arg(long, value_name = "NAME")]
        explain: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ParseFormat {
    /// One JSON object per file, with the fields BuildKit's parser reports.
    Json,
    /// The lossless syntax tree, one element a line.
    Tree,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Some(Command::Parse { format, files }) => parse::run(&files, format),
        Some(Command::Rules { explain }) => rules::run(explain.as_deref()),
        None => run_check(cli),
    };
    status.into()
}

fn run_check(cli: Cli) -> ExitStatus {
    let mode = if cli.dry_run {
        Mode::DryRun
    } else if cli.write {
        Mode::Write
    } else if cli.check {
        Mode::Check
    } else {
        Mode::Report
    };
    let select = cli.select.map(without_empty);
    let ignore = without_empty(cli.ignore);
    let mut bad_names = false;
    for (flag, names) in
        [("--select", select.as_deref().unwrap_or_default()), ("--ignore", &ignore)]
    {
        if let Err(message) = check_rule_names(flag, names) {
            let _ = writeln!(std::io::stderr(), "dockfix: {message}");
            bad_names = true;
        }
    }
    if bad_names {
        return ExitStatus::Error;
    }

    // Threads beyond a few per core only cost memory and start-up time.
    let threads = cli.threads.map_or(0, NonZeroUsize::get).min(MAX_THREADS);
    if threads > 0 {
        // Fails only when the pool already exists, which it does not this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(threads).build_global();
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let settings = Settings {
        mode,
        fix: fix::Settings { unsafe_fixes: cli.unsafe_fixes, select, ignore, ..Default::default() },
        color: !no_color && std::io::stdout().is_terminal(),
        threads,
    };
    let paths = if cli.paths.is_empty() { vec![PathBuf::from(".")] } else { cli.paths };
    check::run(&paths, &settings)
}

/// Reads a file (or standard input for `-`) as UTF-8 text, with an error that names it.
pub(crate) fn read_source(path: &Path) -> Result<String, String> {
    let source =
        if path == Path::new("-") { Source::Stdin } else { Source::File(path.to_path_buf()) };
    source::read(&source).map(|read| read.text).map_err(|err| err.message)
}

/// `names` without the empty ones that `--select=` or `a,,b` leave.
fn without_empty(names: Vec<String>) -> Vec<String> {
    names.into_iter().filter(|name| !name.is_empty()).collect()
}

/// An error naming the names given to `flag` that are no rule's, with the rules there are.
fn check_rule_names(flag: &str, names: &[String]) -> Result<(), String> {
    let mut unknown: Vec<&str> = Vec::new();
    for name in names {
        if name == SYNTAX_ERROR {
            return Err(format!(
                "{flag}: syntax errors are always reported, so `{SYNTAX_ERROR}` cannot be \
                 selected or ignored"
            ));
        }
        if by_name(name).is_none() && !unknown.contains(&name.as_str()) {
            unknown.push(name);
        }
    }
    if unknown.is_empty() {
        return Ok(());
    }
    Err(format!("{flag}: {}", rules::unknown_rules_message(&unknown)))
}
