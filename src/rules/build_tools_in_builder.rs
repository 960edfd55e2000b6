//! Build tools installed in the runtime stage, where the image ships them though only a build
//! needs them.

use std::rc::Rc;

use rowan::TextSize;

use crate::config::BuildToolKind;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{DNF_REMOVING, Manager, PackageCommand, Semantics, ZYPPER_REMOVING};
use crate::shell::{self, Command, Script, Word};
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::{ImageParts, Instruction};

use super::Context;

pub(crate) const NAME: &str = "build-tools-in-builder";

pub(crate) const DOC: &str = r#"## What it does
Finds build tools (compilers, `make`, `git`, `-dev` packages: the `build-tools-in-builder`
packages of the configuration) that the runtime stage installs, the stage the build produces.
In a multi-stage file it takes the tools out of the runtime stage's install and adds the ones
it lacks to the install of the stage that builds what the runtime stage copies (a stage named
by `COPY --from=` or `RUN --mount=from=`, or a stage that one is built on) when that stage
installs packages with the same package manager and it, or a stage built on it that the
runtime stage copies from, builds something: it compiles, or installs a language's packages
(`make`, `go build`, `cargo`, `npm`, `pip install`, `mix`, `bundle install`...). apk, apt-get and
apt, dnf, yum and microdnf, and zypper are read. Libraries' development packages (those only a
pattern such as `*-dev` names) are reported, never moved.

## Why
Compilers, headers and version control are needed to build the application, not to run it.
Shipped in the runtime image they add tens or hundreds of megabytes to every pull, and hand
anyone who gets a shell in the container the means to build and fetch code. A multi-stage
build exists to leave them behind in the builder.

## Example
```dockerfile
FROM golang:1.23-alpine AS build
RUN apk add --no-cache git
COPY . /src
RUN cd /src && go build -o /app .

FROM alpine:3.21
RUN apk add --no-cache ca-certificates build-base
COPY --from=build /app /app
```
becomes
```dockerfile
FROM golang:1.23-alpine AS build
RUN apk add --no-cache git build-base
COPY . /src
RUN cd /src && go build -o /app .

FROM alpine:3.21
RUN apk add --no-cache ca-certificates
COPY --from=build /app /app
```

## Fix safety
Unsafe: the runtime image loses the packages, and whatever they brought in. A tool may be what
brought in a library the application loads; the library then has to be installed by its own
name. A package on a continuation line of its own goes with its line, comment lines stay, and an
install left with no package goes with the `&&` or `;` that joins it, with an update before it
(`apk update`, `apt-get update`) that no other install follows, or with its `RUN` and the comment
lines right above it when nothing else is left but housekeeping such as `apt-get update`. The
packages are added at the end of the builder's package list, on lines of their own when the list
has one package a line, and as the runtime stage wrote them, versions included; a package with
a version is moved only into a builder built on the same image and release (`debian:12` and
`debian:12-slim` are one), which has that version.
A tool is still in use, and stays, when a later `RUN`, a `HEALTHCHECK`, an `ONBUILD` trigger or
the image's command runs it, also behind `tini`, `dumb-init`, `npx`, `xargs` or `find -exec`, or
when a later step installs what may compile native code (`pip`, `uv`, `poetry`, `pdm`, `pipx`,
`uv run`, `npm`, `yarn`, `pnpm`, `gem`, `bundle`, `pecl`, `luarocks`, `install2.r`,
`Rscript -e 'install.packages(...)'`, `go build`, ...).

## Known problems
Reported without a fix: a file with one stage; a last stage named for development or checks
(`debug`, `test`...) when no target says which stage ships; a development package of a library
(`libpq-dev`, `postgresql-dev`, `libffi-dev`): on Debian and Alpine it depends on the library
itself, which the application may load; an install with a comment right above its `RUN` or on
its lines saying the packages are needed at run time (`runtime`, `needed`, `required`, `keep`);
a runtime stage that copies from no stage, or whose builder stages install nothing with the same
package manager, or build nothing; an update left with no install that cannot be taken out
cleanly; and a runtime stage that still uses the tools: a later command of the stage (in the same
`RUN` after the install, in a later `RUN`, or in `HEALTHCHECK`), or the `CMD` or `ENTRYPOINT` the
image starts with (its own or the one of a stage it is built on), that runs a compiler or build
tool (`gcc`, `make`, `cmake`, `git`, `go build`, `cargo`, `./configure`...), runs a project's
build script (`npm run build`, only in `CMD` and `ENTRYPOINT`), runs an installer that may
compile native code (`pip install`, `npm install` or `ci`, `yarn install`, `gem install`, `bundle
install`, `cpanm`, `pecl install`...), or a command that cannot be read. Commands run as another
user or in a shell of their own (`sudo`, `runuser`, `su -c`, `gosu`, `su-exec`, `sh -c`, `bash
-lc`) count, and inside them so does any word naming one of the tools. Scripts run by name (`RUN
./build.sh`, `ENTRYPOINT ["/entrypoint.sh"]`) are not looked into. Nothing is reported for tools
the stage removes again after the install, in the same `RUN` or a later one (`apk del` of the
packages or of their `--virtual` group, `apt-get purge` or `remove`, `dnf remove`, `zypper
remove`, or `apt-mark auto` followed by `apt-get purge --auto-remove`, which removes everything
installed since the marks were saved), nor for tools a stage the runtime stage is built on
installs. The words that mark a comment are plain words: a comment saying `no longer needed`
also keeps the packages.
"#;

/// Commands that compile, link or fetch sources, and so need the build tools.
const BUILD_COMMANDS: &[&str] = &[
    "gcc",
    "cc",
    "c++",
    "g++",
    "clang",
    "clang++",
    "make",
    "gmake",
    "cmake",
    "ninja",
    "meson",
    "git",
    "cargo",
    "rustc",
    "configure",
    "autoreconf",
    "autoconf",
    "automake",
    "libtoolize",
    "pkg-config",
    "pkgconf",
    "node-gyp",
    "cpanm",
    "cpan",
    "phpize",
    "docker-php-ext-install",
    "docker-php-ext-configure",
    "rebar3",
    "node-pre-gyp",
    "prebuild-install",
    "install2.r",
    "installGithub.r",
];

/// Package managers that share package names, so that one's install can take another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Installer {
    Apk,
    Apt,
    /// dnf, yum and microdnf.
    Rpm,
    Zypper,
}

impl Installer {
    fn of(manager: Manager) -> Option<Installer> {
        match manager {
            Manager::Apk => Some(Installer::Apk),
            Manager::AptGet | Manager::Apt => Some(Installer::Apt),
            Manager::Dnf | Manager::Microdnf | Manager::Yum => Some(Installer::Rpm),
            Manager::Zypper => Some(Installer::Zypper),
            Manager::Pip | Manager::Npm | Manager::Yarn => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Installer::Apk => "apk",
            Installer::Apt => "apt-get",
            Installer::Rpm => "dnf or yum",
            Installer::Zypper => "zypper",
        }
    }

