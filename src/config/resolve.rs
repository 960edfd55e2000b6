//! Which configuration applies to each Dockerfile: finding the files around it, layering them
//! with the command line, and remembering the result for each folder.

use std::collections::{HashMap, HashSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::file::{self, ContextEntry, Globs, Layer};
use super::options::{BuildTools, RuleOptions};
use super::{ConfigError, FILE_NAMES, display_path, lexical_join};
use crate::fix;
use crate::workspace::{Source, describe_io};

/// What the command line says about configuration; `None` and empty lists leave the files'
/// values alone.
#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    /// `--config`: configuration files and `KEY = VALUE` settings, in the order given.
    pub config: Vec<String>,
    /// `--isolated`: read no configuration file.
    pub isolated: bool,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    /// `Some(true)` for `--unsafe-fixes`, `Some(false)` for `--no-unsafe-fixes`.
    pub unsafe_fixes: Option<bool>,
    pub exclude: Option<Vec<String>>,
    pub extend_exclude: Vec<String>,
    /// Exclude files named on the command line too.
    pub force_exclude: bool,
    /// `--context`: the build context of every Dockerfile.
    pub context: Option<PathBuf>,
    /// `--target`: the stage every build stops at.
    pub target: Option<String>,
}

/// The settings of `dockfix pr`, which only carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrOptions {
    pub branch: Option<String>,
    pub remote: Option<String>,
}

impl PrOptions {
    pub const DEFAULT_BRANCH: &str = "dockfix/fixes";
    pub const DEFAULT_REMOTE: &str = "origin";

    pub fn branch(&self) -> &str {
        self.branch.as_deref().unwrap_or(PrOptions::DEFAULT_BRANCH)
    }

    pub fn remote(&self) -> &str {
        self.remote.as_deref().unwrap_or(PrOptions::DEFAULT_REMOTE)
    }
}

/// The settings of one folder's Dockerfiles, before `[[contexts]]` picks a build per file.
#[derive(Debug)]
pub struct Resolved {
    pub settings: Arc<fix::Settings>,
    pub pr: PrOptions,
    /// Where the settings come from, lowest precedence first: files and `--config` arguments.
    pub origins: Vec<String>,
    /// `exclude` of the layer that set it last, and every `extend-exclude`.
    exclude: Vec<Globs>,
    /// `[[contexts]]` entries, those of higher precedence first.
    contexts: Vec<ContextEntry>,
}

/// What applies in one folder: the configuration files found from it up, farthest first, and
/// the settings they make with the overrides.
#[derive(Debug)]
struct Scope {
    files: Vec<Arc<Layer>>,
    resolved: Arc<Resolved>,
}

type Errors = Vec<ConfigError>;

/// Works out the settings of each Dockerfile of a run. Built once from the command line; each
/// configuration file is read once, whatever the number of threads asking.
#[derive(Debug)]
pub struct Resolver {
    cwd: PathBuf,
    /// `--isolated` or `--config FILE`: the same layers for every folder, no file looked for.
    fixed: Option<Arc<Scope>>,
    /// The `--config KEY=VALUE` layers in order, then the flags.
    overrides: Vec<Arc<Layer>>,
    force_exclude: bool,
    context: Option<PathBuf>,
    target: Option<String>,
    /// Folders already looked at, absolute.
    folders: Mutex<HashMap<PathBuf, Result<Arc<Scope>, Errors>>>,
}

impl Resolver {
    /// Reads `--config` and the flags; every error in them is returned, so that the run can stop
    /// before it reads any Dockerfile.
    pub fn new(cli: &CommandLine) -> Result<Resolver, Errors> {
        let cwd = std::env::current_dir().map_err(|err| {
            let message = format!("cannot read: {}", describe_io(&err));
            vec![ConfigError { origin: "the current folder".into(), position: None, message }]
        })?;
        Resolver::in_folder(cli, &cwd)
    }

