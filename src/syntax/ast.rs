//! A typed view over the tree: stages, instructions, flags, image references and heredocs.
//!
//! Accessors return `Option` because any tree may be incomplete; values that BuildKit reads
//! from the joined logical line (a flag's value, an image name) are read the same way here,
//! through [`LogicalText`], so a continuation in the middle of a word changes nothing.

use rowan::{TextRange, TextSize};

use super::SyntaxKind::{self, *};
use super::{SyntaxNode, SyntaxToken};

macro_rules! ast_node {
    ($(#[$meta:meta])* $name:ident, $($kind:pat_param)|+) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(SyntaxNode);

        impl $name {
            pub fn cast(node: SyntaxNode) -> Option<Self> {
                matches!(node.kind(), $($kind)|+).then(|| Self(node))
            }

            pub fn syntax(&self) -> &SyntaxNode {
                &self.0
            }
        }
    };
}

ast_node!(
    /// The whole file.
    SourceFile, SOURCE_FILE
);
ast_node!(
    /// A parser directive such as `# syntax=docker/dockerfile:1`.
    Directive, DIRECTIVE
);
ast_node!(
    /// Any instruction, known or not.
    Instruction,
    FROM_INSTR
        | RUN_INSTR
        | CMD_INSTR
        | LABEL_INSTR
        | MAINTAINER_INSTR
        | EXPOSE_INSTR
        | ENV_INSTR
        | ADD_INSTR
        | COPY_INSTR
        | ENTRYPOINT_INSTR
        | VOLUME_INSTR
        | USER_INSTR
        | WORKDIR_INSTR
        | ARG_INSTR
        | ONBUILD_INSTR
        | STOPSIGNAL_INSTR
        | HEALTHCHECK_INSTR
        | SHELL_INSTR
        | UNKNOWN_INSTR
);
ast_node!(
    /// A `--name=value` flag.
    Flag, FLAG
);
ast_node!(
    /// Shell-form arguments: one string handed to the shell.
    ShellForm, SHELL_FORM
);
ast_node!(
    /// Exec-form arguments: a JSON array.
    ExecForm, EXEC_FORM
);
ast_node!(
    /// The image a `FROM` builds on.
    ImageRef, IMAGE_REF
);
ast_node!(
    /// A heredoc body with its closing line.
    Heredoc, HEREDOC
);

impl SourceFile {
    pub fn directives(&self) -> impl Iterator<Item = Directive> + use<> {
        self.0.children().filter_map(Directive::cast)
    }

    pub fn instructions(&self) -> impl Iterator<Item = Instruction> + use<> {
        self.0.children().filter_map(Instruction::cast)
    }

    /// The build stages: each starts at a `FROM` and runs to the next one.
    pub fn stages(&self) -> Vec<Stage> {
        let mut stages: Vec<Stage> = Vec::new();
        for instruction in self.instructions() {
            if instruction.kind() == FROM_INSTR {
                stages.push(Stage { from: instruction, instructions: Vec::new() });
            } else if let Some(stage) = stages.last_mut() {
                stage.instructions.push(instruction);
            }
        }
        stages
    }
}

/// One build stage: its `FROM` and the instructions after it.
#[derive(Debug, Clone)]
pub struct Stage {
    pub from: Instruction,
    pub instructions: Vec<Instruction>,
}

impl Stage {
    pub fn image(&self) -> Option<ImageRef> {
        self.from.image()
    }

    /// The name after `AS`, as written.
    pub fn name(&self) -> Option<String> {
        let node = self.from.syntax().children().find(|n| n.kind() == STAGE_NAME)?;
        Some(LogicalText::of(&node).text)
    }
}

impl Directive {
    pub fn name(&self) -> Option<String> {
        token_text(&self.0, DIRECTIVE_NAME).map(|n| n.to_ascii_lowercase())
    }

    pub fn value(&self) -> Option<String> {
        token_text(&self.0, DIRECTIVE_VALUE)
    }
}

impl Instruction {
    pub fn kind(&self) -> SyntaxKind {
        self.0.kind()
    }

    pub fn keyword_token(&self) -> Option<SyntaxToken> {
        self.0.children_with_tokens().filter_map(|e| e.into_token()).find(|t| t.kind() == KEYWORD)
    }

    pub fn flags(&self) -> impl Iterator<Item = Flag> + use<> {
        self.0.children().filter_map(Flag::cast)
    }

    /// The first flag called `name` (without the leading `--`).
    pub fn flag(&self, name: &str) -> Option<Flag> {
        self.flags().find(|f| f.name() == name)
    }

    pub fn shell_form(&self) -> Option<ShellForm> {
        self.0.children().find_map(ShellForm::cast)
    }

    pub fn exec_form(&self) -> Option<ExecForm> {
        self.0.children().find_map(ExecForm::cast)
    }

    pub fn heredocs(&self) -> impl Iterator<Item = Heredoc> + use<> {
        self.0.children().filter_map(Heredoc::cast)
    }

    /// The instruction an `ONBUILD` wraps.
    pub fn onbuild_inner(&self) -> Option<Instruction> {
        if self.kind() != ONBUILD_INSTR {
            return None;
        }
        self.0.children().find_map(Instruction::cast)
    }

    /// The image of a `FROM`.
    pub fn image(&self) -> Option<ImageRef> {
        self.0.children().find_map(ImageRef::cast)
    }

    /// Whether the instruction holds an error BuildKit would reject.
    pub fn has_error(&self) -> bool {
        self.0.descendants().any(|n| n.kind() == ERROR)
    }
}

impl Flag {
    /// The flag as BuildKit reads it: `--name=value` with quotes and escapes processed.
    pub fn text(&self) -> String {
        let escape = escape_of(&self.0);
        super::buildkit::flag_text(&LogicalText::of(&self.0).text, escape)
    }

    /// The flag's name without its leading `--`.
    pub fn name(&self) -> String {
        let text = self.text();
        let text = text.trim_start_matches('-');
        text.split_once('=').map_or(text, |(name, _)| name).to_string()
    }

    /// The text after the first `=`.
    pub fn value(&self) -> Option<String> {
        self.text().split_once('=').map(|(_, value)| value.to_string())
    }
}

/// The escape character in effect for the file `node` belongs to.
fn escape_of(node: &SyntaxNode) -> u8 {
    let root = node.ancestors().last().unwrap_or_else(|| node.clone());
    // Directives are the first nodes of a file, if any: the search stops at the first other.
    let escape = root
        .children()
        .map_while(Directive::cast)
        .find(|d| d.name().as_deref() == Some("escape"))
        .and_then(|d| d.value());
    if escape.as_deref() == Some("`") { b'`' } else { b'\\' }
}

impl ShellForm {
    pub fn logical_text(&self) -> LogicalText {
        LogicalText::of(&self.0)
    }
}

impl ExecForm {
    /// The array's strings, decoded.
    pub fn strings(&self) -> Vec<String> {
        match super::json::read_exec_form(&LogicalText::of(&self.0).text) {
            super::json::ExecForm::Strings(strings) => strings,
            _ => Vec::new(),
        }
    }
}

impl Heredoc {
    pub fn body_token(&self) -> Option<SyntaxToken> {
        self.0
            .descendants_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| t.kind() == HEREDOC_BODY)
    }

    pub fn body(&self) -> String {
        self.body_token().map(|t| t.text().to_string()).unwrap_or_default()
    }

    /// Whether the heredoc reaches its closing line.
    pub fn is_closed(&self) -> bool {
        token_text(&self.0, HEREDOC_END).is_some()
    }
}

