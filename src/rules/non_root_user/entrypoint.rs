//! Whether a stage's entrypoint starts as root on purpose, to drop privileges itself: the tools
//! that switch users, named in `ENTRYPOINT` or `CMD` or in an entrypoint script that the build
//! context holds.

use std::io::Read;
use std::path::{Component, Path};

use crate::semantics::{Base, Semantics, substitute};
use crate::shell::Command;
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::{Instruction, LogicalText};

use super::Context;

/// Programs that run a command as another user.
const SWITCHERS: &[&str] =
    &["gosu", "su-exec", "setpriv", "runuser", "su", "s6-setuidgid", "chpst", "setuidgid"];

/// Official images whose own entrypoint starts as root and switches to the service's user.
const SWITCHING_IMAGES: &[&str] = &["postgres", "redis", "mysql", "mariadb", "mongo", "rabbitmq"];

/// Servers that start as root and hand their work to a user of their own: run as another user,
/// they cannot write their pid files, caches and logs, or bind the ports they are set up for.
const ROOT_SERVERS: &[&str] = &[
    "nginx",
    "httpd",
    "apache2",
    "apache2-foreground",
    "apachectl",
    "php-fpm",
    "haproxy",
    "openresty",
    "sshd",
    "caddy",
    "apache2ctl",
    "nginx-debug",
    "lighttpd",
    "unitd",
    "squid",
    "dnsmasq",
    "named",
    "dropbear",
    "vsftpd",
    "postfix",
    "openvpn",
    "tcpdump",
    "rsyslogd",
];

/// Programs that run as root to manage what they start: the other servers that need root.
const MANAGERS: &[&str] = &[
    "dockerd",
    "supervisord",
    "cron",
    "crond",
    "runsvdir",
    "s6-svscan",
    "/sbin/init",
    "/usr/sbin/init",
    "/lib/systemd/systemd",
];

/// Whether `word` runs one of [`ROOT_SERVERS`] or [`MANAGERS`]: by its name, by its full path
/// for the init systems, and `php-fpm` under its versioned names (`php-fpm8.2`, `php-fpm82`).
fn root_server(word: &str) -> Option<&'static str> {
    let name = word.rsplit('/').next().unwrap_or(word);
    ROOT_SERVERS.iter().chain(MANAGERS).copied().find(|server| match server.starts_with('/') {
        true => word == *server,
        false if *server == "php-fpm" => name
            .strip_prefix("php-fpm")
            .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.')),
        false => name == *server,
    })
}

/// Package managers' installs, which need root when the container starts.
fn installs_packages(commands: &[Vec<String>]) -> Option<String> {
    commands.iter().find_map(|words| installs_in(words))
}

fn installs_in(words: &[String]) -> Option<String> {
    let base = |word: &String| word.rsplit('/').next().unwrap_or(word).to_string();
    let words: Vec<String> = words.iter().map(base).collect();
    let pairs = [
        ("apk", "add"),
        ("apt-get", "install"),
        ("apt", "install"),
        ("dnf", "install"),
        ("yum", "install"),
        ("microdnf", "install"),
        ("zypper", "install"),
    ];
    let program = words.first()?;
    pairs.iter().find_map(|(manager, install)| {
        (program == manager && words[1..].iter().any(|w| w == install))
            .then(|| format!("{manager} {install}"))
    })
}

/// The commands `words` runs, each from its program on: past the wrappers, options and
/// variable settings in front (`exec`, `tini --`, `env A=1`, as [`crate::shell`] drops them),
/// and into the commands of a shell's `-c` script.
pub(super) fn commands_of_words(words: &[String]) -> Vec<Vec<String>> {
    commands_behind(crate::shell::exec_command(words.to_vec()))
}

/// The commands of a shell script, as [`commands_of_words`] reads each.
fn commands_of_script(script: &str) -> Vec<Vec<String>> {
    crate::shell::commands(script).into_iter().flat_map(commands_behind).collect()
}

fn commands_behind(command: Command) -> Vec<Vec<String>> {
    let words: Vec<String> = command.words.into_iter().map(|w| w.text).collect();
    let shell = words.first().map(|w| w.rsplit('/').next().unwrap_or(w));
    if shell.is_some_and(|name| crate::shell::SHELLS.contains(&name)) {
        let flag = words
            .iter()
            .position(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('c'));
        if let Some(script) = flag.and_then(|at| words.get(at + 1)) {
            return commands_of_script(script);
        }
    }
    if words.is_empty() { Vec::new() } else { vec![words] }
}

/// The commands an `ENTRYPOINT` or `CMD` runs (see [`commands_of_words`]).
fn instruction_commands(instruction: &Instruction) -> Vec<Vec<String>> {
    match instruction.exec_form() {
        Some(exec) => commands_of_words(&exec.strings()),
        None => match instruction.shell_form() {
            Some(form) => commands_of_script(&form.logical_text().text),
            None => Vec::new(),
        },
    }
}

