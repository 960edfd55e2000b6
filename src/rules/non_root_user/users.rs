//! The users and groups that `RUN` scripts create, read from the options of `useradd`,
//! `adduser`, `groupadd` and `addgroup` as each tool spells them.

use std::collections::HashMap;

use crate::semantics::Family;
use crate::shell::{Command, Word};

/// A user a script creates, with the ids the command gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CreatedUser {
    pub name: String,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
}

impl CreatedUser {
    /// What `USER` and `--chown` name it by: `uid:gid` when both are known, the uid alone when
    /// only it is (the group is then the user's own in `/etc/passwd`), else the name.
    pub fn spec(&self) -> String {
        match (self.uid, self.gid) {
            (Some(uid), Some(gid)) => format!("{uid}:{gid}"),
            (Some(uid), None) => uid.to_string(),
            (None, _) => self.name.clone(),
        }
    }
}

/// What the scripts of a stage create, command after command.
#[derive(Debug, Default)]
pub(super) struct Accounts {
    /// Group names and the gids they were created with, when the command gave one.
    groups: HashMap<String, Option<u32>>,
    /// The last user created, if its name is plain text.
    pub last_user: Option<CreatedUser>,
    /// A user was created whose name is built from variables.
    pub variable_name: bool,
}

/// How a command that creates accounts reads its options.
struct Syntax {
    /// Options that take the next word (or the rest of the word) as their value.
    with_value: &'static [&'static str],
}

/// shadow's `useradd`, on Debian, Ubuntu, the RHEL family and SUSE.
const USERADD: Syntax = Syntax {
    with_value: &[
        "-b",
        "-c",
        "-d",
        "-e",
        "-f",
        "-g",
        "-G",
        "-k",
        "-K",
        "-p",
        "-s",
        "-u",
        "-R",
        "-P",
        "-Z",
        "--base-dir",
        "--comment",
        "--home-dir",
        "--expiredate",
        "--inactive",
        "--gid",
        "--groups",
        "--skel",
        "--key",
        "--password",
        "--shell",
        "--uid",
        "--root",
        "--prefix",
        "--selinux-user",
    ],
};

/// shadow's `groupadd`.
const GROUPADD: Syntax = Syntax {
    with_value: &[
        "-g",
        "-K",
        "-p",
        "-R",
        "-P",
        "-U",
        "--gid",
        "--key",
        "--password",
        "--root",
        "--prefix",
        "--users",
    ],
};

/// BusyBox `adduser`, as Alpine has it: `-g` is the comment and `-G` the group, and the long
/// options are Debian's.
const BUSYBOX_ADDUSER: Syntax = Syntax {
    with_value: &[
        "-h",
        "-g",
        "-s",
        "-G",
        "-u",
        "-k",
        "--home",
        "--gecos",
        "--shell",
        "--ingroup",
        "--uid",
    ],
};

/// BusyBox `addgroup`.
const BUSYBOX_ADDGROUP: Syntax = Syntax { with_value: &["-g", "--gid"] };

/// Debian's `adduser` and `addgroup`, which take long options only.
const DEBIAN_ADDUSER: Syntax = Syntax {
    with_value: &[
        "--home",
        "--shell",
        "--ingroup",
        "--uid",
        "--gid",
        "--gecos",
        "--comment",
        "--conf",
        "--firstuid",
        "--lastuid",
        "--firstgid",
        "--lastgid",
    ],
};

/// A command's options, each with its value, and its operands.
struct Parsed<'a> {
    options: Vec<(String, Option<&'a Word>, Option<String>)>,
    operands: Vec<&'a Word>,
}

impl Parsed<'_> {
    /// The value of the last of `names` given.
    fn value(&self, names: &[&str]) -> Option<String> {
        self.options
            .iter()
            .rev()
            .find(|(name, _, _)| names.contains(&name.as_str()))
            .and_then(|(_, word, glued)| glued.clone().or_else(|| word.map(|w| w.text.clone())))
    }
}

