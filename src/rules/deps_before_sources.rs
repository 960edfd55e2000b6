//! `COPY . <dest>` before the `RUN` that fetches the dependencies, so that any change to the
//! sources fetches them again.

mod dockerignore;
mod installers;
mod manifests;

use rowan::{TextRange, TextSize};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{Base, Stage};
use crate::shell::{self, SeparatorKind};
use crate::syntax::SyntaxKind::*;
use crate::syntax::SyntaxNode;
use crate::syntax::ast::{Instruction, LogicalText};

use super::Context;
use dockerignore::DockerIgnore;
use installers::{Ecosystem, Fetch, Role};
use manifests::{Entry, Lookup};

pub(crate) const NAME: &str = "deps-before-sources";

pub(crate) const DOC: &str = r#"## What it does
Finds a `COPY . <dest>` (or `ADD .`) that comes before the `RUN` fetching the project's
dependencies, and splits it: the manifests the installer reads are copied first, then the
install runs, then the rest of the sources are copied. It knows `npm ci`/`npm install`,
`yarn`, `pnpm install`/`pnpm fetch`, `pip install -r` (and `uv pip install -r`),
`poetry install --no-root`, `uv sync --no-install-project`, `pipenv install`/`sync`,
`go mod download`, `cargo fetch`, `bundle install`, `composer install`, `mix deps.get` and
`mvn dependency:go-offline` (or `./mvnw`). Manifests that an earlier `COPY` already brings
to the same place are not copied again; when it brings them all, the `COPY .` only moves, with
the comment lines above it. A build that fetches on the way (`cargo build`, `go build`,
`mvn package`, `gradle build`, `poetry install` without `--no-root`, `pip install .`) is
reported without a fix, unless the stage fetched that ecosystem's dependencies earlier.

## Why
Each instruction is a cached layer, rebuilt when what it copies changes or a layer before it
was rebuilt. With all the sources copied first, editing any file reruns the install and
downloads every dependency again. Copied on their own, the manifests change only when the
dependencies do, and the install layer stays cached while the code changes.

## Example
With this build context:
```context
go.mod
go.sum
main.go
```
```dockerfile
FROM golang:1.23
WORKDIR /src
COPY . .
RUN go mod download
RUN go build -o /bin/app .
```
becomes
```dockerfile
FROM golang:1.23
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /bin/app .
```

## Fix safety
Unsafe: the install now runs without the sources, and what it does may depend on them in ways
the rule cannot see. The fix is offered only when it can tell the install reads nothing else:
the manifests are in the build context (the configured one, else the Dockerfile's folder) and
sent by `.dockerignore`; the `RUN` holds nothing but the fetch, `cd`, system package managers
and cleanups; no install script (`postinstall`, `prepare`, Composer hooks without
`--no-scripts`), `binding.gyp`, workspace, umbrella or path dependency (`file:`, `path =`,
`replace => ../`, `-e .`) is in the manifests; the installer runs in the folder the sources are
copied to; and nothing between the `COPY` and the `RUN` (another `COPY`, a `RUN` that may read
the sources, a `WORKDIR` that moves a relative destination, a `VOLUME`) depends on the order.
When a folder the install writes (`node_modules`, `vendor`, `deps`, `.venv`) is in the build
context and not ignored, the copy after the install would lay it over what the install wrote,
so there is no fix either. The `COPY` keeps its flags; files in subfolders (`requirements/`)
and folders (`.yarn`, `.mvn`, `.cargo`) get a `COPY` line each. When a copy of all the sources
to the same folder (with the same `--exclude`s) already follows the install, the first one
becomes the manifests' copy and is not written a third time.
A command that fails without its lock file (`npm ci`, `yarn --frozen-lockfile`,
`pnpm install --frozen-lockfile`) when the build context does not send one is reported without
a fix: the build is broken before the change as after it.

## Known problems
Manifests are read as far as this rule follows them: a `package.json` script or `mix.exs` code
may read files in ways it does not recognize, and `cargo fetch` is fixed only when
`Cargo.toml` names the file of every target, as Cargo refuses a manifest whose `src/main.rs` or
`src/lib.rs` is missing. `go.mod` files of nested modules, Gradle (which has no step that only
fetches) and `dotnet restore` are not handled, nor is an install in a stage built on the one
that copies the sources. Environment variables that move an installer
(`BUNDLE_GEMFILE`, `PIPENV_PIPFILE`, `COMPOSER`) and variables in paths are not followed; a
variable that starts a path is taken to be absolute and the same wherever it is used. A build
run with a context that is not configured looks at the wrong folder, and text read from
standard input is reported without a fix.
"#;

/// A folder in the image, as far as the Dockerfile tells: from the root, or from the working
/// folder the base image starts in, which the file does not show.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Folder {
    from_root: bool,
    names: Vec<String>,
}

