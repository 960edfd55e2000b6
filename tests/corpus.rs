//! The shared corpus of real-world Dockerfiles (`../shared/corpus`, or `DOCKFIX_CORPUS`): dockfix
//! keeps every byte, reads every Dockerfile as BuildKit does, and leaves files that `--write`
//! changed reading the same to BuildKit, bar the text its fixes insert.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::compare::{Summary, compare, oracle_text};
use common::oracle::{self, OracleParse};
use common::{
    Instr, corpus_dir, dockfix_parse, is_corpus_dockerfile, py, say, unavailable, walk_files,
};

/// The corpus Dockerfiles: paths relative to the corpus, with their text.
fn corpus_dockerfiles(corpus: &Path) -> Vec<(PathBuf, String)> {
    walk_files(corpus)
        .into_iter()
        .filter(|relative| is_corpus_dockerfile(relative))
        .map(|relative| {
            let path = corpus.join(&relative);
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!("corpus Dockerfile {} is unreadable: {e}", path.display())
            });
            (relative, text)
        })
        .collect()
}

#[test]
fn corpus_files_round_trip() {
    let Some(corpus) = corpus_dir("corpus_files_round_trip") else { return };
    let mut checked = 0;
    let mut not_utf8 = 0;
    let mut failures = Vec::new();
    for relative in walk_files(&corpus) {
        let bytes = std::fs::read(corpus.join(&relative)).expect("corpus files are readable");
        let Ok(text) = String::from_utf8(bytes) else {
            not_utf8 += 1;
            continue;
        };
        checked += 1;
        let printed = dockfix::syntax::parse(&text).syntax().to_string();
        if printed != text {
            let at = printed.bytes().zip(text.bytes()).take_while(|(a, b)| a == b).count();
            failures.push(format!(
                "{}: the tree's text differs from byte {at} on ({} bytes in, {} out)",
                relative.display(),
                text.len(),
                printed.len()
            ));
        }
    }
    say(&format!(
        "corpus round trip: {checked} UTF-8 files checked, {} differ, {not_utf8} not UTF-8 (skipped)",
        failures.len()
    ));
    assert!(checked > 0, "no corpus file was checked");
    assert!(
        failures.is_empty(),
        "{} corpus files do not round-trip:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_dockerfiles_agree_with_buildkit() {
    let test = "corpus_dockerfiles_agree_with_buildkit";
    let Some(corpus) = corpus_dir(test) else { return };
    let files = corpus_dockerfiles(&corpus);
    assert!(!files.is_empty(), "no Dockerfile found in the corpus at {}", corpus.display());

    // The oracle reads a rewritten copy where an input-side exception applies; the corpus
    // itself is never written to.
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let paths: Vec<PathBuf> = files.iter().map(|(relative, _)| corpus.join(relative)).collect();
    let mut oracle_paths = Vec::with_capacity(files.len());
    let mut oracle_texts = Vec::with_capacity(files.len());
    for (i, (_, text)) in files.iter().enumerate() {
        let prepared = oracle_text(text);
        if prepared.text == *text {
            oracle_paths.push(paths[i].clone());
        } else {
            let copy = scratch.path().join(format!("oracle-{i:05}"));
            std::fs::write(&copy, &prepared.text).expect("a writable temporary directory");
            oracle_paths.push(copy);
        }
        oracle_texts.push(prepared);
    }

    let Some(verdicts) = oracle::parse_files(test, &oracle_paths) else { return };
    let reports = dockfix_parse(&paths);
    let mut summary = Summary::default();
    for (i, (relative, text)) in files.iter().enumerate() {
        let key = paths[i].to_str().expect("UTF-8 corpus paths");
        let outcome = compare(text, &oracle_texts[i], &verdicts[i], reports.get(key));
        summary.add(&relative.display().to_string(), text, outcome);
    }
    say(&summary.report("corpus Dockerfiles"));
    summary.assert_clean("corpus Dockerfiles");
}

/// The text the only fix so far inserts, right after the `add` or `upgrade` of an apk command.
const INSERTED: &str = " --no-cache";

/// Whether `before` (the text up to an insertion) ends in an apk `add` or `upgrade` word.
fn ends_in_apk_subcommand(before: &str) -> bool {
    let command_start = ["&&", "||", ";", "|", "\n", "("]
        .iter()
        .filter_map(|sep| before.rfind(sep).map(|i| i + sep.len()))
        .max()
        .unwrap_or(0);
    let command: Vec<&str> = before[command_start..].split_whitespace().collect();
    matches!(command.last(), Some(&"add" | &"upgrade")) && command.contains(&"apk")
}

/// Whether `new` is `old` with [`INSERTED`] put in after some apk `add` or `upgrade`.
fn is_old_plus_insertions(old: &str, new: &str) -> bool {
    let (mut i, mut j) = (0, 0);
    loop {
        let inserted_here = new[j..].starts_with(INSERTED)
            && !old[i..].starts_with(INSERTED)
            && ends_in_apk_subcommand(&new[..j]);
        if inserted_here {
            j += INSERTED.len();
        } else if i == old.len() && j == new.len() {
            return true;
        } else {
            match (old[i..].chars().next(), new[j..].chars().next()) {
                (Some(a), Some(b)) if a == b => {
                    i += a.len_utf8();
                    j += b.len_utf8();
                }
                _ => return false,
            }
        }
    }
}

/// How an instruction of a rewritten file differs from the original, beyond the insertions.
/// Scripts are the arguments of RUN and its heredoc bodies; COPY and ADD heredocs are file
/// contents and must not change at all.
fn rewrite_difference(old: &Instr, new: &Instr) -> Option<&'static str> {
    let script_heredocs = old.inner_keyword() == "run";
    let same_heredoc = |(o, n): (&common::Heredoc, &common::Heredoc)| {
        o.name == n.name
            && if script_heredocs { is_old_plus_insertions(&o.content, &n.content) } else { o == n }
    };
    if old.keyword != new.keyword || old.sub_keyword != new.sub_keyword || old.json != new.json {
        Some("keyword")
    } else if (old.start_line, old.end_line) != (new.start_line, new.end_line) {
        Some("lines")
    } else if old.flags != new.flags {
        Some("flags")
    } else if old.heredocs.len() != new.heredocs.len()
        || !old.heredocs.iter().zip(&new.heredocs).all(same_heredoc)
    {
        Some("heredocs")
    } else if old.args.len() != new.args.len()
        || old.args.iter().zip(&new.args).any(|(o, n)| !is_old_plus_insertions(o, n))
    {
        Some("args")
    } else {
        None
    }
}

