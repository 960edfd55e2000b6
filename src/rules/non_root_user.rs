//! A runtime stage that runs its containers as root.

mod entrypoint;
mod purpose;
mod users;

use rowan::TextSize;

use crate::config::NonRootUser;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{Base, Family, Manager, is_root};
use crate::shell::{self, Command, SeparatorKind};
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::{ImageParts, Instruction};

use super::Context;
use entrypoint::Argument;
use users::Accounts;

pub(crate) const NAME: &str = "non-root-user";

pub(crate) const DOC: &str = r#"## What it does
Finds a runtime stage (the `--target` stage, else the last) that never switches away from
root: no `USER` in it or in the stages it is built on. It creates a system group and user the
way the stage's distribution does (`addgroup`/`adduser` on Alpine, `groupadd`/`useradd` on
Debian, Ubuntu and the RHEL family), switches to it with `USER uid:gid`, and gives the files
that `COPY --from` brings in after that point to the user with `--chown=uid:gid`, except those
copied to `/` or into the system's folders (`/bin`, `/sbin`, `/lib*`, `/usr`, `/etc`): those
stay root's, so that the program cannot rewrite its own binaries or the certificates it trusts
(paths are compared once `//`, `.` and `..` are taken out: `//usr/bin` and `/./etc` are system
folders too, and so is `/libexec`).

The user's name and ids come from `[non-root-user]` in `dockfix.toml` (`name`, `uid`, `gid`;
`app`, 10001, 10001 by default). When the stage, or one it is built on, already creates a user
with `useradd` or `adduser`, the fix switches to that user instead of creating another: by the
ids the command gives it, or by its name when it gives none or runs only after a failed check
(`id -u app || useradd -u 1500 app`, where a user already there keeps its own ids).
Distroless stages switch to their `nonroot` user, `65532:65532`, and stages on .NET's images
from 8.0 on (`mcr.microsoft.com/dotnet/aspnet`, `runtime`, `runtime-deps`, `sdk`) to the `app`
user those ship, `1654:1654`; `scratch` stages to the last user with a fixed uid that the stage
whose `/etc/passwd` they copy creates, else to the configured ids, as there is no user database
to add to.

## Why
A process that runs as root in a container is root on the host's kernel: an escape through a
kernel or runtime bug, or a volume mounted from the host, gives an attacker root. Running as an
unprivileged user is the first hardening step of Docker's and Kubernetes' guides and of the CIS
benchmark. `USER` names the ids rather than the name, so that Kubernetes' `runAsNonRoot` can
tell the image does not run as root without looking into it.

## Example
```dockerfile
FROM golang:1.23-alpine AS build
WORKDIR /src
COPY . .
RUN go build -o /out/server .

FROM alpine:3.21
RUN apk add --no-cache ca-certificates
COPY --from=build /out/server /app/server
ENTRYPOINT ["/app/server"]
```
becomes
```dockerfile
FROM golang:1.23-alpine AS build
WORKDIR /src
COPY . .
RUN go build -o /out/server .

FROM alpine:3.21
RUN apk add --no-cache ca-certificates
RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app
USER 10001:10001
COPY --from=build --chown=10001:10001 /out/server /app/server
ENTRYPOINT ["/app/server"]
```

## Fix safety
Unsafe: the container no longer runs as root. The user and `USER` go after the stage's last
`RUN` (or after its `FROM` and the `ARG`, `ENV` and `LABEL` right below it, when it has none),
so the stage's own installs still run as root; but the program may need root to write into
folders root owns (files copied without `--chown`, `WORKDIR`s, volumes), or to read secrets only
root may read.