/// An image reference split into its parts: `[registry/]name[:tag][@digest]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageParts {
    pub registry: Option<String>,
    pub name: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn text(&self) -> String {
        LogicalText::of(&self.0).text
    }

    pub fn parts(&self) -> ImageParts {
        ImageParts::parse(&self.text())
    }
}

impl ImageParts {
    pub fn parse(reference: &str) -> ImageParts {
        let (rest, digest) = match reference.split_once('@') {
            Some((rest, digest)) => (rest, Some(digest.to_string())),
            None => (reference, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (rest, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (&rest[..last_slash + i], Some(rest[last_slash + i + 1..].to_string())),
            None => (rest, None),
        };
        let (registry, name) = match rest.split_once('/') {
            Some((first, name))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (Some(first.to_string()), name.to_string())
            }
            _ => (None, rest.to_string()),
        };
        ImageParts { registry, name, tag, digest }
    }
}

fn token_text(node: &SyntaxNode, kind: SyntaxKind) -> Option<String> {
    node.children_with_tokens()
        .filter_map(|e| e.into_token())
        .find(|t| t.kind() == kind)
        .map(|t| t.text().to_string())
}

/// A node's text as BuildKit reads it (continuations joined, swallowed comment and blank lines
/// dropped), with the way back from each logical offset to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogicalText {
    pub text: String,
    /// `(logical start, file start, length)` of each stretch of text taken from the file.
    pieces: Vec<(usize, TextSize, usize)>,
}

