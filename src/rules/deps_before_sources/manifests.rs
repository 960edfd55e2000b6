//! The files each fetch reads, looked up in the build context, and what in them shows that the
//! fetch needs more of the project than its manifests.

// Every check here answers "can the fetch run with these files alone, and end the same?". A
// manifest that cannot be read, or says something these checks do not follow, makes the rule
// report without a fix rather than guess.

use std::path::Path;

use serde_json::Value;

use super::dockerignore::DockerIgnore;
use super::installers::{Build, Ecosystem, Fetch, is_local_path};

/// A build context and what its ignore file keeps out of it.
pub(super) struct Lookup<'a> {
    pub context: &'a Path,
    pub ignore: &'a DockerIgnore,
}

/// A file or folder to copy before the fetch, relative to the build context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    pub path: String,
    pub folder: bool,
}

impl Lookup<'_> {
    /// Whether `path` is sent to the builder: it exists and no ignore pattern keeps it out.
    fn sent(&self, path: &str) -> Option<std::fs::Metadata> {
        let meta = std::fs::metadata(self.context.join(path)).ok()?;
        (!self.ignore.excludes(path)).then_some(meta)
    }

    fn is_file(&self, path: &str) -> bool {
        self.sent(path).is_some_and(|m| m.is_file())
    }

    fn read(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(self.context.join(path)).ok()
    }
}

/// The entries gathered for one fetch.
struct Found<'a> {
    look: &'a Lookup<'a>,
    entries: Vec<Entry>,
}

impl Found<'_> {
    fn push(&mut self, path: &str, folder: bool) {
        if !self.entries.iter().any(|e| e.path == path) {
            self.entries.push(Entry { path: path.to_string(), folder });
        }
    }

    /// A file the fetch cannot do without.
    fn required(&mut self, path: &str) -> Result<(), String> {
        if !is_plain(path) {
            return Err(format!("`{path}` cannot be named in a `COPY` as it is written"));
        }
        if self.look.ignore.excludes(path) {
            return Err(format!("`.dockerignore` leaves `{path}` out of the build context"));
        }
        if !self.look.is_file(path) {
            return Err(format!("`{path}` is not in the build context"));
        }
        self.push(path, false);
        Ok(())
    }

    /// A file or folder the fetch reads when it is there.
    fn optional(&mut self, path: &str, folder: bool) {
        match self.look.sent(path) {
            Some(meta) if meta.is_dir() == folder => self.push(path, folder),
            _ => {}
        }
    }

    /// The text of a manifest already found.
    fn text(&self, path: &str) -> Result<String, String> {
        self.look.read(path).ok_or_else(|| format!("`{path}` cannot be read"))
    }
}

/// Whether a path can be written in a `COPY` as it is: no blanks, quotes, variables, escapes
/// or wildcards.
fn is_plain(path: &str) -> bool {
    !path.is_empty()
        && !path.chars().any(|c| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '$' | '\\' | '`' | '*' | '?' | '[' | ']')
        })
}

/// Folders of the project a fetch of `ecosystem` writes to.
fn outputs(ecosystem: Ecosystem) -> &'static [&'static str] {
    match ecosystem {
        Ecosystem::Npm | Ecosystem::Yarn | Ecosystem::Pnpm => &["node_modules"],
        Ecosystem::Bundler => &[".bundle", "vendor/bundle"],
        Ecosystem::Composer => &["vendor"],
        Ecosystem::Mix => &["deps"],
        Ecosystem::Poetry | Ecosystem::Uv | Ecosystem::Pipenv => &[".venv"],
        _ => &[],
    }
}

/// What `fetch` reads, its main manifest first, with `named` (the files its command names,
/// relative to the build context); or why it cannot run on them alone.
pub(super) fn manifests(
    fetch: &Fetch,
    named: &[String],
    look: &Lookup<'_>,
) -> Result<Vec<Entry>, String> {
    let mut found = Found { look, entries: Vec::new() };
    match fetch.ecosystem {
        Ecosystem::Npm | Ecosystem::Yarn | Ecosystem::Pnpm => node(fetch, &mut found)?,
        Ecosystem::Pip => {
            if named.is_empty() {
                return Err(format!("`{}` names no requirements file", fetch.what));
            }
            for file in named {
                requirements(file, &mut found, 0)?;
            }
        }
        Ecosystem::Poetry | Ecosystem::Uv => python_project(fetch.ecosystem, &mut found)?,
        Ecosystem::Pipenv => pipfile(&mut found)?,
        Ecosystem::Go => go(&mut found)?,
        Ecosystem::Cargo => cargo(&mut found)?,
        Ecosystem::Bundler => bundler(&mut found)?,
        Ecosystem::Composer => composer(fetch, &mut found)?,
        Ecosystem::Mix => mix(&mut found)?,
        Ecosystem::Maven => maven(fetch, named, &mut found)?,
        Ecosystem::Gradle => return Err("Gradle has no step that only fetches".into()),
    }
    let written =
        outputs(fetch.ecosystem).iter().copied().chain(fetch.outputs.iter().map(String::as_str));
    for output in written {
        if look.sent(output).is_some() {
            return Err(format!(
                "the build context holds `{output}`, which copying the sources after the install \
                 would lay over what it wrote; list it in `.dockerignore`"
            ));
        }
    }
    Ok(found.entries)
}