impl Folder {
    /// `path` taken from this folder; `None` when it cannot be followed (quotes, escapes, `~`,
    /// wildcards, or `..` above an unknown folder). A path that starts with a variable is
    /// taken to be absolute.
    fn join(&self, path: &str) -> Option<Folder> {
        let odd = |c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '\\' | '`' | '~' | '*' | '?' | '[')
        };
        if path.is_empty() || path.chars().any(odd) {
            return None;
        }
        let mut folder = if path.starts_with(['/', '$']) {
            Folder { from_root: true, names: Vec::new() }
        } else {
            self.clone()
        };
        for name in path.split('/') {
            match name {
                "" | "." => {}
                ".." => {
                    if folder.names.pop().is_none() && !folder.from_root {
                        return None;
                    }
                }
                _ => folder.names.push(name.to_string()),
            }
        }
        Some(folder)
    }

    /// Where `inner` is inside this folder, as a relative path (empty for the folder itself).
    fn relative(&self, inner: &Folder) -> Option<String> {
        let inside = self.from_root == inner.from_root && inner.names.starts_with(&self.names);
        inside.then(|| inner.names[self.names.len()..].join("/"))
    }

    /// The folder's path, when it is known from the root.
    fn absolute(&self) -> Option<String> {
        let path = self.names.join("/");
        match self.names.first() {
            _ if !self.from_root => None,
            Some(first) if first.starts_with('$') => Some(path),
            _ => Some(format!("/{path}")),
        }
    }
}

/// The working folder at `offset` in stage `index`: where the stages it is built on start,
/// moved by each `WORKDIR` of theirs and of its own before `offset`. `None` when a `WORKDIR`
/// cannot be followed.
fn workdir_at(ctx: &Context<'_>, index: usize, offset: TextSize) -> Option<Folder> {
    let semantics = &ctx.semantics;
    let mut chain = semantics.ancestors(index);
    chain.reverse();
    chain.push(index);
    let from_root = semantics.stages[chain[0]].base == Base::Scratch;
    let mut folder = Folder { from_root, names: Vec::new() };
    for i in chain {
        let instructions = semantics.stages[i].instructions.iter();
        for instruction in instructions.take_while(|ins| ins.syntax().text_range().start() < offset)
        {
            if instruction.kind() == WORKDIR_INSTR {
                let text = instruction.syntax().children().find(|n| n.kind() == TEXT)?;
                folder = folder.join(LogicalText::of(&text).text.trim())?;
            }
        }
    }
    Some(folder)
}

/// A `COPY .` or `ADD .` of the whole build context.
struct WholeCopy {
    instruction: Instruction,
    /// As a reader would write it: `COPY . /app`.
    shown: String,
    /// The source and destination arguments; `None` in exec form.
    arguments: Option<(SyntaxNode, SyntaxNode)>,
    dest: String,
}

fn whole_copy(instruction: &Instruction) -> Option<WholeCopy> {
    if !matches!(instruction.kind(), COPY_INSTR | ADD_INSTR) || instruction.flag("from").is_some() {
        return None;
    }
    let keyword = instruction.keyword_token()?.text().to_string();
    let whole = |source: &str| source == "." || source == "./";
    if let Some(exec) = instruction.exec_form() {
        let [source, dest] = &exec.strings()[..] else { return None };
        return whole(source).then(|| WholeCopy {
            instruction: instruction.clone(),
            shown: format!("{keyword} {source} {dest}"),
            arguments: None,
            dest: dest.clone(),
        });
    }
    let arguments: Vec<SyntaxNode> =
        instruction.syntax().children().filter(|n| n.kind() == ARGUMENT).collect();
    let [source, dest] = &arguments[..] else { return None };
    let heredoc = |n: &SyntaxNode| n.children_with_tokens().any(|e| e.kind() == HEREDOC_MARKER);
    let source_text = LogicalText::of(source).text;
    if heredoc(source) || heredoc(dest) || !whole(&source_text) {
        return None;
    }
    let dest_text = LogicalText::of(dest).text;
    Some(WholeCopy {
        instruction: instruction.clone(),
        shown: format!("{keyword} {source_text} {dest_text}"),
        arguments: Some((source.clone(), dest.clone())),
        dest: dest_text,
    })
}