/// Images on Docker Hub whose default command is one of [`ROOT_SERVERS`].
const SERVER_IMAGES: &[&str] = &[
    "nginx",
    "httpd",
    "haproxy",
    "openresty/openresty",
    "caddy",
    "wordpress",
    "drupal",
    "nextcloud",
    "ubuntu/apache2",
    "nginxproxy/nginx-proxy",
    "jwilder/nginx-proxy",
];

/// Scripts longer than this are not read.
const MAX_SCRIPT: u64 = 1 << 20;

/// Why the fix must not switch users: the entrypoint does, or may.
pub(super) fn drops_privileges(ctx: &Context<'_>, chain: &[usize]) -> Option<String> {
    let semantics = &ctx.semantics;
    let last = |kind| {
        chain.iter().flat_map(|&i| &semantics.stages[i].instructions).rfind(|i| i.kind() == kind)
    };
    let entrypoint = last(ENTRYPOINT_INSTR);
    let command = last(CMD_INSTR);
    if entrypoint.is_none() {
        if let Some(image) = official_image(semantics, chain[0], SWITCHING_IMAGES) {
            return Some(format!("the `{image}` image's entrypoint switches users itself"));
        }
        if let Some(image) = image_with_init(semantics, chain[0]) {
            return Some(format!(
                "the `{image}` image's entrypoint starts as root to set the container up and \
                 run its services"
            ));
        }
        if let Some(image) = server_image(semantics, chain[0]) {
            if command.is_none() {
                return Some(format!(
                    "the `{image}` image's server starts as root and hands its work to a user \
                     of its own"
                ));
            }
        }
    }
    match privileged_port(semantics, chain) {
        Some(Privileged::Variable(name, port)) => {
            return Some(format!(
                "it sets `{name}` to port {port}, which the server is to listen on, and a port \
                 below 1024 takes root to bind wherever the runtime does not lift that limit, as \
                 Kubernetes does not by default"
            ));
        }
        Some(Privileged::Port(port)) => {
            return Some(format!(
                "it exposes port {port}, and a port below 1024 takes root to bind wherever the \
                 runtime does not lift that limit, as Kubernetes does not by default"
            ));
        }
        Some(Privileged::Unknown(written)) => {
            return Some(format!(
                "it exposes port `{written}`, whose value is unknown here and may be below \
                 1024, which takes root to bind"
            ));
        }
        None => {}
    }
    let variables = final_variables(semantics, chain);
    for instruction in entrypoint.into_iter().chain(command) {
        if let Some(port) = listen_port(instruction, &variables) {
            return Some(format!(
                "its command listens on port {port}, and a port below 1024 takes root to bind \
                 wherever the runtime does not lift that limit, as Kubernetes does not by default"
            ));
        }
        let words = program_words(instruction);
        if let Some(switcher) = switcher(&words) {
            return Some(format!("its entrypoint switches users itself with `{switcher}`"));
        }
        if instruction.kind() == ENTRYPOINT_INSTR && words.first().is_some_and(|w| w == "/init") {
            return Some(
                "its entrypoint is s6-overlay's `/init`, which starts as root to set the \
                 container up and run its services"
                    .to_string(),
            );
        }
        let commands = instruction_commands(instruction);
        if let Some(install) = installs_packages(&commands) {
            return Some(format!(
                "its command runs `{install}`, which needs root, when the container starts"
            ));
        }
        if let Some(server) = commands.iter().find_map(|c| root_server(&c[0])) {
            if MANAGERS.contains(&server) {
                return Some(format!(
                    "it runs `{server}`, which runs as root to manage what it starts"
                ));
            }
            return Some(format!(
                "it runs `{server}`, which starts as root and hands its work to a user of its own"
            ));
        }
        // Any other file the stage copies in and runs may be a script that switches users or
        // starts a server that needs root.
        for path in words.iter().filter(|w| !w.starts_with('-') && !is_script_name(w)) {
            if let Some(reason) = script_text(ctx, chain, path).and_then(|t| script_needs_root(&t))
            {
                return Some(format!("the script `{path}` it runs {reason}"));
            }
        }
        for script in words.iter().filter(|w| is_script_name(w)) {
            match script_text(ctx, chain, script) {
                None => {
                    return Some(format!(
                        "its entrypoint script `{script}` cannot be read from the build \
                         context, so whether it switches users is unknown"
                    ));
                }
                Some(text) => {
                    if let Some(reason) = script_needs_root(&text) {
                        return Some(format!("its entrypoint script `{script}` {reason}"));
                    }
                }
            }
        }
    }
    None
}

/// Why a script the container starts with needs to start as root: it switches users itself, or
/// it starts a server that does, or one that manages what it starts.
fn script_needs_root(text: &str) -> Option<String> {
    let words = words_of(text);
    if let Some(switcher) = switcher(&words) {
        return Some(format!("switches users itself with `{switcher}`"));
    }
    let commands = commands_of_script(text);
    if let Some(install) = installs_packages(&commands) {
        return Some(format!("runs `{install}`, which needs root, when the container starts"));
    }
    let server = commands.iter().find_map(|c| root_server(&c[0]))?;
    Some(match MANAGERS.contains(&server) {
        true => format!("starts `{server}`, which runs as root to manage what it starts"),
        false => format!(
            "starts `{server}`, which starts as root and hands its work to a user of its own"
        ),
    })
}