/// Whether the build context shows that the project `build` builds has dependencies to fetch.
pub(super) fn has_dependencies(build: &Build, look: &Lookup<'_>) -> bool {
    match build.ecosystem {
        Ecosystem::Go => look.is_file("go.sum"),
        Ecosystem::Cargo => {
            let manifest =
                look.read("Cargo.toml").and_then(|text| text.parse::<toml::Table>().ok());
            manifest.is_some_and(|doc| {
                ["dependencies", "build-dependencies"].iter().any(|key| {
                    doc.get(*key).and_then(|d| d.as_table()).is_some_and(|d| !d.is_empty())
                })
            })
        }
        Ecosystem::Maven => look.is_file("pom.xml"),
        Ecosystem::Gradle => {
            ["build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"]
                .iter()
                .any(|file| look.is_file(file))
        }
        _ => true,
    }
}

/// Lifecycle scripts of the project that npm, Yarn and pnpm run on install.
const INSTALL_SCRIPTS: &[&str] =
    &["preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare"];

fn node(fetch: &Fetch, found: &mut Found<'_>) -> Result<(), String> {
    if fetch.lock_only {
        found.required("pnpm-lock.yaml")?;
        found.optional("pnpm-workspace.yaml", false);
        found.optional(".npmrc", false);
        return Ok(());
    }
    found.required("package.json")?;
    match fetch.ecosystem {
        Ecosystem::Npm => {
            found.optional("package-lock.json", false);
            found.optional("npm-shrinkwrap.json", false);
        }
        Ecosystem::Yarn => {
            found.optional("yarn.lock", false);
            found.optional(".yarnrc", false);
            found.optional(".yarnrc.yml", false);
        }
        _ => {
            if found.look.is_file("pnpm-workspace.yaml") {
                return Err("`pnpm-workspace.yaml` declares workspaces, whose manifests are in \
                            other folders"
                    .into());
            }
            found.optional("pnpm-lock.yaml", false);
            found.optional(".pnpmfile.cjs", false);
        }
    }
    found.optional(".npmrc", false);
    if fetch.ecosystem == Ecosystem::Yarn {
        found.optional(".yarn", true);
    }

    // Yarn 1 can take the packages from a folder of the project instead of the registry.
    if fetch.ecosystem == Ecosystem::Yarn && found.look.is_file(".yarnrc") {
        let yarnrc = found.text(".yarnrc")?;
        if yarnrc.lines().any(|line| line.trim_start().starts_with("yarn-offline-mirror")) {
            return Err("`.yarnrc` names an offline mirror, a folder of packages the install \
                        reads from the project"
                .into());
        }
    }
    let text = found.text("package.json")?;
    let package: Value =
        serde_json::from_str(&text).map_err(|_| "`package.json` is not valid JSON".to_string())?;
    if package.get("workspaces").is_some() {
        return Err(
            "`package.json` declares workspaces, whose manifests are in other folders".into()
        );
    }
    if !fetch.no_scripts {
        let scripts = package.get("scripts").and_then(Value::as_object);
        if let Some(script) =
            INSTALL_SCRIPTS.iter().find(|s| scripts.is_some_and(|all| all.contains_key(**s)))
        {
            return Err(format!(
                "`package.json` has a `{script}` script, which the install runs, and which may \
                 need the sources"
            ));
        }
        // Without an install script of its own, a package with a `binding.gyp` is built with
        // node-gyp on install.
        if found.look.is_file("binding.gyp") {
            return Err("`binding.gyp` makes the install build native code from the sources".into());
        }
    }
    for field in
        ["dependencies", "devDependencies", "optionalDependencies", "overrides", "resolutions"]
    {
        let Some(deps) = package.get(field).and_then(Value::as_object) else { continue };
        for (name, spec) in deps {
            if let Some(spec) = spec.as_str().filter(|s| is_local_node_spec(s)) {
                return Err(format!("`{name}` is a dependency on a local path (`{spec}`)"));
            }
        }
    }
    let patched = package.get("pnpm").and_then(|p| p.get("patchedDependencies"));
    if patched.is_some() {
        return Err("`package.json` patches dependencies with files of the project".into());
    }
    let locks: &[&str] = match fetch.ecosystem {
        Ecosystem::Npm => &["package-lock.json", "npm-shrinkwrap.json"],
        Ecosystem::Yarn => &["yarn.lock"],
        _ => &["pnpm-lock.yaml"],
    };
    // Without its lock file the command fails whatever is copied: the build is broken already.
    let sent = |lock: &&str| found.look.is_file(lock) && !found.look.ignore.excludes(lock);
    if fetch.lock_required && !locks.iter().any(sent) {
        let names: Vec<String> = locks.iter().map(|lock| format!("`{lock}`")).collect();
        return Err(format!(
            "`{}` needs {}, which the build context does not send: it is not there, or \
             `.dockerignore` leaves it out",
            fetch.what,
            names.join(" or ")
        ));
    }
    Ok(())
}

