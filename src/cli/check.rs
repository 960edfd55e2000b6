//! The main command: find the Dockerfiles, lint or fix each one in parallel, and print the
//! results in path order, then the errors, then the summary.

use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::config::Resolver;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::fix::{self, MAX_ROUNDS};
use crate::rules::SYNTAX_ERROR;
use crate::workspace::{self, Source, describe_io};

use super::ExitStatus;
use super::render::{self, LineIndex, SummaryKind, Totals};
use super::report::{self, FileFindings, Finding, Format, Report, RunKind};
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
    /// How findings are printed.
    pub format: Format,
    /// Colour findings and diffs with ANSI escapes.
    pub color: bool,
    /// Threads for walking; 0 lets the walker choose.
    pub threads: usize,
    /// Print findings, diffs and errors, but no notes and no summary.
    pub quiet: bool,
    /// Also say, on standard error, what each file gave and how long it took.
    pub verbose: bool,
    /// Draw a progress bar on standard error (only ever set when it is a terminal).
    pub progress: bool,
    /// With [`Mode::Write`], keep each changed file's fixed text in the result
    /// ([`FileFindings::fixed`]) instead of writing the file.
    pub keep_fixed: bool,
}

impl Settings {
    fn run_kind(&self) -> RunKind {
        match self.mode {
            Mode::Report => RunKind::Report,
            Mode::DryRun | Mode::Check => RunKind::Pending,
            Mode::Write => RunKind::Written,
        }
    }
}

/// Runs with fewer files than this finish before a progress bar would be read.
const PROGRESS_MIN_FILES: usize = 100;

/// What one file gave; built on a worker thread, printed on the main one.
#[derive(Debug, Default)]
struct FileReport {
    /// Findings, a diff, or (standard input with `--write`) the fixed text.
    stdout: String,
    /// A line for stderr printed in path order: why the file was left alone.
    note: Option<String>,
    /// With `--verbose`: what the file gave and how long it took.
    verbose: Option<String>,
    /// Errors of dockfix's own, printed after every file.
    errors: Vec<String>,
    read: bool,
    findings: FileFindings,
    safe_fixes: usize,
    unsafe_fixes: usize,
    changed: bool,
    held_back: usize,
    /// Standard input that is not text, given back as it came with `--write -`.
    raw_stdout: Option<Vec<u8>>,
    /// Standard input with `--write`: standard output is the text, so no report goes there.
    filter: bool,
}

impl FileReport {
    fn error(message: String) -> FileReport {
        FileReport { errors: vec![message], ..FileReport::default() }
    }
}

/// What a whole run gave, before anything is printed.
pub(crate) struct RunResult {
    /// Each file's findings and fixes, in path order.
    pub files: Vec<FileFindings>,
    pub totals: Totals,
    /// Errors of dockfix's own, sorted, each naming the path it concerns.
    pub errors: Vec<String>,
    kind: RunKind,
    outputs: Vec<FileOutput>,
    /// The run stopped before reading any file, for the errors it has.
    stopped: bool,
}

/// What a file prints, apart from its findings.
struct FileOutput {
    stdout: String,
    raw_stdout: Option<Vec<u8>>,
    note: Option<String>,
    verbose: Option<String>,
    filter: bool,
}

impl RunResult {
    /// A run that stopped before reading any file, for `errors`.
    fn failed(kind: RunKind, errors: Vec<String>) -> RunResult {
        let totals = Totals::default();
        RunResult { files: Vec::new(), totals, errors, kind, outputs: Vec::new(), stopped: true }
    }

    /// The run's findings, for the formats that build one document.
    pub(crate) fn report(&self) -> Report<'_> {
        Report {
            kind: self.kind,
            files: &self.files,
            checked: self.totals.checked,
            errors: &self.errors,
        }
    }
}