/// Reads `words` (the command name left out) as `getopt` would: long options with `=` or a
/// separate value, short options bundled (`-DH`) or with their value attached (`-u1000`).
fn parse<'a>(words: &'a [Word], syntax: &Syntax) -> Parsed<'a> {
    let mut parsed = Parsed { options: Vec::new(), operands: Vec::new() };
    let mut rest = words.iter();
    while let Some(word) = rest.next() {
        let text = word.text.as_str();
        if text == "--" {
            parsed.operands.extend(rest.by_ref());
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            match long.split_once('=') {
                Some((name, value)) => {
                    parsed.options.push((format!("--{name}"), None, Some(value.to_string())));
                }
                None if syntax.with_value.contains(&text) => {
                    parsed.options.push((text.to_string(), rest.next(), None));
                }
                None => parsed.options.push((text.to_string(), None, None)),
            }
        } else if text.len() > 1 && text.starts_with('-') {
            for (i, letter) in text.char_indices().skip(1) {
                let name = format!("-{letter}");
                if !syntax.with_value.contains(&name.as_str()) {
                    parsed.options.push((name, None, None));
                    continue;
                }
                let attached = &text[i + letter.len_utf8()..];
                if attached.is_empty() {
                    parsed.options.push((name, rest.next(), None));
                } else {
                    parsed.options.push((name, None, Some(attached.to_string())));
                }
                break;
            }
        } else {
            parsed.operands.push(word);
        }
    }
    parsed
}

impl Accounts {
    /// Takes in one command of a script run in a stage of `family`.
    pub fn read(&mut self, command: &Command, family: Family) {
        let Some(name) = command.name() else { return };
        let words = &command.words[1..];
        let busybox = family == Family::Alpine;
        match name {
            "useradd" => self.user(&parse(words, &USERADD), &["-u", "--uid"], &["-g", "--gid"]),
            "adduser" if busybox => {
                let parsed = parse(words, &BUSYBOX_ADDUSER);
                self.user(&parsed, &["-u", "--uid"], &["-G", "--ingroup"]);
            }
            "adduser" => {
                let parsed = parse(words, &DEBIAN_ADDUSER);
                self.user(&parsed, &["--uid"], &["--gid", "--ingroup"]);
            }
            "groupadd" => self.group(&parse(words, &GROUPADD), &["-g", "--gid"]),
            "addgroup" if busybox => {
                self.group(&parse(words, &BUSYBOX_ADDGROUP), &["-g", "--gid"]);
            }
            "addgroup" => self.group(&parse(words, &DEBIAN_ADDUSER), &["--gid"]),
            _ => {}
        }
    }

    fn user(&mut self, parsed: &Parsed<'_>, uid: &[&str], group: &[&str]) {
        // With a second operand, `adduser USER GROUP` adds a user to a group.
        let [name] = parsed.operands[..] else { return };
        if name.text.contains('$') {
            self.variable_name = true;
            return;
        }
        let uid = parsed.value(uid).and_then(|id| id.parse().ok());
        // A second root is no user to switch to.
        if uid == Some(0) || name.text == "root" {
            return;
        }
        // The primary group is named or numbered; a name counts when a script gave its gid.
        let gid = parsed.value(group).and_then(|group| match group.parse::<u32>() {
            Ok(gid) => Some(gid),
            Err(_) => self.groups.get(&group).copied().flatten(),
        });
        self.variable_name = false;
        self.last_user = Some(CreatedUser { name: name.text.clone(), uid, gid });
    }

