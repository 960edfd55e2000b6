//! Runs the BuildKit oracle (`tests/oracle/parse_files.py`) once over a batch of files.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use super::{Heredoc, Instr, repo_root, unavailable};

/// The oracle version the tests are written against.
pub const ORACLE_VERSION: &str = "3.4.0";

/// An oracle instruction: the reported fields plus `original`, the joined logical line.
#[derive(Debug, Clone)]
pub struct OracleInstr {
    pub instr: Instr,
    pub original: String,
    /// The wrapper reported the keyword as `None`: it does so for an empty Go string, as for a
    /// file that ends with a lone escape line.
    pub keyword_was_none: bool,
}

/// The oracle's fields as printed, before the `None` keyword is read as empty.
#[derive(Deserialize)]
struct RawInstr {
    keyword: Option<String>,
    sub_keyword: Option<String>,
    json: bool,
    start_line: usize,
    end_line: usize,
    flags: Vec<String>,
    args: Vec<String>,
    heredocs: Vec<Heredoc>,
    original: Option<String>,
}

impl From<RawInstr> for OracleInstr {
    fn from(raw: RawInstr) -> OracleInstr {
        OracleInstr {
            keyword_was_none: raw.keyword.is_none(),
            instr: Instr {
                keyword: raw.keyword.unwrap_or_default(),
                sub_keyword: raw.sub_keyword,
                json: raw.json,
                start_line: raw.start_line,
                end_line: raw.end_line,
                flags: raw.flags,
                args: raw.args,
                heredocs: raw.heredocs,
            },
            original: raw.original.unwrap_or_default(),
        }
    }
}

/// What the oracle made of one file.
#[derive(Debug, Clone)]
pub enum OracleParse {
    Accepted(Vec<OracleInstr>),
    /// `kind` is the Python exception: `GoParseError` for BuildKit's own errors.
    Rejected {
        kind: String,
        message: String,
    },
}

#[derive(Deserialize)]
struct Line {
    ok: bool,
    #[serde(default)]
    instructions: Vec<RawInstr>,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
struct Hello {
    ready: bool,
    #[serde(default)]
    version: String,
    #[serde(default)]
    error: String,
}

/// The Python that runs the oracle: `DOCKFIX_PYTHON`, else the repository's `.venv`.
pub fn python() -> PathBuf {
    std::env::var_os("DOCKFIX_PYTHON")
        .map_or_else(|| repo_root().join(".venv/bin/python"), PathBuf::from)
}

/// Parses every file in `paths` with one oracle process, in order. Returns `None` after saying
/// why (a panic under CI) when the oracle cannot run.
pub fn parse_files(test: &str, paths: &[PathBuf]) -> Option<Vec<OracleParse>> {
    let python = python();
    let script = repo_root().join("tests/oracle/parse_files.py");
    let mut child = match Command::new(&python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(err) => {
            let why = format!(
                "cannot run the oracle's Python {} ({err}); run `bash .ci/test` or set DOCKFIX_PYTHON",
                python.display()
            );
            unavailable(test, &why);
            return None;
        }
    };
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    // The wrapper's Go code prints JSON decoding noise to stderr; keep it for failure reports.
    let mut stderr = child.stderr.take().expect("piped stderr");
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let mut stdin = child.stdin.take().expect("piped stdin");

    // The first line says whether `dockerfile` imports, and which version it is.
    let mut first = String::new();
    stdout.read_line(&mut first).expect("oracle output is readable");
    let hello: Option<Hello> = serde_json::from_str(&first).ok();
    let problem = match &hello {
        None => Some(format!("the oracle script printed {first:?} instead of its greeting")),
        Some(h) if !h.ready => {
            Some(format!("`import dockerfile` fails in {}: {}", python.display(), h.error))
        }
        Some(h) if h.version != ORACLE_VERSION => Some(format!(
            "the oracle is dockerfile {} but the tests need {ORACLE_VERSION}",
            h.version
        )),
        Some(_) => None,
    };
    if let Some(why) = problem {
        drop(stdin);
        let _ = child.wait();
        let stderr = stderr.join().unwrap_or_default();
        let why = if stderr.trim().is_empty() { why } else { format!("{why}\n{stderr}") };
        unavailable(test, &format!("{why}; run `bash .ci/test` or set DOCKFIX_PYTHON"));
        return None;
    }

    // Paths go in from a thread while this one reads, so neither pipe can fill up and block.
    let request: String = paths.iter().map(|p| format!("{}\n", line_of(p))).collect();
    let writer = std::thread::spawn(move || {
        stdin.write_all(request.as_bytes()).expect("the oracle reads its paths");
    });
    let mut results = Vec::with_capacity(paths.len());
    for path in paths {
        let mut line = String::new();
        let n = stdout.read_line(&mut line).expect("oracle output is readable");
        if n == 0 {
            let _ = child.wait();
            let stderr = stderr.join().unwrap_or_default();
            panic!("the oracle stopped before reporting {}; its stderr:\n{stderr}", path.display());
        }
        let parsed: Line = serde_json::from_str(&line).unwrap_or_else(|e| {
            panic!("unreadable oracle line for {} ({e}): {line}", path.display())
        });
        results.push(if parsed.ok {
            OracleParse::Accepted(parsed.instructions.into_iter().map(OracleInstr::from).collect())
        } else {
            OracleParse::Rejected { kind: parsed.kind, message: parsed.message }
        });
    }
    writer.join().expect("the writer thread finishes");
    let status = child.wait().expect("the oracle exits");
    let stderr = stderr.join().unwrap_or_default();
    assert!(status.success(), "the oracle exited with {status}; its stderr:\n{stderr}");
    Some(results)
}

fn line_of(path: &Path) -> &str {
    let text = path.to_str().expect("test paths are UTF-8");
    assert!(!text.contains('\n'), "a path with a line break cannot go to the oracle: {text:?}");
    text
}
