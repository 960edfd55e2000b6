//! Package-manager commands read from shell words: which manager, which subcommand, which
//! packages and which options, whatever order the options come in.

use crate::shell::{Command, Word};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Manager {
    Apk,
    AptGet,
    /// `apt`, the interactive front end.
    Apt,
    Dnf,
    Microdnf,
    Yum,
    Zypper,
    Pip,
    Npm,
    Yarn,
}

/// Subcommands of dnf, microdnf and yum that download packages and metadata.
pub const DNF_FETCHING: &[&str] = &[
    "install",
    "in",
    "localinstall",
    "groupinstall",
    "reinstall",
    "rei",
    "downgrade",
    "dg",
    "upgrade",
    "up",
    "update",
    "upgrade-minimal",
    "update-minimal",
    "distro-sync",
    "distribution-synchronization",
    "dsync",
    "groupupdate",
    "groupupgrade",
    "swap",
    "builddep",
];

/// Subcommands of dnf, microdnf and yum that remove packages: they ask, but fetch nothing.
pub const DNF_REMOVING: &[&str] =
    &["remove", "rm", "erase", "autoremove", "groupremove", "grouperase"];

/// Subcommands of zypper that download packages and metadata.
pub const ZYPPER_FETCHING: &[&str] = &[
    "install",
    "in",
    "update",
    "up",
    "patch",
    "dist-upgrade",
    "dup",
    "source-install",
    "si",
    "install-new-recommends",
    "inr",
];

/// Subcommands of zypper that remove packages.
pub const ZYPPER_REMOVING: &[&str] = &["remove", "rm"];

/// A command that runs a package manager.
#[derive(Debug, Clone)]
pub struct PackageCommand {
    pub manager: Manager,
    pub command: Command,
    /// The word naming the manager (`pip` in `python3 -m pip install x`).
    pub name: usize,
    pub subcommand: Option<usize>,
    /// The option words, before and after the subcommand.
    pub options: Vec<usize>,
    /// The package (or other operand) words after the subcommand.
    pub operands: Vec<usize>,
}

/// Options that take the next word as their value, per manager, when written without `=`.
fn takes_value(manager: Manager, option: &str) -> bool {
    let list: &[&str] = match manager {
        Manager::Apk => &[
            "-X",
            "--repository",
            "-p",
            "--root",
            "--arch",
            "--cache-dir",
            "--keys-dir",
            "--repositories-file",
            "--progress-fd",
            "--wait",
            "--timeout",
            "--cache-max-age",
            "-t",
            "--virtual",
        ],
        Manager::AptGet | Manager::Apt => {
            &["-o", "--option", "-c", "--config-file", "-t", "--target-release", "-a"]
        }
        Manager::Dnf | Manager::Microdnf | Manager::Yum => &[
            "--setopt",
            "--enablerepo",
            "--disablerepo",
            "--releasever",
            "--installroot",
            "-c",
            "--config",
            "--repo",
            "--repoid",
            "--repofrompath",
            "-x",
            "--exclude",
            "--forcearch",
        ],
        Manager::Zypper => {
            &["-R", "--root", "-c", "--config", "-t", "--type", "-r", "--repo", "--from"]
        }
        Manager::Pip => &[
            "-r",
            "--requirement",
            "-c",
            "--constraint",
            "-e",
            "--editable",
            "-i",
            "--index-url",
            "--extra-index-url",
            "-f",
            "--find-links",
            "-t",
            "--target",
            "--prefix",
            "--root",
            "--platform",
            "--python-version",
            "--implementation",
            "--abi",
            "--trusted-host",
            "--progress-bar",
            "--cache-dir",
            "--src",
            "--upgrade-strategy",
            "--log",
            "--proxy",
            "--retries",
            "--timeout",
            "--exists-action",
            "--cert",
            "--client-cert",
            "--global-option",
            "--config-settings",
            "-C",
            "--no-binary",
            "--only-binary",
            "--report",
            "--python",
        ],
        Manager::Npm => &[
            "--prefix",
            "--registry",
            "--cache",
            "-w",
            "--workspace",
            "--tag",
            "--omit",
            "--include",
        ],
        Manager::Yarn => &[
            "--cwd",
            "--modules-folder",
            "--cache-folder",
            "--network-timeout",
            "--registry",
            "--mutex",
        ],
    };
    list.contains(&option)
}

