//! `apk add` and `apk upgrade` without `--no-cache`.
//!
//! ## What it does
//! Finds `apk add` and `apk upgrade` in `RUN` scripts (shell form and heredoc scripts) that do
//! not pass `--no-cache`, and adds it right after the subcommand.
//!
//! ## Why
//! Without `--no-cache`, apk keeps the package index it downloaded in `/var/cache/apk`, and the
//! layer ships it: megabytes that no container ever reads. With it, apk fetches the index,
//! installs, and leaves nothing behind, so no `apk update` or `rm -rf /var/cache/apk/*` is needed.
//!
//! ## Example
//! ```dockerfile
//! RUN apk add --virtual .build-deps gcc musl-dev
//! ```
//! becomes
//! ```dockerfile
//! RUN apk add --no-cache --virtual .build-deps gcc musl-dev
//! ```
//!
//! ## Fix safety
//! Safe: the same packages are installed; only the index cache is left out of the layer.
//!
//! ## Known problems
//! A `RUN` that mounts a cache on `/var/cache/apk` (or `/etc/apk/cache`) is left alone: the
//! author chose the cache mount, and `--no-cache` would defeat it. Commands hidden in a string
//! (`sh -c "apk add x"`) or built from variables (`$APK add x`) are not read, and exec-form
//! `RUN ["apk", "add", "x"]` is not changed.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::shell::{self, run_scripts};
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::Instruction;

use super::Context;

pub(crate) const NAME: &str = "apk-no-cache";

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
        if has_apk_cache_mount(&instruction) {
            continue;
        }
        for script in run_scripts(&instruction) {
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

/// A `--mount=type=cache` on apk's cache directory, on the `RUN` or the one ONBUILD wraps.
fn has_apk_cache_mount(instruction: &Instruction) -> bool {
    let run = match instruction.kind() {
        ONBUILD_INSTR => instruction.onbuild_inner(),
        _ => Some(instruction.clone()),
    };
    let Some(run) = run else { return false };
    run.flags().filter(|f| f.name() == "mount").filter_map(|f| f.value()).any(|value| {
        let mut is_cache = false;
        let mut target_is_apk = false;
        for field in value.split(',') {
            let field = field.trim_matches(|c| c == '"' || c == '\'');
            let (key, val) = field.split_once('=').unwrap_or((field, ""));
            match key {
                "type" => is_cache = val == "cache",
                "target" | "dst" | "destination" => {
                    target_is_apk = CACHE_DIRS.contains(&val.trim_end_matches('/'));
                }
                _ => {}
            }
        }
        is_cache && target_is_apk
    })
}