Nothing is changed, only reported, when the stage's entrypoint starts as root to switch users
itself: an `ENTRYPOINT` or `CMD` that runs `gosu`, `su-exec`, `setpriv`, `runuser`, `su`,
`s6-setuidgid`, `chpst`, `setuidgid` or `chroot --userspec`; an entrypoint script (a `.sh` file,
or one named like an entrypoint, without an extension) that does so, or that cannot be read from
the build context or a heredoc; any other file the command runs that the stage copies from the
build context and that does so; or a stage built on the official `postgres`, `redis`, `mysql`,
`mariadb`, `mongo` or `rabbitmq` image that keeps the image's entrypoint. The same goes for
servers that start as root and hand their work to a user of their own: a stage built on the
official `nginx`, `httpd`, `haproxy` or `openresty` image that keeps its command, or whose
`ENTRYPOINT` or `CMD` runs `nginx`, `httpd`, `apache2`, `apache2ctl`, `php-fpm` (also as
`php-fpm8.2`), `haproxy`, `openresty`, `lighttpd`, `unitd`, `squid`, `dnsmasq`, `named`,
`dropbear`, `vsftpd`, `postfix`, `openvpn`, `tcpdump`, `rsyslogd` or `sshd`; and for a stage
that `EXPOSE`s a port below 1024, sets `PORT`, `ASPNETCORE_HTTP_PORTS` or `ASPNETCORE_URLS` to
one with `ENV` (as they are when the stage ends), or gives one to its server in its command (an
address after `-b`, `--bind`, `--listen`, `--http`, `-S`, `-addr`, `-listen` or `-http`, a port
after `--port`, `-p` or `-port`, or `python -m http.server 80`, with the stage's variables put
in), which only root may bind where the runtime keeps the kernel's default (Docker lowers the
limit, Kubernetes does not); a port written with variables is read through the stage's `ARG` and
`ENV` defaults, and one without a value there may be such a port. The same servers are `caddy`,
`dockerd` and `supervisord` in the command, as are cron (`cron`, `crond`), init systems
(`/sbin/init`, `runsvdir`, `s6-svscan`), and a command that installs packages with a system
package manager when the container starts, and the images whose command they are: `caddy`,
`wordpress`, `drupal`, `nextcloud`, `ubuntu/apache2`, `nginxproxy/nginx-proxy` and
`jwilder/nginx-proxy`, and `php` with an `apache` or `fpm` tag. Images whose entrypoint starts
as root to set the container up are reported only while the stage keeps that entrypoint:
`docker:*-dind`, and LinuxServer.io's (`lscr.io/linuxserver/*`, `linuxserver/*`), whose
s6-overlay init drops to the user `PUID` and `PGID` name; so is a stage whose `ENTRYPOINT` is
s6-overlay's `/init`.

A stage that is not one program's image is reported only: one with no `CMD` or `ENTRYPOINT`, in
it or the stages it is built on (a base for other images, or a tool run with the caller's
command), and one whose command opens a shell or an interpreter's prompt (`bash`, `/bin/sh`,
`python` or `node` with no script, `irb`, `iex`), also behind `tini` or `sh -c`. So is a stage
that installs, configures or runs `sudo` or `doas`, whose design wants root for part of its
work; one built on or installing a GPU stack whose devices belong to the `video` and `render`
groups, in the stage or in one it copies files from (ROCm, oneAPI, Intel's OpenCL or VA-API
driver, Mesa's Vulkan drivers, MUSA, or naming `/dev/dri` or `/dev/kfd`; Vulkan's loader alone,
which Chromium needs, is not one); one that runs a Docker daemon (a `VOLUME` at
`/var/lib/docker`, the Docker engine installed, a `dind` command); one that installs a server
that starts as root (`nginx`, `apache2`, `httpd`, `lighttpd`, `haproxy`, `supervisor`, `cron`,
`openssh-server`...) whatever its command; one whose entrypoint script installs packages when
the container starts; one that mounts or names the Docker socket, or points `DOCKER_HOST` at a
`unix://` one, which takes root to open; one built on an image named by a build argument without
a default, which is unknown until the build; and, when no target is configured, a last stage
named like one for development or checks (`dev`, `debug`, `test`, `lint`…), which may not be the
image that ships: name the stage that ships with `--target` or `[[contexts]]`. It is reported
only, too, when the last `USER` is an explicit `USER root` or `USER 0`; when the stage has
`ONBUILD` instructions, which run after its `USER` in the builds of the images made from it;
when a `RUN` comes after the stage's first `CMD` or `ENTRYPOINT`; when the `SHELL` in effect is
not a POSIX shell; when the stage creates its user under a name made of variables; and when
dockfix does not know how to create a user in the stage's distribution: an image it does not
recognize, or a RHEL-family or SUSE image that may lack shadow-utils (`*-minimal`, `*-micro`,
`*-slim`, Amazon Linux, openSUSE and SLES) and whose stages do not install `shadow-utils` (or
`shadow`) themselves.