/// One command of a `RUN`: what it does, its text, and the folder it runs in if known.
struct Step {
    role: Role,
    text: String,
    cwd: Option<Folder>,
}

impl Step {
    /// The command as a message quotes it: blanks joined, cut after a few words.
    fn short(&self) -> String {
        let words: Vec<&str> = self.text.split_whitespace().collect();
        match words.len() {
            0..=6 => words.join(" "),
            _ => format!("{} ...", words[..5].join(" ")),
        }
    }
}

/// The commands of a `RUN`, starting in `start`; `None` when the `RUN` cannot be read (exec
/// form, a shell other than a POSIX one, or text the shell reader cannot follow).
fn read_run(ctx: &Context<'_>, run: &Instruction, start: Option<Folder>) -> Option<Vec<Step>> {
    let scripts = ctx.run_scripts(run);
    if scripts.is_empty() {
        return None;
    }
    let project = start.as_ref().and_then(Folder::absolute);
    let mut steps = Vec::new();
    for script in scripts {
        let commands = shell::commands(&script.text);
        if commands.iter().any(|c| c.opaque) {
            return None;
        }
        // A `cd` inside parentheses is undone at the closing one, which is not followed here.
        let subshells = commands
            .iter()
            .any(|c| c.separator.as_ref().is_some_and(|s| s.kind == SeparatorKind::Paren));
        let mut cwd = start.clone();
        for command in commands {
            let role = installers::role(&command, project.as_deref());
            if let Role::ChangeDir(dir) = &role {
                cwd = match (subshells, dir, &cwd) {
                    (false, Some(dir), Some(current)) => current.join(dir),
                    _ => None,
                };
            }
            let text = script.text[command.range.clone()].to_string();
            steps.push(Step { role, text, cwd: cwd.clone() });
        }
    }
    Some(steps)
}

/// The ecosystems whose dependencies a `RUN` fetches, or builds with, before `n` in `stage`
/// or anywhere in the stages it is built on.
fn fetched_before(ctx: &Context<'_>, stage: &Stage, n: usize) -> Vec<Ecosystem> {
    let ancestors = ctx.semantics.ancestors(stage.index);
    let earlier = ancestors
        .iter()
        .flat_map(|&i| ctx.semantics.stages[i].instructions.iter())
        .chain(&stage.instructions[..n]);
    let runs = earlier.filter(|ins| ins.kind() == RUN_INSTR);
    let steps = runs.filter_map(|run| read_run(ctx, run, None)).flatten();
    steps.filter_map(|step| step.role.ecosystem()).collect()
}

fn what(role: &Role) -> Option<&str> {
    match role {
        Role::Fetch(fetch) => Some(&fetch.what),
        Role::Build(build) => Some(&build.what),
        _ => None,
    }
}

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantics.stages {
        for (n, instruction) in stage.instructions.iter().enumerate() {
            if let Some(copy) = whole_copy(instruction) {
                diagnostics.extend(finding(ctx, stage, n, &copy));
            }
        }
    }
}

