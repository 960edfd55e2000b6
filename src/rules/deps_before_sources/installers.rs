//! What each command of a `RUN` does to the project in its folder: fetch its dependencies from
//! the manifests alone, build it (fetching them on the way), leave it alone, or something that
//! may read any of its files.

use crate::semantics::{Manager, PackageCommand};
use crate::shell::Command;

/// A package ecosystem, named after the tool that fetches its dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ecosystem {
    Npm,
    Yarn,
    Pnpm,
    Pip,
    Poetry,
    Uv,
    Pipenv,
    Go,
    Cargo,
    Bundler,
    Composer,
    Mix,
    Maven,
    Gradle,
}

/// What one command does to the project in the folder it runs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Role {
    /// Fetches the dependencies the manifests name, and reads nothing else of the project.
    Fetch(Fetch),
    /// Builds or installs the project, fetching its dependencies on the way.
    Build(Build),
    /// Leaves the project's files alone: system packages, tools installed globally, caches.
    Neutral,
    /// `cd`, to the folder given when it is plain.
    ChangeDir(Option<String>),
    /// Anything else, which may read any file of the project.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fetch {
    pub ecosystem: Ecosystem,
    /// The command as a reader knows it: `npm ci`, `pip install`, `mvn dependency:go-offline`.
    pub what: String,
    /// Files the command names, as written: pip's requirement and constraint files, Maven's
    /// settings, `uv pip sync`'s operands.
    pub named: Vec<String>,
    /// Folders of the project the command writes to, besides those of its ecosystem.
    pub outputs: Vec<String>,
    /// The project's own install scripts are turned off (`--ignore-scripts`, `--no-scripts`).
    pub no_scripts: bool,
    /// Composer: no autoloader is written (`--no-autoloader`).
    pub no_autoloader: bool,
    /// Composer: the autoloader is written from a scan of the sources (`--optimize-autoloader`).
    pub optimized_autoloader: bool,
    /// pnpm: `pnpm fetch`, which reads the lock file alone.
    pub lock_only: bool,
    /// The command fails without the lock file: `npm ci`, `yarn --frozen-lockfile`,
    /// `pnpm install --frozen-lockfile`.
    pub lock_required: bool,
    /// Run through the project's wrapper script (`./mvnw`).
    pub wrapper: bool,
    /// Why the command cannot run on the manifests alone, found in its own words.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Build {
    pub ecosystem: Ecosystem,
    pub what: String,
    /// Why the step needs the sources.
    pub reason: String,
    /// Whether the step is a build that fetches only when the project has dependencies
    /// (`cargo build`), rather than an install that always does (`poetry install`).
    pub plain_build: bool,
}

impl Role {
    pub(super) fn ecosystem(&self) -> Option<Ecosystem> {
        match self {
            Role::Fetch(fetch) => Some(fetch.ecosystem),
            Role::Build(build) => Some(build.ecosystem),
            _ => None,
        }
    }
}

/// The words of a command after its name, split into options and positional words. Options
/// listed in `with_value` (separated by blanks) take the next word as their value unless
/// written `--name=value`.
struct Args<'a> {
    options: Vec<(&'a str, Option<&'a str>)>,
    positional: Vec<&'a str>,
}

impl<'a> Args<'a> {
    fn read(words: &'a [&'a str], with_value: &str) -> Args<'a> {
        let mut res = Args { options: Vec::new(), positional: Vec::new() };
        let mut i = 0;
        while i < words.len() {
            let word = words[i];
            if word.starts_with('-') && word.len() > 1 {
                match word.split_once('=') {
                    Some((name, value)) if name.starts_with("--") => {
                        res.options.push((name, Some(value)));
                    }
                    _ if with_value.split_whitespace().any(|option| option == word) => {
                        res.options.push((word, words.get(i + 1).copied()));
                        i += 1;
                    }
                    _ => res.options.push((word, None)),
                }
            } else {
                res.positional.push(word);
            }
            i += 1;
        }
        res
    }

    fn has(&self, names: &[&str]) -> bool {
        self.options.iter().any(|(name, _)| names.contains(name))
    }

    fn values(&self, names: &[&str]) -> Vec<&'a str> {
        self.options.iter().filter(|(name, _)| names.contains(name)).filter_map(|o| o.1).collect()
    }

    /// The first option of `names` given, as written.
    fn first(&self, names: &[&str]) -> Option<&'a str> {
        self.options.iter().map(|o| o.0).find(|name| names.contains(name))
    }
}

