//! hadolint holds dockfix's fixes to account on the shared corpus: after `--write
//! --unsafe-fixes`, no finding of a code dockfix's rules fix may remain, bar named exceptions
//! that a detector finds in the file, and no finding may appear that was not there before, bar
//! codes hadolint only checks on the form a fix writes.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use dockfix::syntax::buildkit::Instruction;

use common::hadolint::{
    self, ARG_BUDGET, Finding, Side, batches, commands, hadolint_binary, keyword, line_map, script,
};
use common::{corpus_dir, is_corpus_dockerfile, say, walk_files};

/// The hadolint codes of the issue: each is fixed by a rule, or will be.
const COVERED: &[&str] = &[
    "DL3009", "DL3014", "DL3015", "DL3019", "DL3020", "DL3025", "DL3027", "DL3030", "DL3032",
    "DL3034", "DL3036", "DL3038", "DL3040", "DL3042", "DL3060", "DL4000", "DL4006",
];

/// A named case in which a finding may stay after fixing, or appear: `applies` decides from
/// the files whether it explains one finding.
struct Exception {
    name: &'static str,
    /// The codes it can explain; a code ending in `xxx` stands for every code it begins.
    codes: &'static [&'static str],
    reason: &'static str,
    applies: fn(&Case, &Finding) -> bool,
}

impl Exception {
    fn covers(&self, code: &str) -> bool {
        self.codes.iter().any(|c| match c.strip_suffix("xxx") {
            Some(prefix) => code.starts_with(prefix),
            None => *c == code,
        })
    }
}

/// Why a finding of a covered code may remain after fixing.
static REMAINING: &[Exception] = &[
    Exception {
        name: "dockfix-syntax-error",
        codes: COVERED,
        reason: "BuildKit would reject the file, so dockfix reports a syntax error and leaves it \
                 unchanged",
        applies: |case, _| case.original.has_syntax_errors,
    },
    Exception {
        name: "silenced-by-comment",
        codes: COVERED,
        reason: "a `# hadolint ignore=` or `# dockfix ignore=` comment in the block above the \
                 instruction silences the rule for dockfix; hadolint reads only the line directly \
                 above",
        applies: silenced_by_comment,
    },
    Exception {
        name: "cmd-uses-shell-features",
        codes: &["DL3025"],
        reason: "the shell-form CMD or ENTRYPOINT expands variables, globs, pipes, chains or \
                 redirects, which exec form would pass through unexpanded",
        applies: uses_shell_features,
    },
    Exception {
        name: "apt-used-later",
        codes: &["DL3009"],
        reason: "a later RUN of the stage, or of a stage built on it, runs apt on these lists \
                 without updating them first, so deleting them would break it",
        applies: apt_used_later,
    },
    Exception {
        name: "stage-not-shipped",
        codes: &["DL3009"],
        reason: "the RUN's stage is neither the last one nor one the last is built on, so its \
                 lists never reach the image; hadolint also checks stages any later FROM names",
        applies: stage_not_shipped,
    },
    Exception {
        name: "lists-removed-by-distclean",
        codes: &["DL3009"],
        reason: "the RUN runs `apt-get distclean` (apt 2.7 and later), which deletes the lists; \
                 hadolint does not know the command",
        applies: lists_removed_by_distclean,
    },
    Exception {
        name: "add-may-fetch-or-unpack",
        codes: &["DL3020"],
        reason: "a source is built from variables, or named like a URL or an archive, so ADD may \
                 fetch or unpack it, which COPY cannot; dockfix reports it without a fix",
        applies: add_may_fetch_or_unpack,
    },
    Exception {
        name: "json-misread-by-hadolint",
        codes: &["DL3025"],
        reason: "BuildKit reads the arguments as a JSON array (exec form) but hadolint does not, \
                 as with the escape `\\/`",
        applies: json_misread_by_hadolint,
    },
    Exception {
        name: "zypper-cache-removed",
        codes: &["DL3036"],
        reason: "the RUN deletes zypper's cache under /var/cache/zypp with `rm`; hadolint accepts \
                 only `zypper clean`",
        applies: zypper_cache_removed,
    },
    Exception {
        name: "clean-after-earlier-rm",
        codes: &["DL3032", "DL3040"],
        reason: "the RUN cleans dnf's or yum's cache after its last install, but an `rm` or a \
                 clean before that install makes hadolint miss the later clean",
        applies: clean_after_earlier_rm,
    },
    Exception {
        name: "install-word-escaped",
        codes: &["DL3009"],
        reason: "the RUN's `install` is written `\\\"install`, which the shell reads as `\"install`, \
                 so the RUN only updates; hadolint takes it for an install",
        applies: install_word_escaped,
    },
    Exception {
        name: "yarn-install-in-a-branch",
        codes: &["DL3060"],
        reason: "`yarn install` runs in one branch of an `if` whose other branch uses another \
                 package manager, so no clean can be appended for both; dockfix reports it \
                 without a fix",
        applies: yarn_install_in_a_branch,
    },
    Exception {
        name: "apt-get-simulates",
        codes: &["DL3014"],
        reason: "the `apt-get install` without `-y` only simulates (`-s`), which asks nothing",
        applies: apt_get_simulates,
    },
    Exception {
        name: "shell-unknown",
        codes: &["DL4006"],
        reason: "the stage's base image is not of a family whose shell dockfix knows (Alpine, \
                 Debian or Ubuntu, the RHEL family, SUSE), or is built from a build argument, so \
                 there is no SHELL to pick",
        applies: shell_unknown,
    },
    Exception {
        name: "shell-set-without-pipefail",
        codes: &["DL4006"],
        reason: "the author's own SHELL, without `-o pipefail`, is in force at the RUN; dockfix \
                 reports it but does not rewrite a SHELL it did not write",
        applies: shell_set_without_pipefail,
    },
];

