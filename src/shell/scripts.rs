//! The shell scripts a `RUN` hands to the shell: its shell-form text, and heredoc bodies that
//! are scripts rather than file contents or another program's input.

use rowan::{TextRange, TextSize};

use crate::diagnostic::Edit;
use crate::shell::{Command, SeparatorKind};
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

    /// The `sudo` that `command` runs through, with its options (`sudo -u node `), so that a
    /// command added after it runs as the same user; empty without one.
    pub fn sudo_prefix(&self, command: &Command) -> String {
        let Some(first) = command.words.first() else { return String::new() };
        let prefix = &self.text[command.range.start..first.range.start];
        let mut words = prefix.split_whitespace();
        if !words.any(|w| w.rsplit('/').next() == Some("sudo")) {
            return String::new();
        }
        std::iter::once("sudo").chain(words).map(|w| format!("{w} ")).collect()
    }

    /// Whether the script is a heredoc body rather than shell-form text.
    pub fn is_heredoc(&self) -> bool {
        matches!(self.origin, Origin::Verbatim(_))
    }

    /// Edits that delete script text `start..end`, keeping any line continuation or comment
    /// line in between where it is.
    pub fn delete(&self, start: usize, end: usize) -> Vec<Edit> {
        match &self.origin {
            Origin::Logical(logical) => {
                logical.ranges_to_file(start, end).into_iter().map(Edit::delete).collect()
            }
            Origin::Verbatim(_) => vec![Edit::delete(self.range_to_file(start, end))],
        }
    }

    /// Whether the script ends with a command, so that another can be chained after it: no
    /// trailing operator, or text the reader could not follow.
    pub fn ends_with_command(&self) -> bool {
        self.append_point().is_some()
    }

    /// Where a command chained after the script goes: after its last command, or after the
    /// compound commands that close around it, and before a trailing comment.
    fn append_point(&self) -> Option<usize> {
        let commands = crate::shell::commands(&self.text);
        let last = commands.last()?;
        if commands.iter().any(|c| c.opaque) {
            return None;
        }
        let rest = &self.text[last.range.end..];
        let plain = last.separator.as_ref().is_none_or(|s| s.kind == SeparatorKind::Newline);
        if rest.trim().is_empty() && plain {
            return Some(last.range.end);
        }
        // A comment runs to the end of the script: the command goes before it.
        if rest.trim_start().starts_with('#') && last.separator.is_none() {
            return Some(last.range.end);
        }
        closes_compound(rest).then(|| self.text.trim_end().len())
    }
}

/// Whether text after a script's last simple command only closes compound commands
/// (`; fi`, `; done`, `esac`, `}`, `)`), so that `&& next` may follow it.
fn closes_compound(rest: &str) -> bool {
    let words: Vec<&str> = rest.split(|c: char| c.is_whitespace() || c == ';').collect();
    let words: Vec<&str> = words.into_iter().filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.iter().all(|w| matches!(*w, "fi" | "done" | "esac" | "}" | ")" | "))"))
}

/// Where a cleanup is missing: the index of the last command that `installs`, when no command
/// after it `cleans`.
pub fn uncleaned_install<S>(
    commands: &[(S, Command)],
    installs: impl Fn(&Command) -> bool,
    cleans: impl Fn(&Command) -> bool,
) -> Option<usize> {
    let last = commands.iter().rposition(|(_, c)| installs(c))?;
    (!commands[last + 1..].iter().any(|(_, c)| cleans(c))).then_some(last)
}