fn finding(ctx: &Context<'_>, stage: &Stage, n: usize, copy: &WholeCopy) -> Option<Diagnostic> {
    // The first `RUN` after the copy that fetches dependencies or builds with them.
    let mut between = Vec::new();
    let mut found = None;
    for instruction in &stage.instructions[n + 1..] {
        if whole_copy(instruction).is_some() {
            return None;
        }
        if instruction.kind() == RUN_INSTR {
            let start = instruction.syntax().text_range().start();
            let cwd = workdir_at(ctx, stage.index, start);
            let steps = read_run(ctx, instruction, cwd).unwrap_or_default();
            if steps.iter().any(|s| s.role.ecosystem().is_some()) {
                found = Some((instruction, steps));
                break;
            }
        }
        between.push(instruction);
    }
    let (run, steps) = found?;

    // Dependencies fetched before the copy show the practice followed: what comes after is
    // the build.
    let before = fetched_before(ctx, stage, n);
    let main = steps.iter().find(|s| s.role.ecosystem().is_some_and(|e| !before.contains(&e)))?;
    let what = what(&main.role)?;

    let context = ctx.build_context();
    let mut ignore = context.map(|context| DockerIgnore::of(context, ctx.path)).unwrap_or_default();
    for pattern in copy.instruction.flags().filter(|f| f.name() == "exclude") {
        ignore.exclude(&pattern.value().unwrap_or_default());
    }
    let look = context.map(|context| Lookup { context, ignore: &ignore });

    // A build fetches only when the project has dependencies, which its manifests show.
    let plain_build = |s: &Step| match &s.role {
        Role::Build(build) => build.plain_build,
        Role::Fetch(_) => false,
        _ => true,
    };
    if steps.iter().all(plain_build) {
        let shown = look.as_ref().is_some_and(|look| {
            steps.iter().any(|s| match &s.role {
                Role::Build(build) => manifests::has_dependencies(build, look),
                _ => false,
            })
        });
        if !shown {
            return None;
        }
    }

    let plan = plan(ctx, stage, copy, &between, run, &steps, look.as_ref());
    let builds = matches!(&main.role, Role::Build(build) if build.plain_build);
    let mut message = format!("`{}` comes before `{what}`", copy.shown);
    message.push_str(if builds {
        ", which fetches the dependencies, so any change to the sources fetches them again; \
         fetch them in a `RUN` of their own with only the manifests copied"
    } else {
        ", so any change to the sources fetches the dependencies again; "
    });
    let fix = match plan {
        Ok((edits, entries)) => {
            if entries.is_empty() {
                message.push_str("the manifests are copied before it: move it after the install");
            } else {
                let first = listed(&entries);
                message.push_str(&format!("copy {first} first and the sources after the install"));
            }
            Some(Fix { edits, applicability: Applicability::Unsafe })
        }
        Err(reason) => {
            if !builds {
                message.push_str("copy the manifests first and the sources after the install");
            }
            message.push_str(&format!(" (no fix: {reason})"));
            None
        }
    };
    Some(Diagnostic { rule: NAME, message, range: copy.instruction.syntax().text_range(), fix })
}