/// Why a finding may appear, or appear more often, after fixing: hadolint checks these codes
/// only on the form a fix writes, or could not read the original at all.
static APPEARING: &[Exception] = &[
    Exception {
        name: "hadolint-read-only-the-fix",
        codes: &["DLxxx", "SCxxx"],
        reason: "hadolint could not parse the original (DL1000, as for the legacy `ENV k v` form \
                 with escapes) and reported nothing else there; the fixed file it reads in full",
        applies: |case, _| case.hadolint_failed_before,
    },
    Exception {
        name: "apt-became-apt-get",
        codes: &["DL3008"],
        reason: "hadolint asks for pinned versions only in `apt-get install`, which the `apt \
                 install` it replaced escaped",
        applies: apt_became_apt_get,
    },
    Exception {
        name: "add-became-copy",
        codes: &["DL3021", "DL3045"],
        reason: "hadolint checks the destination of COPY only, and the instruction was an ADD",
        applies: add_became_copy,
    },
    Exception {
        name: "user-created-without-uid",
        codes: &["DL3066"],
        reason: "the USER dockfix added names a user that a RUN of the file creates without a \
                 fixed uid, so there is no number to name it by",
        applies: user_created_without_uid,
    },
    Exception {
        name: "run-added-beside-run",
        codes: &["DL3059"],
        reason: "dockfix added a RUN of its own next to the author's: the `apk upgrade --no-cache` \
                 after the runtime stage's FROM, or the one creating its user after the last RUN \
                 that needs root; each is a step of its own, kept apart from the author's scripts",
        applies: run_added_beside_run,
    },
    Exception {
        name: "shell-changed",
        codes: &["SC2xxx"],
        reason: "the instruction runs under another SHELL than before, and ShellCheck's \
                 warnings follow the shell it is told",
        applies: shell_changed,
    },
];

/// One corpus Dockerfile, as written and as dockfix left it.
struct Case {
    original: Side,
    fixed: Side,
    /// Each fixed line's original line.
    map: Vec<usize>,
    /// hadolint could not parse the original (DL1000), so it reported nothing else there.
    hadolint_failed_before: bool,
}

impl Case {
    fn new(original: String, fixed: String) -> Case {
        let map = line_map(&original, &fixed);
        let (original, fixed) = (Side::new(original), Side::new(fixed));
        Case { original, fixed, map, hadolint_failed_before: false }
    }

    /// The original line a fixed line came from.
    fn original_line(&self, fixed_line: usize) -> usize {
        self.map.get(fixed_line).copied().unwrap_or(fixed_line)
    }

    /// The fixed instruction a finding is on, and the original instruction it came from.
    fn instructions(&self, finding: &Finding) -> (Option<usize>, Option<usize>) {
        let fixed = self.fixed.instruction_at(finding.line);
        let start = fixed.map_or(finding.line, |i| self.fixed.instructions[i].start_line);
        (fixed, self.original.instruction_at(self.original_line(start)))
    }

    /// Where a fixed finding would sit in the original: its instruction's first line there.
    fn original_key(&self, finding: &Finding) -> usize {
        match self.instructions(finding) {
            (_, Some(i)) => self.original.instructions[i].start_line,
            _ => self.original_line(finding.line),
        }
    }
}

#[test]
fn fixes_clear_hadolint_findings_without_new_ones() {
    let test = "fixes_clear_hadolint_findings_without_new_ones";
    let Some(corpus) = corpus_dir(test) else { return };
    let Some(hadolint) = hadolint_binary(test) else { return };
    let started = Instant::now();

    // Two flat copies of every corpus Dockerfile: `before/` stays as written, `after/` is fixed.
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let (before_dir, after_dir) = (scratch.path().join("before"), scratch.path().join("after"));
    let names = copy_corpus(&corpus, &[&before_dir, &after_dir]);
    assert!(names.len() > 1000, "only {} corpus Dockerfiles found", names.len());

    // hadolint reads the originals while dockfix fixes the copies, on the other core.
    let (before, fix_time, changed, after, after_time) = std::thread::scope(|scope| {
        let before = scope.spawn(|| {
            let clock = Instant::now();
            (hadolint::lint(&hadolint, &before_dir, &names), clock.elapsed())
        });
        let clock = Instant::now();
        run_dockfix(&after_dir, &names);
        let fix_time = clock.elapsed();
        let changed: Vec<String> = names
            .iter()
            .filter(|name| read(&before_dir, name) != read(&after_dir, name))
            .cloned()
            .collect();
        // A file dockfix left alone lints as before: only changed files are linted again.
        let clock = Instant::now();
        let after = hadolint::lint(&hadolint, &after_dir, &changed);
        let after_time = clock.elapsed();
        (before.join().expect("hadolint ran"), fix_time, changed, after, after_time)
    });
    let (before, before_time) = before;
    assert!(before.len() > 1000, "hadolint reported only {} findings on the corpus", before.len());

    let before = hadolint::by_file(before);
    let mut after = hadolint::by_file(after);
    for name in names.iter().filter(|name| !changed.contains(name)) {
        if let Some(findings) = before.get(name) {
            after.insert(name.clone(), findings.clone());
        }
    }

    let report = judge(&names, &before, &after, &before_dir, &after_dir);
    let counts = Counts::of(&before, &after);
    report.print(&counts, names.len(), changed.len());
    say(&format!(
        "hadolint test timings: hadolint on {} originals {}, dockfix --write {}, hadolint on {} \
         changed files {}, whole test {}",
        names.len(),
        secs(before_time),
        secs(fix_time),
        changed.len(),
        secs(after_time),
        secs(started.elapsed())
    ));

    assert!(
        COVERED.iter().map(|code| counts.before(code).0).sum::<usize>() > 1000,
        "hadolint found too few findings of the covered codes in the corpus"
    );
    assert!(
        report.unexplained.is_empty() && report.new_unexplained.is_empty(),
        "{} covered findings remain and {} findings appeared without a named exception; see \
         the lists above",
        report.unexplained.len(),
        report.new_unexplained.len()
    );
}