    fn installs(self, subcommand: &str) -> bool {
        match self {
            Installer::Apk => subcommand == "add",
            Installer::Apt | Installer::Rpm => subcommand == "install",
            Installer::Zypper => matches!(subcommand, "install" | "in"),
        }
    }

    fn removes(self, subcommand: &str) -> bool {
        match self {
            Installer::Apk => subcommand == "del",
            Installer::Apt => matches!(subcommand, "purge" | "remove"),
            Installer::Rpm => DNF_REMOVING.contains(&subcommand),
            Installer::Zypper => ZYPPER_REMOVING.contains(&subcommand),
        }
    }
}

/// Whether `command` may remove packages a package manager installed, or mark them for removal:
/// what [`auto_removed`] and [`removed_later`] look for.
fn may_remove(command: &Command) -> bool {
    match command.name() {
        // `apt-mark auto`, also as `apt-mark showmanual | xargs apt-mark auto`, leaves packages
        // to `autoremove`.
        Some("apt-mark") => true,
        Some("xargs") => command.has_arg("apt-mark"),
        _ => PackageCommand::recognize(command.clone()).is_some_and(|package| {
            let subcommand = package.subcommand_text().unwrap_or_default();
            let removes = Installer::of(package.manager).is_some_and(|i| i.removes(subcommand));
            removes || subcommand == "autoremove"
        }),
    }
}

/// The commands of a `RUN`, script by script, and the order the shell meets them in.
struct RunCommands {
    scripts: Vec<(Rc<Script>, Vec<Command>)>,
    /// `(script, command)` indices.
    order: Vec<(usize, usize)>,
}

impl RunCommands {
    fn of(ctx: &Context<'_>, instruction: &Instruction) -> RunCommands {
        let scripts: Vec<(Rc<Script>, Vec<Command>)> = ctx
            .run_scripts(instruction)
            .into_iter()
            .map(|script| {
                let commands = shell::commands(&script.text);
                (script, commands)
            })
            .collect();
        let order = scripts
            .iter()
            .enumerate()
            .flat_map(|(s, (_, commands))| (0..commands.len()).map(move |c| (s, c)))
            .collect();
        RunCommands { scripts, order }
    }

    fn command(&self, (script, command): (usize, usize)) -> &Command {
        &self.scripts[script].1[command]
    }

    /// The installs of `installer` the reader can follow, each with its place in `order`.
    fn installs(&self, installer: Installer) -> Vec<(usize, PackageCommand)> {
        let mut found = Vec::new();
        for (position, &at) in self.order.iter().enumerate() {
            let command = self.command(at);
            if command.opaque {
                continue;
            }
            let Some(package) = PackageCommand::recognize(command.clone()) else { continue };
            let subcommand = package.subcommand_text().unwrap_or_default();
            if Installer::of(package.manager) == Some(installer) && installer.installs(subcommand) {
                found.push((position, package));
            }
        }
        found
    }

    fn after(&self, position: usize) -> Vec<&Command> {
        self.order[position + 1..].iter().map(|&at| self.command(at)).collect()
    }
}

/// An install in a builder stage that can take the packages.
struct Target {
    stage: usize,
    script: Rc<Script>,
    install: PackageCommand,
}

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let semantics = &ctx.semantics;
    let Some((runtime, doubt)) = ctx.runtime_stage() else { return };
    let stage = &semantics.stages[runtime];
    // The commands of the stage's `RUN`s that may remove packages: read once, so that a stage
    // of many `RUN`s is not read again for each.
    // All of them in one list, and where each instruction's start in it.
    let mut removals: Vec<Command> = Vec::new();
    let mut removals_from: Vec<usize> = Vec::with_capacity(stage.instructions.len() + 1);
    for instruction in &stage.instructions {
        removals_from.push(removals.len());
        if instruction.kind() == RUN_INSTR {
            let scripts = ctx.run_scripts(instruction);
            let commands = scripts.iter().flat_map(|script| shell::commands(&script.text));
            removals.extend(commands.filter(may_remove));
        }
    }
    removals_from.push(removals.len());
    for (at, instruction) in stage.instructions.iter().enumerate() {
        if instruction.kind() != RUN_INSTR {
            continue;
        }
        let run = RunCommands::of(ctx, instruction);
        // Whether the `RUN` has a command that may remove packages from each place on.
        let mut run_removes = vec![false; run.order.len() + 1];
        for p in (0..run.order.len()).rev() {
            run_removes[p] = run_removes[p + 1] || may_remove(run.command(run.order[p]));
        }
        // The commands of the stage's later `RUN`s, where the packages may be removed again.
        let later_runs = &removals[removals_from[at + 1]..];
        for installer in [Installer::Apk, Installer::Apt, Installer::Rpm, Installer::Zypper] {
            for (position, install) in run.installs(installer) {
                // The commands after the install that may remove what it installs.
                let in_stage: Vec<&Command> = match run_removes[position + 1] {
                    true => run.after(position).into_iter().chain(later_runs).collect(),
                    false => later_runs.iter().collect(),
                };
                if auto_removed(installer, &in_stage) {
                    continue;
                }
                let mut tools = Vec::new();
                let mut libraries = Vec::new();
                for &i in &install.operands {
                    let Some(name) = package_name(installer, &install.words()[i]) else {
                        continue;
                    };
                    if removed_later(installer, &install, name, &in_stage) {
                        continue;
                    }
                    match ctx.options.build_tools.kind(name) {
                        Some(BuildToolKind::Tool) => tools.push(i),
                        Some(BuildToolKind::Library) => libraries.push(i),
                        None => {}
                    }
                }
                let found = |tools| Found {
                    instruction,
                    run: &run,
                    position,
                    installer,
                    install: install.clone(),
                    tools,
                };
                if !libraries.is_empty() {
                    let libraries = found(libraries);
                    let why = "a `-dev` package brings in the library it is for, which the image \
                               may need at run time"
                        .to_string();
                    diagnostics.push(libraries.diagnostic(ctx, Err(why)));
                }
                if tools.is_empty() {
                    continue;
                }
                let found = found(tools);
                let names = found.names();
                let still_used = run
                    .after(position)
                    .iter()
                    .find_map(|command| needs_tools(command, &names))
                    .map(|what| format!("{what} later in the stage"))
                    .or_else(|| used_later(ctx, &stage.instructions[at + 1..], &names))
                    .or_else(|| entry_point_needs(ctx, runtime, &names));
                let them = if names.len() == 1 { "it" } else { "them" };
                let fix = match (&still_used, &doubt) {
                    _ if semantics.stages.len() == 1 => Err("the file has a single stage".into()),
                    (_, Some(doubt)) => Err(doubt.clone()),
                    (Some(what), None) => Err(format!("{what} may need {them}")),
                    (None, None) => match kept_by_comment(ctx, instruction, &found) {
                        Some(word) => Err(format!(
                            "a comment at the install says `{word}`: the image may need {them} \
                             at run time"
                        )),
                        None => found.fix(ctx, runtime),
                    },
                };
                diagnostics.push(found.diagnostic(ctx, fix));
            }
        }
    }
}