/// What `command` does to the project in the folder it runs in. `project` is where the
/// project is, as an absolute path or one starting with a variable, when that is known.
pub(super) fn role(command: &Command, project: Option<&str>) -> Role {
    let Some(name) = command.name() else { return Role::Other };
    let words: Vec<&str> = command.words.iter().map(|w| w.text.as_str()).collect();
    let rest = &words[1..];
    match name {
        "cd" => match rest {
            [dir] if !dir.starts_with('-') && !dir.starts_with('~') => {
                Role::ChangeDir(Some(dir.to_string()))
            }
            _ => Role::ChangeDir(None),
        },
        "set" | "true" | ":" | "export" | "addgroup" | "adduser" | "groupadd" | "useradd" => {
            Role::Neutral
        }
        "rm" | "mkdir" | "ln" => outside_project(rest, project),
        // The owner or mode comes first.
        "chown" | "chmod" => match rest.iter().position(|w| !w.starts_with('-')) {
            Some(at) => outside_project(&rest[at + 1..], project),
            None => Role::Other,
        },
        // A virtual environment, and reading its settings into the shell.
        _ if name.starts_with("python") && rest.get(..2) == Some(&["-m", "venv"]) => {
            outside_project(&rest[2..], project)
        }
        "virtualenv" => outside_project(rest, project),
        "." | "source" if rest.len() == 1 => outside_project(rest, project),
        "npm" => npm(rest),
        "yarn" => yarn(rest),
        "pnpm" => pnpm(rest),
        "corepack" if rest.first() != Some(&"use") => Role::Neutral,
        "uv" => uv(rest),
        "poetry" => poetry(rest),
        "pipenv" => pipenv(rest),
        "go" => go(rest),
        "cargo" => cargo(rest),
        "bundle" | "bundler" => bundler(rest),
        "gem" if matches!(rest.first(), Some(&"install" | &"update")) => Role::Neutral,
        "composer" | "composer.phar" => composer(rest),
        "php" if rest.first().is_some_and(|w| w.ends_with("composer.phar")) => composer(&rest[1..]),
        "mix" => mix(rest),
        "mvn" | "mvnw" => maven(rest, name == "mvnw"),
        "gradle" | "gradlew" => gradle(rest, name == "gradlew"),
        // The system's package managers, and pip under its many names.
        _ => match PackageCommand::recognize(command.clone()) {
            Some(package) if package.manager == Manager::Pip => {
                pip(&words[package.name + 1..], "pip")
            }
            Some(_) => Role::Neutral,
            None => Role::Other,
        },
    }
}

fn fetch(ecosystem: Ecosystem, what: impl Into<String>) -> Fetch {
    Fetch {
        ecosystem,
        what: what.into(),
        named: Vec::new(),
        outputs: Vec::new(),
        no_scripts: false,
        no_autoloader: false,
        optimized_autoloader: false,
        lock_only: false,
        lock_required: false,
        wrapper: false,
        problem: None,
    }
}

/// An install that takes the project along, and why it needs the sources.
fn install(ecosystem: Ecosystem, what: &str, reason: String) -> Role {
    Role::Build(Build { ecosystem, what: what.to_string(), reason, plain_build: false })
}

/// A build, which fetches the dependencies it needs on the way.
fn build(ecosystem: Ecosystem, what: &str) -> Role {
    let reason = format!("`{what}` builds the project as well");
    Role::Build(Build { ecosystem, what: what.to_string(), reason, plain_build: true })
}

/// A command on paths outside the project: absolute, in a home folder, or given by a
/// variable; when the project's folder is known, neither in it nor one it is in. Words that
/// start with `-` are options.
fn outside_project(words: &[&str], project: Option<&str>) -> Role {
    let within = |inner: &str, outer: &str| {
        inner == outer || inner.strip_prefix(outer).is_some_and(|rest| rest.starts_with('/'))
    };
    let outside = |word: &&str| {
        let path = word.trim_end_matches(['/', '*']);
        word.starts_with('-')
            || (word.starts_with(['/', '~', '$'])
                && !path.is_empty()
                && project.is_none_or(|p| !within(path, p) && !within(p, path)))
    };
    if words.iter().all(outside) { Role::Neutral } else { Role::Other }
}