/// Judges every remaining finding of a covered code, and every finding that appeared; the
/// files are read from the two directories as needed.
fn judge(
    names: &[String],
    before: &HashMap<String, Vec<Finding>>,
    after: &HashMap<String, Vec<Finding>>,
    before_dir: &Path,
    after_dir: &Path,
) -> Report {
    let mut cases: HashMap<&str, Case> = HashMap::new();
    let case = |name: &str| Case {
        hadolint_failed_before: findings_of(before, name).iter().any(|f| f.code == "DL1000"),
        ..Case::new(read_text(before_dir, name), read_text(after_dir, name))
    };
    let mut report = Report::default();
    for name in names {
        let (old, new) = (findings_of(before, name), findings_of(after, name));
        for finding in new.iter().filter(|f| COVERED.contains(&f.code.as_str())) {
            report.remaining(cases.entry(name).or_insert_with(|| case(name)), finding);
        }
        for (code, new_findings) in group_by_code(new) {
            let old_findings: Vec<&Finding> = old.iter().filter(|f| f.code == code).collect();
            if new_findings.len() > old_findings.len() {
                let case = cases.entry(name).or_insert_with(|| case(name));
                report.appeared(case, &old_findings, &new_findings);
            }
        }
    }
    report
}

/// Copies every corpus Dockerfile into each of `dirs` under its path with `/` turned into `__`,
/// and returns those names, sorted.
fn copy_corpus(corpus: &Path, dirs: &[&Path]) -> Vec<String> {
    for dir in dirs {
        std::fs::create_dir(dir).expect("a scratch directory");
    }
    let mut names = Vec::new();
    for relative in walk_files(corpus).into_iter().filter(|r| is_corpus_dockerfile(r)) {
        let name = relative.to_string_lossy().replace('/', "__");
        for dir in dirs {
            assert!(!dir.join(&name).exists(), "two corpus files flatten to {name}");
            // Written anew rather than copied, so the copy is writable even where the corpus
            // is read-only (dockfix leaves read-only files alone).
            let bytes = std::fs::read(corpus.join(&relative)).expect("a readable corpus file");
            std::fs::write(dir.join(&name), bytes).expect("a copy");
        }
        names.push(name);
    }
    names.sort();
    names
}

/// Runs `dockfix --write --unsafe-fixes` over `names` in `dir`, in as few processes as fit.
fn run_dockfix(dir: &Path, names: &[String]) {
    for batch in batches(names, ARG_BUDGET) {
        let output = Command::new(env!("CARGO_BIN_EXE_dockfix"))
            .current_dir(dir)
            .args(["--write", "--unsafe-fixes"])
            .args(batch)
            .output()
            .expect("dockfix runs");
        // 0: all written; 1: findings without a fix remain. 2 is dockfix's own error.
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "dockfix --write --unsafe-fixes failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name} is unreadable: {e}"))
}

fn read_text(dir: &Path, name: &str) -> String {
    String::from_utf8_lossy(&read(dir, name)).into_owned()
}

fn findings_of<'a>(by_file: &'a HashMap<String, Vec<Finding>>, name: &str) -> &'a [Finding] {
    by_file.get(name).map_or(&[], Vec::as_slice)
}

fn group_by_code(findings: &[Finding]) -> BTreeMap<&str, Vec<&Finding>> {
    let mut out: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        out.entry(finding.code.as_str()).or_default().push(finding);
    }
    out
}

fn secs(duration: Duration) -> String {
    format!("{:.1}s", duration.as_secs_f64())
}

/// Findings per code, before and after, with the number of files holding them.
struct Counts {
    before: BTreeMap<String, (usize, usize)>,
    after: BTreeMap<String, (usize, usize)>,
}

impl Counts {
    fn of(before: &HashMap<String, Vec<Finding>>, after: &HashMap<String, Vec<Finding>>) -> Counts {
        let tally = |by_file: &HashMap<String, Vec<Finding>>| {
            let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
            for findings in by_file.values() {
                for (code, group) in group_by_code(findings) {
                    let entry = out.entry(code.to_string()).or_default();
                    entry.0 += group.len();
                    entry.1 += 1;
                }
            }
            out
        };
        Counts { before: tally(before), after: tally(after) }
    }

    fn before(&self, code: &str) -> (usize, usize) {
        self.before.get(code).copied().unwrap_or_default()
    }

    fn after(&self, code: &str) -> (usize, usize) {
        self.after.get(code).copied().unwrap_or_default()
    }
}

