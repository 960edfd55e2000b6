//! `RUN` scripts with pipes and no `-o pipefail` in effect.

use std::ops::Range;

use rowan::{TextRange, TextSize};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::Family;
use crate::syntax::SyntaxElement;
use crate::syntax::SyntaxKind::{self, *};
use crate::syntax::ast::Instruction;

use super::Context;

pub(crate) const NAME: &str = "pipefail";

pub(crate) const DOC: &str = r#"## What it does
Finds build stages whose `RUN` scripts use a pipe (`a | b`) while the shell does not run with
`-o pipefail`, and adds a `SHELL` with `-o pipefail` before the first such `RUN`: `/bin/ash` on
Alpine, `/bin/bash` on Debian, Ubuntu, the RHEL family and SUSE.

## Why
A pipeline's status is that of its last command, so `curl -fsSL $URL | tar -xz` succeeds when
the download fails and `tar` reads nothing, and the build goes on with a broken layer. With `-o
pipefail` a failure anywhere in the pipeline fails the `RUN`.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/install.sh | sh
```
becomes
```dockerfile
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/install.sh | sh
```

## Fix safety
Unsafe: the new `SHELL` applies to every later `RUN`, shell-form `CMD` and `ENTRYPOINT` of the
stage and of the stages built on it. A pipeline whose early commands fail harmlessly (`yes |
cmd`, `grep` finding nothing) now fails the build, and on Debian and Ubuntu the scripts run in
`bash` instead of `dash`.

## Known problems
One finding per stage, on the first `RUN` with a pipe; a suppression comment on that `RUN`
silences the whole stage. A stage built on another that the fix gives a `SHELL` gets one of its
own as well: BuildKit would inherit the other's, but hadolint checks each stage alone. A
`SHELL` with `-o pipefail` that the author set in a stage this one is built on counts, as
BuildKit inherits it, though hadolint still reports the stage. A `RUN` that sets `set -o
pipefail` itself is still reported, as hadolint does. A stage that already has a `SHELL`
without `-o pipefail`, or whose distribution is unknown, distroless or `scratch`, is reported
without a fix. A `SHELL` running a POSIX shell with `-o pipefail` counts, whatever that shell
is; hadolint counts only `bash`, `zsh` and `ash`. Under PowerShell or `cmd` nothing is
reported. Pipes in heredoc scripts count only for `RUN <<EOF` alone, where the body runs in the
`SHELL`.
"#;

/// Shells that are not POSIX shells, where pipefail means nothing.
const NON_POSIX_SHELLS: &[&str] = &["pwsh", "powershell", "cmd"];

/// A stage's first `RUN` with a pipe and no pipefail, and what the fix would add.
struct Finding {
    run: Instruction,
    pipe: TextRange,
    others: usize,
    shell: Option<Vec<String>>,
}

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantics.stages {
        let mut found: Option<Finding> = None;
        // The `SHELL` in effect, followed through the stage as `Semantics::shell_at` would
        // answer for each instruction, without looking back through the stage each time.
        let inherited = ctx.semantics.shell_at(stage.from.syntax().text_range().end());
        let mut shell = inherited.clone();
        for run in &stage.instructions {
            if run.kind() == SHELL_INSTR {
                shell = run.exec_form().map(|form| form.strings()).or_else(|| inherited.clone());
                continue;
            }
            if run.kind() != RUN_INSTR {
                continue;
            }
            let shell = shell.clone();
            if shell.as_ref().is_some_and(|s| !is_posix(s) || has_pipefail(s)) {
                continue;
            }
            let Some(pipe) = first_pipe(run) else { continue };
            match &mut found {
                Some(finding) => finding.others += 1,
                None => found = Some(Finding { run: run.clone(), pipe, others: 0, shell }),
            }
        }
        let Some(finding) = found else { continue };

        // Each stage gets a `SHELL` of its own, even where a stage it is built on gets one from
        // this fix too: hadolint checks every stage alone.
        let edit = match &finding.shell {
            Some(_) => None,
            None => shell_for(stage.family)
                .and_then(|program| insert_shell(ctx.source, &finding.run, program)),
        };
        diagnostics.push(diagnostic(&finding, stage.family, edit));
    }
}

fn diagnostic(finding: &Finding, family: Family, edit: Option<Edit>) -> Diagnostic {
    let others = match finding.others {
        0 => String::new(),
        1 => " (and in 1 more `RUN` of the stage)".to_string(),
        n => format!(" (and in {n} more `RUN`s of the stage)"),
    };
    let remedy = match (&finding.shell, &edit, shell_for(family)) {
        (Some(shell), _, _) => format!(
            "the `SHELL` in effect, `{}`, lacks `-o pipefail`; add it there",
            shell.join(" ")
        ),
        (None, Some(_), Some(program)) => {
            format!("the fix sets `SHELL [\"{program}\", \"-o\", \"pipefail\", \"-c\"]` first")
        }
        _ => "set a `SHELL` with `-o pipefail` for the stage (its distribution, and so its \
              shell, is unknown)"
            .to_string(),
    };
    Diagnostic {
        rule: NAME,
        message: format!(
            "a pipe without `-o pipefail`{others}: a failure before the last command goes \
             unnoticed; {remedy}"
        ),
        range: finding.pipe,
        fix: edit.map(|edit| Fix { edits: vec![edit], applicability: Applicability::Unsafe }),
    }
}

