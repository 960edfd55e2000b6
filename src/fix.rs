//! Applying fixes to a file until nothing more changes.
//!
//! Each round parses the text, runs the rules, takes the fixes that apply (safe ones, and
//! unsafe ones when asked) in file order without overlaps, and splices them in. A round whose
//! result BuildKit would no longer accept is undone and its rules named; the loop ends when no
//! fix applies or after [`MAX_ROUNDS`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rowan::TextSize;

use crate::config::RuleOptions;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::rules::{self, FileInfo, RULES, Rule};
use crate::semantics::Semantics;
use crate::syntax;

/// Enough for fixes that enable other fixes; a file needing more is left as the last round made it.
pub const MAX_ROUNDS: usize = 16;

/// Which rules run and which fixes apply. The default runs every rule and applies safe fixes.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Apply fixes that may change what the image contains.
    pub unsafe_fixes: bool,
    /// The rules to run, by name; `None` runs them all.
    pub select: Option<Vec<String>>,
    /// Rules not to run, by name, even when selected.
    pub ignore: Vec<String>,
    /// What single rules are configured to do.
    pub options: Arc<RuleOptions>,
    /// The folder the file is built from; `None` takes the file's own folder.
    pub context: Option<PathBuf>,
    /// The stage the build stops at; `None` builds the last one.
    pub target: Option<String>,
}

impl Settings {
    /// The rules these settings run, in the order of [`RULES`]. Names that match no rule
    /// select nothing; [`Settings::unknown_rules`] finds them.
    pub fn rules(&self) -> Vec<&'static Rule> {
        let selected = |rule: &Rule| {
            self.select.as_ref().is_none_or(|names| names.iter().any(|n| n == rule.name))
        };
        let ignored = |rule: &Rule| self.ignore.iter().any(|n| n == rule.name);
        RULES.iter().filter(|rule| selected(rule) && !ignored(rule)).collect()
    }

    /// The names in `select` and `ignore` that are no rule's, each once, in order.
    pub fn unknown_rules(&self) -> Vec<&str> {
        let mut unknown: Vec<&str> = Vec::new();
        for name in self.select.iter().flatten().chain(&self.ignore) {
            if rules::by_name(name).is_none() && !unknown.contains(&name.as_str()) {
                unknown.push(name);
            }
        }
        unknown
    }

    /// What rules know of the file at `path` besides its text.
    fn file_info<'a>(&'a self, path: Option<&'a Path>) -> FileInfo<'a> {
        FileInfo {
            path,
            context: self.context.as_deref(),
            target: self.target.as_deref(),
            options: &self.options,
        }
    }

    fn applies(&self, applicability: Applicability) -> bool {
        applicability == Applicability::Safe || self.unsafe_fixes
    }
}

/// What fixing one file did.
#[derive(Debug, Clone, Default)]
pub struct FixOutcome {
    /// The fixed text; equal to the input when nothing applied.
    pub text: String,
    /// How many fixes each rule applied.
    pub applied: BTreeMap<&'static str, usize>,
    /// The findings in the text as it came, before any fix.
    pub found: Vec<Diagnostic>,
    /// The findings left in the fixed text (syntax errors among them, for a broken file).
    pub remaining: Vec<Diagnostic>,
    /// Rules whose fixes were undone because the result no longer parsed.
    pub reverted: Vec<&'static str>,
    /// The rounds did not settle within [`MAX_ROUNDS`].
    pub unsettled: bool,
    /// The target stage the settings name is no stage of the file, so the rules that judge the
    /// runtime stage judged nothing.
    pub missing_target: bool,
}

impl FixOutcome {
    pub fn changed(&self, source: &str) -> bool {
        self.text != source
    }

    /// Findings left with a fix that was not applied because it is unsafe.
    pub fn unsafe_fixes_held_back(&self) -> usize {
        self.remaining
            .iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Unsafe))
            .count()
    }
}

/// Every finding in `source` of the rules `settings` runs, without fixing anything. Syntax
/// errors are always reported.
pub fn lint(source: &str, settings: &Settings) -> Vec<Diagnostic> {
    lint_at(source, None, settings)
}