/// Sets `problem` to `option` used to run elsewhere, when one of `names` is given.
fn elsewhere(fetch: &mut Fetch, args: &Args<'_>, names: &[&str]) {
    if let Some(option) = args.first(names) {
        fetch.problem = Some(format!("`{option}` makes `{}` run in another folder", fetch.what));
    }
}

const NPM_VALUES: &str = "--prefix -C --registry --cache -w --workspace --omit --include --tag \
    --loglevel --userconfig --install-strategy";

fn npm(words: &[&str]) -> Role {
    let args = Args::read(words, NPM_VALUES);
    let Some(&sub) = args.positional.first() else { return Role::Other };
    let operands = &args.positional[1..];
    let global = args.has(&["-g", "--global", "--location=global"]);
    let what = format!("npm {sub}");
    let installs = matches!(
        sub,
        "install"
            | "i"
            | "in"
            | "ins"
            | "inst"
            | "insta"
            | "instal"
            | "isnt"
            | "isnta"
            | "isntal"
            | "isntall"
            | "add"
    );
    let mut fetch = fetch(Ecosystem::Npm, &what);
    match sub {
        "ci" | "clean-install" | "ic" | "install-clean" | "isntall-clean" => {
            fetch.lock_required = true;
        }
        _ if installs
            && global
            && !operands.is_empty()
            && !operands.iter().any(|o| is_local_path(o)) =>
        {
            return Role::Neutral;
        }
        _ if installs && global => {
            let reason = format!("`{what} -g` installs the project itself, from its sources");
            return install(Ecosystem::Npm, &what, reason);
        }
        // Named packages are added to the project's manifests: not a plain fetch.
        _ if installs && !operands.is_empty() => return Role::Other,
        _ if installs => {}
        "cache" | "config" | "set" => return Role::Neutral,
        _ => return Role::Other,
    }
    fetch.no_scripts = args.has(&["--ignore-scripts"]);
    elsewhere(&mut fetch, &args, &["--prefix", "-C"]);
    if let Some(option) = args.first(&["-w", "--workspace", "--workspaces", "-ws"]) {
        fetch.problem =
            Some(format!("`{option}` installs workspaces, whose manifests are elsewhere"));
    }
    Role::Fetch(fetch)
}

const YARN_VALUES: &str =
    "--cwd --modules-folder --cache-folder --network-timeout --registry --mutex --mode";

fn yarn(words: &[&str]) -> Role {
    let args = Args::read(words, YARN_VALUES);
    let what = match args.positional.first() {
        None if args.has(&["--version", "-v", "--help", "-h"]) => return Role::Neutral,
        None => "yarn".to_string(),
        Some(&"install") if args.positional.len() == 1 => "yarn install".to_string(),
        Some(&"cache") => return Role::Neutral,
        Some(&"global") if args.positional.get(1) == Some(&"add") => return Role::Neutral,
        Some(_) => return Role::Other,
    };
    let mut fetch = fetch(Ecosystem::Yarn, what);
    fetch.lock_required = args.has(&["--frozen-lockfile", "--immutable"]);
    fetch.no_scripts =
        args.has(&["--ignore-scripts"]) || args.values(&["--mode"]).contains(&"skip-build");
    elsewhere(&mut fetch, &args, &["--cwd"]);
    Role::Fetch(fetch)
}

const PNPM_VALUES: &str = "-C --dir --filter -F --store-dir --reporter --registry \
    --network-concurrency --child-concurrency";

