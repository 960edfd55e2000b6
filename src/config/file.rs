//! One configuration file: the TOML schema, and reading a file into a checked [`Layer`] whose
//! errors each name the line, column and key they are about.

// Design notes:
// - The text is parsed into TOML's spanned tree, the type of each value is checked there
//   (`shape.rs`), and serde then reads the tree into `Raw*` structs that keep the span of every
//   value that is checked afterwards. serde's remaining errors (an unknown key, a missing one)
//   carry a span too, and the key they concern is found by looking that span up in the tree.
// - Every relative path in a file is taken from the file's folder, so a layer turns them into
//   absolute paths (or matchers rooted there) as it is read.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ConfigError;
use super::options::PinPolicy;
use super::shape;
use crate::rules::{RULES, SYNTAX_ERROR, by_name};

/// A string and where it is written.
type Text = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFile {
    select: Option<Vec<Text>>,
    ignore: Option<Vec<Text>>,
    unsafe_fixes: Option<bool>,
    exclude: Option<Vec<Text>>,
    extend_exclude: Option<Vec<Text>>,
    non_root_user: Option<RawNonRootUser>,
    base_image_pin: Option<RawBaseImagePin>,
    build_tools_in_builder: Option<RawBuildTools>,
    pr: Option<RawPr>,
    contexts: Option<Vec<RawContext>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNonRootUser {
    name: Option<Text>,
    // Wide enough for any TOML integer, so that a large one is out of range, not of the wrong
    // type.
    uid: Option<Spanned<i128>>,
    gid: Option<Spanned<i128>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBaseImagePin {
    policy: Option<PinPolicy>,
    images: Option<BTreeMap<Text, Text>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBuildTools {
    packages: Option<Vec<Text>>,
    extend_packages: Option<Vec<Text>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPr {
    branch: Option<Text>,
    remote: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    dockerfile: Text,
    context: Text,
    target: Option<Text>,
}

/// The settings one file (or one `--config KEY=VALUE`, or the command line) gives, checked.
/// `None` and empty lists mean the layer does not set the key.
#[derive(Debug, Default)]
pub(crate) struct Layer {
    /// Where the settings come from, as errors and `--show-settings` name it.
    pub origin: String,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub unsafe_fixes: Option<bool>,
    pub exclude: Option<Globs>,
    pub extend_exclude: Option<Globs>,
    pub user_name: Option<String>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    pub pin_policy: Option<PinPolicy>,
    pub images: BTreeMap<String, String>,
    pub packages: Option<Vec<String>>,
    pub extend_packages: Vec<String>,
    pub pr_branch: Option<String>,
    pub pr_remote: Option<String>,
    pub contexts: Vec<ContextEntry>,
}

/// Gitignore-style patterns, matched against paths below the folder they were written for.
#[derive(Debug, Clone)]
pub(crate) struct Globs {
    matcher: Gitignore,
}

impl Globs {
    /// Patterns for paths below `root`; the error is the first pattern that is not a glob.
    pub fn new(root: &Path, patterns: &[String]) -> Result<Globs, (usize, String)> {
        let mut builder = GitignoreBuilder::new(root);
        for (i, pattern) in patterns.iter().enumerate() {
            if let Err(err) = builder.add_line(None, pattern) {
                return Err((i, glob_error(pattern, err)));
            }
        }
        let matcher = builder.build().map_err(|err| (0, glob_error(&patterns[0], err)))?;
        Ok(Globs { matcher })
    }

    /// Whether the file at `path`, absolute, or a folder it is in matches. Paths outside the
    /// root never do.
    pub fn matches(&self, path: &Path) -> bool {
        let root = self.matcher.path();
        if !path.starts_with(root) || path == root {
            return false;
        }
        self.matcher.matched_path_or_any_parents(path, false).is_ignore()
    }
}

fn glob_error(pattern: &str, err: ignore::Error) -> String {
    match err {
        ignore::Error::Glob { err, .. } => format!("`{pattern}` is not a valid glob: {err}"),
        other => format!("`{pattern}` is not a valid glob: {other}"),
    }
}

/// A `[[contexts]]` entry: the Dockerfiles it is about, and how they are built.
#[derive(Debug, Clone)]
pub(crate) struct ContextEntry {
    /// The folder the `dockerfile` pattern is relative to.
    root: PathBuf,
    pattern: GlobMatcher,
    pub context: PathBuf,
    pub target: Option<String>,
}

impl ContextEntry {
    /// Whether the Dockerfile at `path`, absolute, is one the entry is about.
    pub fn applies_to(&self, path: &Path) -> bool {
        path.strip_prefix(&self.root).is_ok_and(|relative| self.pattern.is_match(relative))
    }
}

/// Reads the text of a configuration file, or of one `--config KEY=VALUE`, into a layer.
/// `origin` names it in errors; relative paths in it are taken from `dir`, which is absolute.
pub(crate) fn parse(text: &str, origin: &str, dir: &Path) -> Result<Layer, Vec<ConfigError>> {
    let at = |span: Range<usize>, message: String| ConfigError {
        origin: origin.to_string(),
        position: Some(line_col(text, span.start)),
        message,
    };

    // Syntax first, then the type of every value, then what serde finds.
    let document = DeTable::parse(text).map_err(|err| {
        let span = err.span().unwrap_or(0..0);
        vec![at(span.clone(), syntax_message(text, span, err.message()))]
    })?;
    let mismatches = shape::check(document.get_ref(), text);
    if !mismatches.is_empty() {
        return Err(mismatches.into_iter().map(|(span, message)| at(span, message)).collect());
    }
    let raw =
        RawFile::deserialize(toml::de::Deserializer::from(document.clone())).map_err(|err| {
            let span = err.span().unwrap_or(0..0);
            vec![at(span.clone(), serde_message(document.get_ref(), span.start, err.message()))]
        })?;

    let mut checker = Checker { errors: Vec::new(), at: &at };
    let layer = checker.layer(raw, origin, dir);
    if checker.errors.is_empty() { Ok(layer) } else { Err(checker.errors) }
}

/// The text of a configuration file, or the 1-based line and column (in characters) of the
/// first byte that is not UTF-8.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        // The bytes before the bad one are text, so nothing is replaced here.
        let before = String::from_utf8_lossy(&err.as_bytes()[..valid]);
        line_col(&before, valid)
    })
}

/// Checks the values serde read, keeping an error for each bad one.
struct Checker<'a> {
    errors: Vec<ConfigError>,
    at: &'a dyn Fn(Range<usize>, String) -> ConfigError,
}