/// [`lint`] for the file at `path`, which lets rules look at the build context beside it.
pub fn lint_at(source: &str, path: Option<&Path>, settings: &Settings) -> Vec<Diagnostic> {
    lint_and_target(source, path, settings).0
}

/// [`lint_at`], and whether the target stage `settings` name is no stage of `source` where
/// rules that judge the runtime stage are to run (they then judge nothing).
pub fn lint_and_target(
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
) -> (Vec<Diagnostic>, bool) {
    let parse = syntax::parse(source);
    let (file, rules) = (settings.file_info(path), settings.rules());
    (rules::check(source, &file, &parse, &rules), misses_target(&parse, &file, &rules))
}

fn misses_target(parse: &syntax::Parse, file: &FileInfo<'_>, rules: &[&'static Rule]) -> bool {
    let Some(target) = file.target else { return false };
    let judged = rules.iter().any(|rule| rules::RUNTIME_STAGE_RULES.contains(&rule.name));
    judged && parse.errors().is_empty() && Semantics::new(parse).stage_named(target).is_none()
}

/// Applies the fixes `settings` allows to `source` until nothing more changes.
pub fn fix(source: &str, settings: &Settings) -> FixOutcome {
    fix_at(source, None, settings)
}

/// [`fix`] for the file at `path`, which lets rules look at the build context beside it.
pub fn fix_at(source: &str, path: Option<&Path>, settings: &Settings) -> FixOutcome {
    fix_with(source, path, settings, &settings.rules())
}

/// [`fix_at`] with the rules given, so that tests can bring rules of their own.
fn fix_with(
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
    rules: &[&'static Rule],
) -> FixOutcome {
    let mut outcome = FixOutcome { text: source.to_string(), ..FixOutcome::default() };
    let file = settings.file_info(path);
    let parse = syntax::parse(source);
    outcome.missing_target = misses_target(&parse, &file, rules);
    let mut diagnostics = rules::check(source, &file, &parse, rules);
    drop(parse);
    outcome.found = diagnostics.clone();
    for _ in 0..MAX_ROUNDS {
        let fixes = select_fixes(&diagnostics, settings);
        if fixes.is_empty() {
            outcome.remaining = diagnostics;
            return outcome;
        }

        // A round whose result no longer parses is undone, and the loop stops there.
        let text = apply_edits(&outcome.text, &edits_of(&fixes));
        let parse = syntax::parse(&text);
        if !parse.errors().is_empty() {
            outcome.reverted = culprits(&outcome.text, &fixes);
            outcome.remaining = diagnostics;
            return outcome;
        }

        for fix in &fixes {
            *outcome.applied.entry(fix.rule).or_default() += 1;
        }
        diagnostics = rules::check(&text, &file, &parse, rules);
        outcome.text = text;
    }
    outcome.unsettled = true;
    outcome.remaining = diagnostics;
    outcome
}

/// The findings whose fixes apply this round, in file order and without overlaps.
fn select_fixes<'a>(diagnostics: &'a [Diagnostic], settings: &Settings) -> Vec<&'a Diagnostic> {
    let mut fixes: Vec<(&Diagnostic, TextSize, TextSize)> = diagnostics
        .iter()
        .filter_map(|d| {
            let fix = d.fix.as_ref()?;
            if !settings.applies(fix.applicability) || fix.edits.is_empty() {
                return None;
            }
            let start = fix.edits.iter().map(|e| e.range.start()).min()?;
            let end = fix.edits.iter().map(|e| e.range.end()).max()?;
            Some((d, start, end))
        })
        .collect();
    fixes.sort_by_key(|&(_, start, end)| (start, end));

    let mut selected = Vec::new();
    let mut last_end: Option<TextSize> = None;
    for (diagnostic, start, end) in fixes {
        if last_end.is_some_and(|last| start < last || (start == last && start == end)) {
            // Overlaps what an earlier fix changes; the next round will see it again.
            continue;
        }
        selected.push(diagnostic);
        last_end = Some(end);
    }
    selected
}

/// The edits of `fixes`, sorted.
fn edits_of(fixes: &[&Diagnostic]) -> Vec<Edit> {
    let mut edits: Vec<Edit> =
        fixes.iter().filter_map(|d| d.fix.as_ref()).flat_map(|f| f.edits.clone()).collect();
    // Stable, so edits at one offset keep the order their fix gave them.
    edits.sort_by_key(|e| (e.range.start(), e.range.end()));
    edits
}

