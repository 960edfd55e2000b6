//! A `RUN` that only refreshes or upgrades packages, and the install that needs it in the next.
//!
//! Also how a `RUN` lays out the commands it continues on new lines, which
//! `apk-upgrade-runtime` follows when it joins a command to a `RUN`.

use std::rc::Rc;

use rowan::{TextRange, TextSize};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{DNF_FETCHING, Manager, PackageCommand, ZYPPER_FETCHING};
use crate::shell::{self, Command, Script, SeparatorKind};
use crate::syntax::SyntaxKind::RUN_INSTR;
use crate::syntax::ast::Instruction;

use super::Context;
use super::apt_lists_cleanup::{ListUse, list_steps, read_later};

pub(crate) const NAME: &str = "split-package-runs";

pub(crate) const DOC: &str = r#"## What it does
Finds a `RUN` that only refreshes or upgrades packages (`apt-get update`, `apk upgrade`,
`dnf makecache`, `zypper refresh`...) followed right away by a `RUN` that installs with the same
package manager, and joins the two into one `RUN`: the second loses its keyword and flags, and
its script follows the first's after `&&` and a line continuation.

It also reports, without a fix, an `apt-get update` in a `RUN` that installs nothing when a
later, not adjacent, `RUN` of the stage (or of a stage built on it) installs without updating.

## Why
Each `RUN` is a cached layer. When the install line changes, the builder reruns the install
but reuses the refresh from the cache, however old it is: apt-get then asks the mirror for
package versions it no longer has, and the build fails with 404 errors or installs outdated
packages. A refresh in the same `RUN` as the install is redone whenever the install is, and
the two make one layer instead of two.

## Example
```dockerfile
FROM debian:12
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```
becomes
```dockerfile
FROM debian:12
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## Fix safety
Safe: the same commands run in the same order, as the same user, in the same shell and with
the same flags, and a failure of the first part stops the build as it did. Only `RUN`s made of
nothing but the package manager's own commands and the removal of its caches are joined, so no
`cd`, `export`, `set` or `umask` of one can change what the other does; the second must be an
`&&` list, so that a failed refresh still skips it. The continuation follows the layout the
first `RUN` uses (indentation, `&&` leading the line or ending it), else the second's, else
`&& \` and four spaces. Comment lines between the two stay, as comment lines inside the
continuation, which BuildKit skips; blank lines between them go, as BuildKit warns about empty
continuation lines.

## Known problems
`RUN`s with a heredoc or in exec form, under a `SHELL` that is not a POSIX shell, or with
different flags are never joined. Nor are two `RUN`s with a `# dockfix ignore=` or
`# hadolint ignore=` comment between them, which would end up inside the joined `RUN` and
silence nothing there: they are reported without a fix. A suppression comment above the first
`RUN` covers the whole joined `RUN`. A second `RUN` that refreshes for itself before
installing is not joined, and the first, which it does not need, is left where it is. Scripts
with anything the shell reader does not make a command of are not joined either: a trailing
comment, a bare assignment, `if`, or a descriptor redirection such as `2>&1`. The report of a
lone `apt-get update` without a fix only concerns apt; commands hidden in a string
(`sh -c "apt-get update"`) are not read.
"#;

