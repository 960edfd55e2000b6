//! The options of single rules, as configuration files set them: plain data that rules read
//! through their context, with the defaults that hold when no file says otherwise.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The options of every rule that has some.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RuleOptions {
    pub non_root_user: NonRootUser,
    pub base_image_pin: BaseImagePin,
    #[serde(rename = "build-tools-in-builder")]
    pub build_tools: BuildTools,
}

/// The user a final stage should run as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NonRootUser {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
}

impl NonRootUser {
    pub const DEFAULT_NAME: &str = "app";
    pub const DEFAULT_ID: u32 = 10001;
}

impl Default for NonRootUser {
    fn default() -> NonRootUser {
        NonRootUser {
            name: NonRootUser::DEFAULT_NAME.to_string(),
            uid: NonRootUser::DEFAULT_ID,
            gid: NonRootUser::DEFAULT_ID,
        }
    }
}

/// How precisely a base image's tag is pinned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PinPolicy {
    /// Up to the minor version, so that patch releases still arrive: `3.21`, not `3.21.3`.
    #[default]
    Minor,
    /// The full version, or a digest.
    Exact,
}

/// Which tag or digest each base image is pinned to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BaseImagePin {
    pub policy: PinPolicy,
    /// Image name (`alpine`, `gcr.io/distroless/static`) to a tag or a `sha256:` digest.
    pub images: BTreeMap<String, String>,
}

/// The packages that are needed to build software but not to run it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildTools {
    /// Package names; `*` in a name stands for any run of characters.
    pub packages: Vec<String>,
}

impl BuildTools {
    /// The built-in list, which a configuration's `packages` replaces and `extend-packages`
    /// adds to.
    pub const DEFAULT_PACKAGES: &[&str] = &[
        "build-base",
        "gcc",
        "g++",
        "make",
        "cmake",
        "git",
        "musl-dev",
        "linux-headers",
        "autoconf",
        "automake",
        "libtool",
        "pkgconf",
        "build-essential",
        "*-dev",
    ];

    /// Whether `package` is one of the build tools, by name or by a pattern.
    pub fn contains(&self, package: &str) -> bool {
        self.packages.iter().any(|pattern| wildcard_match(pattern, package))
    }

    /// Which kind of build tool `package` is, if it is one. A package that only a pattern
    /// ending in `-dev` or `-devel` matches (`*-dev`, `lib*-devel`) is a library's development
    /// package; a package any other entry matches, a name such as `musl-dev` included, is a tool.
    pub fn kind(&self, package: &str) -> Option<BuildToolKind> {
        let mut matched = self.packages.iter().filter(|pattern| wildcard_match(pattern, package));
        let first = matched.next()?;
        let is_library = |pattern: &&String| {
            pattern.contains('*') && (pattern.ends_with("-dev") || pattern.ends_with("-devel"))
        };
        if is_library(&first) && matched.all(|p| is_library(&p)) {
            Some(BuildToolKind::Library)
        } else {
            Some(BuildToolKind::Tool)
        }
    }
}

/// The two kinds of package the `build-tools-in-builder` list names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildToolKind {
    /// A program or a set of them that builds software: a compiler, `make`, `git`, the C
    /// library's headers.
    Tool,
    /// A library's development package. On Debian and Alpine it depends on the library itself,
    /// so that the image may need what it brings in at run time.
    Library,
}

impl Default for BuildTools {
    fn default() -> BuildTools {
        BuildTools {
            packages: BuildTools::DEFAULT_PACKAGES.iter().map(|p| p.to_string()).collect(),
        }
    }
}

/// Whether `text` matches `pattern`, where each `*` stands for any run of characters.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else { return false };
    let middle: Vec<&str> = parts.collect();
    let Some((last, middle)) = middle.split_last() else {
        // No `*`: the whole text must be the pattern.
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_stand_for_any_run_of_characters() {
        assert!(wildcard_match("gcc", "gcc"));
        assert!(!wildcard_match("gcc", "gcc-12"));
        assert!(!wildcard_match("gcc", "xgcc"));
        assert!(wildcard_match("*-dev", "openssl-dev"));
        assert!(wildcard_match("*-dev", "-dev"));
        assert!(!wildcard_match("*-dev", "openssl-devel"));
        assert!(wildcard_match("lib*-dev", "libffi-dev"));
        assert!(!wildcard_match("lib*-dev", "zlib-dev"));
        assert!(wildcard_match("a*b*c", "abc"));
        assert!(wildcard_match("a*b*c", "a-b-b-c"));
        assert!(!wildcard_match("a*b*c", "acb"));
        // The last part may not reuse characters the middle part matched.
        assert!(!wildcard_match("a*ab", "ab"));
        assert!(wildcard_match("*", ""));
    }

    #[test]
    fn the_built_in_build_tools_include_dev_packages() {
        let tools = BuildTools::default();
        assert!(tools.contains("build-base"));
        assert!(tools.contains("g++"));
        assert!(tools.contains("libffi-dev"));
        assert!(!tools.contains("curl"));
        assert!(!tools.contains("python3-devel"));
    }

    #[test]
    fn only_dev_patterns_make_libraries() {
        let tools = BuildTools::default();
        assert_eq!(tools.kind("gcc"), Some(BuildToolKind::Tool));
        assert_eq!(tools.kind("musl-dev"), Some(BuildToolKind::Tool));
        assert_eq!(tools.kind("libxslt1-dev"), Some(BuildToolKind::Library));
        assert_eq!(tools.kind("curl"), None);
        let configured = |packages: &[&str]| BuildTools {
            packages: packages.iter().map(|p| p.to_string()).collect(),
        };
        let tools = configured(&["lib*-devel", "protobuf-dev", "*-dev", "rust*"]);
        assert_eq!(tools.kind("libffi-devel"), Some(BuildToolKind::Library));
        // Named on its own, a `-dev` package is a tool even when a pattern also matches it.
        assert_eq!(tools.kind("protobuf-dev"), Some(BuildToolKind::Tool));
        assert_eq!(tools.kind("rust-dev"), Some(BuildToolKind::Tool));
        assert_eq!(tools.kind("zlib-devel"), None);
    }
}
