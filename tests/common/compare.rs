//! Comparing dockfix with the oracle, field by field, outside a short list of named exceptions.
//!
//! dockfix follows current BuildKit where it differs from the oracle's v0.12.5, and the oracle's
//! Python wrapper adds artefacts of its own (BUILDKIT-PARSER.md §0 and §10). Each such difference
//! is an [`Exception`] with a detector, so it applies only to the inputs it concerns. An exception
//! works in one of four ways: it rewrites dockfix's output (`env-label-triples`, the wrappers),
//! rewrites the oracle's input so that v0.12.5 reads it as current BuildKit does
//! (`check-directive`, `flags-use-escape`), rewrites one oracle instruction to the value current
//! BuildKit gives (`json-trailing-text`), or, where current BuildKit reads the rest of the file
//! differently in ways v0.12.5 cannot show, stops the comparison at the instruction concerned
//! (the heredoc exceptions).

use std::collections::{BTreeMap, BTreeSet};

use super::oracle::OracleParse;
use super::{DockfixError, DockfixReport, Instr, py_short as py};

/// A known, deliberate difference between dockfix and the oracle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Exception {
    EnvLabelTriples,
    CheckDirective,
    JsonTrailingText,
    FlagsUseEscape,
    HeredocSpaceAfterArrows,
    HeredocNameWithModifier,
    WrapperNul,
    WrapperOnbuildHeredocs,
    WrapperUtf8,
    WrapperEmptyKeyword,
}

impl Exception {
    pub const ALL: [Exception; 10] = [
        Exception::EnvLabelTriples,
        Exception::CheckDirective,
        Exception::JsonTrailingText,
        Exception::FlagsUseEscape,
        Exception::HeredocSpaceAfterArrows,
        Exception::HeredocNameWithModifier,
        Exception::WrapperNul,
        Exception::WrapperOnbuildHeredocs,
        Exception::WrapperUtf8,
        Exception::WrapperEmptyKeyword,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Exception::EnvLabelTriples => "env-label-triples",
            Exception::CheckDirective => "check-directive",
            Exception::JsonTrailingText => "json-trailing-text",
            Exception::FlagsUseEscape => "flags-use-escape",
            Exception::HeredocSpaceAfterArrows => "heredoc-space-after-arrows",
            Exception::HeredocNameWithModifier => "heredoc-name-with-modifier",
            Exception::WrapperNul => "wrapper-nul",
            Exception::WrapperOnbuildHeredocs => "wrapper-onbuild-heredocs",
            Exception::WrapperUtf8 => "wrapper-utf8",
            Exception::WrapperEmptyKeyword => "wrapper-empty-keyword",
        }
    }

    pub fn reason(self) -> &'static str {
        match self {
            Exception::EnvLabelTriples => {
                "BuildKit v0.14 reports ENV and LABEL as key, value, separator triples (§10.1); \
                 dockfix does, so every third element is dropped before comparing"
            }
            Exception::CheckDirective => {
                "`# check=` is a known directive since v0.14 (§10.2); the oracle reads the file \
                 with those lines removed, and a repeated one must be an error"
            }
            Exception::JsonTrailingText => {
                "text after a JSON array makes it non-JSON since v0.15 (§10.3); the expected \
                 value is rebuilt from the oracle's logical line"
            }
            Exception::FlagsUseEscape => {
                "flags use the escape directive since v0.21 (§10.4); with a backtick escape the \
                 oracle reads the file with backslash and backtick swapped, or the instruction \
                 is left out when the swap would change JSON or heredocs"
            }
            Exception::HeredocSpaceAfterArrows => {
                "`<< EOF` is a heredoc since v0.22 (§10.5); the comparison stops there"
            }
            Exception::HeredocNameWithModifier => {
                "`<<${X:-y}` is plain text on master (§10.6); the comparison stops there"
            }
            Exception::WrapperNul => {
                "the Python wrapper cuts returned strings at NUL (§0); dockfix's are cut too, and \
                 an instruction of several lines whose NUL hides text from the harness is left out"
            }
            Exception::WrapperOnbuildHeredocs => {
                "the Python wrapper drops the heredocs of ONBUILD (§0); dockfix reports them"
            }
            Exception::WrapperUtf8 => {
                "the Python wrapper cannot decode a field holding half a UTF-8 character (§0, \
                 §6 HEALTHCHECK); only acceptance is compared"
            }
            Exception::WrapperEmptyKeyword => {
                "the Python wrapper reports an empty keyword (a file ending in a lone escape \
                 line) as None; it is read as the empty string"
            }
        }
    }
}