/// Directories that only hold package managers' caches and lists, which a joined `RUN` may
/// remove besides running the package manager.
const CACHE_DIRS: &[&str] = &[
    "/var/lib/apt/lists",
    "/var/cache/apt",
    "/var/cache/apk",
    "/etc/apk/cache",
    "/var/cache/dnf",
    "/var/cache/yum",
    "/var/cache/zypp",
];

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantics.stages {
        for (n, instruction) in stage.instructions.iter().enumerate() {
            let next = stage.instructions.get(n + 1);
            if let Some(finding) = next.and_then(|next| join(ctx, instruction, next)) {
                diagnostics.push(finding);
                continue;
            }

            // An `apt-get update` alone, with the install further down, can only be reported.
            let steps = list_steps(ctx, instruction);
            let Some(update) = steps.iter().find(|s| s.kind == ListUse::Update) else {
                continue;
            };
            if steps.iter().any(|s| s.kind == ListUse::Install) {
                continue;
            }
            if !read_later(ctx, stage, n, &[ListUse::Install]) {
                continue;
            }
            diagnostics.push(Diagnostic {
                rule: NAME,
                message: format!(
                    "`{} update` in a `RUN` without an install: when a later install changes, \
                     it reuses this cached layer and its stale package lists; update in the \
                     install's `RUN`",
                    update.program
                ),
                range: update.range,
                fix: None,
            });
        }
    }
}

/// A `RUN` made only of one package manager's commands and removals of package caches.
struct PackageRun {
    manager: Manager,
    script: Rc<Script>,
    commands: Vec<Command>,
    /// Whether every command refreshes the index or upgrades what is installed.
    only_refreshes: bool,
    /// The first package-manager command, as written, up to its subcommand.
    first: String,
    /// The first command that installs or upgrades packages, up to its subcommand.
    install: Option<String>,
    /// Whether the index is refreshed before that install, in the same `RUN`.
    refreshes_first: bool,
}

/// The finding that joins `first` and `second`, when they are a refresh and the install after
/// it; `None` when they are not.
fn join(ctx: &Context<'_>, first: &Instruction, second: &Instruction) -> Option<Diagnostic> {
    let before = package_run(ctx, first)?;
    let after = package_run(ctx, second)?;
    if before.manager != after.manager || !before.only_refreshes {
        return None;
    }
    // A second `RUN` that refreshes for itself does not need the first.
    let install = after.install.as_ref().filter(|_| !after.refreshes_first)?;
    let flags = |run: &Instruction| {
        let mut flags: Vec<String> = run.flags().map(|f| f.text()).collect();
        flags.sort();
        flags
    };
    if flags(first) != flags(second) {
        return None;
    }

    // `&&`, `||` and `;` may join the commands of the first; only `&&` those of the second, so
    // that a failure of the first part skips all of it, as a failed `RUN` stops the build.
    let first_kinds = [SeparatorKind::And, SeparatorKind::Or, SeparatorKind::Semicolon];
    if !joined_by(&before.commands, &first_kinds)
        || !joined_by(&after.commands, &[SeparatorKind::And])
    {
        return None;
    }

    let fix = joining_edit(ctx, &before, &after, second);
    let how = match fix {
        Some(_) => "the two are joined into one `RUN`",
        None => {
            "join them into one `RUN` (no fix: a suppression comment between them would end up \
             inside it and silence nothing)"
        }
    };
    let command = &before.commands[0];
    Some(Diagnostic {
        rule: NAME,
        message: format!(
            "`{}` in a `RUN` of its own, right before `{install}`: when the install changes, it \
             reuses this cached layer, however old; {how}",
            before.first
        ),
        range: before.script.range_to_file(command.words[0].range.start, command.range.end),
        fix: fix.map(|edit| Fix { edits: vec![edit], applicability: Applicability::Safe }),
    })
}

/// Whether every command but the last ends with one of `kinds`, and the last with nothing.
fn joined_by(commands: &[Command], kinds: &[SeparatorKind]) -> bool {
    let Some((last, rest)) = commands.split_last() else { return false };
    last.separator.is_none()
        && rest.iter().all(|c| c.separator.as_ref().is_some_and(|s| kinds.contains(&s.kind)))
}