/// `a`, `a` and `b`, `a`, `b` and `c`: each in backticks, folders with a trailing `/`.
fn listed(entries: &[Entry]) -> String {
    let names: Vec<String> = entries
        .iter()
        .map(|e| if e.folder { format!("`{}/`", e.path) } else { format!("`{}`", e.path) })
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// Flags the manifests' `COPY` takes over from the `COPY` of the sources.
const KEPT_FLAGS: &[&str] = &["chown", "chmod", "link", "exclude"];

/// The edits that split the copy, with the entries copied first; or why there are none.
fn plan(
    ctx: &Context<'_>,
    stage: &Stage,
    copy: &WholeCopy,
    between: &[&Instruction],
    run: &Instruction,
    steps: &[Step],
    look: Option<&Lookup<'_>>,
) -> Result<(Vec<Edit>, Vec<Entry>), String> {
    // The `RUN` only fetches.
    for step in steps {
        match &step.role {
            Role::Build(build) => return Err(build.reason.clone()),
            Role::Other => {
                return Err(format!("`{}` in the same `RUN` may read the sources", step.short()));
            }
            _ => {}
        }
    }

    // The copy can be written again with other sources.
    let Some((source, dest)) = &copy.arguments else {
        return Err("the `COPY` is in exec form".into());
    };
    let flags = copy.instruction.flags().map(|f| f.name());
    if let Some(flag) = flags.into_iter().find(|name| !KEPT_FLAGS.contains(&name.as_str())) {
        return Err(format!("`--{flag}` is not a flag the manifests' copy can take"));
    }

    // Nothing in between depends on the order of the copy and the install.
    for instruction in between {
        let keyword = instruction.keyword_token().map(|k| k.text().to_string()).unwrap_or_default();
        match instruction.kind() {
            VOLUME_INSTR => return Err(format!("a `{keyword}` comes between them")),
            // A variable's value may have changed since it last named a folder.
            WORKDIR_INSTR if instruction.syntax().text().contains_char('$') => {
                return Err(format!("a `{keyword}` between them names a variable"));
            }
            COPY_INSTR | ADD_INSTR => {
                return Err(format!("a `{keyword}` between them may copy to the same files"));
            }
            ENV_INSTR | ARG_INSTR
                if copy.shown.contains('$')
                    || copy.instruction.flags().any(|f| f.text().contains('$')) =>
            {
                return Err(format!(
                    "an `{keyword}` between them may change what `{}` means",
                    copy.shown
                ));
            }
            RUN_INSTR => {
                let steps = read_run(ctx, instruction, None)
                    .ok_or_else(|| format!("a `{keyword}` between them cannot be read"))?;
                let reads =
                    steps.iter().find(|s| !matches!(s.role, Role::Neutral | Role::ChangeDir(_)));
                if let Some(step) = reads {
                    return Err(format!(
                        "`{}` in a `RUN` between them may read the sources",
                        step.short()
                    ));
                }
            }
            _ => {}
        }
    }

    // The install runs where the sources are copied to, and they still go there afterwards.
    let copy_start = copy.instruction.syntax().text_range().start();
    let run_start = run.syntax().text_range().start();
    let unknown = || "a `WORKDIR` cannot be followed".to_string();
    let copy_dir = workdir_at(ctx, stage.index, copy_start).ok_or_else(unknown)?;
    let run_dir = workdir_at(ctx, stage.index, run_start).ok_or_else(unknown)?;
    let dest_dir = copy_dir
        .join(&copy.dest)
        .ok_or_else(|| format!("the destination `{}` cannot be followed", copy.dest))?;
    if run_dir.join(&copy.dest).as_ref() != Some(&dest_dir) {
        return Err(format!("a `WORKDIR` between them changes where `{}` copies to", copy.shown));
    }
    let fetches: Vec<(&Fetch, &Option<Folder>)> = steps
        .iter()
        .filter_map(|s| match &s.role {
            Role::Fetch(fetch) => Some((fetch, &s.cwd)),
            _ => None,
        })
        .collect();
    for (fetch, cwd) in &fetches {
        if let Some(problem) = &fetch.problem {
            return Err(problem.clone());
        }
        if cwd.as_ref() != Some(&dest_dir) {
            return Err(format!(
                "`{}` runs in another folder than the one the sources are copied to",
                fetch.what
            ));
        }
    }

    // The manifests are in the build context.
    let look = look.ok_or("there is no build context to look for the manifests in")?;
    let mut entries: Vec<Entry> = Vec::new();
    for (fetch, _) in fetches {
        let named = named_files(fetch, &dest_dir)?;
        for entry in manifests::manifests(fetch, &named, look)? {
            if !entries.contains(&entry) {
                entries.push(entry);
            }
        }
    }

    // What earlier copies bring to where the install reads it needs no copy of its own.
    let earlier = stage.instructions.iter().take_while(|ins| *ins != &copy.instruction);
    let copied = copied_files(ctx, stage.index, earlier);
    entries.retain(|entry| !copied.iter().any(|c| c.brings(entry, &dest_dir)));
    // A copy of all the sources to the same folder right after the install already brings
    // them back (its ownership and modes are the last word either way); one that leaves files
    // out with `--exclude` does not, unless this one does the same.
    let after = stage.instructions.iter().skip_while(|ins| *ins != run).nth(1);
    let again = after.and_then(whole_copy).is_some_and(|next| {
        let excludes = |copy: &Instruction| {
            let flags = copy.flags().filter(|f| f.name() == "exclude");
            flags.map(|f| f.value().unwrap_or_default()).collect::<Vec<_>>()
        };
        let next_start = next.instruction.syntax().text_range().start();
        let next_dir =
            workdir_at(ctx, stage.index, next_start).and_then(|dir| dir.join(&next.dest));
        next_dir.as_ref() == Some(&dest_dir)
            && next.instruction.kind() == copy.instruction.kind()
            && excludes(&next.instruction) == excludes(&copy.instruction)
    });
    let mut edits = match entries.is_empty() {
        true => moved(ctx.source, copy, run),
        false => split(ctx.source, copy, source, dest, run, &entries),
    };
    if again {
        // The last edit puts the copy after the install.
        edits.pop();
    }
    Ok((edits, entries))
}

/// A `COPY` from the build context: the paths it names and where they go.
struct Copied {
    sources: Vec<String>,
    /// The destination, from the folder the `COPY` runs in.
    target: Folder,
    /// Whether the destination is a folder the sources go into, rather than a file's name.
    into_folder: bool,
}

impl Copied {
    /// Whether this copy puts `entry` where the project in `project` has it.
    fn brings(&self, entry: &Entry, project: &Folder) -> bool {
        let Some(wanted) = project.join(&entry.path) else { return false };
        self.sources.iter().any(|source| {
            if !dockerignore::source_matches(source, &entry.path) {
                return false;
            }
            // A folder's contents go into the destination; a file goes into it by its name.
            let name = entry.path.rsplit('/').next().unwrap_or(&entry.path);
            let landed = match (entry.folder, self.into_folder) {
                (true, _) | (false, false) => Some(self.target.clone()),
                (false, true) => self.target.join(name),
            };
            landed.as_ref() == Some(&wanted)
        })
    }
}

/// The copies from the build context among `instructions` of stage `index`.
fn copied_files<'a>(
    ctx: &Context<'_>,
    index: usize,
    instructions: impl Iterator<Item = &'a Instruction>,
) -> Vec<Copied> {
    let mut res = Vec::new();
    for instruction in instructions {
        if !matches!(instruction.kind(), COPY_INSTR | ADD_INSTR)
            || instruction.flag("from").is_some()
        {
            continue;
        }
        let arguments: Vec<String> = instruction
            .syntax()
            .children()
            .filter(|n| n.kind() == ARGUMENT)
            .map(|n| LogicalText::of(&n).text)
            .collect();
        let Some((dest, sources)) = arguments.split_last() else { continue };
        let start = instruction.syntax().text_range().start();
        let target = workdir_at(ctx, index, start).and_then(|dir| dir.join(dest));
        let Some(target) = target else { continue };
        let wildcards = sources.iter().any(|s| s.contains(['*', '?', '[']));
        let into_folder = sources.len() > 1
            || wildcards
            || dest.ends_with('/')
            || matches!(dest.rsplit('/').next(), Some("." | ".."));
        res.push(Copied { sources: sources.to_vec(), target, into_folder });
    }
    res
}