impl LogicalText {
    pub fn of(node: &SyntaxNode) -> LogicalText {
        let tokens: Vec<SyntaxToken> = node
            .descendants_with_tokens()
            .filter_map(|e| e.into_token())
            .filter(|t| !matches!(t.kind(), HEREDOC_BODY | HEREDOC_END))
            .collect();
        let mut res = LogicalText { text: String::new(), pieces: Vec::new() };
        for (i, token) in tokens.iter().enumerate() {
            match token.kind() {
                NEWLINE | COMMENT | LINE_CONTINUATION => continue,
                WHITESPACE if swallowed_line(&tokens, i) => continue,
                _ => {}
            }
            let start = token.text_range().start();
            let len = token.text().len();
            match res.pieces.last_mut() {
                Some(last) if last.1 + TextSize::from(last.2 as u32) == start => last.2 += len,
                _ => res.pieces.push((res.text.len(), start, len)),
            }
            res.text.push_str(token.text());
        }
        res
    }

    /// The file offset of logical offset `offset`; an offset at the end of a stretch maps to
    /// the end of that stretch, not to the start of the next.
    pub fn to_file(&self, offset: usize) -> TextSize {
        for &(log, file, len) in &self.pieces {
            if offset <= log + len {
                return file + TextSize::from(offset.saturating_sub(log) as u32);
            }
        }
        self.pieces
            .last()
            .map_or(TextSize::new(0), |&(_, file, len)| file + TextSize::from(len as u32))
    }

    pub fn range_to_file(&self, start: usize, end: usize) -> TextRange {
        TextRange::new(self.to_file(start), self.to_file(end).max(self.to_file(start)))
    }

    /// The stretches of the file that hold logical `start..end`, leaving out the continuations
    /// and comment lines between them: what to delete to delete that logical text.
    pub fn ranges_to_file(&self, start: usize, end: usize) -> Vec<TextRange> {
        let mut ranges = Vec::new();
        for &(log, file, len) in &self.pieces {
            let from = start.max(log);
            let to = end.min(log + len);
            if from < to {
                let at = |offset: usize| file + TextSize::from((offset - log) as u32);
                ranges.push(TextRange::new(at(from), at(to)));
            }
        }
        ranges
    }
}

/// A WHITESPACE token that makes up a whole line BuildKit skips inside a continuation.
fn swallowed_line(tokens: &[SyntaxToken], i: usize) -> bool {
    let after_newline = i > 0 && tokens[i - 1].kind() == NEWLINE;
    let before_end = tokens.get(i + 1).is_none_or(|t| matches!(t.kind(), NEWLINE | COMMENT));
    after_newline && before_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references_split_into_parts() {
        let parts = ImageParts::parse("ghcr.io/org/app:1.2@sha256:abc");
        assert_eq!(parts.registry.as_deref(), Some("ghcr.io"));
        assert_eq!(parts.name, "org/app");
        assert_eq!(parts.tag.as_deref(), Some("1.2"));
        assert_eq!(parts.digest.as_deref(), Some("sha256:abc"));

        let parts = ImageParts::parse("localhost:5000/app");
        assert_eq!(parts.registry.as_deref(), Some("localhost:5000"));
        assert_eq!((parts.name.as_str(), parts.tag), ("app", None));

        let parts = ImageParts::parse("library/alpine:3.21");
        assert_eq!(parts.registry, None);
        assert_eq!((parts.name.as_str(), parts.tag.as_deref()), ("library/alpine", Some("3.21")));
    }
}