/// An error class dockfix raises although BuildKit's parser does not, because `docker build`
/// rejects the file later, in its instruction layer.
pub struct ExtraError {
    pub name: &'static str,
    pub prefix: &'static str,
    pub reason: &'static str,
}

pub const EXTRA_ERRORS: [ExtraError; 4] = [
    ExtraError {
        name: "continuation-at-eof",
        prefix: "the file ends inside a line continuation",
        reason: "BuildKit ends the instruction at the end of the file; dockfix reports the cut-short \
                 instruction and leaves the file alone",
    },
    ExtraError {
        name: "unterminated-json",
        prefix: "unterminated JSON array",
        reason: "BuildKit silently reads an unclosed exec-form array as shell form or paths; \
                 dockfix reports it and leaves the file alone",
    },
    ExtraError {
        name: "unknown-instruction",
        prefix: "unknown instruction: ",
        reason: "docker build rejects unknown keywords (§9)",
    },
    ExtraError {
        name: "onbuild-onbuild",
        prefix: "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
        reason: "docker build rejects ONBUILD ONBUILD (§9)",
    },
];

pub fn extra_error(message: &str) -> Option<&'static ExtraError> {
    EXTRA_ERRORS.iter().find(|extra| message.starts_with(extra.prefix))
}

/// The text the oracle reads for one input, after the input-side exceptions.
#[derive(Debug, Clone)]
pub struct OracleText {
    pub text: String,
    /// Lines removed from the top (`check-directive`); oracle line numbers are shifted back.
    pub shift: usize,
    /// The top block repeats `# check=`, which current BuildKit rejects.
    pub duplicate_check: bool,
    /// Backslash and backtick were swapped (`flags-use-escape`); swapped back in the output.
    pub swapped: bool,
    /// Lines with escaped flags where the swap was unsafe: their instructions are left out.
    pub masked_lines: Vec<usize>,
    /// Current BuildKit's escape character is a backtick (so flags use it, §10.4).
    pub backtick: bool,
    pub applied: BTreeSet<Exception>,
}

