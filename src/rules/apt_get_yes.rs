//! `apt-get install` and the other subcommands that ask for confirmation, run without `-y`.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{Manager, PackageCommand};

use super::Context;

pub(crate) const NAME: &str = "apt-get-yes";

pub(crate) const DOC: &str = r#"## What it does
Finds `apt-get install` (and `upgrade`, `dist-upgrade`, `full-upgrade`, `remove`, `purge`,
`autoremove`, `build-dep`, `satisfy`) in `RUN` scripts without an option that answers apt's
confirmation prompt, and adds `-y` right after the subcommand.

## Why
When apt-get installs more than was named, or removes anything, it asks "Do you want to
continue?". A build has no one to answer: apt-get reads the end of its input as "no" and the
`RUN` fails. Whether it asks depends on what the mirror holds that day, so a build that works
today can fail tomorrow. `DEBIAN_FRONTEND=noninteractive` does not help: it silences debconf's
questions, not apt-get's own prompt.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends curl
```
becomes
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix safety
Safe: when apt-get would not have asked, `-y` changes nothing; when it would have, the build
failed without it.

## Known problems
`-y`, `--yes`, `--assume-yes`, a quiet level of two (`-qq`, `-q -q`, `-q=2`, `--quiet=2`, which
implies `-y`) and `-o APT::Get::Assume-Yes=true` all count as an answer. So does
`--assume-no`, an answer the author chose, and a command that only simulates (`-s`) is left
alone. A setting in a file under
`/etc/apt/apt.conf.d` is not read, so the fix may add a `-y` that was already in effect.
Commands hidden in a string (`sh -c "apt-get install x"`) or exec-form `RUN` are not read.
"#;

/// The subcommands that may stop at the confirmation prompt.
const ASKING: &[&str] = &[
    "install",
    "remove",
    "purge",
    "autoremove",
    "auto-remove",
    "autopurge",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "dselect-upgrade",
    "build-dep",
    "satisfy",
];

/// Options with which apt-get only prints what it would do, and asks nothing.
const SIMULATE: &[&str] = &["--simulate", "--just-print", "--dry-run", "--recon", "--no-act"];

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        for (script, package) in ctx.package_commands(&instruction) {
            if package.manager != Manager::AptGet || package.command.opaque {
                continue;
            }
            let Some(sub) = package.subcommand_word() else { continue };
            if !ASKING.contains(&sub.text.as_str()) {
                continue;
            }
            if answers_yes(&package) || simulates(&package) {
                continue;
            }
            let words = package.words();
            let end = sub.range.end;
            diagnostics.push(Diagnostic {
                rule: NAME,
                message: format!(
                    "`apt-get {}` without `-y` fails the build when apt-get asks for \
                     confirmation; add `-y`",
                    sub.text
                ),
                range: script.range_to_file(words[package.name].range.start, end),
                fix: Some(Fix {
                    edits: vec![Edit::insert(script.to_file(end), " -y")],
                    applicability: Applicability::Safe,
                }),
            });
        }
    }
}

/// Whether the options answer the prompt: `-y` in any spelling, a quiet level of two or more,
/// the `APT::Get::Assume-Yes` setting, or `--assume-no`.
fn answers_yes(package: &PackageCommand) -> bool {
    let words = package.words();
    let mut quiet = 0;
    for &i in &package.options {
        let option = words[i].text.as_str();
        let setting = match option {
            "-o" | "--option" => words.get(i + 1).map(|w| w.text.as_str()),
            _ => option.strip_prefix("--option=").or(option.strip_prefix("-o")),
        };
        if setting.is_some_and(|s| sets_assume_yes(s.trim_start_matches('='))) {
            return true;
        }
        if let Some(level) = option.strip_prefix("--quiet=").or(option.strip_prefix("-q=")) {
            quiet += level.parse::<u32>().unwrap_or(0);
        }
        match option {
            "--yes" | "--assume-yes" | "--assume-no" => return true,
            "--quiet" => quiet += 1,
            _ => {}
        }
        let letters = short_letters(option);
        if letters.contains('y') {
            return true;
        }
        quiet += letters.matches('q').count() as u32;
    }
    quiet >= 2
}

/// Whether the options make apt-get only simulate: `-s` or a synonym.
fn simulates(package: &PackageCommand) -> bool {
    let words = package.words();
    package
        .options
        .iter()
        .map(|&i| words[i].text.as_str())
        .any(|option| SIMULATE.contains(&option) || short_letters(option).contains('s'))
}

/// The one-letter options of a group such as `-qqy`, up to one that takes a value (the rest of
/// the group is that value); empty for a long option or `-q=2`.
fn short_letters(option: &str) -> &str {
    let Some(group) = option.strip_prefix('-').filter(|g| !g.starts_with('-')) else {
        return "";
    };
    if group.contains('=') {
        return "";
    }
    &group[..group.find(['o', 'c', 't', 'a']).unwrap_or(group.len())]
}

/// Whether an `-o` value turns on `APT::Get::Assume-Yes`.
fn sets_assume_yes(setting: &str) -> bool {
    let Some((key, value)) = setting.split_once('=') else { return false };
    key.eq_ignore_ascii_case("APT::Get::Assume-Yes")
        && matches!(value.to_ascii_lowercase().as_str(), "true" | "yes" | "1" | "on")
}
