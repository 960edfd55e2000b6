//! `ENV key value` and `LABEL key value`, the legacy form without `=`.

use rowan::{Direction, TextRange};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::LogicalText;
use crate::syntax::{SyntaxElement, SyntaxNode};

use super::Context;

pub(crate) const NAME: &str = "env-legacy-form";

pub(crate) const DOC: &str = r#"## What it does
Finds `ENV` and `LABEL` in the legacy `key value` form and writes them as `key=value`,
quoting the value when it holds blanks.

## Why
The legacy form sets one variable per instruction and reads everything after the key as the
value, blanks included, which surprises readers used to `key=value`. Docker's documentation
discourages it and BuildKit's `LegacyKeyValueFormat` check warns about it on every build.

## Example
```dockerfile
FROM alpine:3.21
ENV JAVA_HOME /opt/java
LABEL description A small image
```
becomes
```dockerfile
FROM alpine:3.21
ENV JAVA_HOME=/opt/java
LABEL description="A small image"
```

## Fix safety
Safe: BuildKit reads the legacy value as one word with quotes, escapes and `$` expansions
processed, and the new form is written so that it reads the same value. A value with no blank
outside quotes is kept as it is; one with blanks but no quotes or escapes is put in double
quotes.

## Known problems
Reported without a fix: a value that mixes quotes or escapes with unquoted blanks
(`ENV A "x" y`), one with an unclosed quote, and a key with quotes, escapes or `$`. A line
continuation between the key and the value is removed, so that the value starts on the key's
line; when comment lines stand in it, it stays, and the value's first line loses its
indentation instead, since BuildKit would read that indentation as part of the value.
"#;

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let escape = ctx.parse.escape();
    for pair in ctx.parse.syntax().descendants().filter(|n| n.kind() == KEY_VALUE) {
        let has_eq = pair.children_with_tokens().any(|e| e.kind() == EQ);
        let key = pair.children().find(|n| n.kind() == KEY);
        let value = pair.children().find(|n| n.kind() == VALUE);
        let (false, Some(key), Some(value)) = (has_eq, key, value) else { continue };
        let Some(keyword) = pair.parent().and_then(|p| keyword_of(&p)) else { continue };

        let key_text = LogicalText::of(&key).text;
        let rewritten = rewrite(&key, &key_text, &value, escape);
        let message = match &rewritten {
            Ok(_) => format!(
                "`{keyword} {key_text} …` is the legacy form; write `{keyword} {key_text}=…`"
            ),
            Err(reason) => format!(
                "`{keyword} {key_text} …` is the legacy form; write `{keyword} {key_text}=…` \
                 (no fix: {reason})"
            ),
        };
        let fix = rewritten.ok().map(|edits| Fix { edits, applicability: Applicability::Safe });
        diagnostics.push(Diagnostic { rule: NAME, message, range: pair.text_range(), fix });
    }
}

/// The keyword of the `ENV` or `LABEL` a pair belongs to, as written.
fn keyword_of(instruction: &SyntaxNode) -> Option<String> {
    if !matches!(instruction.kind(), ENV_INSTR | LABEL_INSTR) {
        return None;
    }
    let keyword = instruction
        .children_with_tokens()
        .filter_map(|e| e.into_token())
        .find(|t| t.kind() == KEYWORD)?;
    Some(keyword.text().to_string())
}

/// The edits that write the pair as `key=value` with the same meaning, or why there are none.
fn rewrite(
    key: &SyntaxNode,
    key_text: &str,
    value: &SyntaxNode,
    escape: char,
) -> Result<Vec<Edit>, &'static str> {
    let plain_key =
        |c: char| !c.is_whitespace() && !matches!(c, '"' | '\'' | '=' | '$') && c != escape;
    if key_text.is_empty() || !key_text.chars().all(plain_key) {
        return Err("the key holds quotes, escapes or `$`");
    }
    let value_text = LogicalText::of(value).text;
    let shape = Shape::of(&value_text, escape).ok_or("the value leaves a quote open")?;
    let open = match (shape.unquoted_blank, shape.quoted_or_escaped) {
        // One word in the `key=value` form too: the same text, so the same value.
        (false, _) => "=",
        // Blanks, `$` expansions and other characters read the same inside double quotes.
        (true, false) => "=\"",
        (true, true) => return Err("the value mixes quotes or escapes with unquoted blanks"),
    };
    let mut edits = separator(key, value, open);
    if open.ends_with('"') {
        edits.push(Edit::insert(value.text_range().end(), "\""));
    }
    Ok(edits)
}

