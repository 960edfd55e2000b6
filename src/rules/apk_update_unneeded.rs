//! `apk update` in a `RUN` whose later `apk add` and `apk upgrade` all pass `--no-cache`.

use std::rc::Rc;

use rowan::{TextRange, TextSize};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{Manager, PackageCommand, cache_mount_targets};
use crate::shell::{self, Command, Script, SeparatorKind};
use crate::syntax::ast::Instruction;

use super::Context;

pub(crate) const NAME: &str = "apk-update-unneeded";

pub(crate) const DOC: &str = r#"## What it does
Finds `apk update` in a `RUN` where every later `apk add` and `apk upgrade` of the same `RUN`
passes `--no-cache`, and removes it together with the `&&` or `;` that follows it.

## Why
`apk add --no-cache` fetches a fresh package index for itself and keeps none, so an
`apk update` before it downloads an index nobody reads, and leaves it in `/var/cache/apk` in
the layer. The `apk-no-cache` rule adds `--no-cache`; once it has, this rule finds the
`apk update` it made pointless.

## Example
```dockerfile
FROM alpine:3.21
RUN apk update \
 && apk add --no-cache curl
```
becomes
```dockerfile
FROM alpine:3.21
RUN apk add --no-cache curl
```

## Fix safety
Safe: the same packages come from the same repositories; only the unused index is left out of
the layer. The text between `apk update` and the next command goes with it; comment lines in
between stay where they are.

## Known problems
A `RUN` that mounts a cache for apk is left alone. So is one where a later apk command might
read the index (`apk search`, `apk info`, `apk fetch`, `apk add` without `--no-cache`...), where
a later command cannot be read or may run apk out of sight (`sh -c "apk info"`, `$APK list`),
and one whose `apk update` is joined to what is around it in a way its removal would change
(`apk update || true`, `cmd && apk update; apk add ...`, `if apk update; then`). `apk del` after
it is taken not to need the index.
"#;

/// Where apk keeps its cache.
const CACHE_DIRS: &[&str] = &["/var/cache/apk", "/etc/apk/cache"];

/// Directories holding apk's cache: a cache mount on one of these keeps apk's cache too.
const CACHE_PARENTS: &[&str] = &["/var/cache", "/etc/apk"];

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        let scripts = ctx.run_scripts(&instruction);
        if mounts_apk_cache(&instruction, &scripts) {
            continue;
        }
        // Every command of the `RUN`, in the order the shell meets them.
        let commands: Vec<(usize, Command)> = scripts
            .iter()
            .enumerate()
            .flat_map(|(i, script)| shell::commands(&script.text).into_iter().map(move |c| (i, c)))
            .collect();
        for (at, (script_index, command)) in commands.iter().enumerate() {
            if command.opaque || !is_apk_update(command) {
                continue;
            }
            if !index_is_unused(commands[at + 1..].iter().map(|(_, c)| c)) {
                continue;
            }
            let script = &scripts[*script_index];
            let next = commands.get(at + 1).filter(|(i, _)| i == script_index).map(|(_, c)| c);
            let previous = at.checked_sub(1).map(|i| &commands[i]);
            let previous = previous.filter(|(i, _)| i == script_index).map(|(_, c)| c);
            let fix = next.and_then(|next| removal(ctx.source, script, previous, command, next));
            let name = &command.words[0];
            let update_end = command.words.iter().find(|w| w.text == "update").map(|w| w.range.end);
            diagnostics.push(Diagnostic {
                rule: NAME,
                message: "`apk update` only leaves an unused index in the image: the `apk add` \
                          and `apk upgrade` after it pass `--no-cache` and fetch their own; \
                          remove it"
                    .to_string(),
                range: script.range_to_file(name.range.start, update_end.unwrap_or(name.range.end)),
                fix: fix.map(|edits| Fix { edits, applicability: Applicability::Safe }),
            });
        }
    }
}

fn is_apk_update(command: &Command) -> bool {
    PackageCommand::recognize(command.clone())
        .is_some_and(|p| p.manager == Manager::Apk && p.subcommand_text() == Some("update"))
}

/// Whether the commands after an `apk update` leave its index unread: at least one
/// `apk add` or `apk upgrade`, all with `--no-cache`, and no other command that reads the index
/// or that may run apk where it cannot be seen.
fn index_is_unused<'a>(later: impl Iterator<Item = &'a Command>) -> bool {
    let mut fetches = false;
    for command in later {
        if command.opaque || command.name().is_none_or(|name| name.contains('$')) {
            return false;
        }
        match PackageCommand::recognize(command.clone()) {
            Some(apk) if apk.manager == Manager::Apk => match apk.subcommand_text() {
                Some("add" | "upgrade") if apk.has_option(&["--no-cache"]) => fetches = true,
                Some("update" | "del") => {}
                _ => return false,
            },
            _ => {
                // `sh -c 'apk info'` and the like.
                if command.words.iter().skip(1).any(|w| w.text.contains("apk ")) {
                    return false;
                }
            }
        }
    }
    fetches
}