/// Reads a shell-form `RUN` without heredocs, in a POSIX shell, whose every command is a step
/// of one package manager or removes package caches.
fn package_run(ctx: &Context<'_>, run: &Instruction) -> Option<PackageRun> {
    if run.kind() != RUN_INSTR || run.heredocs().next().is_some() || run.shell_form().is_none() {
        return None;
    }
    let scripts = ctx.run_scripts(run);
    let [script] = &scripts[..] else { return None };
    let commands = shell::commands(&script.text);
    if commands.is_empty() || !covers(&script.text, &commands) {
        return None;
    }
    let mut manager = None;
    let mut only_refreshes = true;
    let mut first = None;
    let mut install = None;
    let mut refreshes_first = false;
    for command in &commands {
        if command.opaque {
            return None;
        }
        if removes_caches(command) {
            only_refreshes = false;
            continue;
        }
        let package = PackageCommand::recognize(command.clone())?;
        let this = match package.manager {
            Manager::Apt => Manager::AptGet,
            Manager::Pip | Manager::Npm | Manager::Yarn => return None,
            other => other,
        };
        if manager.is_some_and(|m| m != this) {
            return None;
        }
        manager = Some(this);
        let (refreshes, installs) = step(this, package.subcommand_text().unwrap_or_default());
        only_refreshes &= refreshes;
        let start = package.words()[package.name].range.start;
        let end = package.subcommand_word().map_or(command.range.end, |w| w.range.end);
        let text = &script.text[start..end];
        first.get_or_insert_with(|| text.to_string());
        if installs && install.is_none() {
            install = Some(text.to_string());
        }
        refreshes_first |= refreshes && !installs && install.is_none();
    }
    Some(PackageRun {
        manager: manager?,
        script: Rc::clone(script),
        commands,
        only_refreshes,
        first: first?,
        install,
        refreshes_first,
    })
}

/// Whether `commands` and their separators are all there is to `script`: no reserved word, bare
/// assignment, comment or other text the reader does not make a command of.
fn covers(script: &str, commands: &[Command]) -> bool {
    let mut pos = 0;
    for command in commands {
        if !script[pos..command.range.start].trim().is_empty() {
            return false;
        }
        pos = command.range.end;
        if let Some(separator) = &command.separator {
            if !script[pos..separator.range.start].trim().is_empty() {
                return false;
            }
            pos = separator.range.end;
        }
    }
    script[pos..].trim().is_empty()
}

/// Whether `subcommand` of `manager` refreshes the index or upgrades what is installed, and
/// whether it installs or upgrades packages: an upgrade does both.
fn step(manager: Manager, subcommand: &str) -> (bool, bool) {
    let (refresh, install): (&[&str], &[&str]) = match manager {
        Manager::Apk => (&["update", "upgrade"], &["add", "upgrade", "fix"]),
        Manager::AptGet => (
            &["update", "upgrade", "dist-upgrade", "full-upgrade"],
            &[
                "install",
                "reinstall",
                "upgrade",
                "dist-upgrade",
                "full-upgrade",
                "build-dep",
                "satisfy",
            ],
        ),
        // `check-update` is left out: it exits with 100 when there are updates.
        Manager::Dnf | Manager::Microdnf | Manager::Yum => (
            &[
                "makecache",
                "upgrade",
                "up",
                "update",
                "upgrade-minimal",
                "update-minimal",
                "distro-sync",
            ],
            DNF_FETCHING,
        ),
        Manager::Zypper => {
            (&["refresh", "ref", "update", "up", "patch", "dist-upgrade", "dup"], ZYPPER_FETCHING)
        }
        _ => (&[], &[]),
    };
    (refresh.contains(&subcommand), install.contains(&subcommand))
}

