//! Whether a runtime stage is what the fix is for, an image that runs one program of its own:
//! not a base for other images or a tool with a shell, not one that switches to root with `sudo`
//! or drives the host's Docker, and not one whose image is unknown until the build.

use crate::rules::Context;
use crate::semantics::{Base, Manager, PackageCommand, Semantics};
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::Instruction;

use super::entrypoint::{commands_of_words, words_of};

/// Shells, which with no script or `-c` are interactive.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "fish"];

/// Interpreters that open a prompt when given no script or module, and prompts.
const INTERPRETERS: &[&str] = &[
    "python", "node", "nodejs", "ruby", "irb", "pry", "iex", "erl", "ghci", "jshell", "perl",
    "php", "lua", "julia", "R", "bun", "deno", "ipython",
];

/// Programs that run a command as root from another user.
const ROOT_SWITCHERS: &[&str] = &["sudo", "doas", "opendoas"];

/// Why runtime stage `chain` (its ancestors first) is not an image the fix should make run as
/// another user; `None` when it is.
pub(super) fn not_for_a_user(ctx: &Context<'_>, chain: &[usize]) -> Option<String> {
    let semantics = &ctx.semantics;
    if let Base::Image(image) = &semantics.stages[chain[0]].base {
        if image.name.contains('$') || image.registry.as_deref().is_some_and(|r| r.contains('$')) {
            return Some(
                "its base image is named by a build argument without a default, so what it is \
                 is known only at build time"
                    .to_string(),
            );
        }
    }
    let instructions: Vec<&Instruction> =
        chain.iter().flat_map(|&i| &semantics.stages[i].instructions).collect();
    if let Some(word) = instructions.iter().find_map(|i| root_switcher(i)) {
        return Some(format!(
            "it has `{word}`, which switches to root, so part of its work is meant to run as root"
        ));
    }
    // The stack is the runtime stage's own, or comes with what it copies from other stages:
    // each of those stages, and those they are built on, is looked at once.
    let mut seen = vec![false; semantics.stages.len()];
    let mut roots = vec![chain[0]];
    for &i in chain {
        seen[i] = true;
    }
    for source in chain.iter().flat_map(|&i| semantics.sources(i)) {
        let mut lineage = semantics.ancestors(source);
        lineage.insert(0, source);
        for stage in lineage {
            if std::mem::replace(&mut seen[stage], true) {
                break;
            }
            if !matches!(semantics.stages[stage].base, Base::Stage(_)) {
                roots.push(stage);
            }
        }
    }
    let everything: Vec<&Instruction> = (0..semantics.stages.len())
        .filter(|&i| seen[i])
        .flat_map(|i| &semantics.stages[i].instructions)
        .collect();
    let gpu = gpu_stack(semantics, &roots, &everything);
    let packages = instructions.iter().flat_map(|i| ctx.package_commands(i));
    let installed = installed_packages(packages.map(|(_, package)| package));
    if let Some(package) = server_package(&installed) {
        return Some(format!(
            "it installs `{package}`, a server that starts as root and hands its work to a \
             user of its own"
        ));
    }
    if let Some(gpu) = gpu {
        return Some(format!(
            "it runs on {gpu}, whose devices belong to the `video` and `render` groups, which a \
             new user is not in"
        ));
    }
    let engine = docker_engine(&installed).then_some("the Docker engine installed");
    if let Some(why) = instructions.iter().find_map(|i| runs_docker_daemon(i)).or(engine) {
        return Some(format!(
            "it runs a Docker daemon inside the container ({why}), which needs root"
        ));
    }
    if instructions.iter().any(|i| mentions_docker_socket(i)) {
        return Some(
            "it uses the Docker socket, which only root (or the `docker` group) may open"
                .to_string(),
        );
    }
    let last = |kind| instructions.iter().rfind(|i| i.kind() == kind).copied();
    let program = program(last(ENTRYPOINT_INSTR), last(CMD_INSTR));
    let Some(program) = program else {
        return Some(
            "it has no `CMD` or `ENTRYPOINT`, so it looks like a base for other images or a tool \
             run with a command of the caller's; the stages built on it choose their user"
                .to_string(),
        );
    };
    if let Some(prompt) = interactive(&program) {
        return Some(format!(
            "its command, `{prompt}`, opens a shell or an interpreter's prompt, so it looks like \
             a base for other images or a tool run as root on purpose"
        ));
    }
    None
}

