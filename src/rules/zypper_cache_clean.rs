//! `RUN`s that install with `zypper` and leave its cache behind.

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::semantics::{Manager, PackageCommand, ZYPPER_FETCHING, cache_mount_targets};
use crate::shell::{Command, append_to_run, uncleaned_install};

use super::Context;

pub(crate) const NAME: &str = "zypper-cache-clean";

pub(crate) const DOC: &str = r#"## What it does
Finds `RUN`s that install packages with `zypper` (`install`, `update`, `patch`,
`dist-upgrade`...) and do not run `zypper clean` (or `zypper cc`, or remove `/var/cache/zypp`)
afterwards, and appends `zypper clean --all` at the end of the `RUN`.

## Why
zypper keeps the repository metadata it downloads, and sometimes the packages, in
`/var/cache/zypp`. In a `RUN` they are committed to the layer, where removing them in a later
`RUN` no longer helps. `--all` cleans the metadata too, not only the packages a plain
`zypper clean` removes.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl
```
becomes
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper clean --all
```

## Fix safety
Safe: the packages are installed before the cache goes; a later `zypper` command downloads the
metadata again when it needs it.

## Known problems
A `RUN` that mounts a cache on `/var/cache/zypp` or `/var/cache` is left alone: the author
chose to keep the cache there. An install with `--root` (`-R`) is reported without a fix: its
cache is inside that root, and the clean needs the same option. A `RUN` that does not end in a
command (a trailing `;` or comment) is reported without a fix. Any `zypper clean` after the
install counts, even one that keeps the metadata.
"#;

const CACHE_DIR: &str = "/var/cache/zypp";
const CACHE_PARENT: &str = "/var/cache";

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        let mounted = cache_mount_targets(&instruction);
        if mounted.iter().any(|t| t == CACHE_DIR || t == CACHE_PARENT) {
            continue;
        }
        let commands = ctx.run_commands(&instruction);
        let fetching = |c: &Command| zypper(c).is_some_and(|p| fetches(&p));
        let Some(last) = uncleaned_install(&commands, |c| fetching(c), cleans) else {
            continue;
        };

        let (script, install) = &commands[last];
        let Some(package) = zypper(install) else { continue };
        let Some(sub) = package.subcommand_word() else { continue };
        let clean = format!("{}zypper clean --all", script.sudo_prefix(install));
        let range = script.range_to_file(install.words[0].range.start, sub.range.end);
        let rooted = package.has_option(&["--root", "-R"]);
        let fix = if rooted { None } else { append_to_run(ctx.source, &instruction, &clean) };
        let message = match &fix {
            Some(_) => format!(
                "`zypper {}` leaves zypper's cache in the image; append `{clean}` to the `RUN`",
                sub.text
            ),
            None if rooted => format!(
                "`zypper {}` leaves zypper's cache inside the root; clean it at the end of the \
                 `RUN` with `zypper clean --all` and the same `--root`",
                sub.text
            ),
            None => format!(
                "`zypper {}` leaves zypper's cache in the image; end the `RUN` with `{clean}`",
                sub.text
            ),
        };
        diagnostics.push(Diagnostic {
            rule: NAME,
            message,
            range,
            fix: fix.map(|edit| Fix { edits: vec![edit], applicability: Applicability::Safe }),
        });
    }
}

fn zypper(command: &Command) -> Option<PackageCommand> {
    PackageCommand::recognize(command.clone()).filter(|p| p.manager == Manager::Zypper)
}

fn fetches(package: &PackageCommand) -> bool {
    package.subcommand_text().is_some_and(|sub| ZYPPER_FETCHING.contains(&sub))
}

/// Whether `command` empties zypper's cache: `zypper clean` or `zypper cc` with any options, or
/// `rm` of the cache directory.
fn cleans(command: &Command) -> bool {
    if command.name() == Some("rm") {
        return command.words.iter().skip(1).any(|w| w.text.starts_with(CACHE_DIR));
    }
    zypper(command).is_some_and(|p| matches!(p.subcommand_text(), Some("clean" | "cc")))
}