/// Whether the `RUN` mounts a cache for apk: on one of its directories, or elsewhere with the
/// script pointing apk's cache at it.
fn mounts_apk_cache(instruction: &Instruction, scripts: &[Rc<Script>]) -> bool {
    let targets = cache_mount_targets(instruction);
    let names_cache = scripts.iter().any(|s| CACHE_DIRS.iter().any(|d| s.text.contains(d)));
    let holds_cache = |t: &String| CACHE_DIRS.contains(&&**t) || CACHE_PARENTS.contains(&&**t);
    !targets.is_empty() && (names_cache || targets.iter().any(holds_cache))
}

/// The edits that delete `update` up to the start of `next`, when removing it leaves the rest
/// meaning what it did.
fn removal(
    source: &str,
    script: &Script,
    previous: Option<&Command>,
    update: &Command,
    next: &Command,
) -> Option<Vec<Edit>> {
    let own = update.separator.as_ref()?;
    if !matches!(own.kind, SeparatorKind::And | SeparatorKind::Semicolon | SeparatorKind::Newline) {
        return None;
    }
    let text = &script.text;
    let after_previous = match previous.and_then(|p| p.separator.as_ref()) {
        None => 0,
        Some(sep) => {
            // `a && apk update; b` runs `b` when `a` fails; `a && b` would not.
            let joins = match sep.kind {
                SeparatorKind::And => own.kind == SeparatorKind::And,
                SeparatorKind::Semicolon | SeparatorKind::Newline => true,
                SeparatorKind::Paren => &text[sep.range.clone()] == "(",
                _ => false,
            };
            if !joins {
                return None;
            }
            sep.range.end
        }
    };
    // Nothing else (`if`, `then`, `!`...) may sit between the commands and their separators.
    let (start, end) = (update.range.start, next.range.start);
    if !is_blank(&text[after_previous..start]) || !is_blank(&text[own.range.end..end]) {
        return None;
    }

    // A heredoc script is file text as it is. A comment line between the commands stays, so
    // only the line of `apk update` goes, or from it to its separator when it shares a line.
    if script.is_heredoc() {
        let has_comment = text[start..end].lines().any(|l| l.trim_start().starts_with('#'));
        if !has_comment {
            return Some(vec![Edit::delete(script.range_to_file(start, end))]);
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let own_line = text[line_start..start].trim().is_empty();
        let start = match own.kind {
            SeparatorKind::Newline if own_line => line_start,
            _ => start,
        };
        return Some(vec![Edit::delete(script.range_to_file(start, own.range.end))]);
    }

    // In shell form the deleted text may span continuation lines. Without a comment line in
    // between, it all goes; with one, only the script text goes, and the next command keeps the
    // indentation of its line.
    let mut edits = script.delete(start, end);
    let has_comment = edits.windows(2).any(|pair| {
        source[TextRange::new(pair[0].range.end(), pair[1].range.start())].contains('#')
    });
    if !has_comment {
        let whole = TextRange::new(char_in_file(script, start), char_in_file(script, end));
        return Some(vec![Edit::delete(whole)]);
    }
    // Every stretch after the first starts a line: the next command keeps that line's indent.
    let several = edits.len() > 1;
    let last = edits.last_mut()?;
    let piece = &source[last.range];
    let indent = piece.len() - piece.trim_start_matches([' ', '\t']).len();
    if several && indent > 0 {
        let start = last.range.start() + TextSize::from(indent as u32);
        last.range = TextRange::new(start.min(last.range.end()), last.range.end());
    }
    edits.retain(|e| !e.range.is_empty());
    Some(edits)
}

/// The file offset of the character at script offset `offset`, rather than of the end of the
/// stretch before it, which is what an offset at a line's start would otherwise map to.
fn char_in_file(script: &Script, offset: usize) -> TextSize {
    let len = script.text[offset..].chars().next().map_or(0, char::len_utf8);
    script.to_file(offset + len) - TextSize::from(len as u32)
}

/// Whether `text` holds nothing a shell would run: blanks, line continuations and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        let line = line.strip_suffix('\\').unwrap_or(line).trim();
        line.is_empty() || line.starts_with('#')
    })
}