impl PackageCommand {
    /// Reads `command` as a package-manager command, if it is one.
    pub fn recognize(command: Command) -> Option<PackageCommand> {
        let first = command.name()?;
        let (manager, name) = match first {
            "apk" => (Manager::Apk, 0),
            "apt-get" => (Manager::AptGet, 0),
            "apt" => (Manager::Apt, 0),
            "dnf" | "dnf5" => (Manager::Dnf, 0),
            "microdnf" => (Manager::Microdnf, 0),
            "yum" => (Manager::Yum, 0),
            "zypper" => (Manager::Zypper, 0),
            "npm" => (Manager::Npm, 0),
            "yarn" => (Manager::Yarn, 0),
            _ if is_pip(first) => (Manager::Pip, 0),
            _ if is_python(first) => {
                let words = &command.words;
                if words.get(1)?.text == "-m" && is_pip(&words.get(2)?.text) {
                    (Manager::Pip, 2)
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        let mut res = PackageCommand {
            manager,
            command,
            name,
            subcommand: None,
            options: Vec::new(),
            operands: Vec::new(),
        };
        let words = &res.command.words;
        let mut i = name + 1;
        while i < words.len() {
            let text = words[i].text.as_str();
            if text.starts_with('-') && text.len() > 1 {
                res.options.push(i);
                if takes_value(manager, text) {
                    i += 1;
                }
            } else if res.subcommand.is_none() {
                res.subcommand = Some(i);
            } else {
                res.operands.push(i);
            }
            i += 1;
        }
        Some(res)
    }

    pub fn words(&self) -> &[Word] {
        &self.command.words
    }

    pub fn subcommand_word(&self) -> Option<&Word> {
        self.subcommand.map(|i| &self.command.words[i])
    }

    pub fn subcommand_text(&self) -> Option<&str> {
        self.subcommand_word().map(|w| w.text.as_str())
    }

    /// Whether one of `names` is given: as a word of its own, as `--name=value`, or (for a
    /// one-letter option such as `-y`) inside a group of short options such as `-qy`.
    pub fn has_option(&self, names: &[&str]) -> bool {
        self.options.iter().map(|&i| self.command.words[i].text.as_str()).any(|option| {
            names.iter().any(|name| {
                option == *name
                    || option.strip_prefix(name).is_some_and(|rest| rest.starts_with('='))
                    || (name.len() == 2
                        && !name.starts_with("--")
                        && !option.starts_with("--")
                        && option[1..].contains(&name[1..]))
            })
        })
    }

    pub fn operands(&self) -> impl Iterator<Item = &Word> {
        self.operands.iter().map(|&i| &self.command.words[i])
    }
}

fn is_pip(name: &str) -> bool {
    name.strip_prefix("pip")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn is_python(name: &str) -> bool {
    name.strip_prefix("python")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::commands;

    fn read(script: &str) -> PackageCommand {
        let command = commands(script).into_iter().next().unwrap();
        PackageCommand::recognize(command).unwrap()
    }

    #[test]
    fn reads_subcommands_options_and_packages_in_any_order() {
        let apk = read("apk --no-progress -X http://mirror add -t .deps gcc musl-dev=1.2");
        assert_eq!(apk.manager, Manager::Apk);
        assert_eq!(apk.subcommand_text(), Some("add"));
        let operands: Vec<_> = apk.operands().map(|w| w.text.as_str()).collect();
        assert_eq!(operands, ["gcc", "musl-dev=1.2"]);
        assert!(apk.has_option(&["--virtual", "-t"]));

        let apt =
            read("DEBIAN_FRONTEND=noninteractive apt-get -qy install --no-install-recommends curl");
        assert_eq!((apt.manager, apt.subcommand_text()), (Manager::AptGet, Some("install")));
        assert!(apt.has_option(&["-y", "--yes"]));
        assert!(apt.has_option(&["--no-install-recommends"]));
        assert!(!apt.has_option(&["--assume-yes"]));

        let pip = read("python3 -m pip install --no-cache-dir -r requirements.txt flask");
        assert_eq!((pip.manager, pip.name), (Manager::Pip, 2));
        assert_eq!(pip.operands().map(|w| w.text.as_str()).collect::<Vec<_>>(), ["flask"]);

        let dnf = read("dnf --setopt=tsflags=nodocs -y install httpd");
        assert_eq!((dnf.manager, dnf.subcommand_text()), (Manager::Dnf, Some("install")));
        assert!(dnf.has_option(&["-y", "--assumeyes"]));
    }

    #[test]
    fn other_commands_are_not_package_managers() {
        let command = commands("python3 app.py").into_iter().next().unwrap();
        assert!(PackageCommand::recognize(command).is_none());
        let command = commands("pipx install x").into_iter().next().unwrap();
        assert!(PackageCommand::recognize(command).is_none());
    }
}