/// What the judging found: exceptions applied, and findings nothing explains.
#[derive(Default)]
struct Report {
    /// Remaining findings explained, by code and exception name.
    explained: BTreeMap<(String, &'static str), usize>,
    /// Remaining findings of codes no rule carries yet, by code.
    pending: BTreeMap<String, Vec<Finding>>,
    /// Each with the line of the fixed file it is on.
    unexplained: Vec<(Finding, String)>,
    /// Appearing findings explained, by code and exception name.
    new_explained: BTreeMap<(String, &'static str), usize>,
    new_unexplained: Vec<(Finding, String)>,
}

impl Report {
    fn remaining(&mut self, case: &Case, finding: &Finding) {
        let code = &finding.code;
        let exception = REMAINING.iter().find(|e| e.covers(code) && (e.applies)(case, finding));
        if let Some(exception) = exception {
            *self.explained.entry((code.clone(), exception.name)).or_default() += 1;
        } else if rules_for(code).is_empty() {
            self.pending.entry(code.clone()).or_default().push(finding.clone());
        } else {
            self.unexplained.push((finding.clone(), case.fixed.line(finding.line).to_string()));
        }
    }

    /// One file and code with more findings after than before: the fixed findings that match no
    /// original one by place are new; those a named exception explains do not count.
    fn appeared(&mut self, case: &Case, old: &[&Finding], new: &[&Finding]) {
        let mut unmatched_old: Vec<usize> = old.iter().map(|f| f.line).collect();
        let mut explained = 0;
        let mut unexplained = Vec::new();
        for finding in new {
            let key = case.original_key(finding);
            if let Some(at) = unmatched_old.iter().position(|&line| line == key) {
                unmatched_old.swap_remove(at);
                continue;
            }
            let exception =
                APPEARING.iter().find(|e| e.covers(&finding.code) && (e.applies)(case, finding));
            match exception {
                Some(exception) => {
                    let key = (finding.code.clone(), exception.name);
                    *self.new_explained.entry(key).or_default() += 1;
                    explained += 1;
                }
                None => {
                    let line = case.fixed.line(finding.line).to_string();
                    unexplained.push(((*finding).clone(), line));
                }
            }
        }
        if new.len() - explained > old.len() {
            self.new_unexplained.extend(unexplained);
        }
    }

    fn print(&self, counts: &Counts, files: usize, changed: usize) {
        let mut out = vec![format!(
            "hadolint on {files} corpus Dockerfiles, {changed} changed by dockfix --write \
             --unsafe-fixes: findings (files) before and after"
        )];
        out.push(format!(
            "{:<7} {:<28} {:>13} {:>13} {:>9} {:>8} {:>11}",
            "code", "rules", "before", "after", "excepted", "pending", "unexplained"
        ));
        for code in COVERED {
            let (b, bf) = counts.before(code);
            let (a, af) = counts.after(code);
            let excepted: usize =
                self.explained.iter().filter(|((c, _), _)| c == code).map(|(_, n)| n).sum();
            let pending = self.pending.get(*code).map_or(0, Vec::len);
            let unexplained = self.unexplained.iter().filter(|(f, _)| f.code == *code).count();
            let rules = rules_for(code);
            let rules =
                if rules.is_empty() { "(no rule yet)".to_string() } else { rules.join(",") };
            out.push(format!(
                "{code:<7} {rules:<28} {:>13} {:>13} {excepted:>9} {pending:>8} {unexplained:>11}",
                format!("{b} ({bf})"),
                format!("{a} ({af})"),
            ));
        }
        out.push("exceptions applied to remaining findings:".into());
        list_exceptions(&mut out, REMAINING, &self.explained);
        out.push("exceptions applied to appearing findings:".into());
        list_exceptions(&mut out, APPEARING, &self.new_explained);
        if !self.pending.is_empty() {
            out.push(
                "PENDING: covered codes no rule carries yet, not asserted until one does:".into(),
            );
            for (code, findings) in &self.pending {
                out.push(format!("  {code}: {} left, e.g. {}", findings.len(), show(&findings[0])));
            }
        }
        // Every unexplained finding goes to DOCKFIX_HADOLINT_REPORT when it is set; the log shows
        // a few of each code.
        let mut full = Vec::new();
        for (title, findings) in [
            ("UNEXPLAINED remaining findings of covered codes", &self.unexplained),
            ("UNEXPLAINED new findings", &self.new_unexplained),
        ] {
            out.push(format!("{title}: {}", findings.len()));
            full.push(format!("{title}: {}", findings.len()));
            let mut by_code: BTreeMap<&str, Vec<&(Finding, String)>> = BTreeMap::new();
            for item in findings {
                by_code.entry(&item.0.code).or_default().push(item);
            }
            for (code, group) in by_code {
                let files: Vec<&Finding> = group.iter().map(|(f, _)| f).collect();
                let head = format!("  {code}: {} in {} files", group.len(), distinct_files(&files));
                out.push(head.clone());
                full.push(head);
                for (i, (finding, line)) in group.iter().enumerate() {
                    let item = format!("    {}\n      | {}", show(finding), shorten(line));
                    if i < 5 {
                        out.push(item.clone());
                    }
                    full.push(item);
                }
            }
        }
        if let Some(path) = std::env::var_os("DOCKFIX_HADOLINT_REPORT") {
            std::fs::write(&path, full.join("\n") + "\n").expect("the report file is writable");
            out.push(format!("every unexplained finding is listed in {}", path.to_string_lossy()));
        }
        say(&out.join("\n"));
    }
}

fn list_exceptions(
    out: &mut Vec<String>,
    exceptions: &[Exception],
    counts: &BTreeMap<(String, &'static str), usize>,
) {
    for exception in exceptions {
        let used: Vec<String> = counts
            .iter()
            .filter(|((_, name), _)| *name == exception.name)
            .map(|((code, _), n)| format!("{code} {n}"))
            .collect();
        let used = if used.is_empty() { "unused".to_string() } else { used.join(", ") };
        out.push(format!("  {:<24} {used}: {}", exception.name, exception.reason));
    }
}

fn show(finding: &Finding) -> String {
    format!("{}:{}: {} {}", finding.file, finding.line, finding.code, finding.message)
}

/// A source line cut to a readable length.
fn shorten(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(120) {
        Some((at, _)) => format!("{}...", &line[..at]),
        None => line.to_string(),
    }
}

fn distinct_files(findings: &[&Finding]) -> usize {
    let mut files: Vec<&str> = findings.iter().map(|f| f.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    files.len()
}

/// The names of the rules whose codes include `code`.
fn rules_for(code: &str) -> Vec<&'static str> {
    dockfix::rules::RULES.iter().filter(|r| r.codes.contains(&code)).map(|r| r.name).collect()
}

// The detectors. Each reads the fixed file (and the original where a fix changed the form) at
// the instruction hadolint reported.

/// A suppression comment in the block of comment lines above the instruction, or a file-wide
/// `# dockfix global ignore=`, names the code or a rule carrying it.
fn silenced_by_comment(case: &Case, finding: &Finding) -> bool {
    let side = &case.fixed;
    let Some(index) = side.instruction_at(finding.line) else { return false };
    let names = |pragma: &str| -> bool {
        let rules = rules_for(&finding.code);
        pragma.split(',').map(str::trim).any(|n| n == finding.code || rules.contains(&n))
    };
    let mut line = side.instructions[index].start_line;
    while line > 1 {
        line -= 1;
        let text = side.line(line).trim();
        if !text.starts_with('#') {
            break;
        }
        if pragma(text).is_some_and(|(_, global, list)| !global && names(list)) {
            return true;
        }
    }
    side.text
        .lines()
        .filter_map(|l| pragma(l.trim()))
        .any(|(tool, global, list)| tool == "dockfix" && global && names(list))
}

/// `# TOOL [global] ignore=LIST` read as (tool, global, list) for hadolint and dockfix.
fn pragma(line: &str) -> Option<(&str, bool, &str)> {
    let rest = line.strip_prefix('#')?.trim_start();
    let tool = ["hadolint", "dockfix"].into_iter().find(|t| rest.starts_with(t))?;
    let rest = rest[tool.len()..].trim_start();
    let (global, rest) = match rest.strip_prefix("global") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, rest),
    };
    let list = rest.strip_prefix("ignore")?.trim_start().strip_prefix('=')?;
    Some((tool, global, list.split('#').next().unwrap_or_default()))
}

/// The shell-form CMD, ENTRYPOINT or HEALTHCHECK CMD holds a character the shell acts on outside
/// quotes, or `$` or a backquote inside double quotes.
fn uses_shell_features(case: &Case, finding: &Finding) -> bool {
    let side = &case.fixed;
    let Some(index) = side.instruction_at(finding.line) else { return false };
    let instruction = &side.instructions[index];
    let words = match keyword(instruction).as_str() {
        "cmd" | "entrypoint" => &instruction.args[..],
        "healthcheck" if instruction.args.first().is_some_and(|w| w == "CMD") => {
            &instruction.args[1..]
        }
        _ => return false,
    };
    if instruction.json {
        return false;
    }
    let text = words.join(" ");
    let mut quote = None;
    let mut word_start = true;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('\''), _) => {}
            (Some(_), '$' | '`') => return true,
            (Some(_), '\\') => {
                chars.next();
            }
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '\\') => {
                chars.next();
            }
            (None, '$' | '`' | '|' | '&' | ';' | '<' | '>' | '(' | ')' | '*' | '?' | '[') => {
                return true;
            }
            (None, '~' | '#') if word_start => return true,
            (None, '\n') => return true,
            _ => {}
        }
        word_start = quote.is_none() && c.is_whitespace();
    }
    false
}

