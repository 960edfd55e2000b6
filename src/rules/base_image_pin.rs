//! Base images that float: `FROM` an image with no tag or with `latest` (or, under the `exact`
//! policy, with a tag that names no exact release), and builder toolchains with no version.

use std::collections::{BTreeMap, HashSet};

use rowan::TextRange;

use crate::config::PinPolicy;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{Base, substitute};
use crate::syntax::SyntaxKind::*;
use crate::syntax::SyntaxNode;
use crate::syntax::ast::{ImageParts, LogicalText};

use super::Context;

pub(crate) const NAME: &str = "base-image-pin";

pub(crate) const DOC: &str = r#"## What it does
Finds `FROM` instructions whose image has no tag or the `latest` tag, and under the `exact`
policy also those whose tag names no exact release, and writes the tag or digest that
`base-image-pin.images` in the configuration gives for the image. When the image comes from
the default of an `ARG` declared before the first `FROM` (`FROM ${RUNNER_IMAGE}`), the default
is what is reported and rewritten, quotes kept.

Reported without a fix: `ARG` defaults before the first `FROM` that name an image with the
`latest` tag and that no `FROM` uses as a whole, and stages that other stages copy files from,
built on a language toolchain image (`golang`, `rust`, `node`, `python`, `maven`, `gradle`,
`eclipse-temurin`, `elixir`, `ruby`, `php`, `dotnet/sdk`...) whose tag names no version, such as
`golang:alpine`, `rust:slim` or `node:lts-alpine`.

## Why
An image without a tag is `latest`, which moves with every release: the same Dockerfile builds
on one version of the distribution today and on the next tomorrow, and may change behaviour or
break without a line of it changing. A pinned tag moves only when someone edits it. Under the
default `minor` policy a tag such as `3.21` is enough, and still brings patch releases and
security fixes; the `exact` policy asks for the full version (`3.21.3`) or a digest. A builder
whose toolchain floats compiles the application with whatever compiler was released last.

## Example
With this configuration:
```toml
[base-image-pin.images]
alpine = "3.21"
```
```dockerfile
FROM alpine
RUN apk add --no-cache curl
```
becomes
```dockerfile
FROM alpine:3.21
RUN apk add --no-cache curl
```

## Fix safety
Unsafe: the build starts from the configured image, which may be older or newer than the one
`latest` gave. No version is ever looked up: without a pin in the configuration, or under
`exact` with a pin that is not exact, the rule only reports. A digest pin is written as
`alpine@sha256:...`, in place of any tag.

Names are matched as Docker reads them: `alpine`, `library/alpine`, `docker.io/alpine` and
`docker.io/library/alpine` are one image, so a pin configured under any of these names applies
to every spelling, and the fix keeps the file's spelling. Names on other registries
(`gcr.io/distroless/static`, `localhost:5000/app`) are matched as written; a registry port is
never taken for a tag.

A global `ARG` whose default is the whole image of a `FROM` is pinned in its default, but only
when every use of the argument in the file is such a `FROM`: an argument also written as the
start of an image (`FROM ${BASE}:3.20`) or in a `LABEL` would get the tag there too, so it is
reported without a fix.

## Known problems
Whether a tag is exact is read from its text: three numbers (`3.21.3`,
`1.17.3-erlang-27.1.2-alpine-3.21.0`) or a date stamp of eight digits (`bookworm-20240513`)
count as exact; `ubuntu:22.04`, which names a release, does not. An image built from variables
in another way than one whole `ARG` (`FROM alpine:${TAG}`) is reported without a fix, and one
whose arguments have no default, which only `--build-arg` gives, is not judged. Images named by
`COPY --from=` and `RUN --mount=from=` are not checked. Under `minor`, a tag other than the
configured one is left alone: a file may use two versions of an image on purpose. A toolchain
tag names a version when one of its `-` separated parts is a number, whichever program that
number is the version of (`elixir:otp-27-alpine` passes).
"#;

/// Images whose tag names the version of the compiler or runtime a build gets, matched on the
/// end of the image's name.
const TOOLCHAINS: &[&str] = &[
    "golang",
    "rust",
    "node",
    "python",
    "pypy",
    "maven",
    "gradle",
    "openjdk",
    "eclipse-temurin",
    "amazoncorretto",
    "elixir",
    "erlang",
    "ruby",
    "php",
    "composer",
    "dotnet/sdk",
    "swift",
    "haskell",
    "clojure",
    "julia",
    "perl",
    "gcc",
    "oven/bun",
    "denoland/deno",
];