/// Whether a dependency of `package.json` is taken from a path rather than fetched.
fn is_local_node_spec(spec: &str) -> bool {
    const LOCAL: &[&str] = &["file:", "link:", "portal:", "workspace:", "./", "../", "/", "~/"];
    LOCAL.iter().any(|prefix| spec.starts_with(prefix))
        || (spec.contains("patch:") && !spec.contains(".yarn/patches/"))
}

/// `dir/path` with `.` and `..` resolved; `None` when it leaves the context.
fn join_relative(dir: &str, path: &str) -> Option<String> {
    let mut names: Vec<&str> = dir.split('/').filter(|n| !n.is_empty()).collect();
    for name in path.split('/') {
        match name {
            "" | "." => {}
            ".." => {
                names.pop()?;
            }
            _ => names.push(name),
        }
    }
    Some(names.join("/"))
}

/// A requirements file, and those it includes; `depth` guards against files including each
/// other.
fn requirements(path: &str, found: &mut Found<'_>, depth: usize) -> Result<(), String> {
    if depth > 8 || found.entries.iter().any(|e| e.path == path) {
        return Ok(());
    }
    found.required(path)?;
    let text = found.text(path)?;
    let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    for line in text.replace("\\\r\n", " ").replace("\\\n", " ").lines() {
        // A comment starts at a `#` that begins the line or follows a blank.
        let line = match line.find(" #").or(line.find("\t#")) {
            Some(at) => &line[..at],
            None if line.trim_start().starts_with('#') => "",
            None => line,
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(&first) = words.first() else { continue };
        let (option, value) = match first.split_once('=') {
            Some((option, value)) if option.starts_with("--") => (option, Some(value)),
            _ if first.starts_with('-') && !first.starts_with("--") && first.len() > 2 => {
                (&first[..2], Some(&first[2..]))
            }
            _ => (first, words.get(1).copied()),
        };
        match option {
            "-r" | "--requirement" | "-c" | "--constraint" => {
                let Some(value) = value.filter(|v| !v.contains("://")) else { continue };
                if value.starts_with('/') {
                    return Err(format!("`{path}` includes `{value}` by an absolute path"));
                }
                let nested = join_relative(dir, value)
                    .ok_or_else(|| format!("`{path}` includes `{value}`, outside the context"))?;
                requirements(&nested, found, depth + 1)?;
            }
            "-e" | "--editable" => {
                if value.is_some_and(is_local_path) {
                    let value = value.unwrap_or_default();
                    return Err(format!("`{path}` installs `{value}` from the sources"));
                }
            }
            "-f" | "--find-links" => {
                if let Some(value) = value.filter(|v| !v.contains("://")) {
                    return Err(format!("`{path}` reads packages from the folder `{value}`"));
                }
            }
            _ if first.starts_with('-') => {}
            _ => {
                let spec = line.split(';').next().unwrap_or(line);
                if spec.contains("file:") || is_local_path(first) {
                    return Err(format!("`{path}` installs `{first}` from a local path"));
                }
            }
        }
    }
    Ok(())
}

fn parse_toml(found: &Found<'_>, path: &str) -> Result<toml::Table, String> {
    let text = found.text(path)?;
    text.parse::<toml::Table>().map_err(|_| format!("`{path}` is not valid TOML"))
}

/// The name of the first dependency in `deps` (a table of name to version or table) that is
/// taken from a path, or with `key` set (`workspace`).
fn with_key(deps: Option<&toml::Value>, keys: &[&str]) -> Option<String> {
    let deps = deps?.as_table()?;
    deps.iter()
        .find(|(_, spec)| {
            let tables: Vec<&toml::Table> = match spec {
                toml::Value::Table(table) => vec![table],
                toml::Value::Array(items) => items.iter().filter_map(|i| i.as_table()).collect(),
                _ => Vec::new(),
            };
            tables.iter().any(|t| keys.iter().any(|key| t.contains_key(*key)))
        })
        .map(|(name, _)| name.clone())
}

/// A PEP 621 dependency that points at a file: `name @ file:///...`.
fn project_file_dependency(doc: &toml::Table) -> Option<String> {
    let project = doc.get("project")?;
    let mut lists: Vec<&toml::Value> = project.get("dependencies").into_iter().collect();
    if let Some(optional) = project.get("optional-dependencies").and_then(|o| o.as_table()) {
        lists.extend(optional.values());
    }
    lists
        .iter()
        .filter_map(|list| list.as_array())
        .flatten()
        .filter_map(|spec| spec.as_str())
        .find(|spec| spec.contains("file:"))
        .map(str::to_string)
}

fn python_project(ecosystem: Ecosystem, found: &mut Found<'_>) -> Result<(), String> {
    found.required("pyproject.toml")?;
    if ecosystem == Ecosystem::Poetry {
        found.optional("poetry.lock", false);
        found.optional("poetry.toml", false);
    } else {
        found.optional("uv.lock", false);
        found.optional(".python-version", false);
        found.optional("uv.toml", false);
    }
    let doc = parse_toml(found, "pyproject.toml")?;
    if let Some(spec) = project_file_dependency(&doc) {
        return Err(format!("`{spec}` is a dependency on a local path"));
    }
    let tool = doc.get("tool");
    if ecosystem == Ecosystem::Poetry {
        let poetry = tool.and_then(|t| t.get("poetry"));
        let mut tables: Vec<Option<&toml::Value>> = vec![
            poetry.and_then(|p| p.get("dependencies")),
            poetry.and_then(|p| p.get("dev-dependencies")),
        ];
        let groups = poetry.and_then(|p| p.get("group")).and_then(|g| g.as_table());
        tables.extend(groups.into_iter().flat_map(|g| g.values()).map(|g| g.get("dependencies")));
        if let Some(name) = tables.into_iter().find_map(|deps| with_key(deps, &["path"])) {
            return Err(format!("`{name}` is a path dependency"));
        }
        return Ok(());
    }
    let uv = tool.and_then(|t| t.get("uv"));
    if uv.and_then(|u| u.get("workspace")).is_some() {
        return Err(
            "`pyproject.toml` declares a workspace, whose members are in other folders".into()
        );
    }
    if let Some(name) = with_key(uv.and_then(|u| u.get("sources")), &["path", "workspace"]) {
        return Err(format!("`{name}` is taken from a path"));
    }
    let dynamic = doc.get("project").and_then(|p| p.get("dynamic")).and_then(|d| d.as_array());
    let computed = dynamic
        .into_iter()
        .flatten()
        .filter_map(|d| d.as_str())
        .find(|d| d.contains("dependencies"));
    if let Some(field) = computed {
        return Err(format!("the project's `{field}` are computed from its sources"));
    }
    Ok(())
}

fn pipfile(found: &mut Found<'_>) -> Result<(), String> {
    found.required("Pipfile")?;
    found.optional("Pipfile.lock", false);
    let doc = parse_toml(found, "Pipfile")?;
    let categories = doc
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "source" | "requires" | "scripts" | "pipenv"));
    for (_, packages) in categories {
        if let Some(name) = with_key(Some(packages), &["path"]) {
            return Err(format!("`{name}` is a path dependency"));
        }
    }
    Ok(())
}

