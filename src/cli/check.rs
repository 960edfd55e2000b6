//! The main command: find the Dockerfiles, lint or fix each one in parallel, and print the
//! results in path order, then the errors, then the summary.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Resolver;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::fix::{self, MAX_ROUNDS};
use crate::rules::SYNTAX_ERROR;
use crate::workspace::{self, Source, describe_io};

use super::ExitStatus;
use super::render::{self, LineIndex, SummaryKind, Totals};
use super::source::{self, SourceText};
use super::write::write_atomically;

/// What the run does with each file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Print the findings.
    Report,
    /// Print a diff of what `Write` would change.
    DryRun,
    /// Apply the fixes in place.
    Write,
    /// Print only the summary.
    Check,
}

#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub mode: Mode,
    /// The rules to run and the fixes to apply, as the command line alone sets them; each file
    /// gets its own from `config`.
    pub fix: fix::Settings,
    /// Each file's settings, from the configuration files around it and the command line.
    pub config: Arc<Resolver>,
    /// Colour diffs with ANSI escapes.
    pub color: bool,
    /// Threads for walking; 0 lets the walker choose.
    pub threads: usize,
}

/// What one file gave; built on a worker thread, printed on the main one.
#[derive(Debug, Default)]
struct FileReport {
    /// Findings, a diff, or (standard input with `--write`) the fixed text.
    stdout: String,
    /// A line for stderr printed in path order: why the file was left alone.
    note: Option<String>,
    /// Errors of dockfix's own, printed after every file.
    errors: Vec<String>,
    read: bool,
    findings: usize,
    safe_fixes: usize,
    unsafe_fixes: usize,
    changed: bool,
    applied: BTreeMap<&'static str, usize>,
    skipped: bool,
    held_back: usize,
    /// Standard input that is not text, given back as it came with `--write -`.
    raw_stdout: Option<Vec<u8>>,
}

impl FileReport {
    fn error(message: String) -> FileReport {
        FileReport { errors: vec![message], ..FileReport::default() }
    }
}

pub(crate) fn run(paths: &[PathBuf], settings: &Settings) -> ExitStatus {
    let discovery = workspace::discover(paths, settings.threads);

    // A configuration that cannot be read stops the run before any file is.
    let files = match settings.config.plan(&discovery.sources, &discovery.named) {
        Ok(files) => files,
        Err(errors) => return super::report_config_errors(&errors),
    };

    // Sources come sorted, and `collect` keeps their order whatever the thread count.
    let reports: Vec<FileReport> =
        files.par_iter().map(|(source, fix)| process_guarded(source, fix, settings)).collect();

    let mut totals = Totals::default();
    let mut errors: Vec<String> = discovery
        .errors
        .iter()
        .map(|e| {
            if e.path.as_os_str().is_empty() {
                e.message.clone()
            } else {
                format!("{}: {}", e.path.display(), e.message)
            }
        })
        .collect();

    let mut out = Output::new();
    for report in reports {
        out.write(report.stdout.as_bytes());
        if let Some(raw) = &report.raw_stdout {
            out.write(raw);
        }
        if let Some(note) = &report.note {
            // Flushed first so that on a terminal the note sits among the file's neighbours.
            out.flush();
            let _ = writeln!(io::stderr(), "{note}");
        }
        errors.extend(report.errors);
        totals.checked += usize::from(report.read);
        totals.findings += report.findings;
        totals.files_with_findings += usize::from(report.findings > 0);
        totals.safe_fixes += report.safe_fixes;
        totals.unsafe_fixes += report.unsafe_fixes;
        totals.changed += usize::from(report.changed);
        totals.skipped += usize::from(report.skipped);
        totals.held_back += report.held_back;
        for (rule, n) in report.applied {
            *totals.applied.entry(rule).or_default() += n;
        }
    }
    out.flush();
    errors.extend(out.error);
    errors.sort();

    totals.errors = errors.len();
    let mut stderr = io::stderr().lock();
    for error in &errors {
        let _ = writeln!(stderr, "dockfix: {error}");
    }
    let kind = match settings.mode {
        Mode::Report => SummaryKind::Report { unsafe_fixes: settings.fix.unsafe_fixes },
        Mode::DryRun | Mode::Check => SummaryKind::WouldChange,
        Mode::Write => SummaryKind::Written,
    };
    let _ = writeln!(stderr, "{}", render::summary(&totals, kind));

    let left_to_do = match settings.mode {
        Mode::Report => totals.findings > 0,
        Mode::DryRun | Mode::Check => totals.changed > 0,
        Mode::Write => false,
    };
    if totals.errors > 0 {
        ExitStatus::Error
    } else if left_to_do {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}

/// Standard output, buffered. A reader that goes away (`dockfix | head`) stops the output
/// quietly and the run ends as usual; any other failure becomes one error.
struct Output {
    out: io::BufWriter<io::StdoutLock<'static>>,
    open: bool,
    error: Option<String>,
}

impl Output {
    fn new() -> Output {
        Output { out: io::BufWriter::new(io::stdout().lock()), open: true, error: None }
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.open {
            let written = self.out.write_all(bytes);
            self.check(written);
        }
    }

    fn flush(&mut self) {
        if self.open {
            let flushed = self.out.flush();
            self.check(flushed);
        }
    }

    fn check(&mut self, result: io::Result<()>) {
        if let Err(err) = result {
            self.open = false;
            if err.kind() != io::ErrorKind::BrokenPipe {
                self.error = Some(format!("cannot write output: {}", describe_io(&err)));
            }
        }
    }
}

/// [`process`], with a panic turned into an error for this file so the run goes on.
fn process_guarded(source: &Source, fix: &fix::Settings, settings: &Settings) -> FileReport {
    catch_unwind(AssertUnwindSafe(|| process(source, fix, settings))).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        FileReport::error(format!(
            "{}: internal error: dockfix panicked ({what}); please report this",
            source.display()
        ))
    })
}