/// What is wrong with an image's tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Untagged,
    Latest,
    /// A tag, but not an exact release, under the `exact` policy.
    NotExact,
}

/// A global `ARG` with a default: its name and the node of its value.
struct GlobalArg {
    name: String,
    value: SyntaxNode,
}

/// An image reference written as plain text in the file: where, so that a fix can edit it.
struct Site {
    logical: LogicalText,
    /// The reference within the logical text, without the quotes around it.
    start: usize,
    end: usize,
}

impl Site {
    /// The site of the whole of `node`'s text, or of what its quotes enclose, when that is a
    /// plain image reference (no variables, escapes or quotes inside).
    fn of(node: &SyntaxNode) -> Option<Site> {
        let logical = LogicalText::of(node);
        let text = logical.text.as_bytes();
        let (start, end) = match text {
            [open @ (b'"' | b'\''), .., close] if open == close => (1, text.len() - 1),
            _ => (0, text.len()),
        };
        let plain = is_plain(&logical.text[start..end]);
        plain.then_some(Site { logical, start, end })
    }

    fn text(&self) -> &str {
        &self.logical.text[self.start..self.end]
    }

    /// The name as the file spells it, without tag or digest.
    fn name(&self) -> &str {
        &self.text()[..name_end(self.text())]
    }

    /// The edit that puts `pin` in place of whatever tag or digest follows the name.
    fn pin(&self, pin: &str) -> Edit {
        let from = self.start + name_end(self.text());
        Edit::replace(self.logical.range_to_file(from, self.end), pin_suffix(pin))
    }
}

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let settings = &ctx.options.base_image_pin;
    let semantics = &ctx.semantics;
    let args = global_args(ctx);
    // The stages whose base image got a finding, and the `ARG` values already reported.
    let mut judged = vec![false; semantics.stages.len()];
    let mut reported: HashSet<TextRange> = HashSet::new();
    // The `ARG` values some `FROM` takes as its whole image.
    let mut used: HashSet<TextRange> = HashSet::new();

    for stage in &semantics.stages {
        let Base::Image(_) = stage.base else { continue };
        let Some(image) = stage.from.image() else { continue };
        let written = image.text();
        let resolved = substitute(&written, &semantics.global_args);
        // An argument without a default comes from `--build-arg`: nothing to judge here.
        if resolved.is_empty() || resolved.contains('$') {
            continue;
        }
        let parts = ImageParts::parse(&resolved);
        let arg = whole_variable(&written)
            .and_then(|name| args.iter().rev().find(|arg| arg.name == name));
        // A tag added to the default would reach every other use of the argument too, where
        // it may not fit (`FROM ${BASE}:3.20`, `LABEL base=$BASE`).
        let shared = arg.is_some_and(|arg| {
            variable_uses(ctx.source, &arg.name) > whole_image_uses(ctx, &arg.name)
        });
        if let Some(arg) = arg {
            used.insert(arg.value.text_range());
        }
        let Some(problem) = problem(&parts, settings.policy) else { continue };
        judged[stage.index] = true;

        // Where the reference is written decides where the finding and its fix go.
        let (site, range, subject) = match arg {
            Some(arg) => {
                if !reported.insert(arg.value.text_range()) {
                    continue;
                }
                let subject =
                    format!("base image `{resolved}`, the default of `ARG {}`,", arg.name);
                (Site::of(&arg.value), arg.value.text_range(), subject)
            }
            None if written.contains('$') => {
                (None, image.syntax().text_range(), format!("`FROM {written}` (`{resolved}`)"))
            }
            None => {
                (Site::of(image.syntax()), image.syntax().text_range(), format!("`{resolved}`"))
            }
        };
        let what = match problem {
            Problem::Untagged => "names no tag, so each build takes whatever `latest` is that day",
            Problem::Latest => "follows `latest`, which moves with every release",
            Problem::NotExact => "names no exact release, which the `exact` pin policy asks for",
        };

        let configured = configured_pin(&settings.images, &parts);
        let usable = configured.filter(|pin| match settings.policy {
            PinPolicy::Minor => *pin != "latest",
            PinPolicy::Exact => is_exact(pin),
        });
        let (fix, remedy) = match (usable, &site) {
            (Some(pin), Some(_)) if shared => (
                None,
                format!(
                    "pin it to `{pin}` (no fix: the argument is used elsewhere too, where a tag \
                     added to its default may not fit)"
                ),
            ),
            (Some(pin), Some(site)) => {
                let fix = Fix { edits: vec![site.pin(pin)], applicability: Applicability::Unsafe };
                (Some(fix), format!("pin it: `{}{}`", site.name(), pin_suffix(pin)))
            }
            (Some(pin), None) => (
                None,
                format!(
                    "pin it to `{pin}` (no fix: the reference is built from variables, and only \
                     a whole `ARG` default is rewritten)"
                ),
            ),
            (None, _) => match configured {
                Some(pin) => (
                    None,
                    match settings.policy {
                        PinPolicy::Minor => {
                            format!("the configured pin `{pin}` floats too: configure a version")
                        }
                        PinPolicy::Exact => format!(
                            "the configured pin `{pin}` is not exact either: configure a full \
                             version or a digest"
                        ),
                    },
                ),
                None => (
                    None,
                    format!(
                        "pin a version (no fix: `base-image-pin.images` in the configuration \
                         names no tag for `{}`)",
                        familiar_name(&full_name(&parts))
                    ),
                ),
            },
        };
        diagnostics.push(Diagnostic {
            rule: NAME,
            message: format!("{subject} {what}; {remedy}"),
            range,
            fix,
        });
    }

    floating_arg_defaults(&args, &used, diagnostics);
    unversioned_toolchains(ctx, &judged, diagnostics);
}

