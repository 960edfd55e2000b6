//! The command line: arguments, the commands, and what they print.

mod check;
mod generated;
mod parse;
mod pr;
mod render;
mod report;
mod rules;
mod source;
mod write;

use std::io::{IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{self, ConfigError, Resolver};
use crate::fix;
use crate::rules::{SYNTAX_ERROR, by_name};
use crate::workspace::Source;
use check::{Mode, Settings};
use report::Format;

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
  (none)      Report findings; change nothing.
  --dry-run   Print a unified diff of what --write would change; change nothing.
  --write     Apply the fixes in place, atomically, keeping permissions and symlinks.
              With `-`, read standard input and print the fixed text to standard output.
  --check     Print the findings whose fixes are pending; exit 1 when any file would change
              or is not a valid Dockerfile.
Only safe fixes are applied unless --unsafe-fixes is given. A file BuildKit would reject is
reported as a syntax-error finding and never rewritten. Findings and diffs go to standard
output; notes, errors and the closing summary go to standard error.

Formats (--format, for the findings of every mode):
  text        Each finding with the lines around it, its range marked (the default).
  concise     One line per finding: `path:line:col: rule message`.
  json        One document, schema version 1 (described in the README).
  sarif       SARIF 2.1.0 for GitHub code scanning; rules carry their documentation.
  github      Workflow commands that GitHub Actions shows as annotations.
  markdown    A pull-request body: files and fixes, each rule explained once.
With --dry-run, text and concise print the diff; the other formats print the pending fixes.

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
  is always read, whatever its name, unless --force-exclude leaves it out.

Configuration:
  A Dockerfile takes its settings from the .dockfix.toml or dockfix.toml files in its folder
  and the folders above it, up to the repository root (the first folder holding .git) or the
  filesystem root. A nearer file wins key by key; extend-exclude, extend-packages, [[contexts]]
  and base-image-pin.images entries add up. Standard input takes the files found from the
  current folder. --config FILE uses that one file instead; --config 'KEY = VALUE' (TOML)
  overrides one setting, after any file; --isolated reads no file. Flags win over all of them.
  Walked files matching exclude or extend-exclude are left out; files named on the command line
  only with --force-exclude. Only the files that apply to a Dockerfile found are read, and an
  error in one of them, or in --config or a flag, stops the run before any file is checked
  (exit 2). A file in a folder where no Dockerfile is found, in it or below it (say
  docs/dockfix.toml), is never read, even when it is broken; --show-settings docs reads it.
  --show-settings prints the settings a path gets.

Exit status:
  0  no findings (report mode), nothing to change (--dry-run, --check), or all fixes written
  1  findings left (report mode), or fixes pending or a file BuildKit rejects (--dry-run,
     --check)
  2  an error of dockfix's own: a path that does not exist, a file it cannot read, decode
     or write, a bad argument; every other file is still processed. A bad configuration
     stops the run before any file is read";

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
    /// Print the findings whose fixes are pending; exit 1 when any file would change.
    #[arg(long)]
    check: bool,
    /// Also apply fixes that may change what the image contains.
    #[arg(long, overrides_with = "no_unsafe_fixes")]
    unsafe_fixes: bool,
    /// Apply only safe fixes, even where a configuration file asks for unsafe ones.
    #[arg(long, overrides_with = "unsafe_fixes")]
    no_unsafe_fixes: bool,
    /// Run only these rules (comma-separated or repeated; see `dockfix rules`).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Do not run these rules, even when selected.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Threads to walk and process files with (default: one per CPU; at most 64).
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<NonZeroUsize>,
    /// How to print findings, in every mode (--dry-run prints a diff in the text format).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// When to colour the output; NO_COLOR in the environment means never for `auto`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    /// Print findings, diffs and errors only: no notes, no summary, no progress bar.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    quiet: bool,
    /// Also print, for each file, what it gave and how long it took.
    #[arg(long, short = 'v')]
    verbose: bool,
    /// A configuration file to use instead of the ones found beside each Dockerfile, or one
    /// setting in TOML (`'non-root-user.uid = 1000'`) that overrides them; repeatable.
    #[arg(long, value_name = "FILE|KEY=VALUE")]
    config: Vec<String>,
    /// Read no configuration file; `--config KEY=VALUE` settings still apply.
    #[arg(long)]
    isolated: bool,
    /// Leave out files matching this gitignore-style glob, instead of the configured `exclude`;
    /// repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Option<Vec<String>>,
    /// Also leave out files matching this glob; repeatable.
    #[arg(long, value_name = "GLOB")]
    extend_exclude: Vec<String>,
    /// Leave excluded files out even when they are named on the command line.
    #[arg(long)]
    force_exclude: bool,
    /// The folder every Dockerfile is built from (default: as configured, else its folder).
    #[arg(long, value_name = "DIR")]
    context: Option<PathBuf>,
    /// The stage every build stops at (default: as configured, else the last one).
    #[arg(long, value_name = "STAGE")]
    target: Option<String>,
    /// Print the settings a Dockerfile at each path gets (for a folder, one directly in it), as
    /// TOML, and check nothing.
    #[arg(long)]
    show_settings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
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
    /// Print a shell completion script, e.g. `dockfix completions bash > /etc/bash_completion.d/dockfix`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page in roff, e.g. `dockfix man > dockfix.1 && man ./dockfix.1`.
    Man,
    /// Fix a repository's Dockerfiles on a new branch; push it and open a pull request.
    #[command(after_help = pr::AFTER_HELP)]
    Pr(Box<pr::PrArgs>),
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
        Some(Command::Completions { shell }) => generated::completions(shell),
        Some(Command::Man) => generated::man_page(),
        Some(Command::Pr(args)) => pr::run(*args),
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
    let command_line = config::CommandLine {
        config: cli.config,
        isolated: cli.isolated,
        select: select.clone(),
        ignore: (!ignore.is_empty()).then(|| ignore.clone()),
        unsafe_fixes: match (cli.unsafe_fixes, cli.no_unsafe_fixes) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        exclude: cli.exclude,
        extend_exclude: cli.extend_exclude,
        force_exclude: cli.force_exclude,
        context: cli.context,
        target: cli.target,
    };
    let resolver = match Resolver::new(&command_line) {
        Ok(resolver) => resolver,
        Err(errors) => return report_config_errors(&errors),
    };
    let paths = if cli.paths.is_empty() { vec![PathBuf::from(".")] } else { cli.paths };
    if mode == Mode::Write && paths.len() > 1 && paths.iter().any(|p| p == Path::new("-")) {
        let _ = writeln!(
            std::io::stderr(),
            "dockfix: `--write -` turns standard input into the fixed text on standard output; \
             give it no other path"
        );
        return ExitStatus::Error;
    }
    if cli.show_settings {
        return show_settings(&resolver, &paths);
    }

    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !no_color && std::io::stdout().is_terminal(),
    };
    let settings = Settings {
        mode,
        fix: fix::Settings { unsafe_fixes: cli.unsafe_fixes, select, ignore, ..Default::default() },
        config: Arc::new(resolver),
        format: cli.format,
        color,
        threads,
        quiet: cli.quiet,
        verbose: cli.verbose,
        progress: !cli.quiet && std::io::stderr().is_terminal(),
        keep_fixed: false,
    };
    check::run(&paths, &settings)
}

/// Prints each error as `dockfix: file:line:col: message`; the run ends there.
pub(crate) fn report_config_errors(errors: &[ConfigError]) -> ExitStatus {
    let mut stderr = std::io::stderr().lock();
    for error in errors {
        let _ = writeln!(stderr, "dockfix: {error}");
    }
    ExitStatus::Error
}

/// `--show-settings`: what a Dockerfile at each of `paths` gets, one TOML document each.
fn show_settings(resolver: &Resolver, paths: &[PathBuf]) -> ExitStatus {
    let mut documents = Vec::new();
    for path in paths {
        let dockerfile = if path.is_dir() { path.join("Dockerfile") } else { path.clone() };
        let stdin = path == Path::new("-");
        match resolver.describe((!stdin).then_some(dockerfile.as_path())) {
            Ok(document) => documents.push(document),
            Err(errors) => return report_config_errors(&errors),
        }
    }
    let _ = std::io::stdout().lock().write_all(documents.join("\n").as_bytes());
    ExitStatus::Clean
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
