//! `apk add` and `apk upgrade` without `--no-cache`.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::shell::{self, Script, run_scripts};
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::{Flag, Instruction};

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

/// apk options that take the next word as their value when written without `=`.
const OPTIONS_WITH_VALUE: &[&str] = &[
    "-X",
    "--repository",
    "-p",
    "--root",
    "--arch",
    "--cache-dir",
    "--keys-dir",
    "--repositories-file",
    "--progress-fd",
    "--wait",
    "--timeout",
    "--cache-max-age",
];

const CACHE_DIRS: &[&str] = &["/var/cache/apk", "/etc/apk/cache"];

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        let scripts = run_scripts(&instruction);
        if keeps_apk_cache(&instruction, &scripts) {
            continue;
        }
        for script in scripts {
            for command in shell::commands(&script.text) {
                if command.opaque || command.name() != Some("apk") {
                    continue;
                }
                let words = &command.words;
                let Some(sub) = subcommand(words) else {
                    continue;
                };
                if !matches!(words[sub].text.as_str(), "add" | "upgrade") {
                    continue;
                }
                if words.iter().any(|w| w.text == "--no-cache") {
                    continue;
                }
                let end = words[sub].range.end;
                diagnostics.push(Diagnostic {
                    rule: NAME,
                    message: format!(
                        "`apk {}` without `--no-cache` leaves the package index in the image; \
                         add `--no-cache`",
                        words[sub].text
                    ),
                    range: script.range_to_file(words[0].range.start, end),
                    fix: Some(Fix {
                        edits: vec![Edit::insert(script.to_file(end), " --no-cache")],
                        applicability: Applicability::Safe,
                    }),
                });
            }
        }
    }
}

/// The index of the subcommand: the first word after `apk` that is not an option.
fn subcommand(words: &[shell::Word]) -> Option<usize> {
    let mut i = 1;
    while let Some(word) = words.get(i) {
        if !word.text.starts_with('-') {
            return Some(i);
        }
        i += if OPTIONS_WITH_VALUE.contains(&word.text.as_str()) { 2 } else { 1 };
    }
    None
}

/// Whether the `RUN` mounts a cache for apk: on apk's cache directory, or elsewhere with the
/// script pointing apk's cache at it (`ln -s /pkg-cache /etc/apk/cache`).
fn keeps_apk_cache(instruction: &Instruction, scripts: &[Script]) -> bool {
    let run = match instruction.kind() {
        ONBUILD_INSTR => instruction.onbuild_inner(),
        _ => Some(instruction.clone()),
    };
    let Some(run) = run else { return false };
    let mut targets = run.flags().filter(|f| f.name() == "mount").filter_map(|f| cache_target(&f));
    let script_names_cache =
        scripts.iter().any(|s| CACHE_DIRS.iter().any(|dir| s.text.contains(dir)));
    targets.any(|target| script_names_cache || CACHE_DIRS.contains(&target.as_str()))
}

/// The target of a `--mount=type=cache,...` flag, without a trailing slash.
fn cache_target(flag: &Flag) -> Option<String> {
    let value = flag.value()?;
    let mut is_cache = false;
    let mut target = None;
    for field in value.split(',') {
        let (key, val) = field.split_once('=').unwrap_or((field, ""));
        match key {
            "type" => is_cache = val == "cache",
            "target" | "dst" | "destination" => {
                target = Some(val.trim_end_matches('/').to_string())
            }
            _ => {}
        }
    }
    if is_cache { target } else { None }
}
