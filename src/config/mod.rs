//! Configuration: `dockfix.toml` and `.dockfix.toml` files, `--config` overrides and the
//! command line's flags, layered into the settings each Dockerfile is checked with.
//!
//! [`options`] is plain data the rules read; the rest sits above [`crate::fix`] and is used by
//! the command line once per run, through a [`Resolver`].

// Design notes:
// - Precedence, lowest first: built-in defaults, the files found from the Dockerfile's folder
//   up to the repository root (farthest first) or the one `--config FILE`, each inline
//   `--config KEY=VALUE` in order, then the flags. A key a later layer sets replaces the
//   earlier value; `extend-exclude`, `extend-packages`, `[[contexts]]` and the entries of
//   `base-image-pin.images` add up instead.
// - Paths and globs are taken from the folder of the file that wrote them, so a layer holds
//   them as absolute paths or as matchers rooted there; paths are made absolute lexically,
//   without following symlinks, as a user reads them.

mod file;
pub mod options;
mod resolve;
mod shape;
mod show;

use std::fmt;
use std::path::{Component, Path, PathBuf};

pub use options::{BaseImagePin, BuildToolKind, BuildTools, NonRootUser, PinPolicy, RuleOptions};
pub use resolve::{CommandLine, PrOptions, Resolved, Resolver};

/// The names a configuration file may have; one folder may hold only one of them.
pub const FILE_NAMES: [&str; 2] = [".dockfix.toml", "dockfix.toml"];

/// A configuration that cannot be used: `origin:line:col: message`, or `origin: message` when
/// the error is not at one place in a text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConfigError {
    /// The file, as a user would name it from the current folder, or the `--config` argument or
    /// flag the error is in.
    pub origin: String,
    /// 1-based line and column (in characters) of the error in the text.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.origin, self.message),
            None => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// `path` taken from `base` and without `.` and `..`, worked out on the text alone.
pub(crate) fn lexical_join(base: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in base.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                // `..` above the root stays at the root, as the kernel has it.
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// How `path`, absolute, reads from `cwd`: relative when it is below it, else as it is.
pub(crate) fn display_path(path: &Path, cwd: &Path) -> String {
    match path.strip_prefix(cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => ".".to_string(),
        Ok(relative) => relative.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_joined_without_dots() {
        let base = Path::new("/repo/app");
        assert_eq!(lexical_join(base, Path::new(".")), PathBuf::from("/repo/app"));
        assert_eq!(lexical_join(base, Path::new("../lib/./x")), PathBuf::from("/repo/lib/x"));
        assert_eq!(lexical_join(base, Path::new("/srv/ctx")), PathBuf::from("/srv/ctx"));
        assert_eq!(lexical_join(base, Path::new("../../../..")), PathBuf::from("/"));
    }

    #[test]
    fn paths_read_from_the_current_folder() {
        let cwd = Path::new("/repo");
        assert_eq!(display_path(Path::new("/repo/a/dockfix.toml"), cwd), "a/dockfix.toml");
        assert_eq!(display_path(Path::new("/repo"), cwd), ".");
        assert_eq!(display_path(Path::new("/etc/dockfix.toml"), cwd), "/etc/dockfix.toml");
    }

    #[test]
    fn errors_name_the_place_when_they_have_one() {
        let at = ConfigError {
            origin: "dockfix.toml".into(),
            position: Some((3, 7)),
            message: "`select`: oops".into(),
        };
        assert_eq!(at.to_string(), "dockfix.toml:3:7: `select`: oops");
        let nowhere = ConfigError { position: None, ..at };
        assert_eq!(nowhere.to_string(), "dockfix.toml: `select`: oops");
    }
}