Images that run as a user other than root by default are not reported: distroless images with a
`nonroot` tag, `cgr.dev/chainguard/*`, images whose name ends in `-rootless` or `-unprivileged`
or whose tag contains `rootless`, and .NET `chiseled` images. Neither are Windows images
(`windows`, `nanoserver` or `servercore` in the name or tag): they have no root, and their
administrator account is another matter.

## Known problems
Only the image names above are known to run as non-root; any other image that does (the `USER`
is in the image, not in the file) is reported, and the fix then switches to another user. A user
that a stage creates without `-u`/`--uid` is named by its name in `USER`, which `runAsNonRoot`
cannot check; one created without a known group id is named by its uid alone, and takes its
group from `/etc/passwd`. The configured name or ids may already be taken in the image, which
makes the creation fail at build time. A distroless image pinned by digest alone may be a
`nonroot` variant, and is given `USER 65532:65532` anyway. Files copied from the build context,
and folders created by `RUN`, stay owned by root, and a relative `COPY --from` destination gets
`--chown` even when the `WORKDIR` is a system folder. A user created by a script the `RUN` calls
(rather than by `useradd` or `adduser` in the `RUN` itself) is not seen, and the fix creates
another; a user created in a stage the runtime stage is not built on is not reused, as the
runtime stage does not have it. Only the image names above are known to keep a server or an init
as their command: a stage with no command of its own built on another image whose command is a
program is reported without a fix as a base image. Any mention of `sudo` or `doas`, even a `RUN`
that removes them, counts as using them. After a `RUN` that ends with a heredoc the new lines
start with a blank line, which hadolint's parser needs there.
"#;

/// Why a RHEL-family or SUSE stage gets no fix.
const NO_SHADOW: &str =
    "the image may lack shadow-utils, which has `useradd`; install it, or create the user by hand";

/// Distroless images' unprivileged user, `nonroot`.
const DISTROLESS_NONROOT: &str = "65532:65532";

/// RHEL-family images whose full variants ship shadow-utils, and so `useradd`.
const RHEL_WITH_SHADOW: &[&str] = &[
    "fedora",
    "centos",
    "rockylinux",
    "almalinux",
    "oraclelinux",
    "rhel",
    "ubi",
    "ubi8",
    "ubi9",
    "ubi10",
];

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let semantics = &ctx.semantics;
    let Some((index, doubt)) = ctx.runtime_stage() else { return };
    let stage = &semantics.stages[index];
    // The stages whose instructions the runtime stage inherits, the oldest first.
    let mut chain = semantics.ancestors(index);
    chain.reverse();
    chain.push(index);

    // A stage that ends as another user than root is what the rule asks for.
    let last_user = chain
        .iter()
        .flat_map(|&i| &semantics.stages[i].instructions)
        .rfind(|i| i.kind() == USER_INSTR);
    let explicit_root = match semantics.final_user(index) {
        Some(user) if !is_root(&user) => return,
        Some(_) => true,
        None => false,
    };
    let image = match &semantics.stages[chain[0]].base {
        Base::Image(image) => Some(image),
        _ => None,
    };
    if !explicit_root && image.is_some_and(runs_as_non_root) {
        return;
    }
    // Windows has no root; its administrator account is another matter.
    if image.is_some_and(is_windows) {
        return;
    }

    let plan = if explicit_root {
        Err("the last `USER` switches to root, which looks deliberate".to_string())
    } else if let Some(doubt) = doubt {
        Err(doubt)
    } else {
        fix(ctx, index, &chain, image)
    };
    let range = match last_user {
        Some(user) if explicit_root && stage.instructions.contains(user) => {
            user.syntax().text_range()
        }
        _ => stage.from.syntax().text_range(),
    };
    let (fix, why_not) = match plan {
        Ok(fix) => (Some(fix), String::new()),
        Err(reason) => (None, format!(" (no fix: {reason})")),
    };
    diagnostics.push(Diagnostic {
        rule: NAME,
        message: format!(
            "the runtime stage runs as root; create an unprivileged user and switch to it with \
             `USER`{why_not}"
        ),
        range,
        fix,
    });
}