/// The shell a family's images have, with pipefail support.
fn shell_for(family: Family) -> Option<&'static str> {
    match family {
        Family::Alpine => Some("/bin/ash"),
        Family::Debian | Family::Rhel | Family::Suse => Some("/bin/bash"),
        Family::Distroless | Family::Scratch | Family::Unknown => None,
    }
}

fn program_name(shell: &[String]) -> String {
    let program = shell.first().map_or("", String::as_str);
    program.rsplit(['/', '\\']).next().unwrap_or(program).to_ascii_lowercase()
}

fn is_posix(shell: &[String]) -> bool {
    let name = program_name(shell);
    !NON_POSIX_SHELLS.iter().any(|non_posix| name.starts_with(non_posix))
}

/// Whether the shell's options hold `-o pipefail` (alone or as `-eo pipefail`).
fn has_pipefail(shell: &[String]) -> bool {
    shell.windows(2).any(|pair| {
        let option = pair[0].as_str();
        option.starts_with('-')
            && !option.starts_with("--")
            && option.contains('o')
            && pair[1] == "pipefail"
    })
}

/// The first pipe of the scripts the `RUN` hands to its shell.
fn first_pipe(run: &Instruction) -> Option<TextRange> {
    let form = run.shell_form()?;
    let logical = form.logical_text();
    if let Some(pipe) = pipe_in(&logical.text) {
        return Some(logical.range_to_file(pipe.start, pipe.end));
    }
    // `RUN <<EOF` alone runs the body in the shell, so its pipes count; a body with a `#!` line
    // runs in what that line names, and `RUN bash <<EOF` in a shell of its own.
    let marker_only = logical.text.trim().starts_with("<<") && !logical.text.trim().contains(' ');
    let heredoc = run.heredocs().next()?;
    let body = heredoc.body_token()?;
    if !marker_only || run.heredocs().count() != 1 || body.text().starts_with("#!") {
        return None;
    }
    let pipe = pipe_in(body.text())?;
    let start = body.text_range().start();
    let at = |offset: usize| start + TextSize::from(offset as u32);
    Some(TextRange::new(at(pipe.start), at(pipe.end)))
}

