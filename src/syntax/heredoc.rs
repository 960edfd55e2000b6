//! Finding heredoc markers in a logical line, as current BuildKit does.
//!
//! The line is split into shell words (backslash escapes, quotes group, `${...}` is one piece).
//! A word is a marker when it reads `[digits]<<[-]name` with a name free of `<`; since
//! Dockerfile frontend 1.16, `<<` (or `1<<`) alone followed by a word is a marker too.

use std::ops::Range;

/// A heredoc marker: where it is in the line and what it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub(crate) range: Range<usize>,
    pub(crate) name: String,
    /// `<<-`: leading tabs are ignored when looking for the closing line.
    pub(crate) chomp: bool,
    pub(crate) fd: u32,
}

/// The markers of `line` in order; none when the line is not valid shell words.
pub(crate) fn markers(line: &str) -> Vec<Marker> {
    let Some(words) = split_words(line) else {
        return Vec::new();
    };
    let mut markers = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &line[words[i].clone()];
        if let Some((fd, chomp, rest)) = marker_shape(word) {
            if !rest.is_empty() {
                if let Some(name) = marker_name(rest) {
                    markers.push(Marker { range: words[i].clone(), name, chomp, fd });
                }
            } else if !chomp && i + 1 < words.len() {
                // `<< EOF`: the name is the next word.
                let next = &line[words[i + 1].clone()];
                if !next.contains('<') {
                    if let Some(name) = marker_name(next) {
                        let range = words[i].start..words[i + 1].end;
                        markers.push(Marker { range, name, chomp, fd });
                        i += 1;
                    }
                }
            }
        }
        i += 1;
    }
    markers
}

/// Splits `[digits]<<[-]rest`, where `rest` has no `<`.
fn marker_shape(word: &str) -> Option<(u32, bool, &str)> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let after = word[digits..].strip_prefix("<<")?;
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    if rest.contains('<') {
        return None;
    }
    let fd = if digits == 0 { 0 } else { word[..digits].parse().unwrap_or(u32::MAX) };
    Some((fd, chomp, rest))
}

/// The delimiter a marker names: its text once quotes and backslashes are removed. A name that
/// uses a `${...}` expansion with a modifier is no marker in current BuildKit.
fn marker_name(rest: &str) -> Option<String> {
    let mut name = String::new();
    // The name is read on its own, where a leading byte-order mark is skipped.
    let rest = rest.strip_prefix('\u{feff}').unwrap_or(rest);
    let mut chars = rest.chars().peekable();
    let mut words = 1;
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => {
                for ch in chars.by_ref() {
                    if ch == '\'' {
                        break;
                    }
                    name.push(ch);
                }
            }
            '"' => {
                while let Some(ch) = chars.next() {
                    match ch {
                        '"' => break,
                        '\\' => {
                            if let Some(next) = chars.next() {
                                if !matches!(next, '"' | '\\' | '$' | '`') {
                                    name.push('\\');
                                }
                                name.push(next);
                            }
                        }
                        _ => name.push(ch),
                    }
                }
            }
            '\\' => {
                if let Some(next) = chars.next() {
                    name.push(next);
                }
            }
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                let mut body = String::new();
                for ch in chars.by_ref() {
                    if ch == '}' {
                        break;
                    }
                    body.push(ch);
                }
                if body.contains(':') {
                    return None;
                }
                name.push_str("${");
                name.push_str(&body);
                name.push('}');
            }
            ch if ch.is_whitespace() => words += 1,
            _ => name.push(ch),
        }
    }
    (words == 1 && !name.is_empty()).then_some(name)
}

/// Where a `${...}` expansion whose body starts at `start` ends, or `None` where BuildKit's shell
/// lexer fails on it (and so finds no heredoc anywhere in the line): an empty or unnamed
/// expansion, a missing `}`, or an operator it does not support.
fn expansion_end(line: &str, start: usize) -> Option<usize> {
    let mut chars = line[start..].char_indices().map(|(i, c)| (start + i, c)).peekable();
    let &(_, first) = chars.peek()?;
    if matches!(first, '{' | '}' | ':') {
        return None;
    }
    // The parameter: digits, one special character, or a name.
    if first.is_ascii_digit() {
        while chars.next_if(|&(_, c)| c.is_ascii_digit()).is_some() {}
    } else if matches!(first, '@' | '*' | '#' | '?' | '-' | '$' | '!') {
        chars.next();
    } else {
        while chars.next_if(|&(_, c)| c.is_alphanumeric() || c == '_').is_some() {}
    }
    let (at, operator) = chars.next()?;
    match operator {
        '}' => Some(at + 1),
        '?' | '+' | '-' => closing_brace(line, at + 1),
        ':' => {
            // Any modifier reads as a word here; BuildKit checks it only when it expands.
            let (at, _modifier) = chars.next()?;
            closing_brace(line, at + 1)
        }
        _ => None,
    }
}