fn pnpm(words: &[&str]) -> Role {
    let args = Args::read(words, PNPM_VALUES);
    let Some(&sub) = args.positional.first() else { return Role::Other };
    let mut fetch = fetch(Ecosystem::Pnpm, format!("pnpm {sub}"));
    match sub {
        "install" | "i" if args.positional.len() == 1 => {}
        "fetch" => fetch.lock_only = true,
        "store" => return Role::Neutral,
        "add" if args.has(&["-g", "--global"]) => return Role::Neutral,
        _ => return Role::Other,
    }
    fetch.no_scripts = args.has(&["--ignore-scripts"]);
    fetch.lock_required |= args.has(&["--frozen-lockfile"]);
    elsewhere(&mut fetch, &args, &["-C", "--dir"]);
    if let Some(option) = args.first(&["--filter", "-F", "-r", "--recursive"]) {
        fetch.problem =
            Some(format!("`{option}` installs workspaces, whose manifests are elsewhere"));
    }
    Role::Fetch(fetch)
}

const PIP_VALUES: &str = "-r --requirement -c --constraint -e --editable -i --index-url \
    --extra-index-url -f --find-links -t --target --prefix --root --platform --python-version \
    --implementation --abi --trusted-host --progress-bar --cache-dir --src --upgrade-strategy \
    --log --proxy --retries --timeout --exists-action --cert --client-cert --global-option \
    --config-settings -C --no-binary --only-binary --report --python";

/// Whether a pip operand or requirement names a path rather than a package to fetch.
pub(super) fn is_local_path(spec: &str) -> bool {
    let spec = spec.trim();
    if spec.contains("file:") {
        return true;
    }
    if spec.contains("://") || spec.starts_with("git+") {
        return false;
    }
    let lower = spec.to_ascii_lowercase();
    spec == "."
        || spec.starts_with(['.', '/', '~', '$'])
        || spec.contains('/')
        || [".whl", ".tar.gz", ".zip", ".tar.bz2"].iter().any(|ext| lower.ends_with(ext))
}

/// `pip install`, after the words naming pip; `tool` is how to name it (`pip`, `uv pip`).
fn pip(words: &[&str], tool: &str) -> Role {
    // Short options may hold their value: `-rrequirements.txt`.
    let mut split: Vec<String> = Vec::new();
    for word in words {
        let short = word.strip_prefix('-').filter(|rest| !rest.starts_with('-'));
        match short.and_then(|rest| rest.split_at_checked(1)) {
            Some((option @ ("r" | "c" | "e" | "f" | "t"), value)) if !value.is_empty() => {
                split.push(format!("-{option}"));
                split.push(value.to_string());
            }
            _ => split.push(word.to_string()),
        }
    }
    let split: Vec<&str> = split.iter().map(String::as_str).collect();
    let args = Args::read(&split, PIP_VALUES);
    let what = format!("{tool} install");
    match args.positional.first() {
        Some(&"install") => {}
        Some(&"sync") if tool == "uv pip" => {
            let mut fetch = fetch(Ecosystem::Pip, "uv pip sync");
            fetch.named = args.positional[1..].iter().map(|f| f.to_string()).collect();
            return Role::Fetch(fetch);
        }
        Some(&"cache") => return Role::Neutral,
        _ => return Role::Other,
    }
    let operands = &args.positional[1..];
    let editable = args.values(&["-e", "--editable"]);
    // What a variable names is not known here.
    if operands.iter().chain(&editable).any(|o| o.starts_with('$')) {
        return Role::Other;
    }
    if let Some(path) = operands.iter().chain(&editable).find(|s| is_local_path(s)) {
        let reason = format!("`{what} {path}` installs a project from its sources");
        return install(Ecosystem::Pip, &what, reason);
    }
    let requirements = args.values(&["-r", "--requirement"]);
    if requirements.is_empty() {
        // Packages named on the command line, from an index: the project is not read.
        return Role::Neutral;
    }
    let mut fetch = fetch(Ecosystem::Pip, what);
    fetch.named = requirements
        .iter()
        .chain(&args.values(&["-c", "--constraint"]))
        .map(|f| f.to_string())
        .collect();
    let links = args.values(&["-f", "--find-links"]);
    if let Some(folder) = links.iter().find(|l| !l.contains("://")) {
        fetch.problem = Some(format!("`--find-links {folder}` reads packages from a folder"));
    }
    for target in args.values(&["-t", "--target", "--prefix", "--root"]) {
        if !target.starts_with(['/', '$', '~']) {
            fetch.outputs.push(target.to_string());
        }
    }
    Role::Fetch(fetch)
}