/// Edits that put `open` between key and value in place of the blanks there. A line
/// continuation between them is joined, so that the value starts on the key's line; when comment
/// lines stand in the continuation, it stays, and the indentation of the value's first line
/// goes instead, since BuildKit would read it as part of the value.
fn separator(key: &SyntaxNode, value: &SyntaxNode, open: &str) -> Vec<Edit> {
    let gap: Vec<SyntaxElement> = key
        .siblings_with_tokens(Direction::Next)
        .skip(1)
        .take_while(|e| e.kind() != VALUE)
        .collect();
    let whole = TextRange::new(key.text_range().end(), value.text_range().start());
    if !gap.iter().any(|e| e.kind() == COMMENT) {
        return vec![Edit::replace(whole, open)];
    }
    let Some(continuation) = gap.iter().find(|e| e.kind() == LINE_CONTINUATION) else {
        return vec![Edit::replace(whole, open)];
    };
    let before = TextRange::new(whole.start(), continuation.text_range().start());
    let mut edits = vec![Edit::replace(before, open)];
    let mut last = gap.iter().rev();
    if let (Some(indent), Some(newline)) = (last.next(), last.next()) {
        if indent.kind() == WHITESPACE && newline.kind() == NEWLINE {
            edits.push(Edit::delete(indent.text_range()));
        }
    }
    edits
}

/// What a legacy value holds, as BuildKit's word splitter sees it.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    /// A blank outside quotes and not escaped: the `key=value` form would split there.
    unquoted_blank: bool,
    /// Any quote or escape character.
    quoted_or_escaped: bool,
}

impl Shape {
    /// `None` when a quote is left open.
    fn of(value: &str, escape: char) -> Option<Shape> {
        let mut shape = Shape { unquoted_blank: false, quoted_or_escaped: false };
        let mut quote: Option<char> = None;
        let mut chars = value.chars();
        while let Some(ch) = chars.next() {
            match quote {
                Some(q) if ch == q => quote = None,
                Some('"') if ch == escape => {
                    chars.next();
                }
                Some(_) => {}
                None if ch == '"' || ch == '\'' => {
                    shape.quoted_or_escaped = true;
                    quote = Some(ch);
                }
                None if ch == escape => {
                    shape.quoted_or_escaped = true;
                    chars.next();
                }
                None if ch.is_whitespace() => shape.unquoted_blank = true,
                None => {}
            }
        }
        quote.is_none().then_some(shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Settings, fix};

    fn fixed(source: &str) -> String {
        let settings = Settings { select: Some(vec![NAME.to_string()]), ..Settings::default() };
        fix(source, &settings).text
    }

    #[test]
    fn values_keep_their_meaning() {
        assert_eq!(fixed("FROM a\nENV A \"x  y\"\n"), "FROM a\nENV A=\"x  y\"\n");
        assert_eq!(fixed("FROM a\nENV A x  $B\n"), "FROM a\nENV A=\"x  $B\"\n");
        assert_eq!(fixed("FROM a\nENV A  b=c\n"), "FROM a\nENV A=b=c\n");
        assert_eq!(fixed("FROM a\nLABEL a.b x\\ y\n"), "FROM a\nLABEL a.b=x\\ y\n");
        assert_eq!(
            fixed("FROM a\nENV A \\\n\tx \\\n\ty\n"),
            "FROM a\nENV A=\"x \\\n\ty\"\n",
            "a continuation between key and value is joined"
        );
        assert_eq!(
            fixed("FROM a\nENV A \\\n# why\n\tx \\\n# and\n\ty\n"),
            "FROM a\nENV A=\"\\\n# why\nx \\\n# and\n\ty\"\n",
            "comment lines in the continuation stay; the first line's indentation goes"
        );
        assert_eq!(
            fixed("FROM a\nENV A x \\\n  y\n"),
            "FROM a\nENV A=\"x \\\n  y\"\n",
            "a continuation inside the quotes is joined before the value is read"
        );
    }

    #[test]
    fn unsure_values_are_left_alone() {
        for source in ["FROM a\nENV A \"x\" y\n", "FROM a\nENV A x\\ y z\n", "FROM a\nENV A 'x y\n"]
        {
            assert_eq!(fixed(source), source);
        }
    }

    #[test]
    fn shapes_follow_the_escape_character() {
        let shape = |value, escape| Shape::of(value, escape);
        assert_eq!(
            shape("\"a\\\" b\"", '\\'),
            Some(Shape { unquoted_blank: false, quoted_or_escaped: true })
        );
        // With a backtick escape, a backslash closes nothing and escapes nothing.
        assert_eq!(shape("\"a\\\" b\"", '`'), None);
        assert_eq!(
            shape("a\\ b", '`'),
            Some(Shape { unquoted_blank: true, quoted_or_escaped: false })
        );
        assert_eq!(
            shape("'a\\' b", '\\'),
            Some(Shape { unquoted_blank: true, quoted_or_escaped: true })
        );
    }
}