/// How many times `$name` or `${name…}` appears in `source`.
fn variable_uses(source: &str, name: &str) -> usize {
    let mut count = 0;
    for (at, _) in source.match_indices('$') {
        let rest = &source[at + 1..];
        let (rest, braced) = match rest.strip_prefix('{') {
            Some(inner) => (inner, true),
            None => (rest, false),
        };
        let Some(after) = rest.strip_prefix(name) else { continue };
        let next = after.chars().next();
        let ends = if braced {
            matches!(next, Some('}' | ':'))
        } else {
            !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        count += usize::from(ends);
    }
    count
}

/// How many `FROM`s take the argument `name` as their whole image.
fn whole_image_uses(ctx: &Context<'_>, name: &str) -> usize {
    let images = ctx.semantics.stages.iter().filter_map(|stage| stage.from.image());
    images.filter(|image| whole_variable(&image.text()) == Some(name)).count()
}

/// Global `ARG` defaults naming an image with the `latest` tag that no `FROM` takes as its
/// whole image: reported, as the argument may reach a `FROM` in a way not followed here.
fn floating_arg_defaults(
    args: &[GlobalArg],
    used: &HashSet<TextRange>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for arg in args.iter().filter(|arg| !used.contains(&arg.value.text_range())) {
        let Some(site) = Site::of(&arg.value) else { continue };
        let parts = ImageParts::parse(site.text());
        if parts.digest.is_some() || parts.tag.as_deref() != Some("latest") {
            continue;
        }
        let image = site.text();
        diagnostics.push(Diagnostic {
            rule: NAME,
            message: format!(
                "`ARG {}` defaults to `{image}`, an image tag that moves with every release; pin a \
                 version",
                arg.name
            ),
            range: arg.value.text_range(),
            fix: None,
        });
    }
}

/// Stages that other stages copy files from, built (directly or through other stages) on a
/// toolchain image whose tag names no version: `golang:alpine`, `node:lts-slim`.
fn unversioned_toolchains(ctx: &Context<'_>, judged: &[bool], diagnostics: &mut Vec<Diagnostic>) {
    let semantics = &ctx.semantics;
    let count = semantics.stages.len();
    let mut done: HashSet<usize> = HashSet::new();
    // The stages some other stage copies files from, found in one pass over their sources.
    let mut copied = vec![false; count];
    for i in 0..count {
        for source in semantics.sources(i) {
            copied[source] |= source != i;
        }
    }
    for stage in &semantics.stages {
        if !copied[stage.index] {
            continue;
        }
        let root = semantics.ancestors(stage.index).last().copied().unwrap_or(stage.index);
        if judged[root] || !done.insert(root) {
            continue;
        }
        let Base::Image(parts) = &semantics.stages[root].base else { continue };
        let Some(tag) = &parts.tag else { continue };
        let full = full_name(parts);
        let name = familiar_name(&full);
        if parts.digest.is_some() || names_version(tag) || name.contains('$') || tag.contains('$') {
            continue;
        }
        let Some(toolchain) = TOOLCHAINS.iter().find(|t| {
            name == **t || name.strip_suffix(**t).is_some_and(|rest| rest.ends_with('/'))
        }) else {
            continue;
        };
        let from = &semantics.stages[root].from;
        let Some(image) = from.image() else { continue };
        let stage_name = match &stage.name {
            Some(name) => format!("`{name}`"),
            None => format!("{}", stage.index),
        };
        diagnostics.push(Diagnostic {
            rule: NAME,
            message: format!(
                "stage {stage_name}, which other stages copy files from, is built on \
                 `{name}:{tag}`, whose tag names no {toolchain} version, so the build gets \
                 whichever was released last; name a version in the tag"
            ),
            range: image.syntax().text_range(),
            fix: None,
        });
    }
}

/// What is wrong with an image's tag under `policy`, if anything.
fn problem(parts: &ImageParts, policy: PinPolicy) -> Option<Problem> {
    if parts.digest.is_some() {
        return None;
    }
    match parts.tag.as_deref() {
        None => Some(Problem::Untagged),
        Some("latest") => Some(Problem::Latest),
        Some(tag) if policy == PinPolicy::Exact && !is_exact(tag) => Some(Problem::NotExact),
        Some(_) => None,
    }
}

/// The `ARG`s before the first `FROM` that have a default.
fn global_args(ctx: &Context<'_>) -> Vec<GlobalArg> {
    let mut args = Vec::new();
    for instruction in ctx.parse.tree().instructions() {
        match instruction.kind() {
            FROM_INSTR => break,
            ARG_INSTR => {}
            _ => continue,
        }
        for def in instruction.syntax().children().filter(|n| n.kind() == ARG_DEF) {
            let key = def.children().find(|n| n.kind() == KEY);
            let value = def.children().find(|n| n.kind() == VALUE);
            if let (Some(key), Some(value)) = (key, value) {
                args.push(GlobalArg { name: LogicalText::of(&key).text, value });
            }
        }
    }
    args
}

/// The name of the argument `text` consists of: `$NAME` or `${NAME}`.
fn whole_variable(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('$')?;
    let name = match rest.strip_prefix('{') {
        Some(inner) => inner.strip_suffix('}')?,
        None => rest,
    };
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some(name)
}

/// Whether `text` is an image reference with nothing a shell or BuildKit would read specially.
fn is_plain(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | ':' | '@'))
}