fn go(found: &mut Found<'_>) -> Result<(), String> {
    found.required("go.mod")?;
    found.optional("go.sum", false);
    if found.look.is_file("go.work") {
        return Err("`go.work` declares a workspace, whose modules are in other folders".into());
    }
    let text = found.text("go.mod")?;
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        let replacement = if in_block {
            in_block = line != ")";
            line
        } else if let Some(rest) =
            line.strip_prefix("replace").filter(|r| r.starts_with([' ', '\t', '(']))
        {
            let rest = rest.trim();
            in_block = rest == "(";
            rest
        } else {
            continue;
        };
        let target = replacement.split_once("=>").and_then(|(_, t)| t.split_whitespace().next());
        if let Some(target) = target.filter(|t| {
            *t == "." || t.starts_with("./") || t.starts_with("../") || t.starts_with('/')
        }) {
            return Err(format!("`go.mod` replaces a module with the local folder `{target}`"));
        }
    }
    Ok(())
}

fn cargo(found: &mut Found<'_>) -> Result<(), String> {
    found.required("Cargo.toml")?;
    found.optional("Cargo.lock", false);
    found.optional("rust-toolchain.toml", false);
    found.optional("rust-toolchain", false);
    found.optional(".cargo", true);
    let doc = parse_toml(found, "Cargo.toml")?;
    if doc.contains_key("workspace") || !doc.contains_key("package") {
        return Err("`Cargo.toml` declares a workspace, whose members are in other folders".into());
    }
    // Cargo reads a manifest only with its targets in place: `src/main.rs` or `src/lib.rs`
    // unless every target names its file.
    let lib = doc.get("lib").and_then(|l| l.as_table());
    let listed = |key: &str| -> Vec<&toml::Table> {
        let items = doc.get(key).and_then(|v| v.as_array());
        items.into_iter().flatten().filter_map(|i| i.as_table()).collect()
    };
    let bins = listed("bin");
    let all_named = lib
        .into_iter()
        .chain(bins.iter().copied())
        .chain(["example", "test", "bench"].iter().flat_map(|k| listed(k)))
        .all(|target| target.contains_key("path"));
    if (lib.is_none() && bins.is_empty()) || !all_named {
        return Err("Cargo reads `src/main.rs` or `src/lib.rs` with `Cargo.toml`, and they come \
                    with the sources"
            .into());
    }
    let mut tables: Vec<Option<&toml::Value>> =
        ["dependencies", "dev-dependencies", "build-dependencies"]
            .iter()
            .map(|k| doc.get(*k))
            .collect();
    let targets = doc.get("target").and_then(|t| t.as_table());
    for platform in targets.into_iter().flat_map(|t| t.values()) {
        tables.extend(
            ["dependencies", "dev-dependencies", "build-dependencies"]
                .iter()
                .map(|k| platform.get(*k)),
        );
    }
    let patches = doc.get("patch").and_then(|p| p.as_table());
    tables.extend(patches.into_iter().flat_map(|p| p.values()).map(Some));
    if let Some(name) = tables.into_iter().find_map(|deps| with_key(deps, &["path"])) {
        return Err(format!("`{name}` is a path dependency"));
    }
    Ok(())
}

