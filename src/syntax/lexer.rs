//! Token lexers for the text inside an instruction, built with `logos`.
//!
//! The parser decides where lines, comments, continuations and heredocs are; these lexers cut
//! the text between those boundaries into tokens: blanks and words for most arguments, and
//! the punctuation and strings of a JSON array for exec form.

use logos::Logos;

use super::SyntaxKind;

#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
enum ArgToken {
    #[regex(r"[ \t\x0b\x0c\r]+")]
    Whitespace,
    #[regex(r"[^ \t\x0b\x0c\r\n]+")]
    Word,
}

#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
enum JsonToken {
    #[regex(r"[ \t\x0b\x0c\r\n]+")]
    Whitespace,
    #[token("[")]
    LBrack,
    #[token("]")]
    RBrack,
    #[token(",")]
    Comma,
    #[regex(r#""([^"\\]|\\.)*""#)]
    String,
    #[regex(r#"[^ \t\x0b\x0c\r\n\[\],"]+"#)]
    Other,
}

/// Which lexer reads a stretch of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Args,
    Json,
}

/// Cuts `text` into `(kind, length)` pairs that cover it exactly.
pub(crate) fn tokenize(text: &str, mode: Mode, mut sink: impl FnMut(SyntaxKind, usize)) {
    match mode {
        Mode::Args => {
            let mut lexer = ArgToken::lexer(text);
            while let Some(token) = lexer.next() {
                let kind = match token {
                    Ok(ArgToken::Whitespace) => SyntaxKind::WHITESPACE,
                    Ok(ArgToken::Word) | Err(()) => SyntaxKind::WORD,
                };
                sink(kind, lexer.span().len());
            }
        }
        Mode::Json => {
            let mut lexer = JsonToken::lexer(text);
            while let Some(token) = lexer.next() {
                let kind = match token {
                    Ok(JsonToken::Whitespace) => SyntaxKind::WHITESPACE,
                    Ok(JsonToken::LBrack) => SyntaxKind::L_BRACK,
                    Ok(JsonToken::RBrack) => SyntaxKind::R_BRACK,
                    Ok(JsonToken::Comma) => SyntaxKind::COMMA,
                    Ok(JsonToken::String) => SyntaxKind::STRING,
                    Ok(JsonToken::Other) | Err(()) => SyntaxKind::WORD,
                };
                sink(kind, lexer.span().len());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SyntaxKind::*;

    fn lex(text: &str, mode: Mode) -> Vec<(SyntaxKind, String)> {
        let mut out = Vec::new();
        let mut pos = 0;
        tokenize(text, mode, |kind, len| {
            out.push((kind, text[pos..pos + len].to_string()));
            pos += len;
        });
        assert_eq!(pos, text.len(), "tokens must cover {text:?}");
        out
    }

    #[test]
    fn args_are_blanks_and_words() {
        let tokens = lex("apk  add\u{a0}x\t", Mode::Args);
        assert_eq!(
            tokens,
            vec![
                (WORD, "apk".into()),
                (WHITESPACE, "  ".into()),
                (WORD, "add\u{a0}x".into()),
                (WHITESPACE, "\t".into())
            ]
        );
    }

    #[test]
    fn json_keeps_unterminated_strings_as_words() {
        let kinds: Vec<_> = lex(r#"["a\"b", "c"#, Mode::Json).into_iter().map(|t| t.0).collect();
        assert_eq!(kinds[..4], [L_BRACK, STRING, COMMA, WHITESPACE]);
        assert!(kinds[4..].iter().all(|k| *k == WORD));
    }
}
