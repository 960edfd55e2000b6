//! `RUN`s that install with Yarn 1 and leave its cache behind.

use std::path::Path;

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::semantics::{Manager, PackageCommand, cache_mount_targets};
use crate::shell::{Command, append_to_run, uncleaned_install};

use super::Context;

pub(crate) const NAME: &str = "yarn-cache-clean";

pub(crate) const DOC: &str = r#"## What it does
Finds `RUN`s that install packages with Yarn (`yarn`, `yarn install`, `yarn add`,
`yarn global add`) and do not run `yarn cache clean` afterwards, and appends
`yarn cache clean` at the end of the `RUN`. Projects that show signs of Yarn 2 or later, in the
Dockerfile or in its build context, are left alone.

## Why
Yarn 1 keeps a copy of every package it downloads in its cache
(`/usr/local/share/.cache/yarn` for root), besides the copy in `node_modules`. In an image the
cache is never used again, and committed to the layer it can double the size of the
dependencies.

## Example
```dockerfile
FROM node:22
RUN yarn install --frozen-lockfile
```
becomes
```dockerfile
FROM node:22
RUN yarn install --frozen-lockfile && yarn cache clean
```

## Fix safety
Unsafe: right for Yarn 1, wrong for Yarn 2 and later, whose Plug'n'Play installs load the
packages from the cache, so that cleaning it breaks the application. Which Yarn a project uses
is decided by files in the build context. The rule reads the configured build context
(`[[contexts]]` or `--context`), else the folder the Dockerfile is in: a `.yarnrc.yml`, a `yarn.lock` in the newer format, or a `package.json` whose `packageManager`
names Yarn 2 or later turns it off. So do signs in the Dockerfile itself (`.yarnrc.yml`,
`.yarn/`, `yarn set version stable`, `corepack prepare yarn@4...`, `--immutable`, `yarn dlx`,
`YARN_NODE_LINKER`...); `corepack` without a pinned Yarn 1 turns the fix off.

## Known problems
Only the top of the build context is read: a build context elsewhere that is not configured (a
`context:` in a compose file, `docker build -f`), a project copied in from a subfolder, or text
read from standard input are not, so a Yarn 2+ project that shows it only there is still reported, with a fix to
withhold.

A `RUN` that mounts a cache for Yarn (on a path naming yarn, on a `.cache` directory, on its
`--cache-folder`, or anywhere when `YARN_CACHE_FOLDER` is set) is left alone. An install with
`--cache-folder` and no mount is reported without a fix, as the clean would need the same
folder. A `RUN` that does not end in a command is reported without a fix.
"#;

/// Text that only files using Yarn 2 or later contain.
const BERRY_SIGNS: &[&str] = &[
    ".yarnrc.yml",
    ".yarn/",
    "yarnPath",
    "nodeLinker",
    "YARN_NODE_LINKER",
    "YARN_ENABLE_",
    "--immutable",
    "yarn dlx",
    "workspaces focus",
];