    /// [`Resolver::new`] as if run in `cwd`, which is absolute.
    pub fn in_folder(cli: &CommandLine, cwd: &Path) -> Result<Resolver, Errors> {
        let mut errors = Vec::new();
        let mut file = None;
        let mut overrides = Vec::new();
        for argument in &cli.config {
            let path = lexical_join(cwd, Path::new(argument));
            let error = |message: String| ConfigError {
                origin: "--config".into(),
                position: None,
                message: format!("`{argument}`: {message}"),
            };
            let found = regular_file(&path);
            if found == Ok(true) {
                if cli.isolated {
                    errors.push(error("a file, and --isolated reads none".into()));
                } else if file.is_some() {
                    errors.push(error("only one configuration file may be given".into()));
                } else {
                    file = Some(argument);
                }
            } else if argument.contains('=') {
                let origin = format!("--config '{argument}'");
                match file::parse(argument, &origin, cwd) {
                    Ok(layer) => overrides.push(Arc::new(layer)),
                    Err(mut bad) => errors.append(&mut bad),
                }
            } else if let Err(message) = found {
                errors.push(error(message));
            } else {
                errors.push(error("no such file, and not a `KEY = VALUE` setting".into()));
            }
        }
        let file = file.map(|argument| {
            let path = lexical_join(cwd, Path::new(argument));
            read_file(&path, argument, path.parent().unwrap_or(cwd))
        });
        let file = match file.transpose() {
            Ok(file) => file,
            Err(mut bad) => {
                errors.append(&mut bad);
                None
            }
        };
        match flags_layer(cli, cwd) {
            Ok(layer) => overrides.push(Arc::new(layer)),
            Err(mut bad) => errors.append(&mut bad),
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let mut resolver = Resolver {
            cwd: cwd.to_path_buf(),
            fixed: None,
            overrides,
            force_exclude: cli.force_exclude,
            context: cli.context.as_ref().map(|dir| lexical_join(cwd, dir)),
            target: cli.target.clone(),
            folders: Mutex::new(HashMap::new()),
        };
        if cli.isolated || file.is_some() {
            let files: Vec<Arc<Layer>> = file.into_iter().map(Arc::new).collect();
            let resolved = Arc::new(resolver.resolve(&files));
            resolver.fixed = Some(Arc::new(Scope { files, resolved }));
        }
        Ok(resolver)
    }

    pub(super) fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// The settings for the Dockerfile at `path`, or for standard input (`None`), which takes
    /// the configuration of the current folder.
    pub fn settings_for(&self, path: Option<&Path>) -> Result<Arc<fix::Settings>, Errors> {
        let resolved = self.resolved_for(path)?;
        let settings = &resolved.settings;
        let Some(path) = path else { return Ok(Arc::clone(settings)) };
        let absolute = lexical_join(&self.cwd, path);
        // FIXME(contexts-scale): each file is matched against the entries one by one, so a
        // configuration with thousands of `[[contexts]]` entries over thousands of Dockerfiles
        // takes seconds to minutes; one `GlobSet` per root folder would match them in one pass.
        let entry = resolved.contexts.iter().find(|entry| entry.applies_to(&absolute));
        match entry {
            Some(entry) if settings.context.is_none() || settings.target.is_none() => {
                let mut settings = fix::Settings::clone(settings);
                settings.context.get_or_insert_with(|| entry.context.clone());
                if settings.target.is_none() {
                    settings.target.clone_from(&entry.target);
                }
                Ok(Arc::new(settings))
            }
            _ => Ok(Arc::clone(settings)),
        }
    }

    /// Everything configured for the Dockerfiles in the folder of `path` (the current folder
    /// for `None`).
    pub fn resolved_for(&self, path: Option<&Path>) -> Result<Arc<Resolved>, Errors> {
        if let Some(fixed) = &self.fixed {
            return Ok(Arc::clone(&fixed.resolved));
        }
        let folder = match path {
            Some(path) => lexical_join(&self.cwd, path).parent().map(Path::to_path_buf),
            None => None,
        };
        let scope = self.scope(folder.as_deref().unwrap_or(&self.cwd))?;
        Ok(Arc::clone(&scope.resolved))
    }

    /// Whether the file at `path` is left out. A file `named` on the command line is left out
    /// only with `--force-exclude`.
    pub fn is_excluded(&self, path: &Path, named: bool) -> Result<bool, Errors> {
        if named && !self.force_exclude {
            return Ok(false);
        }
        let resolved = self.resolved_for(Some(path))?;
        let absolute = lexical_join(&self.cwd, path);
        Ok(resolved.exclude.iter().any(|globs| globs.matches(&absolute)))
    }

    /// Each source that is not excluded, with its settings; `named` are the files named on the
    /// command line. Every configuration error met is returned instead, sorted, each once.
    //
    // FIXME(walk): excluded folders are still walked and their files dropped here; pruning them
    // during the walk needs the walker to ask for each folder's configuration as it goes.
    pub fn plan(
        &self,
        sources: &[Source],
        named: &[PathBuf],
    ) -> Result<Vec<(Source, Arc<fix::Settings>)>, Errors> {
        let mut planned = Vec::new();
        let mut errors = Vec::new();
        // A set, as every file can be named: a walk by `dockfix pr`, or a long command line.
        let named: HashSet<&Path> = named.iter().map(PathBuf::as_path).collect();
        for source in sources {
            let path = source.path();
            let excluded = match path {
                Some(path) => self.is_excluded(path, named.contains(path)),
                None => Ok(false),
            };
            match excluded.and_then(|excluded| Ok((excluded, self.settings_for(path)?))) {
                Ok((true, _)) => {}
                Ok((false, settings)) => planned.push((source.clone(), settings)),
                Err(mut bad) => errors.append(&mut bad),
            }
        }
        if errors.is_empty() {
            return Ok(planned);
        }
        errors.sort();
        errors.dedup();
        Err(errors)
    }

    /// The scope of `folder`, absolute, looking for files in it and up from it as far as no
    /// folder already looked at answers.
    fn scope(&self, folder: &Path) -> Result<Arc<Scope>, Errors> {
        // One lock for the whole walk up, so that no file is read twice.
        let mut folders = self.folders.lock().unwrap_or_else(PoisonError::into_inner);
        let mut pending = Vec::new();
        let mut above: Result<Option<Arc<Scope>>, Errors> = Ok(None);
        let mut next = Some(folder);
        while let Some(current) = next {
            if let Some(known) = folders.get(current) {
                above = known.clone().map(Some);
                break;
            }
            pending.push(current.to_path_buf());
            // The repository's root is the last folder looked at.
            next = if current.join(".git").exists() { None } else { current.parent() };
        }

        // From the top down, each folder adds its own file, if any, to those above it.
        for current in pending.into_iter().rev() {
            let scope = above.and_then(|above| match (read_folder(&current, &self.cwd)?, above) {
                (None, Some(above)) => Ok(above),
                (own, above) => {
                    let mut files = above.map(|scope| scope.files.clone()).unwrap_or_default();
                    files.extend(own.map(Arc::new));
                    let resolved = Arc::new(self.resolve(&files));
                    Ok(Arc::new(Scope { files, resolved }))
                }
            });
            folders.insert(current, scope.clone());
            above = scope.map(Some);
        }
        match above {
            Ok(Some(scope)) => Ok(scope),
            Ok(None) => unreachable!("the folder itself is looked at or known"),
            Err(errors) => Err(errors),
        }
    }

    /// The settings that `files` (farthest first) and the overrides make.
    fn resolve(&self, files: &[Arc<Layer>]) -> Resolved {
        let layers: Vec<&Layer> = files.iter().chain(&self.overrides).map(Arc::as_ref).collect();
        let mut settings = fix::Settings::default();
        let mut options = RuleOptions::default();
        let mut pr = PrOptions::default();
        let mut exclude = None;
        let mut extend_exclude = Vec::new();
        let mut packages = None;
        let mut extend_packages = Vec::new();
        for layer in &layers {
            if let Some(select) = &layer.select {
                settings.select = Some(select.clone());
            }
            if let Some(ignore) = &layer.ignore {
                settings.ignore.clone_from(ignore);
            }
            settings.unsafe_fixes = layer.unsafe_fixes.unwrap_or(settings.unsafe_fixes);
            exclude = layer.exclude.as_ref().or(exclude);
            extend_exclude.extend(layer.extend_exclude.iter().cloned());

            let user = &mut options.non_root_user;
            if let Some(name) = &layer.user_name {
                user.name.clone_from(name);
            }
            user.uid = layer.uid.unwrap_or(user.uid);
            user.gid = layer.gid.unwrap_or(user.gid);
            let pin = &mut options.base_image_pin;
            pin.policy = layer.pin_policy.unwrap_or(pin.policy);
            pin.images.extend(layer.images.iter().map(|(k, v)| (k.clone(), v.clone())));
            packages = layer.packages.as_ref().or(packages);
            extend_packages.extend(layer.extend_packages.iter().cloned());
            pr.branch = layer.pr_branch.clone().or(pr.branch);
            pr.remote = layer.pr_remote.clone().or(pr.remote);
        }

        let mut tools = match packages {
            Some(packages) => packages.clone(),
            None => BuildTools::default().packages,
        };
        for package in extend_packages {
            if !tools.contains(&package) {
                tools.push(package);
            }
        }
        options.build_tools.packages = tools;
        settings.options = Arc::new(options);
        settings.context.clone_from(&self.context);
        settings.target.clone_from(&self.target);
        Resolved {
            settings: Arc::new(settings),
            pr,
            // The flags' layer, last, is left out: it is there in every run.
            origins: layers[..layers.len() - 1].iter().map(|layer| layer.origin.clone()).collect(),
            exclude: exclude.into_iter().cloned().chain(extend_exclude).collect(),
            contexts: layers.iter().rev().flat_map(|layer| layer.contexts.clone()).collect(),
        }
    }
}

/// The command line's flags as the layer with the highest precedence.
fn flags_layer(cli: &CommandLine, cwd: &Path) -> Result<Layer, Errors> {
    let globs = |flag: &str, patterns: &[String]| {
        Globs::new(cwd, patterns).map_err(|(_, message)| ConfigError {
            origin: flag.to_string(),
            position: None,
            message,
        })
    };
    let mut errors = Vec::new();
    let mut layer = Layer {
        origin: "command line".into(),
        select: cli.select.clone(),
        ignore: cli.ignore.clone(),
        unsafe_fixes: cli.unsafe_fixes,
        ..Layer::default()
    };
    if let Some(patterns) = &cli.exclude {
        match globs("--exclude", patterns) {
            Ok(globs) => layer.exclude = Some(globs),
            Err(err) => errors.push(err),
        }
    }
    if !cli.extend_exclude.is_empty() {
        match globs("--extend-exclude", &cli.extend_exclude) {
            Ok(globs) => layer.extend_exclude = Some(globs),
            Err(err) => errors.push(err),
        }
    }
    let flag_error =
        |flag: &str, message: String| ConfigError { origin: flag.into(), position: None, message };
    if let Some(problem) = cli.context.as_deref().and_then(|dir| folder_problem(dir, cwd)) {
        errors.push(flag_error("--context", problem));
    }
    if let Some(problem) = cli.target.as_deref().and_then(file::stage_name_problem) {
        errors.push(flag_error("--target", problem));
    }
    if errors.is_empty() { Ok(layer) } else { Err(errors) }
}

/// Why `dir`, taken from `cwd`, cannot be a build context, or `None` when it is a folder.
fn folder_problem(dir: &Path, cwd: &Path) -> Option<String> {
    let problem = match std::fs::metadata(lexical_join(cwd, dir)) {
        Ok(metadata) if metadata.is_dir() => return None,
        Ok(metadata) if metadata.is_file() => "is a file, not a folder".to_string(),
        Ok(_) => "is not a folder".to_string(),
        Err(err) if err.kind() == ErrorKind::NotFound => "no such folder".to_string(),
        Err(err) => format!("cannot read: {}", describe_io(&err)),
    };
    Some(format!("`{}`: {problem}", dir.display()))
}

/// The configuration file of `folder`, if it has one; both names at once are an error, and so
/// is either name standing for something that is not a regular file.
fn read_folder(folder: &Path, cwd: &Path) -> Result<Option<Layer>, Errors> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for path in FILE_NAMES.iter().map(|name| folder.join(name)) {
        match regular_file(&path) {
            Ok(true) => found.push(path),
            Ok(false) => {}
            Err(message) => {
                errors.push(ConfigError {
                    origin: display_path(&path, cwd),
                    position: None,
                    message,
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    match &found[..] {
        [] => Ok(None),
        [path] => read_file(path, &display_path(path, cwd), folder).map(Some),
        [hidden, plain, ..] => Err(vec![ConfigError {
            origin: display_path(plain, cwd),
            position: None,
            message: format!(
                "{} is in the same folder; dockfix reads one configuration file per folder, so \
                 remove one of them",
                display_path(hidden, cwd)
            ),
        }]),
    }
}

/// Whether a regular file (or a symbolic link to one) is at `path`: `Ok(false)` when nothing
/// has that name, an error saying what is there instead otherwise. Nothing is opened, since
/// opening a FIFO waits for a writer.
fn regular_file(path: &Path) -> Result<bool, String> {
    let cannot_read = |err: &std::io::Error| format!("cannot read: {}", describe_io(err));
    match std::fs::symlink_metadata(path) {
        Ok(_) => {}
        Err(err) if err.kind() == ErrorKind::NotFound => return Ok(false),
        Err(err) => return Err(cannot_read(&err)),
    }
    let metadata = std::fs::metadata(path).map_err(|err| match err.kind() {
        ErrorKind::NotFound => "is a broken symbolic link: its target does not exist".to_string(),
        _ => cannot_read(&err),
    })?;
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(true);
    }
    let what = if kind.is_dir() { "a directory" } else { special_file(kind) };
    Err(format!("is {what}, not a regular file"))
}

/// What a file that is neither a regular file nor a directory is, in a few words.
#[cfg(unix)]
fn special_file(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;

    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_file(_kind: std::fs::FileType) -> &'static str {
    "a special file"
}

/// Reads the configuration file at `path`, which [`regular_file`] has found to be one, named
/// `origin` in errors, whose relative paths are taken from `folder`.
//
// FIXME(race): a file swapped for a FIFO between that check and this open still makes the open
// wait; opening without waiting needs the `O_NONBLOCK` flag, which std does not name and which
// the libc crate, not a dependency, would bring.
fn read_file(path: &Path, origin: &str, folder: &Path) -> Result<Layer, Errors> {
    let error =
        |message: String| vec![ConfigError { origin: origin.into(), position: None, message }];
    let bytes =
        std::fs::read(path).map_err(|err| error(format!("cannot read: {}", describe_io(&err))))?;
    let text = file::decode(bytes).map_err(|position| {
        vec![ConfigError {
            origin: origin.into(),
            position: Some(position),
            message: "not valid UTF-8; dockfix reads UTF-8 configuration files only, as TOML \
                      requires"
                .into(),
        }]
    })?;
    file::parse(&text, origin, folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary folder holding `files` (path, text).
    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn resolver(root: &Path, cli: &CommandLine) -> Resolver {
        Resolver::in_folder(cli, root).unwrap()
    }

    fn settings(resolver: &Resolver, path: &str) -> Arc<fix::Settings> {
        resolver.settings_for(Some(Path::new(path))).unwrap()
    }

    #[test]
    fn nearer_files_win_key_by_key() {
        let dir = tree(&[
            (".git/HEAD", ""),
            (
                "dockfix.toml",
                "select = [\"pipefail\"]\n[non-root-user]\nname = \"svc\"\nuid = 2000\n",
            ),
            ("api/.dockfix.toml", "unsafe-fixes = true\n[non-root-user]\nuid = 3000\n"),
        ]);
        let resolver = resolver(dir.path(), &CommandLine::default());
        let api = settings(&resolver, "api/Dockerfile");
        assert_eq!(api.select, Some(vec!["pipefail".to_string()]));
        assert!(api.unsafe_fixes);
        let user = &api.options.non_root_user;
        assert_eq!((user.name.as_str(), user.uid, user.gid), ("svc", 3000, 10001));

        let top = settings(&resolver, "Dockerfile");
        assert!(!top.unsafe_fixes);
        assert_eq!(top.options.non_root_user.uid, 2000);
        // A folder without a file of its own shares the settings of the one above.
        let deeper = settings(&resolver, "api/v2/Dockerfile");
        assert!(Arc::ptr_eq(&deeper, &api));
        assert!(Arc::ptr_eq(&settings(&resolver, "api/Dockerfile.dev"), &api));
    }

    #[test]
    fn the_repository_root_ends_the_search() {
        let dir = tree(&[
            ("dockfix.toml", "select = [\"pipefail\"]\n"),
            ("repo/.git", "gitdir: elsewhere\n"),
            ("repo/app/Dockerfile", "FROM alpine\n"),
        ]);
        let resolver = resolver(dir.path(), &CommandLine::default());
        assert_eq!(settings(&resolver, "repo/app/Dockerfile").select, None);
        assert_eq!(settings(&resolver, "Dockerfile").select, Some(vec!["pipefail".into()]));
    }

    #[test]
    fn lists_that_extend_add_up_and_the_others_replace() {
        let dir = tree(&[
            (".git/HEAD", ""),
            (
                "dockfix.toml",
                "exclude = [\"gen\"]\nextend-exclude = [\"old\"]\n\
                 [base-image-pin]\nimages = { alpine = \"3.20\", node = \"20\" }\n\
                 [build-tools-in-builder]\npackages = [\"gcc\"]\nextend-packages = [\"make\"]\n",
            ),
            (
                "sub/dockfix.toml",
                "exclude = [\"tmp\"]\n[base-image-pin]\nimages = { alpine = \"3.21\" }\n\
                 [build-tools-in-builder]\nextend-packages = [\"protobuf-dev\"]\n",
            ),
        ]);
        let resolver = resolver(dir.path(), &CommandLine::default());
        let excluded = |path: &str| resolver.is_excluded(Path::new(path), false).unwrap();
        assert!(excluded("gen/Dockerfile"));
        assert!(excluded("old/Dockerfile"));
        assert!(!excluded("sub/gen/Dockerfile"));
        assert!(excluded("sub/old/Dockerfile"));
        assert!(excluded("sub/tmp/a/Dockerfile"));
        assert!(!excluded("sub/Dockerfile"));
        // Named on the command line, a file is read unless --force-exclude says otherwise.
        assert!(!resolver.is_excluded(Path::new("gen/Dockerfile"), true).unwrap());

        let options = &settings(&resolver, "sub/Dockerfile").options;
        let images: Vec<(&str, &str)> =
            options.base_image_pin.images.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(images, [("alpine", "3.21"), ("node", "20")]);
        assert_eq!(options.build_tools.packages, ["gcc", "make", "protobuf-dev"]);
    }

    #[test]
    fn contexts_are_relative_to_their_file_and_the_nearest_wins() {
        let dir = tree(&[
            (".git/HEAD", ""),
            (
                "dockfix.toml",
                "[[contexts]]\ndockerfile = \"services/*/Dockerfile\"\ncontext = \".\"\n\
                 [[contexts]]\ndockerfile = \"services/api/Dockerfile\"\ncontext = \"api\"\n",
            ),
            (
                "services/dockfix.toml",
                "[[contexts]]\ndockerfile = \"api/Dockerfile\"\ncontext = \"..\"\n\
                 target = \"runtime\"\n",
            ),
        ]);
        let root = dir.path();
        let resolver = resolver(root, &CommandLine::default());
        let api = settings(&resolver, "services/api/Dockerfile");
        assert_eq!(api.context.as_deref(), Some(root));
        assert_eq!(api.target.as_deref(), Some("runtime"));
        let web = settings(&resolver, "services/web/Dockerfile");
        assert_eq!(web.context.as_deref(), Some(root));
        assert_eq!(web.target, None);
        assert_eq!(settings(&resolver, "other/Dockerfile").context, None);

        // The flags win over every entry.
        std::fs::create_dir(root.join("build")).unwrap();
        let cli = CommandLine { context: Some("build".into()), ..CommandLine::default() };
        let api = settings(&Resolver::in_folder(&cli, root).unwrap(), "services/api/Dockerfile");
        assert_eq!(api.context, Some(root.join("build")));
        assert_eq!(api.target.as_deref(), Some("runtime"));
    }

    #[test]
    fn overrides_come_after_files_and_flags_last() {
        let dir = tree(&[
            (".git/HEAD", ""),
            ("dockfix.toml", "select = [\"pipefail\"]\nunsafe-fixes = true\n"),
            ("other.toml", "ignore = [\"pipefail\"]\n[non-root-user]\nuid = 5\n"),
        ]);
        let root = dir.path();
        let cli = CommandLine {
            config: vec!["non-root-user.uid = 7".into(), "select = [\"apk-no-cache\"]".into()],
            unsafe_fixes: Some(false),
            ..CommandLine::default()
        };
        let found = settings(&resolver(root, &cli), "Dockerfile");
        assert_eq!(found.select, Some(vec!["apk-no-cache".into()]));
        assert!(!found.unsafe_fixes);
        assert_eq!(found.options.non_root_user.uid, 7);

        // --config FILE replaces the files found; its settings still yield to overrides.
        let cli = CommandLine {
            config: vec!["other.toml".into(), "non-root-user.gid = 9".into()],
            select: Some(vec!["apk-no-cache".into()]),
            ..CommandLine::default()
        };
        let found = settings(&resolver(root, &cli), "Dockerfile");
        assert_eq!(found.select, Some(vec!["apk-no-cache".into()]));
        assert_eq!(found.ignore, ["pipefail"]);
        assert!(!found.unsafe_fixes);
        assert_eq!((found.options.non_root_user.uid, found.options.non_root_user.gid), (5, 9));

        let cli = CommandLine { isolated: true, ..CommandLine::default() };
        let found = settings(&resolver(root, &cli), "Dockerfile");
        assert_eq!(found.select, None);
        assert!(!found.unsafe_fixes);
    }

    #[test]
    fn both_names_in_one_folder_are_an_error() {
        let dir = tree(&[(".git/HEAD", ""), ("app/.dockfix.toml", ""), ("app/dockfix.toml", "")]);
        let resolver = resolver(dir.path(), &CommandLine::default());
        let errors = resolver.settings_for(Some(Path::new("app/Dockerfile"))).unwrap_err();
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            ["app/dockfix.toml: app/.dockfix.toml is in the same folder; dockfix reads one \
              configuration file per folder, so remove one of them"]
        );
        // The folder below fails the same way, and the one above is fine.
        assert!(resolver.settings_for(Some(Path::new("app/x/Dockerfile"))).is_err());
        assert!(resolver.settings_for(Some(Path::new("Dockerfile"))).is_ok());
    }

    #[test]
    fn bad_arguments_are_all_reported() {
        let dir = tree(&[("a.toml", ""), ("b.toml", "")]);
        let cli = CommandLine {
            config: vec!["a.toml".into(), "b.toml".into(), "missing.toml".into(), "uid = 0".into()],
            exclude: Some(vec!["{".into()]),
            ..CommandLine::default()
        };
        let errors = Resolver::in_folder(&cli, dir.path()).unwrap_err();
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "--config: `b.toml`: only one configuration file may be given",
                "--config: `missing.toml`: no such file, and not a `KEY = VALUE` setting",
                "--config 'uid = 0':1:1: `uid`: unknown key, expected one of `select`, `ignore`, \
                 `unsafe-fixes`, `exclude`, `extend-exclude`, `non-root-user`, `base-image-pin`, \
                 `build-tools-in-builder`, `pr`, `contexts`",
                "--exclude: `{` is not a valid glob: unclosed alternate group; missing '}' (maybe \
                 escape '{' with '[{]'?)",
            ]
        );
    }
}
