//! The rules: each looks at a parsed file and reports what it finds, with a fix when it has one.
//!
//! A rule is one file with one `check` function; [`RULES`] lists them all, and is the only place
//! a new rule has to be added.

mod apk_no_cache;

use crate::diagnostic::{Applicability, Diagnostic};
use crate::semantics::Semantics;
use crate::syntax::Parse;

/// What a rule sees: the text and its tree.
pub struct Context<'a> {
    pub source: &'a str,
    pub parse: &'a Parse,
    /// Stages, their distribution family and inherited settings, worked out once per file.
    pub semantics: Semantics,
}

/// Whether a rule's findings come with a fix, and how safe it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    Safe,
    Unsafe,
    ReportOnly,
}

impl FixKind {
    pub fn applicability(self) -> Option<Applicability> {
        match self {
            FixKind::Safe => Some(Applicability::Safe),
            FixKind::Unsafe => Some(Applicability::Unsafe),
            FixKind::ReportOnly => None,
        }
    }
}

pub struct Rule {
    /// The name users select, ignore and suppress the rule by.
    pub name: &'static str,
    /// The hadolint or BuildKit check codes the rule corresponds to.
    pub codes: &'static [&'static str],
    /// One line saying what the rule finds.
    pub summary: &'static str,
    /// Markdown: What it does, Why, Example (checked by a test), Fix safety, Known problems.
    pub doc: &'static str,
    pub fix: FixKind,
    pub check: fn(&Context<'_>, &mut Vec<Diagnostic>),
}

/// The rule name under which files BuildKit would reject are reported.
pub const SYNTAX_ERROR: &str = "syntax-error";

pub static RULES: &[Rule] = &[Rule {
    name: apk_no_cache::NAME,
    codes: &["DL3019"],
    summary: "`apk add` and `apk upgrade` without `--no-cache` keep the package index in the image",
    doc: apk_no_cache::DOC,
    fix: FixKind::Safe,
    check: apk_no_cache::check,
}];

/// Every finding in `source`: its syntax errors, or when it has none, what the rules report.
pub fn check(source: &str, parse: &Parse) -> Vec<Diagnostic> {
    if !parse.errors().is_empty() {
        return parse
            .errors()
            .iter()
            .map(|e| Diagnostic {
                rule: SYNTAX_ERROR,
                message: e.message.clone(),
                range: e.range,
                fix: None,
            })
            .collect();
    }
    let ctx = Context { source, parse, semantics: Semantics::new(parse) };
    let mut diagnostics = Vec::new();
    for rule in RULES {
        (rule.check)(&ctx, &mut diagnostics);
    }
    diagnostics.sort_by_key(|d| (d.range.start(), d.range.end()));
    diagnostics
}