/// How far the file shows which Yarn it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Yarn {
    /// Nothing says; most likely Yarn 1, the one the node images ship.
    Unknown,
    /// Corepack picks the version, from files not read here.
    Corepack,
    Berry,
}

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let yarn = yarn_of(ctx.source);
    if yarn == Yarn::Berry || ctx.build_context().is_some_and(context_uses_berry) {
        return;
    }
    for instruction in ctx.parse.tree().instructions() {
        let commands = ctx.run_commands(&instruction);
        let Some(last) = uncleaned_install(&commands, installs, cleans) else {
            continue;
        };
        let (script, install) = &commands[last];
        let Some(package) = yarn_command(install) else { continue };
        // Asked only for an install: it looks through the whole stage.
        let start = instruction.syntax().text_range().start();
        let stage = ctx.semantics.stage_at(start).map(|s| s.index);
        let folder_set =
            stage.is_some_and(|i| ctx.semantics.sets_variable(i, "YARN_CACHE_FOLDER", start));
        let mounted = cache_mount_targets(&instruction);
        let cache_folder = option_value(&package, "--cache-folder");
        let folder_set = folder_set
            || ctx.run_scripts(&instruction).iter().any(|s| s.text.contains("YARN_CACHE_FOLDER="));
        let keeps_cache = mounted.iter().any(|target| {
            target.contains("yarn")
                || target.ends_with("/.cache")
                || cache_folder.as_deref().is_some_and(|f| f.trim_end_matches('/') == target)
                || folder_set
        });
        if keeps_cache {
            continue;
        }

        let clean = format!("{}yarn cache clean", script.sudo_prefix(install));
        let words = package.words();
        let end = package.subcommand_word().map_or(words[0].range.end, |w| w.range.end);
        let what = match package.subcommand_text() {
            Some("global") => "`yarn global add`".to_string(),
            Some(sub) => format!("`yarn {sub}`"),
            None => "`yarn`".to_string(),
        };
        let fix = match (yarn, &cache_folder) {
            (Yarn::Unknown, None) => append_to_run(ctx.source, &instruction, &clean),
            _ => None,
        };
        let message = match (&fix, yarn, &cache_folder) {
            (Some(_), ..) => format!(
                "{what} leaves Yarn's package cache in the image; append `{clean}` to the `RUN` \
                 if the project uses Yarn 1 (Yarn 2 and later load packages from that cache)"
            ),
            (None, _, Some(folder)) => format!(
                "{what} leaves Yarn's package cache in `{folder}`; end the `RUN` with `{clean} \
                 --cache-folder {folder}` if the project uses Yarn 1"
            ),
            (None, Yarn::Corepack, None) => format!(
                "{what} leaves Yarn's package cache in the image; if Corepack runs Yarn 1 here, \
                 end the `RUN` with `{clean}`"
            ),
            (None, ..) => format!(
                "{what} leaves Yarn's package cache in the image; end the `RUN` with `{clean}` if \
                 the project uses Yarn 1"
            ),
        };
        diagnostics.push(Diagnostic {
            rule: NAME,
            message,
            range: script.range_to_file(words[0].range.start, end),
            fix: fix.map(|edit| Fix { edits: vec![edit], applicability: Applicability::Unsafe }),
        });
    }
}

/// Which Yarn the file shows it uses, read from its whole text.
fn yarn_of(source: &str) -> Yarn {
    if BERRY_SIGNS.iter().any(|sign| source.contains(sign)) {
        return Yarn::Berry;
    }
    // A version named by `yarn set version`, `yarn policies set-version` or `yarn@...`.
    let mut classic_pinned = false;
    let words: Vec<&str> = source.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        let version = match *word {
            "version" if i > 1 && words[i - 1] == "set" && words[i - 2].ends_with("yarn") => {
                words.get(i + 1).copied()
            }
            "set-version" => words.get(i + 1).copied(),
            _ => word.split_once("yarn@").map(|(_, v)| v),
        };
        let Some(version) = version.map(|v| v.trim_matches(|c| c == '"' || c == '\'')) else {
            continue;
        };
        if version.starts_with("1.") || version == "1" || version == "classic" {
            classic_pinned = true;
        } else if version.starts_with(|c: char| c.is_ascii_digit())
            || ["stable", "berry", "canary"].contains(&version)
        {
            return Yarn::Berry;
        }
    }
    if source.contains("corepack") && !classic_pinned { Yarn::Corepack } else { Yarn::Unknown }
}

/// Whether the build context `dir` uses Yarn 2 or later: it has a `.yarnrc.yml`, a `yarn.lock`
/// in the format those versions write, or a `package.json` whose `packageManager` names one.
fn context_uses_berry(dir: &Path) -> bool {
    if dir.join(".yarnrc.yml").is_file() {
        return true;
    }
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
    if read("yarn.lock").is_some_and(|lock| lock.contains("\n__metadata:")) {
        return true;
    }
    let package = read("package.json").and_then(|text| serde_json::from_str(&text).ok());
    let manager = package.as_ref().and_then(|p: &serde_json::Value| p.get("packageManager"));
    let version = manager.and_then(|m| m.as_str()).and_then(|m| m.strip_prefix("yarn@"));
    version.is_some_and(|v| !v.starts_with("1."))
}

