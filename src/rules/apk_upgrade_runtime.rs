//! An Alpine runtime stage that never runs `apk upgrade`.

use rowan::TextSize;

use crate::config::PinPolicy;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{Family, Manager, PackageCommand, Stage, cache_mount_targets, is_root};
use crate::shell::{self, SeparatorKind};
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::{ImageParts, Instruction, LogicalText};

use super::Context;
use super::split_package_runs::{Layout, char_in_file};

pub(crate) const NAME: &str = "apk-upgrade-runtime";

pub(crate) const DOC: &str = r#"## What it does
Finds an Alpine runtime stage (the last stage, or the `--target` one) in which no
`apk upgrade` runs, neither in the stage nor in a stage it is built on, and adds
`apk upgrade --no-cache` early in it. When the stage's first `RUN` starts with `apk add`, the
upgrade joins that `RUN`, on a line of its own before the `apk add`; otherwise a new
`RUN apk upgrade --no-cache` goes right after the `FROM` and the `ARG`, `ENV`, `LABEL` and
`MAINTAINER` instructions directly below it; or, when the image runs as another user than root,
right after the `USER root` the stage switches with before its first `RUN`.

## Why
An Alpine image is built once and then used for months: the packages it ships stay at the
versions of that day, while Alpine keeps publishing security fixes for the same release. An
`apk upgrade` in the runtime stage brings them into the image at every build, so that a
rebuild is enough to ship them, and image scanners stop reporting fixed vulnerabilities.

## Example
```dockerfile
FROM alpine:3.21
RUN apk add --no-cache ca-certificates
```
becomes
```dockerfile
FROM alpine:3.21
RUN apk upgrade --no-cache && \
    apk add --no-cache ca-certificates
```

## Fix safety
Unsafe: changing the versions of the packages in the image is the point, and a newer version may
behave differently. The upgrade joins the first `RUN` only when its script is a list of commands
and pipelines joined by `&&`, so that a failed upgrade stops it all. It follows the `RUN`'s
layout (its escape character, line ends, indentation, and whether `&&` leads the continued
line), with four spaces when the `RUN` has no continued command. A first `RUN` with a heredoc
gets its own `RUN apk upgrade --no-cache` above rather than a line in its script, which without
`set -e` would carry on after a failed upgrade.

An image is taken to run as another user than root when the file switches to root with `USER
root` (it would have no need to otherwise), or when its name says so (see `non-root-user`); with
no `USER root` before the first `RUN`, the finding has no fix. A first `RUN` that mounts a cache
for apk keeps its index there on purpose, so the upgrade gets a `RUN` of its own instead. A new
`RUN` early in the stage would run before anything the stage does to set apk up: when a step
before the first `apk` command names `/etc/apk/repositories` or `/etc/apk/keys`, adds a
certificate for the system to trust, copies into `/etc`, `/etc/apk` or `/etc/ssl`, or copies a
folder or an archive over `/` (which may bring any of these), the finding has no fix. When no
target is configured and the last stage is named like one for development or checks (`dev`,
`debug`, `test`, `lint`…), it may not be the image that ships: the finding has no fix, and says
to name the stage that ships with `--target` or `[[contexts]]`.

## Known problems
Stages whose scripts also call another distribution's package manager, or that run under a
`SHELL` that is not a POSIX shell, are left alone. An image that runs as another user than root
without saying so in its name, in a file that never switches to root, gets the upgrade where apk
cannot write, and the build fails there. With `policy = "exact"` in `[base-image-pin]`, an image
pinned to a digest or to full versions (`3.21.3`, in the `FROM` or in `[base-image-pin.images]`)
is left alone too: the author wants that image as it is. A `RUN` in which the words `apk` and
`upgrade` both appear counts as an upgrade, even in a string (`sh -c "apk upgrade"`). `ONBUILD`
instructions are not read.
"#;

/// Package managers of distributions other than Alpine.
const OTHER_MANAGERS: &[&str] =
    &["apt-get", "apt", "dpkg", "dnf", "dnf5", "microdnf", "yum", "rpm", "zypper"];