/// apt's words that read the package lists: everything but refreshing, cleaning and removing.
fn reads_apt_lists(command: &[String]) -> bool {
    let mut words = command.iter().skip_while(|w| w.contains('=') || *w == "sudo" || *w == "env");
    let Some(tool) = words.next() else { return false };
    let tool = tool.rsplit('/').next().unwrap_or_default();
    if !matches!(tool, "apt-get" | "apt" | "apt-cache" | "aptitude") {
        return false;
    }
    let Some(action) = words.find(|w| !w.starts_with('-')) else { return false };
    !matches!(action.as_str(), "update" | "clean" | "autoclean" | "autoremove" | "remove" | "purge")
}

fn updates_apt_lists(command: &[String]) -> bool {
    let mut words = command.iter().skip_while(|w| w.contains('=') || *w == "sudo" || *w == "env");
    let tool = words.next().map(|t| t.rsplit('/').next().unwrap_or_default().to_string());
    matches!(tool.as_deref(), Some("apt-get" | "apt" | "aptitude"))
        && words.find(|w| !w.starts_with('-')).is_some_and(|a| a == "update")
}

/// After the reported RUN, in its stage or in a stage built on it, a RUN reads apt's lists before
/// any RUN refreshes them.
fn apt_used_later(case: &Case, finding: &Finding) -> bool {
    let side = &case.fixed;
    let Some(index) = side.instruction_at(finding.line) else { return false };
    // The instructions that run on this RUN's file system, in order: the rest of its stage,
    // then every later stage whose FROM names a stage in the chain.
    let mut chain: Vec<String> = side
        .stage_start(index)
        .and_then(|from| stage_name(&side.instructions[from]))
        .into_iter()
        .collect();
    let mut in_chain = true;
    for instruction in &side.instructions[index + 1..] {
        if keyword(instruction) == "from" {
            let base = instruction.args.first().map(|b| b.to_lowercase()).unwrap_or_default();
            in_chain = chain.contains(&base);
            if in_chain {
                chain.extend(stage_name(instruction));
            }
            continue;
        }
        if !in_chain || keyword(instruction) != "run" {
            continue;
        }
        for command in commands(&script(instruction)) {
            if updates_apt_lists(&command) {
                return false;
            }
            if reads_apt_lists(&command) {
                return true;
            }
        }
    }
    false
}

/// The stages whose file systems reach the image: the last, and those it is built on.
fn shipped_stages(side: &Side) -> Vec<usize> {
    let froms: Vec<usize> = (0..side.instructions.len())
        .filter(|&i| keyword(&side.instructions[i]) == "from")
        .collect();
    let mut shipped = Vec::new();
    let mut next = froms.last().copied();
    while let Some(from) = next {
        shipped.push(from);
        next = named_stage(side, from);
    }
    shipped
}

/// The earlier stage whose name the FROM at `from` uses as its image.
fn named_stage(side: &Side, from: usize) -> Option<usize> {
    let base = side.instructions[from].args.first()?.to_lowercase();
    (0..from).rev().find(|&i| {
        keyword(&side.instructions[i]) == "from"
            && stage_name(&side.instructions[i]).as_deref() == Some(base.as_str())
    })
}

/// The reported RUN's stage does not reach the image.
fn stage_not_shipped(case: &Case, finding: &Finding) -> bool {
    let side = &case.fixed;
    let stage = side.instruction_at(finding.line).and_then(|i| side.stage_start(i));
    stage.is_some_and(|stage| !shipped_stages(side).contains(&stage))
}

/// The commands of the RUN a finding is on, in the fixed file.
fn run_commands(case: &Case, finding: &Finding) -> Vec<Vec<String>> {
    let side = &case.fixed;
    match side.instruction_at(finding.line) {
        Some(index) if keyword(&side.instructions[index]) == "run" => {
            commands(&script(&side.instructions[index]))
        }
        _ => Vec::new(),
    }
}

/// The command's program name without its directory, past leading assignments, shell keywords
/// and wrappers (`if apt-get ...`, `sudo dnf ...`).
fn program(command: &[String]) -> Option<(&str, &[String])> {
    const LEADING: &[&str] =
        &["if", "then", "else", "elif", "do", "while", "until", "!", "{", "exec", "sudo", "env"];
    let at = command.iter().position(|w| !w.contains('=') && !LEADING.contains(&w.as_str()))?;
    let name = command[at].rsplit('/').next().unwrap_or_default();
    Some((name, &command[at + 1..]))
}

/// The RUN runs `apt-get distclean` or `apt-get dist-clean` (or the same through `apt`).
fn lists_removed_by_distclean(case: &Case, finding: &Finding) -> bool {
    run_commands(case, finding).iter().any(|command| {
        program(command).is_some_and(|(name, args)| {
            matches!(name, "apt-get" | "apt")
                && args.iter().any(|a| a == "distclean" || a == "dist-clean")
        })
    })
}

/// The RUN removes `/var/cache/zypp` (or a path below it) with `rm`.
fn zypper_cache_removed(case: &Case, finding: &Finding) -> bool {
    run_commands(case, finding).iter().any(|command| {
        program(command).is_some_and(|(name, args)| {
            name == "rm" && args.iter().any(|a| a.starts_with("/var/cache/zypp"))
        })
    })
}