/// Build tools found in one install of the runtime stage.
struct Found<'a> {
    instruction: &'a Instruction,
    run: &'a RunCommands,
    /// Where the install is in `run.order`.
    position: usize,
    installer: Installer,
    install: PackageCommand,
    /// The indices of the build tools among the install's words.
    tools: Vec<usize>,
}

impl Found<'_> {
    fn script(&self) -> &Rc<Script> {
        &self.run.scripts[self.run.order[self.position].0].0
    }

    /// The tools' package names.
    fn names(&self) -> Vec<&str> {
        let words = self.install.words();
        self.tools.iter().filter_map(|&i| package_name(self.installer, &words[i])).collect()
    }

    /// The tools as the file writes them.
    fn written(&self) -> Vec<String> {
        let script = self.script();
        self.tools
            .iter()
            .map(|&i| script.text[self.install.words()[i].range.clone()].to_string())
            .collect()
    }

    fn diagnostic(&self, ctx: &Context<'_>, fix: Result<(Vec<Edit>, usize), String>) -> Diagnostic {
        let words = self.install.words();
        let script = self.script();
        let last = &words[*self.tools.last().unwrap_or(&0)];
        let range = script.range_to_file(words[0].range.start, last.range.end);
        let names: Vec<String> = self.written().iter().map(|name| format!("`{name}`")).collect();
        let libraries = self
            .names()
            .iter()
            .all(|name| ctx.options.build_tools.kind(name) == Some(BuildToolKind::Library));
        let noun = if libraries { "development package" } else { "build tool" };
        let (what, them) = match names.len() {
            1 => (format!("{noun} {} is", names[0]), "it"),
            _ => (format!("{noun}s {} are", names.join(", ")), "them"),
        };
        let remedy = match &fix {
            Ok((_, target)) => format!(
                "install {them} in stage {} instead, whose results the runtime stage copies",
                stage_label(&ctx.semantics, *target)
            ),
            Err(why) => format!("build in another stage and copy the results (no fix: {why})"),
        };
        Diagnostic {
            rule: NAME,
            message: format!(
                "{what} installed in the runtime stage, so the image ships {them}; {remedy}"
            ),
            range,
            fix: fix.ok().map(|(edits, _)| Fix { edits, applicability: Applicability::Unsafe }),
        }
    }

    /// The edits that move the tools to a builder stage, and that stage; or why there are none.
    fn fix(&self, ctx: &Context<'_>, runtime: usize) -> Result<(Vec<Edit>, usize), String> {
        let semantics = &ctx.semantics;
        let builders = builder_stages(semantics, runtime);
        if builders.is_empty() {
            return Err("the runtime stage copies files from no other stage".into());
        }
        let target = find_target(ctx, &builders, self.installer)?;

        // A version is one of the runtime image's release, which another image may not have.
        let same_image = match (semantics.image_of(target.stage), semantics.image_of(runtime)) {
            (Some(a), Some(b)) => same_release(a, b),
            _ => false,
        };
        for (&i, written) in self.tools.iter().zip(self.written()) {
            let name = package_name(self.installer, &self.install.words()[i]).unwrap_or_default();
            if written != name && !same_image {
                return Err(format!(
                    "`{written}` names a version, which stage {} may not have, as it is built \
                     on another image",
                    stage_label(semantics, target.stage)
                ));
            }
        }

        let mut edits = self.removal(ctx)?;
        let have = installed_in(ctx, &target, self.installer);
        let mut missing: Vec<String> = Vec::new();
        for (&i, written) in self.tools.iter().zip(self.written()) {
            let name = package_name(self.installer, &self.install.words()[i]).unwrap_or_default();
            if !have.iter().any(|h| h == name) && !missing.contains(&written) {
                missing.push(written);
            }
        }
        if !missing.is_empty() {
            let escape = ctx.parse.escape();
            edits.push(append_packages(ctx.source, escape, &target, &missing).ok_or_else(
                || {
                    format!(
                        "the install in stage {} has no package list to add to",
                        stage_label(semantics, target.stage)
                    )
                },
            )?);
        }
        edits.sort_by_key(|edit| edit.range.start());
        Ok((edits, target.stage))
    }

    /// Whether the install goes as a whole: it installs nothing but build tools.
    fn removes_command(&self) -> bool {
        self.tools.len() == self.install.operands.len()
    }

    /// The edits that take the tools out of the install: the whole command when nothing else
    /// is installed, with an update that no other install follows, and the whole `RUN` when
    /// nothing else is left; or why they cannot be taken out cleanly.
    fn removal(&self, ctx: &Context<'_>) -> Result<Vec<Edit>, String> {
        let (script_index, command_index) = self.run.order[self.position];
        let (script, commands) = &self.run.scripts[script_index];
        if !self.removes_command() {
            let escape = ctx.parse.escape();
            return shell::remove_words(
                ctx.source,
                script,
                &self.install.command,
                &self.tools,
                escape,
            )
            .ok_or_else(|| {
                "the packages share their lines with text their removal would disturb".into()
            });
        }
        // A `RUN` left with only housekeeping (`apt-get update`, `rm -rf /var/lib/apt/lists/*`)
        // goes as a whole.
        let others = self.run.order.iter().filter(|&&at| at != (script_index, command_index));
        if others.map(|&at| self.run.command(at)).all(is_housekeeping) {
            return Ok(vec![shell::remove_instruction(ctx.source, self.instruction)]);
        }
        let joined = || {
            "the install is joined to the commands around it in a way its removal would change"
                .to_string()
        };
        let mut edits = shell::remove_command(ctx.source, script, commands, command_index)
            .ok_or_else(joined)?;

        // An update that only this install follows would be left refreshing an index nothing
        // reads: it goes too, or nothing does.
        let installs: Vec<usize> =
            self.run.installs(self.installer).iter().map(|(p, _)| *p).collect();
        for (position, &at) in self.run.order[..self.position].iter().enumerate() {
            if !is_update(self.installer, self.run.command(at)) {
                continue;
            }
            if installs.iter().any(|&p| p > position && p != self.position) {
                continue;
            }
            let orphan = || {
                "the update before the install would be left with no install after it, and \
                 cannot be taken out with it"
                    .to_string()
            };
            if at.0 != script_index {
                return Err(orphan());
            }
            edits.extend(
                shell::remove_command(ctx.source, script, commands, at.1).ok_or_else(orphan)?,
            );
        }
        edits.sort_by_key(|edit| edit.range.start());
        if edits.windows(2).any(|pair| pair[0].range.end() > pair[1].range.start()) {
            return Err("the update before the install would be left with no install after it, \
                        and cannot be taken out with it"
                .into());
        }
        Ok(edits)
    }
}

