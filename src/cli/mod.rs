//! The command line: arguments, the commands, and what they print.

mod parse;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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

#[derive(Debug, Parser)]
#[command(
    name = "dockfix",
    version,
    about = "Rewrites Dockerfiles to follow best practice"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Files or directories to check (default: the current directory); `-` reads stdin.
    paths: Vec<PathBuf>,
}

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
        None => ExitStatus::Clean,
    };
    status.into()
}

/// Reads a file (or standard input for `-`) as UTF-8 text, with an error that names it.
pub(crate) fn read_source(path: &Path) -> Result<String, String> {
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| format!("<stdin>: cannot read: {e}"))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?
    };
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "{}:{line}: not valid UTF-8; dockfix reads UTF-8 Dockerfiles only",
            path.display()
        )
    })
}