/// The first pipe of `script`, or of a command substitution in it (`x=$(a | b)` fails with
/// pipefail when `a` does), read as the shell reads it: quotes, escapes, comments, arithmetic,
/// parameter expansions and the `|` between `case` patterns are no pipes.
// FIXME(shell): `shell::commands` drops the separator after a command made only of reserved
// words (`{ a; } | b`) and reads `case` patterns (`a|b)`) as pipes, so this rule reads the
// script itself.
fn pipe_in(script: &str) -> Option<Range<usize>> {
    let bytes = script.as_bytes();
    let mut cases: Vec<Case> = Vec::new();
    let mut command_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let word_start = i == 0 || is_boundary(bytes[i - 1]);
        match bytes[i] {
            b' ' | b'\t' | b'\r' => {}
            b'\n' => command_start = true,
            b'#' if word_start => i += script[i..].find('\n').map_or(script.len() - i, |n| n - 1),
            b'|' if bytes.get(i + 1) == Some(&b'|') => {
                command_start = true;
                i += 1;
            }
            b'|' if i > 0 && bytes[i - 1] == b'>' => {}
            b'|' if cases.last() == Some(&Case::Pattern) => {}
            b'|' => return Some(i..i + 1 + usize::from(bytes.get(i + 1) == Some(&b'&'))),
            b';' | b'&' => {
                if bytes[i] == b';' && matches!(bytes.get(i + 1), Some(b';' | b'&')) {
                    if let Some(case) = cases.last_mut() {
                        *case = Case::Pattern;
                    }
                    i += 1;
                }
                command_start = true;
            }
            b'(' | b')' if cases.last() == Some(&Case::Pattern) => {
                if bytes[i] == b')' {
                    cases.pop();
                    cases.push(Case::Body);
                }
                command_start = true;
            }
            b'(' | b')' | b'<' | b'>' => command_start = bytes[i] != b'>' && bytes[i] != b'<',
            _ => {
                let end = word_end(script, i)?;
                if let Some(found) = substitutions(&script[i..end]).into_iter().find_map(|inner| {
                    pipe_in(&script[i + inner.start..i + inner.end])
                        .map(|pipe| i + inner.start + pipe.start..i + inner.start + pipe.end)
                }) {
                    return Some(found);
                }
                let word = &script[i..end];
                match (word, cases.last()) {
                    ("case", _) if command_start => cases.push(Case::Subject),
                    ("in", Some(Case::Subject)) => {
                        cases.pop();
                        cases.push(Case::Pattern);
                    }
                    ("esac", Some(Case::Pattern | Case::Body)) if command_start => {
                        cases.pop();
                    }
                    _ => {}
                }
                command_start = RESERVED.contains(&word) && command_start;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    None
}

/// Where a `case` reader is: before `in`, in a pattern list, or in a branch's commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Subject,
    Pattern,
    Body,
}

/// Words after which a command may start.
const RESERVED: &[&str] =
    &["if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "time", "fi", "done"];

fn is_boundary(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>')
}

/// The end of the word starting at `start`: quotes, escapes and expansions are part of it.
/// `None` when a quote or expansion is left open.
fn word_end(script: &str, start: usize) -> Option<usize> {
    let bytes = script.as_bytes();
    let mut i = start;
    while i < bytes.len() && !is_boundary(bytes[i]) {
        match bytes[i] {
            b'\\' => i += 1,
            b'\'' => i += script[i + 1..].find('\'')? + 1,
            b'"' => i = closing_double_quote(script, i)?,
            b'`' => i += script[i + 1..].find('`')? + 1,
            b'$' if matches!(bytes.get(i + 1), Some(b'(' | b'{')) => {
                i = closing(script, i + 1)?;
            }
            _ => {}
        }
        i += 1;
    }
    Some(i.min(bytes.len()))
}

/// The offset of the `"` closing the one at `open`.
fn closing_double_quote(script: &str, open: usize) -> Option<usize> {
    let bytes = script.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'"' => return Some(i),
            b'`' => i += script[i + 1..].find('`')? + 1,
            b'$' if matches!(bytes.get(i + 1), Some(b'(' | b'{')) => i = closing(script, i + 1)?,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the `)` or `}` that closes the bracket at `open`, minding quotes and nesting.
fn closing(script: &str, open: usize) -> Option<usize> {
    let bytes = script.as_bytes();
    let (left, right) = if bytes[open] == b'(' { (b'(', b')') } else { (b'{', b'}') };
    let mut depth = 0;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'\'' => i += script[i + 1..].find('\'')? + 1,
            b'"' => i = closing_double_quote(script, i)?,
            b if b == left => depth += 1,
            b if b == right => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The insides of the command substitutions in a word, `$(…)` and backquotes, outside single
/// quotes; arithmetic `$((…))` is none.
fn substitutions(word: &str) -> Vec<Range<usize>> {
    let bytes = word.as_bytes();
    let mut found = Vec::new();
    let mut in_double = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'"' => in_double = !in_double,
            b'\'' if !in_double => match word[i + 1..].find('\'') {
                Some(n) => i += n + 1,
                None => break,
            },
            b'$' if bytes.get(i + 1) == Some(&b'(') => {
                let Some(close) = closing(word, i + 1) else { break };
                if bytes.get(i + 2) != Some(&b'(') {
                    found.push(i + 2..close);
                }
                i = close;
            }
            b'`' => match word[i + 1..].find('`') {
                Some(n) => {
                    found.push(i + 1..i + 1 + n);
                    i += n + 1;
                }
                None => break,
            },
            _ => {}
        }
        i += 1;
    }
    found
}

/// An edit that puts `SHELL [program, "-o", "pipefail", "-c"]` on a line of its own before the
/// `RUN`, and before the comment lines directly above it, with the `RUN`'s indentation and the
/// line end of the line before.
fn insert_shell(source: &str, run: &Instruction, program: &str) -> Option<Edit> {
    let keyword = run.keyword_token()?;
    let shell = if keyword.text() == keyword.text().to_lowercase() { "shell" } else { "SHELL" };
    let start = run.syntax().text_range().start();
    let indent_start = source[..usize::from(start)].rfind('\n').map_or(0, |i| i + 1);
    let indent = &source[indent_start..usize::from(start)];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }

    // The line end before the `RUN`'s line, then those before each comment line above it.
    let mut at = TextSize::from(indent_start as u32);
    let mut newline = previous(run.syntax().prev_sibling_or_token(), WHITESPACE)?;
    let line_end = newline.as_token().filter(|t| t.kind() == NEWLINE)?.text().to_string();
    while let Some(comment) = newline.prev_sibling_or_token().filter(|e| e.kind() == COMMENT) {
        let Some(before) = previous(comment.prev_sibling_or_token(), WHITESPACE) else { break };
        if before.kind() != NEWLINE {
            break;
        }
        at = before.text_range().end();
        newline = before;
    }
    let text = format!("{indent}{shell} [\"{program}\", \"-o\", \"pipefail\", \"-c\"]{line_end}");
    Some(Edit::insert(at, text))
}

/// `element`, or the element before it when it is of kind `skip`.
fn previous(element: Option<SyntaxElement>, skip: SyntaxKind) -> Option<SyntaxElement> {
    let element = element?;
    if element.kind() == skip { element.prev_sibling_or_token() } else { Some(element) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn pipefail_options() {
        assert!(has_pipefail(&strings(&["/bin/bash", "-o", "pipefail", "-c"])));
        assert!(has_pipefail(&strings(&["/bin/ash", "-eo", "pipefail", "-c"])));
        assert!(!has_pipefail(&strings(&["/bin/bash", "-c"])));
        assert!(!has_pipefail(&strings(&["/bin/bash", "-c", "-o", "x"])));
        assert!(!is_posix(&strings(&["powershell", "-Command"])));
        assert!(is_posix(&strings(&["/bin/sh", "-c"])));
    }

    #[test]
    fn pipes_are_told_from_or_lists() {
        assert_eq!(pipe_in("a || b"), None);
        assert_eq!(pipe_in("a || b | c"), Some(7..8));
        assert_eq!(pipe_in("echo 'a | b'"), None);
        assert_eq!(pipe_in("x=\"$(a | b)\"; echo $((1 | 2))"), Some(7..8));
        assert_eq!(pipe_in("echo `a | b` '$(c | d)' # $(e | f)"), Some(8..9));
        assert_eq!(pipe_in("echo $(a \")\" | b)"), Some(13..14));
        assert_eq!(pipe_in("{ a; } | b"), Some(7..8));
        assert_eq!(pipe_in("case $x in a|b) c ;; (d|e) f | g ;; esac"), Some(29..30));
        assert_eq!(pipe_in("case $x in a|b) c ;; esac; echo ${y:-a|b} $((1|2)) >| f"), None);
        assert_eq!(pipe_in("a |& b"), Some(2..4));
        assert_eq!(pipe_in("echo \"it's $(a | b)\""), Some(15..16));
    }

    /// Scripts made of the characters the reader treats specially never make it panic, and a
    /// pipe it finds is a `|` of the script.
    #[test]
    fn arbitrary_scripts_do_not_panic() {
        const PIECES: &[&str] = &[
            "a", " ", "\n", "\\", "'", "\"", "$", "(", ")", "{", "}", "`", "&", "|", ";", "<", ">",
            "#", "é", "case", "in", "esac", ";;", "$((", "${",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut script = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for _ in 0..seed % 24 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                script.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            if let Some(pipe) = pipe_in(&script) {
                assert_eq!(script.get(pipe.start..pipe.start + 1), Some("|"), "{script:?}");
            }
        }
    }
}
