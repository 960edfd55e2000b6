//! Taking words and commands out of a `RUN`'s script in the author's layout: a word alone on a
//! continuation line goes with its line, a command goes with the operator that joins it, and
//! comment lines inside continuations stay.

use rowan::{TextRange, TextSize};

use crate::diagnostic::Edit;
use crate::shell::{Command, Script, SeparatorKind};
use crate::syntax::SyntaxKind::{COMMENT, NEWLINE, WHITESPACE};
use crate::syntax::ast::Instruction;

/// Edits that remove the words `remove` (indices into `command.words`, never the first) from a
/// command of `script`. Words sharing a line with words that stay go with the blanks on one
/// side of them; words alone on a continuation line go with the line; words ending the script go
/// with the continuation before them. `escape` is the file's escape character; heredoc scripts
/// use the shell's backslash. `None` when a word is split across lines or shares its line with
/// text, such as a redirection, that the removal could not keep.
pub fn remove_words(
    source: &str,
    script: &Script,
    command: &Command,
    remove: &[usize],
    escape: char,
) -> Option<Vec<Edit>> {
    let escape = if script.is_heredoc() { '\\' } else { escape };
    let words = &command.words;
    let ranges: Vec<(usize, usize)> = words
        .iter()
        .map(|w| (file_start(script, w.range.start), usize::from(script.to_file(w.range.end))))
        .collect();
    let mut remove = remove.to_vec();
    remove.sort_unstable();
    remove.dedup();
    if remove.first().is_none_or(|&first| first == 0) || remove.iter().any(|&i| i >= words.len()) {
        return None;
    }
    if remove.iter().any(|&i| source[ranges[i].0..ranges[i].1].contains('\n')) {
        return None;
    }
    let line_of = |i: usize| line_start(source, ranges[i].0);
    let blank_between = |from: usize, to: usize| source[from..to].trim().is_empty();

    // Runs of removed words next to each other in the command and on one line.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for i in remove.iter().copied() {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == i && line_of(*last) == line_of(i) => *last = i,
            _ => runs.push((i, i)),
        }
    }

    // From the last run back, so that a run ending the script can take the runs before it
    // along with the continuation.
    let mut edits = Vec::new();
    let mut deleted_from = usize::MAX;
    for &(first, last) in runs.iter().rev() {
        let (start, end) = (ranges[first].0, ranges[last].1);
        if start >= deleted_from {
            continue;
        }
        let line = line_of(first);
        if line_of(first - 1) == line {
            // After a word that stays on the same line: the blanks before the run go with it.
            let kept_end = ranges[first - 1].1;
            if !blank_between(kept_end, start) {
                return None;
            }
            edits.push(delete(kept_end, end));
            continue;
        }
        if last + 1 < words.len() && line_of(last + 1) == line {
            // First on its line, before a word that stays: the blanks after it go with it.
            let kept_start = ranges[last + 1].0;
            if !blank_between(end, kept_start) {
                return None;
            }
            edits.push(delete(start, kept_start));
            continue;
        }
        if !source[line..start].trim().is_empty() {
            return None;
        }
        let line_end = line_end(source, end);
        let after = source[end..line_end].trim();
        if after == escape.to_string() {
            // Alone on a continuation line: the whole line goes.
            edits.push(delete(line, after_break(source, line_end)));
        } else if after.is_empty() {
            // Alone on the line that ends the command: everything from the last word that
            // stays goes, the continuation after it included.
            let kept = (0..first).rev().find(|i| remove.binary_search(i).is_err())?;
            deleted_from = ranges[kept].1;
            edits.extend(delete_keeping_comments(source, deleted_from, end));
        } else {
            // Before an operator or a comment on its line: the blanks after it go with it.
            let rest = &source[end..line_end];
            edits.push(delete(start, end + rest.len() - rest.trim_start().len()));
        }
    }
    edits.sort_by_key(|e| e.range.start());
    Some(edits)
}