/// The rules to blame for a round that broke `text`: those whose fixes alone break it, or every
/// rule of the round when only the fixes together do.
fn culprits(text: &str, fixes: &[&Diagnostic]) -> Vec<&'static str> {
    let mut rules: Vec<&'static str> = fixes.iter().map(|d| d.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    let breaks = |rule: &&'static str| {
        let own: Vec<&Diagnostic> = fixes.iter().copied().filter(|d| d.rule == *rule).collect();
        !syntax::parse(&apply_edits(text, &edits_of(&own))).errors().is_empty()
    };
    let alone: Vec<&'static str> = rules.iter().copied().filter(breaks).collect();
    if alone.is_empty() { rules } else { alone }
}

/// Splices sorted, non-overlapping `edits` into `text`.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.insert.len()).sum::<usize>());
    let mut pos = 0;
    for edit in edits {
        let start = usize::from(edit.range.start());
        let end = usize::from(edit.range.end());
        out.push_str(&text[pos..start]);
        out.push_str(&edit.insert);
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use rowan::TextRange;

    use super::*;
    use crate::diagnostic::Fix;
    use crate::rules::{Context, FixKind};
    use crate::syntax::SyntaxKind::RUN_INSTR;

    /// A finding on each instruction of `kind` with one edit at its end.
    fn at_each(
        ctx: &Context<'_>,
        out: &mut Vec<Diagnostic>,
        rule: &'static str,
        insert: &str,
        applicability: Applicability,
    ) {
        for instruction in ctx.parse.tree().instructions().filter(|i| i.kind() == RUN_INSTR) {
            let end = instruction.syntax().text_range().end();
            out.push(Diagnostic {
                rule,
                message: String::new(),
                range: instruction.syntax().text_range(),
                fix: Some(Fix { edits: vec![Edit::insert(end, insert)], applicability }),
            });
        }
    }

    fn breaking(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // An instruction BuildKit does not know.
        at_each(ctx, out, "breaks-the-file", "\nFROBNICATE", Applicability::Safe);
    }

    fn unsafe_comment(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !ctx.source.contains("# touched") {
            at_each(ctx, out, "unsafe-comment", " # touched", Applicability::Unsafe);
        }
    }

    const fn fake(
        name: &'static str,
        fix: FixKind,
        check: fn(&Context<'_>, &mut Vec<Diagnostic>),
    ) -> Rule {
        Rule { name, codes: &[], summary: "", doc: "", fix, check }
    }

    static BREAKING: Rule = fake("breaks-the-file", FixKind::Safe, breaking);
    static UNSAFE: Rule = fake("unsafe-comment", FixKind::Unsafe, unsafe_comment);

    fn apk() -> &'static Rule {
        rules::by_name("apk-no-cache").unwrap()
    }

    #[test]
    fn a_round_that_breaks_the_file_is_undone_and_its_rule_named() {
        let source = "FROM alpine\nRUN apk add x\n";
        let outcome = fix_with(source, None, &Settings::default(), &[apk(), &BREAKING]);
        assert_eq!(outcome.text, source);
        assert_eq!(outcome.reverted, ["breaks-the-file"]);
        assert!(outcome.applied.is_empty());
        // What is left is what the rules found before the round.
        let left: Vec<&str> = outcome.remaining.iter().map(|d| d.rule).collect();
        assert_eq!(left, ["breaks-the-file", "apk-no-cache"]);
    }

    #[test]
    fn fixes_that_break_the_file_only_together_are_all_named() {
        // Each adds an `escape` directive, which is fine alone; two are a duplicate.
        fn escape_at(ctx: &Context<'_>, out: &mut Vec<Diagnostic>, rule: &'static str, at: usize) {
            if ctx.source.contains("escape") {
                return;
            }
            let offset = TextSize::try_from(at).unwrap();
            out.push(Diagnostic {
                rule,
                message: String::new(),
                range: TextRange::empty(offset),
                fix: Some(Fix {
                    edits: vec![Edit::insert(offset, "# escape=`\n")],
                    applicability: Applicability::Safe,
                }),
            });
        }
        fn first(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
            escape_at(ctx, out, "first", 0);
        }
        fn second(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
            escape_at(ctx, out, "second", ctx.source.find('\n').unwrap() + 1);
        }
        static FIRST: Rule = fake("first", FixKind::Safe, first);
        static SECOND: Rule = fake("second", FixKind::Safe, second);
        let source = "# syntax=docker/dockerfile:1\nFROM alpine\n";
        let alone = fix_with(source, None, &Settings::default(), &[&SECOND]);
        assert_eq!(alone.text, "# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine\n");
        let outcome = fix_with(source, None, &Settings::default(), &[&FIRST, &SECOND]);
        assert_eq!(outcome.text, source);
        assert_eq!(outcome.reverted, ["first", "second"]);
    }

    #[test]
    fn applied_fixes_are_counted_per_rule_across_rounds() {
        let source = "FROM alpine\nRUN apk add x && apk upgrade\nRUN apk add y\n";
        let settings = Settings { unsafe_fixes: true, ..Settings::default() };
        let outcome = fix_with(source, None, &settings, &[apk(), &UNSAFE]);
        assert_eq!(
            outcome.text,
            "FROM alpine\nRUN apk add --no-cache x && apk upgrade --no-cache # touched\n\
             RUN apk add --no-cache y # touched\n"
        );
        let applied: Vec<(&str, usize)> = outcome.applied.into_iter().collect();
        assert_eq!(applied, [("apk-no-cache", 3), ("unsafe-comment", 2)]);
        assert!(outcome.reverted.is_empty() && !outcome.unsettled);
    }

    #[test]
    fn unsafe_fixes_are_held_back_unless_asked_for() {
        let source = "FROM alpine\nRUN apk add x\nRUN true\n";
        let outcome = fix_with(source, None, &Settings::default(), &[apk(), &UNSAFE]);
        assert_eq!(outcome.text, "FROM alpine\nRUN apk add --no-cache x\nRUN true\n");
        assert_eq!(outcome.unsafe_fixes_held_back(), 2);
        assert_eq!(outcome.applied.len(), 1);
    }

    #[test]
    fn fixes_that_keep_enabling_fixes_are_stopped() {
        fn forever(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
            at_each(ctx, out, "forever", " x", Applicability::Safe);
        }
        static FOREVER: Rule = fake("forever", FixKind::Safe, forever);
        let outcome = fix_with("FROM alpine\nRUN x\n", None, &Settings::default(), &[&FOREVER]);
        assert!(outcome.unsettled);
        assert_eq!(outcome.applied["forever"], MAX_ROUNDS);
    }

    #[test]
    fn select_and_ignore_choose_the_rules() {
        let names = |settings: &Settings| -> Vec<&str> {
            settings.rules().iter().map(|r| r.name).collect()
        };
        let all: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(names(&Settings::default()), all);
        let only = Settings { select: Some(vec!["apk-no-cache".into()]), ..Settings::default() };
        assert_eq!(names(&only), ["apk-no-cache"]);
        // Ignoring wins over selecting.
        let both = Settings { ignore: vec!["apk-no-cache".into()], ..only.clone() };
        assert!(!names(&both).contains(&"apk-no-cache"));
        let none = Settings { select: Some(Vec::new()), ..Settings::default() };
        assert!(names(&none).is_empty());
    }

    #[test]
    fn unknown_names_are_found_once_each() {
        let settings = Settings {
            select: Some(vec!["apk-no-cache".into(), "nope".into()]),
            ignore: vec!["DL3019".into(), "nope".into()],
            ..Settings::default()
        };
        assert_eq!(settings.unknown_rules(), ["nope", "DL3019"]);
        assert!(Settings::default().unknown_rules().is_empty());
    }

    #[test]
    fn syntax_errors_are_reported_whatever_is_selected() {
        let none = Settings { select: Some(Vec::new()), ..Settings::default() };
        let found = lint("FROM alpine\nRUN apk add x\nFOO bar\n", &none);
        let rules: Vec<&str> = found.iter().map(|d| d.rule).collect();
        assert_eq!(rules, [rules::SYNTAX_ERROR]);
        assert!(lint("FROM alpine\nRUN apk add x\n", &none).is_empty());
    }
}
