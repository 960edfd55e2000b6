//! Running the real `dockfix` binary in a test folder, away from the user's own settings.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// How a run of dockfix ended and what it printed.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `dockfix` to run in `dir`, where neither a global gitignore nor `NO_COLOR` of the user's
/// decides what it does.
pub fn dockfix_command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dockfix"));
    command
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".no-config"))
        .env_remove("NO_COLOR");
    command
}

/// Runs `command` with `stdin` as its standard input, to the end.
pub fn output(mut command: Command, stdin: &[u8]) -> Run {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dockfix starts");
    // dockfix may exit before it reads standard input (a bad argument), closing the pipe.
    match child.stdin.take().unwrap().write_all(stdin) {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {}
        result => result.unwrap(),
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().expect("dockfix exits, not killed"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}