/// GPU stacks whose devices only the `video` and `render` groups may open: the start of an image
/// name's last part or of a package's name, and how to call the stack.
const GPU_STACKS: &[(&str, &str)] = &[
    ("rocm", "ROCm"),
    ("oneapi", "oneAPI"),
    ("intel-opencl", "Intel's OpenCL"),
    ("intel-level-zero", "Intel's Level Zero"),
    ("intel-media-va-driver", "VA-API"),
    ("mesa-vulkan", "Vulkan"),
    ("vulkan", "Vulkan"),
    ("musa", "MUSA"),
];

/// Packages that name a GPU stack but come with programs that do without a GPU: Vulkan's
/// loader, which Chromium depends on.
const NOT_GPU_PACKAGES: &[&str] = &["vulkan", "libvulkan"];

/// The GPU stack the images of the stages `roots` are named for, or the `RUN`s among
/// `instructions` install (or a device of which they name), unless they put a user in the
/// `video` and `render` groups.
fn gpu_stack(
    semantics: &Semantics,
    roots: &[usize],
    instructions: &[&Instruction],
) -> Option<&'static str> {
    let stack_of = |name: &str| {
        let name = name.to_ascii_lowercase();
        GPU_STACKS.iter().find(|(start, _)| name.starts_with(start)).map(|(_, stack)| *stack)
    };
    let texts: Vec<String> = instructions
        .iter()
        .filter(|i| !matches!(i.kind(), LABEL_INSTR | MAINTAINER_INSTR))
        .map(|i| i.syntax().text().to_string())
        .collect();
    if texts.iter().any(|t| t.contains("video")) && texts.iter().any(|t| t.contains("render")) {
        return None;
    }
    // Each part of the image's name and its tag, up to a `-` or `_`: `rocm/dev-ubuntu-22.04`,
    // `intel/oneapi-basekit`, `mthreads/musa:rc3.1.0-devel`.
    for &root in roots {
        let Base::Image(image) = &semantics.stages[root].base else { continue };
        let parts = image.name.split('/').chain(image.tag.as_deref());
        let firsts = parts.filter_map(|part| part.split(['-', '_']).next());
        if let Some(stack) = firsts.into_iter().find_map(stack_of) {
            return Some(stack);
        }
    }
    let read = instructions.iter().filter(|i| !matches!(i.kind(), LABEL_INSTR | MAINTAINER_INSTR));
    for (instruction, text) in read.zip(&texts) {
        if text.contains("/dev/dri") || text.contains("/dev/kfd") {
            return Some("a GPU");
        }
        if instruction.kind() == RUN_INSTR {
            let words = words_of(text);
            let packages =
                words.iter().filter(|w| !NOT_GPU_PACKAGES.iter().any(|n| w.starts_with(n)));
            if let Some(stack) = packages.into_iter().find_map(|word| stack_of(word)) {
                return Some(stack);
            }
        }
    }
    None
}

/// The first word of an instruction that names `sudo` or `doas`, or their settings.
fn root_switcher(instruction: &Instruction) -> Option<String> {
    let text = instruction.syntax().text().to_string();
    words_of(&text).into_iter().find_map(|word| {
        let base = word.rsplit('/').next().unwrap_or(&word);
        if ROOT_SWITCHERS.contains(&base) {
            Some(base.to_string())
        } else if word.starts_with("/etc/sudoers") {
            Some("sudo".to_string())
        } else if word.starts_with("/etc/doas") {
            Some("doas".to_string())
        } else {
            None
        }
    })
}

/// What in an instruction shows a Docker daemon running in the container: a `VOLUME` for its
/// data, or a command named for Docker-in-Docker. (An install of its package is
/// [`docker_engine`].)
fn runs_docker_daemon(instruction: &Instruction) -> Option<&'static str> {
    let text = instruction.syntax().text().to_string();
    match instruction.kind() {
        VOLUME_INSTR if text.contains("/var/lib/docker") => Some("a volume at `/var/lib/docker`"),
        ENTRYPOINT_INSTR | CMD_INSTR => {
            let words = words_of(&text);
            let dind =
                |w: &String| w.rsplit('/').next().is_some_and(|base| base.starts_with("dind"));
            words.iter().any(dind).then_some("a Docker-in-Docker command")
        }
        _ => None,
    }
}