/// Edits that remove command `index` of `commands`, the commands of `script`, with the `&&`,
/// `;` or line end that joins it to the others, when what remains means what it meant without
/// the command. The caller removes a script's only command some other way (see
/// [`remove_instruction`]). In a heredoc script only a command standing on lines of its own is
/// removed, with its lines.
pub fn remove_command(
    source: &str,
    script: &Script,
    commands: &[Command],
    index: usize,
) -> Option<Vec<Edit>> {
    use SeparatorKind::{And, Newline, Paren, Semicolon};
    let command = commands.get(index)?;
    let previous = index.checked_sub(1).map(|i| &commands[i]);
    let own = command.separator.as_ref();
    let plain = |kind: SeparatorKind| matches!(kind, And | Semicolon | Newline);
    let text = &script.text;

    if script.is_heredoc() {
        // The line before must not chain into this one, nor this one into the next.
        let after_previous = previous.is_none_or(|p| {
            p.separator.as_ref().is_some_and(|s| matches!(s.kind, Newline | Semicolon))
        });
        if !after_previous || own.is_some_and(|s| !matches!(s.kind, Newline | Semicolon)) {
            return None;
        }
        let start = file_start(script, command.range.start);
        let end = usize::from(script.to_file(command.range.end));
        let (line, line_end) = (line_start(source, start), line_end(source, end));
        let after = source[end..line_end].trim();
        if !source[line..start].trim().is_empty() || !(after.is_empty() || after == ";") {
            return None;
        }
        return Some(vec![delete(line, after_break(source, line_end))]);
    }

    match commands.get(index + 1) {
        Some(next) => {
            // Up to the next command, the operator after this one included.
            let own = own.filter(|s| plain(s.kind))?;
            let after_previous = match previous {
                None => 0,
                Some(previous) => {
                    let separator = previous.separator.as_ref()?;
                    // `a && b; c` runs `c` when `a` fails; `a && c` would not.
                    let joins = match separator.kind {
                        And => own.kind == And,
                        Semicolon | Newline => true,
                        Paren => &text[separator.range.clone()] == "(",
                        _ => false,
                    };
                    if !joins {
                        return None;
                    }
                    separator.range.end
                }
            };
            if !is_blank(&text[after_previous..command.range.start])
                || !is_blank(&text[own.range.end..next.range.start])
            {
                return None;
            }
            Some(delete_script_text(source, script, command.range.start, next.range.start))
        }
        None => {
            // From the end of the command before, the operator between them included.
            let previous = previous?;
            let separator = previous.separator.as_ref().filter(|s| plain(s.kind))?;
            let end = match own {
                None => command.range.end,
                Some(own) if own.kind == Semicolon => own.range.end,
                Some(_) => return None,
            };
            if !is_blank(&text[separator.range.end..command.range.start]) || !is_blank(&text[end..])
            {
                return None;
            }
            let start = usize::from(script.to_file(previous.range.end));
            Some(delete_keeping_comments(source, start, usize::from(script.to_file(end))))
        }
    }
}

/// The edit that removes an instruction with its line, and with the comment lines right above
/// it, which say what it does: from the start of the first of them (or of its own line, when
/// only blanks come before it there) to past its line break. A blank line ends the comments
/// that belong to it.
pub fn remove_instruction(source: &str, instruction: &Instruction) -> Edit {
    let range = instruction.syntax().text_range();
    let (start, end) = (usize::from(range.start()), usize::from(range.end()));
    let line = line_start(source, start);
    let start = if source[line..start].trim().is_empty() {
        comments_above(instruction, line)
    } else {
        start
    };
    let rest = &source[end..];
    let end = end + rest.len() - rest.trim_start_matches([' ', '\t']).len();
    delete(start, after_break(source, end))
}