/// Decides what the oracle reads for `text`.
pub fn oracle_text(text: &str) -> OracleText {
    let mut res = OracleText {
        text: text.to_string(),
        shift: 0,
        duplicate_check: false,
        swapped: false,
        masked_lines: Vec::new(),
        backtick: false,
        applied: BTreeSet::new(),
    };
    let top = scan_top_block(text);
    res.backtick = top.escape == '`';

    // `check-directive`: v0.12.5 takes `# check=` for an unknown directive, which ends the top
    // block. The oracle reads it as a directive it knows and that changes nothing: `syntax` or
    // a backslash `escape` when the block has none; else the line goes and lines shift. (Only a
    // first line can carry a BOM in front of the next one, and that block has no `syntax`.)
    if top.duplicate_check {
        res.duplicate_check = true;
        res.applied.insert(Exception::CheckDirective);
    }
    if let Some(check) = top.check_line {
        let (bom, body) = match text.strip_prefix('\u{feff}') {
            Some(body) => ("\u{feff}", body),
            None => ("", text),
        };
        let stand_in = if !top.seen.iter().any(|n| n == "syntax") {
            Some("# syntax=stand-in-for-check")
        } else if !top.seen.iter().any(|n| n == "escape") {
            Some("# escape=\\")
        } else {
            None
        };
        let mut lines: Vec<String> = body.split('\n').map(String::from).collect();
        match stand_in {
            Some(stand_in) => {
                let crs = lines[check].len() - lines[check].trim_end_matches('\r').len();
                lines[check] = format!("{stand_in}{}", "\r".repeat(crs));
            }
            None => {
                lines.remove(check);
                res.shift = 1;
            }
        }
        res.text = format!("{bom}{}", lines.join("\n"));
        res.applied.insert(Exception::CheckDirective);
    }

    // `flags-use-escape`: under a backtick escape, swapping the two characters makes v0.12.5's
    // backslash-only flag escapes behave like current BuildKit's. JSON strings and heredoc
    // markers always use backslash, so the swap is exact only in files without either.
    if top.escape == '`' {
        let lines = escaped_flag_lines(text);
        if !lines.is_empty() {
            res.applied.insert(Exception::FlagsUseEscape);
            if !text.contains("<<") && !text.contains('[') {
                res.text = swap_escapes(&res.text);
                res.swapped = true;
            } else {
                res.masked_lines = lines;
            }
        }
    }
    res
}

/// What the top-of-file directives are under current BuildKit's rules (§2 with §10.2).
struct TopBlock {
    escape: char,
    /// The 0-based line index (after the BOM) of a `# check=` directive.
    check_line: Option<usize>,
    duplicate_check: bool,
    /// The directive names of the block, lower-cased.
    seen: Vec<String>,
}

fn scan_top_block(text: &str) -> TopBlock {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut top =
        TopBlock { escape: '\\', check_line: None, duplicate_check: false, seen: Vec::new() };
    for (index, raw) in body.split('\n').enumerate() {
        let line = raw.trim_end_matches(['\r', '\n']);
        let Some((name, value)) = directive(line) else { break };
        let name = name.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            break;
        }
        if top.seen.contains(&name) {
            top.duplicate_check |= name == "check";
            break;
        }
        match (name.as_str(), value) {
            ("escape", "`") => top.escape = '`',
            ("escape", "\\") => top.escape = '\\',
            ("escape", _) => break,
            ("check", _) => top.check_line = Some(index),
            _ => {}
        }
        top.seen.push(name);
    }
    top
}

/// Go's `\s`: the white space of BuildKit's directive pattern.
fn is_re_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r')
}

/// `# name = value` split into name and value, or `None` when the line is no directive.
fn directive(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start().strip_prefix('#')?.trim_start_matches(is_re_space);
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let (name, rest) = rest.split_at(name_len);
    let rest = rest.trim_start_matches(is_re_space).strip_prefix('=')?;
    let last = rest.chars().last()?;
    let value = rest.trim_start_matches(is_re_space).trim_end_matches(is_re_space);
    if value.is_empty() {
        // Only white space follows `=`: the pattern still matches, with one character of it.
        return Some((name, &rest[rest.len() - last.len_utf8()..]));
    }
    Some((name, value))
}

/// 1-based lines whose leading `--` words (after the keyword, or from the start of a
/// continuation line) hold a backslash or a backtick, or a quote left open.
fn escaped_flag_lines(text: &str) -> Vec<usize> {
    text.split('\n')
        .enumerate()
        .filter(|(_, line)| flags_hold_escapes(line))
        .map(|(i, _)| i + 1)
        .collect()
}

fn flags_hold_escapes(line: &str) -> bool {
    let mut rest = line.trim_start();
    if !rest.starts_with("--") {
        rest = rest.trim_start_matches(|c: char| !c.is_whitespace()).trim_start();
    }
    while rest.starts_with("--") {
        let mut quote = None;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match (quote, c) {
                (_, '\\' | '`') => return true,
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, c) if c.is_whitespace() => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        if quote.is_some() {
            return true;
        }
        rest = rest[end..].trim_start();
    }
    false
}

