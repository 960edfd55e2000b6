//! `ADD` used where `COPY` does the job.

use std::io::Read;
use std::path::{Component, Path};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::{Instruction, LogicalText};

use super::Context;

pub(crate) const NAME: &str = "add-instead-of-copy";

pub(crate) const DOC: &str = r#"## What it does
Finds `ADD` instructions whose sources are local files, folders or heredocs, and turns the
`ADD` into `COPY`.

## Why
`ADD` does more than copy: it fetches URLs and git repositories and unpacks local tar archives.
When none of that is meant, `COPY` says what happens and cannot surprise: a file that happens
to be a tar archive is copied, not unpacked. Docker's best practices and hadolint (DL3020)
recommend `COPY` for files and folders.

## Example
```dockerfile
FROM alpine:3.21
ADD --chown=app:app config/ /etc/app/
```
becomes
```dockerfile
FROM alpine:3.21
COPY --chown=app:app config/ /etc/app/
```

## Fix safety
Safe when every source is a heredoc, or a folder or a file of the build context that is no
archive by its content; dockfix takes the configured build context (`[[contexts]]` in
`dockfix.toml`, or `--context`), else the Dockerfile's folder. Unsafe
otherwise: `ADD` unpacks any local source that is a tar archive, compressed or not, whatever
its name, and a source that is missing, named with wildcards or quotes, or read from standard
input cannot be looked at.

## Known problems
A build run with another context than the Dockerfile's folder (`docker build -f`) that is not
configured has its sources elsewhere; dockfix then looks at the wrong files, or at none. `ADD` with a URL or git
source, or with `--checksum`, `--keep-git-dir` or `--unpack`, is left alone: `COPY` cannot do
that. When every source is named like an archive (`.tar`, `.tgz`, `.gz`, `.xz`, ...) the
unpacking is taken as intended and nothing is reported; a mix of archive names and other
sources, a source built from variables, and a flag `COPY` does not take are reported without a
fix.
"#;

/// Flags that `COPY` takes as `ADD` does.
const SHARED_FLAGS: &[&str] = &["chown", "chmod", "link", "exclude"];

/// Flags only `ADD` has: the author wants what `ADD` does.
const ADD_ONLY_FLAGS: &[&str] = &["checksum", "keep-git-dir", "unpack"];

/// Names of the archives `ADD` unpacks, as hadolint lists them, and zstd.
const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar", ".z", ".bz2", ".gz", ".lz", ".lzma", ".tz", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz", ".zst", ".tzst",
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// A URL or git repository, which only `ADD` fetches.
    Remote,
    /// A body given inline.
    Heredoc,
    /// A local path named like an archive.
    Archive,
    /// A path built from variables, which may expand to anything.
    Variable,
    /// A local path, as written.
    Local(String),
}

pub(crate) fn check(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in ctx.parse.tree().instructions() {
        let add = match instruction.kind() {
            ADD_INSTR => instruction,
            ONBUILD_INSTR => match instruction.onbuild_inner() {
                Some(inner) if inner.kind() == ADD_INSTR => inner,
                _ => continue,
            },
            _ => continue,
        };
        let Some(keyword) = add.keyword_token() else { continue };
        let flags: Vec<String> = add.flags().map(|f| f.name()).collect();
        if flags.iter().any(|f| ADD_ONLY_FLAGS.contains(&f.as_str())) {
            continue;
        }
        let sources = sources(&add);
        if sources.is_empty() || sources.contains(&Source::Remote) {
            continue;
        }
        if sources.iter().all(|s| *s == Source::Archive) {
            continue;
        }

        let why_not = if sources.contains(&Source::Archive) {
            Some("some sources are named like archives, which `ADD` unpacks")
        } else if sources.contains(&Source::Variable) {
            Some("a source built from variables may be a URL")
        } else if !flags.iter().all(|f| SHARED_FLAGS.contains(&f.as_str())) {
            Some("a flag is not one `COPY` takes")
        } else {
            None
        };
        let fix = match why_not {
            Some(_) => None,
            None => {
                let context = ctx.build_context();
                let applicability = if sources.iter().all(|s| never_unpacked(s, context)) {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                };
                let copy = same_case(keyword.text(), "copy");
                let edits = vec![Edit::replace(keyword.text_range(), copy)];
                Some(Fix { edits, applicability })
            }
        };
        let message = format!(
            "`{}` of local sources is better written as `COPY`, which does not unpack archives \
             or fetch URLs{}",
            keyword.text(),
            why_not.map(|reason| format!(" (no fix: {reason})")).unwrap_or_default()
        );
        diagnostics.push(Diagnostic { rule: NAME, message, range: keyword.text_range(), fix });
    }
}