/// Checks or fixes one file with `fix`, the settings configured for it.
fn process(source: &Source, fix: &fix::Settings, settings: &Settings) -> FileReport {
    let text = match source::read(source) {
        Ok(text) => text,
        Err(err) => {
            let mut report = FileReport::error(err.message);
            // Standard input with `--write` is a filter: what cannot be read goes on unchanged.
            if settings.mode == Mode::Write {
                report.raw_stdout = err.stdin_bytes;
            }
            return report;
        }
    };
    let name = source.display();
    let mut report = FileReport { read: true, ..FileReport::default() };
    if settings.mode == Mode::Report {
        let diagnostics = fix::lint_at(&text.text, source.path(), fix);
        let fixes = |applicability| {
            diagnostics
                .iter()
                .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == applicability))
                .count()
        };
        report.findings = diagnostics.len();
        report.safe_fixes = fixes(Applicability::Safe);
        report.unsafe_fixes = fixes(Applicability::Unsafe);
        // A file configured for unsafe fixes gets them from a plain `--write`.
        if fix.unsafe_fixes && !settings.fix.unsafe_fixes {
            report.safe_fixes += std::mem::take(&mut report.unsafe_fixes);
        }
        let unsafe_fixes = fix.unsafe_fixes;
        render::findings(&name, &text.text, &diagnostics, unsafe_fixes, &mut report.stdout);
    } else {
        fix_file(source, &name, &text, fix, settings, &mut report);
    }
    report
}

fn fix_file(
    source: &Source,
    name: &str,
    text: &SourceText,
    fix: &fix::Settings,
    settings: &Settings,
    report: &mut FileReport,
) {
    let outcome = fix::fix_at(&text.text, source.path(), fix);
    let syntax_errors: Vec<&Diagnostic> =
        outcome.remaining.iter().filter(|d| d.rule == SYNTAX_ERROR).collect();

    // Standard input with `--write` is a filter: whatever happens, the text goes on.
    let echo = |report: &mut FileReport, text: &str| {
        if settings.mode == Mode::Write && *source == Source::Stdin {
            report.stdout = text.to_string();
        }
    };

    if let Some(first) = syntax_errors.first() {
        report.skipped = true;
        if settings.mode != Mode::Check {
            let (line, col) = LineIndex::new(&text.text).line_col(first.range.start().into());
            let more = match syntax_errors.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            report.note = Some(format!(
                "{name}:{line}:{col}: skipped, not a valid Dockerfile: {}{more}",
                first.message
            ));
        }
        echo(report, &text.text);
        return;
    }

    // A fix that breaks the file or never settles is a bug of dockfix: change nothing.
    if !outcome.reverted.is_empty() {
        report.errors.push(format!(
            "{name}: internal error: fixes of {} made the file invalid and were not applied; \
             please report this",
            outcome.reverted.join(", ")
        ));
    }
    if outcome.unsettled {
        report.errors.push(format!(
            "{name}: internal error: fixes did not settle within {MAX_ROUNDS} rounds and were not \
             applied; please report this"
        ));
    }
    if !report.errors.is_empty() {
        echo(report, &text.text);
        return;
    }

    report.changed = outcome.changed(&text.text);
    report.applied = outcome.applied.clone();
    if !fix.unsafe_fixes {
        report.held_back = outcome.unsafe_fixes_held_back();
    }
    match (settings.mode, source) {
        (Mode::DryRun, _) if report.changed => {
            render::diff(name, &text.text, &outcome.text, settings.color, &mut report.stdout);
        }
        (Mode::Write, Source::Stdin) => echo(report, &outcome.text),
        (Mode::Write, Source::File(path)) if report.changed => {
            let written = match &text.metadata {
                Some(metadata) if metadata.is_file() => {
                    write_atomically(path, &outcome.text, metadata)
                        .map_err(|err| format!("cannot write: {}", describe_io(&err)))
                }
                // A pipe or a device named on the command line is read, never replaced.
                _ => Err("not a regular file, so it is not rewritten".to_string()),
            };
            if let Err(what) = written {
                report.changed = false;
                report.applied.clear();
                report.errors.push(format!("{name}: {what}"));
            }
        }
        _ => {}
    }
}