/// The name of the image at the root of the stages `first` is built on, when it is one of
/// `known`, from Docker Hub.
fn official_image(
    semantics: &Semantics,
    first: usize,
    known: &[&'static str],
) -> Option<&'static str> {
    let (registry, name) = image_name(semantics, first)?;
    let official = registry.is_none_or(|r| r == "docker.io");
    known.iter().copied().find(|known| official && *known == name)
}

/// The registry and name, lower-cased and without Docker Hub's `library/`, of the image at the
/// root of the stages `first` is built on.
fn image_name(semantics: &Semantics, first: usize) -> Option<(Option<String>, String)> {
    let Base::Image(image) = &semantics.stages[first].base else { return None };
    let name = image.name.to_ascii_lowercase();
    let name = name.strip_prefix("library/").unwrap_or(&name).to_string();
    Some((image.registry.as_deref().map(str::to_ascii_lowercase), name))
}

/// The image at the root of the stages `first` is built on, when its default command is a
/// server that starts as root: one of [`SERVER_IMAGES`], or `php` with Apache or PHP-FPM.
fn server_image(semantics: &Semantics, first: usize) -> Option<String> {
    if let Some(image) = official_image(semantics, first, SERVER_IMAGES) {
        return Some(image.to_string());
    }
    let Base::Image(image) = &semantics.stages[first].base else { return None };
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let php = official_image(semantics, first, &["php"]).is_some();
    (php && (tag.contains("apache") || tag.contains("fpm"))).then(|| format!("php:{tag}"))
}

/// The image at the root of the stages `first` is built on, when its entrypoint runs an init
/// that needs root: Docker in Docker (`docker:*-dind`), and LinuxServer.io's images, whose
/// s6-overlay init switches to the user `PUID` and `PGID` name.
fn image_with_init(semantics: &Semantics, first: usize) -> Option<String> {
    let (registry, name) = image_name(semantics, first)?;
    let Base::Image(image) = &semantics.stages[first].base else { return None };
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let hub = registry.as_deref().is_none_or(|r| r == "docker.io");
    let linuxserver = name.starts_with("linuxserver/")
        && (hub || matches!(registry.as_deref(), Some("lscr.io" | "ghcr.io")));
    if linuxserver {
        return Some(name);
    }
    (hub && name == "docker" && tag.contains("dind")).then(|| format!("docker:{tag}"))
}