/// The fix for runtime stage `index`, whose stage and ancestors are `chain`, built on `image`;
/// or why there is none.
fn fix(
    ctx: &Context<'_>,
    index: usize,
    chain: &[usize],
    image: Option<&ImageParts>,
) -> Result<Fix, String> {
    if let Some(reason) = entrypoint::drops_privileges(ctx, chain) {
        return Err(reason);
    }
    if let Some(reason) = purpose::not_for_a_user(ctx, chain) {
        return Err(reason);
    }
    let stage = &ctx.semantics.stages[index];
    if stage.instructions.iter().any(|i| i.kind() == ONBUILD_INSTR) {
        return Err("its `ONBUILD` instructions run in the builds of images made from it, after \
                    its last `USER`, where they may need root"
            .to_string());
    }
    let Placement { offset, newline, after_heredoc } =
        placement(ctx, &stage.from, &stage.instructions)?;
    if !posix_shell_at(ctx, chain, offset) {
        return Err("the `SHELL` in effect is not a POSIX shell".to_string());
    }

    // A user the stage already creates is used rather than a second one.
    let mut accounts = Accounts::default();
    for &i in chain {
        let family = ctx.semantics.stages[i].family;
        let instructions = &ctx.semantics.stages[i].instructions;
        for run in instructions.iter().filter(|i| i.kind() == RUN_INSTR) {
            let mut after_or: Option<Command> = None;
            for (_, command) in ctx.run_commands(run) {
                let before = accounts.last_user.clone();
                accounts.read(&command, family);
                let or_after =
                    command.separator.as_ref().is_some_and(|s| s.kind == SeparatorKind::Or);
                if accounts.last_user != before {
                    // After `true ||` the command never runs.
                    let never =
                        after_or.as_ref().is_some_and(|c| matches!(c.name(), Some("true" | ":")));
                    if never {
                        accounts.last_user = before;
                    } else if after_or.is_some() || or_after {
                        // Created only when a check fails (`id -u app || useradd -u 1500 app`),
                        // or allowed to fail (`useradd -u 1500 app || true`): a user already
                        // there keeps its own ids, so it is named, not numbered.
                        if let Some(user) = &mut accounts.last_user {
                            user.uid = None;
                            user.gid = None;
                        }
                    }
                }
                after_or = or_after.then_some(command);
            }
        }
    }
    if accounts.variable_name {
        return Err("the stage creates its user under a name made of variables".to_string());
    }
    // A `scratch` stage has the users of the `/etc/passwd` it copies from another stage: the
    // last one created there, when it has a fixed uid.
    if accounts.last_user.is_none() && stage.family == Family::Scratch {
        if let Some(source) = passwd_source(ctx, &stage.instructions) {
            let mut theirs = Accounts::default();
            // The stages it is built on ran first.
            let mut lineage = ctx.semantics.ancestors(source);
            lineage.reverse();
            for i in lineage.into_iter().chain(std::iter::once(source)) {
                let family = ctx.semantics.stages[i].family;
                for run in ctx.semantics.stages[i].instructions.iter() {
                    if run.kind() == RUN_INSTR {
                        for (_, command) in ctx.run_commands(run) {
                            theirs.read(&command, family);
                        }
                    }
                }
            }
            // Without a user of a known uid there, the configured ids serve as in any
            // `scratch` stage.
            accounts.last_user = theirs.last_user.filter(|user| user.uid.is_some());
        }
    }
    let options = &ctx.options.non_root_user;
    let (creation, spec) = match accounts.last_user {
        Some(user) => (None, user.spec()),
        None => creation(ctx, chain, stage.family, image, options)?,
    };

    let lower_case = lower_case_keywords(ctx);
    let keyword = |word: &str| if lower_case { word.to_lowercase() } else { word.to_string() };
    let mut lines = Vec::new();
    lines.extend(creation.map(|command| format!("{} {command}", keyword("RUN"))));
    lines.push(format!("{} {spec}", keyword("USER")));
    // hadolint's parser needs a blank line between a heredoc and the next instruction.
    if after_heredoc {
        lines.insert(0, String::new());
    }
    let text = match newline {
        Some(newline) => lines.iter().map(|line| format!("{line}{newline}")).collect(),
        // The stage ends the file without a line end: the new lines go on lines of their own.
        None => {
            let newline = if ctx.source.contains("\r\n") { "\r\n" } else { "\n" };
            lines.iter().map(|line| format!("{newline}{line}")).collect::<String>()
        }
    };
    let mut edits = vec![Edit::insert(offset, text)];

    // What later `COPY --from` instructions bring in goes to the user, unless it goes where
    // the system's own files are.
    for copy in stage.instructions.iter().filter(|i| i.syntax().text_range().start() >= offset) {
        if copy.kind() != COPY_INSTR || copy.flag("from").is_none() || copy.flag("chown").is_some()
        {
            continue;
        }
        if let Some(Argument::Text(destination)) = entrypoint::arguments(copy).last() {
            if is_system_folder(destination) {
                continue;
            }
        }
        if let Some(last) = copy.flags().last() {
            let end = last.syntax().text_range().end();
            edits.push(Edit::insert(end, format!(" --chown={spec}")));
        }
    }
    Ok(Fix { edits, applicability: Applicability::Unsafe })
}