/// Writable copies of `files` in `dir`, named by their corpus path with `/` flattened to `__`.
/// The names are not Dockerfile names, so the copies are passed to dockfix one by one, which it
/// always reads.
fn flat_copies(files: &[(PathBuf, String)], dir: &Path) -> Vec<PathBuf> {
    files
        .iter()
        .map(|(relative, text)| {
            let copy = dir.join(relative.to_string_lossy().replace('/', "__"));
            std::fs::write(&copy, text).expect("a writable temporary directory");
            copy
        })
        .collect()
}

fn run_dockfix(args: &[&str], files: &[PathBuf]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dockfix"))
        .args(args)
        .args(files)
        .output()
        .expect("dockfix runs")
}

/// `apk-no-cache`, the first rule, inserts a flag and nothing else: BuildKit must read every file
/// it rewrote exactly as before, bar the inserted text.
#[test]
fn corpus_dockerfiles_read_the_same_after_write() {
    let test = "corpus_dockerfiles_read_the_same_after_write";
    let Some(corpus) = corpus_dir(test) else { return };
    let help = run_dockfix(&["--help"], &[]);
    let help = String::from_utf8_lossy(&help.stdout);
    if !(help.contains("--write") && help.contains("--check")) {
        unavailable(test, "dockfix has no --write and --check options yet");
        return;
    }

    let files = corpus_dockerfiles(&corpus);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let copies = flat_copies(&files, dir.path());

    let write = run_dockfix(&["--write", "--select", "apk-no-cache"], &copies);
    let write_stderr = String::from_utf8_lossy(&write.stderr);
    assert!(
        write.status.code().is_some() && !write_stderr.contains("panicked"),
        "dockfix --write crashed ({}):\n{write_stderr}",
        write.status
    );
    let check = run_dockfix(&["--check", "--select", "apk-no-cache"], &copies);
    assert_nothing_pending(&write, &check);

    // The changed files, read by BuildKit before and after, in one oracle run.
    let (changed, batch) = changed_before_and_after(&corpus, &files, &copies);
    let Some(verdicts) = oracle::parse_files(test, &batch) else { return };
    let (before, after) = verdicts.split_at(changed.len());

    let mut failures = Vec::new();
    let mut skipped = 0;
    let mut in_heredocs = 0;
    for (k, &i) in changed.iter().enumerate() {
        let label = files[i].0.display();
        let (old, new) = match (&before[k], &after[k]) {
            (OracleParse::Accepted(old), OracleParse::Accepted(new)) => (old, new),
            (OracleParse::Rejected { .. }, _) => {
                skipped += 1;
                continue;
            }
            (OracleParse::Accepted(_), OracleParse::Rejected { message, .. }) => {
                failures.push(format!("{label}: BuildKit rejects the rewritten file: {message}"));
                continue;
            }
        };
        if old.len() != new.len() {
            failures.push(format!(
                "{label}: {} instructions before, {} after",
                old.len(),
                new.len()
            ));
            continue;
        }
        let heredocs = |list: &[common::oracle::OracleInstr]| {
            list.iter().flat_map(|c| c.instr.heredocs.clone()).collect::<Vec<_>>()
        };
        in_heredocs += usize::from(heredocs(old) != heredocs(new));
        for (o, n) in old.iter().zip(new) {
            if let Some(what) = rewrite_difference(&o.instr, &n.instr) {
                failures.push(format!(
                    "{label}: {what} changed beyond the inserted {}:\n  before: {}\n  after:  {}",
                    py(INSERTED),
                    o.instr.render(),
                    n.instr.render()
                ));
                break;
            }
        }
    }
    say(&format!(
        "corpus after --write: {} Dockerfiles, {} changed ({in_heredocs} of them inside RUN heredoc \
         bodies), {} compared with BuildKit, {} failures, {skipped} skipped (BuildKit rejects the \
         original); --write: {}, --check: {}",
        files.len(),
        changed.len(),
        changed.len() - skipped,
        failures.len(),
        write.status,
        check.status
    ));
    assert!(
        failures.is_empty(),
        "{} rewritten files read differently to BuildKit (first 30):\n{}",
        failures.len(),
        failures.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// A copy of every corpus file in `dir`, in the corpus's own folders, so that the Dockerfiles of
/// the monorepos keep their build contexts; and the Dockerfiles' copies, in the order of `files`.
fn tree_copy(corpus: &Path, files: &[(PathBuf, String)], dir: &Path) -> Vec<PathBuf> {
    for relative in walk_files(corpus) {
        let to = dir.join(&relative);
        std::fs::create_dir_all(to.parent().expect("a parent folder")).unwrap();
        // Written, not copied: the corpus files are read-only, and the copies must not be.
        let bytes = std::fs::read(corpus.join(&relative)).expect("corpus files are readable");
        std::fs::write(&to, bytes).expect("a writable temporary directory");
    }
    files.iter().map(|(relative, _)| dir.join(relative)).collect()
}

/// The rules that read stages, users and build contexts.
const STAGE_PASSES: &[&str] = &[
    "apk-upgrade-runtime",
    "non-root-user",
    "deps-before-sources",
    "build-tools-in-builder",
    "base-image-pin",
    "split-package-runs",
];

/// What a finding without a fix is, for counting findings of one kind together: the reason the
/// rule gives for not fixing (`no fix: ...`), else the whole message; quoted parts (package
/// names, paths, commands) and lists of them are left out.
fn message_kind(message: &str) -> String {
    let reason = match message.rsplit_once("(no fix: ") {
        Some((_, reason)) => format!("no fix: {}", reason.trim_end_matches(')')),
        None => format!("reported: {message}"),
    };
    let kind: String = reason
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { "`…`" } else { part })
        .collect();
    let mut kind = kind.replace("`…`, `…`", "`…`");
    while kind.contains("`…`, `…`") {
        kind = kind.replace("`…`, `…`", "`…`");
    }
    kind.replace("`…` and `…`", "`…`")
}

#[test]
fn findings_of_one_kind_count_together() {
    let one = "build tool `gcc` is shipped (no fix: `make` later may need it)";
    let two = "build tools `gcc`, `g++`, `make` are shipped (no fix: `make` later may need it)";
    assert_eq!(message_kind(one), "no fix: `…` later may need it");
    assert_eq!(message_kind(two), message_kind(one));
    assert_eq!(message_kind("`a`, `b` and `c` float"), "reported: `…` float");
}

/// Every rule, unsafe fixes included, on a copy of the corpus in its folders: each file dockfix
/// rewrites must still be one BuildKit accepts, and a second run must find nothing left to do.
/// Says how many files each rule changed, and for the stage-aware rules, the kinds of finding
/// they leave unfixed.
#[test]
fn corpus_dockerfiles_still_parse_after_every_fix() {
    let test = "corpus_dockerfiles_still_parse_after_every_fix";
    let Some(corpus) = corpus_dir(test) else { return };
    let files = corpus_dockerfiles(&corpus);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let copies = tree_copy(&corpus, &files, dir.path());

    let write =
        run_dockfix(&["--write", "--unsafe-fixes", "--isolated", "--format", "json"], &copies);
    let write_stderr = String::from_utf8_lossy(&write.stderr);
    assert_eq!(write.status.code(), Some(0), "dockfix --write --unsafe-fixes:\n{write_stderr}");
    let check = run_dockfix(&["--check", "--unsafe-fixes", "--isolated"], &copies);
    assert_nothing_pending(&write, &check);

    // How many files each rule changed, from the run's own report.
    let report: serde_json::Value = serde_json::from_slice(&write.stdout).expect("a JSON report");
    let mut changed_by: BTreeMap<String, usize> = BTreeMap::new();
    for file in report["files"].as_array().expect("files") {
        for (rule, count) in file["fixes"].as_object().expect("fixes") {
            if count.as_u64().unwrap_or(0) > 0 {
                *changed_by.entry(rule.clone()).or_default() += 1;
            }
        }
    }
    // What the stage-aware rules report and do not fix, after the run.
    let left = run_dockfix(&["--unsafe-fixes", "--isolated", "--format", "json"], &copies);
    let left: serde_json::Value = serde_json::from_slice(&left.stdout).expect("a JSON report");
    let mut declined: BTreeMap<(String, String), usize> = BTreeMap::new();
    for finding in left["findings"].as_array().expect("findings") {
        let rule = finding["rule"].as_str().unwrap_or_default();
        if STAGE_PASSES.contains(&rule) && finding["fix"].is_null() {
            let kind = message_kind(finding["message"].as_str().unwrap_or_default());
            *declined.entry((rule.to_string(), kind)).or_default() += 1;
        }
    }

    let (changed, batch) = changed_before_and_after(&corpus, &files, &copies);
    let Some(verdicts) = oracle::parse_files(test, &batch) else { return };
    let (before, after) = verdicts.split_at(changed.len());
    let failures: Vec<String> = changed
        .iter()
        .enumerate()
        .filter_map(|(k, &i)| match (&before[k], &after[k]) {
            (OracleParse::Accepted(_), OracleParse::Rejected { message, .. }) => Some(format!(
                "{}: BuildKit rejects the rewritten file: {message}",
                files[i].0.display()
            )),
            _ => None,
        })
        .collect();
    let mut lines = vec![format!(
        "corpus after --write --unsafe-fixes: {} Dockerfiles, {} changed, {} rejected by BuildKit \
         afterwards; --check: {}",
        files.len(),
        changed.len(),
        failures.len(),
        check.status
    )];
    lines.push("files changed by each rule:".to_string());
    lines.extend(changed_by.iter().map(|(rule, n)| format!("  {rule}: {n}")));
    lines.push("findings the stage-aware rules leave unfixed, by kind:".to_string());
    lines.extend(declined.iter().map(|((rule, kind), n)| format!("  {rule} ({n}): {kind}")));
    say(&lines.join("\n"));
    assert!(changed.len() > 100, "the rules changed only {} corpus files", changed.len());
    for rule in STAGE_PASSES {
        assert!(
            changed_by.contains_key(*rule) || declined.keys().any(|(r, _)| r == rule),
            "{rule} neither changed nor reported anything in the corpus"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// How many files a run's summary says it skipped for syntax errors.
fn skipped(output: &std::process::Output) -> usize {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stderr.lines().last().unwrap_or_default();
    summary
        .split(", ")
        .find_map(|part| part.strip_suffix(" skipped for syntax errors"))
        .map_or(0, |n| n.parse().expect("a count"))
}

/// `check`, run right after `write`, has no fix left to make: it changes nothing, and it exits
/// 1 only for the files BuildKit rejects, the same ones `write` left alone.
fn assert_nothing_pending(write: &std::process::Output, check: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&check.stderr);
    let context = format!(
        "dockfix --check exits with {} right after --write:\n{}{stderr}",
        check.status,
        String::from_utf8_lossy(&check.stdout)
    );
    assert!(stderr.lines().last().is_some_and(|l| l.contains(" 0 would be changed")), "{context}");
    assert_eq!(skipped(check), skipped(write), "{context}");
    let expected = if skipped(check) > 0 { 1 } else { 0 };
    assert_eq!(check.status.code(), Some(expected), "{context}");
}

/// The indices of the copies `--write` changed, and the paths to give the oracle in one run:
/// each changed file as it was in the corpus, then each as it is now.
fn changed_before_and_after(
    corpus: &Path,
    files: &[(PathBuf, String)],
    copies: &[PathBuf],
) -> (Vec<usize>, Vec<PathBuf>) {
    let changed: Vec<usize> = (0..files.len())
        .filter(|&i| {
            std::fs::read_to_string(&copies[i]).ok().as_deref() != Some(files[i].1.as_str())
        })
        .collect();
    let mut batch: Vec<PathBuf> = changed.iter().map(|&i| corpus.join(&files[i].0)).collect();
    batch.extend(changed.iter().map(|&i| copies[i].clone()));
    (changed, batch)
}