const UV_VALUES: &str = "--project --directory --extra --group --only-group --no-group --python \
    -p --package --index --index-url --extra-index-url --cache-dir --link-mode";

fn uv(words: &[&str]) -> Role {
    if words.first() == Some(&"pip") {
        return pip(&words[1..], "uv pip");
    }
    let args = Args::read(words, UV_VALUES);
    match args.positional.first() {
        Some(&"sync") => {}
        Some(&("cache" | "tool" | "python")) => return Role::Neutral,
        _ => return Role::Other,
    }
    if !args.has(&["--no-install-project", "--no-install-workspace"]) {
        let reason = "`uv sync` without `--no-install-project` installs the project too".into();
        return install(Ecosystem::Uv, "uv sync", reason);
    }
    let mut fetch = fetch(Ecosystem::Uv, "uv sync");
    elsewhere(&mut fetch, &args, &["--project", "--directory"]);
    if args.has(&["--package"]) {
        fetch.problem = Some("`--package` installs a workspace member, elsewhere".into());
    }
    Role::Fetch(fetch)
}

const POETRY_VALUES: &str = "--only --with --without -E --extras -C --directory -P --project";

fn poetry(words: &[&str]) -> Role {
    let args = Args::read(words, POETRY_VALUES);
    let sub = match args.positional.first() {
        Some(&sub @ ("install" | "sync")) => sub,
        Some(&"config") if !args.has(&["--local"]) => return Role::Neutral,
        _ => return Role::Other,
    };
    let what = format!("poetry {sub}");
    if args.has(&["--only-root"]) || !args.has(&["--no-root"]) {
        let reason = format!("`{what}` without `--no-root` installs the project too");
        return install(Ecosystem::Poetry, &what, reason);
    }
    let mut fetch = fetch(Ecosystem::Poetry, what);
    elsewhere(&mut fetch, &args, &["-C", "--directory", "-P", "--project"]);
    Role::Fetch(fetch)
}

fn pipenv(words: &[&str]) -> Role {
    let args = Args::read(words, "--python --pypi-mirror --categories -r --requirements");
    let sub = match args.positional.as_slice() {
        [sub @ ("install" | "sync")] if !args.has(&["-r", "--requirements"]) => *sub,
        _ => return Role::Other,
    };
    Role::Fetch(fetch(Ecosystem::Pipenv, format!("pipenv {sub}")))
}

const GO_VALUES: &str = "-C -o -ldflags -gcflags -asmflags -tags -mod -modfile -p -pkgdir \
    -toolexec -buildmode -compiler -installsuffix -overlay -pgo -covermode -coverpkg -run -bench \
    -timeout -count -parallel -reuse";

fn go(words: &[&str]) -> Role {
    let args = Args::read(words, GO_VALUES);
    let Some(&sub) = args.positional.first() else { return Role::Other };
    match (sub, args.positional.get(1).copied()) {
        ("mod", Some("download")) => {
            let mut fetch = fetch(Ecosystem::Go, "go mod download");
            elsewhere(&mut fetch, &args, &["-C"]);
            Role::Fetch(fetch)
        }
        ("mod", Some("verify")) | ("env" | "version", _) => Role::Neutral,
        // `go install tool@version` ignores the module it runs in.
        ("install", _)
            if args.positional.len() > 1
                && args.positional[1..].iter().all(|p| p.contains('@')) =>
        {
            Role::Neutral
        }
        ("build" | "install" | "test" | "run" | "vet", _) => {
            build(Ecosystem::Go, &format!("go {sub}"))
        }
        _ => Role::Other,
    }
}

const CARGO_VALUES: &str = "--manifest-path --target -p --package --bin --features -F -j --jobs \
    --profile --target-dir --config -Z --color --example --test --bench --root --git --branch \
    --tag --rev --path --index --registry --recipe-path";