fn swap_escapes(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\\' => '`',
            '`' => '\\',
            c => c,
        })
        .collect()
}

/// How one file compared.
#[derive(Debug, Default)]
pub struct Outcome {
    pub applied: BTreeSet<Exception>,
    /// Names of the extra error classes dockfix raised.
    pub extra_errors: BTreeSet<&'static str>,
    pub oracle_rejected: bool,
    /// When both reject: whether dockfix's first error is the oracle's message.
    pub same_message: Option<bool>,
    pub disagreement: Option<Disagreement>,
}

/// A disagreement: a class to group by, and the details to report.
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub class: String,
    pub detail: String,
}

/// Compares dockfix's report on `text` with the oracle's parse of `input.text`.
pub fn compare(
    text: &str,
    input: &OracleText,
    oracle: &OracleParse,
    dockfix: Option<&DockfixReport>,
) -> Outcome {
    let mut out = Outcome { applied: input.applied.clone(), ..Outcome::default() };
    let disagree = |out: &mut Outcome, class: String, detail: String| {
        out.disagreement = Some(Disagreement { class, detail });
    };
    let Some(report) = dockfix else {
        disagree(&mut out, "dockfix cannot read the file".into(), format!("input: {}", py(text)));
        return out;
    };
    let mut mine = report.instructions.clone();
    if let Err(problem) = normalise_dockfix(&mut mine, &mut out.applied) {
        disagree(&mut out, problem, format!("input: {}", py(text)));
        return out;
    }
    for error in &report.errors {
        if let Some(extra) = extra_error(&error.message) {
            out.extra_errors.insert(extra.name);
        }
    }
    let real_errors: Vec<&DockfixError> =
        report.errors.iter().filter(|e| extra_error(&e.message).is_none()).collect();
    let errors_text = |errors: &[&DockfixError]| {
        errors
            .iter()
            .map(|e| format!("line {}: {}", e.line, e.message))
            .collect::<Vec<_>>()
            .join("; ")
    };

    // A repeated `# check=` is an error in current BuildKit, whatever the oracle says.
    if input.duplicate_check {
        if real_errors.is_empty() {
            let detail = format!("input: {}\ndockfix accepts it", py(text));
            disagree(&mut out, "dockfix accepts a repeated # check= directive".into(), detail);
        }
        return out;
    }

    let theirs = match oracle {
        OracleParse::Accepted(list) => list,
        OracleParse::Rejected { kind, .. } if kind == "UnicodeDecodeError" => {
            out.applied.insert(Exception::WrapperUtf8);
            let explained = lenient_rejection(text, "", input);
            if let (false, Some(exception)) = (real_errors.is_empty(), explained) {
                out.applied.insert(exception);
            } else if !real_errors.is_empty() {
                let class = format!(
                    "dockfix rejects, BuildKit accepts: {}",
                    message_class(&real_errors[0].message)
                );
                let detail =
                    format!("input: {}\ndockfix errors: {}", py(text), errors_text(&real_errors));
                disagree(&mut out, class, detail);
            }
            return out;
        }
        OracleParse::Rejected { kind, message } if kind == "GoParseError" => {
            out.oracle_rejected = true;
            let message = if input.swapped { swap_escapes(message) } else { message.clone() };
            if !report.errors.is_empty() {
                let first = real_errors.first().map(|e| e.message.as_str());
                out.same_message = Some(first == Some(message.as_str()));
            } else if let Some(exception) = lenient_rejection(text, &message, input) {
                out.applied.insert(exception);
            } else {
                let class =
                    format!("dockfix accepts, BuildKit rejects: {}", message_class(&message));
                let detail = format!("input: {}\nBuildKit: {}", py(text), py(&message));
                disagree(&mut out, class, detail);
            }
            return out;
        }
        OracleParse::Rejected { kind, message } => {
            panic!("the oracle failed on {}: {kind}: {message}", py(text));
        }
    };

    // The oracle's instructions in the original text's terms.
    let mut expected: Vec<Instr> = Vec::with_capacity(theirs.len());
    let mut cut = usize::MAX;
    let mut masked: Vec<(usize, usize)> = Vec::new();
    for item in theirs {
        let mut instr = item.instr.clone();
        let mut original = item.original.clone();
        if item.keyword_was_none {
            out.applied.insert(Exception::WrapperEmptyKeyword);
        }
        if input.swapped {
            instr.map_strings(&swap_escapes);
            original = swap_escapes(&original);
        }
        instr.start_line += input.shift;
        instr.end_line += input.shift;
        // The wrapper cuts `original` at a NUL; a one-line instruction can be read again whole,
        // but a longer one cannot, and what follows the NUL goes unseen: it is left out.
        let mut nul_hidden = false;
        let physical: Vec<&str> = text
            .split('\n')
            .skip(instr.start_line - 1)
            .take(instr.end_line - instr.start_line + 1)
            .collect();
        if physical.iter().any(|line| line.contains('\0')) {
            if let [line] = physical[..] {
                let line =
                    if instr.start_line == 1 { line.trim_start_matches('\u{feff}') } else { line };
                original = line.trim_start().trim_end_matches(['\r', '\n']).to_string();
            } else {
                out.applied.insert(Exception::WrapperNul);
                nul_hidden = true;
            }
        }
        let first_line = original.split('\n').next().unwrap_or_default();
        let kind = instr.inner_keyword();
        let heredoc_kind = matches!(kind.as_str(), "run" | "copy" | "add");

        if heredoc_kind && !instr.json && has_space_after_arrows(first_line) {
            out.applied.insert(Exception::HeredocSpaceAfterArrows);
            cut = cut.min(instr.start_line);
        }
        if heredoc_kind && !instr.json && has_modifier_marker(first_line) {
            out.applied.insert(Exception::HeredocNameWithModifier);
            cut = cut.min(instr.start_line);
        }
        if let Some(rest) = json_trailing_text(&instr, &original) {
            out.applied.insert(Exception::JsonTrailingText);
            if heredoc_kind && rest.contains("<<") {
                cut = cut.min(instr.start_line);
            } else {
                instr.json = false;
                instr.args = match kind.as_str() {
                    "copy" | "add" | "volume" => rest
                        .split(is_ascii_blank)
                        .filter(|w| !w.is_empty())
                        .map(String::from)
                        .collect(),
                    "healthcheck" => vec![instr.args[0].clone(), rest.to_string()],
                    _ => vec![rest.to_string()],
                };
                // The wrapper would have cut these at a NUL, like every string it returns.
                instr.map_strings(&|s| s.split('\0').next().unwrap_or_default().to_string());
            }
        }
        // Escaped flags the line-by-line look missed, say across a continuation, show in the
        // joined line; the swap is off here or they would have been found.
        let flags_escaped = input.backtick && !input.swapped && flags_hold_escapes(first_line);
        if flags_escaped {
            out.applied.insert(Exception::FlagsUseEscape);
        }
        if flags_escaped
            || nul_hidden
            || input.masked_lines.iter().any(|&l| (instr.start_line..=instr.end_line).contains(&l))
        {
            masked.push((instr.start_line, instr.end_line));
        }
        expected.push(instr);
    }
    let kept = |instr: &Instr| {
        instr.start_line < cut && !masked.iter().any(|&(start, _)| start == instr.start_line)
    };
    expected.retain(kept);
    mine.retain(kept);
    let real_errors: Vec<&DockfixError> = real_errors
        .into_iter()
        .filter(|e| e.line < cut && !masked.iter().any(|&(s, end)| (s..=end).contains(&e.line)))
        .collect();

    // A field difference says more than an error dockfix should not raise, so it goes first.
    let errors_line = if real_errors.is_empty() {
        String::new()
    } else {
        format!("\ndockfix errors: {}", errors_text(&real_errors))
    };
    if let Some((class, diff)) = first_difference(&expected, &mine) {
        disagree(&mut out, class, format!("input: {}\n{diff}{errors_line}", py(text)));
    } else if !real_errors.is_empty() {
        let class = format!(
            "dockfix rejects, BuildKit accepts: {}",
            message_class(&real_errors[0].message)
        );
        disagree(&mut out, class, format!("input: {}{errors_line}", py(text)));
    }
    out
}

