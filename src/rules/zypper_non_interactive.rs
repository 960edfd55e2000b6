//! `zypper` commands that may ask questions, without `-n` or `-y`.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{Manager, ZYPPER_FETCHING, ZYPPER_REMOVING};

use super::Context;

pub(crate) const NAME: &str = "zypper-non-interactive";

pub(crate) const DOC: &str = r#"## What it does
Finds `zypper` commands that change packages (`install`, `remove`, `update`, `patch`,
`dist-upgrade` and their short forms) in `RUN` scripts without `-n` (`--non-interactive`,
given before the subcommand) or `-y` (`--no-confirm`, given after it), and adds `-n` right
after `zypper`.

## Why
zypper asks "Continue? [y/n/v/...? shows all options] (y)" before it changes anything. A build
has nobody to answer; `-n` makes zypper take the default answer to every question without
asking, as scripts should.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper install curl && zypper clean --all
```
becomes
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper clean --all
```

## Fix safety
Safe: `-n` answers the questions zypper would have asked with their defaults, which is what
an install that goes through chooses.

## Known problems
`-n` takes the default answer to every question, where `-y` only answers the confirmation:
a question whose default is "no" (a new repository's signing key, say) is answered "no" rather
than left waiting. Commands hidden in a string (`sh -c "zypper in x"`) or built from variables
are not read, and exec-form `RUN` is not changed.
"#;

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        for (script, package) in ctx.package_commands(&instruction) {
            if package.command.opaque || package.manager != Manager::Zypper {
                continue;
            }
            let words = package.words();
            let Some(sub) = package.subcommand else { continue };
            if !asks(&words[sub].text) {
                continue;
            }
            // `-n` is a global option, before the subcommand; `-y` belongs to the subcommand.
            let answers = package.options.iter().any(|&i| match words[i].text.as_str() {
                "-n" | "--non-interactive" => i < sub,
                "-y" | "--no-confirm" => true,
                option => {
                    // Short options grouped in one word, `-qn`.
                    let short = option.strip_prefix('-').filter(|rest| !rest.starts_with('-'));
                    short.is_some_and(|s| s.contains(if i < sub { 'n' } else { 'y' }))
                }
            });
            if answers {
                continue;
            }
            let name = &words[package.name];
            diagnostics.push(Diagnostic {
                rule: NAME,
                message: format!(
                    "`zypper {}` without `-n` may wait for an answer no build can give; add `-n`",
                    words[sub].text
                ),
                range: script.range_to_file(name.range.start, words[sub].range.end),
                fix: Some(Fix {
                    edits: vec![Edit::insert(script.to_file(name.range.end), " -n")],
                    applicability: Applicability::Safe,
                }),
            });
        }
    }
}

/// Whether the subcommand changes packages, and so asks before it does.
fn asks(subcommand: &str) -> bool {
    ZYPPER_FETCHING.contains(&subcommand) || ZYPPER_REMOVING.contains(&subcommand)
}
