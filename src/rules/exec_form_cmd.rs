//! `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` in shell form.

use std::ops::Range;

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::Base;
use crate::shell;
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::{Instruction, LogicalText};

use super::Context;

pub(crate) const NAME: &str = "exec-form-cmd";

pub(crate) const DOC: &str = r#"## What it does
Finds `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` in shell form and, when the command uses no
shell feature, writes it in exec form: a JSON array of the command's words.

## Why
In shell form the container runs `/bin/sh -c "command"`. The shell becomes process 1 and does
not pass `SIGTERM` on, so `docker stop` waits out its timeout and kills the command; an
`ENTRYPOINT` in shell form also ignores the arguments of `docker run`. In exec form the
command itself is process 1. A health check in shell form needs a shell in the image and
starts one at every check. BuildKit's `JSONArgsRecommended` check warns about `CMD` and
`ENTRYPOINT` in shell form, hadolint's DL3025 about all three.

## Example
```dockerfile
FROM nginx:1.27
CMD nginx -g 'daemon off;'
```
becomes
```dockerfile
FROM nginx:1.27
CMD ["nginx", "-g", "daemon off;"]
```

## Fix safety
Unsafe: no shell runs any more. Signals reach the command, the image's `SHELL` no longer
applies, and a command that relied on the shell's environment (its `PATH` lookup is the same,
but its startup files are not read) may behave differently. A leading `exec` is dropped,
since exec form already runs the command in place of a shell.

## Known problems
Commands that use the shell (`$VAR`, globs, `~`, `&&`, pipes, redirections, `;`, subshells,
comments, assignments before the command, builtins such as `cd`) are reported without a fix:
they need `["sh", "-c", "…"]` or a script, which is the author's call; so does the usual
`HEALTHCHECK CMD curl -f URL || exit 1`. Under a `SHELL` that is not a POSIX shell
(PowerShell, `cmd`) shell form is the way to use that shell, and nothing is reported. On
Windows images the words would be read with POSIX rules, so the fix is withheld.
"#;

/// Shells that read a command line as a POSIX shell does.
const POSIX_SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"];

/// First words that are no program: reserved words and builtins with no binary behind them.
const NOT_PROGRAMS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "in", "function", "select", "time", "[[", "]]", "cd", "export", "set", "source", ".", "eval",
    "exit", "trap", "ulimit", "umask", "wait", "read", "alias", "command", "shift", "unset",
    "readonly", "return", "break", "continue", ":", "local", "declare", "typeset", "let", "exec",
];

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        let target = match instruction.kind() {
            ONBUILD_INSTR => match instruction.onbuild_inner() {
                Some(inner) => inner,
                None => continue,
            },
            _ => instruction.clone(),
        };
        let what = match target.kind() {
            CMD_INSTR | ENTRYPOINT_INSTR => None,
            HEALTHCHECK_INSTR => match check_type(&target) {
                Some(kind) if kind.eq_ignore_ascii_case("cmd") => Some(kind),
                _ => continue,
            },
            _ => continue,
        };
        let Some(form) = target.shell_form() else { continue };
        let Some(keyword) = target.keyword_token() else { continue };
        let offset = instruction.syntax().text_range().start();

        // Under PowerShell or `cmd`, shell form is how that shell gets used.
        let shell = ctx.semantics.shell_at(offset);
        if shell.as_ref().is_some_and(|shell| !is_posix(shell)) {
            continue;
        }

        let logical = form.logical_text();
        let windows = on_windows(ctx, &instruction);
        let words = if windows { None } else { exec_words(&logical.text) };
        let fix = words
            .and_then(|words| edits(&logical, &words))
            .map(|edits| Fix { edits, applicability: Applicability::Unsafe });
        let why_not = match (&fix, windows) {
            (Some(_), _) => "",
            (None, true) => {
                " (no fix: on Windows images `cmd` reads the command, not a POSIX shell)"
            }
            (None, false) => {
                " (no fix: it uses the shell, so it needs `[\"sh\", \"-c\", …]` or a script)"
            }
        };
        let message = match what {
            None => format!(
                "`{}` in shell form runs under a shell, which does not pass signals on; write it \
                 as a JSON array (exec form){why_not}",
                keyword.text()
            ),
            Some(cmd) => format!(
                "`{} {cmd}` in shell form needs a shell in the image; write it as a JSON array \
                 (exec form){why_not}",
                keyword.text()
            ),
        };
        let range = rowan::TextRange::new(
            target.syntax().text_range().start(),
            form.syntax().text_range().end(),
        );
        diagnostics.push(Diagnostic { rule: NAME, message, range, fix });
    }
}

/// The type of a `HEALTHCHECK`, `CMD` or `NONE`, as written.
fn check_type(healthcheck: &Instruction) -> Option<String> {
    let kind = healthcheck.syntax().children().find(|n| n.kind() == ARGUMENT)?;
    Some(LogicalText::of(&kind).text)
}

fn is_posix(shell: &[String]) -> bool {
    shell.first().is_some_and(|program| {
        let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
        POSIX_SHELLS.contains(&name)
    })
}