/// Where the name of `reference` ends: at the `:` of its tag or the `@` of its digest. A `:`
/// before the last `/` belongs to a registry's port.
fn name_end(reference: &str) -> usize {
    let end = reference.find('@').unwrap_or(reference.len());
    let last = reference[..end].rfind('/').map_or(0, |slash| slash + 1);
    reference[last..end].find(':').map_or(end, |colon| last + colon)
}

/// `:tag`, or `@sha256:...` for a digest.
fn pin_suffix(pin: &str) -> String {
    if pin.starts_with("sha256:") { format!("@{pin}") } else { format!(":{pin}") }
}

/// The image's name with its registry, if it has one.
fn full_name(parts: &ImageParts) -> String {
    match &parts.registry {
        Some(registry) => format!("{registry}/{}", parts.name),
        None => parts.name.clone(),
    }
}

/// The short name Docker shows for an image of Docker Hub (`alpine` for
/// `docker.io/library/alpine`); other names are returned as they are.
fn familiar_name(name: &str) -> &str {
    let name = ["docker.io/", "index.docker.io/"]
        .iter()
        .find_map(|host| name.strip_prefix(host))
        .unwrap_or(name);
    match name.strip_prefix("library/") {
        Some(rest) if !rest.contains('/') => rest,
        _ => name,
    }
}

/// The pin `images` configures for the image: under the name as written, else under another
/// spelling of the same Docker Hub name.
fn configured_pin<'a>(images: &'a BTreeMap<String, String>, parts: &ImageParts) -> Option<&'a str> {
    let name = full_name(parts);
    if let Some(pin) = images.get(&name) {
        return Some(pin);
    }
    let familiar = familiar_name(&name);
    images.iter().find(|(key, _)| familiar_name(key) == familiar).map(|(_, pin)| pin.as_str())
}

/// Whether a tag or digest names one exact release: a digest, a version of three numbers or
/// more (`3.21.3`), or a date stamp of eight digits or more (`bookworm-20240513`).
fn is_exact(pin: &str) -> bool {
    if pin.starts_with("sha256:") {
        return true;
    }
    // Numbers in the current dotted run, and digits in the current number.
    let mut numbers = 0;
    let mut digits = 0;
    for c in pin.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 8 {
                return true;
            }
        } else if c == '.' && digits > 0 {
            numbers += 1;
            digits = 0;
        } else {
            if digits > 0 {
                numbers += 1;
            }
            if numbers >= 3 {
                return true;
            }
            numbers = 0;
            digits = 0;
        }
    }
    false
}