/// The position after the `}` that closes an expansion's word, quotes and nesting respected.
fn closing_brace(line: &str, start: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut pos = start;
    while pos < bytes.len() {
        match bytes[pos] {
            b'}' => return Some(pos + 1),
            b'\\' => pos += 2,
            b'\'' => pos += 1 + line[pos + 1..].find('\'')? + 1,
            b'"' => pos = double_quote_end(line, pos + 1)?,
            b'$' if bytes.get(pos + 1) == Some(&b'{') => pos = expansion_end(line, pos + 2)?,
            _ => pos += 1,
        }
    }
    None
}

/// The position after the `"` that closes a double-quoted string whose text starts at `start`.
fn double_quote_end(line: &str, start: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut pos = start;
    loop {
        match *bytes.get(pos)? {
            b'"' => return Some(pos + 1),
            b'\\' => pos += 2,
            b'$' if bytes.get(pos + 1) == Some(&b'{') => pos = expansion_end(line, pos + 2)?,
            _ => pos += 1,
        }
    }
}

/// Word ranges of `line` split the way BuildKit's shell lexer does; `None` where that lexer
/// fails (an unclosed quote, a malformed `${...}`).
fn split_words(line: &str) -> Option<Vec<Range<usize>>> {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    while pos < bytes.len() {
        let ch = line[pos..].chars().next().unwrap_or(' ');
        if ch.is_whitespace() {
            if let Some(s) = start.take() {
                words.push(s..pos);
            }
            pos += ch.len_utf8();
            continue;
        }
        start.get_or_insert(pos);
        match ch {
            '\'' => pos = pos + 1 + line[pos + 1..].find('\'')? + 1,
            '"' => pos = double_quote_end(line, pos + 1)?,
            '\\' => {
                pos += 1;
                if let Some(next) = line[pos..].chars().next() {
                    pos += next.len_utf8();
                }
            }
            '$' if bytes.get(pos + 1) == Some(&b'{') => pos = expansion_end(line, pos + 2)?,
            _ => pos += ch.len_utf8(),
        }
    }
    if let Some(s) = start {
        words.push(s..bytes.len().min(pos));
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, u32)> {
        markers(line).into_iter().map(|m| (m.name, m.chomp, m.fd)).collect()
    }

    fn one(name: &str, chomp: bool, fd: u32) -> Vec<(String, bool, u32)> {
        vec![(name.to_string(), chomp, fd)]
    }

    #[test]
    fn plain_quoted_and_numbered_markers() {
        assert_eq!(names("RUN <<EOF"), one("EOF", false, 0));
        assert_eq!(names("RUN <<-EOF"), one("EOF", true, 0));
        assert_eq!(names(r#"RUN <<E"O"F"#), one("EOF", false, 0));
        assert_eq!(names("RUN <<EOF>out"), one("EOF>out", false, 0));
        assert_eq!(names("RUN echo 1<<2"), one("2", false, 1));
        assert_eq!(
            names(r#"RUN <<"EOF" 3<<'X'"#),
            vec![("EOF".into(), false, 0), ("X".into(), false, 3)]
        );
    }

    #[test]
    fn markers_with_a_space_after_the_arrows() {
        assert_eq!(names("RUN cat << EOF"), one("EOF", false, 0));
        assert_eq!(names("RUN <<  EOF  > foo"), one("EOF", false, 0));
        assert_eq!(names("RUN echo $((1 << 2))"), one("2))", false, 0));
        assert_eq!(names("RUN echo $(( 1<< 2 ))"), one("2", false, 1));
        assert_eq!(names("RUN << -EOF"), one("-EOF", false, 0));
        assert!(names("RUN cat <<- EOF").is_empty());
    }

    #[test]
    fn what_is_not_a_marker() {
        assert!(names("RUN echo $((1<<2))").is_empty());
        assert!(names("RUN a=<<EOF").is_empty());
        assert!(names(r#"RUN echo "<<EOF""#).is_empty());
        assert!(names(r"RUN echo \<<EOF").is_empty());
        assert!(names(r#"RUN <<"EOF"#).is_empty());
        assert!(names("RUN <<${X:-def}").is_empty());
        assert_eq!(names("RUN <<${X}"), one("${X}", false, 0));
    }

    #[test]
    fn a_line_the_shell_lexer_rejects_has_no_markers() {
        // BuildKit's shell lexer fails on these expansions, and then reads no heredoc at all.
        for line in ["RUN <<EOF echo ${ X}", "RUN <<${X#p}", "RUN <<EOF ${X=y}", r#"RUN <<"${X""#] {
            assert!(names(line).is_empty(), "{line}");
        }
        assert_eq!(names("RUN <<EOF echo ${X:0:1} ${X-d} ${@}"), one("EOF", false, 0));
        assert_eq!(names("RUN <<EOF ${X:-\"a}\"}"), one("EOF", false, 0));
    }

    #[test]
    fn a_byte_order_mark_before_the_name_is_skipped() {
        assert_eq!(names("RUN <<\u{feff}EOF"), one("EOF", false, 0));
    }
}