/// Whether `command` refreshes the package index of `installer`.
fn is_update(installer: Installer, command: &Command) -> bool {
    if command.opaque {
        return false;
    }
    let Some(package) = PackageCommand::recognize(command.clone()) else { return false };
    let subcommand = package.subcommand_text().unwrap_or_default();
    Installer::of(package.manager) == Some(installer)
        && match installer {
            Installer::Apk | Installer::Apt => subcommand == "update",
            Installer::Rpm => subcommand == "makecache",
            Installer::Zypper => matches!(subcommand, "refresh" | "ref"),
        }
}

/// Whether `command` only sets shell options or tends package-manager caches and indexes, and
/// has no point in a `RUN` that installs nothing.
fn is_housekeeping(command: &Command) -> bool {
    if command.opaque {
        return false;
    }
    match command.name() {
        Some("set" | "true" | ":") => return true,
        Some("rm") => {
            let paths = command.words.iter().skip(1).filter(|w| !w.text.starts_with('-'));
            let caches = ["/var/lib/apt/lists", "/var/cache/"];
            return paths
                .map(|w| w.text.as_str())
                .all(|path| caches.iter().any(|cache| path.starts_with(cache)));
        }
        _ => {}
    }
    let Some(package) = PackageCommand::recognize(command.clone()) else { return false };
    let subcommand = package.subcommand_text().unwrap_or_default();
    match package.manager {
        Manager::Apk => matches!(subcommand, "update" | "cache"),
        Manager::AptGet | Manager::Apt => matches!(subcommand, "update" | "clean" | "autoclean"),
        Manager::Dnf | Manager::Microdnf | Manager::Yum => {
            matches!(subcommand, "clean" | "makecache")
        }
        Manager::Zypper => matches!(subcommand, "clean" | "cc" | "refresh" | "ref"),
        Manager::Pip | Manager::Npm | Manager::Yarn => false,
    }
}

/// `` `name` `` for a named stage, else its number.
fn stage_label(semantics: &Semantics, index: usize) -> String {
    match &semantics.stages[index].name {
        Some(name) => format!("`{name}`"),
        None => index.to_string(),
    }
}

/// The stages that build what `runtime` copies: those it takes files from and the stages those
/// are built on, in that order, less any stage `runtime` is itself built on.
fn builder_stages(semantics: &Semantics, runtime: usize) -> Vec<usize> {
    let bases = semantics.ancestors(runtime);
    let mut stages = Vec::new();
    for source in semantics.sources(runtime) {
        for stage in std::iter::once(source).chain(semantics.ancestors(source)) {
            if stage != runtime && !bases.contains(&stage) && !stages.contains(&stage) {
                stages.push(stage);
            }
        }
    }
    stages
}

/// The first install of `installer` in the builder stages that lists packages, whose packages
/// the same `RUN` does not remove again as a `--virtual` group, and in a stage that builds (or
/// that a builder stage which builds is built on); or why there is none.
fn find_target(
    ctx: &Context<'_>,
    builders: &[usize],
    installer: Installer,
) -> Result<Target, String> {
    let semantics = &ctx.semantics;
    // The stages that build, and those they are built on, found once.
    let mut building = vec![false; semantics.stages.len()];
    for &other in builders {
        if stage_builds(ctx, other) {
            for stage in std::iter::once(other).chain(semantics.ancestors(other)) {
                building[stage] = true;
            }
        }
    }
    let builds = |stage: usize| building[stage];
    let mut installs_elsewhere = false;
    let mut removes_again = false;
    for &stage in builders {
        for instruction in &semantics.stages[stage].instructions {
            if instruction.kind() != RUN_INSTR {
                continue;
            }
            let run = RunCommands::of(ctx, instruction);
            for (position, install) in run.installs(installer) {
                let later = run.after(position);
                let removed = virtual_group(&install)
                    .is_some_and(|group| removed_later(installer, &install, group, &later));
                removes_again |= removed;
                if install.operands.is_empty() || removed {
                    continue;
                }
                if !builds(stage) {
                    installs_elsewhere = true;
                    continue;
                }
                let script = Rc::clone(&run.scripts[run.order[position].0].0);
                return Ok(Target { stage, script, install });
            }
        }
    }
    Err(match installs_elsewhere {
        false if removes_again => format!(
            "the stages it copies from install packages with {} only as `--virtual` groups \
             they remove again in the same `RUN`",
            installer.label()
        ),
        true => format!(
            "the stages it copies from that install packages with {} compile or install \
             no software",
            installer.label()
        ),
        false => format!("no stage it copies from installs packages with {}", installer.label()),
    })
}

/// Whether a `RUN` of `stage` compiles or installs software: it runs a compiler or build tool,
/// or an installer of a language's packages.
fn stage_builds(ctx: &Context<'_>, stage: usize) -> bool {
    ctx.semantics.stages[stage].instructions.iter().filter(|i| i.kind() == RUN_INSTR).any(|i| {
        ctx.run_commands(i).iter().any(|(_, command)| {
            // The cross-compiling wrappers of tonistiigi/xx: `xx-go build`, `xx-clang`.
            let mut command = command.clone();
            if let Some(first) = command.words.first_mut() {
                if let Some(plain) = first.text.strip_prefix("xx-") {
                    first.text = plain.to_string();
                }
            }
            needs_tools(&command, &[]).is_some() || builds_at_start(&command)
        })
    })
}

/// The names of the packages `installer` installs in the target's stage and the stages it is
/// built on.
fn installed_in(ctx: &Context<'_>, target: &Target, installer: Installer) -> Vec<String> {
    let semantics = &ctx.semantics;
    let mut names = Vec::new();
    for stage in std::iter::once(target.stage).chain(semantics.ancestors(target.stage)) {
        for instruction in &semantics.stages[stage].instructions {
            for (_, install) in RunCommands::of(ctx, instruction).installs(installer) {
                let packages = install.operands().filter_map(|w| package_name(installer, w));
                names.extend(packages.map(str::to_string));
            }
        }
    }
    names
}

