//! `RUN`s that install with `dnf`, `microdnf` or `yum` and leave the cache behind.

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::semantics::{DNF_FETCHING, Manager, PackageCommand, cache_mount_targets};
use crate::shell::{self, Command, SeparatorKind, append_to_run, uncleaned_install};

use super::Context;

pub(crate) const NAME: &str = "dnf-cache-clean";

pub(crate) const DOC: &str = r#"## What it does
Finds `RUN`s that install packages with `dnf`, `microdnf` or `yum` and do not clean the
package manager's cache afterwards (`dnf clean all`, or removing `/var/cache/dnf` or
`/var/cache/yum`), and appends `dnf clean all` (or `microdnf clean all`, `yum clean all`,
after the manager the `RUN` installs with) at the end of the `RUN`.

## Why
dnf and yum keep the repository metadata they download, and often the packages, under
`/var/cache`. In a `RUN` that is tens or hundreds of megabytes committed to the layer, where
removing them in a later `RUN` no longer helps. Cleaning in the same `RUN` keeps them out.

## Example
```dockerfile
FROM fedora:41
RUN dnf install -y httpd \
 && dnf install -y mod_ssl
```
becomes
```dockerfile
FROM fedora:41
RUN dnf install -y httpd \
 && dnf install -y mod_ssl \
 && dnf clean all
```

## Fix safety
Safe: the packages are installed before the cache goes; a later `dnf` command downloads the
metadata again when it needs it.

## Known problems
A `RUN` that mounts a cache on `/var/cache/dnf`, `/var/cache/yum`, `/var/cache/libdnf5` or
`/var/cache` is left alone: the author chose to keep the cache there. An install with
`--installroot` is reported without a fix: its cache is inside the root, and the clean needs
the same options. A `RUN` that installs with more than one of them gets a clean for each,
unless it chooses between them (`if command -v dnf ...`, `dnf ... || yum ...`): only the image
knows which it has, so that one is reported without a fix. A `RUN` that does not end in a command (a trailing `;` or comment) is
reported without a fix. Cleaning with `dnf clean packages` or `dnf clean metadata` alone is not
taken as cleaning, and a cache moved elsewhere by `--setopt=cachedir=...` is not seen.
"#;

/// Subcommands whose first operand says what they do, with the actions that download.
const NESTED: &[(&[&str], &[&str])] = &[
    (&["group", "groups", "grp"], &["install", "upgrade", "update"]),
    (&["module"], &["install", "update", "upgrade"]),
];

/// Where dnf and yum keep their caches, and the directory holding them.
const CACHE_DIRS: &[&str] = &["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"];
const CACHE_PARENT: &str = "/var/cache";

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        let mounted = cache_mount_targets(&instruction);
        if mounted.iter().any(|t| t == CACHE_PARENT || CACHE_DIRS.contains(&t.as_str())) {
            continue;
        }
        let commands = ctx.run_commands(&instruction);
        let Some(last) = uncleaned_install(&commands, installs, cleans) else {
            continue;
        };

        let (script, install) = &commands[last];
        let package = PackageCommand::recognize(install.clone());
        let Some(package) = package else { continue };
        let name = install.name().unwrap_or("dnf");
        let end = package.subcommand_word().map_or(install.words[0].range.end, |w| w.range.end);
        let range = script.range_to_file(install.words[0].range.start, end);
        let what = format!("`{name} {}`", package.subcommand_text().unwrap_or_default());

        // Each manager the `RUN` installs with cleans its own cache, in the order they first
        // install. Where the script chooses between them (`if command -v dnf`), only the image
        // knows which it has, so the clean is left to the author.
        let mut managers: Vec<&str> = Vec::new();
        for manager in commands.iter().filter(|(_, c)| installs(c)).filter_map(|(_, c)| c.name()) {
            if !managers.contains(&manager) {
                managers.push(manager);
            }
        }
        let sudo = script.sudo_prefix(install);
        let cleans: Vec<String> = managers.iter().map(|m| format!("{sudo}{m} clean all")).collect();
        let clean = cleans.join(" && ");
        let chooses = managers.len() > 1 && commands.iter().any(|(s, _)| branches(&s.text));
        let rooted = package.has_option(&["--installroot"]);
        let fix =
            if rooted || chooses { None } else { append_to_run(ctx.source, &instruction, &clean) };
        let cache = match managers[..] {
            [_] => format!("{name}'s cache of metadata and packages"),
            _ => format!("the caches of `{}`", managers.join("` and `")),
        };
        let message = match &fix {
            Some(_) => format!("{what} leaves {cache} in the image; append `{clean}` to the `RUN`"),
            None if rooted => format!(
                "{what} leaves {name}'s cache inside the install root; clean it at the end of \
                 the `RUN` with `{name} clean all` and the same `--installroot`"
            ),
            None if chooses => format!(
                "{what} leaves {cache} in the image; end the `RUN` with the `clean all` of \
                 whichever the image has"
            ),
            None => format!("{what} leaves {cache} in the image; end the `RUN` with `{clean}`"),
        };
        diagnostics.push(Diagnostic {
            rule: NAME,
            message,
            range,
            fix: fix.map(|edit| Fix { edits: vec![edit], applicability: Applicability::Safe }),
        });
    }
}

/// Whether `command` downloads packages with dnf, microdnf or yum.
fn installs(command: &Command) -> bool {
    let Some(package) = dnf_family(command) else { return false };
    let Some(sub) = package.subcommand_text() else { return false };
    match NESTED.iter().find(|(names, _)| names.contains(&sub)) {
        Some((_, actions)) => {
            package.operands().next().is_some_and(|w| actions.contains(&&*w.text))
        }
        None => DNF_FETCHING.contains(&sub),
    }
}

/// Whether `command` empties the cache: `dnf clean all` and the like, or `rm` of a cache
/// directory.
fn cleans(command: &Command) -> bool {
    if command.name() == Some("rm") {
        return command
            .words
            .iter()
            .skip(1)
            .any(|w| CACHE_DIRS.iter().any(|dir| w.text.starts_with(dir)));
    }
    dnf_family(command).is_some_and(|p| {
        p.subcommand_text() == Some("clean") && p.operands().any(|w| w.text == "all")
    })
}

/// Whether a script chooses between commands, with `if`, `case` or `||`.
fn branches(script: &str) -> bool {
    let or = |c: &Command| c.separator.as_ref().is_some_and(|s| s.kind == SeparatorKind::Or);
    shell::commands(script).iter().any(or)
        || script.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == "if" || w == "case")
}

fn dnf_family(command: &Command) -> Option<PackageCommand> {
    PackageCommand::recognize(command.clone())
        .filter(|p| matches!(p.manager, Manager::Dnf | Manager::Microdnf | Manager::Yum))
}
