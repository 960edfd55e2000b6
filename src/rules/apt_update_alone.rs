//! `apt-get update` in a `RUN` of its own, with the install in a later `RUN`.

use crate::diagnostic::Diagnostic;

use super::Context;
use super::apt_lists_cleanup::{ListUse, list_steps, read_later};

pub(crate) const NAME: &str = "apt-update-alone";

pub(crate) const DOC: &str = r#"## What it does
Finds a `RUN` that runs `apt-get update` (or `apt update`) but installs nothing, when a later
`RUN` of the same stage, or of a stage built on it, installs packages without updating first.
It reports the update; there is no fix.

## Why
Each `RUN` is a cached layer. When the install line changes, the builder reruns the install
but reuses the update layer from the cache, however old it is: apt-get then asks the mirror for
package versions it no longer has, and the build fails with 404 errors or installs outdated
packages. An update in the same `RUN` as the install is redone whenever the install is.

## Example
```dockerfile
FROM debian:12
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl
```
is reported; written with the update in the install's `RUN`, it is not:
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix safety
There is no fix: joining the two `RUN`s means moving the instructions between them, which may
depend on the update.

## Known problems
Commands hidden in a string (`sh -c "apt-get update"`) or exec-form `RUN` are not read.
"#;

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let semantics = &ctx.semantics;
    for stage in &semantics.stages {
        for (n, instruction) in stage.instructions.iter().enumerate() {
            let steps = list_steps(ctx, instruction);
            let Some(update) = steps.iter().find(|s| s.kind == ListUse::Update) else {
                continue;
            };
            if steps.iter().any(|s| s.kind == ListUse::Install) {
                continue;
            }
            if !read_later(ctx, stage, n, &[ListUse::Install]) {
                continue;
            }
            diagnostics.push(Diagnostic {
                rule: NAME,
                message: format!(
                    "`{} update` in a `RUN` without an install: when a later install changes, \
                     it reuses this cached layer and its stale package lists; update in the \
                     install's `RUN`",
                    update.program
                ),
                range: update.range,
                fix: None,
            });
        }
    }
}
