//! Finding the Dockerfiles a run works on: explicit files as given, directories walked in
//! parallel with `.gitignore` and `.ignore` honoured, and standard input for `-`.

// Design notes:
// - The walk never follows symlinks; a path named on the command line is resolved like any
//   argument a user types, so a link given explicitly is followed (to a file or a directory).
// - Hidden folders (`.github/`, `.devcontainer/`) hold real Dockerfiles and are walked; `.git/`
//   holds none and is pruned.
// - Errors never stop the walk: each is kept with the path it concerns, and the caller reports
//   them once every file has been processed.

use std::ffi::OsStr;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

/// Where one file's text comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// Standard input, asked for with `-`.
    Stdin,
    File(PathBuf),
}

impl Source {
    /// The file's path; `None` for standard input.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Stdin => None,
            Source::File(path) => Some(path),
        }
    }

    /// The name used in findings, diffs and messages.
    pub fn display(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }
}

/// A path that could not be looked at, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// What [`discover`] found: the sources sorted and without duplicates, and the errors met.
#[derive(Debug, Default)]
pub struct Discovery {
    pub sources: Vec<Source>,
    pub errors: Vec<WalkError>,
    /// The files named on the command line, as they appear in `sources`.
    pub named: Vec<PathBuf>,
}

/// File name endings of templates that render to a Dockerfile but are not one yet.
const TEMPLATE_ENDINGS: &[&str] = &[
    ".j2",
    ".jinja",
    ".jinja2",
    ".tmpl",
    ".tpl",
    ".template",
    ".in",
    ".erb",
    ".hbs",
    ".gotmpl",
    ".mustache",
];

/// Endings of backup and editor files left beside a Dockerfile.
const BACKUP_ENDINGS: &[&str] = &[".bak", ".orig", ".rej", ".swp", ".swo", "~"];

/// Whether a file found while walking is a Dockerfile, judged by its name in any letter case:
/// `Dockerfile`, `Dockerfile.*`, `Dockerfile-*`, `*.Dockerfile`, `Containerfile` and
/// `Containerfile.*`, leaving out `*.dockerignore` files and templates.
pub fn is_dockerfile_name(name: &OsStr) -> bool {
    let name = name.to_string_lossy().to_lowercase();
    let excluded = TEMPLATE_ENDINGS.iter().chain(BACKUP_ENDINGS).any(|end| name.ends_with(end));
    if name.ends_with(".dockerignore") || excluded {
        return false;
    }
    if name == "dockerfile" || name == "containerfile" || name.ends_with(".dockerfile") {
        return true;
    }
    name.starts_with("dockerfile.")
        || name.starts_with("dockerfile-")
        || name.starts_with("containerfile.")
}

/// Finds the files to work on. `-` is standard input, a file is taken whatever its name, and a
/// directory is walked with `threads` threads (0 picks a number from the machine).
pub fn discover(paths: &[PathBuf], threads: usize) -> Discovery {
    let mut discovery = Discovery::default();
    let mut roots = Vec::new();
    for path in paths {
        if path == Path::new("-") {
            discovery.sources.push(Source::Stdin);
            continue;
        }
        // Follows a symlink, so a link named here leads to its target.
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => roots.push(path.clone()),
            Ok(_) => {
                discovery.named.push(normalize(path));
                discovery.sources.push(Source::File(normalize(path)));
            }
            Err(err) => discovery
                .errors
                .push(WalkError { path: normalize(path), message: describe_io(&err) }),
        }
    }

    if let Some((first, rest)) = roots.split_first() {
        let mut builder = WalkBuilder::new(first);
        for root in rest {
            builder.add(root);
        }
        builder
            .hidden(false)
            .require_git(true)
            .follow_links(false)
            .threads(threads)
            .filter_entry(|entry| entry.file_name() != OsStr::new(".git"));
        let found = Mutex::new(Discovery::default());
        builder.build_parallel().visit(&mut CollectorBuilder { found: &found });
        let found = found.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        discovery.sources.extend(found.sources);
        discovery.errors.extend(found.errors);
    }

    discovery.sources.sort();
    discovery.sources.dedup();
    // The same file reached by two spellings (an absolute path, a link, `a/../a`) is read once:
    // the first name in path order is kept.
    let mut seen = std::collections::HashSet::new();
    discovery.sources.retain(|source| match source {
        Source::Stdin => true,
        Source::File(path) => seen.insert(std::fs::canonicalize(path).unwrap_or(path.clone())),
    });
    discovery.errors.sort();
    discovery.errors.dedup();
    discovery
}

/// Drops the `./` in front of a path, so `.` and `./Dockerfile` name files as `Dockerfile`
/// does, and the same file reached twice is read once.
fn normalize(path: &Path) -> PathBuf {
    let mut components = path.components().peekable();
    if components.peek() == Some(&Component::CurDir) {
        components.next();
    }
    let rest: PathBuf = components.collect();
    if rest.as_os_str().is_empty() { path.to_path_buf() } else { rest }
}