/// An edit that runs `command` after everything else a `RUN` does, in the author's layout: a
/// new line in a heredoc script; in shell form, ` && command` on a one-line `RUN`, or a new
/// continuation line with the indentation and `&&` placement the `RUN` already uses.
/// `None` when the script does not end in a way a command can follow.
pub fn append_to_run(source: &str, instruction: &Instruction, command: &str) -> Option<Edit> {
    let scripts = run_scripts(instruction);
    if let Some(heredoc) = scripts.iter().find(|s| s.is_heredoc()) {
        return append_to_heredoc(heredoc, command);
    }
    let script = scripts.first()?;
    if !script.ends_with_command() {
        return None;
    }
    let run = match instruction.kind() {
        ONBUILD_INSTR => instruction.onbuild_inner()?,
        _ => instruction.clone(),
    };
    let form = run.shell_form()?;
    let end = script.to_file(script.append_point()?);
    let continuation = form
        .syntax()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| t.kind() == LINE_CONTINUATION)
        .last();
    let Some(continuation) = continuation else {
        return Some(Edit::insert(end, format!(" && {command}")));
    };
    let escape = continuation.text().chars().next()?;
    let newline = continuation.next_token().filter(|t| t.kind() == NEWLINE)?;

    // The line the last command starts on shows the layout: `    && cmd` (the `&&` leads) or
    // `    cmd` after a line ending in `&& \`. A command that starts mid-line (on the RUN line,
    // after a `;`) leaves the last line to show it.
    let line_before = |offset: usize| {
        let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        &source[start..offset]
    };
    let commands = crate::shell::commands(&script.text);
    let last_start = usize::from(script.to_file(commands.last()?.range.start));
    let prefix = line_before(last_start);
    let layout = if prefix.trim_start().starts_with("&&") && prefix.trim() == "&&" {
        Some((true, &prefix[..prefix.len() - prefix.trim_start().len()]))
    } else if prefix.trim().is_empty() {
        Some((false, prefix))
    } else {
        None
    };
    let (leading, indent) = layout.unwrap_or_else(|| {
        let line = line_before(usize::from(end));
        let indent = &line[..line.len() - line.trim_start().len()];
        (line.trim_start().starts_with("&&"), indent)
    });
    let text = if leading {
        format!(" {escape}{}{indent}&& {command}", newline.text())
    } else {
        format!(" && {escape}{}{indent}{command}", newline.text())
    };
    Some(Edit::insert(end, text))
}

/// A new last line in a heredoc script, indented like the line before it.
fn append_to_heredoc(script: &Script, command: &str) -> Option<Edit> {
    let body = script.text.as_str();
    let content = body.trim_end_matches(['\r', '\n']);
    let ending = &body[content.len()..];
    if content.trim_end().ends_with('\\') || ending.is_empty() {
        return None;
    }
    let last_line = content.rsplit('\n').next().unwrap_or(content);
    let indent = &last_line[..last_line.len() - last_line.trim_start().len()];
    let newline = if ending.starts_with("\r\n") { "\r\n" } else { "\n" };
    Some(Edit::insert(script.to_file(body.len()), format!("{indent}{command}{newline}")))
}

/// Shells whose standard input, or a heredoc run directly, is a script of the same language.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"];

/// The scripts of a `RUN` (or of the `RUN` an `ONBUILD` wraps); none for exec form, or when the
/// `SHELL` in effect in its stage is not a POSIX shell.
pub fn run_scripts(instruction: &Instruction) -> Vec<Script> {
    run_scripts_in(instruction, runs_in_posix_shell(instruction))
}