/// The stage whose `/etc/passwd` a `COPY --from` brings in, when it is a stage of the file.
fn passwd_source(ctx: &Context<'_>, instructions: &[Instruction]) -> Option<usize> {
    let copies = instructions.iter().filter(|i| i.kind() == COPY_INSTR);
    copies.rev().find_map(|copy| {
        let from = copy.flag("from")?.value()?;
        let arguments = entrypoint::arguments(copy);
        let (_, sources) = arguments.split_last()?;
        let passwd = sources.iter().any(|source| {
            matches!(source, Argument::Text(path) if path == "/etc/passwd" || path == "/etc/")
        });
        passwd.then(|| ctx.semantics.stage_named(&from)).flatten()
    })
}

/// Where the new lines go.
struct Placement<'a> {
    offset: TextSize,
    /// The line end to give them; `None` at the end of a file that has no final line end.
    newline: Option<&'a str>,
    /// The instruction they follow ends with a heredoc.
    after_heredoc: bool,
}

/// Where the new lines go: at the start of the line after the stage's last `RUN`, or when it
/// has none, after its `FROM` and the `ARG`, `ENV` and `LABEL` right below it.
fn placement<'a>(
    ctx: &'a Context<'_>,
    from: &Instruction,
    instructions: &[Instruction],
) -> Result<Placement<'a>, String> {
    let starts = instructions.iter().position(|i| matches!(i.kind(), CMD_INSTR | ENTRYPOINT_INSTR));
    let last_run = instructions.iter().rposition(|i| i.kind() == RUN_INSTR);
    if let (Some(starts), Some(last_run)) = (starts, last_run) {
        if last_run > starts {
            let keyword = instructions[starts].keyword_token();
            let keyword = keyword.map(|k| k.text().to_uppercase()).unwrap_or_default();
            return Err(format!("a `RUN` comes after the stage's first `{keyword}`"));
        }
    }
    let anchor = match last_run {
        Some(last_run) => &instructions[last_run],
        None => instructions
            .iter()
            .take_while(|i| matches!(i.kind(), ARG_INSTR | ENV_INSTR | LABEL_INSTR))
            .last()
            .unwrap_or(from),
    };
    let end = usize::from(anchor.syntax().text_range().end());
    let source = ctx.source;
    let (offset, newline) = match source[end..].find('\n') {
        Some(at) => {
            let line_end = end + at + 1;
            let newline = if source[..line_end].ends_with("\r\n") { "\r\n" } else { "\n" };
            (line_end, Some(newline))
        }
        None => (source.len(), None),
    };
    let after_heredoc = anchor.heredocs().next().is_some();
    Ok(Placement { offset: TextSize::from(offset as u32), newline, after_heredoc })
}