/// A port an `EXPOSE` names that may take root to bind.
enum Privileged {
    /// A port below 1024.
    Port(u16),
    /// A variable servers take their port from (`PORT`), set below 1024 at the end of the stage.
    Variable(&'static str, u16),
    /// A port written with variables that have no value where it is exposed.
    Unknown(String),
}

/// The first port below 1024 that an `EXPOSE` of the stages in `chain` names, with the
/// variables the stages' `ARG` and `ENV` set before it replaced; or the first port whose
/// variables have no value there, which may be one.
fn privileged_port(semantics: &Semantics, chain: &[usize]) -> Option<Privileged> {
    let mut variables = Variables::default();
    for instruction in chain.iter().flat_map(|&i| &semantics.stages[i].instructions) {
        match instruction.kind() {
            ARG_INSTR | ENV_INSTR => variables.set(semantics, instruction),
            EXPOSE_INSTR => {
                for written in expose_ports(instruction) {
                    let port = substitute(&written, &variables.all);
                    let number = port.split('/').next().and_then(|p| p.split('-').next());
                    match number.map(str::parse::<u16>) {
                        Some(Ok(port)) if port < 1024 => return Some(Privileged::Port(port)),
                        Some(Ok(_)) => {}
                        _ if port.contains('$') => return Some(Privileged::Unknown(written)),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    // The variables servers take their ports from, as they are when the stage ends: `PORT`,
    // and ASP.NET Core's `ASPNETCORE_HTTP_PORTS` (`80;8080`) and `ASPNETCORE_URLS`
    // (`http://+:80;https://+:443`).
    let environment = &variables.environment;
    let value = |name: &str| environment.iter().rfind(|(known, _)| known == name).map(|(_, v)| v);
    let ports = value("PORT").into_iter().map(|p| ("PORT", p.as_str())).chain(
        ["ASPNETCORE_HTTP_PORTS", "ASPNETCORE_URLS"].into_iter().flat_map(|name| {
            let list = value(name).map(String::as_str).unwrap_or_default();
            list.split([';', ',']).map(move |item| (name, item.rsplit(':').next().unwrap_or(item)))
        }),
    );
    ports
        .filter_map(|(name, port)| Some((name, port.trim_end_matches('/').parse::<u16>().ok()?)))
        .find(|&(_, port)| port > 0 && port < 1024)
        .map(|(name, port)| Privileged::Variable(name, port))
}

/// The values variables have at a point of the stages, as their `ARG`s and `ENV`s set them.
#[derive(Default)]
struct Variables {
    /// Every variable with a value.
    all: Vec<(String, String)>,
    /// What `ENV` sets, which the container's processes see; an `ARG` is for the build only.
    environment: Vec<(String, String)>,
}

impl Variables {
    /// Takes in what an `ARG` or `ENV` sets, its values with the variables before it put in.
    fn set(&mut self, semantics: &Semantics, instruction: &Instruction) {
        for (name, value) in assignments(instruction) {
            let value = match value {
                Some(value) => Some(substitute(&value, &self.all)),
                // A stage's `ARG` without a default takes the global one, if any.
                None => semantics
                    .global_args
                    .iter()
                    .rfind(|(global, _)| *global == name)
                    .map(|(_, value)| value.clone()),
            };
            if instruction.kind() == ENV_INSTR {
                self.environment.retain(|(known, _)| *known != name);
                self.environment.extend(value.clone().map(|value| (name.clone(), value)));
            }
            self.all.retain(|(known, _)| *known != name);
            self.all.extend(value.map(|value| (name, value)));
        }
    }
}

/// The values `ARG` and `ENV` give variables by the end of the stages in `chain`.
fn final_variables(semantics: &Semantics, chain: &[usize]) -> Vec<(String, String)> {
    let mut variables = Variables::default();
    let instructions = chain.iter().flat_map(|&i| &semantics.stages[i].instructions);
    for instruction in instructions.filter(|i| matches!(i.kind(), ARG_INSTR | ENV_INSTR)) {
        variables.set(semantics, instruction);
    }
    variables.all
}

/// Options whose value is an address, `host:port` or `:port`.
const ADDRESS_OPTIONS: &[&str] =
    &["-b", "--bind", "--listen", "--http", "-S", "-addr", "-listen", "-http"];

/// Options whose value is a port alone.
const PORT_OPTIONS: &[&str] = &["--port", "--http-port", "-p", "-port"];

/// The port below 1024 an `ENTRYPOINT` or `CMD` gives a server to listen on: an address after
/// one of [`ADDRESS_OPTIONS`] (`-b 0.0.0.0:80`, `--http=:80`, `-b:80`), a port after one of
/// [`PORT_OPTIONS`] (`--port 80`), or `python -m http.server 80`; with the stage's variables
/// (`variables`) put in (`--bind :$PORT`). Port 0 asks for any free port, and is none.
fn listen_port(instruction: &Instruction, variables: &[(String, String)]) -> Option<u16> {
    let tokens: Vec<String> = instruction_commands(instruction)
        .into_iter()
        .flatten()
        .map(|word| substitute(&word, variables))
        .collect();
    let mut addresses: Vec<&str> = Vec::new();
    let mut ports: Vec<&str> = Vec::new();
    for (at, token) in tokens.iter().enumerate() {
        let next = tokens.get(at + 1).map(String::as_str);
        for option in ADDRESS_OPTIONS {
            match token.strip_prefix(option) {
                Some("") => addresses.extend(next),
                Some(rest) if rest.starts_with(['=', ':']) => {
                    addresses.push(rest.strip_prefix('=').unwrap_or(rest));
                }
                _ => {}
            }
        }
        for option in PORT_OPTIONS {
            match token.strip_prefix(option) {
                Some("") => ports.extend(next),
                Some(rest) => ports.extend(rest.strip_prefix('=')),
                None => {}
            }
        }
        // `python -m http.server [--bind ADDRESS] [--directory DIR] [PORT]`.
        if token == "http.server" {
            let mut rest = tokens[at + 1..].iter().map(String::as_str);
            while let Some(word) = rest.next() {
                if matches!(word, "-b" | "--bind" | "-d" | "--directory" | "--protocol") {
                    rest.next();
                } else if !word.starts_with('-') {
                    ports.push(word);
                    break;
                }
            }
        }
    }
    let addressed = addresses.into_iter().filter_map(|address| address.rsplit_once(':'));
    let numbers = addressed.map(|(_, port)| port).chain(ports);
    numbers.filter_map(|port| port.parse::<u16>().ok()).find(|&port| port > 0 && port < 1024)
}

/// The names an `ARG` or `ENV` sets, with their values as written, unquoted; `None` for an
/// `ARG` without a default.
fn assignments(instruction: &Instruction) -> Vec<(String, Option<String>)> {
    let kind = if instruction.kind() == ENV_INSTR { KEY_VALUE } else { ARG_DEF };
    let unquote = |text: &str| {
        let quoted = text.len() >= 2
            && ((text.starts_with('"') && text.ends_with('"'))
                || (text.starts_with('\'') && text.ends_with('\'')));
        if quoted { text[1..text.len() - 1].to_string() } else { text.to_string() }
    };
    instruction
        .syntax()
        .children()
        .filter(|n| n.kind() == kind)
        .filter_map(|pair| {
            let name = pair.children().find(|c| c.kind() == KEY)?;
            let value = pair.children().find(|c| c.kind() == VALUE);
            let value = value.map(|v| unquote(LogicalText::of(&v).text.trim()));
            Some((LogicalText::of(&name).text, value))
        })
        .collect()
}

/// The ports of an `EXPOSE`, as written: `80`, `80/tcp`, a range `8000-8010`, `${PORT}`.
fn expose_ports(expose: &Instruction) -> Vec<String> {
    expose
        .syntax()
        .children()
        .filter(|n| n.kind() == ARGUMENT)
        .map(|n| LogicalText::of(&n).text)
        .collect()
}

/// The words of an `ENTRYPOINT` or `CMD`, whatever its form: the strings of an exec form split
/// further, so that `["sh", "-c", "exec gosu app x"]` is read too.
fn program_words(instruction: &Instruction) -> Vec<String> {
    match instruction.exec_form() {
        Some(exec) => exec.strings().iter().flat_map(|s| words_of(s)).collect(),
        None => instruction
            .shell_form()
            .map(|form| words_of(&form.logical_text().text))
            .unwrap_or_default(),
    }
}

/// The words of a text, split at anything that cannot be part of a program's path or an
/// option's name. Quotes and shell syntax fall away, and comments are read like commands, which
/// errs on the side of finding a switch.
pub(super) fn words_of(text: &str) -> Vec<String> {
    let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-');
    text.split(|c: char| !part(c)).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The first program among `words` that switches users.
fn switcher(words: &[String]) -> Option<String> {
    let base = |word: &String| word.rsplit('/').next().unwrap_or(word).to_string();
    if let Some(found) = words.iter().map(base).find(|w| SWITCHERS.contains(&w.as_str())) {
        return Some(found);
    }
    let chroot = words.iter().any(|w| base(w) == "chroot");
    (chroot && words.iter().any(|w| w == "--userspec")).then(|| "chroot --userspec".to_string())
}

/// Whether a word names a shell script to read: a `.sh` file, or an entrypoint without an
/// extension (`entrypoint.py` is for another interpreter).
fn is_script_name(word: &str) -> bool {
    let base = word.rsplit('/').next().unwrap_or(word).to_ascii_lowercase();
    base.ends_with(".sh") || (base.contains("entrypoint") && !base.contains('.'))
}

/// The text of the script a stage runs as `script`, when an instruction of the stages in
/// `chain` puts it in place from the build context or a heredoc. The last instruction that
/// names it counts, as it overwrites the others; one that copies it from another stage or
/// image, or from a path that cannot be read, leaves it unknown.
fn script_text(ctx: &Context<'_>, chain: &[usize], script: &str) -> Option<String> {
    let found = script_at(ctx, chain, script);
    // A relative path is also found from the last working folder the stages set.
    let workdir = chain
        .iter()
        .flat_map(|&i| &ctx.semantics.stages[i].instructions)
        .rfind(|i| i.kind() == WORKDIR_INSTR)
        .map(|i| LogicalText::of(i.syntax()).text)
        .and_then(|text| text.split_whitespace().nth(1).map(str::to_string))
        .filter(|dir| dir.starts_with('/') && !dir.contains('$'));
    match (found, workdir) {
        (Some(text), _) => Some(text),
        (None, Some(dir)) if !script.starts_with('/') && script.contains('/') => {
            script_at(ctx, chain, &join(&dir, script.trim_start_matches("./")))
        }
        _ => None,
    }
}

/// [`script_text`] for `script` as written.
fn script_at(ctx: &Context<'_>, chain: &[usize], script: &str) -> Option<String> {
    let name = script.rsplit('/').next().unwrap_or(script);
    let instructions = chain.iter().flat_map(|&i| &ctx.semantics.stages[i].instructions);
    let copies: Vec<&Instruction> =
        instructions.filter(|i| matches!(i.kind(), COPY_INSTR | ADD_INSTR)).collect();
    for copy in copies.into_iter().rev() {
        let arguments = arguments(copy);
        let Some((Argument::Text(destination), sources)) = arguments.split_last() else {
            continue;
        };
        let destination = destination.trim_end_matches('/');
        let elsewhere = copy.flag("from").is_some();
        // `COPY start /entrypoint.sh`: the one source is the script, under a new name.
        if sources.len() == 1 && destination.rsplit('/').next() == Some(name) {
            return match &sources[0] {
                _ if elsewhere => None,
                Argument::Heredoc(body) => Some(body.clone()),
                Argument::Text(source) => read_in_context(ctx, source),
            };
        }
        for source in sources {
            let Argument::Text(source) = source else { continue };
            // `COPY bin/* /app/`: a pattern whose last part matches the script's name, for a
            // script right in the destination (or found through PATH).
            if let Some((folder, pattern)) = source.rsplit_once('/').or(Some(("", source))) {
                let directly = inside_folder(script, destination).is_some_and(|p| !p.contains('/'))
                    || (!script.contains('/') && destination.ends_with("bin"));
                let glob = pattern.contains(['*', '?', '[']) && !folder.contains(['*', '?', '[']);
                if glob && directly && !elsewhere && glob_match(pattern, name) {
                    return read_in_context(ctx, &join(folder, name));
                }
            }
            // `COPY entrypoint.sh scripts/ /usr/local/bin/`: a source is the script.
            if source.trim_end_matches('/').rsplit('/').next() == Some(name) {
                return if elsewhere { None } else { read_in_context(ctx, source) };
            }
            // `COPY scripts/ /usr/local/bin/` and `CMD ["run-app"]`: a folder copied into a
            // folder of programs may hold the script the command names alone.
            if !elsewhere && !script.contains('/') && destination.ends_with("bin") {
                if let Some(text) = read_in_context(ctx, &join(source, name)) {
                    return Some(text);
                }
            }
            // `COPY . .`: a folder copied whole may hold the script at the same place below it.
            if !elsewhere {
                let below = inside_folder(script, destination);
                if let Some(text) =
                    below.and_then(|path| read_in_context(ctx, &join(source, &path)))
                {
                    return Some(text);
                }
            }
        }
    }
    None
}

/// Whether `name` matches a `COPY` source pattern's last part: `*` for any run of characters,
/// `?` for one, `[...]` for one of a set or range (`[!...]` or `[^...]` for one not in it).
fn glob_match(pattern: &str, name: &str) -> bool {
    let (pattern, name): (Vec<char>, Vec<char>) =
        (pattern.chars().collect(), name.chars().collect());
    fn at(p: &[char], n: &[char]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some('*') => (0..=n.len()).any(|skip| at(&p[1..], &n[skip..])),
            Some('?') => !n.is_empty() && at(&p[1..], &n[1..]),
            Some('[') => {
                let Some(end) = p.iter().skip(1).position(|&c| c == ']').map(|e| e + 1) else {
                    return n.first() == Some(&'[') && at(&p[1..], &n[1..]);
                };
                let Some(&c) = n.first() else { return false };
                let mut set = &p[1..end];
                let negated = matches!(set.first(), Some('!' | '^'));
                if negated {
                    set = &set[1..];
                }
                let mut found = false;
                let mut i = 0;
                while i < set.len() {
                    if i + 2 < set.len() && set[i + 1] == '-' {
                        found |= set[i] <= c && c <= set[i + 2];
                        i += 3;
                    } else {
                        found |= set[i] == c;
                        i += 1;
                    }
                }
                found != negated && at(&p[end + 1..], &n[1..])
            }
            Some(&c) => n.first() == Some(&c) && at(&p[1..], &n[1..]),
        }
    }
    at(&pattern, &name)
}

/// The path of `script` below `folder`, when it is below it; a relative script is taken to be
/// below a relative folder (`COPY . .` and `CMD ["./start.sh"]`).
fn inside_folder(script: &str, folder: &str) -> Option<String> {
    let script = script.trim_start_matches("./");
    if folder.is_empty() || folder == "." {
        return (!script.starts_with('/')).then(|| script.to_string());
    }
    let folder = folder.trim_start_matches("./");
    script.strip_prefix(folder)?.strip_prefix('/').map(str::to_string)
}

fn join(folder: &str, path: &str) -> String {
    match folder.trim_end_matches('/') {
        "" | "." => path.to_string(),
        folder => format!("{folder}/{path}"),
    }
}

pub(super) enum Argument {
    Text(String),
    Heredoc(String),
}

/// The sources and the destination of a `COPY` or `ADD`, as written.
pub(super) fn arguments(copy: &Instruction) -> Vec<Argument> {
    if let Some(exec) = copy.exec_form() {
        return exec.strings().into_iter().map(Argument::Text).collect();
    }
    let heredocs: Vec<String> = copy.heredocs().map(|h| h.body()).collect();
    let mut heredocs = heredocs.into_iter();
    copy.syntax()
        .children()
        .filter(|n| n.kind() == ARGUMENT)
        .map(|argument| {
            if argument.children_with_tokens().any(|e| e.kind() == HEREDOC_MARKER) {
                Argument::Heredoc(heredocs.next().unwrap_or_default())
            } else {
                let text = LogicalText::of(&argument).text;
                Argument::Text(text.trim_matches(|c| c == '"' || c == '\'').to_string())
            }
        })
        .collect()
}

/// The text of a file of the build context, when the path is a plain one inside it.
fn read_in_context(ctx: &Context<'_>, path: &str) -> Option<String> {
    let context = ctx.build_context()?;
    let plain = |c: char| !matches!(c, '"' | '\'' | '\\' | '`' | '*' | '?' | '[' | '$');
    let relative = Path::new(path.trim_start_matches('/'));
    if path.is_empty() || !path.chars().all(plain) {
        return None;
    }
    if relative.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return None;
    }
    let mut text = String::new();
    let file = std::fs::File::open(context.join(relative)).ok()?;
    file.take(MAX_SCRIPT).read_to_string(&mut text).ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switchers_are_found_among_words() {
        let words = |text: &str| words_of(text);
        assert_eq!(switcher(&words("exec /usr/local/bin/gosu app \"$@\"")), Some("gosu".into()));
        assert_eq!(switcher(&words("su-exec node:node npm start")), Some("su-exec".into()));
        assert_eq!(
            switcher(&words("chroot --userspec=app:app / x")),
            Some("chroot --userspec".into())
        );
        assert_eq!(switcher(&words("chroot /srv x")), None);
        assert_eq!(switcher(&words("sudo-like summary --user=su")), Some("su".into()));
        assert_eq!(switcher(&words("exec nginx -g 'daemon off;'")), None);
    }

    #[test]
    fn copy_patterns_match_names() {
        assert!(glob_match("*", "run"));
        assert!(glob_match("*.sh", "start.sh") && !glob_match("*.sh", "start"));
        assert!(glob_match("[rs]*", "run") && !glob_match("[rs]*", "app"));
        assert!(glob_match("b?n", "bin") && !glob_match("b?n", "bean"));
        assert!(glob_match("[!a]un", "run") && !glob_match("[!r]un", "run"));
        assert!(glob_match("[a-z]un", "run") && !glob_match("[0-9]un", "run"));
    }

    #[test]
    fn servers_are_known_by_name_and_init_systems_by_path() {
        assert_eq!(root_server("/usr/sbin/apache2ctl"), Some("apache2ctl"));
        assert_eq!(root_server("php-fpm8.2"), Some("php-fpm"));
        assert_eq!(root_server("php-fpm82"), Some("php-fpm"));
        assert_eq!(root_server("php-fpm-exporter"), None);
        assert_eq!(root_server("/sbin/init"), Some("/sbin/init"));
        assert_eq!(root_server("init"), None);
        assert_eq!(root_server("crond"), Some("crond"));
        assert_eq!(root_server("cronjob"), None);
    }

    #[test]
    fn installs_at_start_are_found() {
        let found = |script: &str| installs_packages(&commands_of_script(script));
        assert_eq!(found("apk add --no-cache curl && /app/server"), Some("apk add".into()));
        assert_eq!(found("exec /usr/bin/apt-get -y install jq"), Some("apt-get install".into()));
        assert_eq!(found("npm install && node ."), None);
        assert_eq!(found("add apk"), None);
        assert_eq!(found("echo 'run apt-get install foo yourself' && ./app"), None);
    }

    #[test]
    fn programs_are_read_where_commands_start() {
        let programs = |words: &[&str]| {
            let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            let commands = commands_of_words(&words);
            commands.into_iter().map(|c| c[0].clone()).collect::<Vec<_>>()
        };
        assert_eq!(programs(&["tini", "--", "nginx", "-g", "daemon off;"]), ["nginx"]);
        assert_eq!(programs(&["nice", "-n", "10", "nginx"]), ["nginx"]);
        assert_eq!(programs(&["sh", "-c", "exec env A=1 nginx && echo nginx"]), ["nginx", "echo"]);
        assert_eq!(programs(&["node", "proxy.js", "--upstream", "http://nginx:80"]), ["node"]);
        assert_eq!(programs(&["sh", "-c", "wait-for-it nginx:80 -- /app/x"]), ["wait-for-it"]);
        let script =
            commands_of_script("#!/bin/sh\n# no nginx here\nif true; then\n  exec nginx\nfi\n");
        assert!(script.iter().any(|c| c[0] == "nginx"), "{script:?}");
        assert!(!script.iter().any(|c| c[0] == "#"), "{script:?}");
    }

    #[test]
    fn ports_given_to_servers_on_the_command_line() {
        let port = |dockerfile: &str| {
            let parse = crate::syntax::parse(dockerfile);
            let semantics = Semantics::new(&parse);
            let last = semantics.stages.len() - 1;
            let command =
                semantics.stages[last].instructions.iter().rfind(|i| i.kind() == CMD_INSTR);
            listen_port(command.unwrap(), &final_variables(&semantics, &[last]))
        };
        let cmd = |command: &str| port(&format!("FROM a\nENV P=80 Q=8080\nCMD {command}\n"));
        assert_eq!(cmd(r#"["gunicorn", "-b", "0.0.0.0:80", "app:app"]"#), Some(80));
        assert_eq!(cmd("uvicorn main:app --host 0.0.0.0 --port 80"), Some(80));
        assert_eq!(cmd(r#"["uwsgi", "--http=:443"]"#), Some(443));
        assert_eq!(cmd("gunicorn -b:80 app:app"), Some(80));
        assert_eq!(cmd("gunicorn --bind :$P app:app"), Some(80));
        assert_eq!(cmd(r#"["sh", "-c", "gunicorn --bind :${P} app:app"]"#), Some(80));
        assert_eq!(cmd("gunicorn --bind :${PORT:-80} app:app"), Some(80));
        assert_eq!(cmd("python -m http.server 80"), Some(80));
        assert_eq!(cmd("gunicorn --bind :$Q app:app"), None);
        assert_eq!(cmd(r#"["./app", "--listen", ":8080"]"#), None);
        assert_eq!(cmd(r#"["./app", "--port", "$UNSET"]"#), None);
        // A number that is no address, and port 0, which takes any free port.
        assert_eq!(cmd(r#"["myapp", "-b", "1", "--timeout", "80"]"#), None);
        assert_eq!(cmd(r#"["myapp", "--http", "10"]"#), None);
        assert_eq!(cmd("gunicorn --bind 0.0.0.0:0 app:app"), None);
        assert_eq!(cmd(r#"["php", "-S", "0.0.0.0:80", "-t", "public"]"#), Some(80));
        assert_eq!(cmd(r#"["rails", "server", "-b", "0.0.0.0", "-p", "80"]"#), Some(80));
        assert_eq!(cmd(r#"["/app/server", "-addr", ":80"]"#), Some(80));
        assert_eq!(cmd(r#"["/app/server", "-port", "80"]"#), Some(80));
        assert_eq!(cmd("python3 -m http.server --bind 0.0.0.0 80"), Some(80));
        assert_eq!(cmd("python3 -m http.server --bind 0.0.0.0 8000"), None);
        assert_eq!(cmd(r#"["sh", "-c", "mkdir -p /data && exec /app/x"]"#), None);
    }

    /// The privileged port the last stage of `text` exposes, as the reason would name it.
    fn privileged_in(text: &str) -> Option<String> {
        let semantics = Semantics::new(&crate::syntax::parse(text));
        let last = semantics.stages.len() - 1;
        let mut chain = semantics.ancestors(last);
        chain.reverse();
        chain.push(last);
        privileged_port(&semantics, &chain).map(|found| match found {
            Privileged::Port(port) => port.to_string(),
            Privileged::Variable(name, port) => format!("{name}={port}"),
            Privileged::Unknown(written) => written,
        })
    }

    #[test]
    fn exposed_ports_are_read_through_arguments_and_variables() {
        assert_eq!(privileged_in("FROM a\nENV P=80\nEXPOSE 8080 $P/udp\n").as_deref(), Some("80"));
        // A later `ENV` replaces the value; one set after the `EXPOSE` does not count.
        assert_eq!(privileged_in("FROM a\nENV P=80\nENV P=8080\nEXPOSE $P\nENV P=22\n"), None);
        assert_eq!(privileged_in("FROM a\nEXPOSE ${P:-443}\n").as_deref(), Some("443"));
        assert_eq!(privileged_in("FROM a\nARG P\nEXPOSE ${P}\n").as_deref(), Some("${P}"));
        // Global arguments reach a stage through an `ARG` without a default there, and
        // variables of the stages it is built on count.
        assert_eq!(privileged_in("ARG P=21\nFROM a\nARG P\nEXPOSE $P\n").as_deref(), Some("21"));
        assert_eq!(privileged_in("ARG P=21\nFROM a\nEXPOSE $P\n").as_deref(), Some("$P"));
        assert_eq!(privileged_in("FROM a AS b\nENV P='9000'\nFROM b\nEXPOSE $P-9010\n"), None);
        // `PORT` counts as it is at the end of the stage.
        assert_eq!(privileged_in("FROM a\nENV PORT=80\n").as_deref(), Some("PORT=80"));
        assert_eq!(privileged_in("FROM a\nENV PORT=80\nENV PORT=8080\n"), None);
        assert_eq!(privileged_in("FROM a\nENV PORT=80 PORT=8080\n"), None);
        assert_eq!(privileged_in("FROM a\nENV PORT=0\n"), None);
        // An `ARG` is for the build: the server does not see it.
        assert_eq!(privileged_in("FROM a\nARG PORT=80\n"), None);
        let urls = "FROM a\nENV ASPNETCORE_URLS=http://+:8080;http://+:80\n";
        assert_eq!(privileged_in(urls).as_deref(), Some("ASPNETCORE_URLS=80"));
        let ports = "FROM a\nENV ASPNETCORE_HTTP_PORTS=80\n";
        assert_eq!(privileged_in(ports).as_deref(), Some("ASPNETCORE_HTTP_PORTS=80"));
        assert_eq!(privileged_in("FROM a\nENV ASPNETCORE_HTTP_PORTS=8080\n"), None);
    }

    #[test]
    fn scripts_are_named_like_scripts_or_entrypoints() {
        assert!(is_script_name("/usr/local/bin/docker-entrypoint.sh"));
        assert!(is_script_name("./start.sh"));
        assert!(is_script_name("/Entrypoint"));
        assert!(!is_script_name("/app/bin/server"));
        assert!(!is_script_name("bash"));
        assert!(!is_script_name("dist/entrypoint.js"));
    }

    #[test]
    fn scripts_are_looked_for_below_copied_folders() {
        assert_eq!(inside_folder("./bin/start.sh", ".").as_deref(), Some("bin/start.sh"));
        assert_eq!(inside_folder("/app/bin/start.sh", "/app").as_deref(), Some("bin/start.sh"));
        assert_eq!(inside_folder("/application/x.sh", "/app"), None);
        assert_eq!(inside_folder("/x.sh", "."), None);
        assert_eq!(join(".", "a.sh"), "a.sh");
        assert_eq!(join("scripts/", "a.sh"), "scripts/a.sh");
    }
}