impl Checker<'_> {
    fn error(&mut self, span: Range<usize>, key: &str, message: String) {
        self.errors.push((self.at)(span, format!("`{key}`: {message}")));
    }

    fn layer(&mut self, raw: RawFile, origin: &str, dir: &Path) -> Layer {
        let mut layer = Layer { origin: origin.to_string(), ..Layer::default() };
        layer.select = raw.select.map(|names| self.rule_names("select", names));
        layer.ignore = raw.ignore.map(|names| self.rule_names("ignore", names));
        layer.unsafe_fixes = raw.unsafe_fixes;
        layer.exclude = raw.exclude.and_then(|p| self.globs("exclude", dir, p));
        layer.extend_exclude =
            raw.extend_exclude.and_then(|p| self.globs("extend-exclude", dir, p));

        if let Some(user) = raw.non_root_user {
            layer.user_name = user.name.and_then(|name| self.user_name(name));
            layer.uid = user.uid.and_then(|id| self.id("non-root-user.uid", id));
            layer.gid = user.gid.and_then(|id| self.id("non-root-user.gid", id));
        }
        if let Some(pin) = raw.base_image_pin {
            layer.pin_policy = pin.policy;
            for (image, tag) in pin.images.unwrap_or_default() {
                if let Some(pair) = self.image(image, tag) {
                    layer.images.insert(pair.0, pair.1);
                }
            }
        }
        if let Some(tools) = raw.build_tools_in_builder {
            let key = "build-tools-in-builder.packages";
            layer.packages = tools.packages.map(|names| self.packages(key, names));
            let key = "build-tools-in-builder.extend-packages";
            layer.extend_packages = self.packages(key, tools.extend_packages.unwrap_or_default());
        }
        if let Some(pr) = raw.pr {
            layer.pr_branch = pr.branch.and_then(|branch| self.branch(branch));
            layer.pr_remote = pr.remote.and_then(|remote| self.remote(remote));
        }
        for entry in raw.contexts.unwrap_or_default() {
            layer.contexts.extend(self.context(entry, dir));
        }
        layer
    }

    fn rule_names(&mut self, key: &str, names: Vec<Text>) -> Vec<String> {
        let mut known = Vec::new();
        for name in names {
            let span = name.span();
            let name = name.into_inner();
            if name == SYNTAX_ERROR {
                let message = format!(
                    "`{SYNTAX_ERROR}` cannot be selected or ignored: syntax errors are always \
                     reported"
                );
                self.error(span, key, message);
            } else if by_name(&name).is_none() {
                let names: Vec<&str> = RULES.iter().map(|rule| rule.name).collect();
                let message = format!("unknown rule `{name}`; known rules: {}", names.join(", "));
                self.error(span, key, message);
            } else {
                known.push(name);
            }
        }
        known
    }

    fn globs(&mut self, key: &str, dir: &Path, patterns: Vec<Text>) -> Option<Globs> {
        let texts: Vec<String> = patterns.iter().map(|p| p.get_ref().clone()).collect();
        match Globs::new(dir, &texts) {
            Ok(globs) => Some(globs),
            Err((i, message)) => {
                self.error(patterns[i].span(), key, message);
                None
            }
        }
    }

    fn user_name(&mut self, name: Text) -> Option<String> {
        if name.get_ref() == "root" {
            let message = "`root` is the user the rule moves away from: name another".to_string();
            self.error(name.span(), "non-root-user.name", message);
            return None;
        }
        if is_user_name(name.get_ref()) {
            return Some(name.into_inner());
        }
        let message = format!(
            "`{}` is not a valid user name: use at most 32 lower-case letters, digits, `_` and \
             `-`, starting with a letter or `_`",
            name.get_ref()
        );
        self.error(name.span(), "non-root-user.name", message);
        None
    }

    fn id(&mut self, key: &str, id: Spanned<i128>) -> Option<u32> {
        match u32::try_from(*id.get_ref()) {
            Ok(value @ 1..=MAX_ID) => Some(value),
            Ok(0) => {
                let message = format!(
                    "0 is root's id, which the rule moves away from: use one from 1 to {MAX_ID}"
                );
                self.error(id.span(), key, message);
                None
            }
            _ => {
                let message = format!("must be from 1 to {MAX_ID}, not {}", id.get_ref());
                self.error(id.span(), key, message);
                None
            }
        }
    }

    fn image(&mut self, image: Text, tag: Text) -> Option<(String, String)> {
        let key = format!("base-image-pin.images.{}", image.get_ref());
        if let Some(why) = image_name_problem(image.get_ref()) {
            let message = format!("`{}` is not an image name: {why}", image.get_ref());
            self.error(image.span(), "base-image-pin.images", message);
            return None;
        }
        if !is_tag(tag.get_ref()) && !is_digest(tag.get_ref()) {
            let message = format!(
                "`{}` is neither a tag (letters, digits, `_`, `.` and `-`, at most 128) nor a \
                 digest (`sha256:` and 64 hex digits)",
                tag.get_ref()
            );
            self.error(tag.span(), &key, message);
            return None;
        }
        Some((image.into_inner(), tag.into_inner()))
    }

    fn packages(&mut self, key: &str, names: Vec<Text>) -> Vec<String> {
        let mut packages = Vec::new();
        for name in names {
            if name.get_ref().is_empty() || name.get_ref().chars().any(char::is_whitespace) {
                let message = format!("`{}` is not a package name", name.get_ref());
                self.error(name.span(), key, message);
            } else {
                packages.push(name.into_inner());
            }
        }
        packages
    }

    fn branch(&mut self, branch: Text) -> Option<String> {
        if is_branch_name(branch.get_ref()) {
            return Some(branch.into_inner());
        }
        let message = format!("`{}` is not a valid git branch name", branch.get_ref());
        self.error(branch.span(), "pr.branch", message);
        None
    }

    fn remote(&mut self, remote: Text) -> Option<String> {
        let name = remote.get_ref();
        if !name.is_empty() && !name.starts_with('-') && !name.chars().any(char::is_whitespace) {
            return Some(remote.into_inner());
        }
        let message = format!("`{name}` is not a valid git remote name");
        self.error(remote.span(), "pr.remote", message);
        None
    }

    fn context(&mut self, entry: RawContext, dir: &Path) -> Option<ContextEntry> {
        let written = entry.dockerfile.get_ref();
        let glob = written.strip_prefix("./").unwrap_or(written);
        let pattern = match GlobBuilder::new(glob).literal_separator(true).build() {
            Ok(glob) => Some(glob.compile_matcher()),
            Err(err) => {
                let message = format!("`{written}` is not a valid glob: {}", err.kind());
                self.error(entry.dockerfile.span(), "contexts.dockerfile", message);
                None
            }
        };
        let context = entry.context.get_ref();
        if context.is_empty() {
            let message = "an empty path; write `.` for this file's folder".to_string();
            self.error(entry.context.span(), "contexts.context", message);
        }
        let target = entry.target.and_then(|target| match stage_name_problem(target.get_ref()) {
            None => Some(target.into_inner()),
            Some(message) => {
                self.error(target.span(), "contexts.target", message);
                None
            }
        });
        let pattern = pattern.filter(|_| !context.is_empty())?;
        Some(ContextEntry {
            root: dir.to_path_buf(),
            pattern,
            context: super::lexical_join(dir, Path::new(context)),
            target,
        })
    }
}