/// The edit that adds `packages` at the end of the target's package list: on lines of their own
/// when its last package stands on a line of its own, else after it on its line.
fn append_packages(
    source: &str,
    escape: char,
    target: &Target,
    packages: &[String],
) -> Option<Edit> {
    let words = target.install.words();
    let script = &target.script;
    let last = &words[*target.install.operands.last()?];
    let start = shell::file_start(script, last.range.start);
    let end = usize::from(script.to_file(last.range.end));
    let line = shell::line_start(source, start);
    let name_line = shell::line_start(source, shell::file_start(script, words[0].range.start));
    let own_line = source[line..start].trim().is_empty() && name_line != line;
    let text: String = if own_line {
        let indent = &source[line..start];
        let line_end = shell::line_end(source, end);
        let newline = if source[line_end..].starts_with("\r\n") { "\r\n" } else { "\n" };
        let escape = if script.is_heredoc() { '\\' } else { escape };
        packages.iter().map(|p| format!(" {escape}{newline}{indent}{p}")).collect()
    } else {
        packages.iter().map(|p| format!(" {p}")).collect()
    };
    Some(Edit::insert(TextSize::from(end as u32), text))
}

/// Whether two images are one release of one distribution: the same image, with the same tag
/// once `slim` and `minimal` are left out of it (`debian:12` and `debian:12-slim`,
/// `python:3.12-bookworm` and `python:3.12-slim-bookworm`).
fn same_release(a: &ImageParts, b: &ImageParts) -> bool {
    let release = |image: &ImageParts| -> Vec<String> {
        let tag = image.tag.as_deref().unwrap_or("latest");
        let parts = tag.split('-').filter(|p| !matches!(*p, "slim" | "minimal"));
        parts.map(str::to_string).collect()
    };
    a.registry == b.registry && a.name == b.name && (a == b || release(a) == release(b))
}

/// The package an install operand names, without a version, release or architecture; `None`
/// for a file, a URL or a word built from variables.
fn package_name(installer: Installer, word: &Word) -> Option<&str> {
    let text = word.text.as_str();
    if text.contains('$')
        || text.ends_with(".apk")
        || text.ends_with(".deb")
        || text.ends_with(".rpm")
    {
        return None;
    }
    let name = match installer {
        Installer::Apk => text.split(['=', '<', '>', '~']).next(),
        Installer::Apt => text.split(['=', '/', ':']).next(),
        Installer::Rpm | Installer::Zypper if text.contains('/') => None,
        Installer::Rpm | Installer::Zypper => text.split(['=', '<', '>']).next(),
    }?;
    (!name.is_empty()).then_some(name)
}

/// The `--virtual` (or `-t`) group an apk install puts its packages in.
fn virtual_group(install: &PackageCommand) -> Option<&str> {
    let words = install.words();
    install.options.iter().find_map(|&i| {
        let text = words[i].text.as_str();
        match text {
            "--virtual" | "-t" => words.get(i + 1).map(|w| w.text.as_str()),
            _ => text.strip_prefix("--virtual="),
        }
    })
}

/// Whether a command in `later` removes `name` (a package, or the install's `--virtual` group)
/// with the same package manager.
fn removed_later(
    installer: Installer,
    install: &PackageCommand,
    name: &str,
    later: &[&Command],
) -> bool {
    let group = virtual_group(install);
    later.iter().filter(|c| !c.opaque).any(|command| {
        let Some(remove) = PackageCommand::recognize((*command).clone()) else { return false };
        Installer::of(remove.manager) == Some(installer)
            && remove.subcommand_text().is_some_and(|sub| installer.removes(sub))
            && remove.operands().any(|w| {
                package_name(installer, w) == Some(name) || group.is_some_and(|g| w.text == g)
            })
    })
}

/// Words of a comment that say packages are there for run time.
const KEEP_WORDS: &[&str] =
    &["runtime", "run-time", "needed", "need", "needs", "required", "requires", "keep", "kept"];

/// The word of a comment saying the packages are needed at run time, if a comment on the lines
/// right above the `RUN` or on its lines up to the install's end says so. `run time`, written
/// apart, counts as `runtime`.
fn kept_by_comment(
    ctx: &Context<'_>,
    instruction: &Instruction,
    found: &Found<'_>,
) -> Option<String> {
    let source = ctx.source;
    let start = usize::from(instruction.syntax().text_range().start());
    let words = found.install.words();
    let last = &words[*found.tools.last()?];
    let end = shell::line_end(source, found.script().to_file(last.range.end).into());
    let end = end.max(shell::line_end(
        source,
        found.script().to_file(found.install.command.range.end).into(),
    ));

    // The comment lines right above, up to a blank line.
    let mut comments: Vec<&str> = Vec::new();
    let mut line = shell::line_start(source, start);
    while line > 0 {
        let above = shell::line_start(source, line - 1);
        let text = source[above..line].trim();
        if !text.starts_with('#') {
            break;
        }
        comments.push(text);
        line = above;
    }
    // Comments on the instruction's lines: whole comment lines, and `# ...` after a blank or
    // a backtick (`` `# needed by lxml` ``).
    for text in source[shell::line_start(source, start)..end].lines() {
        let trimmed = text.trim_start();
        if trimmed.starts_with('#') {
            comments.push(trimmed);
        } else if let Some(at) = text.find(" #").or_else(|| text.find("`#")) {
            comments.push(&text[at + 1..]);
        }
    }
    comments.iter().find_map(|comment| {
        let lower = comment.to_ascii_lowercase();
        if lower.contains("run time") {
            return Some("run time".to_string());
        }
        lower
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .find(|word| KEEP_WORDS.contains(word))
            .map(str::to_string)
    })
}

/// Whether the docker-library way of removing build dependencies follows: `apt-mark auto`
/// marks every package as removable, then `apt-get purge --auto-remove` (or `autoremove`)
/// removes all those nothing needs, the packages installed before among them.
fn auto_removed(installer: Installer, later: &[&Command]) -> bool {
    if installer != Installer::Apt {
        return false;
    }
    // `apt-mark auto '.*'`, or `apt-mark showmanual | xargs apt-mark auto`.
    let marks_auto = |c: &&&Command| {
        !c.opaque
            && c.words.windows(2).any(|pair| {
                pair[0].text.rsplit('/').next() == Some("apt-mark") && pair[1].text == "auto"
            })
    };
    let Some(marked) = later.iter().position(|c| marks_auto(&c)) else { return false };
    later[marked + 1..].iter().filter(|c| !c.opaque).any(|c| {
        matches!(c.name(), Some("apt-get" | "apt"))
            && (c.has_arg("autoremove")
                || (c.has_arg("purge") || c.has_arg("remove")) && c.has_arg("--auto-remove"))
    })
}

