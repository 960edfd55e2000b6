//! `apt`, the interactive front end, run from a `RUN` script instead of `apt-get`.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::Manager;

use super::Context;

pub(crate) const NAME: &str = "apt-in-scripts";

pub(crate) const DOC: &str = r#"## What it does
Finds `apt` commands in `RUN` scripts. `apt install`, `update`, `remove`, `purge`, `autoremove`
and `clean` become the same `apt-get` command; the other subcommands are reported with what to
use instead.

## Why
`apt` is made for people at a terminal: its output and behaviour may change between releases,
and it warns that it "does not have a stable CLI interface" every time a script runs it.
`apt-get` (and `apt-cache` for queries) is the interface meant for scripts, and other checks
(`-y`, `--no-install-recommends`, cleaning the lists) know its options.

## Example
```dockerfile
FROM ubuntu:24.04
RUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```
becomes
```dockerfile
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## Fix safety
Safe: the six subcommands it rewrites take the same arguments and do the same work in both
programs.

## Known problems
`apt upgrade` installs new dependencies where `apt-get upgrade` holds back, and `apt
full-upgrade` is `apt-get dist-upgrade`; these, and queries such as `apt list` or `apt show`,
are reported without a fix. `apt` does not keep downloaded packages in `/var/cache/apt/archives`
and `apt-get` does, unless the image removes them (Debian and Ubuntu images do, with
`/etc/apt/apt.conf.d/docker-clean`). A file that mentions `Binary::apt::` settings, which only
`apt` reads, gets no fix; such settings in a file copied from the build context are not seen. Commands hidden in a string (`sh -c "apt install x"`) or
exec-form `RUN` are not read.
"#;

/// The prefix of apt settings that only the `apt` program reads.
const APT_ONLY_SETTINGS: &str = "Binary::apt::";

/// The subcommands that `apt-get` runs the same way.
const SAME_IN_APT_GET: &[&str] = &["install", "update", "remove", "purge", "autoremove", "clean"];

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    // apt reads `Binary::apt::` settings that apt-get does not; a file that writes them relies
    // on the difference.
    let apt_only_settings = ctx.source.contains(APT_ONLY_SETTINGS);
    for instruction in ctx.parse.tree().instructions() {
        for (script, package) in ctx.package_commands(&instruction) {
            if package.manager != Manager::Apt || package.command.opaque {
                continue;
            }
            let name = &package.words()[package.name];
            let end = package.subcommand_word().map_or(name.range.end, |w| w.range.end);
            let range = script.range_to_file(name.range.start, end);
            let sub = package.subcommand_text().unwrap_or("");

            // Only the subcommands apt-get runs the same way are rewritten, one word each.
            let same = SAME_IN_APT_GET.contains(&sub);
            let fix = (same && !name.quoted && !apt_only_settings).then(|| Fix {
                edits: vec![Edit::insert(script.to_file(name.range.end), "-get")],
                applicability: Applicability::Safe,
            });
            let instead = match (same, apt_only_settings) {
                (true, false) => format!("use `apt-get {sub}`"),
                (true, true) => format!(
                    "use `apt-get {sub}` (not rewritten: the file writes `{APT_ONLY_SETTINGS}` \
                     settings, which apt-get does not read)"
                ),
                (false, _) => instead(sub),
            };
            diagnostics.push(Diagnostic {
                rule: NAME,
                message: format!(
                    "`apt` is meant for terminals and has no stable interface for scripts; \
                     {instead}"
                ),
                range,
                fix,
            });
        }
    }
}

/// What to run instead of `apt <sub>` when apt-get's command of the same name differs or is
/// not known to be the same.
fn instead(sub: &str) -> String {
    match sub {
        "upgrade" => "use `apt-get upgrade --with-new-pkgs`, which also installs new \
                      dependencies as `apt upgrade` does"
            .to_string(),
        "full-upgrade" => "use `apt-get dist-upgrade`".to_string(),
        "list" => "use `dpkg-query --list` or `apt-cache policy`".to_string(),
        "search" | "show" | "policy" | "depends" | "rdepends" | "showsrc" => {
            format!("use `apt-cache {sub}`")
        }
        "" => "use `apt-get` or `apt-cache`".to_string(),
        _ => format!("use the `apt-get` or `apt-cache` command for `{sub}`"),
    }
}