/// Where the comment lines directly above `instruction` start; `line`, the start of its own
/// line, when there are none.
fn comments_above(instruction: &Instruction, line: usize) -> usize {
    let mut start = line;
    let mut before = instruction.syntax().prev_sibling_or_token();
    if before.as_ref().is_some_and(|e| e.kind() == WHITESPACE) {
        before = before.and_then(|e| e.prev_sibling_or_token());
    }
    // Each round takes the line break above, then the comment line before it.
    while let Some(line_break) = before.filter(|e| e.kind() == NEWLINE) {
        let mut cursor = line_break.prev_sibling_or_token();
        let mut comment = false;
        while let Some(element) =
            cursor.clone().filter(|e| matches!(e.kind(), COMMENT | WHITESPACE))
        {
            comment |= element.kind() == COMMENT;
            cursor = element.prev_sibling_or_token();
        }
        // The comment must have its line to itself, from the line break before it.
        if !comment || cursor.as_ref().is_some_and(|e| e.kind() != NEWLINE) {
            break;
        }
        start = cursor.as_ref().map_or(0, |e| usize::from(e.text_range().end()));
        before = cursor;
    }
    start
}

/// Shell-form script text `start..end` (from a command to the next one) as edits: all of it,
/// unless comment lines lie inside, which stay, with the indentation of the line the text ends
/// on.
fn delete_script_text(source: &str, script: &Script, start: usize, end: usize) -> Vec<Edit> {
    let (file_from, file_to) = (file_start(script, start), file_start(script, end));
    if !has_comment_line(&source[file_from..file_to]) {
        return vec![delete(file_from, file_to)];
    }
    let mut edits = script.delete(start, end);
    // Every stretch after the first starts a line; the text after it keeps that line's indent.
    if edits.len() > 1 {
        if let Some(last) = edits.last_mut() {
            let piece = &source[last.range];
            let indent = piece.len() - piece.trim_start_matches([' ', '\t']).len();
            let from = last.range.start() + TextSize::from(indent as u32);
            last.range = TextRange::new(from.min(last.range.end()), last.range.end());
        }
    }
    edits.retain(|e| !e.range.is_empty());
    edits
}

/// Edits that delete file text `start..end`, which runs to the end of a script. Comment lines
/// inside it stay, and then stand after the instruction: what goes is the rest of the first line
/// (its continuation among it) and each other line with its line break.
fn delete_keeping_comments(source: &str, start: usize, end: usize) -> Vec<Edit> {
    if !has_comment_line(&source[start..end]) {
        return vec![delete(start, end)];
    }
    let first_end = line_end(source, start);
    let mut edits = vec![delete(start, first_end)];
    let mut line = after_break(source, first_end);
    while line <= end && line < source.len() {
        let line_end = line_end(source, line).min(end);
        let content = source[line..line_end].trim_start();
        if !content.is_empty() && !content.starts_with('#') {
            let break_len = if source[..line].ends_with("\r\n") { 2 } else { 1 };
            edits.push(delete(line - break_len, line_end));
        }
        if line_end >= end {
            break;
        }
        line = after_break(source, line_end);
    }
    edits
}

/// Whether a line after the first line of `text` is a comment.
fn has_comment_line(text: &str) -> bool {
    text.lines().skip(1).any(|line| line.trim_start().starts_with('#'))
}

/// Whether `text` holds nothing a shell would run: blanks, line continuations and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        let line = line.strip_suffix('\\').unwrap_or(line).trim();
        line.is_empty() || line.starts_with('#')
    })
}

/// The file offset of the character at script offset `offset`. An offset where a stretch of the
/// logical text starts would otherwise map to the end of the stretch before it.
pub(crate) fn file_start(script: &Script, offset: usize) -> usize {
    let len = script.text[offset..].chars().next().map_or(0, char::len_utf8);
    usize::from(script.to_file(offset + len)) - len
}