/// What in the instructions after an install (the rest of the runtime stage) may need the
/// build tools `tools`, described for a message. `CMD` and `ENTRYPOINT` are looked at apart
/// (see [`entry_point_needs`]).
fn used_later(ctx: &Context<'_>, instructions: &[Instruction], tools: &[&str]) -> Option<String> {
    for instruction in instructions {
        // A trigger runs in the builds of the images made from this one, which are not read.
        if instruction.kind() == ONBUILD_INSTR {
            return Some("an `ONBUILD` trigger".into());
        }
        if !matches!(instruction.kind(), RUN_INSTR | HEALTHCHECK_INSTR) {
            continue;
        }
        if let Some(exec) = instruction.exec_form() {
            if let Some(what) = needs_tools(&shell::exec_command(exec.strings()), tools) {
                return Some(format!("{what} later in the stage"));
            }
            continue;
        }
        let commands: Vec<Command> = match instruction.kind() {
            RUN_INSTR => {
                let scripts = ctx.run_scripts(instruction);
                if scripts.is_empty() {
                    return Some("a `RUN` in a shell that is not read".into());
                }
                scripts.iter().flat_map(|script| shell::commands(&script.text)).collect()
            }
            _ => match instruction.shell_form() {
                Some(form) => shell::commands(&form.logical_text().text),
                None => Vec::new(),
            },
        };
        if let Some(what) = commands.iter().find_map(|command| needs_tools(command, tools)) {
            return Some(format!("{what} later in the stage"));
        }
    }
    None
}

/// What the `CMD` or `ENTRYPOINT` the image starts with runs that may need the build tools
/// `tools`: the last ones of the runtime stage, or of the nearest stage it is built on that has
/// one. Described for a message.
fn entry_point_needs(ctx: &Context<'_>, runtime: usize, tools: &[&str]) -> Option<String> {
    let semantics = &ctx.semantics;
    let lineage: Vec<usize> =
        std::iter::once(runtime).chain(semantics.ancestors(runtime)).collect();
    for (kind, label) in [(ENTRYPOINT_INSTR, "ENTRYPOINT"), (CMD_INSTR, "CMD")] {
        let last = lineage.iter().find_map(|&stage| {
            semantics.stages[stage].instructions.iter().rev().find(|i| i.kind() == kind)
        });
        let Some(instruction) = last else { continue };
        let commands = match (instruction.exec_form(), instruction.shell_form()) {
            (Some(exec), _) => vec![shell::exec_command(exec.strings())],
            (None, Some(form)) => shell::commands(&form.logical_text().text),
            (None, None) => Vec::new(),
        };
        let needs = |command: &Command| {
            needs_tools(command, tools).or_else(|| {
                builds_at_start(command).then(|| {
                    let words: Vec<&str> = command.words.iter().map(|w| w.text.as_str()).collect();
                    format!("`{}`", words.join(" "))
                })
            })
        };
        if let Some(what) = commands.iter().find_map(needs) {
            return Some(format!("{what} in the image's `{label}`"));
        }
    }
    None
}

/// Whether `command` runs a project's build script: `npm run build`, `yarn build`,
/// `pnpm run compile`.
fn builds_at_start(command: &Command) -> bool {
    let Some(name) = command.name() else { return false };
    if !matches!(name, "npm" | "yarn" | "pnpm") {
        return false;
    }
    let words: Vec<&str> = command.words.iter().skip(1).map(|w| w.text.as_str()).collect();
    let script = match words.iter().position(|w| matches!(*w, "run" | "run-script")) {
        Some(run) => words[run + 1..].iter().find(|w| !w.starts_with('-')),
        None if name != "npm" => words.iter().find(|w| !w.starts_with('-')),
        None => None,
    };
    script.is_some_and(|script| script.starts_with("build") || script.starts_with("compile"))
}

/// A command made of some of another's words.
fn command_of_words(words: &[Word]) -> Command {
    Command { words: words.to_vec(), range: 0..0, separator: None, opaque: false }
}

/// Whether `word` is an option that gives a shell, `su` or `runuser` the script to run: `-c`, a
/// group such as `-lc`, or `--command`.
fn is_script_flag(word: &Word) -> bool {
    let text = word.text.as_str();
    text == "--command" || (text.starts_with('-') && !text.starts_with("--") && text.contains('c'))
}

/// The commands that `command` runs as another user or in a shell of its own: the `-c` script of
/// `sh`, `bash`, `su` or `runuser`, or what `runuser -u`, `sudo`, `doas`, `gosu` or `su-exec`
/// run. `None` when `command` is none of them.
fn inner_commands(command: &Command) -> Option<Vec<Command>> {
    let name = command.name()?;
    let words = &command.words[1..];
    if shell::SHELLS.contains(&name) || matches!(name, "su" | "runuser") {
        let script = words.iter().position(is_script_flag).and_then(|flag| words.get(flag + 1));
        if let Some(script) = script {
            return Some(shell::commands(&script.text));
        }
        if let Some(script) = words.iter().find_map(|w| w.text.strip_prefix("--command=")) {
            return Some(shell::commands(script));
        }
        if name != "runuser" {
            return Some(Vec::new());
        }
    }
    let rest = match name {
        "runuser" | "sudo" | "doas" => match words.iter().position(|w| w.text == "--") {
            Some(at) => &words[at + 1..],
            None => {
                // The options, some with a value (`-u app`), then the command.
                let mut at = 0;
                while let Some(option) = words.get(at).map(|w| w.text.as_str()) {
                    if !option.starts_with('-') {
                        break;
                    }
                    let valued = ["-u", "-g", "-G", "-s", "-w", "-h", "-p", "-C", "-D", "-U"];
                    at += if valued.contains(&option) { 2 } else { 1 };
                }
                words.get(at..).unwrap_or_default()
            }
        },
        // The user, then the command.
        "gosu" | "su-exec" => words.get(1..).unwrap_or_default(),
        // `npx` and `corepack` run the command after their options (or after `--`); init
        // processes such as `tini` are dropped with the shell's wrappers.
        "npx" | "corepack" => match words.iter().position(|w| w.text == "--") {
            Some(at) => &words[at + 1..],
            None => {
                let at = words.iter().position(|w| !w.text.starts_with('-'));
                at.map_or(&[][..], |at| &words[at..])
            }
        },
        // The options, the duration, then the command.
        "timeout" => {
            let at = words.iter().position(|w| !w.text.starts_with('-'));
            at.and_then(|at| words.get(at + 1..)).unwrap_or_default()
        }
        // The command after the options, some of which take a value.
        "xargs" => {
            let mut at = 0;
            while let Some(option) = words.get(at).map(|w| w.text.as_str()) {
                if !option.starts_with('-') {
                    break;
                }
                let valued = ["-n", "-I", "-P", "-L", "-d", "-s", "-E", "-a"];
                at += if valued.contains(&option) { 2 } else { 1 };
            }
            words.get(at..).unwrap_or_default()
        }
        // What each `-exec` runs, up to its `;` or `+`.
        "find" => {
            let commands = words
                .iter()
                .enumerate()
                .filter(|(_, w)| matches!(w.text.as_str(), "-exec" | "-execdir" | "-ok"))
                .map(|(at, _)| {
                    let rest = &words[at + 1..];
                    let end =
                        rest.iter().position(|w| matches!(w.text.as_str(), ";" | "\\;" | "+"));
                    command_of_words(&rest[..end.unwrap_or(rest.len())])
                })
                .collect();
            return Some(commands);
        }
        _ => return None,
    };
    Some(vec![command_of_words(rest)])
}