/// [`run_scripts`] for a caller that knows whether the instruction runs in a POSIX shell: none
/// when `posix` is false.
pub fn run_scripts_in(instruction: &Instruction, posix: bool) -> Vec<Script> {
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
    if !posix {
        return Vec::new();
    }
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

/// Whether the `SHELL` in effect for `instruction` (the last one before it in its stage) is a
/// POSIX shell. PowerShell, `cmd` or Python scripts are not read as `sh`. This walks back
/// through the stage, so the rules, which read every `RUN`, use the table their context keeps
/// instead, which also sees a `SHELL` set in a parent stage.
fn runs_in_posix_shell(instruction: &Instruction) -> bool {
    let mut previous = instruction.syntax().prev_sibling();
    while let Some(node) = previous {
        match node.kind() {
            FROM_INSTR => return true,
            SHELL_INSTR => {
                return Instruction::cast(node).is_none_or(|shell| is_posix_shell(&shell));
            }
            _ => previous = node.prev_sibling(),
        }
    }
    true
}

/// Whether a `SHELL` instruction sets a POSIX shell; one that cannot be read counts as one, as
/// BuildKit would reject it anyway.
pub fn is_posix_shell(shell: &Instruction) -> bool {
    let Some(form) = shell.exec_form() else { return true };
    let strings = form.strings();
    let Some(program) = strings.first() else { return true };
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    SHELLS.contains(&name.trim_end_matches(".exe"))
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

#[cfg(test)]
mod append_tests {
    use super::*;
    use crate::fix::apply_edits;
    use crate::syntax;

    fn append(source: &str) -> Option<String> {
        let parse = syntax::parse(source);
        let run = parse.tree().instructions().find(|i| i.kind() == RUN_INSTR)?;
        let edit = append_to_run(source, &run, "rm -rf /var/lib/apt/lists/*")?;
        Some(apply_edits(source, &[edit]))
    }

    #[test]
    fn one_line_run_gets_an_and_list() {
        assert_eq!(
            append("RUN apt-get update && apt-get install -y curl\n").as_deref(),
            Some("RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")
        );
    }

    #[test]
    fn continued_runs_keep_their_layout() {
        let leading = "RUN apt-get update \\\n    && apt-get install -y curl\n";
        assert_eq!(
            append(leading).as_deref(),
            Some(
                "RUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n"
            )
        );
        let trailing = "RUN apt-get update && \\\r\n\tapt-get install -y curl\r\n";
        assert_eq!(
            append(trailing).as_deref(),
            Some(
                "RUN apt-get update && \\\r\n\tapt-get install -y curl && \\\r\n\trm -rf /var/lib/apt/lists/*\r\n"
            )
        );
        let backtick = "# escape=`\nRUN apt-get update; `\n  apt-get install -y curl\n";
        assert_eq!(
            append(backtick).as_deref(),
            Some(
                "# escape=`\nRUN apt-get update; `\n  apt-get install -y curl && `\n  rm -rf /var/lib/apt/lists/*\n"
            )
        );
    }

    #[test]
    fn the_layout_comes_from_the_line_the_last_command_starts_on() {
        let leading =
            "RUN apt-get update \\\n    && apt-get install -y \\\n       curl \\\n       git\n";
        assert_eq!(
            append(leading).as_deref(),
            Some(
                "RUN apt-get update \\\n    && apt-get install -y \\\n       curl \\\n       git \\\n    && rm -rf /var/lib/apt/lists/*\n"
            )
        );
        let trailing = "RUN apt-get update && \\\n  apt-get install -y \\\n    curl\n";
        assert_eq!(
            append(trailing).as_deref(),
            Some(
                "RUN apt-get update && \\\n  apt-get install -y \\\n    curl && \\\n  rm -rf /var/lib/apt/lists/*\n"
            )
        );
    }

    #[test]
    fn compound_commands_can_be_followed() {
        assert_eq!(
            append("RUN if true; then apt-get install -y x; fi\n").as_deref(),
            Some("RUN if true; then apt-get install -y x; fi && rm -rf /var/lib/apt/lists/*\n")
        );
        assert_eq!(append("RUN for p in a b; do apt-get install -y $p; done &\n"), None);
    }

    #[test]
    fn heredoc_scripts_get_a_new_line() {
        assert_eq!(
            append("RUN <<EOF\n  apt-get update\n  apt-get install -y curl\nEOF\n").as_deref(),
            Some(
                "RUN <<EOF\n  apt-get update\n  apt-get install -y curl\n  rm -rf /var/lib/apt/lists/*\nEOF\n"
            )
        );
    }

    #[test]
    fn scripts_under_a_non_posix_shell_are_not_read() {
        let source = "FROM alpine\nSHELL [\"pwsh\", \"-Command\"]\nRUN apk add x\n";
        let parse = syntax::parse(source);
        let run = parse.tree().instructions().find(|i| i.kind() == RUN_INSTR).unwrap();
        assert!(run_scripts(&run).is_empty());
        let source =
            "FROM alpine\nSHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\nRUN apk add x\n";
        let parse = syntax::parse(source);
        let run = parse.tree().instructions().find(|i| i.kind() == RUN_INSTR).unwrap();
        assert_eq!(run_scripts(&run).len(), 1);
    }

    #[test]
    fn scripts_that_do_not_end_in_a_command_are_left_alone() {
        assert_eq!(append("RUN apt-get install -y curl;\n"), None);
        assert_eq!(
            append("RUN apt-get install -y curl # done\n").as_deref(),
            Some("RUN apt-get install -y curl && rm -rf /var/lib/apt/lists/* # done\n")
        );
        assert_eq!(append("RUN apt-get install -y curl &\n"), None);
        assert_eq!(append("RUN [\"apt-get\", \"install\"]\n"), None);
    }
}