/// The edits when the manifests are copied already: the copy of the sources goes, whole
/// lines and the comment lines right above it, to after the `RUN`.
fn moved(text: &str, copy: &WholeCopy, run: &Instruction) -> Vec<Edit> {
    let range = copy.instruction.syntax().text_range();
    let (start, end) = (usize::from(range.start()), usize::from(range.end()));
    let mut line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    while line_start > 0 {
        let above = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        if !text[above..line_start].trim_start().starts_with('#') {
            break;
        }
        line_start = above;
    }
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let newline = if text[..line_end].ends_with("\r\n") { "\r\n" } else { "\n" };
    let lines = TextRange::new(TextSize::from(line_start as u32), TextSize::from(line_end as u32));
    let moved = format!("{newline}{}", &text[line_start..end]);
    vec![Edit::delete(lines), Edit::insert(run.syntax().text_range().end(), moved)]
}

/// The files a fetch names, relative to the build context; Maven's settings outside the
/// project are left out, as the sources never held them.
fn named_files(fetch: &Fetch, project: &Folder) -> Result<Vec<String>, String> {
    let mut res = Vec::new();
    for name in &fetch.named {
        if name.chars().any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '\\' | '`')) {
            return Err(format!("`{name}` cannot be named in a `COPY` as it is written"));
        }
        let inside = project.join(name).and_then(|file| project.relative(&file));
        match inside {
            Some(path) if !path.is_empty() => res.push(path),
            _ if fetch.ecosystem == Ecosystem::Maven => {}
            _ => return Err(format!("`{name}` is not in the folder the sources are copied to")),
        }
    }
    Ok(res)
}