/// Where the line holding `offset` starts.
pub(crate) fn line_start(source: &str, offset: usize) -> usize {
    source[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Where the line holding `offset` ends, before its `\r\n` or `\n`.
pub(crate) fn line_end(source: &str, offset: usize) -> usize {
    let end = source[offset..].find('\n').map_or(source.len(), |i| offset + i);
    if end > offset && source[..end].ends_with('\r') { end - 1 } else { end }
}

/// Past the line break at `offset`, if one is there.
fn after_break(source: &str, offset: usize) -> usize {
    let rest = &source[offset..];
    if rest.starts_with("\r\n") {
        offset + 2
    } else if rest.starts_with('\n') {
        offset + 1
    } else {
        offset
    }
}

fn delete(start: usize, end: usize) -> Edit {
    Edit::delete(TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_edits;
    use crate::shell::{commands, run_scripts};
    use crate::syntax::{self, SyntaxKind::RUN_INSTR};

    /// The script of the first `RUN` of `source` (its heredoc script when it has one), and the
    /// commands of that script.
    fn first_run(source: &str) -> (Instruction, Script, Vec<Command>) {
        let parse = syntax::parse(source);
        let run = parse.tree().instructions().find(|i| i.kind() == RUN_INSTR).unwrap();
        let script = run_scripts(&run).pop().unwrap();
        let commands = commands(&script.text);
        (run, script, commands)
    }

    /// `source` without the words of command `index` of its first `RUN` that read `names`.
    fn without_words(source: &str, index: usize, names: &[&str]) -> Option<String> {
        let (_, script, commands) = first_run(source);
        let command = &commands[index];
        let remove: Vec<usize> = (0..command.words.len())
            .filter(|&i| names.contains(&command.words[i].text.as_str()))
            .collect();
        let escape = syntax::parse(source).escape();
        let edits = remove_words(source, &script, command, &remove, escape)?;
        Some(apply_edits(source, &edits))
    }

    fn without_command(source: &str, index: usize) -> Option<String> {
        let (_, script, commands) = first_run(source);
        Some(apply_edits(source, &remove_command(source, &script, &commands, index)?))
    }

    #[test]
    fn words_on_a_line_with_others_go_with_the_blanks_beside_them() {
        let source = "RUN apk add curl gcc make git\n";
        assert_eq!(
            without_words(source, 0, &["gcc", "git"]).as_deref(),
            Some("RUN apk add curl make\n")
        );
        assert_eq!(
            without_words(source, 0, &["curl", "gcc"]).as_deref(),
            Some("RUN apk add make git\n")
        );
        let source = "RUN apk add \\\n    gcc make curl \\\n && echo\n";
        assert_eq!(
            without_words(source, 0, &["gcc", "make"]).as_deref(),
            Some("RUN apk add \\\n    curl \\\n && echo\n")
        );
        let source = "RUN apk add curl \\\n    gcc && \\\n    echo\n";
        assert_eq!(
            without_words(source, 0, &["gcc"]).as_deref(),
            Some("RUN apk add curl \\\n    && \\\n    echo\n")
        );
        // A redirection between the words is not a blank to remove.
        assert_eq!(without_words("RUN apk add curl 2>/dev/null gcc\n", 0, &["gcc"]), None);
    }

    #[test]
    fn words_alone_on_their_lines_go_with_the_lines() {
        let source = "RUN apk add \\\n    curl \\\n    gcc \\\n    make\nRUN x\n";
        assert_eq!(
            without_words(source, 0, &["gcc"]).as_deref(),
            Some("RUN apk add \\\n    curl \\\n    make\nRUN x\n")
        );
        assert_eq!(
            without_words(source, 0, &["gcc", "make"]).as_deref(),
            Some("RUN apk add \\\n    curl\nRUN x\n")
        );
        let crlf = "RUN apk add \\\r\n    curl \\\r\n    make\r\n";
        assert_eq!(
            without_words(crlf, 0, &["make"]).as_deref(),
            Some("RUN apk add \\\r\n    curl\r\n")
        );
        let backtick = "# escape=`\nRUN apk add `\n    gcc `\n    curl\n";
        assert_eq!(
            without_words(backtick, 0, &["gcc"]).as_deref(),
            Some("# escape=`\nRUN apk add `\n    curl\n")
        );
    }

    #[test]
    fn comment_lines_stay_when_the_last_words_go() {
        let source = "RUN apk add \\\n    curl \\\n    # compilers\n    gcc \\\n    make\nRUN x\n";
        assert_eq!(
            without_words(source, 0, &["gcc", "make"]).as_deref(),
            Some("RUN apk add \\\n    curl\n    # compilers\nRUN x\n")
        );
        let crlf = "RUN apk add curl \\\r\n  # compilers\r\n  gcc\r\n";
        assert_eq!(
            without_words(crlf, 0, &["gcc"]).as_deref(),
            Some("RUN apk add curl\r\n  # compilers\r\n")
        );
    }

    #[test]
    fn commands_go_with_the_operator_that_joins_them() {
        let source = "RUN apk add gcc && echo a && echo b\n";
        assert_eq!(without_command(source, 0).as_deref(), Some("RUN echo a && echo b\n"));
        assert_eq!(without_command(source, 1).as_deref(), Some("RUN apk add gcc && echo b\n"));
        assert_eq!(without_command(source, 2).as_deref(), Some("RUN apk add gcc && echo a\n"));
        let source = "RUN apk upgrade && \\\n    apk add gcc\n";
        assert_eq!(without_command(source, 1).as_deref(), Some("RUN apk upgrade\n"));
        let source = "RUN apk add gcc \\\n && echo a\n";
        assert_eq!(without_command(source, 0).as_deref(), Some("RUN echo a\n"));
        // `a && b; c` runs `c` whatever `a` does; `a && c` would not.
        assert_eq!(without_command("RUN a && apk add gcc; b\n", 1), None);
        assert_eq!(without_command("RUN a || apk add gcc\n", 1), None);
        assert_eq!(without_command("RUN apk add gcc | tee log\n", 0), None);
        assert_eq!(without_command("RUN if a; then apk add gcc; fi\n", 1), None);
    }

    #[test]
    fn commands_leave_the_comment_lines_around_them() {
        let source = "RUN apk upgrade && \\\n    # compilers\n    apk add gcc\nRUN x\n";
        assert_eq!(
            without_command(source, 1).as_deref(),
            Some("RUN apk upgrade\n    # compilers\nRUN x\n")
        );
        let source = "RUN apk add gcc && \\\n    # then\n    echo a\n";
        assert_eq!(without_command(source, 0).as_deref(), Some("RUN \\\n    # then\n    echo a\n"));
    }

    #[test]
    fn heredoc_commands_go_with_their_lines() {
        let source = "RUN <<EOF\nset -e\napk add \\\n  gcc\necho done\nEOF\n";
        assert_eq!(
            without_command(source, 1).as_deref(),
            Some("RUN <<EOF\nset -e\necho done\nEOF\n")
        );
        assert_eq!(without_command("RUN <<EOF\nset -e &&\napk add gcc\nEOF\n", 1), None);
        let source = "RUN <<EOF\napk add curl \\\n  gcc\nEOF\n";
        assert_eq!(
            without_words(source, 0, &["gcc"]).as_deref(),
            Some("RUN <<EOF\napk add curl\nEOF\n")
        );
    }

    #[test]
    fn instructions_go_with_the_comments_right_above_them() {
        let source =
            "FROM a\n# header\n\n# compilers\n  # for the extension\n RUN apk add gcc\nRUN x\n";
        let parse = syntax::parse(source);
        let run = parse.tree().instructions().find(|i| i.kind() == RUN_INSTR).unwrap();
        assert_eq!(
            apply_edits(source, &[remove_instruction(source, &run)]),
            "FROM a\n# header\n\nRUN x\n"
        );
        let source = "FROM a\n# compilers\nRUN apk add gcc # not a comment line\n";
        let parse = syntax::parse(source);
        let run = parse.tree().instructions().find(|i| i.kind() == RUN_INSTR).unwrap();
        assert_eq!(apply_edits(source, &[remove_instruction(source, &run)]), "FROM a\n");
    }

    #[test]
    fn instructions_go_with_their_line() {
        let source = "FROM a\n  RUN apk add gcc  \r\nRUN <<EOF\napk add gcc\nEOF\nRUN x";
        let parse = syntax::parse(source);
        let runs: Vec<Instruction> =
            parse.tree().instructions().filter(|i| i.kind() == RUN_INSTR).collect();
        let edits = [&runs[0], &runs[1]].map(|run| remove_instruction(source, run));
        assert_eq!(apply_edits(source, &edits), "FROM a\nRUN x");
        let last = apply_edits(source, &[remove_instruction(source, &runs[2])]);
        assert_eq!(Some(last.as_str()), source.strip_suffix("RUN x"));
    }
}