const UPGRADE: &str = "apk upgrade --no-cache";

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let semantics = &ctx.semantics;
    let Some((index, doubt)) = ctx.runtime_stage() else { return };
    let stage = &semantics.stages[index];
    if stage.family != Family::Alpine {
        return;
    }

    // The stage and those it is built on: what has run in the image by the end of the stage.
    let lineage: Vec<&Stage> = std::iter::once(index)
        .chain(semantics.ancestors(index))
        .map(|i| &semantics.stages[i])
        .collect();
    let instructions = || lineage.iter().flat_map(|stage| &stage.instructions);
    if instructions().any(|i| i.kind() == SHELL_INSTR && !shell::is_posix_shell(i)) {
        return;
    }
    if instructions().any(|i| runs_apk_upgrade(i) || runs_other_manager(ctx, i)) {
        return;
    }
    if semantics.image_of(index).is_some_and(|image| pinned_exactly(ctx, image)) {
        return;
    }

    let root = RootAt { image_runs_as_non_root: image_runs_as_non_root(ctx, index) };
    let fixed = match doubt {
        Some(doubt) => Err(doubt),
        None => match join_first_run(ctx, stage, &root) {
            Some(edit) => Ok((edit, "it is joined to the stage's first `RUN`, before `apk add`")),
            None => match new_run(ctx, stage, &root) {
                _ if configures_apk(stage) => Err("a step before the first `apk` command sets \
                     up where apk fetches from or which certificates it trusts, which the upgrade \
                     would need too"
                    .to_string()),
                Some(edit) => Ok((edit, "a `RUN` of its own is added early in the stage")),
                None => Err("the stage runs as a user other than root where the upgrade would go"
                    .to_string()),
            },
        },
    };
    let (fix, where_) = match fixed {
        Ok((edit, where_)) => (Some(edit), where_.to_string()),
        Err(why) => (None, format!("add it early in the stage, as root (no fix: {why})")),
    };
    let from = stage.from.syntax().text_range();
    diagnostics.push(Diagnostic {
        rule: NAME,
        message: format!(
            "the runtime stage ships its Alpine packages as they were when the base image was \
             built; `{UPGRADE}` brings in the fixes released since; {where_}"
        ),
        range: from,
        fix: fix.map(|edit| Fix { edits: vec![edit], applicability: Applicability::Unsafe }),
    });
}

/// Whether a `RUN` upgrades with apk: its text has the words `apk` and `upgrade`, wherever they
/// are, so that exec form and `sh -c "apk upgrade"` count too.
fn runs_apk_upgrade(instruction: &Instruction) -> bool {
    if instruction.kind() != RUN_INSTR {
        return false;
    }
    let text = instruction.syntax().text().to_string();
    // Words are runs of the characters of names and paths; anything else (blanks, quotes,
    // `;`, `&&`, exec-form brackets) separates them.
    let words =
        text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')));
    let mut apk = false;
    let mut upgrade = false;
    for word in words {
        apk |= word.rsplit('/').next() == Some("apk");
        upgrade |= word == "upgrade";
    }
    apk && upgrade
}

/// Whether a `RUN` calls the package manager of another distribution.
fn runs_other_manager(ctx: &Context<'_>, instruction: &Instruction) -> bool {
    if instruction.kind() != RUN_INSTR {
        return false;
    }
    let commands = ctx.run_commands(instruction);
    commands.iter().any(|(_, c)| c.name().is_some_and(|name| OTHER_MANAGERS.contains(&name)))
}

/// Whether the exact pin policy applies and the image is pinned, in the file or in the
/// configuration, to a digest or to full versions.
fn pinned_exactly(ctx: &Context<'_>, image: &ImageParts) -> bool {
    let pin = &ctx.options.base_image_pin;
    if pin.policy != PinPolicy::Exact {
        return false;
    }
    if image.digest.is_some() || image.tag.as_deref().is_some_and(is_exact_version) {
        return true;
    }
    let full_name = match &image.registry {
        Some(registry) => format!("{registry}/{}", image.name),
        None => image.name.clone(),
    };
    let configured = pin.images.get(&full_name).or_else(|| pin.images.get(&image.name));
    configured.is_some_and(|value| value.starts_with("sha256:") || is_exact_version(value))
}