/// Brings dockfix's instructions to the oracle's shape where an exception says so.
fn normalise_dockfix(mine: &mut [Instr], applied: &mut BTreeSet<Exception>) -> Result<(), String> {
    for instr in mine {
        if instr.keyword.eq_ignore_ascii_case("onbuild") && !instr.heredocs.is_empty() {
            instr.heredocs.clear();
            applied.insert(Exception::WrapperOnbuildHeredocs);
        }
        if matches!(instr.inner_keyword().as_str(), "env" | "label") && !instr.args.is_empty() {
            let triples = instr.args.len() % 3 == 0
                && instr.args.chunks(3).all(|t| t[2].is_empty() || t[2] == "=");
            if !triples {
                return Err(format!(
                    "{} values are not key, value, separator triples: {:?}",
                    instr.keyword, instr.args
                ));
            }
            instr.args = instr.args.chunks(3).flat_map(|t| [t[0].clone(), t[1].clone()]).collect();
            applied.insert(Exception::EnvLabelTriples);
        }
        let has_nul = |s: &String| s.contains('\0');
        let nul = instr.keyword.contains('\0')
            || instr.sub_keyword.as_ref().is_some_and(has_nul)
            || instr.flags.iter().chain(&instr.args).any(has_nul)
            || instr.heredocs.iter().any(|h| h.name.contains('\0') || h.content.contains('\0'));
        if nul {
            instr.map_strings(&|s| s.split('\0').next().unwrap_or_default().to_string());
            applied.insert(Exception::WrapperNul);
        }
    }
    Ok(())
}