/// The largest user or group id: Linux allows 2^31 - 1.
const MAX_ID: u32 = 2_147_483_647;

/// A user name as `useradd` accepts it by default: at most 32 characters, lower-case letters,
/// digits, `_` and `-`, not starting with a digit or `-`.
fn is_user_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    first_ok
        && name.len() <= 32
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Why `name` is not an image name such as `alpine`, `library/node` or
/// `registry.example.com:5000/team/app`, or `None` when it is one.
fn image_name_problem(name: &str) -> Option<&'static str> {
    let parts: Vec<&str> = name.split('/').collect();
    let last = parts[parts.len() - 1];
    if last.contains(':') || name.contains('@') {
        return Some("the tag or digest goes in the value");
    }
    let (host, path) = match parts.split_first() {
        Some((first, rest)) if !rest.is_empty() && is_host(first) => (Some(*first), rest),
        _ => (None, &parts[..]),
    };
    let component_ok = |part: &&str| {
        let alnum =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        alnum(part.chars().next())
            && alnum(part.chars().last())
            && part.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            })
    };
    if host.is_none() && parts[0].contains(':') {
        return Some("a registry with a port needs a path after it");
    }
    if path.iter().all(component_ok) {
        None
    } else {
        Some("use lower-case letters, digits, `.`, `_` and `-` between `/`")
    }
}