/// The command that creates the configured user in a stage of `family`, and what `USER` names;
/// or why dockfix does not know how.
fn creation(
    ctx: &Context<'_>,
    chain: &[usize],
    family: Family,
    image: Option<&ImageParts>,
    user: &NonRootUser,
) -> Result<(Option<String>, String), String> {
    if let Some(ids) = image.and_then(shipped_user) {
        return Ok((None, ids.to_string()));
    }
    let NonRootUser { name, uid, gid } = user;
    let ids = format!("{uid}:{gid}");
    let shadow = || {
        // The lastlog and faillog entries of a large uid make large sparse files.
        let no_log_init = if *uid > 99_999 { " --no-log-init" } else { "" };
        format!(
            "groupadd --system --gid {gid} {name} && useradd --system --uid {uid} --gid {name} \
             --no-create-home{no_log_init} {name}"
        )
    };
    match family {
        Family::Alpine => Ok((
            Some(format!("addgroup -S -g {gid} {name} && adduser -S -u {uid} -G {name} {name}")),
            ids,
        )),
        Family::Debian => Ok((Some(shadow()), ids)),
        Family::Rhel | Family::Suse if has_shadow(ctx, chain, family, image) => {
            Ok((Some(shadow()), ids))
        }
        Family::Rhel | Family::Suse => Err(NO_SHADOW.to_string()),
        Family::Distroless => Ok((None, DISTROLESS_NONROOT.to_string())),
        Family::Scratch => Ok((None, ids)),
        Family::Unknown => {
            Err("dockfix does not know how to create a user in this image".to_string())
        }
    }
}

/// Whether a RHEL-family or SUSE stage has `useradd`: its image is a full variant that ships
/// shadow-utils, or one of the stages installs it.
fn has_shadow(
    ctx: &Context<'_>,
    chain: &[usize],
    family: Family,
    image: Option<&ImageParts>,
) -> bool {
    let full = image.is_some_and(|image| {
        let name = image.name.to_ascii_lowercase();
        let base = name.rsplit('/').next().unwrap_or(&name);
        let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
        let small = ["minimal", "micro", "slim"];
        family == Family::Rhel
            && RHEL_WITH_SHADOW.contains(&base)
            && !small.iter().any(|word| name.contains(word) || tag.contains(word))
    });
    full || chain.iter().flat_map(|&i| &ctx.semantics.stages[i].instructions).any(|instruction| {
        ctx.package_commands(instruction).iter().any(|(_, command)| {
            let installs = matches!(
                (command.manager, command.subcommand_text()),
                (Manager::Dnf | Manager::Microdnf | Manager::Yum, Some("install"))
                    | (Manager::Zypper, Some("install" | "in"))
            );
            installs
                && command.operands().any(|w| matches!(w.text.as_str(), "shadow-utils" | "shadow"))
        })
    })
}

/// Whether the `SHELL` in effect at `offset` in the stages of `chain` is a POSIX shell, which
/// the creation command is written for.
fn posix_shell_at(ctx: &Context<'_>, chain: &[usize], offset: TextSize) -> bool {
    let shell = chain
        .iter()
        .flat_map(|&i| &ctx.semantics.stages[i].instructions)
        .rfind(|i| i.kind() == SHELL_INSTR && i.syntax().text_range().start() < offset);
    shell.is_none_or(shell::is_posix_shell)
}

/// The ids of the unprivileged user an image ships for its applications, which the stage
/// switches to rather than creating one: .NET's images from version 8 on have `app`, uid and
/// gid 1654 (`APP_UID`).
fn shipped_user(image: &ImageParts) -> Option<&'static str> {
    let name = image.name.to_ascii_lowercase();
    let dotnet = ["dotnet/aspnet", "dotnet/runtime", "dotnet/runtime-deps", "dotnet/sdk"];
    if image.registry.as_deref() != Some("mcr.microsoft.com") || !dotnet.contains(&name.as_str()) {
        return None;
    }
    // `latest`, and no tag, are the newest release.
    let tag = image.tag.as_deref().unwrap_or("latest");
    if tag == "latest" || tag.starts_with("latest-") {
        return Some("1654:1654");
    }
    let major = tag.split(['.', '-']).next()?.parse::<u32>().ok()?;
    (major >= 8).then_some("1654:1654")
}

/// Whether an image runs as a user other than root unless told otherwise, by its name or tag.
pub(super) fn runs_as_non_root(image: &ImageParts) -> bool {
    let name = image.name.to_ascii_lowercase();
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let registry = image.registry.as_deref().unwrap_or("").to_ascii_lowercase();
    (name.contains("distroless") && tag.contains("nonroot"))
        || (registry == "cgr.dev" && name.starts_with("chainguard/"))
        || name.ends_with("-rootless")
        || name.ends_with("-unprivileged")
        || tag.contains("rootless")
        || (name.starts_with("dotnet/") && tag.contains("chiseled"))
}