/// When the oracle rejects a file dockfix accepts, the exception that explains it, if any.
fn lenient_rejection(text: &str, message: &str, input: &OracleText) -> Option<Exception> {
    let lines = || text.split('\n');
    if lines().any(has_space_after_arrows) {
        return Some(Exception::HeredocSpaceAfterArrows);
    }
    if lines().any(has_modifier_marker) {
        return Some(Exception::HeredocNameWithModifier);
    }
    if !input.masked_lines.is_empty() || (input.backtick && text.contains("--")) {
        return Some(Exception::FlagsUseEscape);
    }
    let trailing = |line: &str| {
        line.find('[').is_some_and(|start| {
            json_array_len(&line[start..]).is_some_and(|len| !line[start + len..].trim().is_empty())
        })
    };
    if message.starts_with("when using JSON array syntax") && lines().any(trailing) {
        return Some(Exception::JsonTrailingText);
    }
    None
}

/// Byte offsets of the `<<` in `line` that stand outside quotes and are not escaped: the
/// ones that can start a heredoc marker.
fn unquoted_arrows(line: &str) -> Vec<usize> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (None | Some(b'"'), b'\\') => i += 1,
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(q), c) if c == q => quote = None,
            (None, b'<') if bytes.get(i + 1) == Some(&b'<') => {
                found.push(i);
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// `<<` followed by white space, which current BuildKit takes for a heredoc marker. §10.5 shows
/// spaces; v0.12.5 splits heredoc words on any Unicode white space, so any counts here.
fn has_space_after_arrows(line: &str) -> bool {
    unquoted_arrows(line).into_iter().any(|i| line[i + 2..].starts_with(char::is_whitespace))
}

/// A `<<` word naming its heredoc with `${NAME:`, a modifier such as `<<${X:-y}` (§10.6 lists
/// `:-`, `:?` and `:0:1`).
fn has_modifier_marker(line: &str) -> bool {
    unquoted_arrows(line).into_iter().any(|i| {
        let word = line[i + 2..].split(char::is_whitespace).next().unwrap_or_default();
        word.match_indices("${").any(|(j, _)| {
            let after = &word[j + 2..];
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            name_len > 0 && after[name_len..].starts_with(':')
        })
    })
}

/// For a JSON instruction whose array has text after it, the arguments from the array on, as
/// current BuildKit reads them: plain text.
fn json_trailing_text(instr: &Instr, original: &str) -> Option<String> {
    if !instr.json {
        return None;
    }
    let values =
        if instr.inner_keyword() == "healthcheck" { instr.args.get(1..)? } else { &instr.args[..] };
    let mut fallback = None;
    for (start, _) in original.match_indices('[') {
        let Some(len) = json_array_len(&original[start..]) else { continue };
        let end = start + len;
        match serde_json::from_str::<Vec<String>>(&original[start..end]) {
            Ok(decoded) => {
                let cut: Vec<&str> =
                    decoded.iter().map(|s| s.split('\0').next().unwrap_or_default()).collect();
                if cut == values {
                    fallback = Some((start, end));
                    break;
                }
            }
            // Go reads lone surrogates as U+FFFD where serde refuses them.
            Err(_) => {
                fallback.get_or_insert((start, end));
            }
        }
    }
    let (start, end) = fallback?;
    if original[end..].trim().is_empty() {
        return None;
    }
    Some(original[start..].trim().to_string())
}

/// The length of the JSON array at the start of `text`, found by bracket matching.
fn json_array_len(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// BuildKit's `[\t\v\f\r ]`.
fn is_ascii_blank(c: char) -> bool {
    matches!(c, '\t' | '\x0b' | '\x0c' | '\r' | ' ')
}

const KEYWORDS: [&str; 18] = [
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// The first difference between the two lists, as a class and a report.
fn first_difference(expected: &[Instr], mine: &[Instr]) -> Option<(String, String)> {
    let index = expected.iter().zip(mine).position(|(a, b)| a != b);
    let index = match index {
        Some(i) => i,
        None if expected.len() == mine.len() => return None,
        None => expected.len().min(mine.len()),
    };
    let show = |list: &[Instr]| {
        list.get(index).map_or_else(|| "(no instruction)".to_string(), Instr::render)
    };
    let detail = format!(
        "instruction #{} of {} (BuildKit) / {} (dockfix):\n  BuildKit: {}\n  dockfix:  {}",
        index + 1,
        expected.len(),
        mine.len(),
        show(expected),
        show(mine)
    );
    let class = match (expected.get(index), mine.get(index)) {
        (Some(a), Some(b)) => {
            let field = if a.keyword != b.keyword {
                "keyword"
            } else if a.sub_keyword != b.sub_keyword {
                "sub_keyword"
            } else if a.json != b.json {
                "json"
            } else if a.start_line != b.start_line {
                "start_line"
            } else if a.end_line != b.end_line {
                "end_line"
            } else if a.flags != b.flags {
                "flags"
            } else if a.args != b.args {
                "args"
            } else {
                "heredocs"
            };
            let kind = a.inner_keyword();
            let kind =
                if KEYWORDS.contains(&kind.as_str()) { kind } else { "unknown keyword".into() };
            format!("{field} differs on {kind}")
        }
        _ => "instruction count differs".to_string(),
    };
    Some((class, detail))
}

/// An error message without its specifics, for grouping.
fn message_class(message: &str) -> String {
    let end = [message.find(':'), message.find('"'), message.find(" '")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(message.len());
    message[..end].trim().to_string()
}

/// Counts over a whole comparison run, and the disagreements found.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub agreements: usize,
    pub under_exceptions: usize,
    pub oracle_rejected: usize,
    pub same_message: usize,
    pub exceptions: BTreeMap<Exception, usize>,
    pub extra_errors: BTreeMap<&'static str, usize>,
    /// The file's label, its input and the disagreement.
    pub disagreements: Vec<(String, String, Disagreement)>,
}

impl Summary {
    pub fn add(&mut self, label: &str, text: &str, outcome: Outcome) {
        self.files += 1;
        for &exception in &outcome.applied {
            *self.exceptions.entry(exception).or_default() += 1;
        }
        for &extra in &outcome.extra_errors {
            *self.extra_errors.entry(extra).or_default() += 1;
        }
        self.oracle_rejected += usize::from(outcome.oracle_rejected);
        self.same_message += usize::from(outcome.same_message == Some(true));
        match outcome.disagreement {
            Some(disagreement) => {
                self.disagreements.push((label.to_string(), text.to_string(), disagreement));
            }
            None if outcome.applied.is_empty() => self.agreements += 1,
            None => {
                self.agreements += 1;
                self.under_exceptions += 1;
            }
        }
    }

    /// A few lines for the log: counts, and exceptions applied per name.
    pub fn report(&self, title: &str) -> String {
        let mut out = format!(
            "{title}: {} files compared, {} agree ({} of them under named exceptions), {} disagree\n\
             BuildKit rejected {} of them; dockfix's first error of its own kind (not an extra \
             error) repeats BuildKit's message in {}\n",
            self.files,
            self.agreements,
            self.under_exceptions,
            self.disagreements.len(),
            self.oracle_rejected,
            self.same_message,
        );
        for exception in Exception::ALL {
            let count = self.exceptions.get(&exception).copied().unwrap_or(0);
            out.push_str(&format!(
                "  exception {:<28} applied to {count} files\n",
                exception.name()
            ));
        }
        for extra in &EXTRA_ERRORS {
            let count = self.extra_errors.get(extra.name).copied().unwrap_or(0);
            out.push_str(&format!("  extra error {:<26} raised in {count} files\n", extra.name));
        }
        out
    }

    /// Fails with every disagreement listed: classes with counts and the shortest input of each,
    /// then the first 30 in detail.
    pub fn assert_clean(&self, title: &str) {
        if self.disagreements.is_empty() {
            return;
        }
        let mut classes: BTreeMap<&str, (usize, &(String, String, Disagreement))> = BTreeMap::new();
        for entry in &self.disagreements {
            let slot = classes.entry(entry.2.class.as_str()).or_insert((0, entry));
            slot.0 += 1;
            if entry.1.len() < slot.1.1.len() {
                slot.1 = entry;
            }
        }
        let mut out = format!(
            "{title}: {} disagreements with BuildKit in {} classes\n",
            self.disagreements.len(),
            classes.len()
        );
        for (class, (count, shortest)) in &classes {
            out.push_str(&format!("\n[{count}x] {class}\n  shortest ({}):\n", shortest.0));
            for line in shortest.2.detail.lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
        out.push_str("\nAll disagreements (first 30 in detail):\n");
        for (i, (label, _, disagreement)) in self.disagreements.iter().enumerate() {
            if i < 30 {
                out.push_str(&format!("\n{label}: {}\n", disagreement.class));
                for line in disagreement.detail.lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            } else {
                out.push_str(&format!("{label}: {}\n", disagreement.class));
            }
        }
        // `DOCKFIX_REPORT=<file>` keeps every disagreement in detail, for digging.
        if let Some(path) = std::env::var_os("DOCKFIX_REPORT") {
            let mut all = String::new();
            for (label, _, disagreement) in &self.disagreements {
                all.push_str(&format!(
                    "\n{label}: {}\n{}\n",
                    disagreement.class, disagreement.detail
                ));
            }
            std::fs::write(&path, all).expect("DOCKFIX_REPORT names a writable file");
        }
        panic!("{out}");
    }
}