/// Packages of servers that start as root and hand their work to a user of their own, or run
/// as root to manage what they start.
const SERVER_PACKAGES: &[&str] = &[
    "nginx",
    "nginx-full",
    "nginx-light",
    "openresty",
    "apache2",
    "httpd",
    "lighttpd",
    "haproxy",
    "squid",
    "dnsmasq",
    "bind9",
    "vsftpd",
    "postfix",
    "openssh-server",
    "supervisor",
    "cron",
    "cronie",
];

/// The first of [`SERVER_PACKAGES`] among the packages installed.
fn server_package(installed: &[(Manager, String)]) -> Option<&str> {
    let names = installed.iter().map(|(_, package)| package.as_str());
    names.into_iter().find(|package| SERVER_PACKAGES.contains(package))
}

/// Whether the packages installed hold the Docker engine; Alpine's `docker` is the engine, and
/// its client alone is `docker-cli`.
fn docker_engine(installed: &[(Manager, String)]) -> bool {
    let engines = ["docker.io", "docker-ce", "docker-engine", "moby-engine"];
    installed.iter().any(|(manager, package)| {
        engines.contains(&package.as_str()) || (*manager == Manager::Apk && package == "docker")
    })
}

/// The packages that `packages` install, by name, without versions.
fn installed_packages(packages: impl Iterator<Item = PackageCommand>) -> Vec<(Manager, String)> {
    let installs = packages.filter(|package| {
        let subcommand = package.subcommand_text().unwrap_or_default();
        match package.manager {
            Manager::Apk => subcommand == "add",
            Manager::Zypper => matches!(subcommand, "install" | "in"),
            _ => subcommand == "install",
        }
    });
    installs
        .flat_map(|package| {
            let names: Vec<String> = package
                .operands()
                .map(|word| {
                    word.text.split(['=', '<', '>', '~']).next().unwrap_or_default().to_string()
                })
                .collect();
            names.into_iter().map(move |name| (package.manager, name))
        })
        .collect()
}

/// Whether an instruction mounts, names or points `DOCKER_HOST` at the Docker daemon's socket.
fn mentions_docker_socket(instruction: &Instruction) -> bool {
    let text = instruction.syntax().text().to_string();
    text.contains("docker.sock") || (text.contains("DOCKER_HOST") && text.contains("unix://"))
}

/// The words of the command a container runs, from the last `ENTRYPOINT` and `CMD`: a
/// shell-form one runs in `/bin/sh -c`, and an exec-form `ENTRYPOINT` takes the `CMD` as its
/// arguments. `None` when neither is set.
fn program(entrypoint: Option<&Instruction>, command: Option<&Instruction>) -> Option<Vec<String>> {
    fn words(instruction: &Instruction) -> Vec<String> {
        match instruction.exec_form() {
            Some(exec) => exec.strings(),
            None => {
                let text = instruction.shell_form().map(|f| f.logical_text().text);
                vec!["/bin/sh".into(), "-c".into(), text.unwrap_or_default()]
            }
        }
    }
    match (entrypoint, command) {
        (None, None) => None,
        (Some(entrypoint), _) if entrypoint.exec_form().is_none() => Some(words(entrypoint)),
        (Some(entrypoint), command) => Some(
            words(entrypoint).into_iter().chain(command.map(words).unwrap_or_default()).collect(),
        ),
        (None, Some(command)) => Some(words(command)),
    }
}

/// The program, when a command only opens a shell or an interpreter's prompt: the program is
/// a shell or an interpreter, given options but no script, module or `-c` command.
fn interactive(words: &[String]) -> Option<String> {
    let base = |word: &str| word.rsplit('/').next().unwrap_or(word).to_string();
    // The command that stays running: the last one the line runs, behind wrappers (`tini --`,
    // `exec`) and in a shell's `-c` script, as `busybox sh` too.
    let mut words = commands_of_words(words).pop()?;
    if base(&words[0]) == "busybox" {
        words.remove(0);
    }
    let first = base(words.first()?);
    let is_shell = SHELLS.contains(&first.as_str());
    let interpreter = INTERPRETERS.contains(&first.as_str()) || is_versioned_python(&first);
    let only_options = words[1..].iter().all(|w| w.starts_with('-'));
    ((is_shell || interpreter) && only_options).then_some(first)
}