/// Whether every version in a tag has at least three parts: `3.21.3` and
/// `1.17.3-erlang-27.1.2-alpine-3.21.0` do, `3.21` and `22.11.0-alpine3.20` do not.
fn is_exact_version(tag: &str) -> bool {
    let versions: Vec<&str> = tag
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|run| run.trim_matches('.'))
        .filter(|run| run.contains('.'))
        .collect();
    !versions.is_empty()
        && versions.iter().all(|v| v.split('.').filter(|p| !p.is_empty()).count() >= 3)
}

/// The edit that puts the upgrade before `apk add` in the stage's first `RUN`, when that `RUN`
/// is in shell form without a heredoc, has the network, runs as root, and its script is an `&&`
/// list that starts with `apk add`.
fn join_first_run(ctx: &Context<'_>, stage: &Stage, root: &RootAt) -> Option<Edit> {
    let run = stage.instructions.iter().find(|i| i.kind() == RUN_INSTR)?;
    if run.heredocs().next().is_some() || run.shell_form().is_none() {
        return None;
    }
    // A `RUN` that mounts a cache for apk keeps its index there on purpose; `--no-cache` in it
    // would go against that, so the upgrade gets a `RUN` of its own.
    if cache_mount_targets(run).iter().any(|t| t == "/var/cache/apk" || t == "/etc/apk/cache") {
        return None;
    }
    // Without the network, the upgrade would fail where the `apk add` may use local files.
    if run.flags().any(|f| f.name() == "network" && f.value().as_deref() == Some("none")) {
        return None;
    }
    if !root.at(ctx, stage, run.syntax().text_range().start()) {
        return None;
    }
    let scripts = ctx.run_scripts(run);
    let script = scripts.first()?;
    let commands = shell::commands(&script.text);
    let first = commands.first()?;
    let apk = PackageCommand::recognize(first.clone())?;
    if apk.manager != Manager::Apk || apk.subcommand_text() != Some("add") {
        return None;
    }
    if !script.text[..first.range.start].trim().is_empty() {
        return None;
    }
    let and_list = commands.iter().all(|c| {
        !c.opaque
            && c.separator
                .as_ref()
                .is_none_or(|s| matches!(s.kind, SeparatorKind::And | SeparatorKind::Pipe))
    });
    if !and_list {
        return None;
    }

    let at = char_in_file(script, first.range.start);
    let layout = Layout::of(ctx.source, script, &commands).unwrap_or_default();
    let escape = ctx.parse.escape();
    let newline = line_ending(ctx.source, at);
    let text = if layout.leading {
        format!("{UPGRADE} {escape}{newline}{}&& ", layout.indent)
    } else {
        format!("{UPGRADE} && {escape}{newline}{}", layout.indent)
    };
    Some(Edit::insert(at, text))
}

/// Whether the stage changes apk's repositories or keys, or the certificates the system trusts,
/// before its first `apk` command: a new `RUN` early in the stage would fetch without them. A
/// copy into `/`, `/etc`, or apk's or the certificates' folders may do so.
fn configures_apk(stage: &Stage) -> bool {
    const SETUP: &[&str] = &[
        "/etc/apk/repositories",
        "/etc/apk/keys",
        "update-ca-certificates",
        "/usr/local/share/ca-certificates",
    ];
    // Set up before the first `apk` command of the author's.
    let mut set_up = false;
    for instruction in &stage.instructions {
        let text = instruction.syntax().text().to_string();
        // A copy into `/etc` may bring repositories, keys or certificates, and so may a folder
        // or an archive copied over `/`; a working folder in `/etc` leads relative copies in.
        let into_etc = |folder: &str| {
            ["/etc", "/etc/apk", "/etc/ssl"].contains(&folder.trim_end_matches('/'))
                || folder.starts_with("/etc/apk/")
                || folder.starts_with("/etc/ssl/")
        };
        let arguments: Vec<String> = match instruction.kind() {
            COPY_INSTR | ADD_INSTR => instruction
                .syntax()
                .children()
                .filter(|n| n.kind() == ARGUMENT)
                .map(|n| LogicalText::of(&n).text)
                .collect(),
            _ => Vec::new(),
        };
        if let Some((destination, sources)) = arguments.split_last() {
            let tree = |source: &String| {
                let name = source.rsplit('/').find(|part| !part.is_empty()).unwrap_or("");
                source.ends_with('/')
                    || matches!(source.as_str(), "." | "./")
                    || name.contains("rootfs")
                    || [".tar", ".tgz", ".txz", ".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst"]
                        .iter()
                        .any(|ext| name.ends_with(ext))
            };
            let over_root =
                destination.trim_end_matches('/').is_empty() && sources.iter().any(tree);
            set_up |= destination.starts_with('/') && (into_etc(destination) || over_root);
        }
        if instruction.kind() == WORKDIR_INSTR {
            let folder = text.split_whitespace().nth(1).unwrap_or_default();
            set_up |= folder.starts_with('/') && into_etc(folder);
        }
        let first_apk = match instruction.kind() {
            RUN_INSTR => text.find("apk "),
            _ => None,
        };
        // Named by a step that runs or copies: an `ENV` naming a certificate folder sets
        // nothing up.
        let before = &text[..first_apk.unwrap_or(text.len())];
        let acts = matches!(instruction.kind(), RUN_INSTR | COPY_INSTR | ADD_INSTR);
        set_up |= acts && SETUP.iter().any(|setup| before.contains(setup));
        if first_apk.is_some() {
            return set_up;
        }
    }
    // With no `apk` command of the author's, every step comes before the upgrade's first use
    // of what they set up.
    set_up
}