/// Folders that hold the system's programs, libraries and settings; files copied there stay
/// root's, so that the program cannot rewrite them.
const SYSTEM_FOLDERS: &[&str] =
    &["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/libexec", "/usr", "/etc"];

/// Whether a `COPY` destination is the root folder or inside a system folder, once `//`, `.`
/// and `..` are taken out of it (`//usr/bin`, `/./bin/`).
fn is_system_folder(destination: &str) -> bool {
    if !destination.starts_with('/') {
        return false;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in destination.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let Some(first) = parts.first() else { return true };
    SYSTEM_FOLDERS.iter().any(|folder| folder[1..] == **first)
}

/// Whether an image is a Windows one, by its name or tag.
fn is_windows(image: &ImageParts) -> bool {
    let name = image.name.to_ascii_lowercase();
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    ["windows", "nanoserver", "servercore"]
        .iter()
        .any(|word| name.contains(word) || tag.contains(word))
}

/// Whether every instruction keyword in the file is written in lower case.
fn lower_case_keywords(ctx: &Context<'_>) -> bool {
    let mut keywords = ctx
        .parse
        .syntax()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| t.kind() == KEYWORD)
        .peekable();
    keywords.peek().is_some() && keywords.all(|t| t.text() == t.text().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Settings, fix, lint};

    fn settings() -> Settings {
        Settings { unsafe_fixes: true, select: Some(vec![NAME.to_string()]), ..Settings::default() }
    }

    fn fixed(source: &str) -> String {
        fix(source, &settings()).text
    }

    #[test]
    fn users_created_on_a_condition_are_named_or_not_taken() {
        let user_of = |script: &str| {
            let source = format!("FROM debian:12\nRUN {script}\nCMD [\"/app\"]\n");
            let text = fixed(&source);
            let user = text.lines().find_map(|l| l.strip_prefix("USER ")).map(str::to_string);
            (user, text.contains("useradd --system --uid 10001"))
        };
        assert_eq!(user_of("useradd -u 1500 app"), (Some("1500".into()), false));
        assert_eq!(user_of("id -u app || useradd -u 1500 app"), (Some("app".into()), false));
        assert_eq!(user_of("useradd -u 1500 app || true"), (Some("app".into()), false));
        // After `true ||` the user is never created: one of the rule's own is.
        assert_eq!(user_of("true || useradd -u 1500 app"), (Some("10001:10001".into()), true));
    }

    #[test]
    fn scratch_takes_the_last_user_of_the_passwd_it_copies() {
        let source = "FROM golang:1.23 AS build\nRUN useradd -u 1234 gopher\n\
                      FROM build AS test\nRUN useradd -u 999 other\n\
                      FROM scratch\nCOPY --from=test /etc/passwd /etc/passwd\n\
                      ENTRYPOINT [\"/app\"]\n";
        assert!(fixed(source).contains("\nUSER 999\n"), "{}", fixed(source));
    }

    #[test]
    fn new_lines_end_like_the_file_and_go_on_lines_of_their_own() {
        assert_eq!(
            fixed("FROM alpine:3.21\r\nRUN apk add --no-cache curl\r\nCMD [\"curl\"]\r\n"),
            "FROM alpine:3.21\r\nRUN apk add --no-cache curl\r\n\
             RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app\r\n\
             USER 10001:10001\r\nCMD [\"curl\"]\r\n"
        );
        // At the end of a file without a final line end, each new line starts with one.
        assert_eq!(
            fixed("FROM debian:12 AS base\r\nCMD [\"x\"]\r\nFROM base\r\nRUN true"),
            "FROM debian:12 AS base\r\nCMD [\"x\"]\r\nFROM base\r\nRUN true\r\n\
             RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app \
             --no-create-home app\r\nUSER 10001:10001"
        );
        assert_eq!(
            fixed("FROM scratch AS base\nCMD [\"/x\"]\nFROM base"),
            "FROM scratch AS base\nCMD [\"/x\"]\nFROM base\nUSER 10001:10001"
        );
    }

    #[test]
    fn configured_ids_are_used_and_large_uids_skip_the_login_records() {
        let mut settings = settings();
        settings.options = std::sync::Arc::new(crate::config::RuleOptions {
            non_root_user: NonRootUser { name: "svc".into(), uid: 200_000, gid: 300 },
            ..Default::default()
        });
        assert_eq!(
            fix("FROM ubuntu:24.04\nCMD [\"/x\"]\n", &settings).text,
            "FROM ubuntu:24.04\nRUN groupadd --system --gid 300 svc && useradd --system \
             --uid 200000 --gid svc --no-create-home --no-log-init svc\nUSER 200000:300\n\
             CMD [\"/x\"]\n"
        );
        // Distroless images have a user of their own, whatever is configured.
        assert_eq!(
            fix("FROM gcr.io/distroless/base\nCMD [\"/x\"]\n", &settings).text,
            "FROM gcr.io/distroless/base\nUSER 65532:65532\nCMD [\"/x\"]\n"
        );
    }

    #[test]
    fn only_the_stage_the_build_produces_is_looked_at() {
        let text = "FROM debian:12 AS app\nCMD [\"x\"]\nFROM app AS debug\nUSER root\n";
        let found = lint(text, &settings());
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`USER` switches to root"), "{}", found[0].message);
        assert_eq!(usize::from(found[0].range.start()), text.find("USER").unwrap());
        let target = Settings { target: Some("APP".into()), ..settings() };
        assert_eq!(
            fix(text, &target).text,
            "FROM debian:12 AS app\nRUN groupadd --system --gid 10001 app && useradd --system \
             --uid 10001 --gid app --no-create-home app\nUSER 10001:10001\nCMD [\"x\"]\n\
             FROM app AS debug\nUSER root\n"
        );
        // A target no stage has builds nothing.
        assert!(lint(text, &Settings { target: Some("none".into()), ..settings() }).is_empty());
    }

    #[test]
    fn copies_into_system_folders_stay_roots() {
        assert!(is_system_folder("/") && is_system_folder("/usr/local/bin/"));
        assert!(is_system_folder("/etc/ssl/certs/") && is_system_folder("/lib64"));
        assert!(!is_system_folder("/app") && !is_system_folder("./") && !is_system_folder("."));
        assert!(!is_system_folder("/usrdata") && !is_system_folder("/srv/etc"));
        assert!(!is_system_folder("$HOME/bin"));
        assert!(is_system_folder("//usr/bin") && is_system_folder("/./bin/"));
        assert!(is_system_folder("/usr/local/bin/") && is_system_folder("/libexec/x"));
        assert!(is_system_folder("/app/../etc/") && is_system_folder("/.."));
        assert!(!is_system_folder("/usr/../app") && !is_system_folder("/./data"));
        assert_eq!(
            fixed(
                "FROM scratch\nCOPY --from=a /x /usr/bin/\nCOPY --from=a [\"/y\", \"/\"]\n\
                 COPY --from=a /z /data/\nCMD [\"/x\"]\n"
            ),
            "FROM scratch\nUSER 10001:10001\nCOPY --from=a /x /usr/bin/\n\
             COPY --from=a [\"/y\", \"/\"]\nCOPY --from=a --chown=10001:10001 /z /data/\n\
             CMD [\"/x\"]\n"
        );
    }

    #[test]
    fn windows_images_are_left_alone() {
        assert!(
            lint("FROM mcr.microsoft.com/windows/servercore:ltsc2022\n", &settings()).is_empty()
        );
        assert!(
            lint("FROM mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-ltsc2022\n", &settings())
                .is_empty()
        );
    }

    #[test]
    fn images_that_run_as_non_root_are_known_by_name_and_tag() {
        let runs = |reference: &str| runs_as_non_root(&ImageParts::parse(reference));
        assert!(runs("gcr.io/distroless/static-debian12:nonroot"));
        assert!(runs("gcr.io/distroless/base:debug-nonroot"));
        assert!(!runs("gcr.io/distroless/static-debian12"));
        assert!(!runs("gcr.io/distroless/static-debian12:latest"));
        assert!(runs("cgr.dev/chainguard/static:latest"));
        assert!(!runs("docker.io/chainguard/static:latest"));
        assert!(runs("docker:27-dind-rootless"));
        assert!(runs("moby/buildkit:rootless"));
        assert!(runs("nginxinc/nginx-unprivileged:1.27-alpine"));
        assert!(runs("mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled"));
        assert!(!runs("mcr.microsoft.com/dotnet/runtime:8.0"));
        assert!(!runs("nginx:1.27"));
    }
}