/// Whether `command` is an `rm` of package caches and lists only.
fn removes_caches(command: &Command) -> bool {
    if command.name() != Some("rm") {
        return false;
    }
    let mut paths = command.words[1..].iter().filter(|w| !w.text.starts_with('-')).peekable();
    paths.peek().is_some()
        && paths.all(|path| {
            let path = path.text.strip_suffix("/*").unwrap_or(&path.text).trim_end_matches('/');
            CACHE_DIRS.iter().any(|dir| {
                path.strip_prefix(dir).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
        })
}

/// The edit that joins the `RUN` `after` (the instruction `second`) to `before`: from the end
/// of the first's last command to the second's first, it becomes a continuation in the first's
/// layout, keeping the comment lines in between and dropping blank lines, the second's keyword
/// and its flags. `None` when a comment in between silences rules, which it would not do inside
/// the `RUN`.
fn joining_edit(
    ctx: &Context<'_>,
    before: &PackageRun,
    after: &PackageRun,
    second: &Instruction,
) -> Option<Edit> {
    let source = ctx.source;
    let last = before.commands.last()?;
    let start = before.script.to_file(last.range.end);
    let end = char_in_file(&after.script, after.commands.first()?.range.start);
    let segment = &source[TextRange::new(start, end)];
    let last_newline = segment.rfind('\n')?;
    let (lines, tail) = segment.split_at(last_newline + 1);
    if tail.contains('#') {
        return None;
    }

    let layout = Layout::of(source, &before.script, &before.commands)
        .or_else(|| Layout::of(source, &after.script, &after.commands))
        .unwrap_or_default();
    let escape = ctx.parse.escape();
    let second_start = usize::from(second.syntax().text_range().start());

    // The edit takes in the last character of the first `RUN`'s script, rewritten as it is, so
    // that a fix appending to that `RUN` (a cache cleanup) waits for the joined one and goes at
    // its end, rather than between the two parts.
    let last_char = before.script.text[..last.range.end].chars().next_back()?;
    let char_start = start - TextSize::of(last_char);
    if !source[usize::from(char_start)..].starts_with(last_char) {
        return None;
    }
    let mut text = last_char.to_string();
    let mut offset = usize::from(start);
    for (i, line) in lines.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\r', '\n']);
        let newline = &line[content.len()..];
        let line_end = offset + content.len();
        offset += line.len();
        if i == 0 {
            // What follows the first's last command on its line: blanks at most.
            if !content.trim().is_empty() {
                return None;
            }
            let joint = if layout.leading { "" } else { " &&" };
            text.push_str(&format!("{joint} {escape}{newline}"));
        } else if content.trim_start().starts_with('#') {
            if is_suppression(content) {
                return None;
            }
            text.push_str(line);
        } else if !content.trim().is_empty() && line_end <= second_start {
            // Nothing but comments and blank lines comes between two instructions.
            return None;
        }
    }
    text.push_str(&layout.indent);
    if layout.leading {
        text.push_str("&& ");
    }
    Some(Edit::replace(TextRange::new(char_start, end), text))
}

/// Whether a comment line is one of dockfix's or hadolint's suppression comments.
fn is_suppression(comment: &str) -> bool {
    let body = comment.trim_start().trim_start_matches('#').trim_start().to_ascii_lowercase();
    body.starts_with("dockfix") || body.starts_with("hadolint")
}

/// How a `RUN` continues its commands on new lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    /// `&&` opens the continued line (`    && next`) rather than ending the line before it.
    pub(super) leading: bool,
    /// The blanks before the command, or before its `&&`.
    pub(super) indent: String,
}

impl Default for Layout {
    /// `RUN a && \`, then `    b` on the next line.
    fn default() -> Layout {
        Layout { leading: false, indent: "    ".to_string() }
    }
}

impl Layout {
    /// The layout of the first of `commands` that starts a line of its own (after blanks, or
    /// after blanks and `&&`); `None` when none does.
    pub(super) fn of(source: &str, script: &Script, commands: &[Command]) -> Option<Layout> {
        commands.iter().find_map(|command| {
            let start = usize::from(char_in_file(script, command.range.start));
            let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
            let prefix = &source[line_start..start];
            let rest = prefix.trim_start_matches([' ', '\t']);
            let indent = prefix[..prefix.len() - rest.len()].to_string();
            match rest.trim_end() {
                "" => Some(Layout { leading: false, indent }),
                "&&" => Some(Layout { leading: true, indent }),
                _ => None,
            }
        })
    }
}

