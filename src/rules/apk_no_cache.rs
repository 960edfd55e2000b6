//! `apk add` and `apk upgrade` without `--no-cache`.

use std::rc::Rc;

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{Manager, PackageCommand, cache_mount_targets};
use crate::shell::Script;
use crate::syntax::ast::Instruction;

use super::Context;

pub(crate) const NAME: &str = "apk-no-cache";

pub(crate) const DOC: &str = r#"## What it does
Finds `apk add` and `apk upgrade` in `RUN` scripts (shell form and heredoc scripts) that do not
pass `--no-cache`, and adds it right after the subcommand.

## Why
Without `--no-cache`, apk keeps the package index it downloaded in `/var/cache/apk`, and the
layer ships it: megabytes that no container ever reads. With it, apk fetches the index,
installs, and leaves nothing behind, so no `apk update` or `rm -rf /var/cache/apk/*` is needed.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --virtual .build-deps gcc musl-dev
```
becomes
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache --virtual .build-deps gcc musl-dev
```

## Fix safety
Safe: the same packages are installed; only the index cache is left out of the layer.

## Known problems
A `RUN` that mounts a cache for apk is left alone: one on `/var/cache/apk` or `/etc/apk/cache`,
or one elsewhere that the script links apk's cache to. The author chose the cache mount, and
`--no-cache` would defeat it. Commands hidden in a string (`sh -c "apk add x"`) or built from
variables (`$APK add x`) are not read, and exec-form `RUN ["apk", "add", "x"]` is not changed.
"#;

/// Where apk keeps its cache; `/etc/apk/cache` links there on Alpine.
const CACHE_DIRS: &[&str] = &["/var/cache/apk", "/etc/apk/cache"];

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        let commands = ctx.package_commands(&instruction);
        if keeps_apk_cache(&instruction, &commands) {
            continue;
        }
        for (script, apk) in &commands {
            if apk.manager != Manager::Apk || apk.command.opaque {
                continue;
            }
            let Some(sub) = apk.subcommand_word() else { continue };
            if !matches!(sub.text.as_str(), "add" | "upgrade") || apk.has_option(&["--no-cache"]) {
                continue;
            }
            let end = sub.range.end;
            diagnostics.push(Diagnostic {
                rule: NAME,
                message: format!(
                    "`apk {}` without `--no-cache` leaves the package index in the image; \
                     add `--no-cache`",
                    sub.text
                ),
                range: script.range_to_file(apk.words()[0].range.start, end),
                fix: Some(Fix {
                    edits: vec![Edit::insert(script.to_file(end), " --no-cache")],
                    applicability: Applicability::Safe,
                }),
            });
        }
    }
}

/// Whether the `RUN` mounts a cache for apk: on apk's cache directory, on a directory an apk
/// command names with `--cache-dir`, on a path built from a variable (which may be either), or
/// elsewhere with the script pointing apk's cache at it (`ln -s /pkg-cache /etc/apk/cache`).
fn keeps_apk_cache(instruction: &Instruction, commands: &[(Rc<Script>, PackageCommand)]) -> bool {
    let targets = cache_mount_targets(instruction);
    if targets.is_empty() {
        return false;
    }
    let script_names_cache =
        commands.iter().any(|(script, _)| CACHE_DIRS.iter().any(|dir| script.text.contains(dir)));
    let cache_dirs: Vec<String> = commands
        .iter()
        .filter(|(_, command)| command.manager == Manager::Apk)
        .filter_map(|(_, apk)| cache_dir_option(apk))
        .collect();
    targets.iter().any(|target| {
        script_names_cache
            || target.contains('$')
            || CACHE_DIRS.contains(&target.as_str())
            || cache_dirs.iter().any(|dir| dir.trim_end_matches('/') == target)
    })
}

/// The value of an apk command's `--cache-dir` option.
fn cache_dir_option(apk: &PackageCommand) -> Option<String> {
    let words = apk.words();
    apk.options.iter().find_map(|&i| {
        let text = words[i].text.as_str();
        match text.strip_prefix("--cache-dir") {
            Some("") => words.get(i + 1).map(|w| w.text.clone()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        }
    })
}