/// Whether a toolchain image's tag names a version: one of its `-` separated parts is a number
/// (`1.23-alpine`, `21-jdk`, `v20`, `bin-2.9.1`). A number run into a word is a distribution's
/// or a JDK's (`lts-alpine3.21`, `jdk21`), not the toolchain's.
fn names_version(tag: &str) -> bool {
    tag.split(['-', '_']).any(|part| {
        let part = part.strip_prefix('v').unwrap_or(part);
        part.starts_with(|c: char| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_end_before_the_tag_or_digest_and_after_a_registry_port() {
        assert_eq!(name_end("alpine"), 6);
        assert_eq!(name_end("alpine:latest"), 6);
        assert_eq!(name_end("localhost:5000/app"), 18);
        assert_eq!(name_end("localhost:5000/app:1"), 18);
        assert_eq!(name_end("alpine:3.21@sha256:ab"), 6);
        assert_eq!(name_end("gcr.io/distroless/static@sha256:ab"), 24);
    }

    #[test]
    fn docker_hub_names_have_one_familiar_spelling() {
        for name in ["alpine", "library/alpine", "docker.io/alpine", "docker.io/library/alpine"] {
            assert_eq!(familiar_name(name), "alpine", "{name}");
        }
        assert_eq!(familiar_name("index.docker.io/library/node"), "node");
        assert_eq!(familiar_name("docker.io/bitnami/node"), "bitnami/node");
        assert_eq!(familiar_name("library/a/b"), "library/a/b");
        assert_eq!(familiar_name("gcr.io/library/alpine"), "gcr.io/library/alpine");
    }

    #[test]
    fn configured_pins_match_any_spelling_of_a_docker_hub_name() {
        let images: BTreeMap<String, String> = [
            ("library/alpine", "3.21"),
            ("gcr.io/distroless/static", "nonroot"),
            ("node", "22-alpine"),
            ("docker.io/library/node", "20-alpine"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let pin = |reference: &str| configured_pin(&images, &ImageParts::parse(reference));
        assert_eq!(pin("alpine"), Some("3.21"));
        assert_eq!(pin("docker.io/library/alpine:latest"), Some("3.21"));
        assert_eq!(pin("gcr.io/distroless/static"), Some("nonroot"));
        assert_eq!(pin("distroless/static"), None);
        // The name as written wins over another spelling of it.
        assert_eq!(pin("node"), Some("22-alpine"));
        assert_eq!(pin("docker.io/library/node"), Some("20-alpine"));
        assert_eq!(pin("ghcr.io/alpine"), None);
    }

    #[test]
    fn exact_releases_have_three_numbers_a_date_or_a_digest() {
        for pin in [
            "3.21.3",
            "1.17.3-erlang-27.1.2-alpine-3.21.0",
            "20.11.1-alpine3.19",
            "bookworm-20240513",
            "sha256:0123",
        ] {
            assert!(is_exact(pin), "{pin}");
        }
        for pin in ["3.21", "20-alpine3.21", "nonroot", "22.04", "1..2.3", "latest", "3.21-1"] {
            assert!(!is_exact(pin), "{pin}");
        }
    }

    #[test]
    fn toolchain_versions_stand_apart_in_the_tag() {
        assert!(names_version("1.23-alpine") && names_version("21-jdk") && names_version("v20"));
        assert!(names_version("bin-2.9.1"));
        assert!(!names_version("alpine") && !names_version("lts-alpine3.21"));
        assert!(!names_version("slim-bookworm") && !names_version("jdk21"));
    }

    #[test]
    fn variable_uses_are_counted_by_whole_names() {
        let source =
            "ARG BASE=alpine\nFROM ${BASE}:3.20\nFROM $BASE\nLABEL b=${BASE:-x} c=$BASE_2\n";
        assert_eq!(variable_uses(source, "BASE"), 3);
        assert_eq!(variable_uses(source, "BASE_2"), 1);
        assert_eq!(variable_uses(source, "BAS"), 0);
    }

    #[test]
    fn whole_variables() {
        assert_eq!(whole_variable("${RUNNER_IMAGE}"), Some("RUNNER_IMAGE"));
        assert_eq!(whole_variable("$BASE"), Some("BASE"));
        assert_eq!(whole_variable("${BASE}-slim"), None);
        assert_eq!(whole_variable("${BASE:-alpine}"), None);
        assert_eq!(whole_variable("alpine"), None);
        assert_eq!(whole_variable("$1"), None);
    }
}
