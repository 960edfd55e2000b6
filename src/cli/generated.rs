//! Files generated from the command-line definition: shell completions and the man page.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, ExitStatus};

pub(super) fn completions(shell: Shell) -> ExitStatus {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "dockfix", &mut out);
    emit(&out)
}

pub(super) fn man_page() -> ExitStatus {
    let mut out = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut out) {
        Ok(()) => emit(&out),
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "dockfix: cannot render the man page: {err}");
            ExitStatus::Error
        }
    }
}

/// Writes `bytes` to standard output; a reader that goes away early is no error.
fn emit(bytes: &[u8]) -> ExitStatus {
    let _ = std::io::stdout().lock().write_all(bytes);
    ExitStatus::Clean
}