/// The edits: the copy's source and destination become the manifests (one line per folder
/// they are in, and one per folder copied whole), and the copy as it was goes after the `RUN`.
fn split(
    text: &str,
    copy: &WholeCopy,
    source: &SyntaxNode,
    dest: &SyntaxNode,
    run: &Instruction,
    entries: &[Entry],
) -> Vec<Edit> {
    let range = copy.instruction.syntax().text_range();
    let start = usize::from(range.start());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = Some(&text[line_start..start]).filter(|s| s.trim().is_empty()).unwrap_or("");
    let after = &text[usize::from(range.end())..];
    let newline =
        if after.split('\n').next().is_some_and(|l| l.ends_with('\r')) { "\r\n" } else { "\n" };
    // The keyword and flags, with the layout they have.
    let prefix = &text[start..usize::from(source.text_range().start())];

    // Files go with the others of their folder, root files first; a folder goes alone.
    let mut lines: Vec<(&str, Vec<&str>, bool)> = Vec::new();
    for entry in entries {
        let folder = if entry.folder {
            entry.path.as_str()
        } else {
            entry.path.rsplit_once('/').map_or("", |(folder, _)| folder)
        };
        match lines.iter_mut().find(|(f, _, whole)| *f == folder && !whole && !entry.folder) {
            Some((_, sources, _)) => sources.push(&entry.path),
            None => lines.push((folder, vec![&entry.path], entry.folder)),
        }
    }
    lines.sort_by_key(|(folder, _, _)| !folder.is_empty());
    let target = |folder: &str| {
        let base = copy.dest.trim_end_matches('/');
        match (base, folder) {
            ("", "") => "/".to_string(),
            (".", "") => "./".to_string(),
            (".", folder) => format!("{folder}/"),
            (base, "") => format!("{base}/"),
            (base, folder) => format!("{base}/{folder}/"),
        }
    };

    let (first_folder, first_sources, _) = &lines[0];
    let mut dest_text = target(first_folder);
    for (folder, sources, _) in &lines[1..] {
        dest_text.push_str(&format!(
            "{newline}{indent}{prefix}{} {}",
            sources.join(" "),
            target(folder)
        ));
    }
    let moved = format!("{newline}{indent}{}", &text[range]);
    vec![
        Edit::replace(source.text_range(), first_sources.join(" ")),
        Edit::replace(dest.text_range(), dest_text),
        Edit::insert(run.syntax().text_range().end(), moved),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(from_root: bool, names: &[&str]) -> Folder {
        Folder { from_root, names: names.iter().map(|n| n.to_string()).collect() }
    }

    #[test]
    fn folders_follow_paths_from_where_they_are() {
        let image = folder(false, &[]);
        assert_eq!(image.join("."), Some(image.clone()));
        assert_eq!(image.join("./src/../app/"), Some(folder(false, &["app"])));
        assert_eq!(image.join("/srv/app"), Some(folder(true, &["srv", "app"])));
        assert_eq!(image.join("$APP_HOME/web"), Some(folder(true, &["$APP_HOME", "web"])));
        assert_eq!(image.join(".."), None);
        assert_eq!(folder(true, &[]).join("../x"), Some(folder(true, &["x"])));
        assert_eq!(image.join("\"/app\""), None);
        assert_eq!(image.join("~/app"), None);

        let app = folder(true, &["app"]);
        assert_eq!(
            app.relative(&folder(true, &["app", "req", "a.txt"])).as_deref(),
            Some("req/a.txt")
        );
        assert_eq!(app.relative(&folder(true, &["srv"])), None);
        assert_eq!(app.relative(&folder(false, &["app"])), None);
        assert_eq!(app.absolute().as_deref(), Some("/app"));
        assert_eq!(folder(true, &["$HOME", "x"]).absolute().as_deref(), Some("$HOME/x"));
        assert_eq!(image.absolute(), None);
    }

    #[test]
    fn the_working_folder_follows_workdirs_through_parent_stages() {
        let text = "FROM alpine AS base\nWORKDIR /srv\nWORKDIR app\nFROM base\nRUN a\n\
                    WORKDIR ../web\nRUN b\nFROM scratch\nRUN c\nFROM alpine\nRUN d\n\
                    WORKDIR \"/x y\"\nRUN e\n";
        let parse = crate::syntax::parse(text);
        let ctx = Context {
            source: text,
            path: None,
            parse: &parse,
            semantics: crate::semantics::Semantics::new(&parse),
            options: &crate::config::RuleOptions::default(),
            context: None,
            target: None,
            shell: Default::default(),
            not_posix: Default::default(),
        };
        let at = |stage: usize, needle: &str| {
            workdir_at(&ctx, stage, TextSize::from(text.find(needle).unwrap() as u32))
        };
        assert_eq!(at(1, "RUN a"), Some(folder(true, &["srv", "app"])));
        assert_eq!(at(1, "RUN b"), Some(folder(true, &["srv", "web"])));
        assert_eq!(at(2, "RUN c"), Some(folder(true, &[])));
        assert_eq!(at(3, "RUN d"), Some(folder(false, &[])));
        assert_eq!(at(3, "RUN e"), None);
    }

    #[test]
    fn entries_are_listed_for_a_reader() {
        let entry = |path: &str, folder: bool| Entry { path: path.into(), folder };
        assert_eq!(listed(&[entry("go.mod", false)]), "`go.mod`");
        assert_eq!(listed(&[entry("a", false), entry("b", false)]), "`a` and `b`");
        assert_eq!(
            listed(&[
                entry("package.json", false),
                entry("yarn.lock", false),
                entry(".yarn", true)
            ]),
            "`package.json`, `yarn.lock` and `.yarn/`"
        );
    }

    /// The fixed text of `dockerfile`, checked as the file `at` of a folder holding `files`;
    /// with `configured`, the folder is its build context rather than the file's own folder.
    fn fixed_in(files: &[(&str, &str)], dockerfile: &str, at: &str, configured: bool) -> String {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let settings = crate::fix::Settings {
            unsafe_fixes: true,
            select: Some(vec![NAME.to_string()]),
            context: configured.then(|| dir.path().to_path_buf()),
            ..Default::default()
        };
        crate::fix::fix_at(dockerfile, Some(&dir.path().join(at)), &settings).text
    }

    #[test]
    fn new_lines_take_the_line_ending_and_indentation_of_the_copy() {
        let files = [("requirements.txt", "-r reqs/base.txt\n"), ("reqs/base.txt", "flask\n")];
        let crlf = "FROM python:3.12\r\nWORKDIR /app\r\n  COPY --chown=app . .\r\n\
                    RUN pip install -r requirements.txt\r\nCMD [\"flask\"]\r\n";
        assert_eq!(
            fixed_in(&files, crlf, "Dockerfile", false),
            "FROM python:3.12\r\nWORKDIR /app\r\n  COPY --chown=app requirements.txt ./\r\n\
             \u{20} COPY --chown=app reqs/base.txt reqs/\r\n\
             RUN pip install -r requirements.txt\r\n  COPY --chown=app . .\r\nCMD [\"flask\"]\r\n"
        );
    }

    #[test]
    fn a_copy_moved_whole_takes_its_comment_lines_and_line_ending() {
        let files = [("go.mod", "module a\n"), ("go.sum", "")];
        let crlf = "FROM golang:1.23\r\nCOPY go.* ./\r\n\r\n# All of it.\r\n# Really.\r\nCOPY . .\r\n\
                    RUN go mod download\r\n";
        assert_eq!(
            fixed_in(&files, crlf, "Dockerfile", false),
            "FROM golang:1.23\r\nCOPY go.* ./\r\n\r\nRUN go mod download\r\n\
             # All of it.\r\n# Really.\r\nCOPY . .\r\n"
        );
    }

    #[test]
    fn a_workdir_between_them_is_followed_unless_it_names_a_variable() {
        let files = [("package.json", "{}")];
        let text =
            "FROM node:22\nWORKDIR $APP\nCOPY . $APP\nWORKDIR /srv\nWORKDIR $APP\nRUN npm ci\n";
        assert_eq!(fixed_in(&files, text, "Dockerfile", false), text);
        let text = "FROM node:22\nWORKDIR /srv\nCOPY . /app\nWORKDIR /app\nRUN npm install\n";
        let fixed = "FROM node:22\nWORKDIR /srv\nCOPY package.json /app/\nWORKDIR /app\n\
                     RUN npm install\nCOPY . /app\n";
        assert_eq!(fixed_in(&files, text, "Dockerfile", false), fixed);
    }

    #[test]
    fn the_configured_context_and_its_ignore_file_are_read() {
        let dockerfile = "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go mod download\n";
        let files = [("go.mod", "module a\n"), ("go.sum", ""), ("docker/Dockerfile", dockerfile)];
        let fixed = "FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n\
                     COPY . .\n";
        assert_eq!(fixed_in(&files, dockerfile, "docker/Dockerfile", true), fixed);
        // Beside the Dockerfile there is no `go.mod`.
        assert_eq!(fixed_in(&files, dockerfile, "docker/Dockerfile", false), dockerfile);

        let ignored = [("go.mod", "module a\n"), ("go.sum", ""), (".dockerignore", "go.sum\n")];
        let without_sum = "FROM golang:1.23\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\n\
                           COPY . .\n";
        assert_eq!(fixed_in(&ignored, dockerfile, "Dockerfile", false), without_sum);
        let ignored = [("go.mod", "module a\n"), ("Dockerfile.dockerignore", "*\n")];
        assert_eq!(fixed_in(&ignored, dockerfile, "Dockerfile", false), dockerfile);
        // `--exclude` keeps a file out of the copy as `.dockerignore` does.
        let excluding = dockerfile.replace("COPY", "COPY --exclude=go.sum");
        let files = [("go.mod", "module a\n"), ("go.sum", "")];
        assert!(
            fixed_in(&files, &excluding, "Dockerfile", false)
                .contains("COPY --exclude=go.sum go.mod ./\n")
        );
    }
}