/// Whether `text` holds `word` where it does not continue a longer name.
fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The lines of Ruby or Elixir code that are not comment lines.
fn code_lines(text: &str) -> String {
    text.lines().filter(|l| !l.trim_start().starts_with('#')).collect::<Vec<_>>().join("\n")
}

/// The quoted string at the start of `text`, if there is one.
fn quoted(text: &str) -> Option<&str> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &text[1..];
    rest.find(quote).map(|end| &rest[..end])
}

fn bundler(found: &mut Found<'_>) -> Result<(), String> {
    let (gemfile, lock) = if !found.look.is_file("Gemfile") && found.look.is_file("gems.rb") {
        ("gems.rb", "gems.locked")
    } else {
        ("Gemfile", "Gemfile.lock")
    };
    found.required(gemfile)?;
    found.optional(lock, false);
    let code = code_lines(&found.text(gemfile)?);
    for word in ["gemspec", "path:", ":path", "eval_gemfile", "require_relative", "Dir.", "IO."] {
        if mentions(&code, word) {
            return Err(format!("the `{gemfile}` reads other files of the project (`{word}`)"));
        }
    }
    if code
        .lines()
        .any(|l| l.trim_start().starts_with("path ") || l.trim_start().starts_with("path("))
    {
        return Err(format!("the `{gemfile}` takes gems from a folder of the project"));
    }
    // The Ruby version may be read from a file, named on the `ruby` line:
    // `ruby file: ".ruby-version"` or `ruby File.read(".ruby-version").strip`.
    for line in code.lines() {
        let reads = line.contains("file:") || line.contains("File.");
        if !reads {
            continue;
        }
        let version = line.trim_start().strip_prefix("ruby ").map(str::trim_start);
        let named = version.and_then(|rest| {
            let rest = rest.strip_prefix("file:").or(rest.strip_prefix("File.read("))?;
            quoted(rest.trim_start())
        });
        let file =
            named.ok_or_else(|| format!("the `{gemfile}` reads other files of the project"))?;
        found.required(file.trim_start_matches("./"))?;
    }
    Ok(())
}

/// Composer's events a root package's scripts may hook into on install.
fn composer(fetch: &Fetch, found: &mut Found<'_>) -> Result<(), String> {
    found.required("composer.json")?;
    found.optional("composer.lock", false);
    found.optional("auth.json", false);
    let text = found.text("composer.json")?;
    let doc: Value =
        serde_json::from_str(&text).map_err(|_| "`composer.json` is not valid JSON".to_string())?;
    if !fetch.no_scripts {
        let scripts = doc.get("scripts").and_then(Value::as_object);
        let hook = scripts
            .into_iter()
            .flat_map(|s| s.keys())
            .find(|k| k.starts_with("pre-") || k.starts_with("post-"));
        if let Some(hook) = hook {
            return Err(format!(
                "`composer.json` has a `{hook}` script, which may need the sources; add \
                 `--no-scripts`"
            ));
        }
    }
    if !fetch.no_autoloader {
        let classmap = ["autoload", "autoload-dev"]
            .iter()
            .any(|key| doc.get(*key).and_then(|a| a.get("classmap")).is_some());
        let config = doc.get("config");
        let optimized = fetch.optimized_autoloader
            || ["optimize-autoloader", "classmap-authoritative", "apcu-autoloader"]
                .iter()
                .any(|key| config.and_then(|c| c.get(*key)) == Some(&Value::Bool(true)));
        if classmap || optimized {
            return Err("the autoloader Composer writes is built from a scan of the sources; add \
                        `--no-autoloader` and write it once they are copied"
                .into());
        }
    }
    let repositories: Vec<&Value> = match doc.get("repositories") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Object(items)) => items.values().collect(),
        _ => Vec::new(),
    };
    if repositories.iter().any(|r| r.get("type").and_then(Value::as_str) == Some("path")) {
        return Err("`composer.json` takes packages from a folder of the project".into());
    }
    Ok(())
}

fn mix(found: &mut Found<'_>) -> Result<(), String> {
    found.required("mix.exs")?;
    found.optional("mix.lock", false);
    let code = code_lines(&found.text("mix.exs")?);
    if mentions(&code, "apps_path") || mentions(&code, "in_umbrella") {
        return Err("the project is an umbrella, whose apps are in other folders".into());
    }
    if mentions(&code, "path:") || mentions(&code, ":path") {
        return Err("`mix.exs` has a path dependency".into());
    }
    for word in ["File.", "Code.eval_file", "Code.require_file", "Path.wildcard"] {
        if mentions(&code, word) {
            return Err(format!("`mix.exs` reads other files of the project (`{word}`)"));
        }
    }
    Ok(())
}

