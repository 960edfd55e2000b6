//! `dnf`, `microdnf` and `yum` commands that ask for confirmation, without `-y`.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{DNF_FETCHING, DNF_REMOVING, Manager};

use super::Context;

pub(crate) const NAME: &str = "dnf-assume-yes";

pub(crate) const DOC: &str = r#"## What it does
Finds `dnf`, `microdnf` and `yum` commands that change packages (`install`, `upgrade`,
`remove`, `groupinstall`, `module install`...) in `RUN` scripts without `-y` (`--assumeyes`),
and adds `-y` right after the subcommand.

## Why
These commands ask "Is this ok [y/N]" before changing anything. A build has nobody to answer,
so the question reads the end of its input and the command gives up: the build fails, or with
`yum` on some versions, hangs or goes on without the packages. `-y` answers yes up front.

## Example
```dockerfile
FROM fedora:41
RUN dnf install httpd && dnf clean all
```
becomes
```dockerfile
FROM fedora:41
RUN dnf install -y httpd && dnf clean all
```

## Fix safety
Safe: `-y` only answers the question the command would have asked; what it installs or
removes is the same.

## Known problems
`microdnf` before version 3.6 (2021, some early RHEL 8 minimal images) did not know `-y`; it did
not ask either. A command that already answers differently (`--assumeno`, or
`--setopt=assumeyes=...`) is left alone, as are commands hidden in a string
(`sh -c "dnf install x"`) or built from variables, and exec-form `RUN`. The `-y` of a
configuration file (`assumeyes=1` in `dnf.conf`) is not seen.
"#;

/// Subcommands whose own first operand says what they do, with the actions that ask.
const NESTED: &[(&[&str], &[&str])] = &[
    (&["group", "groups", "grp"], &["install", "remove", "upgrade", "update", "erase"]),
    (
        &["module"],
        &["install", "enable", "disable", "remove", "reset", "update", "upgrade", "switch-to"],
    ),
];

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        for (script, package) in ctx.package_commands(&instruction) {
            if package.command.opaque
                || !matches!(package.manager, Manager::Dnf | Manager::Microdnf | Manager::Yum)
            {
                continue;
            }
            let Some(sub) = package.subcommand else { continue };
            let words = package.words();
            let action = match NESTED.iter().find(|(names, _)| names.contains(&&*words[sub].text)) {
                Some((_, actions)) => match package.operands.first() {
                    Some(&i) if actions.contains(&words[i].text.as_str()) => i,
                    _ => continue,
                },
                None if asks(&words[sub].text) => sub,
                None => continue,
            };
            if package.has_option(&["-y", "--assumeyes", "--assumeno"])
                || package.options.iter().any(|&i| words[i].text.contains("assumeyes"))
            {
                continue;
            }
            let name = &words[package.name];
            let asks = if action == sub {
                words[sub].text.clone()
            } else {
                format!("{} {}", words[sub].text, words[action].text)
            };
            let end = words[action].range.end;
            diagnostics.push(Diagnostic {
                rule: NAME,
                message: format!(
                    "`{} {asks}` without `-y` waits for a confirmation no build can give; add `-y`",
                    package.command.name().unwrap_or(&name.text)
                ),
                range: script.range_to_file(name.range.start, end),
                fix: Some(Fix {
                    edits: vec![Edit::insert(script.to_file(end), " -y")],
                    applicability: Applicability::Safe,
                }),
            });
        }
    }
}

/// Whether the subcommand changes packages, and so asks before it does.
fn asks(subcommand: &str) -> bool {
    DNF_FETCHING.contains(&subcommand) || DNF_REMOVING.contains(&subcommand)
}