/// `python3`, `python3.12`.
fn is_versioned_python(name: &str) -> bool {
    name.strip_prefix("python")
        .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interactive_of(words: &[&str]) -> Option<String> {
        interactive(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn servers_and_engines_are_the_packages_installed() {
        let installed = |script: &str| {
            let commands = crate::shell::commands(script).into_iter();
            installed_packages(commands.filter_map(PackageCommand::recognize))
        };
        let server = |script: &str| server_package(&installed(script)).map(str::to_string);
        assert_eq!(server("apt-get install -y nginx=1.22.1-9"), Some("nginx".into()));
        assert_eq!(server("pip install supervisor"), Some("supervisor".into()));
        assert_eq!(server("apt-get install -y curl && echo cron"), None);
        assert_eq!(server("apt-get remove -y nginx"), None);
        let engine = |script: &str| docker_engine(&installed(script));
        assert!(engine("apk add --no-cache docker") && engine("apt-get install -y docker.io"));
        assert!(!engine("apk add --no-cache docker-cli") && !engine("apt-get install -y docker"));
    }

    #[test]
    fn gpu_stacks_are_known_by_image_package_or_device() {
        let stack = |text: &str| {
            let semantics = Semantics::new(&crate::syntax::parse(text));
            let last = semantics.stages.len() - 1;
            let instructions: Vec<&Instruction> =
                semantics.stages[last].instructions.iter().collect();
            gpu_stack(&semantics, &[last], &instructions)
        };
        assert_eq!(stack("FROM rocm/dev-ubuntu-22.04:6.2\n"), Some("ROCm"));
        assert_eq!(stack("FROM intel/oneapi-basekit:2025.0\n"), Some("oneAPI"));
        assert_eq!(stack("FROM mthreads/musa:rc3.1.0-devel\n"), Some("MUSA"));
        let vulkan = "FROM ubuntu:24.04\nRUN apt-get install -y mesa-vulkan-drivers\n";
        assert_eq!(stack(vulkan), Some("Vulkan"));
        assert_eq!(stack("FROM ubuntu:24.04\nVOLUME /dev/dri\n"), Some("a GPU"));
        // Words elsewhere, and a stage that puts its user in the groups, are not one.
        assert_eq!(stack("FROM ubuntu:24.04\nLABEL description=\"no oneapi here\"\n"), None);
        assert_eq!(stack("FROM ubuntu:24.04\nENV PATH=/opt/rocm-free/bin:$PATH\n"), None);
        assert_eq!(stack("FROM ubuntu:24.04\nCOPY docs/musa-guide.md /docs/\n"), None);
        let grouped = "FROM rocm/dev-ubuntu-22.04:6.2\nRUN useradd -G video,render app\n";
        assert_eq!(stack(grouped), None);
        assert_eq!(stack("FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n"), None);
        let chromium = "FROM node:20\nRUN apt-get install -y chromium libvulkan1\n";
        assert_eq!(stack(chromium), None);
        let vaapi = "FROM debian:12\nRUN apt-get install -y intel-media-va-driver\n";
        assert_eq!(stack(vaapi), Some("VA-API"));
    }

    #[test]
    fn prompts_are_shells_and_interpreters_without_a_script() {
        assert_eq!(interactive_of(&["bash"]).as_deref(), Some("bash"));
        assert_eq!(interactive_of(&["/bin/sh", "-l"]).as_deref(), Some("sh"));
        assert_eq!(interactive_of(&["python3.12"]).as_deref(), Some("python3.12"));
        assert_eq!(interactive_of(&["node", "--inspect"]).as_deref(), Some("node"));
        assert_eq!(interactive_of(&["/sbin/tini", "--", "irb"]).as_deref(), Some("irb"));
        assert_eq!(interactive_of(&["/bin/sh", "-c", "exec bash"]).as_deref(), Some("bash"));
        assert_eq!(interactive_of(&["node", "server.js"]), None);
        assert_eq!(interactive_of(&["python", "-m", "http.server"]), None);
        assert_eq!(interactive_of(&["iex", "-S", "mix", "phx.server"]), None);
        assert_eq!(interactive_of(&["/bin/sh", "-c", "./start.sh"]), None);
        assert_eq!(interactive_of(&["/bin/sh", "-c", "python app.py"]), None);
        assert_eq!(interactive_of(&["sh", "/start.sh"]), None);
        assert_eq!(interactive_of(&["/app/server"]), None);
        assert_eq!(interactive_of(&["pythonista"]), None);
    }
}