/// An I/O error as the end of a one-line message: `no such file or directory`.
pub fn describe_io(err: &io::Error) -> String {
    let text = err.to_string();
    // The OS code adds nothing a user can act on.
    let text = match text.find(" (os error ") {
        Some(at) => &text[..at],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_string(),
    }
}

struct CollectorBuilder<'a> {
    found: &'a Mutex<Discovery>,
}

impl<'s> ParallelVisitorBuilder<'s> for CollectorBuilder<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Collector { found: self.found, local: Discovery::default() })
    }
}

/// One walker thread's findings, merged into the shared list when the thread is done.
struct Collector<'a> {
    found: &'a Mutex<Discovery>,
    local: Discovery,
}

impl ParallelVisitor for Collector<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => {
                // A symlink's own type is neither file nor directory, so links are skipped here.
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_dockerfile_name(entry.file_name()) {
                    self.local.sources.push(Source::File(normalize(entry.path())));
                }
            }
            Err(err) => collect_errors(err, None, &mut self.local.errors),
        }
        WalkState::Continue
    }
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        let mut found = self.found.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        found.sources.append(&mut self.local.sources);
        found.errors.append(&mut self.local.errors);
    }
}

/// Flattens a walker error into one [`WalkError`] per path it concerns.
fn collect_errors(err: ignore::Error, path: Option<&Path>, out: &mut Vec<WalkError>) {
    let at = |path: Option<&Path>| path.map_or_else(PathBuf::new, normalize);
    match err {
        ignore::Error::Partial(errors) => {
            for err in errors {
                collect_errors(err, path, out);
            }
        }
        ignore::Error::WithPath { path, err } => collect_errors(*err, Some(&path), out),
        ignore::Error::WithDepth { err, .. } => collect_errors(*err, path, out),
        ignore::Error::WithLineNumber { line, err } => {
            let mut inner = Vec::new();
            collect_errors(*err, path, &mut inner);
            out.extend(inner.into_iter().map(|mut e| {
                e.message = format!("line {line}: {}", e.message);
                e
            }));
        }
        ignore::Error::Loop { child, ancestor } => out.push(WalkError {
            path: normalize(&child),
            message: format!("symbolic link loop back to {}", ancestor.display()),
        }),
        ignore::Error::Io(err) => out.push(WalkError {
            path: at(path),
            message: format!("cannot read: {}", describe_io(&err)),
        }),
        other => out.push(WalkError { path: at(path), message: other.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(name: &str) -> bool {
        is_dockerfile_name(OsStr::new(name))
    }

    #[test]
    fn dockerfile_names_match_in_any_case() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "DOCKERFILE",
            "Dockerfile.dev",
            "Dockerfile.prod.arm64",
            "dockerfile-alpine",
            "Dockerfile-",
            "api.Dockerfile",
            "web.dockerfile",
            "Containerfile",
            "containerfile",
            "Containerfile.fedora",
        ] {
            assert!(matches(name), "{name} should be a Dockerfile");
        }
    }

    #[test]
    fn other_names_do_not_match() {
        for name in [
            "Dockerfile.dockerignore",
            "dockerfile.DOCKERIGNORE",
            ".dockerignore",
            "Dockerfile.j2",
            "Dockerfile.tmpl",
            "Dockerfile.template",
            "Dockerfile.in",
            "Dockerfile.erb",
            "api.Dockerfile.j2",
            "Dockerfile.bak",
            "Dockerfile.orig",
            "Dockerfile~",
            ".Dockerfile.swp",
            "Dockerfile.gotmpl",
            "Containerfile.in",
            "Dockerfiles",
            "MyDockerfile",
            "Dockerfile_old",
            "Containerfile-fedora",
            "api.containerfile",
            "docker-compose.yml",
            "README.md",
            "",
        ] {
            assert!(!matches(name), "{name} should not be a Dockerfile");
        }
    }

    #[test]
    fn normalize_drops_a_leading_dot() {
        assert_eq!(normalize(Path::new("./Dockerfile")), PathBuf::from("Dockerfile"));
        assert_eq!(normalize(Path::new("./a/./b")), PathBuf::from("a/b"));
        assert_eq!(normalize(Path::new(".")), PathBuf::from("."));
        assert_eq!(normalize(Path::new("/srv/Dockerfile")), PathBuf::from("/srv/Dockerfile"));
        assert_eq!(normalize(Path::new("../Dockerfile")), PathBuf::from("../Dockerfile"));
    }

    #[test]
    fn io_errors_read_as_the_end_of_a_sentence() {
        let err = io::Error::from_raw_os_error(2);
        assert_eq!(describe_io(&err), "no such file or directory");
    }
}