fn maven(fetch: &Fetch, named: &[String], found: &mut Found<'_>) -> Result<(), String> {
    found.required("pom.xml")?;
    if fetch.wrapper {
        found.required("mvnw")?;
        if found.look.sent(".mvn").is_none_or(|m| !m.is_dir()) {
            return Err("`.mvn`, which the Maven wrapper needs, is not in the build context".into());
        }
    }
    found.optional(".mvn", true);
    for file in named {
        if !file.starts_with(".mvn/") {
            found.required(file)?;
        }
    }
    if found.text("pom.xml")?.contains("<modules>") {
        return Err("`pom.xml` lists modules, whose poms are in other folders".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::installers::{Role, role};
    use super::*;
    use crate::shell::commands;

    /// What `manifests` makes of the fetch `script` in a context holding `files`: the paths to
    /// copy, or why there are none.
    fn read(files: &[(&str, &str)], script: &str) -> Result<Vec<String>, String> {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let ignore = DockerIgnore::of(dir.path(), None);
        let look = Lookup { context: dir.path(), ignore: &ignore };
        let Role::Fetch(fetch) = role(&commands(script).remove(0), None) else {
            panic!("{script} is no fetch")
        };
        let entries = manifests(&fetch, &fetch.named, &look)?;
        Ok(entries
            .into_iter()
            .map(|e| if e.folder { format!("{}/", e.path) } else { e.path })
            .collect())
    }

    fn refused(files: &[(&str, &str)], script: &str, because: &str) {
        match read(files, script) {
            Err(reason) => assert!(reason.contains(because), "{script}: {reason}"),
            Ok(entries) => panic!("{script}: fixed with {entries:?}, expected `{because}`"),
        }
    }

    #[test]
    fn node_manifests_and_what_needs_the_sources() {
        let package = r#"{"dependencies": {"express": "^4"}}"#;
        let files = [("package.json", package), ("package-lock.json", "{}"), (".npmrc", "")];
        assert_eq!(
            read(&files, "npm ci").unwrap(),
            ["package.json", "package-lock.json", ".npmrc"]
        );
        refused(&[], "npm ci", "`package.json` is not in the build context");
        let bare = [("package.json", package)];
        refused(&bare, "npm ci", "`npm ci` needs `package-lock.json` or `npm-shrinkwrap.json`");
        refused(&bare, "yarn install --frozen-lockfile", "needs `yarn.lock`");
        refused(&bare, "pnpm install --frozen-lockfile", "needs `pnpm-lock.yaml`");
        let mirror = [
            ("package.json", package),
            ("yarn.lock", ""),
            (".yarnrc", "yarn-offline-mirror \"./npm-packages-offline-cache\"\n"),
        ];
        refused(&mirror, "yarn install --offline", "offline mirror");
        let registry = [mirror[0], mirror[1], (".yarnrc", "registry \"https://r.example\"\n")];
        assert_eq!(read(&registry, "yarn").unwrap(), ["package.json", "yarn.lock", ".yarnrc"]);
        assert_eq!(read(&bare, "npm install").unwrap(), ["package.json"]);
        let shrinkwrapped = [("package.json", package), ("npm-shrinkwrap.json", "{}")];
        assert_eq!(
            read(&shrinkwrapped, "npm ci").unwrap(),
            ["package.json", "npm-shrinkwrap.json"]
        );
        refused(&[("package.json", "{")], "npm ci", "not valid JSON");
        let prepare = r#"{"scripts": {"prepare": "husky"}}"#;
        refused(&[("package.json", prepare)], "npm ci", "`prepare` script");
        assert!(read(&[("package.json", prepare)], "npm install --ignore-scripts").is_ok());
        refused(&[("package.json", "{}"), ("binding.gyp", "{}")], "npm install", "binding.gyp");
        let local = r#"{"dependencies": {"ui": "file:../ui"}}"#;
        refused(&[("package.json", local)], "yarn", "`ui` is a dependency on a local path");
        refused(&[("package.json", r#"{"workspaces": ["a"]}"#)], "yarn install", "workspaces");
        let files = [("package.json", "{}"), ("pnpm-workspace.yaml", "packages: []\n")];
        refused(&files, "pnpm install", "pnpm-workspace.yaml");
        assert_eq!(read(&[("pnpm-lock.yaml", "")], "pnpm fetch").unwrap(), ["pnpm-lock.yaml"]);
        let files = [("package.json", "{}"), ("node_modules/x/index.js", "")];
        refused(&files, "npm install", "holds `node_modules`");
        let files = [
            ("package.json", "{}"),
            ("node_modules/x/index.js", ""),
            (".dockerignore", "node_modules\n"),
        ];
        assert!(read(&files, "npm install").is_ok());
    }

    #[test]
    fn requirements_files_and_those_they_include() {
        let files = [
            (
                "requirements.txt",
                "-r reqs/base.txt  # shared\n-c constraints.txt\n\
                 flask==3.0 \\\n  --hash=sha256:abc\n",
            ),
            (
                "reqs/base.txt",
                "# the basics\n--requirement=../extra.txt\n\
                 requests>=2 ; python_version > \"3.8\"\n",
            ),
            ("extra.txt", "-i https://pypi.example.com/simple\nuvicorn\n"),
            ("constraints.txt", "urllib3<3\n"),
        ];
        assert_eq!(
            read(&files, "pip install -r requirements.txt").unwrap(),
            ["requirements.txt", "reqs/base.txt", "extra.txt", "constraints.txt"]
        );
        refused(
            &[("requirements.txt", "-e ./libs/shared\n")],
            "pip install -r requirements.txt",
            "from the sources",
        );
        refused(
            &[("requirements.txt", "./wheels/x-1.0-py3-none-any.whl\n")],
            "pip install -r requirements.txt",
            "local path",
        );
        refused(
            &[("requirements.txt", "shared @ file:///src/shared\n")],
            "pip install -r requirements.txt",
            "local path",
        );
        refused(
            &[("requirements.txt", "--find-links wheels\n")],
            "pip install -r requirements.txt",
            "from the folder `wheels`",
        );
        refused(
            &[("requirements.txt", "-r ../outside.txt\n")],
            "pip install -r requirements.txt",
            "outside the context",
        );
        refused(
            &[("requirements.txt", "-r missing.txt\n")],
            "pip install -r requirements.txt",
            "`missing.txt` is not in the build context",
        );
        let looped = [("requirements.txt", "-r a.txt\n"), ("a.txt", "-r requirements.txt\nx\n")];
        assert_eq!(
            read(&looped, "pip install -r requirements.txt").unwrap(),
            ["requirements.txt", "a.txt"]
        );
    }

    #[test]
    fn python_projects() {
        let poetry = "[tool.poetry.dependencies]\npython = \"^3.12\"\n";
        let files = [("pyproject.toml", poetry), ("poetry.lock", ""), ("poetry.toml", "")];
        assert_eq!(
            read(&files, "poetry install --no-root").unwrap(),
            ["pyproject.toml", "poetry.lock", "poetry.toml"]
        );
        let grouped =
            "[tool.poetry.group.dev.dependencies]\nlib = { path = \"../lib\", develop = true }\n";
        refused(
            &[("pyproject.toml", grouped)],
            "poetry install --no-root",
            "`lib` is a path dependency",
        );
        refused(
            &[("pyproject.toml", "[tool.poetry\n")],
            "poetry install --no-root",
            "not valid TOML",
        );
        let uv = "[project]\nname = \"app\"\ndependencies = [\"httpx\"]\n";
        let files = [("pyproject.toml", uv), ("uv.lock", ""), (".venv/bin/python", "")];
        refused(&files, "uv sync --no-install-project", "holds `.venv`");
        let workspace = "[tool.uv.workspace]\nmembers = [\"packages/*\"]\n";
        refused(&[("pyproject.toml", workspace)], "uv sync --no-install-project", "workspace");
        let source = "[tool.uv.sources]\nlib = { workspace = true }\n";
        refused(
            &[("pyproject.toml", source)],
            "uv sync --no-install-project",
            "`lib` is taken from a path",
        );
        let dynamic = "[project]\nname = \"app\"\ndynamic = [\"version\", \"dependencies\"]\n";
        refused(
            &[("pyproject.toml", dynamic)],
            "uv sync --no-install-project",
            "computed from its sources",
        );
        let file = "[project]\ndependencies = [\"lib @ file:///src/lib\"]\n";
        refused(&[("pyproject.toml", file)], "uv sync --no-install-project", "local path");
        let pipfile = "[packages]\nflask = \"*\"\napp = { path = \".\", editable = true }\n";
        refused(&[("Pipfile", pipfile)], "pipenv install --deploy", "`app` is a path dependency");
        let files = [("Pipfile", "[packages]\nflask = \"*\"\n"), ("Pipfile.lock", "{}")];
        assert_eq!(read(&files, "pipenv sync").unwrap(), ["Pipfile", "Pipfile.lock"]);
    }

    #[test]
    fn go_and_cargo() {
        let module = "module example.com/app\n\ngo 1.23\n";
        assert_eq!(read(&[("go.mod", module)], "go mod download").unwrap(), ["go.mod"]);
        let block = format!(
            "{module}replace (\n\texample.com/a => example.com/b v1.0.0\n\
             \texample.com/c => ../c // local\n)\n"
        );
        refused(&[("go.mod", &block)], "go mod download", "the local folder `../c`");
        let remote = format!("{module}replace example.com/a => example.com/b v1.0.0\n");
        assert!(read(&[("go.mod", &remote)], "go mod download").is_ok());
        refused(&[("go.mod", module), ("go.work", "go 1.23\n")], "go mod download", "`go.work`");

        let package = "[package]\nname = \"app\"\nversion = \"0.1.0\"\n";
        let named = format!(
            "{package}[lib]\npath = \"src/lib.rs\"\n\
             [[bin]]\nname = \"app\"\npath = \"src/main.rs\"\n"
        );
        let files = [
            ("Cargo.toml", named.as_str()),
            ("Cargo.lock", ""),
            ("rust-toolchain.toml", ""),
            (".cargo/config.toml", ""),
        ];
        assert_eq!(
            read(&files, "cargo fetch").unwrap(),
            ["Cargo.toml", "Cargo.lock", "rust-toolchain.toml", ".cargo/"]
        );
        refused(&[("Cargo.toml", package)], "cargo fetch", "`src/main.rs` or `src/lib.rs`");
        let unnamed_bin =
            format!("{package}[lib]\npath = \"src/lib.rs\"\n[[bin]]\nname = \"tool\"\n");
        refused(&[("Cargo.toml", &unnamed_bin)], "cargo fetch", "`src/main.rs` or `src/lib.rs`");
        let path_dep =
            format!("{named}[target.'cfg(unix)'.dependencies]\nsys = {{ path = \"../sys\" }}\n");
        refused(&[("Cargo.toml", &path_dep)], "cargo fetch", "`sys` is a path dependency");
        let workspace = format!("{named}[workspace]\nmembers = [\"crates/*\"]\n");
        refused(&[("Cargo.toml", &workspace)], "cargo fetch", "workspace");
    }

    #[test]
    fn ruby_php_elixir_and_java() {
        let gemfile = "source \"https://rubygems.org\"\n\
                       ruby File.read(\".ruby-version\").strip\ngem \"rails\"\n";
        let files = [("Gemfile", gemfile), ("Gemfile.lock", ""), (".ruby-version", "3.3.6\n")];
        assert_eq!(
            read(&files, "bundle install").unwrap(),
            ["Gemfile", "Gemfile.lock", ".ruby-version"]
        );
        refused(
            &[("Gemfile", "source \"https://rubygems.org\"\ngemspec\n")],
            "bundle",
            "(`gemspec`)",
        );
        refused(
            &[("Gemfile", "gem \"ui\", path: \"engines/ui\"\n")],
            "bundle install",
            "(`path:`)",
        );
        refused(
            &[("Gemfile", "path \"engines\" do\n  gem \"ui\"\nend\n")],
            "bundle install",
            "from a folder",
        );
        let common = [("Gemfile", "eval(File.read(\"Gemfile.common\"))\n"), ("Gemfile.common", "")];
        refused(&common, "bundle install", "reads other files");
        refused(
            &[("Gemfile", "ruby file: \".tool-versions\"\n")],
            "bundle",
            "`.tool-versions` is not",
        );
        refused(
            &[("Gemfile", "gem \"x\"\n"), (".bundle/config", "")],
            "bundle install",
            "holds `.bundle`",
        );

        let composer =
            r#"{"autoload": {"classmap": ["database/"]}, "scripts": {"post-install-cmd": ["x"]}}"#;
        refused(&[("composer.json", composer)], "composer install", "`post-install-cmd` script");
        refused(&[("composer.json", composer)], "composer install --no-scripts", "autoloader");
        let files = [("composer.json", composer), ("composer.lock", "{}")];
        assert_eq!(
            read(&files, "composer install --no-scripts --no-autoloader").unwrap(),
            ["composer.json", "composer.lock"]
        );
        refused(&[("composer.json", "{}")], "composer install --optimize-autoloader", "autoloader");
        let path = r#"{"repositories": [{"type": "path", "url": "../pkg"}]}"#;
        refused(
            &[("composer.json", path)],
            "composer install --no-scripts --no-autoloader",
            "folder of the project",
        );

        let mix = "defmodule A.MixProject do\n  # deps from Hex\n\
                   \u{20} defp deps, do: [{:jason, \"~> 1.4\"}]\nend\n";
        assert_eq!(
            read(&[("mix.exs", mix), ("mix.lock", "")], "mix deps.get").unwrap(),
            ["mix.exs", "mix.lock"]
        );
        refused(&[("mix.exs", "[apps_path: \"apps\"]\n")], "mix deps.get", "umbrella");
        refused(
            &[("mix.exs", "[{:core, path: \"../core\"}]\n")],
            "mix deps.get",
            "path dependency",
        );
        refused(&[("mix.exs", "@version File.read!(\"VERSION\")\n")], "mix deps.get", "(`File.`)");
        assert!(
            read(&[("mix.exs", "[config_path: \"config/config.exs\"]\n")], "mix deps.get").is_ok()
        );

        let pom = "<project><modelVersion>4.0.0</modelVersion></project>\n";
        assert_eq!(
            read(&[("pom.xml", pom), (".mvn/maven.config", "")], "mvn dependency:go-offline")
                .unwrap(),
            ["pom.xml", ".mvn/"]
        );
        refused(
            &[("pom.xml", pom)],
            "./mvnw dependency:go-offline",
            "`mvnw` is not in the build context",
        );
        refused(&[("pom.xml", pom), ("mvnw", "")], "./mvnw dependency:go-offline", "`.mvn`");
        let files = [("pom.xml", pom), ("settings.xml", "")];
        assert_eq!(
            read(&files, "mvn -s settings.xml dependency:go-offline").unwrap(),
            ["pom.xml", "settings.xml"]
        );
        refused(
            &[("pom.xml", "<project><modules><module>a</module></modules></project>")],
            "mvn dependency:go-offline",
            "modules",
        );
    }
}