/// The edit that adds `RUN apk upgrade --no-cache` after the stage's `FROM` and the `ARG`,
/// `ENV`, `LABEL` and `MAINTAINER` instructions right below it, when the stage runs as root
/// there; else right after the stage's first `USER root`, when one comes before any `RUN`.
fn new_run(ctx: &Context<'_>, stage: &Stage, root: &RootAt) -> Option<Edit> {
    let settings = stage
        .instructions
        .iter()
        .take_while(|i| matches!(i.kind(), ARG_INSTR | ENV_INSTR | LABEL_INSTR | MAINTAINER_INSTR));
    let mut anchor = settings.last().unwrap_or(&stage.from);
    if !root.at(ctx, stage, anchor.syntax().text_range().end()) {
        anchor = stage.instructions.iter().take_while(|i| i.kind() != RUN_INSTR).find(|i| {
            i.kind() == USER_INSTR && root.at(ctx, stage, i.syntax().text_range().end())
        })?;
    }
    let at = anchor.syntax().text_range().end();
    let lower = stage.from.keyword_token().is_some_and(|k| k.text() == k.text().to_lowercase());
    let keyword = if lower { "run" } else { "RUN" };
    Some(Edit::insert(at, format!("{}{keyword} {UPGRADE}", line_ending(ctx.source, at))))
}

/// What is known of the user a stage runs as before any `USER`.
struct RootAt {
    /// The image is known to run as another user than root, or the stage switches to root
    /// with `USER root`, which it would not need to if the image ran as root.
    image_runs_as_non_root: bool,
}

impl RootAt {
    /// Whether the user in effect at `offset` of the stage is root: set so by a `USER`, or
    /// by the image's default when no `USER` has set it.
    fn at(&self, ctx: &Context<'_>, stage: &Stage, offset: TextSize) -> bool {
        match ctx.semantics.user_at(stage.index, offset) {
            Some(user) => is_root(&user),
            None => !self.image_runs_as_non_root,
        }
    }
}

/// Whether the image the runtime stage `index` is built on runs as a user other than root by
/// default: one known to by its name, or one the file switches to root with `USER root`.
fn image_runs_as_non_root(ctx: &Context<'_>, index: usize) -> bool {
    let semantics = &ctx.semantics;
    let known = semantics.image_of(index).is_some_and(super::non_root_user::runs_as_non_root);
    let lineage = std::iter::once(index).chain(semantics.ancestors(index));
    let switches_to_root = lineage
        .flat_map(|i| &semantics.stages[i].instructions)
        .filter(|i| i.kind() == USER_INSTR)
        .any(|user| {
            semantics.user_at(index, user.syntax().text_range().end()).is_some_and(|u| is_root(&u))
        });
    known || switches_to_root
}