/// Whether the stage of `instruction` is built on a Windows image, whose shell is `cmd`.
fn on_windows(ctx: &Context<'_>, instruction: &Instruction) -> bool {
    let Some(stage) = ctx.semantics.stage_at(instruction.syntax().text_range().start()) else {
        return false;
    };
    let root = ctx.semantics.ancestors(stage.index).last().copied().unwrap_or(stage.index);
    match &ctx.semantics.stages[root].base {
        Base::Image(image) => {
            let name = image.name.to_ascii_lowercase();
            ["windows", "nanoserver", "servercore"].iter().any(|w| name.contains(w))
        }
        _ => false,
    }
}

/// One word of the command: where it is in the script, and its value.
#[derive(Debug, PartialEq, Eq)]
struct ExecWord {
    range: Range<usize>,
    value: String,
}

/// The words of `script` when it is one simple command that uses no shell feature. A leading
/// `exec` is left out, and its range joined to the first word's.
fn exec_words(script: &str) -> Option<Vec<ExecWord>> {
    if uses_the_shell(script) {
        return None;
    }
    // The reader drops `exec` like any wrapper, so it is taken off here first.
    let exec_len = script
        .strip_prefix("exec")
        .filter(|rest| rest.starts_with([' ', '\t']))
        .map_or(0, |rest| script.len() - rest.trim_start_matches([' ', '\t']).len());
    let rest = &script[exec_len..];
    let commands = shell::commands(rest);
    let [command] = &commands[..] else { return None };
    if command.opaque || command.separator.is_some() {
        return None;
    }

    // Nothing but blanks may stand outside the words: the reader drops assignments, wrappers
    // and reserved words in front of a command, and those need the shell.
    let mut pos = 0;
    for word in &command.words {
        if !rest[pos..word.range.start].chars().all(|c| c == ' ' || c == '\t') {
            return None;
        }
        pos = word.range.end;
    }
    if !rest[pos..].trim().is_empty() {
        return None;
    }

    let program = &command.words.first()?.text;
    if NOT_PROGRAMS.contains(&program.as_str()) || program.starts_with('-') {
        return None;
    }
    let words = command.words.iter().enumerate().map(|(i, w)| {
        let start = if i == 0 && exec_len > 0 { 0 } else { exec_len + w.range.start };
        ExecWord { range: start..exec_len + w.range.end, value: w.text.clone() }
    });
    Some(words.collect())
}

/// Whether the script needs a shell: expansions, globs, operators, grouping, comments,
/// history or tilde expansion, or an assignment, outside single quotes; `$` or a backquote
/// inside double quotes; or an unclosed quote.
fn uses_the_shell(script: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut chars = script.chars();
    while let Some(ch) = chars.next() {
        match quote {
            Some('\'') if ch == '\'' => quote = None,
            Some('\'') => {}
            Some(_) => match ch {
                '"' => quote = None,
                '$' | '`' => return true,
                '\\' => {
                    chars.next();
                }
                _ => {}
            },
            None => match ch {
                '\'' | '"' => quote = Some(ch),
                '\\' => {
                    chars.next();
                }
                '$' | '`' | '*' | '?' | '[' | ']' | '~' | '&' | '|' | ';' | '<' | '>' | '('
                | ')' | '{' | '}' | '#' | '!' | '\n' => return true,
                _ => {}
            },
        }
    }
    if quote.is_some() {
        return true;
    }
    // `NAME=value` before the command sets a variable for it.
    let first = script.split([' ', '\t']).find(|w| !w.is_empty()).unwrap_or("");
    first.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Each word replaced by its JSON string, with `[`, `,` and `]` added around them; the blanks
/// and line continuations between words stay. `None` when a word spans a line continuation.
fn edits(logical: &LogicalText, words: &[ExecWord]) -> Option<Vec<Edit>> {
    let mut edits = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let [range] = logical.ranges_to_file(word.range.start, word.range.end)[..] else {
            return None;
        };
        let json = serde_json::to_string(&word.value).ok()?;
        let open = if i == 0 { "[" } else { "" };
        let close = if i + 1 == words.len() { "]" } else { "," };
        edits.push(Edit::replace(range, format!("{open}{json}{close}")));
    }
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(script: &str) -> Option<Vec<String>> {
        exec_words(script).map(|words| words.into_iter().map(|w| w.value).collect())
    }

    #[test]
    fn simple_commands_become_their_words() {
        assert_eq!(
            values(r#"nginx -g 'daemon off;' "a \"b\" \n" c\ d"#).unwrap(),
            ["nginx", "-g", "daemon off;", "a \"b\" \\n", "c d"]
        );
        assert_eq!(values("exec  gunicorn app:app").unwrap(), ["gunicorn", "app:app"]);
        assert_eq!(exec_words("exec  gunicorn").unwrap()[0].range, 0..14);
    }

    #[test]
    fn shell_features_keep_the_shell() {
        for script in [
            "echo $HOME",
            "echo \"$HOME\"",
            "ls *.txt",
            "a && b",
            "a | b",
            "a > log",
            "a; b",
            "(a)",
            "{ a; }",
            "cd /app",
            "A=1 app",
            "time app",
            "sudo app",
            "app # comment",
            "ls ~",
            "echo 'unclosed",
            "exec",
            "exec -a name app",
        ] {
            assert_eq!(values(script), None, "{script}");
        }
    }

    #[test]
    fn posix_shells() {
        assert!(is_posix(&["/bin/bash".into(), "-c".into()]));
        assert!(!is_posix(&["powershell".into(), "-Command".into()]));
        assert!(!is_posix(&["cmd".into(), "/S".into(), "/C".into()]));
    }
}