/// The file offset of the character at script offset `offset`, rather than of the end of the
/// stretch before it, which is what an offset at a line's start would otherwise map to.
pub(super) fn char_in_file(script: &Script, offset: usize) -> TextSize {
    let len = script.text[offset..].chars().next().map_or(0, char::len_utf8);
    script.to_file(offset + len) - TextSize::from(len as u32)
}

#[cfg(test)]
mod tests {
    use crate::fix::{Settings, fix};

    /// `source` after this rule's fixes alone.
    fn joined(source: &str) -> String {
        let settings =
            Settings { select: Some(vec![super::NAME.to_string()]), ..Settings::default() };
        fix(source, &settings).text
    }

    #[test]
    fn crlf_files_keep_their_line_ends_and_comments() {
        assert_eq!(
            joined(
                "FROM debian:12\r\nRUN apt-get update\r\n\r\n# curl\r\nRUN apt-get install -y curl\r\n"
            ),
            "FROM debian:12\r\nRUN apt-get update && \\\r\n# curl\r\n    apt-get install -y curl\r\n"
        );
    }

    #[test]
    fn the_escape_directive_gives_the_continuation() {
        assert_eq!(
            joined(
                "# escape=`\nFROM alpine:3.21\nRUN apk upgrade --no-cache\nRUN apk add --no-cache x\n"
            ),
            "# escape=`\nFROM alpine:3.21\nRUN apk upgrade --no-cache && `\n    apk add --no-cache x\n"
        );
    }

    #[test]
    fn the_first_runs_layout_wins_over_the_seconds() {
        assert_eq!(
            joined(
                "FROM debian:12\nRUN apt-get update \\\n  && apt-get upgrade -y\n\
                 RUN --network=host apt-get install -y a && \\\n\tapt-get install -y b\n"
            ),
            "FROM debian:12\nRUN apt-get update \\\n  && apt-get upgrade -y\n\
             RUN --network=host apt-get install -y a && \\\n\tapt-get install -y b\n",
            "different flags are never joined"
        );
        assert_eq!(
            joined(
                "FROM debian:12\nRUN apt-get update \\\n  && apt-get upgrade -y\n\
                 RUN apt-get install -y a && \\\n\tapt-get install -y b\n"
            ),
            "FROM debian:12\nRUN apt-get update \\\n  && apt-get upgrade -y \\\n  \
             && apt-get install -y a && \\\n\tapt-get install -y b\n"
        );
    }

    #[test]
    fn a_refresh_that_fails_still_stops_the_install() {
        // `a || b && c` runs `c` only when `a || b` succeeds; after `;` or `||` in the second
        // `RUN`, a command would run even when the refresh failed.
        let kept = "FROM alpine:3.21\nRUN apk update\nRUN apk add x; apk add y\n";
        assert_eq!(joined(kept), kept);
        let kept = "FROM alpine:3.21\nRUN apk update\nRUN apk add x || apk add y\n";
        assert_eq!(joined(kept), kept);
        assert_eq!(
            joined("FROM alpine:3.21\nRUN apk update || apk update\nRUN apk add x\n"),
            "FROM alpine:3.21\nRUN apk update || apk update && \\\n    apk add x\n"
        );
    }

    #[test]
    fn cache_removal_counts_only_for_cache_directories() {
        let command = |text: &str| crate::shell::commands(text).remove(0);
        assert!(super::removes_caches(&command("rm -rf /var/lib/apt/lists/*")));
        assert!(super::removes_caches(&command("rm -rf /var/cache/apk/* /var/cache/apt")));
        assert!(!super::removes_caches(&command("rm -rf /var/cache/apk-old")));
        assert!(!super::removes_caches(&command("rm -rf /var/cache/apk /tmp/x")));
        assert!(!super::removes_caches(&command("rm -rf")));
    }
}
