//! Findings and the text edits that fix them.

use rowan::{TextRange, TextSize};

/// Whether applying a fix keeps the image the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// The image's contents or behaviour may change; applied only when asked.
    Unsafe,
    /// The image means the same after the edit.
    Safe,
}

/// Replace `range` of the original text with `insert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub insert: String,
}

impl Edit {
    pub fn insert(offset: TextSize, text: impl Into<String>) -> Edit {
        Edit { range: TextRange::empty(offset), insert: text.into() }
    }

    pub fn replace(range: TextRange, text: impl Into<String>) -> Edit {
        Edit { range, insert: text.into() }
    }

    pub fn delete(range: TextRange) -> Edit {
        Edit { range, insert: String::new() }
    }
}

/// A set of edits that must be applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's name, as `--select` and the suppression comments spell it.
    pub rule: &'static str,
    pub message: String,
    pub range: TextRange,
    pub fix: Option<Fix>,
}
