//! `apt-get install` without `--no-install-recommends`.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::semantics::{Manager, PackageCommand};

use super::Context;

pub(crate) const NAME: &str = "apt-no-install-recommends";

pub(crate) const DOC: &str = r#"## What it does
Finds `apt-get install` in `RUN` scripts without `--no-install-recommends`, and adds it after
the options that follow `install`.

## Why
By default apt-get also installs the packages each requested package recommends: manual pages,
helpers, whole toolchains that the image never uses. They make the image larger and give it
more to patch. Naming what the image needs and leaving recommendations out keeps it lean.

## Example
```dockerfile
FROM debian:12
RUN apt-get install -y curl
```
becomes
```dockerfile
FROM debian:12
RUN apt-get install -y --no-install-recommends curl
```

## Fix safety
Unsafe: the image gets fewer packages, and a program may have relied on one that was only
recommended (`curl` recommends `ca-certificates`, without which HTTPS fails). Add what is
missing to the package list after applying it.

## Known problems
`--install-recommends`, `-o APT::Install-Recommends=false` (or `0`, `no`, `off`) and any other
explicit choice is left alone. A setting in a file under `/etc/apt/apt.conf.d` is not read, so
the fix may add an option that was already in effect. Commands hidden in a string
(`sh -c "apt-get install x"`) or exec-form `RUN` are not read.
"#;

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        for (script, package) in ctx.package_commands(&instruction) {
            if package.manager != Manager::AptGet || package.command.opaque {
                continue;
            }
            let Some(sub) = package.subcommand else { continue };
            if package.words()[sub].text != "install" || chooses_recommends(&package) {
                continue;
            }
            let words = package.words();

            // After the options right behind `install`, so that `install -y curl` reads
            // `install -y --no-install-recommends curl`.
            let after = (sub + 1..words.len())
                .take_while(|i| !package.operands.contains(i))
                .last()
                .unwrap_or(sub);
            let end = words[after].range.end;
            diagnostics.push(Diagnostic {
                rule: NAME,
                message: "`apt-get install` without `--no-install-recommends` also installs \
                          the packages recommended by those named; add \
                          `--no-install-recommends`"
                    .to_string(),
                range: script.range_to_file(words[package.name].range.start, words[sub].range.end),
                fix: Some(Fix {
                    edits: vec![Edit::insert(script.to_file(end), " --no-install-recommends")],
                    applicability: Applicability::Unsafe,
                }),
            });
        }
    }
}

/// Whether the options already say whether recommended packages are installed.
fn chooses_recommends(package: &PackageCommand) -> bool {
    let words = package.words();
    package.options.iter().any(|&i| {
        let option = words[i].text.as_str();
        let setting = match option {
            "-o" | "--option" => words.get(i + 1).map(|w| w.text.as_str()),
            _ => option.strip_prefix("--option=").or(option.strip_prefix("-o")),
        };
        let key = setting.and_then(|s| s.trim_start_matches('=').split_once('=')).map(|kv| kv.0);
        option == "--no-install-recommends"
            || option.split('=').next() == Some("--install-recommends")
            || key.is_some_and(|k| k.eq_ignore_ascii_case("APT::Install-Recommends"))
    })
}