/// Finds the files under `paths` and checks or fixes each, writing fixed files in
/// [`Mode::Write`]; prints nothing but the progress bar.
pub(crate) fn execute(paths: &[PathBuf], settings: &Settings) -> RunResult {
    let discovery = workspace::discover(paths, settings.threads);

    // A configuration that cannot be read stops the run before any file is.
    let files = match settings.config.plan(&discovery.sources, &discovery.named) {
        Ok(files) => files,
        Err(errors) => {
            let errors = errors.iter().map(ToString::to_string).collect();
            return RunResult::failed(settings.run_kind(), errors);
        }
    };

    let progress = (settings.progress && files.len() >= PROGRESS_MIN_FILES).then(|| {
        let bar =
            ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg}") {
            bar.set_style(style);
        }
        bar
    });
    // Sources come sorted, and `collect` keeps their order whatever the thread count.
    let reports: Vec<FileReport> = files
        .par_iter()
        .map(|(source, fix)| {
            let report = process_guarded(source, fix, settings);
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            report
        })
        .collect();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

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
    let mut files = Vec::with_capacity(reports.len());
    let mut outputs = Vec::with_capacity(reports.len());
    for report in reports {
        errors.extend(report.errors);
        totals.checked += usize::from(report.read);
        totals.findings += report.findings.findings.len();
        totals.files_with_findings += usize::from(!report.findings.findings.is_empty());
        totals.safe_fixes += report.safe_fixes;
        totals.unsafe_fixes += report.unsafe_fixes;
        totals.changed += usize::from(report.changed);
        totals.skipped += usize::from(report.findings.skipped);
        totals.held_back += report.held_back;
        for (rule, n) in &report.findings.fixes {
            *totals.applied.entry(rule).or_default() += n;
        }
        outputs.push(FileOutput {
            stdout: report.stdout,
            raw_stdout: report.raw_stdout,
            note: report.note,
            verbose: report.verbose,
            filter: report.filter,
        });
        if report.read {
            files.push(report.findings);
        }
    }
    errors.sort();
    RunResult { files, totals, errors, kind: settings.run_kind(), outputs, stopped: false }
}

/// [`execute`], then prints the findings, the errors and the summary.
pub(crate) fn run(paths: &[PathBuf], settings: &Settings) -> ExitStatus {
    let mut result = execute(paths, settings);
    if result.stopped {
        let mut stderr = io::stderr().lock();
        for error in &result.errors {
            let _ = writeln!(stderr, "dockfix: {}", report::visible(error));
        }
        return ExitStatus::Error;
    }

    let mut out = Output::new();
    let mut filter = false;
    for output in &result.outputs {
        filter |= output.filter;
        out.write(output.stdout.as_bytes());
        if let Some(raw) = &output.raw_stdout {
            out.write(raw);
        }
        let notes = [output.note.as_ref().filter(|_| !settings.quiet), output.verbose.as_ref()];
        if notes.iter().any(Option::is_some) {
            // Flushed first so that on a terminal the note sits among the file's neighbours.
            out.flush();
            for note in notes.into_iter().flatten() {
                let _ = writeln!(io::stderr(), "{}", report::visible(note));
            }
        }
    }
    if !settings.format.per_file() && !filter {
        out.write(report::document(settings.format, &result.report()).as_bytes());
    }
    out.flush();
    if let Some(error) = out.error {
        result.errors.push(error);
    }
    let totals = &mut result.totals;
    totals.errors = result.errors.len();
    let mut stderr = io::stderr().lock();
    for error in &result.errors {
        let _ = writeln!(stderr, "dockfix: {}", report::visible(error));
    }
    let kind = match settings.mode {
        Mode::Report => SummaryKind::Report { unsafe_fixes: settings.fix.unsafe_fixes },
        Mode::DryRun | Mode::Check => SummaryKind::WouldChange,
        Mode::Write => SummaryKind::Written,
    };
    if !settings.quiet {
        let _ = writeln!(stderr, "{}", render::summary(totals, kind));
    }

    let left_to_do = match settings.mode {
        Mode::Report => totals.findings > 0,
        // A file BuildKit rejects cannot be fixed, and is no clean file either.
        Mode::DryRun | Mode::Check => totals.changed > 0 || totals.skipped > 0,
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
    let started = settings.verbose.then(Instant::now);
    let text = match source::read(source) {
        Ok(text) => text,
        Err(err) => {
            let mut report = FileReport::error(err.message);
            // Standard input with `--write` is a filter: what cannot be read goes on unchanged.
            if settings.mode == Mode::Write {
                report.raw_stdout = err.stdin_bytes;
                report.filter = source == &Source::Stdin;
            }
            return report;
        }
    };
    let name = source.display();
    let mut report = FileReport { read: true, ..FileReport::default() };
    report.findings.path = name.clone();
    if settings.mode == Mode::Report {
        let (diagnostics, no_target) = fix::lint_and_target(&text.text, source.path(), fix);
        if no_target {
            report.note = Some(missing_target(&name, fix));
        }
        let fixes = |applicability| {
            diagnostics
                .iter()
                .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == applicability))
                .count()
        };
        report.safe_fixes = fixes(Applicability::Safe);
        report.unsafe_fixes = fixes(Applicability::Unsafe);
        // A file configured for unsafe fixes gets them from a plain `--write`.
        if fix.unsafe_fixes && !settings.fix.unsafe_fixes {
            report.safe_fixes += std::mem::take(&mut report.unsafe_fixes);
        }
        let index = LineIndex::new(&text.text);
        let unsafe_fixes = fix.unsafe_fixes;
        report.findings.findings =
            diagnostics.iter().map(|d| Finding::new(d, &index, unsafe_fixes)).collect();
        let findings = &report.findings.findings;
        report::file(
            settings.format,
            &name,
            &text.text,
            findings,
            settings.color,
            &mut report.stdout,
        );
    } else {
        fix_file(source, &name, &text, fix, settings, &mut report);
    }
    if let Some(started) = started {
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let what = match (settings.mode, report.changed) {
            (Mode::Report, _) => match report.findings.findings.len() {
                1 => "1 finding".to_string(),
                n => format!("{n} findings"),
            },
            (Mode::Write, true) => "changed".to_string(),
            (_, true) => "would change".to_string(),
            (_, false) => "unchanged".to_string(),
        };
        report.verbose = Some(format!("dockfix: {name}: {what} ({elapsed:.1} ms)"));
    }
    report
}