/// In the RUN, an `rm` comes before the last dnf, microdnf or yum command that fetches
/// packages, and a `clean all` (or an `rm` of `/var/cache/dnf` or `/var/cache/yum`) after it.
fn clean_after_earlier_rm(case: &Case, finding: &Finding) -> bool {
    let commands = run_commands(case, finding);
    let is_rm = |c: &Vec<String>| program(c).is_some_and(|(name, _)| name == "rm");
    let is_clean = |c: &Vec<String>| {
        program(c).is_some_and(|(name, args)| match name {
            "dnf" | "microdnf" | "yum" => {
                args.iter().any(|a| a == "clean") && args.iter().any(|a| a == "all")
            }
            "rm" => args
                .iter()
                .any(|a| a.starts_with("/var/cache/dnf") || a.starts_with("/var/cache/yum")),
            _ => false,
        })
    };
    let fetches = |c: &Vec<String>| {
        program(c).is_some_and(|(name, _)| matches!(name, "dnf" | "microdnf" | "yum"))
            && !is_clean(c)
    };
    let Some(last) = commands.iter().rposition(fetches) else { return false };
    // hadolint pairs the first clean (or an `rm` it takes for one) with the first install, so
    // a clean or `rm` before the last install hides the clean after it.
    let earlier = |c: &Vec<String>| is_rm(c) || is_clean(c);
    commands[..last].iter().any(earlier) && commands[last..].iter().any(is_clean)
}

/// The RUN's `apt-get` has no `install` word but an escaped one: `apt-get \\"install`.
fn install_word_escaped(case: &Case, finding: &Finding) -> bool {
    let commands = run_commands(case, finding);
    let apt = commands.iter().filter(|c| program(c).is_some_and(|(name, _)| name == "apt-get"));
    let words: Vec<&String> = apt.flat_map(|c| c.iter()).collect();
    !words.iter().any(|w| *w == "install") && words.iter().any(|w| w.ends_with("\"install"))
}

/// `yarn install` sits between `then` and `else` (or `else` and `fi`) of an `if`.
fn yarn_install_in_a_branch(case: &Case, finding: &Finding) -> bool {
    let commands = run_commands(case, finding);
    let words: Vec<&str> = commands.iter().flatten().map(String::as_str).collect();
    let Some(yarn) = words.windows(2).position(|w| w == ["yarn", "install"]) else {
        return false;
    };
    let opens = words[..yarn].iter().any(|w| *w == "then" || *w == "else");
    let closes = words[yarn..].iter().any(|w| *w == "else" || *w == "fi" || *w == "fi)");
    opens && closes
}

/// Every `apt-get install` of the RUN without `-y` simulates with `-s` or a synonym.
fn apt_get_simulates(case: &Case, finding: &Finding) -> bool {
    const YES: &[&str] = &["-y", "--yes", "--assume-yes", "-qq"];
    const SIMULATE: &[&str] =
        &["-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act"];
    let installs: Vec<Vec<String>> = run_commands(case, finding)
        .into_iter()
        .filter(|c| {
            program(c).is_some_and(|(name, args)| {
                name == "apt-get" && args.iter().any(|a| a == "install")
            })
        })
        .collect();
    let unanswered: Vec<&Vec<String>> =
        installs.iter().filter(|c| !c.iter().any(|w| YES.contains(&w.as_str()))).collect();
    !unanswered.is_empty()
        && unanswered.iter().all(|c| c.iter().any(|w| SIMULATE.contains(&w.as_str())))
}

/// An ADD source holds a variable, or looks like a URL, a git source or an archive.
fn add_may_fetch_or_unpack(case: &Case, finding: &Finding) -> bool {
    let side = &case.fixed;
    let Some(index) = side.instruction_at(finding.line) else { return false };
    let instruction = &side.instructions[index];
    if keyword(instruction) != "add" {
        return false;
    }
    const ARCHIVES: &[&str] =
        &[".tar", ".tgz", ".gz", ".bz2", ".tbz", ".tbz2", ".xz", ".txz", ".zst", ".lz", ".lzma"];
    let sources = &instruction.args[..instruction.args.len().saturating_sub(1)];
    sources.iter().any(|source| {
        let lower = source.to_lowercase();
        source.contains('$')
            || lower.contains("://")
            || lower.starts_with("git@")
            || ARCHIVES.iter().any(|ext| lower.ends_with(ext))
    })
}

/// BuildKit reads the CMD, ENTRYPOINT or HEALTHCHECK as a JSON array.
fn json_misread_by_hadolint(case: &Case, finding: &Finding) -> bool {
    let side = &case.fixed;
    side.instruction_at(finding.line).is_some_and(|i| side.instructions[i].json)
}

/// The family of the image a stage starts from, followed through the stages it names: `None`
/// when the name does not tell, or a build argument decides it.
fn base_family(side: &Side, from: usize) -> Option<&'static str> {
    if let Some(stage) = named_stage(side, from) {
        return base_family(side, stage);
    }
    let image = side.instructions[from].args.first()?.to_lowercase();
    let image = image.split('@').next().unwrap_or_default();
    let (name, tag) = match image.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => (image, ""),
    };
    let last = name.rsplit('/').next().unwrap_or_default();
    let by_name = match last {
        "alpine" => Some("alpine"),
        "debian" | "ubuntu" | "buildpack-deps" => Some("debian"),
        "centos" | "fedora" | "rockylinux" | "almalinux" | "oraclelinux" | "amazonlinux" => {
            Some("rhel")
        }
        _ if last.starts_with("ubi") || last.starts_with("rhel") => Some("rhel"),
        "leap" | "tumbleweed" => Some("suse"),
        _ if last.starts_with("opensuse") || last.starts_with("sle") => Some("suse"),
        _ => None,
    };
    if by_name.is_some() {
        return by_name;
    }
    const DEBIAN_TAGS: &[&str] = &[
        "bookworm", "bullseye", "buster", "stretch", "jessie", "wheezy", "trixie", "forky", "sid",
        "focal", "jammy", "noble", "bionic", "xenial", "trusty",
    ];
    if tag.contains("alpine") {
        Some("alpine")
    } else if DEBIAN_TAGS.iter().any(|t| tag.contains(t)) {
        Some("debian")
    } else {
        None
    }
}

