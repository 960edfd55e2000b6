//! `pip install` without `--no-cache-dir`.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{Manager, PackageCommand, cache_mount_targets};
use crate::shell::{self, Command};

use super::Context;

pub(crate) const NAME: &str = "pip-no-cache-dir";

pub(crate) const DOC: &str = r#"## What it does
Finds `pip install` (also `pip3`, `pip3.12`, `python -m pip`...) in `RUN` scripts without
`--no-cache-dir`, and adds it right after `install`.

## Why
pip keeps every package it downloads and every wheel it builds in `~/.cache/pip`, so that the
next install on the same machine is faster. In an image there is no next install: the cache is
committed to the layer and only makes the image bigger, often by as much as the packages
themselves.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install -r requirements.txt
```
becomes
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt
```

## Fix safety
Safe: the same packages are installed; only the cache is left out of the layer.

## Known problems
Left alone: a stage that sets `PIP_NO_CACHE_DIR` with `ENV` or `ARG` (itself, or a stage it is
built on, before the `RUN`), a `RUN` that sets it for the command (`PIP_NO_CACHE_DIR=1 pip
install ...`, or `export` earlier in the script), and a `RUN` that mounts a cache for pip: on a
`.cache/pip` or `.cache` directory, on the `--cache-dir` the command gives, or anywhere when
`PIP_CACHE_DIR` is set. pip's own configuration files (`pip config set global.no-cache-dir`)
are not read. Commands hidden in a string (`sh -c "pip install x"`) or built from variables are
not read, and exec-form `RUN` is not changed.
"#;

/// Options that name what to install, besides the operands.
const SOURCES: &[&str] = &["-r", "--requirement", "-e", "--editable"];

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        let start = instruction.syntax().text_range().start();
        let stage = ctx.semantics.stage_at(start).map(|s| s.index);
        let set_in_stage =
            |name: &str| stage.is_some_and(|i| ctx.semantics.sets_variable(i, name, start));
        let mounted = cache_mount_targets(&instruction);
        for script in ctx.run_scripts(&instruction) {
            let commands = shell::commands(&script.text);
            for (at, command) in commands.iter().enumerate() {
                let Some(pip) = pip_install(command) else { continue };
                if pip.has_option(&["--no-cache-dir"]) || !installs_something(&pip) {
                    continue;
                }
                // Asked only here: it looks through the whole stage.
                if set_in_stage("PIP_NO_CACHE_DIR") {
                    continue;
                }
                let words = pip.words();
                let prefix = &script.text[command.range.start..words[0].range.start];
                let exported = commands[..at].iter().any(|c| {
                    matches!(c.name(), Some("export" | "declare" | "typeset"))
                        && c.words.iter().any(|w| w.text.starts_with("PIP_NO_CACHE_DIR="))
                });
                if prefix.contains("PIP_NO_CACHE_DIR=") || exported {
                    continue;
                }
                let cache_dir = option_value(&pip, "--cache-dir");
                let keeps_cache = mounted.iter().any(|target| {
                    target.ends_with(".cache/pip")
                        || target.ends_with("/.cache")
                        || cache_dir.as_deref().is_some_and(|d| d.trim_end_matches('/') == target)
                        || set_in_stage("PIP_CACHE_DIR")
                        || script.text.contains("PIP_CACHE_DIR=")
                });
                if keeps_cache {
                    continue;
                }
                let Some(install) = pip.subcommand_word() else { continue };
                diagnostics.push(Diagnostic {
                    rule: NAME,
                    message: "`pip install` without `--no-cache-dir` leaves pip's download and \
                              wheel cache in the image; add `--no-cache-dir`"
                        .to_string(),
                    range: script.range_to_file(words[0].range.start, install.range.end),
                    fix: Some(Fix {
                        edits: vec![Edit::insert(
                            script.to_file(install.range.end),
                            " --no-cache-dir",
                        )],
                        applicability: Applicability::Safe,
                    }),
                });
            }
        }
    }
}

fn pip_install(command: &Command) -> Option<PackageCommand> {
    if command.opaque {
        return None;
    }
    PackageCommand::recognize(command.clone())
        .filter(|p| p.manager == Manager::Pip && p.subcommand_text() == Some("install"))
}

/// Whether the command names something to install: `pip install` alone installs nothing.
fn installs_something(pip: &PackageCommand) -> bool {
    pip.operands().next().is_some() || pip.has_option(SOURCES)
}

/// The value of `name`, given as `name=value` or as the next word.
fn option_value(pip: &PackageCommand, name: &str) -> Option<String> {
    let words = pip.words();
    pip.options.iter().find_map(|&i| {
        let text = &words[i].text;
        if text == name {
            words.get(i + 1).map(|w| w.text.clone())
        } else {
            text.strip_prefix(name)?.strip_prefix('=').map(str::to_string)
        }
    })
}