fn cargo(words: &[&str]) -> Role {
    let words: Vec<&str> = words.iter().copied().filter(|w| !w.starts_with('+')).collect();
    let args = Args::read(&words, CARGO_VALUES);
    let Some(&sub) = args.positional.first() else { return Role::Other };
    let what = format!("cargo {sub}");
    match sub {
        "fetch" => {
            let mut fetch = fetch(Ecosystem::Cargo, what);
            elsewhere(&mut fetch, &args, &["--manifest-path"]);
            Role::Fetch(fetch)
        }
        "install" if args.positional.len() > 1 && !args.has(&["--path"]) => Role::Neutral,
        "build" | "b" | "test" | "t" | "check" | "c" | "run" | "r" | "doc" | "d" | "bench"
        | "rustc" | "rustdoc" | "clippy" | "install" => build(Ecosystem::Cargo, &what),
        // cargo-chef builds the dependencies from a recipe of the manifests.
        "chef" if args.positional.get(1) == Some(&"cook") => {
            build(Ecosystem::Cargo, "cargo chef cook")
        }
        _ => Role::Other,
    }
}

const BUNDLE_VALUES: &str = "--gemfile --path --jobs -j --retry --without --with --binstubs \
    --shebang --trust-policy --target-rbconfig";

fn bundler(words: &[&str]) -> Role {
    let args = Args::read(words, BUNDLE_VALUES);
    let what = match args.positional.as_slice() {
        [] if args.has(&["--version", "-v", "--help", "-h"]) => return Role::Neutral,
        [] => "bundle",
        ["install"] => "bundle install",
        ["config", ..] => return Role::Neutral,
        _ => return Role::Other,
    };
    let mut fetch = fetch(Ecosystem::Bundler, what);
    elsewhere(&mut fetch, &args, &["--gemfile"]);
    for path in args.values(&["--path"]) {
        if !path.starts_with(['/', '$', '~']) {
            fetch.outputs.push(path.to_string());
        }
    }
    Role::Fetch(fetch)
}

fn composer(words: &[&str]) -> Role {
    let args = Args::read(words, "-d --working-dir --prefer-install --ignore-platform-req");
    let Some(&sub) = args.positional.first() else { return Role::Other };
    match sub {
        "install" | "i" if args.positional.len() == 1 => {}
        "clear-cache" | "clearcache" | "cc" | "global" => return Role::Neutral,
        "config" if args.has(&["--global", "-g"]) => return Role::Neutral,
        _ => return Role::Other,
    }
    let mut fetch = fetch(Ecosystem::Composer, format!("composer {sub}"));
    fetch.no_scripts = args.has(&["--no-scripts"]);
    fetch.no_autoloader = args.has(&["--no-autoloader"]);
    fetch.optimized_autoloader = args.has(&[
        "-o",
        "--optimize-autoloader",
        "-a",
        "--classmap-authoritative",
        "--apcu-autoloader",
    ]);
    elsewhere(&mut fetch, &args, &["-d", "--working-dir"]);
    Role::Fetch(fetch)
}

fn mix(words: &[&str]) -> Role {
    let args = Args::read(words, "--only --target");
    match args.positional.first() {
        Some(&"deps.get") => Role::Fetch(fetch(Ecosystem::Mix, "mix deps.get")),
        Some(task) if task.starts_with("local.") => Role::Neutral,
        _ => Role::Other,
    }
}

const MAVEN_VALUES: &str = "-f --file -s --settings -gs --global-settings -P --activate-profiles \
    -T --threads -pl --projects -rf --resume-from -l --log-file -D --define -t --toolchains -gt \
    --global-toolchains -b --builder";

/// Lifecycle phases that compile the project, and so fetch what it needs.
const MAVEN_BUILDS: &[&str] =
    &["compile", "test-compile", "test", "package", "verify", "install", "deploy"];