/// The reported RUN's stage starts from an image whose family, and so whose shell, is unknown.
fn shell_unknown(case: &Case, finding: &Finding) -> bool {
    let side = &case.fixed;
    let stage = side.instruction_at(finding.line).and_then(|i| side.stage_start(i));
    stage.is_some_and(|from| base_family(side, from).is_none())
}

/// A SHELL without `pipefail` that the original file has is in force at the reported RUN.
fn shell_set_without_pipefail(case: &Case, finding: &Finding) -> bool {
    let (_, Some(original)) = case.instructions(finding) else { return false };
    shell_at(&case.original, original).is_some_and(|shell| !shell.iter().any(|w| w == "pipefail"))
}

/// The lower-cased name a FROM gives its stage with `AS`.
fn stage_name(from: &Instruction) -> Option<String> {
    match from.args.as_slice() {
        [_, as_word, name, ..] if as_word.eq_ignore_ascii_case("as") => Some(name.to_lowercase()),
        _ => None,
    }
}

/// The fixed RUN installs with `apt-get` where the original ran `apt`.
fn apt_became_apt_get(case: &Case, finding: &Finding) -> bool {
    let (Some(fixed), Some(original)) = case.instructions(finding) else { return false };
    let tool = |instruction: &Instruction, name: &str| {
        commands(&script(instruction))
            .iter()
            .any(|command| command.iter().find(|w| !w.contains('=')).is_some_and(|w| w == name))
    };
    tool(&case.fixed.instructions[fixed], "apt-get")
        && tool(&case.original.instructions[original], "apt")
}

/// The fixed COPY was an ADD.
fn add_became_copy(case: &Case, finding: &Finding) -> bool {
    let (Some(fixed), Some(original)) = case.instructions(finding) else { return false };
    keyword(&case.fixed.instructions[fixed]) == "copy"
        && keyword(&case.original.instructions[original]) == "add"
}

/// The reported USER is one the original does not have, naming a user that a `useradd` or
/// `adduser` of the file creates.
fn user_created_without_uid(case: &Case, finding: &Finding) -> bool {
    let Some(fixed) = case.fixed.instruction_at(finding.line) else { return false };
    let user = &case.fixed.instructions[fixed];
    let [name] = user.args.as_slice() else { return false };
    let same = |i: &&Instruction| keyword(i) == "user" && i.args == user.args;
    let added = case.fixed.instructions.iter().filter(same).count()
        > case.original.instructions.iter().filter(same).count();
    let creates = |instruction: &Instruction| {
        commands(&script(instruction)).iter().any(|command| {
            command.iter().any(|w| w == "useradd" || w == "adduser") && command.contains(name)
        })
    };
    added && case.fixed.instructions.iter().any(|i| keyword(i) == "run" && creates(i))
}

/// The RUN at the finding, or the one right before it, is one dockfix adds whole: an
/// `apk upgrade --no-cache` of its own, or the creation of the default user, 10001.
fn run_added_beside_run(case: &Case, finding: &Finding) -> bool {
    let Some(fixed) = case.fixed.instruction_at(finding.line) else { return false };
    let added = |index: usize| {
        let instruction = &case.fixed.instructions[index];
        let text = script(instruction);
        let text = text.trim();
        keyword(instruction) == "run"
            && (text == "apk upgrade --no-cache"
                || text.starts_with("addgroup -S -g 10001 app && adduser -S -u 10001 ")
                || text.starts_with("groupadd --system --gid 10001 app && useradd --system "))
            && !case.original.instructions.iter().any(|o| script(o).trim() == text)
    };
    added(fixed) || (fixed > 0 && added(fixed - 1))
}

/// The SHELL in force at the instruction differs from the one in force where it came from.
fn shell_changed(case: &Case, finding: &Finding) -> bool {
    let (Some(fixed), Some(original)) = case.instructions(finding) else { return false };
    shell_at(&case.fixed, fixed) != shell_at(&case.original, original)
}

/// The arguments of the last SHELL of the stage before instruction `index`.
fn shell_at(side: &Side, index: usize) -> Option<Vec<String>> {
    let start = side.stage_start(index).unwrap_or(0);
    side.instructions[start..index]
        .iter()
        .rev()
        .find(|i| keyword(i) == "shell")
        .map(|i| i.args.clone())
}

#[test]
fn batches_split_on_the_budget() {
    let names: Vec<String> = (0..10).map(|i| format!("f{i}")).collect();
    let size = 2 + 1 + std::mem::size_of::<usize>();
    let split = batches(&names, 4 * size);
    assert_eq!(split.iter().map(|b| b.len()).collect::<Vec<_>>(), [4, 4, 2]);
    assert_eq!(batches(&names, ARG_BUDGET).len(), 1);
}

#[test]
fn commands_split_on_separators() {
    let got = commands("apt-get update && X=1 apt install -y 'a b' | tee $(echo c)");
    let want: Vec<Vec<&str>> = vec![
        vec!["apt-get", "update"],
        vec!["X=1", "apt", "install", "-y", "a b"],
        vec!["tee"],
        vec!["echo", "c"],
    ];
    assert_eq!(got, want);
}

#[test]
fn lines_map_through_insertions() {
    assert_eq!(line_map("a\nb\nc\n", "a\nSHELL\nb\nc2\n"), [0, 1, 2, 2, 3]);
}

