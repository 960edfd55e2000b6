//! Helpers shared by the tests: running dockfix in a test folder, where the corpus and the
//! BuildKit oracle live, running dockfix and the oracle over many files at once, and comparing
//! what they say.
//!
//! The oracle is PyPI `dockerfile` 3.4.0, which wraps BuildKit v0.12.5's parser; its quirks and
//! the places where dockfix follows newer BuildKit are described in
//! `../shared/BUILDKIT-PARSER.md`. Missing data or a missing oracle skips a test with a banner,
//! and fails it when `CI` is set.

#![allow(dead_code, reason = "each test crate uses its own part of these helpers")]

pub mod compare;
pub mod generate;
pub mod hadolint;
pub mod oracle;
pub mod run;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

/// One instruction as BuildKit reports it, in dockfix's field names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Instr {
    pub keyword: String,
    pub sub_keyword: Option<String>,
    pub json: bool,
    pub start_line: usize,
    pub end_line: usize,
    pub flags: Vec<String>,
    pub args: Vec<String>,
    pub heredocs: Vec<Heredoc>,
}

/// A heredoc body; the oracle's file descriptor is not compared, since dockfix does not report it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Heredoc {
    pub name: String,
    pub content: String,
}

impl Instr {
    /// The keyword that decides how the arguments are read: the wrapped one for `ONBUILD`.
    pub fn inner_keyword(&self) -> String {
        match &self.sub_keyword {
            Some(sub) if self.keyword.eq_ignore_ascii_case("onbuild") => sub.to_lowercase(),
            _ => self.keyword.to_lowercase(),
        }
    }

    /// Applies `f` to every string the instruction holds.
    pub fn map_strings(&mut self, f: &dyn Fn(&str) -> String) {
        self.keyword = f(&self.keyword);
        if let Some(sub) = &mut self.sub_keyword {
            *sub = f(sub);
        }
        for s in self.flags.iter_mut().chain(self.args.iter_mut()) {
            *s = f(s);
        }
        for heredoc in &mut self.heredocs {
            heredoc.name = f(&heredoc.name);
            heredoc.content = f(&heredoc.content);
        }
    }

    /// A one-line rendering for failure reports, strings as Python literals.
    pub fn render(&self) -> String {
        let list = |items: &[String]| {
            let inner: Vec<String> = items.iter().map(|s| py_short(s)).collect();
            format!("[{}]", inner.join(", "))
        };
        let heredocs: Vec<String> = self
            .heredocs
            .iter()
            .map(|h| format!("({}, {})", py_short(&h.name), py_short(&h.content)))
            .collect();
        format!(
            "keyword={} sub_keyword={} json={} lines={}..{} flags={} args={} heredocs=[{}]",
            py_short(&self.keyword),
            self.sub_keyword.as_deref().map_or_else(|| "None".to_string(), py_short),
            self.json,
            self.start_line,
            self.end_line,
            list(&self.flags),
            list(&self.args),
            heredocs.join(", ")
        )
    }
}

/// An error dockfix reported.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DockfixError {
    pub line: usize,
    pub message: String,
}

/// One line of `dockfix parse --format json`.
#[derive(Debug, Clone, Deserialize)]
pub struct DockfixReport {
    pub path: String,
    pub instructions: Vec<Instr>,
    pub errors: Vec<DockfixError>,
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// True when running under CI, where missing test data is a failure rather than a skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Writes a framed message straight to the process's stderr, past libtest's output capture.
pub fn banner(text: &str) {
    let bar = "=".repeat(78);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "\n{bar}\n{text}\n{bar}");
}