/// The sources of an `ADD`: every argument but the destination.
fn sources(add: &Instruction) -> Vec<Source> {
    if let Some(exec) = add.exec_form() {
        let strings = exec.strings();
        let count = strings.len().saturating_sub(1);
        return strings[..count].iter().map(|s| classify(s)).collect();
    }
    let arguments: Vec<_> = add.syntax().children().filter(|n| n.kind() == ARGUMENT).collect();
    let count = arguments.len().saturating_sub(1);
    arguments[..count]
        .iter()
        .map(|argument| {
            let heredoc = argument.children_with_tokens().any(|e| e.kind() == HEREDOC_MARKER);
            if heredoc { Source::Heredoc } else { classify(&LogicalText::of(argument).text) }
        })
        .collect()
}

fn classify(source: &str) -> Source {
    let path = source.trim_matches(|c| c == '"' || c == '\'');
    let lower = path.to_ascii_lowercase();
    if lower.contains("://")
        || lower.starts_with("git@")
        || lower.starts_with("github.com/")
        || lower.ends_with(".git")
        || lower.contains(".git#")
    {
        Source::Remote
    } else if path.contains('$') {
        Source::Variable
    } else if ARCHIVE_EXTENSIONS.iter().any(|ext| lower.ends_with(ext)) {
        Source::Archive
    } else {
        Source::Local(path.to_string())
    }
}

/// Whether `ADD` copies `source` as it is: a heredoc, or a folder or a file that is no archive
/// in the build `context`. A path with quotes, escapes or wildcards is not looked up.
fn never_unpacked(source: &Source, context: Option<&Path>) -> bool {
    let path = match source {
        Source::Heredoc => return true,
        Source::Local(path) => path,
        _ => return false,
    };
    let Some(context) = context else { return false };
    let plain = |c: char| !matches!(c, '"' | '\'' | '\\' | '`' | '*' | '?' | '[' | '$');
    let relative = Path::new(path.trim_start_matches('/'));
    if path.is_empty() || !path.chars().all(plain) {
        return false;
    }
    if relative.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return false;
    }
    let full = context.join(relative);
    match std::fs::metadata(&full) {
        Ok(meta) if meta.is_dir() => true,
        Ok(meta) if meta.is_file() => std::fs::File::open(&full)
            .and_then(|mut file| {
                let mut head = Vec::with_capacity(TAR_BLOCK);
                file.by_ref().take(TAR_BLOCK as u64).read_to_end(&mut head)?;
                Ok(!is_archive(&head))
            })
            .unwrap_or(false),
        _ => false,
    }
}

/// The size of a tar header block.
const TAR_BLOCK: usize = 512;

