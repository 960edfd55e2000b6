//! The kinds of every token and node in the Dockerfile tree.

/// Tokens come first, then nodes; `__LAST` bounds the conversion from `u16`.
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u16)]
pub enum SyntaxKind {
    // Tokens.
    /// The UTF-8 byte-order mark at the very start of a file.
    BOM = 0,
    /// Blanks inside a line: spaces, tabs, and any other white space but line ends.
    WHITESPACE,
    /// A line end: the run of CR and LF characters that closes a physical line.
    NEWLINE,
    /// A whole comment line from `#` to the end of the line.
    COMMENT,
    /// The escape character that continues a line, with the blanks after it.
    LINE_CONTINUATION,
    /// The instruction keyword, in the case the author wrote.
    KEYWORD,
    /// `AS` in `FROM image AS name`.
    AS_KW,
    /// Text without white space that no other kind describes.
    WORD,
    /// The `=` between a key and its value.
    EQ,
    /// `#` opening a parser directive.
    HASH,
    DIRECTIVE_NAME,
    DIRECTIVE_VALUE,
    /// `[`, `]`, `,` and strings of a JSON (exec form) array.
    L_BRACK,
    R_BRACK,
    COMMA,
    STRING,
    /// A heredoc marker such as `<<EOF`, `<<-"EOF"` or `3<<X`.
    HEREDOC_MARKER,
    /// The raw lines of a heredoc body, line ends included.
    HEREDOC_BODY,
    /// The line that closes a heredoc, without its line end.
    HEREDOC_END,

    // Nodes.
    SOURCE_FILE,
    /// `# name=value` at the top of the file.
    DIRECTIVE,
    FROM_INSTR,
    RUN_INSTR,
    CMD_INSTR,
    LABEL_INSTR,
    MAINTAINER_INSTR,
    EXPOSE_INSTR,
    ENV_INSTR,
    ADD_INSTR,
    COPY_INSTR,
    ENTRYPOINT_INSTR,
    VOLUME_INSTR,
    USER_INSTR,
    WORKDIR_INSTR,
    ARG_INSTR,
    ONBUILD_INSTR,
    STOPSIGNAL_INSTR,
    HEALTHCHECK_INSTR,
    SHELL_INSTR,
    /// An instruction whose keyword BuildKit does not know.
    UNKNOWN_INSTR,
    /// A `--name=value` option before the arguments.
    FLAG,
    /// Arguments in shell form: one string handed to the shell.
    SHELL_FORM,
    /// Arguments in exec form: a JSON array of strings.
    EXEC_FORM,
    /// One whitespace-separated argument (FROM, COPY, ADD, EXPOSE, VOLUME, HEALTHCHECK's type).
    ARGUMENT,
    /// The image of a `FROM`.
    IMAGE_REF,
    /// The stage name after `AS`.
    STAGE_NAME,
    /// A `key=value` pair of ENV or LABEL, or the legacy `key value` form.
    KEY_VALUE,
    /// One `name` or `name=default` of an ARG.
    ARG_DEF,
    KEY,
    VALUE,
    /// The single string argument of USER, WORKDIR, STOPSIGNAL and MAINTAINER.
    TEXT,
    /// A heredoc body and the line that closes it.
    HEREDOC,
    /// Text that does not form a valid instruction; the error list says why.
    ERROR,

    #[doc(hidden)]
    __LAST,
}

use SyntaxKind::*;

impl SyntaxKind {
    /// Tokens that carry no meaning of their own for BuildKit.
    pub fn is_trivia(self) -> bool {
        matches!(self, WHITESPACE | NEWLINE | COMMENT | LINE_CONTINUATION)
    }

    /// The node kind of an instruction keyword, compared as BuildKit does, in lower case.
    pub fn from_keyword(lowercase: &str) -> SyntaxKind {
        match lowercase {
            "from" => FROM_INSTR,
            "run" => RUN_INSTR,
            "cmd" => CMD_INSTR,
            "label" => LABEL_INSTR,
            "maintainer" => MAINTAINER_INSTR,
            "expose" => EXPOSE_INSTR,
            "env" => ENV_INSTR,
            "add" => ADD_INSTR,
            "copy" => COPY_INSTR,
            "entrypoint" => ENTRYPOINT_INSTR,
            "volume" => VOLUME_INSTR,
            "user" => USER_INSTR,
            "workdir" => WORKDIR_INSTR,
            "arg" => ARG_INSTR,
            "onbuild" => ONBUILD_INSTR,
            "stopsignal" => STOPSIGNAL_INSTR,
            "healthcheck" => HEALTHCHECK_INSTR,
            "shell" => SHELL_INSTR,
            _ => UNKNOWN_INSTR,
        }
    }

    /// Every kind, tokens first, in discriminant order.
    pub fn all() -> &'static [SyntaxKind] {
        &ALL_KINDS
    }

    pub fn is_node(self) -> bool {
        self >= SOURCE_FILE
    }

    pub fn is_instruction(self) -> bool {
        (FROM_INSTR as u16..=UNKNOWN_INSTR as u16).contains(&(self as u16))
    }
}

impl From<SyntaxKind> for rowan::SyntaxKind {
    fn from(kind: SyntaxKind) -> Self {
        Self(kind as u16)
    }
}

/// The rowan language of Dockerfiles.
#[derive(Debug, Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dockerfile {}

impl rowan::Language for Dockerfile {
    type Kind = SyntaxKind;

    fn kind_from_raw(raw: rowan::SyntaxKind) -> SyntaxKind {
        ALL_KINDS[raw.0 as usize]
    }

    fn kind_to_raw(kind: SyntaxKind) -> rowan::SyntaxKind {
        kind.into()
    }
}

const ALL_KINDS: [SyntaxKind; __LAST as usize] = [
    BOM,
    WHITESPACE,
    NEWLINE,
    COMMENT,
    LINE_CONTINUATION,
    KEYWORD,
    AS_KW,
    WORD,
    EQ,
    HASH,
    DIRECTIVE_NAME,
    DIRECTIVE_VALUE,
    L_BRACK,
    R_BRACK,
    COMMA,
    STRING,
    HEREDOC_MARKER,
    HEREDOC_BODY,
    HEREDOC_END,
    SOURCE_FILE,
    DIRECTIVE,
    FROM_INSTR,
    RUN_INSTR,
    CMD_INSTR,
    LABEL_INSTR,
    MAINTAINER_INSTR,
    EXPOSE_INSTR,
    ENV_INSTR,
    ADD_INSTR,
    COPY_INSTR,
    ENTRYPOINT_INSTR,
    VOLUME_INSTR,
    USER_INSTR,
    WORKDIR_INSTR,
    ARG_INSTR,
    ONBUILD_INSTR,
    STOPSIGNAL_INSTR,
    HEALTHCHECK_INSTR,
    SHELL_INSTR,
    UNKNOWN_INSTR,
    FLAG,
    SHELL_FORM,
    EXEC_FORM,
    ARGUMENT,
    IMAGE_REF,
    STAGE_NAME,
    KEY_VALUE,
    ARG_DEF,
    KEY,
    VALUE,
    TEXT,
    HEREDOC,
    ERROR,
];

pub type SyntaxNode = rowan::SyntaxNode<Dockerfile>;
pub type SyntaxToken = rowan::SyntaxToken<Dockerfile>;
pub type SyntaxElement = rowan::SyntaxElement<Dockerfile>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_table_matches_discriminants() {
        for (i, kind) in ALL_KINDS.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{kind:?} is out of place in ALL_KINDS");
        }
    }
}