/// Prints lines straight to stderr, past libtest's output capture, so summaries show in CI logs.
pub fn say(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Says loudly that `test` cannot run and why; under CI this fails the test instead.
pub fn unavailable(test: &str, why: &str) {
    let text = format!("SKIPPED {test}: {why}");
    assert!(!in_ci(), "{test} cannot run under CI: {why}");
    banner(&text);
}

/// The shared corpus: `DOCKFIX_CORPUS`, else `../shared/corpus` next to the repository.
/// Reports and returns `None` (a panic under CI) when it is missing.
pub fn corpus_dir(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("DOCKFIX_CORPUS")
        .map_or_else(|| repo_root().join("../shared/corpus"), PathBuf::from);
    if dir.join("README.md").is_file() {
        Some(dir)
    } else {
        let why = format!(
            "the Dockerfile corpus is missing at {} (set DOCKFIX_CORPUS to its path)",
            dir.display()
        );
        unavailable(test, &why);
        None
    }
}

/// Every regular file under `dir`, as paths relative to it, sorted.
pub fn walk_files(dir: &Path) -> Vec<PathBuf> {
    fn visit(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|entry| entry.expect("readable directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                visit(root, &path, out);
            } else if path.is_file() {
                out.push(path.strip_prefix(root).expect("under the root").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    visit(dir, dir, &mut out);
    out
}

/// Whether a corpus file (path relative to the corpus) is a Dockerfile, judged by its name:
/// the part after the last `__` of the flattened names, or the real name under
/// `buildkit-testfiles/` and `monorepos/`.
pub fn is_corpus_dockerfile(relative: &Path) -> bool {
    let text = relative.to_string_lossy();
    let file = text.rsplit('/').next().unwrap_or_default();
    let flattened = text.starts_with("official-images/") || text.starts_with("apps/");
    let name = if flattened { file.rsplit("__").next().unwrap_or(file) } else { file };
    let name = name.to_ascii_lowercase();
    if name.ends_with(".dockerignore") {
        return false;
    }
    name == "dockerfile"
        || name.starts_with("dockerfile.")
        || name.starts_with("dockerfile-")
        || name.ends_with(".dockerfile")
        || name.starts_with("containerfile")
}

/// Runs `dockfix parse --format json` over `paths` (a few invocations at most) and returns the
/// report of each file by path; files dockfix cannot read have no entry.
pub fn dockfix_parse(paths: &[PathBuf]) -> HashMap<String, DockfixReport> {
    let mut reports = HashMap::new();
    for chunk in paths.chunks(2000) {
        let output = Command::new(env!("CARGO_BIN_EXE_dockfix"))
            .args(["parse", "--format", "json"])
            .args(chunk)
            .output()
            .expect("dockfix runs");
        let stdout = String::from_utf8(output.stdout).expect("dockfix prints UTF-8");
        for line in stdout.lines() {
            let report: DockfixReport = serde_json::from_str(line).unwrap_or_else(|e| {
                panic!("dockfix printed a line that is not a report ({e}): {line}")
            });
            reports.insert(report.path.clone(), report);
        }
    }
    reports
}

/// `text` as a Python string literal, the way failure reports quote inputs.
pub fn py(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' ' => out.push(' '),
            c if (c as u32) < 0x100 && (c.is_control() || c.is_whitespace()) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() || c.is_whitespace() || is_invisible(c) => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Like [`py`], but long texts are shortened to their two ends, for failure reports.
pub fn py_short(text: &str) -> String {
    const KEEP: usize = 150;
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 3 * KEEP {
        return py(text);
    }
    let head: String = chars[..KEEP].iter().collect();
    let tail: String = chars[chars.len() - KEEP..].iter().collect();
    format!("{} + ... + {} ({} characters)", py(&head), py(&tail), chars.len())
}

/// Characters a reader would not see in a report: format characters and private use.
fn is_invisible(c: char) -> bool {
    matches!(c as u32, 0x200b..=0x200f | 0x2028..=0x202e | 0xfeff | 0xfffd | 0xe000..=0xf8ff)
}

/// dockfix's report on `text` straight from the library. The CLI refuses files with a NUL byte
/// (it takes them for binary files), but BuildKit reads them, so the parser is compared anyway.
pub fn library_report(path: &str, text: &str) -> DockfixReport {
    let parse = dockfix::syntax::parse(text);
    let instructions = serde_json::to_value(parse.instructions())
        .and_then(serde_json::from_value)
        .expect("the library's instructions have the CLI's JSON shape");
    let errors = parse
        .errors()
        .iter()
        .map(|e| DockfixError { line: e.line, message: e.message.clone() })
        .collect();
    DockfixReport { path: path.to_string(), instructions, errors }
}