fn yarn_command(command: &Command) -> Option<PackageCommand> {
    PackageCommand::recognize(command.clone()).filter(|p| p.manager == Manager::Yarn)
}

/// Whether `command` installs packages with Yarn: `yarn` alone, `yarn install`, `yarn add`,
/// `yarn global add`.
fn installs(command: &Command) -> bool {
    let Some(yarn) = yarn_command(command) else { return false };
    match yarn.subcommand_text() {
        None => !yarn.has_option(&["--version", "-v", "--help", "-h"]),
        Some("install" | "add") => true,
        Some("global") => yarn.operands().next().is_some_and(|w| w.text == "add"),
        Some(_) => false,
    }
}

/// Whether `command` empties Yarn's cache: `yarn cache clean`, or `rm` of a path naming it.
fn cleans(command: &Command) -> bool {
    if command.name() == Some("rm") {
        return command
            .words
            .iter()
            .skip(1)
            .any(|w| w.text.contains("yarn") && w.text.contains("cache"));
    }
    yarn_command(command).is_some_and(|p| {
        p.subcommand_text() == Some("cache")
            && p.operands().next().is_some_and(|w| w.text == "clean")
    })
}

/// The value of `name`, given as `name=value` or as the next word.
fn option_value(package: &PackageCommand, name: &str) -> Option<String> {
    let words = package.words();
    package.options.iter().find_map(|&i| {
        let text = &words[i].text;
        if text == name {
            words.get(i + 1).map(|w| w.text.clone())
        } else {
            text.strip_prefix(name)?.strip_prefix('=').map(str::to_string)
        }
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::fix::{Settings, fix_at};

    const DOCKERFILE: &str = "FROM node:22\nRUN yarn install\n";

    /// The fixed text of `DOCKERFILE` in a folder holding `files`.
    fn fixed_beside(files: &[(&str, &str)]) -> String {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let path = dir.path().join("Dockerfile");
        let settings = Settings {
            unsafe_fixes: true,
            select: Some(vec![super::NAME.to_string()]),
            ..Settings::default()
        };
        fix_at(DOCKERFILE, Some(&path), &settings).text
    }

    #[test]
    fn a_yarn_1_project_beside_the_dockerfile_gets_the_clean() {
        let fixed = "FROM node:22\nRUN yarn install && yarn cache clean\n";
        assert_eq!(fixed_beside(&[]), fixed);
        let package = r#"{"name": "app", "packageManager": "yarn@1.22.22"}"#;
        let lock = "# THIS IS AN AUTOGENERATED FILE.\n# yarn lockfile v1\n";
        assert_eq!(fixed_beside(&[("package.json", package), ("yarn.lock", lock)]), fixed);
    }

    #[test]
    fn a_yarn_2_project_beside_the_dockerfile_is_left_alone() {
        assert_eq!(fixed_beside(&[(".yarnrc.yml", "nodeLinker: pnp\n")]), DOCKERFILE);
        let package = r#"{"packageManager": "yarn@4.5.0+sha512.abc"}"#;
        assert_eq!(fixed_beside(&[("package.json", package)]), DOCKERFILE);
        let lock =
            "# This file is generated by running \"yarn install\"\n\n__metadata:\n  version: 8\n";
        assert_eq!(fixed_beside(&[("yarn.lock", lock)]), DOCKERFILE);
        // A package.json that is not JSON says nothing.
        assert_ne!(fixed_beside(&[("package.json", "{")]), DOCKERFILE);
        assert!(!super::context_uses_berry(Path::new("/")));
    }
}