/// Whether the first part of an image name is a registry: it has a `.` or a port, or is
/// `localhost`.
fn is_host(part: &str) -> bool {
    let (host, port) = match part.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (part, None),
    };
    let host_ok = !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    let port_ok =
        port.is_none_or(|port| !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()));
    host_ok && port_ok && (host.contains('.') || port.is_some() || host == "localhost")
}

/// A tag as registries take it: a letter, digit or `_`, then up to 127 of those, `.` and `-`.
fn is_tag(tag: &str) -> bool {
    let mut chars = tag.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && tag.len() <= 128
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn is_digest(digest: &str) -> bool {
    digest.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64 && hex.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    })
}

/// A branch name `git check-ref-format --branch` would take, as far as the rules go that do
/// not depend on the repository.
fn is_branch_name(name: &str) -> bool {
    let forbidden = |c: char| c.is_ascii_control() || " ~^:?*[\\".contains(c);
    !name.is_empty()
        && name != "@"
        && !name.starts_with(['-', '/', '.'])
        && !name.ends_with(['/', '.'])
        && !name.ends_with(".lock")
        && !name.contains("..")
        && !name.contains("//")
        && !name.contains("@{")
        && !name.contains("/.")
        && !name.chars().any(forbidden)
}

/// Why `name` is not a stage name as BuildKit takes it, in any letter case, or `None` when it
/// is one.
pub(super) fn stage_name_problem(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let good = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    (!good).then(|| {
        format!("`{name}` is not a stage name: a letter, then letters, digits, `_`, `.` and `-`")
    })
}

/// The 1-based line and column of byte `offset` in `text`, the column counted in characters.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// A TOML syntax error at `span`, with the key named when it is one written twice.
fn syntax_message(text: &str, span: Range<usize>, message: &str) -> String {
    if message != "duplicate key" {
        return message.to_string();
    }
    // The document holds the first of the two, so the second is found by its place in a copy
    // where it has a name of its own; the key as written is read back as TOML to unquote it.
    let written = text.get(span.clone()).unwrap_or_default();
    let name = DeTable::parse(&format!("{written} = 0\n"))
        .ok()
        .and_then(|table| table.get_ref().keys().next().map(|key| key.get_ref().to_string()));
    let renamed = format!("{}{DUPLICATE}{}", &text[..span.start], &text[span.end..]);
    let path = DeTable::parse(&renamed).ok().map(|table| key_path(table.get_ref(), span.start));
    let path = match (path, name) {
        (Some(mut path), Some(name)) if path.last().is_some_and(|last| last == DUPLICATE) => {
            path.pop();
            path.push(name);
            path
        }
        (_, Some(name)) => vec![name],
        (_, None) => return message.to_string(),
    };
    format!("`{}`: duplicate key; TOML allows a key only once in a table", path.join("."))
}

/// A bare key no configuration has, which stands in for a duplicate key to find its place.
const DUPLICATE: &str = "dockfix-duplicate-key";

