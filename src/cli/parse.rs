//! `dockfix parse`: how dockfix reads files, for tests against BuildKit and for rule authors.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::syntax::{self, buildkit::Instruction};

use super::{ExitStatus, ParseFormat, read_source};

#[derive(Serialize)]
struct FileReport<'a> {
    path: &'a str,
    instructions: &'a [Instruction],
    errors: Vec<ErrorReport<'a>>,
}

#[derive(Serialize)]
struct ErrorReport<'a> {
    line: usize,
    message: &'a str,
}

pub(super) fn run(paths: &[String], format: ParseFormat) -> ExitStatus {
    let mut status = ExitStatus::Clean;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in paths {
        let text = match read_source(Path::new(path)) {
            Ok(text) => text,
            Err(err) => {
                eprintln!("dockfix: {err}");
                status = ExitStatus::Error;
                continue;
            }
        };
        let parse = syntax::parse(&text);
        let written = match format {
            ParseFormat::Json => {
                let errors = parse
                    .errors()
                    .iter()
                    .map(|e| ErrorReport { line: e.line, message: &e.message })
                    .collect();
                let report = FileReport { path, instructions: parse.instructions(), errors };
                serde_json::to_string(&report)
                    .map_err(std::io::Error::other)
                    .and_then(|line| writeln!(out, "{line}"))
            }
            ParseFormat::Tree => writeln!(out, "# {path}")
                .and_then(|()| write!(out, "{}", syntax::debug_tree(&parse.syntax()))),
        };
        if let Err(err) = written {
            if err.kind() == std::io::ErrorKind::BrokenPipe {
                return status;
            }
            eprintln!("dockfix: cannot write output: {err}");
            return ExitStatus::Error;
        }
    }
    status
}