/// The warning for a file that has no stage of the target's name.
fn missing_target(name: &str, fix: &fix::Settings) -> String {
    format!(
        "dockfix: {name}: warning: the target stage `{}` is not a stage of this file, so {} \
         judged nothing in it",
        fix.target.as_deref().unwrap_or_default(),
        crate::rules::RUNTIME_STAGE_RULES.join(", ")
    )
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
    let unsafe_fixes = settings.fix.unsafe_fixes;

    // Standard input with `--write` is a filter: whatever happens, the text goes on.
    let filter = settings.mode == Mode::Write && *source == Source::Stdin;
    report.filter = filter;
    let echo = |report: &mut FileReport, text: &str| {
        if filter {
            report.stdout = text.to_string();
        }
    };

    if let Some(first) = syntax_errors.first() {
        report.findings.skipped = true;
        let index = LineIndex::new(&text.text);
        report.findings.findings =
            syntax_errors.iter().map(|d| Finding::new(d, &index, unsafe_fixes)).collect();
        if matches!(settings.format, Format::Text | Format::Concise) {
            let (line, col) = index.line_col(first.range.start().into());
            let more = match syntax_errors.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            report.note = Some(format!(
                "{name}:{line}:{col}: skipped, not a valid Dockerfile: {}{more}",
                first.message
            ));
        } else if !filter {
            let findings = &report.findings.findings;
            report::file(settings.format, name, &text.text, findings, false, &mut report.stdout);
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

    if outcome.missing_target {
        report.note = Some(missing_target(name, fix));
    }
    report.changed = outcome.changed(&text.text);
    report.findings.fixes = outcome.applied.clone();
    if !unsafe_fixes {
        report.held_back = outcome.unsafe_fixes_held_back();
    }

    // The findings each mode reports: the fixes pending, or what is left after writing.
    let (mut findings_text, diagnostics): (&str, Vec<&Diagnostic>) = match settings.mode {
        Mode::Write => (&outcome.text, outcome.remaining.iter().collect()),
        _ => {
            let applies = |d: &&Diagnostic| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe || unsafe_fixes)
            };
            (&text.text, outcome.found.iter().filter(applies).collect())
        }
    };
    // For a person, a dry run is a diff; other readers get the findings.
    let diff = matches!(settings.format, Format::Text | Format::Concise);
    let index = LineIndex::new(findings_text);
    report.findings.findings =
        diagnostics.into_iter().map(|d| Finding::new(d, &index, unsafe_fixes)).collect();

    match (settings.mode, source) {
        (Mode::DryRun, _) if report.changed && diff => {
            render::diff(name, &text.text, &outcome.text, settings.color, &mut report.stdout);
        }
        (Mode::Write, Source::Stdin) => echo(report, &outcome.text),
        (Mode::Write, Source::File(_)) if report.changed && settings.keep_fixed => {
            report.findings.fixed = Some(outcome.text.clone());
        }
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
                // The file is as it was, so what is left in it is all that was found.
                report.changed = false;
                report.findings.fixes.clear();
                report.errors.push(format!("{name}: {what}"));
                let index = LineIndex::new(&text.text);
                report.findings.findings =
                    outcome.found.iter().map(|d| Finding::new(d, &index, unsafe_fixes)).collect();
                findings_text = &text.text;
            }
        }
        _ => {}
    }
    let printed_diff = settings.mode == Mode::DryRun && diff;
    if !filter && !printed_diff {
        let findings = &report.findings.findings;
        report::file(
            settings.format,
            name,
            findings_text,
            findings,
            settings.color,
            &mut report.stdout,
        );
    }
}