/// A serde error as `` `key`: message ``, with the key found at `offset` in the document.
fn serde_message(document: &DeTable<'_>, offset: usize, message: &str) -> String {
    let path = key_path(document, offset);
    if path.is_empty() {
        return message.to_string();
    }
    // serde names the field again, which the key path already does.
    let message = match message.strip_prefix("unknown field `") {
        Some(rest) => format!("unknown key{}", rest.split_once('`').map_or("", |(_, after)| after)),
        None => message.replace("missing field", "missing key"),
    };
    format!("`{}`: {message}", path.join("."))
}

/// The dotted key whose name or value covers `offset`, deepest first; empty when none does.
fn key_path(table: &DeTable<'_>, offset: usize) -> Vec<String> {
    let covers = |span: Range<usize>| span.contains(&offset) || span.start == offset;
    for (key, value) in table {
        let below = match value.get_ref() {
            DeValue::Table(inner) => key_path(inner, offset),
            DeValue::Array(items) => items
                .iter()
                .find_map(|item| match item.get_ref() {
                    DeValue::Table(inner) => {
                        Some(key_path(inner, offset)).filter(|p| !p.is_empty())
                    }
                    _ => None,
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        // An entry of an array of tables is named by the array's key.
        let in_array = matches!(value.get_ref(), DeValue::Array(items)
            if items.iter().any(|item| covers(item.span())));
        if !below.is_empty() || in_array || covers(key.span()) || covers(value.span()) {
            let mut path = vec![key.get_ref().to_string()];
            path.extend(below);
            return path;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "dockfix.toml";

    fn layer(text: &str) -> Layer {
        parse(text, ORIGIN, Path::new("/repo/app")).unwrap()
    }

    fn errors(text: &str) -> Vec<String> {
        let errors = parse(text, ORIGIN, Path::new("/repo/app")).unwrap_err();
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_key_is_read() {
        let text = r#"
select = ["apk-no-cache", "pipefail"]
ignore = ["exec-form-cmd"]
unsafe-fixes = true
exclude = ["vendor/**"]
extend-exclude = ["legacy/**"]

[non-root-user]
name = "svc"
uid = 1000
gid = 2000

[base-image-pin]
policy = "exact"
images = { alpine = "3.21", "gcr.io/distroless/static" = "nonroot" }

[build-tools-in-builder]
packages = ["build-base"]
extend-packages = ["protobuf-dev"]

[pr]
branch = "dockfix/fixes"
remote = "upstream"

[[contexts]]
dockerfile = "services/*/Dockerfile"
context = "../services"
target = "runtime"
"#;
        let layer = layer(text);
        assert_eq!(layer.select, Some(vec!["apk-no-cache".into(), "pipefail".into()]));
        assert_eq!(layer.ignore, Some(vec!["exec-form-cmd".into()]));
        assert_eq!(layer.unsafe_fixes, Some(true));
        assert!(
            layer.exclude.as_ref().unwrap().matches(Path::new("/repo/app/vendor/x/Dockerfile"))
        );
        assert!(!layer.exclude.as_ref().unwrap().matches(Path::new("/repo/vendor/x/Dockerfile")));
        assert!(layer.extend_exclude.unwrap().matches(Path::new("/repo/app/legacy/Dockerfile")));
        assert_eq!(layer.user_name.as_deref(), Some("svc"));
        assert_eq!((layer.uid, layer.gid), (Some(1000), Some(2000)));
        assert_eq!(layer.pin_policy, Some(PinPolicy::Exact));
        let images: Vec<(&str, &str)> =
            layer.images.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(images, [("alpine", "3.21"), ("gcr.io/distroless/static", "nonroot")]);
        assert_eq!(layer.packages, Some(vec!["build-base".into()]));
        assert_eq!(layer.extend_packages, ["protobuf-dev"]);
        assert_eq!(layer.pr_branch.as_deref(), Some("dockfix/fixes"));
        assert_eq!(layer.pr_remote.as_deref(), Some("upstream"));
        let [context] = &layer.contexts[..] else { panic!("one context: {:?}", layer.contexts) };
        assert_eq!(context.context, Path::new("/repo/services"));
        assert_eq!(context.target.as_deref(), Some("runtime"));
        assert!(context.applies_to(Path::new("/repo/app/services/api/Dockerfile")));
        // `*` stays within one folder.
        assert!(!context.applies_to(Path::new("/repo/app/services/api/v2/Dockerfile")));
        assert!(!context.applies_to(Path::new("/repo/services/api/Dockerfile")));
    }

    #[test]
    fn an_empty_file_sets_nothing() {
        let layer = layer("# nothing yet\n");
        assert_eq!(layer.select, None);
        assert_eq!(layer.unsafe_fixes, None);
        assert!(layer.exclude.is_none() && layer.contexts.is_empty() && layer.images.is_empty());
    }

    #[test]
    fn unknown_keys_are_named_with_their_table() {
        assert_eq!(
            errors("select = [\"pipefail\"]\nselct = [\"pipefail\"]\n"),
            ["dockfix.toml:2:1: `selct`: unknown key, expected one of `select`, `ignore`, \
              `unsafe-fixes`, `exclude`, `extend-exclude`, `non-root-user`, `base-image-pin`, \
              `build-tools-in-builder`, `pr`, `contexts`"]
        );
        assert_eq!(
            errors("[non-root-user]\nname = \"app\"\n  user-id = 5\n"),
            ["dockfix.toml:3:3: `non-root-user.user-id`: unknown key, expected one of `name`, \
              `uid`, `gid`"]
        );
        assert_eq!(
            errors("[[contexts]]\ndockerfile = \"Dockerfile\"\ncontext = \".\"\nstage = \"x\"\n"),
            ["dockfix.toml:4:1: `contexts.stage`: unknown key, expected one of `dockerfile`, \
              `context`, `target`"]
        );
    }

    #[test]
    fn values_of_the_wrong_type_name_their_key() {
        assert_eq!(
            errors("unsafe-fixes = \"yes\"\n"),
            ["dockfix.toml:1:16: `unsafe-fixes`: expected a boolean, found the string `\"yes\"`"]
        );
        assert_eq!(
            errors("select = \"pipefail\"\n"),
            ["dockfix.toml:1:10: `select`: expected an array of strings, found the string \
              `\"pipefail\"`"]
        );
        assert_eq!(
            errors("[base-image-pin]\npolicy = \"patch\"\n"),
            ["dockfix.toml:2:10: `base-image-pin.policy`: unknown variant `patch`, expected \
              `minor` or `exact`"]
        );
        assert_eq!(
            errors("[[contexts]]\ndockerfile = \"Dockerfile\"\n"),
            ["dockfix.toml:1:1: `contexts`: missing key `context`"]
        );
    }

    /// The words are TOML's, whatever serde and the structs it fills call them.
    #[test]
    fn types_are_named_as_toml_names_them() {
        let cases = [
            ("non-root-user = 5", "1:17: `non-root-user`: expected a table, found the integer `5`"),
            (
                "[non-root-user]\nuid = 1.5",
                "2:7: `non-root-user.uid`: expected an integer, found the float `1.5`",
            ),
            (
                "[non-root-user]\nname = [\"a\"]",
                "2:8: `non-root-user.name`: expected a string, found an array",
            ),
            ("pr = []", "1:6: `pr`: expected a table, found an array"),
            ("[[pr]]", "1:1: `pr`: expected a table, found an array"),
            ("pr = 1979-05-27", "1:6: `pr`: expected a table, found the date-time `1979-05-27`"),
            ("select = [3]", "1:11: `select`: expected a string, found the integer `3`"),
            ("select = { a = 1 }", "1:10: `select`: expected an array of strings, found a table"),
            (
                "contexts = { a = 1 }",
                "1:12: `contexts`: expected an array of tables, found a table",
            ),
            ("contexts = [[1]]", "1:13: `contexts`: expected a table, found an array"),
            (
                "[base-image-pin]\nimages = 1979-05-27",
                "2:10: `base-image-pin.images`: expected a table of strings, found the date-time \
                 `1979-05-27`",
            ),
            (
                "[base-image-pin]\nimages = { a = true }",
                "2:16: `base-image-pin.images.a`: expected a string, found the boolean `true`",
            ),
            (
                "[base-image-pin]\npolicy = [\"exact\"]",
                "2:10: `base-image-pin.policy`: expected a string, found an array",
            ),
            (
                "unsafe-fixes = nan",
                "1:16: `unsafe-fixes`: expected a boolean, found the float `nan`",
            ),
        ];
        for (text, error) in cases {
            assert_eq!(errors(text), [format!("{ORIGIN}:{error}")], "{text}");
        }
        // Each value of the wrong type is reported, not only the first.
        assert_eq!(
            errors("unsafe-fixes = 1\n[pr]\nbranch = 2\n"),
            [
                "dockfix.toml:1:16: `unsafe-fixes`: expected a boolean, found the integer `1`",
                "dockfix.toml:3:10: `pr.branch`: expected a string, found the integer `2`",
            ]
        );
        // A long or multi-line value is named by its type alone.
        let long = format!("[pr]\nremote = {}\n", "1".repeat(50));
        assert_eq!(
            errors(&long),
            ["dockfix.toml:2:10: `pr.remote`: expected a string, found an integer"]
        );
    }

    /// Every key the structs take has a type to check, and every type checked is of a key the
    /// structs take: serde's unknown-key message lists the keys of each table.
    #[test]
    fn every_key_has_a_type() {
        let tables = [
            ("", "zzz = 1"),
            ("non-root-user", "[non-root-user]\nzzz = 1"),
            ("base-image-pin", "[base-image-pin]\nzzz = 1"),
            ("build-tools-in-builder", "[build-tools-in-builder]\nzzz = 1"),
            ("pr", "[pr]\nzzz = 1"),
            ("contexts", "[[contexts]]\ndockerfile = \"D\"\ncontext = \".\"\nzzz = 1"),
        ];
        for (table, text) in tables {
            let error = errors(text).join("");
            let listed = error.split_once("expected ").expect(&error).1;
            let listed: Vec<&str> = listed.split('`').skip(1).step_by(2).collect();
            assert_eq!(listed, shape::keys(table), "{table}");
        }
    }

    #[test]
    fn ids_beyond_64_bits_are_out_of_range_too() {
        assert_eq!(
            errors("[non-root-user]\nuid = 99999999999999999999\n"),
            ["dockfix.toml:2:7: `non-root-user.uid`: must be from 1 to 2147483647, not \
              99999999999999999999"]
        );
    }

    #[test]
    fn duplicate_keys_are_named() {
        let cases = [
            ("select = []\nselect = []", "2:1: `select`"),
            ("select = []\n\"select\" = []", "2:1: `select`"),
            ("[pr]\n[pr]", "2:2: `pr`"),
            ("[non-root-user]\nuid = 1\nuid = 2", "3:1: `non-root-user.uid`"),
            ("non-root-user = { uid = 1, uid = 2 }", "1:28: `non-root-user.uid`"),
            ("[non-root-user]\na.b = 1\na.b = 2", "3:3: `non-root-user.a.b`"),
            ("[[contexts]]\ncontext = \".\"\ncontext = \".\"", "3:1: `contexts.context`"),
        ];
        for (text, place) in cases {
            assert_eq!(
                errors(text),
                [format!(
                    "{ORIGIN}:{place}: duplicate key; TOML allows a key only once in a table"
                )],
                "{text}"
            );
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_placed() {
        assert_eq!(decode(b"select = []\n".to_vec()).unwrap(), "select = []\n");
        assert_eq!(decode(b"\xff".to_vec()).unwrap_err(), (1, 1));
        assert_eq!(
            decode(b"# \xc3\xa9\n[pr]\nbranch = \"a\xe9\"\n".to_vec()).unwrap_err(),
            (3, 12)
        );
    }

    #[test]
    fn text_that_is_not_toml_is_reported_where_it_breaks() {
        let found = errors("select = [\"pipefail\"\nignore = []\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("dockfix.toml:2:1: "), "{found:?}");
    }

    #[test]
    fn ids_must_be_in_range() {
        let text = "[non-root-user]\nuid = 0\ngid = 2147483648\n";
        assert_eq!(
            errors(text),
            [
                "dockfix.toml:2:7: `non-root-user.uid`: 0 is root's id, which the rule moves \
                 away from: use one from 1 to 2147483647",
                "dockfix.toml:3:7: `non-root-user.gid`: must be from 1 to 2147483647, not \
                 2147483648",
            ]
        );
        assert_eq!(
            errors("non-root-user = { uid = -1 }\n"),
            ["dockfix.toml:1:25: `non-root-user.uid`: must be from 1 to 2147483647, not -1"]
        );
        assert_eq!(
            errors("non-root-user = { gid = 0 }\n"),
            ["dockfix.toml:1:25: `non-root-user.gid`: 0 is root's id, which the rule moves away \
              from: use one from 1 to 2147483647"]
        );
        let layer = layer("[non-root-user]\nuid = 1\ngid = 2147483647\n");
        assert_eq!((layer.uid, layer.gid), (Some(1), Some(2_147_483_647)));
    }

    #[test]
    fn the_user_may_not_be_root() {
        assert_eq!(
            errors("[non-root-user]\nname = \"root\"\n"),
            ["dockfix.toml:2:8: `non-root-user.name`: `root` is the user the rule moves away \
              from: name another"]
        );
        assert_eq!(
            layer("[non-root-user]\nname = \"nobody\"\n").user_name.as_deref(),
            Some("nobody")
        );
    }

    #[test]
    fn rule_names_must_be_known() {
        let found = errors("ignore = [\"pipefail\", \"apk-no-cash\"]\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with(
                "dockfix.toml:1:23: `ignore`: unknown rule `apk-no-cash`; known rules: \
                 apk-no-cache, apt-get-yes,"
            ),
            "{found:?}"
        );
        assert_eq!(
            errors("select = [\"syntax-error\"]\n"),
            ["dockfix.toml:1:11: `select`: `syntax-error` cannot be selected or ignored: syntax \
              errors are always reported"]
        );
    }

    #[test]
    fn every_bad_value_of_a_file_is_reported() {
        let text = "exclude = [\"ok\", \"a{b\"]\n\
                    [non-root-user]\n\
                    name = \"App\"\n\
                    [base-image-pin]\n\
                    images = { \"alpine:3.21\" = \"3.21\", node = \"20 alpine\" }\n\
                    [pr]\n\
                    branch = \"a..b\"\n\
                    [[contexts]]\n\
                    dockerfile = \"api/{x\"\n\
                    context = \"\"\n\
                    target = \"1st\"\n";
        assert_eq!(
            errors(text),
            [
                "dockfix.toml:1:18: `exclude`: `a{b` is not a valid glob: unclosed alternate \
                 group; missing '}' (maybe escape '{' with '[{]'?)",
                "dockfix.toml:3:8: `non-root-user.name`: `App` is not a valid user name: use at \
                 most 32 lower-case letters, digits, `_` and `-`, starting with a letter or `_`",
                "dockfix.toml:5:12: `base-image-pin.images`: `alpine:3.21` is not an image name: \
                 the tag or digest goes in the value",
                "dockfix.toml:5:43: `base-image-pin.images.node`: `20 alpine` is neither a tag \
                 (letters, digits, `_`, `.` and `-`, at most 128) nor a digest (`sha256:` and 64 \
                 hex digits)",
                "dockfix.toml:7:10: `pr.branch`: `a..b` is not a valid git branch name",
                "dockfix.toml:9:14: `contexts.dockerfile`: `api/{x` is not a valid glob: \
                 unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)",
                "dockfix.toml:10:11: `contexts.context`: an empty path; write `.` for this \
                 file's folder",
                "dockfix.toml:11:10: `contexts.target`: `1st` is not a stage name: a letter, then \
                 letters, digits, `_`, `.` and `-`",
            ]
        );
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(line_col("a = 1\n", 4), (1, 5));
        assert_eq!(line_col("# é\nx", 5), (2, 1));
        assert_eq!(line_col("s = \"é\" x", 9), (1, 9));
        assert_eq!(line_col("", 3), (1, 1));
    }

    #[test]
    fn user_names() {
        for name in ["app", "_svc", "web-1", "a2345678901234567890123456789012"] {
            assert!(is_user_name(name), "{name}");
        }
        for name in ["", "App", "1app", "-app", "a b", "a23456789012345678901234567890123"] {
            assert!(!is_user_name(name), "{name}");
        }
    }

    #[test]
    fn image_names_tags_and_digests() {
        for name in [
            "alpine",
            "library/node",
            "gcr.io/distroless/static",
            "localhost:5000/app",
            "registry.example.com/team/app_2",
        ] {
            assert_eq!(image_name_problem(name), None, "{name}");
        }
        for name in ["alpine:3", "node@sha256:ab", "Alpine", "a//b", "-x", "localhost:5000", ""] {
            assert!(image_name_problem(name).is_some(), "{name}");
        }
        assert!(is_tag("3.21") && is_tag("20-alpine3.21") && is_tag("_x") && is_tag("latest"));
        assert!(!is_tag("") && !is_tag(".x") && !is_tag("a b") && !is_tag(&"a".repeat(129)));
        let hex = "0123456789abcdef".repeat(4);
        assert!(is_digest(&format!("sha256:{hex}")));
        assert!(!is_digest(&format!("sha256:{}", hex.to_uppercase())));
        assert!(!is_digest(&format!("sha256:{}", &hex[1..])));
        assert!(!is_digest(&format!("sha512:{hex}")));
    }

    #[test]
    fn branch_names() {
        for name in ["dockfix/fixes", "main", "feature/a-b_c.d"] {
            assert!(is_branch_name(name), "{name}");
        }
        for name in ["", "@", "-x", "a..b", "a b", "a/", "a.lock", "a//b", "x@{1}", "a/.b", "a:b"] {
            assert!(!is_branch_name(name), "{name}");
        }
    }
}
