//! A `RUN` that downloads apt's package lists, installs, and leaves the lists in the layer.
//!
//! Also what `RUN` scripts do with the lists, step by step, which `split-package-runs` reads too.

use rowan::TextRange;

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::semantics::{Manager, PackageCommand, Stage, cache_mount_targets};
use crate::shell::{Command, append_to_run};
use crate::syntax::ast::Instruction;

use super::Context;

pub(crate) const NAME: &str = "apt-lists-cleanup";

pub(crate) const DOC: &str = r#"## What it does
Finds a `RUN` that runs `apt-get update` and installs packages without removing
`/var/lib/apt/lists` afterwards, and appends `rm -rf /var/lib/apt/lists/*` to it, in the
layout the `RUN` already uses. Only stages that end up in the image (the last stage and the
stages it is built on) are checked.

## Why
`apt-get update` downloads the package lists of every configured repository: tens of megabytes
that nothing in the running container reads. Removed in a later `RUN`, they still ship in the
earlier layer; removed in the same `RUN`, they never reach the image.

## Example
```dockerfile
FROM debian:12
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl
```
becomes
```dockerfile
FROM debian:12
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## Fix safety
Safe: the lists are only needed to install more packages, and a `RUN` is left alone when a
later `RUN` of its stage, or of a stage built on it, installs or queries packages before
running `apt-get update` again.

## Known problems
A `RUN` that mounts a cache on `/var/lib/apt` or `/var/lib/apt/lists` keeps the lists out of
the layer already and is left alone; a `tmpfs` mount there is not recognised. The lists count
as removed by `rm` of `/var/lib/apt/lists`, its contents (`/var/lib/apt/lists/*`) or
`/var/lib/apt`, whatever the flags, by `find` on one of those with `-delete`, and by `apt-get
distclean`. Other ways, such as `rm -f /var/lib/apt/lists/*_*`, are not recognised, and the fix
adds the usual line after them. When the script does not end with a command (a trailing `;`, `&` or comment), the
finding comes without a fix. Commands hidden in a string (`sh -c "apt-get update"`) or
exec-form `RUN` are not read.
"#;

/// What a command does with apt's package lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListUse {
    /// `apt-get update`: downloads them.
    Update,
    /// Installs or upgrades packages, which reads them.
    Install,
    /// Reads them without installing: `apt-cache policy`, `apt-get source`.
    Query,
    /// Removes them: `rm -rf /var/lib/apt/lists/*`, `find /var/lib/apt/lists -delete`,
    /// `apt-get distclean`.
    Remove,
}

/// One command of a `RUN` that uses the lists.
#[derive(Debug, Clone)]
pub(super) struct ListStep {
    pub(super) kind: ListUse,
    /// The program's name: `apt-get` or `apt` (or `rm`, `apt-cache`).
    pub(super) program: String,
    /// From the program's name to the end of the command.
    pub(super) range: TextRange,
}

const LIST_TARGETS: &[&str] = &["/var/lib/apt", "/var/lib/apt/lists"];

const CLEANUP: &str = "rm -rf /var/lib/apt/lists/*";

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let semantics = &ctx.semantics;

    // Only stages whose layers reach the image: the last and those it is built on.
    let Some(last) = semantics.stages.len().checked_sub(1) else { return };
    let shipped: Vec<usize> = std::iter::once(last).chain(semantics.ancestors(last)).collect();
    for stage in semantics.stages.iter().filter(|s| shipped.contains(&s.index)) {
        for (n, instruction) in stage.instructions.iter().enumerate() {
            let steps = list_steps(ctx, instruction);
            let Some(update) = steps.iter().rposition(|s| s.kind == ListUse::Update) else {
                continue;
            };
            if !steps.iter().any(|s| s.kind == ListUse::Install) {
                continue;
            }
            if steps[update..].iter().any(|s| s.kind == ListUse::Remove) {
                continue;
            }

            // A cache mount keeps the lists out of the layer already.
            let targets = cache_mount_targets(instruction);
            if targets.iter().any(|t| LIST_TARGETS.contains(&t.as_str())) {
                continue;
            }

            // A later step that reads the lists before downloading them again needs them.
            if read_later(ctx, stage, n, &[ListUse::Install, ListUse::Query]) {
                continue;
            }
            let edit = append_to_run(ctx.source, instruction, CLEANUP);
            let what = match edit {
                Some(_) => format!("`{CLEANUP}` is added at the end"),
                None => format!("end the `RUN` with `{CLEANUP}`"),
            };
            diagnostics.push(Diagnostic {
                rule: NAME,
                message: format!(
                    "`{} update` leaves the package lists in this layer; {what}",
                    steps[update].program
                ),
                range: steps[update].range,
                fix: edit.map(|edit| Fix { edits: vec![edit], applicability: Applicability::Safe }),
            });
        }
    }
}

/// Whether a step of `reads` comes, after instruction `n` of `stage`, before the lists are
/// downloaded again or removed: in the rest of the stage, or else in a stage built on it.
pub(super) fn read_later(ctx: &Context<'_>, stage: &Stage, n: usize, reads: &[ListUse]) -> bool {
    let semantics = &ctx.semantics;
    match first_use(ctx, &stage.instructions[n + 1..], reads) {
        Some(read) => read,
        None => semantics
            .descendants(stage.index)
            .into_iter()
            .any(|i| first_use(ctx, &semantics.stages[i].instructions, reads) == Some(true)),
    }
}

/// `Some(true)` when `instructions` use the lists as `reads` says before refreshing or removing
/// them, `Some(false)` when they refresh or remove them first, `None` when they do neither.
fn first_use(ctx: &Context<'_>, instructions: &[Instruction], reads: &[ListUse]) -> Option<bool> {
    instructions.iter().flat_map(|i| list_steps(ctx, i)).find_map(|step| match step.kind {
        ListUse::Update | ListUse::Remove => Some(false),
        kind if reads.contains(&kind) => Some(true),
        _ => None,
    })
}

/// The commands of a `RUN` (or `ONBUILD RUN`) that use the package lists, in script order.
pub(super) fn list_steps(ctx: &Context<'_>, instruction: &Instruction) -> Vec<ListStep> {
    let mut steps = Vec::new();
    for (script, command) in ctx.run_commands(instruction) {
        let Some(first) = command.words.first() else { continue };
        let range = script.range_to_file(first.range.start, command.range.end);
        let program = command.name().unwrap_or_default().to_string();
        if let Some(kind) = list_use(command) {
            steps.push(ListStep { kind, program, range });
        }
    }
    steps
}

fn list_use(command: Command) -> Option<ListUse> {
    match command.name()? {
        "rm" => {
            let removes = command.words[1..].iter().any(|w| removes_lists(&w.text));
            return removes.then_some(ListUse::Remove);
        }
        // `find /var/lib/apt/lists -type f -delete`, whatever the tests in between.
        "find" => {
            let removes = command.words[1..].iter().any(|w| removes_lists(&w.text))
                && command.has_arg("-delete");
            return removes.then_some(ListUse::Remove);
        }
        "apt-cache" => return Some(ListUse::Query),
        _ => {}
    }
    let package = PackageCommand::recognize(command)?;
    if !matches!(package.manager, Manager::AptGet | Manager::Apt) {
        return None;
    }
    match package.subcommand_text()? {
        "update" => Some(ListUse::Update),
        "install" | "reinstall" | "upgrade" | "dist-upgrade" | "full-upgrade"
        | "dselect-upgrade" | "build-dep" | "satisfy" => Some(ListUse::Install),
        "source" | "download" | "changelog" | "list" | "search" | "show" | "showsrc" | "policy"
        | "depends" | "rdepends" => Some(ListUse::Query),
        "distclean" | "dist-clean" => Some(ListUse::Remove),
        _ => None,
    }
}

/// Whether `rm` of `path` removes the lists: the directory, all its contents, or its parent.
fn removes_lists(path: &str) -> bool {
    let path = path.strip_suffix("/*").unwrap_or(path).trim_end_matches('/');
    LIST_TARGETS.contains(&path)
}
