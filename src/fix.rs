//! Applying fixes to a file until nothing more changes.
//!
//! Each round parses the text, runs the rules, takes the fixes that apply (safe ones, and
//! unsafe ones when asked) in file order without overlaps, and splices them in. A round whose
//! result BuildKit would no longer accept is undone and its rules named; the loop ends when no
//! fix applies or after [`MAX_ROUNDS`].

use std::collections::BTreeMap;

use rowan::TextSize;

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::rules;
use crate::syntax;

/// Enough for fixes that enable other fixes; a file needing more is left as the last round made it.
pub const MAX_ROUNDS: usize = 16;

#[derive(Debug, Clone, Copy, Default)]
pub struct FixOptions {
    /// Apply fixes that may change what the image contains.
    pub unsafe_fixes: bool,
}

impl FixOptions {
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
    /// The findings left in the fixed text (syntax errors among them, for a broken file).
    pub remaining: Vec<Diagnostic>,
    /// Rules whose fixes were undone because the result no longer parsed.
    pub reverted: Vec<&'static str>,
    /// The rounds did not settle within [`MAX_ROUNDS`].
    pub unsettled: bool,
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

/// Every finding in `source`, without fixing anything.
pub fn lint(source: &str) -> Vec<Diagnostic> {
    let parse = syntax::parse(source);
    rules::check(source, &parse)
}

/// Applies the fixes `options` allows to `source` until nothing more changes.
pub fn fix(source: &str, options: &FixOptions) -> FixOutcome {
    let mut outcome = FixOutcome { text: source.to_string(), ..FixOutcome::default() };
    let mut diagnostics = lint(source);
    for _ in 0..MAX_ROUNDS {
        let (edits, rules_used) = select_edits(&diagnostics, options);
        if edits.is_empty() {
            outcome.remaining = diagnostics;
            return outcome;
        }
        let text = apply_edits(&outcome.text, &edits);
        let parse = syntax::parse(&text);
        if !parse.errors().is_empty() {
            outcome.reverted = rules_used.keys().copied().collect();
            outcome.remaining = diagnostics;
            return outcome;
        }
        for (rule, count) in rules_used {
            *outcome.applied.entry(rule).or_default() += count;
        }
        diagnostics = rules::check(&text, &parse);
        outcome.text = text;
    }
    outcome.unsettled = true;
    outcome.remaining = diagnostics;
    outcome
}

/// The edits of the fixes to apply this round, in order and without overlaps, and how many
/// fixes each rule contributes.
fn select_edits(
    diagnostics: &[Diagnostic],
    options: &FixOptions,
) -> (Vec<Edit>, BTreeMap<&'static str, usize>) {
    let mut fixes: Vec<(&Diagnostic, TextSize, TextSize)> = diagnostics
        .iter()
        .filter_map(|d| {
            let fix = d.fix.as_ref()?;
            if !options.applies(fix.applicability) || fix.edits.is_empty() {
                return None;
            }
            let start = fix.edits.iter().map(|e| e.range.start()).min()?;
            let end = fix.edits.iter().map(|e| e.range.end()).max()?;
            Some((d, start, end))
        })
        .collect();
    fixes.sort_by_key(|&(_, start, end)| (start, end));

    let mut edits = Vec::new();
    let mut used = BTreeMap::new();
    let mut last_end: Option<TextSize> = None;
    for (diagnostic, start, end) in fixes {
        if last_end.is_some_and(|last| start < last || (start == last && start == end)) {
            // Overlaps what an earlier fix changes; the next round will see it again.
            continue;
        }
        let mut fix_edits = diagnostic.fix.as_ref().map(|f| f.edits.clone()).unwrap_or_default();
        fix_edits.sort_by_key(|e| (e.range.start(), e.range.end()));
        edits.extend(fix_edits);
        *used.entry(diagnostic.rule).or_default() += 1;
        last_end = Some(end);
    }
    (edits, used)
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