fn maven(words: &[&str], wrapper: bool) -> Role {
    let args = Args::read(words, MAVEN_VALUES);
    let goals = &args.positional;
    let name = if wrapper { "./mvnw" } else { "mvn" };
    let fetches = |goal: &&str| {
        let mut parts = goal.rsplit(':');
        let last = parts.next().unwrap_or("");
        goal.contains("dependency") && matches!(last, "go-offline" | "resolve" | "resolve-plugins")
    };
    if !goals.is_empty() && goals.iter().all(fetches) {
        let mut fetch = fetch(Ecosystem::Maven, format!("{name} {}", goals[0]));
        fetch.wrapper = wrapper;
        elsewhere(&mut fetch, &args, &["-f", "--file"]);
        if let Some(option) = args.first(&["-pl", "--projects"]) {
            fetch.problem = Some(format!("`{option}` picks modules, whose poms are elsewhere"));
        }
        let settings = args.values(&["-s", "--settings"]);
        fetch.named = settings.iter().map(|s| s.to_string()).collect();
        return Role::Fetch(fetch);
    }
    let building = goals.iter().find(|g| MAVEN_BUILDS.contains(g) || g.contains(':'));
    match building {
        Some(goal) => build(Ecosystem::Maven, &format!("{name} {goal}")),
        None => Role::Other,
    }
}