/// The detectors on small files, so each is seen to say yes and no.
#[test]
fn detectors_decide_from_the_file() {
    let at = |line| Finding {
        code: "DL3009".into(),
        file: "Dockerfile".into(),
        line,
        column: 1,
        level: "info".into(),
        message: String::new(),
    };
    let case = |text: &str| Case::new(text.to_string(), text.to_string());

    let later =
        case("FROM debian AS base\nRUN apt-get update\nFROM base\nRUN apt-get install -y x\n");
    assert!(apt_used_later(&later, &at(2)));
    let refreshed =
        case("FROM debian\nRUN apt-get update\nRUN apt-get update && apt-get install -y x\n");
    assert!(!apt_used_later(&refreshed, &at(2)));
    let other_stage =
        case("FROM debian AS a\nRUN apt-get update\nFROM debian\nRUN apt install x\n");
    assert!(!apt_used_later(&other_stage, &at(2)));

    let cmd = |text: &str| uses_shell_features(&case(&format!("FROM x\nCMD {text}\n")), &at(2));
    assert!(cmd("echo $HOME"));
    assert!(cmd("a && b"));
    assert!(cmd("ls *.txt"));
    assert!(cmd("echo \"$X\""));
    assert!(!cmd("nginx -g 'daemon off;'"));
    assert!(!cmd("python app.py --port 80"));
    assert!(!uses_shell_features(&case("FROM x\nCMD [\"a\", \"$b\"]\n"), &at(2)));

    let silenced = case("FROM x\n# hadolint ignore=DL3009\n# why\nRUN apt-get update\n");
    assert!(silenced_by_comment(&silenced, &at(4)));
    let apart = case("FROM x\n# hadolint ignore=DL3009\n\nRUN apt-get update\n");
    assert!(!silenced_by_comment(&apart, &at(4)));

    let changed = Case::new(
        "FROM x\nRUN a | b\n".into(),
        "FROM x\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n".into(),
    );
    assert!(shell_changed(&changed, &at(3)));
    assert!(!shell_changed(&case("FROM x\nRUN a | b\n"), &at(2)));

    let apt = Case::new(
        "FROM x\nRUN apt install -y a\n".into(),
        "FROM x\nRUN apt-get install -y a\n".into(),
    );
    assert!(apt_became_apt_get(&apt, &at(2)));
    let in_place = Case::new("FROM x\nADD a .\n".into(), "FROM x AS y\nCOPY a .\n".into());
    assert!(add_became_copy(&in_place, &at(2)));
    let copy = Case::new("FROM x\nADD a b c\n".into(), "FROM x\nCOPY a b c\n".into());
    assert!(add_became_copy(&copy, &at(2)));
    assert!(!add_became_copy(&case("FROM x\nCOPY a b c\n"), &at(2)));

    let builder = case("FROM debian AS b\nRUN apt-get update\nFROM debian\nCOPY --from=b / /\n");
    assert!(stage_not_shipped(&builder, &at(2)));
    let base = case("FROM debian AS b\nRUN apt-get update\nFROM b\nRUN true\n");
    assert!(!stage_not_shipped(&base, &at(2)));
    let distclean =
        case("FROM debian\nRUN apt-get update; apt-get install -y a; apt-get distclean\n");
    assert!(lists_removed_by_distclean(&distclean, &at(2)));
    assert!(!lists_removed_by_distclean(&case("FROM debian\nRUN apt-get clean\n"), &at(2)));
    let zypper = case("FROM opensuse/leap\nRUN zypper in -y a && rm -rf /var/cache/zypp\n");
    assert!(zypper_cache_removed(&zypper, &at(2)));

    let add = |text: &str| add_may_fetch_or_unpack(&case(&format!("FROM x\nADD {text}\n")), &at(2));
    assert!(add("$ARCH/bin /usr/bin/"));
    assert!(add("a.tar.gz b /opt/"));
    assert!(!add("bin /usr/bin/"));
    assert!(json_misread_by_hadolint(&case("FROM x\nCMD [\"\\/a\"]\n"), &at(2)));
    assert!(!json_misread_by_hadolint(&case("FROM x\nCMD a\n"), &at(2)));

    let family = |from: &str| base_family(&case(&format!("{from}\nRUN a | b\n")).fixed, 0);
    assert_eq!(family("FROM alpine:3.20"), Some("alpine"));
    assert_eq!(family("FROM node:22-bookworm-slim"), Some("debian"));
    assert_eq!(family("FROM registry.access.redhat.com/ubi9/ubi:9.4"), Some("rhel"));
    assert_eq!(family("FROM golang:$TAG"), None);
    assert_eq!(family("FROM ${BASE}"), None);
    let chained = case("FROM debian:12 AS a\nFROM a\nRUN a | b\n");
    assert_eq!(base_family(&chained.fixed, 1), Some("debian"));
    assert!(shell_unknown(&case("FROM ghcr.io/x/y\nRUN a | b\n"), &at(2)));
    assert!(!shell_unknown(&case("FROM debian:12\nRUN a | b\n"), &at(2)));
    let own = case("FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a | b\n");
    assert!(shell_set_without_pipefail(&own, &at(3)));
    assert!(uses_shell_features(&case("FROM x\nHEALTHCHECK CMD curl -f x || exit 1\n"), &at(2)));
    assert!(!uses_shell_features(&case("FROM x\nHEALTHCHECK CMD kong-health\n"), &at(2)));

    let run = |script: &str| case(&format!("FROM x\nRUN {script}\n"));
    assert!(install_word_escaped(&run("apt-get \\update && apt-get \\\"install znc -y"), &at(2)));
    assert!(!install_word_escaped(&run("apt-get update && apt-get install znc -y"), &at(2)));
    let branch = "(if [ -f yarn.lock ]; then yarn install; else pnpm install; fi)";
    assert!(yarn_install_in_a_branch(&run(branch), &at(2)));
    assert!(!yarn_install_in_a_branch(&run("yarn install && echo done"), &at(2)));
    assert!(clean_after_earlier_rm(
        &run("yum clean all && yum install -y a && yum clean all"),
        &at(2)
    ));

    let dnf =
        |script: &str| clean_after_earlier_rm(&case(&format!("FROM x\nRUN {script}\n")), &at(2));
    assert!(dnf("rm -rf /tmp/k; microdnf install -y a; microdnf clean all"));
    assert!(!dnf("rm -rf /tmp/k; microdnf install -y a"));
    assert!(!dnf("microdnf install -y a; rm -rf /tmp/k"));
    assert!(dnf(
        "microdnf update -y && rm -rf /var/cache/yum; microdnf install -y a; microdnf clean all"
    ));
    let apt = |script: &str| apt_get_simulates(&case(&format!("FROM x\nRUN {script}\n")), &at(2));
    assert!(apt("apt-get install -y a && apt-get install -s b"));
    assert!(!apt("apt-get install a"));
    assert!(apt("if apt-get install -s b > /dev/null; then true; fi"));
}