/// What in `command` may need build tools, described for a message: one of `tools` or another
/// compiler or build tool it runs, also as another user or in a shell of its own (where any
/// word naming one of `tools` counts), an installer that may compile native code, or text that
/// cannot be read.
fn needs_tools(command: &Command, tools: &[&str]) -> Option<String> {
    if command.opaque {
        return Some("a command that cannot be read".into());
    }
    let name = command.name()?;
    if BUILD_COMMANDS.contains(&name) || tools.contains(&name) {
        return Some(format!("`{name}`"));
    }
    // A compiler under its versioned or cross name: `gcc-12`, `x86_64-linux-gnu-gcc`.
    let unversioned = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let plain = unversioned.strip_suffix('-').unwrap_or(name);
    let compiler = ["gcc", "g++", "cc", "c++", "clang", "clang++"]
        .into_iter()
        .find(|c| plain == *c || plain.strip_suffix(c).is_some_and(|triple| triple.ends_with('-')));
    if let Some(compiler) = compiler {
        return Some(format!("`{name}` (`{compiler}`)"));
    }
    if let Some(inner) = inner_commands(command) {
        for inner in &inner {
            // A word that is a tool's name, or its path in a `bin` folder.
            let named = inner.words.iter().find_map(|w| {
                let (folder, base) = w.text.rsplit_once('/').unwrap_or(("bin", &w.text));
                (folder.ends_with("bin") && tools.contains(&base)).then_some(base)
            });
            if let Some(tool) = named {
                return Some(format!("`{tool}`"));
            }
            if let Some(what) = needs_tools(inner, tools) {
                return Some(what);
            }
        }
        return None;
    }
    if let Some(package) = PackageCommand::recognize(command.clone()) {
        let subcommand = package.subcommand_text();
        let builds = match package.manager {
            Manager::Pip => matches!(subcommand, Some("install" | "wheel")),
            Manager::Npm => matches!(subcommand, Some("install" | "i" | "ci" | "add" | "rebuild")),
            Manager::Yarn => matches!(subcommand, None | Some("install" | "add")),
            _ => false,
        };
        let tool = &package.words()[package.name].text;
        let said = match subcommand {
            Some(sub) => format!("`{tool} {sub}`"),
            None => format!("`{tool}`"),
        };
        return builds.then_some(said);
    }
    let words = &command.words;
    let subcommand = words.iter().skip(1).map(|w| w.text.as_str()).find(|w| !w.starts_with('-'));
    let builds = match name {
        "go" => {
            matches!(subcommand, Some("build" | "install" | "get" | "generate" | "test" | "run"))
        }
        "pnpm" => matches!(subcommand, Some("install" | "i" | "add")),
        "gem" => matches!(subcommand, Some("install" | "i")),
        "bundle" | "bundler" => matches!(subcommand, None | Some("install")),
        "pecl" => subcommand == Some("install"),
        "bun" => matches!(subcommand, Some("install" | "i" | "add")),
        // `uv run` syncs the project's environment before it runs the command.
        "uv" => matches!(subcommand, Some("pip" | "sync" | "add" | "tool" | "run")),
        "Rscript" | "R" => words.iter().any(|w| w.text.contains("install.packages")),
        "poetry" | "pdm" => matches!(subcommand, Some("install" | "sync" | "add")),
        "pipx" => matches!(subcommand, Some("install" | "inject")),
        "luarocks" => matches!(subcommand, Some("install" | "make" | "build")),
        "mix" => matches!(subcommand, Some("compile" | "deps.compile" | "deps.get" | "release")),
        _ if name.starts_with("python") => subcommand == Some("setup.py"),
        _ => false,
    };
    builds.then(|| match subcommand {
        Some(sub) => format!("`{name} {sub}`"),
        None => format!("`{name}`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs(script: &str) -> Option<String> {
        shell::commands(script).iter().find_map(|command| needs_tools(command, &[]))
    }

    #[test]
    fn compilers_and_native_installers_need_the_tools() {
        assert_eq!(needs("make -j4 install").as_deref(), Some("`make`"));
        assert_eq!(needs("cd /src && ./configure --prefix=/usr").as_deref(), Some("`configure`"));
        assert_eq!(needs("go build -o /app .").as_deref(), Some("`go build`"));
        assert_eq!(
            needs("pip3 install --no-cache-dir -r req.txt").as_deref(),
            Some("`pip3 install`")
        );
        assert_eq!(needs("python3 -m pip install x").as_deref(), Some("`pip install`"));
        assert_eq!(needs("npm --prefix /app ci").as_deref(), Some("`npm ci`"));
        assert_eq!(needs("yarn").as_deref(), Some("`yarn`"));
        assert_eq!(needs("bundle install --jobs 4").as_deref(), Some("`bundle install`"));
        assert_eq!(needs("sh -ec 'cd /x && cmake .'").as_deref(), Some("`cmake`"));
        assert_eq!(needs("echo 'unclosed").as_deref(), Some("a command that cannot be read"));
        for script in ["go version", "npm run start", "yarn build", "sh -c 'echo hi'", "gem list"] {
            assert_eq!(needs(script), None, "{script}");
        }
    }

    #[test]
    fn commands_behind_init_processes_xargs_and_find_are_read() {
        let tools = ["git", "gcc"];
        let needs_tool = |script: &str| {
            shell::commands(script).iter().find_map(|command| needs_tools(command, &tools))
        };
        assert_eq!(needs_tool("tini -- git daemon"), Some("`git`".into()));
        assert_eq!(needs_tool("dumb-init -v git daemon"), Some("`git`".into()));
        assert_eq!(needs_tool("echo x | xargs -n 1 make"), Some("`make`".into()));
        assert_eq!(needs_tool("find /app -name '*.c' -exec gcc -c {} \\;"), Some("`gcc`".into()));
        assert_eq!(needs_tool("find /app -name '*.pyc' -delete"), None);
        assert_eq!(needs_tool("npx node-pre-gyp install"), Some("`node-pre-gyp`".into()));
        assert_eq!(needs_tool("tini -- /app/server"), None);
        assert_eq!(needs_tool("timeout 10 gcc -v"), Some("`gcc`".into()));
        assert_eq!(needs_tool("catatonit -- make"), Some("`make`".into()));
        assert_eq!(needs("gcc-12 -v"), Some("`gcc-12` (`gcc`)".into()));
        assert_eq!(needs("x86_64-linux-gnu-gcc -v"), Some("`x86_64-linux-gnu-gcc` (`gcc`)".into()));
        assert_eq!(needs("corepack pnpm i"), Some("`pnpm i`".into()));
        assert_eq!(needs("bun install"), Some("`bun install`".into()));
        assert_eq!(needs("gccgo-version-check"), None);
        for installer in [
            "uv pip install x",
            "uv sync --frozen",
            "poetry install",
            "pdm install",
            "pipx install x",
            "gem i nokogiri",
            "bundle",
            "luarocks install lpeg",
            "install2.r data.table",
            "Rscript -e 'install.packages(\"data.table\")'",
            "uv run app.py",
            "docker-php-ext-configure gd",
        ] {
            assert!(needs(installer).is_some(), "{installer}");
        }
        assert_eq!(needs("poetry --version"), None);
        assert_eq!(needs("gem list"), None);
    }

    #[test]
    fn commands_run_as_another_user_or_in_a_shell_are_read() {
        let needs_with = |script: &str, tools: &[&str]| {
            shell::commands(script).iter().find_map(|command| needs_tools(command, tools))
        };
        let git = ["git"];
        assert_eq!(
            needs_with("runuser -u app -- git config --global x y", &git).as_deref(),
            Some("`git`")
        );
        assert_eq!(needs("su app -c 'make -C /src'").as_deref(), Some("`make`"));
        assert_eq!(needs("sudo -u app make install").as_deref(), Some("`make`"));
        assert_eq!(needs("doas -u app cmake .").as_deref(), Some("`cmake`"));
        assert_eq!(
            needs("sh -c \"git clone https://example.com/x.git\"").as_deref(),
            Some("`git`")
        );
        assert_eq!(needs("bash -lc 'cd /x && cmake .'").as_deref(), Some("`cmake`"));
        assert_eq!(needs("gosu app make").as_deref(), Some("`make`"));
        // Inside, any word naming a tool counts, not only the command's name.
        assert_eq!(
            needs_with("su app -c 'test -x /usr/bin/libtool'", &["libtool"]).as_deref(),
            Some("`libtool`")
        );
        assert_eq!(needs_with("su-exec app ls /usr/share/git", &git), None);
        assert_eq!(
            needs_with("su-exec app /usr/bin/git --version", &git).as_deref(),
            Some("`git`")
        );
        assert_eq!(needs_with("runuser -u app -- ls", &git), None);
        assert_eq!(needs_with("su app -c 'echo hi'", &git), None);
        assert_eq!(needs_with("su - app", &git), None);
        // Outside such a command, only what is run counts.
        assert_eq!(needs_with("ls /usr/lib/git", &git), None);
    }

    #[test]
    fn build_scripts_are_told_from_other_scripts() {
        let builds = |script: &str| shell::commands(script).iter().any(builds_at_start);
        assert!(builds("npm run build"));
        assert!(builds("npm run-script build:prod"));
        assert!(builds("yarn build"));
        assert!(builds("pnpm --filter web run compile"));
        assert!(!builds("npm run start"));
        assert!(!builds("npm build"));
        assert!(!builds("yarn start"));
        assert!(!builds("node build.js"));
    }

    #[test]
    fn the_apt_mark_auto_pattern_removes_what_was_installed() {
        let removed = |script: &str| {
            let commands = shell::commands(script);
            let later: Vec<&Command> = commands.iter().collect();
            auto_removed(Installer::Apt, &later)
        };
        assert!(removed(
            "apt-mark auto '.*' > /dev/null; apt-mark manual $saved; \
             apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false"
        ));
        assert!(removed("apt-mark auto '.*'; apt-get autoremove -y"));
        assert!(removed(
            "apt-mark showmanual | xargs apt-mark auto > /dev/null; apt-get purge -y --auto-remove"
        ));
        assert!(!removed("apt-get purge -y --auto-remove gcc"));
        assert!(!removed("apt-get autoremove -y; apt-mark auto '.*'"));
        assert!(!removed("apt-mark auto '.*'; apt-get purge -y gcc"));
    }

    #[test]
    fn housekeeping_is_told_from_work() {
        let all = |script: &str| shell::commands(script).iter().all(is_housekeeping);
        assert!(all("set -eux; apt-get update && rm -rf /var/lib/apt/lists/* /var/cache/apt/*"));
        assert!(all("dnf clean all; microdnf makecache; zypper -n clean -a; apk update"));
        assert!(!all("apt-get update && rm -rf /var/lib/apt/lists/* /app"));
        assert!(!all("apk upgrade --no-cache"));
        assert!(!all("echo ready"));
        assert!(!all("apt-get update && apt-get dist-upgrade -y"));
    }

    #[test]
    fn releases_are_the_same_image_and_tag_but_for_slim_variants() {
        let image = |text: &str| {
            let (name, tag) = text.split_once(':').unwrap();
            ImageParts { name: name.into(), tag: Some(tag.into()), ..ImageParts::default() }
        };
        let same = |a: &str, b: &str| same_release(&image(a), &image(b));
        assert!(same("debian:12", "debian:12-slim"));
        assert!(same("python:3.12-bookworm", "python:3.12-slim-bookworm"));
        assert!(!same("python:3.12-slim-bookworm", "python:3.12-slim-bullseye"));
        assert!(!same("debian:12", "debian:bookworm"));
        assert!(!same("alpine:3.21", "alpine:3.18"));
        assert!(!same("debian:12", "ubuntu:12"));
    }

    #[test]
    fn package_names_drop_versions_and_releases() {
        let word = |text: &str| Word { range: 0..0, text: text.into(), quoted: false };
        let name = |installer, text| package_name(installer, &word(text)).map(str::to_string);
        assert_eq!(name(Installer::Apk, "gcc=13.2.1-r0").as_deref(), Some("gcc"));
        assert_eq!(name(Installer::Apk, "musl-dev>1.2").as_deref(), Some("musl-dev"));
        assert_eq!(name(Installer::Apt, "git=1:2.39.5-0+deb12u1").as_deref(), Some("git"));
        assert_eq!(name(Installer::Apt, "make/bookworm-backports").as_deref(), Some("make"));
        assert_eq!(name(Installer::Apt, "libc6-dev:amd64").as_deref(), Some("libc6-dev"));
        assert_eq!(name(Installer::Rpm, "gcc").as_deref(), Some("gcc"));
        assert_eq!(name(Installer::Rpm, "./local/gcc.rpm"), None);
        assert_eq!(name(Installer::Zypper, "https://example.com/x"), None);
        assert_eq!(name(Installer::Apk, "$PACKAGES"), None);
        assert_eq!(name(Installer::Apt, "./pkg.deb"), None);
    }
}