fn gradle(words: &[&str], wrapper: bool) -> Role {
    let args = Args::read(words, "-x --exclude-task -p --project-dir -D -P");
    match args.positional.first() {
        None | Some(&("help" | "wrapper")) => Role::Neutral,
        Some(task) => {
            let name = if wrapper { "./gradlew" } else { "gradle" };
            build(Ecosystem::Gradle, &format!("{name} {task}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::commands;

    fn role_of(script: &str) -> Role {
        role(&commands(script).remove(0), Some("/app"))
    }

    fn fetched(script: &str) -> Fetch {
        match role_of(script) {
            Role::Fetch(fetch) => fetch,
            other => panic!("{script}: {other:?}"),
        }
    }

    fn built(script: &str) -> Build {
        match role_of(script) {
            Role::Build(build) => build,
            other => panic!("{script}: {other:?}"),
        }
    }

    #[test]
    fn fetches_from_the_manifests_alone() {
        let cases = [
            ("npm ci --omit=dev", Ecosystem::Npm, "npm ci"),
            ("npm install --no-audit", Ecosystem::Npm, "npm install"),
            ("yarn --frozen-lockfile", Ecosystem::Yarn, "yarn"),
            ("yarn install --immutable", Ecosystem::Yarn, "yarn install"),
            ("pnpm install --frozen-lockfile", Ecosystem::Pnpm, "pnpm install"),
            ("pip install --no-cache-dir -r requirements.txt", Ecosystem::Pip, "pip install"),
            ("python3 -m pip install -rreq.txt gunicorn", Ecosystem::Pip, "pip install"),
            ("uv pip install -r requirements.txt", Ecosystem::Pip, "uv pip install"),
            ("poetry install --no-root --only main", Ecosystem::Poetry, "poetry install"),
            ("uv sync --frozen --no-install-project", Ecosystem::Uv, "uv sync"),
            ("pipenv install --deploy --system", Ecosystem::Pipenv, "pipenv install"),
            ("go mod download -x", Ecosystem::Go, "go mod download"),
            ("cargo +nightly fetch --locked", Ecosystem::Cargo, "cargo fetch"),
            ("bundle install --jobs 4", Ecosystem::Bundler, "bundle install"),
            ("composer install --no-scripts", Ecosystem::Composer, "composer install"),
            ("mix deps.get --only prod", Ecosystem::Mix, "mix deps.get"),
            ("mvn -B dependency:go-offline", Ecosystem::Maven, "mvn dependency:go-offline"),
            ("./mvnw dependency:resolve", Ecosystem::Maven, "./mvnw dependency:resolve"),
        ];
        for (script, ecosystem, what) in cases {
            let fetch = fetched(script);
            assert_eq!((fetch.ecosystem, fetch.what.as_str()), (ecosystem, what), "{script}");
            assert_eq!(fetch.problem, None, "{script}");
        }
        assert_eq!(
            fetched("pip install -r a.txt --constraint=c.txt -r b.txt").named,
            ["a.txt", "b.txt", "c.txt"]
        );
        assert!(fetched("npm ci --ignore-scripts").no_scripts);
        assert!(fetched("pnpm fetch --prod").lock_only);
        assert!(fetched("./mvnw -s .mvn/settings.xml dependency:go-offline").wrapper);
        let composer = fetched("composer install --no-autoloader -o");
        assert!(!composer.no_scripts && composer.no_autoloader && composer.optimized_autoloader);
    }

    #[test]
    fn options_that_move_the_install_or_spread_it_are_problems() {
        for script in [
            "npm --prefix web ci",
            "npm ci --workspaces",
            "yarn --cwd web install",
            "pnpm -r install",
            "poetry install --no-root -C app",
            "uv sync --no-install-project --package api",
            "go -C cmd mod download",
            "cargo fetch --manifest-path sub/Cargo.toml",
            "bundle install --gemfile=ci/Gemfile",
            "composer install -d app",
            "mvn -f api/pom.xml dependency:go-offline",
            "pip install -r requirements.txt -f ./wheels",
        ] {
            assert!(fetched(script).problem.is_some(), "{script}");
        }
    }

    #[test]
    fn installs_that_build_the_project_are_told_apart() {
        assert_eq!(built("poetry install").ecosystem, Ecosystem::Poetry);
        assert_eq!(built("poetry install --no-root --only-root").ecosystem, Ecosystem::Poetry);
        assert_eq!(built("uv sync --frozen").ecosystem, Ecosystem::Uv);
        assert_eq!(built("pip install .").what, "pip install");
        assert_eq!(built("pip install -r requirements.txt -e .").ecosystem, Ecosystem::Pip);
        assert_eq!(built("npm install -g").ecosystem, Ecosystem::Npm);
        assert_eq!(built("npm install -g .").ecosystem, Ecosystem::Npm);
        assert!(built("cargo build --release").plain_build);
        assert!(built("go build -o /bin/app ./cmd/app").plain_build);
        assert_eq!(built("mvn -DskipTests package").what, "mvn package");
        assert_eq!(built("./gradlew --no-daemon bootJar").what, "./gradlew bootJar");
        assert_eq!(
            built("cargo chef cook --release --recipe-path recipe.json").ecosystem,
            Ecosystem::Cargo
        );
    }

    #[test]
    fn commands_that_leave_the_project_alone() {
        for script in [
            "apk add --no-cache git",
            "apt-get install -y build-essential",
            "npm install -g pnpm@9",
            "npm cache clean --force",
            "yarn cache clean",
            "pip install --upgrade pip poetry==1.8.3",
            "gem install bundler",
            "go install golang.org/x/tools/cmd/goimports@latest",
            "cargo install cargo-chef",
            "mix local.hex --force",
            "poetry config virtualenvs.create false",
            "composer clear-cache",
            "rm -rf /var/lib/apt/lists/* ~/.npm $HOME/.cache",
            "adduser -D app",
            "mkdir -p /home/app/.cache",
            "chown -R app:app /home/app",
            "chmod +x /usr/local/bin/entrypoint.sh",
            "python3 -m venv /opt/venv",
            ". /opt/venv/bin/activate",
        ] {
            assert_eq!(role_of(script), Role::Neutral, "{script}");
        }
        for script in [
            "npm run build",
            "pip install $PACKAGES",
            "npm install express",
            "yarn add left-pad",
            "mix compile",
            "rm -rf node_modules",
            "rm -rf /app/node_modules",
            "rm -f /app",
            "rm -rf /*",
            "chown -R app /",
            "chown -R app:app /app",
            "mkdir -p data",
            "python -m venv .venv",
            ". ./env.sh",
            "poetry config --local virtualenvs.in-project true",
            "go mod tidy",
            "composer dump-autoload",
        ] {
            assert_eq!(role_of(script), Role::Other, "{script}");
        }
        assert_eq!(role_of("cd /app"), Role::ChangeDir(Some("/app".into())));
        assert_eq!(role_of("cd"), Role::ChangeDir(None));
        assert_eq!(role_of("cd -"), Role::ChangeDir(None));
    }

    #[test]
    fn local_paths_are_not_packages() {
        for spec in
            [".", "./pkg", "../lib", "/wheels/x.whl", "dist/app-1.0.tar.gz", "x @ file:///src"]
        {
            assert!(is_local_path(spec), "{spec}");
        }
        for spec in [
            "flask==3.0",
            "requests[socks]>=2",
            "git+https://github.com/a/b.git",
            "x @ https://h/x.whl",
        ] {
            assert!(!is_local_path(spec), "{spec}");
        }
    }
}