    fn group(&mut self, parsed: &Parsed<'_>, gid: &[&str]) {
        // BusyBox's `addgroup USER GROUP` adds a user to a group.
        let [name] = parsed.operands[..] else { return };
        let gid = parsed.value(gid).and_then(|id| id.parse().ok());
        self.groups.insert(name.text.clone(), gid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::commands;

    fn read(script: &str, family: Family) -> Accounts {
        let mut accounts = Accounts::default();
        for command in commands(script) {
            accounts.read(&command, family);
        }
        accounts
    }

    fn user(name: &str, uid: Option<u32>, gid: Option<u32>) -> Option<CreatedUser> {
        Some(CreatedUser { name: name.to_string(), uid, gid })
    }

    #[test]
    fn busybox_reads_g_as_the_comment_and_capital_g_as_the_group() {
        let found = read(
            "addgroup -S -g 1500 web && adduser -S -D -H -g 'Web user' -u 1501 -G web www",
            Family::Alpine,
        );
        assert_eq!(found.last_user, user("www", Some(1501), Some(1500)));
        // Bundled flags, and a value attached to its option.
        let found = read("addgroup -g2000 -S svc; adduser -DSu 2001 -G svc svc", Family::Alpine);
        assert_eq!(found.last_user, user("svc", Some(2001), Some(2000)));
        // `addgroup USER GROUP` and `adduser USER GROUP` create nothing.
        let found =
            read("adduser -D app && addgroup app wheel && adduser app audio", Family::Alpine);
        assert_eq!(found.last_user, user("app", None, None));
        assert_eq!(found.groups.get("wheel"), None);
        // BusyBox takes Debian's long options too.
        let found = read(
            "addgroup --gid 40 docker && \
             adduser -S --shell /bin/bash --ingroup docker --uid 41 dev",
            Family::Alpine,
        );
        assert_eq!(found.last_user, user("dev", Some(41), Some(40)));
    }

    #[test]
    fn useradd_reads_g_as_the_primary_group_and_capital_g_as_others() {
        let found = read(
            "groupadd --system --gid=900 svc && useradd -r -u 901 -g svc -G audio,video -m svc",
            Family::Debian,
        );
        assert_eq!(found.last_user, user("svc", Some(901), Some(900)));
        let found = read("useradd --uid 1000 --gid 1000 --shell /bin/bash dev", Family::Rhel);
        assert_eq!(found.last_user, user("dev", Some(1000), Some(1000)));
        // A group created without a gid leaves it unknown, and so does no group at all.
        let found = read("groupadd web && useradd -u 33 -g web web", Family::Debian);
        assert_eq!(found.last_user, user("web", Some(33), None));
        let found = read("/usr/sbin/useradd -ms /bin/sh plain", Family::Debian);
        assert_eq!(found.last_user, user("plain", None, None));
        assert_eq!(found.last_user.unwrap().spec(), "plain");
    }

    #[test]
    fn debian_adduser_takes_long_options() {
        let found = read(
            "addgroup --system --gid 120 app && \
             adduser --system --disabled-password --uid 121 --ingroup app --home /srv app",
            Family::Debian,
        );
        assert_eq!(found.last_user, user("app", Some(121), Some(120)));
        assert_eq!(found.last_user.unwrap().spec(), "121:120");
        let found = read("adduser --gid 5 --uid 6 --gecos '' --disabled-login x", Family::Debian);
        assert_eq!(found.last_user, user("x", Some(6), Some(5)));
    }

    #[test]
    fn the_last_user_counts_and_variables_are_noticed() {
        let found = read("useradd -u 1 a; useradd -u 2 b", Family::Debian);
        assert_eq!(found.last_user, user("b", Some(2), None));
        assert_eq!(found.last_user.unwrap().spec(), "2");
        let found = read("useradd -u 1 a; useradd \"$APP_USER\"", Family::Debian);
        assert!(found.variable_name);
        let found = read("useradd -u 5 five && useradd -o -u 0 toor", Family::Debian);
        assert_eq!(found.last_user, user("five", Some(5), None));
        let found = read("sudo useradd -u 7 -- -odd", Family::Debian);
        assert_eq!(found.last_user, user("-odd", Some(7), None));
    }
}
