//! `AS` in `FROM image AS name` written in another case than `FROM`.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::syntax::SyntaxKind::*;

use super::Context;

pub(crate) const NAME: &str = "from-as-casing";

pub(crate) const DOC: &str = r#"## What it does
Finds a `FROM` whose `AS` keyword is not in the case of the `FROM` keyword: `FROM image as
name` or `from image AS name`, and writes `AS` in the case of `FROM`.

## Why
Instruction keywords are case-insensitive, but a file reads best when it keeps to one case.
BuildKit's `FromAsCasing` check warns about the mismatch on every build.

## Example
```dockerfile
FROM golang:1.23 as build
RUN go build -o /app .
from alpine:3.21 AS run
```
becomes
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /app .
from alpine:3.21 as run
```

## Fix safety
Safe: BuildKit reads `AS` in any case; only its spelling changes.

## Known problems
As in BuildKit, a `FROM` keyword in mixed case (`From`) sets no case to follow, and is left
alone.
"#;

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for from in ctx.parse.tree().instructions().filter(|i| i.kind() == FROM_INSTR) {
        let Some(keyword) = from.keyword_token() else { continue };
        let as_kw = from
            .syntax()
            .children_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| t.kind() == AS_KW);
        let Some(as_kw) = as_kw else { continue };

        // BuildKit compares with the keyword's own case; a mixed-case keyword sets none.
        let keyword = keyword.text();
        let wanted = if keyword == keyword.to_lowercase() {
            as_kw.text().to_lowercase()
        } else if keyword == keyword.to_uppercase() {
            as_kw.text().to_uppercase()
        } else {
            continue;
        };
        if wanted == as_kw.text() {
            continue;
        }
        diagnostics.push(Diagnostic {
            rule: NAME,
            message: format!(
                "`{}` does not match the case of `{keyword}`; write `{wanted}`",
                as_kw.text()
            ),
            range: as_kw.text_range(),
            fix: Some(Fix {
                edits: vec![Edit::replace(as_kw.text_range(), wanted)],
                applicability: Applicability::Safe,
            }),
        });
    }
}