/// The line ending of the line at `offset`, else of the file's first line, else `\n`.
fn line_ending(source: &str, offset: TextSize) -> &'static str {
    let offset = usize::from(offset);
    let newline = source[offset..].find('\n').map(|i| offset + i).or_else(|| source.find('\n'));
    match newline {
        Some(i) if source[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::{Settings, fix};

    /// `source` after this rule's fixes alone.
    fn upgraded(source: &str) -> String {
        let settings = Settings {
            unsafe_fixes: true,
            select: Some(vec![super::NAME.to_string()]),
            ..Settings::default()
        };
        fix(source, &settings).text
    }

    #[test]
    fn only_steps_that_may_set_apk_up_hold_the_upgrade_back() {
        let upgraded_early = |steps: &str| {
            let source = format!("FROM alpine:3.21\n{steps}RUN apk add --no-cache curl\n");
            upgraded(&source).contains("\nRUN apk upgrade --no-cache\n")
        };
        // Files copied to `/`, a working folder there, a variable naming certificates.
        assert!(upgraded_early("WORKDIR /\nCOPY start.sh healthcheck.sh /\nRUN true\n"));
        assert!(upgraded_early("ENV SSL_CERT_DIR=/etc/ssl/certs\nRUN true\n"));
        assert!(upgraded_early("RUN ln -s /etc/ssl/certs /opt/ssl && true\n"));
        // A folder or an archive over `/`, a copy into `/etc`, a trusted certificate.
        assert!(!upgraded_early("COPY rootfs/ /\nRUN true\n"));
        assert!(!upgraded_early("ADD base.tar.gz /\nRUN true\n"));
        assert!(!upgraded_early("COPY --from=conf / /\nRUN true\n"));
        assert!(!upgraded_early("COPY etc/ /etc/\nRUN true\n"));
        assert!(!upgraded_early("WORKDIR /etc/apk\nCOPY repositories .\nRUN true\n"));
        assert!(!upgraded_early("COPY ca.crt /usr/local/share/ca-certificates/\nRUN true\n"));
    }

    #[test]
    fn crlf_files_get_crlf_lines() {
        assert_eq!(
            upgraded("FROM alpine:3.21\r\nRUN apk add --no-cache x\r\n"),
            "FROM alpine:3.21\r\nRUN apk upgrade --no-cache && \\\r\n    apk add --no-cache x\r\n"
        );
        assert_eq!(
            upgraded("FROM alpine:3.21\r\nLABEL a=b\r\nCOPY x /x"),
            "FROM alpine:3.21\r\nLABEL a=b\r\nRUN apk upgrade --no-cache\r\nCOPY x /x"
        );
        assert_eq!(upgraded("FROM alpine:3.21"), "FROM alpine:3.21\nRUN apk upgrade --no-cache");
    }

    #[test]
    fn the_backtick_escape_continues_the_line() {
        assert_eq!(
            upgraded("# escape=`\r\nFROM alpine:3.21\r\nRUN apk add x `\r\n  && rm -rf /tmp/x\r\n"),
            "# escape=`\r\nFROM alpine:3.21\r\nRUN apk upgrade --no-cache `\r\n  && apk add x `\r\n  \
             && rm -rf /tmp/x\r\n"
        );
    }

    #[test]
    fn only_plain_and_lists_are_joined() {
        for script in
            ["apk add x; echo y", "apk add x || true", "apk add x &", "if apk add x; then :; fi"]
        {
            assert_eq!(
                upgraded(&format!("FROM alpine:3.21\nRUN {script}\n")),
                format!("FROM alpine:3.21\nRUN apk upgrade --no-cache\nRUN {script}\n"),
            );
        }
        assert_eq!(
            upgraded("FROM alpine:3.21\nRUN --network=none apk add /x.apk\n"),
            "FROM alpine:3.21\nRUN apk upgrade --no-cache\nRUN --network=none apk add /x.apk\n"
        );
        assert_eq!(
            upgraded("FROM alpine:3.21\nRUN apk add x | tee /log && echo y\n"),
            "FROM alpine:3.21\nRUN apk upgrade --no-cache && \\\n    apk add x | tee /log && echo y\n"
        );
    }

    #[test]
    fn exact_versions_have_three_parts_everywhere() {
        use super::is_exact_version;
        assert!(is_exact_version("3.21.3"));
        assert!(is_exact_version("1.17.3-erlang-27.1.2-alpine-3.21.0"));
        assert!(!is_exact_version("3.21"));
        assert!(!is_exact_version("22.11.0-alpine3.20"));
        assert!(!is_exact_version("latest"));
        assert!(!is_exact_version("20240606"));
    }
}
