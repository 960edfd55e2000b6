//! The deprecated `MAINTAINER` instruction.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::LogicalText;

use super::Context;

pub(crate) const NAME: &str = "maintainer-deprecated";

pub(crate) const DOC: &str = r#"## What it does
Finds `MAINTAINER` instructions and writes their text as the
`org.opencontainers.image.authors` label instead.

## Why
`MAINTAINER` has been deprecated since Docker 1.13. It sets the image's `Author` field, which
few tools read; the OCI annotation `org.opencontainers.image.authors` is where registries and
scanners look for who maintains an image. BuildKit's `MaintainerDeprecated` check warns about
it on every build.

## Example
```dockerfile
FROM alpine:3.21
MAINTAINER Jane Doe <jane@example.com>
```
becomes
```dockerfile
FROM alpine:3.21
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```

## Fix safety
Unsafe: the label carries the same text, but the image's `Author` field is left empty, and a
tool that reads that field finds nothing there.

## Known problems
The label is written where `MAINTAINER` stood, even when the file already sets
`org.opencontainers.image.authors`; the later of the two wins. `MAINTAINER` with flags, which
`docker build` refuses, is reported without a fix.
"#;

const LABEL_KEY: &str = "org.opencontainers.image.authors";

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let escape = ctx.parse.escape();
    let keyword = if keywords_are_lower_case(ctx) { "label" } else { "LABEL" };
    for instruction in ctx.parse.tree().instructions() {
        let maintainer = match instruction.kind() {
            MAINTAINER_INSTR => instruction,
            ONBUILD_INSTR => match instruction.onbuild_inner() {
                Some(inner) if inner.kind() == MAINTAINER_INSTR => inner,
                _ => continue,
            },
            _ => continue,
        };
        let Some(keyword_token) = maintainer.keyword_token() else { continue };
        let text = maintainer.syntax().children().find(|n| n.kind() == TEXT);
        let (fix, why_not) = match text {
            Some(_) if maintainer.flags().next().is_some() => {
                (None, " (no fix: `MAINTAINER` takes no flags, and `docker build` refuses it)")
            }
            Some(text) => {
                let mut edits = vec![Edit::replace(keyword_token.text_range(), keyword)];
                edits.extend(quoted_value(ctx.source, &LogicalText::of(&text), escape));
                (Some(Fix { edits, applicability: Applicability::Unsafe }), "")
            }
            None => (None, " (no fix: it names no one)"),
        };
        let start = keyword_token.text_range().start();
        let end = maintainer.syntax().text_range().end();
        diagnostics.push(Diagnostic {
            rule: NAME,
            message: format!(
                "`{}` is deprecated; write the author as the `{LABEL_KEY}` label{why_not}",
                keyword_token.text()
            ),
            range: rowan::TextRange::new(start, end),
            fix,
        });
    }
}

/// Edits that turn the text into `key="text"`, one per stretch of the file the text spans, so
/// that line continuations and the comment lines inside them stay where they are.
fn quoted_value(source: &str, text: &LogicalText, escape: char) -> Vec<Edit> {
    let ranges = text.ranges_to_file(0, text.text.len());
    let last = ranges.len().saturating_sub(1);
    let mut edits = Vec::new();
    for (i, range) in ranges.into_iter().enumerate() {
        let mut piece = String::new();
        if i == 0 {
            piece.push_str(LABEL_KEY);
            piece.push_str("=\"");
        }
        // Inside double quotes BuildKit's word reader takes `"`, `$` and the escape character
        // literally only when the escape character precedes them.
        for ch in source[range].chars() {
            if ch == '"' || ch == '$' || ch == escape {
                piece.push(escape);
            }
            piece.push(ch);
        }
        if i == last {
            piece.push('"');
        }
        edits.push(Edit::replace(range, piece));
    }
    edits
}

/// Whether every instruction keyword in the file is written in lower case.
fn keywords_are_lower_case(ctx: &Context<'_>) -> bool {
    let mut keywords = ctx
        .parse
        .syntax()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| t.kind() == KEYWORD)
        .peekable();
    keywords.peek().is_some() && keywords.all(|t| t.text() == t.text().to_lowercase())
}

#[cfg(test)]
mod tests {
    use crate::fix::{Settings, fix};

    fn fixed(source: &str) -> String {
        let settings = Settings {
            unsafe_fixes: true,
            select: Some(vec![super::NAME.to_string()]),
            ..Settings::default()
        };
        fix(source, &settings).text
    }

    #[test]
    fn quotes_and_escapes_are_escaped_with_the_file_escape_character() {
        assert_eq!(
            fixed("FROM a\nMAINTAINER \"J\" $USER \\ x\n"),
            "FROM a\nLABEL org.opencontainers.image.authors=\"\\\"J\\\" \\$USER \\\\ x\"\n"
        );
        assert_eq!(
            fixed("# escape=`\nFROM a\nMAINTAINER \"J\" $USER \\ ` x\n"),
            "# escape=`\nFROM a\n\
             LABEL org.opencontainers.image.authors=\"`\"J`\" `$USER \\ `` x\"\n"
        );
    }

    #[test]
    fn lower_case_files_get_a_lower_case_label() {
        assert_eq!(
            fixed("from a\nmaintainer me\n"),
            "from a\nlabel org.opencontainers.image.authors=\"me\"\n"
        );
        assert_eq!(
            fixed("FROM a\nmaintainer me\n"),
            "FROM a\nLABEL org.opencontainers.image.authors=\"me\"\n"
        );
    }
}