/// Whether a file starting with `head` is one `ADD` may unpack: compressed (gzip, bzip2, xz,
/// zstd), or a tar archive, whose first block is a header with a valid checksum.
fn is_archive(head: &[u8]) -> bool {
    const MAGICS: &[&[u8]] =
        &[b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd", b"\x5d\x00\x00"];
    if MAGICS.iter().any(|magic| head.starts_with(magic)) {
        return true;
    }
    if head.len() < TAR_BLOCK {
        return false;
    }
    // The checksum field (bytes 148 to 155) holds, in octal, the sum of the block's bytes with
    // the field itself counted as spaces.
    let field = &head[148..156];
    let digits: String = field
        .iter()
        .map(|&b| b as char)
        .skip_while(|c| *c == ' ')
        .take_while(|c| c.is_digit(8))
        .collect();
    let Ok(stored) = u32::from_str_radix(&digits, 8) else { return false };
    let sum: u32 = head[..TAR_BLOCK]
        .iter()
        .enumerate()
        .map(|(i, &b)| if (148..156).contains(&i) { u32::from(b' ') } else { u32::from(b) })
        .sum();
    stored == sum
}

/// `word` in the letter case of `like`: lower, capitalized, or upper.
fn same_case(like: &str, word: &str) -> String {
    let mut chars = like.chars();
    let first_upper = chars.next().is_some_and(|c| c.is_ascii_uppercase());
    let rest: String = chars.collect();
    if like == like.to_ascii_lowercase() {
        word.to_ascii_lowercase()
    } else if first_upper && rest == rest.to_ascii_lowercase() {
        let mut capitalized = word[..1].to_ascii_uppercase();
        capitalized.push_str(&word[1..].to_ascii_lowercase());
        capitalized
    } else {
        word.to_ascii_uppercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Settings, lint_at};

    #[test]
    fn sources_are_told_apart() {
        assert_eq!(classify("https://example.com/x.tar.gz"), Source::Remote);
        assert_eq!(classify("git@github.com:org/repo.git"), Source::Remote);
        assert_eq!(classify("\"vendor.tar.gz\""), Source::Archive);
        assert_eq!(classify("rootfs.TAR.XZ"), Source::Archive);
        assert_eq!(classify("${SRC}/app"), Source::Variable);
        assert_eq!(classify("./config"), Source::Local("./config".into()));
    }

    #[test]
    fn keywords_keep_their_case() {
        assert_eq!(same_case("ADD", "copy"), "COPY");
        assert_eq!(same_case("add", "copy"), "copy");
        assert_eq!(same_case("Add", "copy"), "Copy");
        assert_eq!(same_case("aDd", "copy"), "COPY");
    }

    /// `ADD` of each source, in a build context holding a file, a folder, and a tar archive and
    /// a gzip file named like text files.
    #[test]
    fn sources_in_the_context_are_looked_at() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("notes.txt"), "plain text\n").unwrap();
        std::fs::create_dir(root.join("config")).unwrap();
        let mut tar = vec![0u8; 1536];
        tar[..8].copy_from_slice(b"file.txt");
        tar[148..156].copy_from_slice(b"        ");
        let sum: u32 = tar[..512].iter().map(|&b| u32::from(b)).sum();
        tar[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        std::fs::write(root.join("tar-in-disguise.txt"), &tar).unwrap();
        std::fs::write(root.join("gzip-in-disguise.txt"), b"\x1f\x8b\x08\x00").unwrap();
        let dockerfile = root.join("Dockerfile");

        let applicability = |source: &str| {
            let text = format!("FROM alpine\nADD {source} /dst/\n");
            let settings = Settings { select: Some(vec![NAME.into()]), ..Settings::default() };
            let found = lint_at(&text, Some(&dockerfile), &settings);
            found[0].fix.as_ref().map(|f| f.applicability)
        };
        assert_eq!(applicability("notes.txt config/ /config"), Some(Applicability::Safe));
        assert_eq!(applicability("./notes.txt"), Some(Applicability::Safe));
        assert_eq!(applicability("tar-in-disguise.txt"), Some(Applicability::Unsafe));
        assert_eq!(applicability("gzip-in-disguise.txt"), Some(Applicability::Unsafe));
        assert_eq!(applicability("missing.txt"), Some(Applicability::Unsafe));
        assert_eq!(applicability("notes.*"), Some(Applicability::Unsafe));
        assert_eq!(applicability("../notes.txt"), Some(Applicability::Unsafe));

        // Without a file there is no context to look at; heredocs need none.
        let settings = Settings { select: Some(vec![NAME.into()]), ..Settings::default() };
        let found = lint_at("FROM alpine\nADD notes.txt /dst/\n", None, &settings);
        assert_eq!(found[0].fix.as_ref().map(|f| f.applicability), Some(Applicability::Unsafe));
        let found = lint_at("FROM alpine\nADD <<EOF /dst/\nhi\nEOF\n", None, &settings);
        assert_eq!(found[0].fix.as_ref().map(|f| f.applicability), Some(Applicability::Safe));
    }

    /// A configured build context is looked at instead of the Dockerfile's folder, also for
    /// text that is no file.
    #[test]
    fn a_configured_context_is_looked_at() {
        let dir = tempfile::tempdir().unwrap();
        let context = dir.path().join("context");
        std::fs::create_dir_all(context.join("config")).unwrap();
        std::fs::create_dir(dir.path().join("docker")).unwrap();
        let dockerfile = dir.path().join("docker/Dockerfile");
        let text = "FROM alpine\nADD config/ /etc/app/\n";
        let applicability = |path: Option<&Path>, settings: &Settings| {
            let found = lint_at(text, path, settings);
            found[0].fix.as_ref().map(|f| f.applicability)
        };

        let beside = Settings { select: Some(vec![NAME.into()]), ..Settings::default() };
        assert_eq!(applicability(Some(&dockerfile), &beside), Some(Applicability::Unsafe));
        let configured = Settings { context: Some(context.clone()), ..beside };
        assert_eq!(applicability(Some(&dockerfile), &configured), Some(Applicability::Safe));
        assert_eq!(applicability(None, &configured), Some(Applicability::Safe));
    }
}
