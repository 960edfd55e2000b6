//! The shell scripts a `RUN` hands to the shell: its shell-form text, and heredoc bodies that
//! are scripts rather than file contents or another program's input.

use rowan::{TextRange, TextSize};

use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::{Instruction, LogicalText};

/// A script and the way back from its offsets to the file.
#[derive(Debug, Clone)]
pub struct Script {
    pub text: String,
    origin: Origin,
}

#[derive(Debug, Clone)]
enum Origin {
    /// Shell form, read from the logical line.
    Logical(LogicalText),
    /// A heredoc body, which stands in the file as it is, from this offset.
    Verbatim(TextSize),
}

impl Script {
    /// The file offset of script offset `offset`.
    pub fn to_file(&self, offset: usize) -> TextSize {
        match &self.origin {
            Origin::Logical(logical) => logical.to_file(offset),
            Origin::Verbatim(start) => *start + TextSize::from(offset as u32),
        }
    }

    pub fn range_to_file(&self, start: usize, end: usize) -> TextRange {
        TextRange::new(self.to_file(start), self.to_file(end).max(self.to_file(start)))
    }
}

/// Shells whose standard input, or a heredoc run directly, is a script of the same language.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"];

/// The scripts of a `RUN` (or of the `RUN` an `ONBUILD` wraps); none for exec form.
pub fn run_scripts(instruction: &Instruction) -> Vec<Script> {
    let run = match instruction.kind() {
        RUN_INSTR => instruction.clone(),
        ONBUILD_INSTR => match instruction.onbuild_inner() {
            Some(inner) if inner.kind() == RUN_INSTR => inner,
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    let Some(shell_form) = run.shell_form() else {
        return Vec::new();
    };
    let logical = shell_form.logical_text();
    let mut scripts = Vec::new();
    let heredocs: Vec<_> = instruction.heredocs().collect();
    if heredocs.len() == 1 && runs_heredoc_as_script(&logical.text) {
        if let Some(body) = heredocs[0].body_token() {
            if shebang_is_shell(body.text()) {
                scripts.push(Script {
                    text: body.text().to_string(),
                    origin: Origin::Verbatim(body.text_range().start()),
                });
            }
        }
    }
    scripts.insert(0, Script { text: logical.text.clone(), origin: Origin::Logical(logical) });
    scripts
}

/// Whether a shell form made of a heredoc marker runs the heredoc body as a shell script:
/// `<<EOF` alone, or a shell reading it (`bash <<EOF`, `sh -ex <<EOF`).
fn runs_heredoc_as_script(shell_form: &str) -> bool {
    let mut words = Vec::new();
    let mut markers = 0;
    let mut iter = shell_form.split_ascii_whitespace().peekable();
    while let Some(word) = iter.next() {
        let after_digits = word.trim_start_matches(|c: char| c.is_ascii_digit());
        if let Some(rest) = after_digits.strip_prefix("<<") {
            markers += 1;
            if rest.is_empty() || rest == "-" {
                iter.next();
            }
            continue;
        }
        words.push(word);
    }
    if markers != 1 {
        return false;
    }
    let Some((first, options)) = words.split_first() else {
        return true;
    };
    let name = first.rsplit('/').next().unwrap_or(first);
    let mut expect_value = false;
    SHELLS.contains(&name)
        && options.iter().all(|option| {
            let ok = expect_value || option.starts_with('-') || option.starts_with('+');
            expect_value = *option == "-o" || *option == "+o";
            ok
        })
}

/// A body with no `#!` line runs in the shell; one with a `#!` line runs in what it names.
fn shebang_is_shell(body: &str) -> bool {
    let Some(line) = body.lines().next().and_then(|l| l.strip_prefix("#!")) else {
        return true;
    };
    let mut words = line.split_ascii_whitespace();
    let Some(program) = words.next() else {
        return true;
    };
    let mut name = program.rsplit('/').next().unwrap_or(program);
    if name == "env" {
        name = words.find(|w| !w.starts_with('-')).unwrap_or("");
    }
    SHELLS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredoc_scripts() {
        assert!(runs_heredoc_as_script("<<EOF"));
        assert!(runs_heredoc_as_script("<<-'EOF'"));
        assert!(runs_heredoc_as_script("bash -ex <<EOF"));
        assert!(runs_heredoc_as_script("/bin/sh -o pipefail <<EOF"));
        assert!(runs_heredoc_as_script("sh << EOF"));
        assert!(!runs_heredoc_as_script("cat <<EOF > /etc/motd"));
        assert!(!runs_heredoc_as_script("python3 <<EOF"));
        assert!(!runs_heredoc_as_script("<<A <<B"));
    }

    #[test]
    fn shebangs() {
        assert!(shebang_is_shell("apk add x\n"));
        assert!(shebang_is_shell("#!/bin/sh\napk add x\n"));
        assert!(shebang_is_shell("#!/usr/bin/env bash\n"));
        assert!(!shebang_is_shell("#!/usr/bin/env python3\nprint(1)\n"));
    }
}
