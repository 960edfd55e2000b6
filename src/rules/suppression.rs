//! Comments that silence rules: dockfix's own `# dockfix ignore=`, hadolint's
//! `# hadolint ignore=` and BuildKit's `# check=skip=` directive.

// The forms, and what each silences:
//
// - `# dockfix ignore=RULE[,RULE]` and `# hadolint ignore=CODE[,CODE]` in the block of comment
//   lines directly above an instruction (no blank line between) silence those rules for the
//   findings that start inside that instruction. Hadolint itself reads only the one line above
//   the instruction; a block is more forgiving and lets the two forms stack.
// - `# dockfix global ignore=...` and `# hadolint global ignore=...` anywhere silence the rules
//   for the whole file.
// - The `# check=skip=Name[,Name]` directive (or `skip=all`) silences, for the whole file, the
//   rules that correspond to those BuildKit checks; it is read as BuildKit reads it, and a value
//   BuildKit would refuse silences nothing.
//
// The grammar follows hadolint's: `dockfix`, at least one blank, an optional `global` and
// blanks, `ignore`, `=`, then names separated by commas, with blanks allowed around `=` and the
// commas, and an optional `# reason` at the end. Anything else is a plain comment. Names that
// match no rule silence nothing.

use rowan::{NodeOrToken, TextRange};

use crate::diagnostic::Diagnostic;
use crate::syntax::Parse;
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::Directive;

use super::{Rule, SYNTAX_ERROR};

/// What the comments of one file silence, as rule names.
#[derive(Debug, Default)]
pub(crate) struct Suppressions {
    /// Rules silenced in the whole file.
    file: Vec<&'static str>,
    /// Rules silenced inside one instruction, with the instruction's range.
    instructions: Vec<(TextRange, Vec<&'static str>)>,
}

impl Suppressions {
    /// Reads the suppression comments and directives of a parsed file; `rules` tells which
    /// rules a hadolint code or a BuildKit check name stands for.
    pub(crate) fn of(parse: &Parse, rules: &'static [Rule]) -> Suppressions {
        let mut suppressions = Suppressions::default();
        // Rules named by the comment lines since the last instruction or blank line.
        let mut block: Vec<&'static str> = Vec::new();
        // Whether the current line has held nothing but blanks so far.
        let mut line_blank = true;
        for element in parse.syntax().children_with_tokens() {
            match element {
                NodeOrToken::Token(token) => match token.kind() {
                    COMMENT => {
                        line_blank = false;
                        if let Some(pragma) = Pragma::parse(token.text()) {
                            let named = pragma.rules(rules);
                            if pragma.global {
                                suppressions.file.extend(named);
                            } else {
                                block.extend(named);
                            }
                        }
                    }
                    NEWLINE => {
                        if line_blank || token.text().matches('\n').count() > 1 {
                            block.clear();
                        }
                        line_blank = true;
                    }
                    WHITESPACE | BOM => {}
                    _ => {
                        block.clear();
                        line_blank = false;
                    }
                },
                NodeOrToken::Node(node) => {
                    line_blank = false;
                    if node.kind().is_instruction() {
                        if !block.is_empty() {
                            let named = std::mem::take(&mut block);
                            suppressions.instructions.push((node.text_range(), named));
                        }
                        continue;
                    }
                    block.clear();
                    let Some(directive) = Directive::cast(node) else { continue };
                    if directive.name().as_deref() == Some("check") {
                        let value = directive.value().unwrap_or_default();
                        suppressions.file.extend(check_skips(&value, rules));
                    }
                }
            }
        }
        suppressions
    }

    /// Whether the whole file silences `rule`, so that it need not run at all.
    pub(crate) fn silences_file(&self, rule: &str) -> bool {
        self.file.contains(&rule)
    }

    /// Whether a comment silences `diagnostic`. Syntax errors are never silenced.
    pub(crate) fn silences(&self, diagnostic: &Diagnostic) -> bool {
        if diagnostic.rule == SYNTAX_ERROR {
            return false;
        }
        if self.silences_file(diagnostic.rule) {
            return true;
        }
        let start = diagnostic.range.start();
        self.instructions
            .iter()
            .find(|(range, _)| range.contains_inclusive(start))
            .is_some_and(|(_, rules)| rules.contains(&diagnostic.rule))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    Dockfix,
    Hadolint,
}

/// A `# dockfix ignore=...` or `# hadolint ignore=...` comment, global or not.
#[derive(Debug, PartialEq, Eq)]
struct Pragma<'a> {
    tool: Tool,
    global: bool,
    names: Vec<&'a str>,
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `text` without its leading blanks, or `None` when it has none.
fn after_blanks(text: &str) -> Option<&str> {
    let rest = text.trim_start_matches(is_blank);
    (rest.len() < text.len()).then_some(rest)
}

impl<'a> Pragma<'a> {
    /// Reads a whole comment line, `#` included; `None` for any other comment.
    fn parse(comment: &'a str) -> Option<Pragma<'a>> {
        let rest = comment.strip_prefix('#')?.trim_start_matches(is_blank);
        let (tool, rest) = if let Some(rest) = rest.strip_prefix("dockfix") {
            (Tool::Dockfix, rest)
        } else {
            (Tool::Hadolint, rest.strip_prefix("hadolint")?)
        };
        let rest = after_blanks(rest)?;
        let (global, rest) = match rest.strip_prefix("global") {
            Some(rest) => (true, after_blanks(rest)?),
            None => (false, rest),
        };
        let rest = rest.strip_prefix("ignore")?.trim_start_matches(is_blank);
        let mut rest = rest.strip_prefix('=')?.trim_start_matches(is_blank);

        let name_char = |c: char| match tool {
            Tool::Dockfix => c.is_ascii_alphanumeric() || c == '-' || c == '_',
            Tool::Hadolint => matches!(c, 'D' | 'L' | 'S' | 'C' | '0'..='9'),
        };
        let mut names = Vec::new();
        loop {
            let len = rest.find(|c: char| !name_char(c)).unwrap_or(rest.len());
            if len == 0 {
                return None;
            }
            names.push(&rest[..len]);
            rest = rest[len..].trim_start_matches(is_blank);
            match rest.strip_prefix(',') {
                Some(after) => rest = after.trim_start_matches(is_blank),
                None => break,
            }
        }
        // Only a `# reason` may follow the list.
        if !rest.is_empty() && !rest.starts_with('#') {
            return None;
        }
        Some(Pragma { tool, global, names })
    }

    /// The rules the pragma names, directly or by their hadolint codes.
    fn rules(&self, rules: &'static [Rule]) -> Vec<&'static str> {
        let named = |rule: &Rule| match self.tool {
            Tool::Dockfix => self.names.contains(&rule.name),
            Tool::Hadolint => rule.codes.iter().any(|code| self.names.contains(code)),
        };
        rules.iter().filter(|rule| named(rule)).map(|rule| rule.name).collect()
    }
}

/// Whether `code` is a hadolint code (`DL3019`, `SC2086`) rather than a BuildKit check name.
pub(crate) fn is_hadolint_code(code: &str) -> bool {
    let digits = code.strip_prefix("DL").or_else(|| code.strip_prefix("SC"));
    digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// The rules a `# check=` directive's value skips: those corresponding to the BuildKit checks it
/// names, or to any BuildKit check for `skip=all`. A value BuildKit refuses skips nothing.
fn check_skips(value: &str, rules: &'static [Rule]) -> Vec<&'static str> {
    // BuildKit splits the value once on `;` into `key=value` fields, `skip` and `error`.
    let mut skip_all = false;
    let mut names: Vec<&str> = Vec::new();
    for field in value.trim().splitn(2, ';') {
        let Some((key, val)) = field.split_once('=') else { return Vec::new() };
        match key.trim() {
            "skip" if val.trim() == "all" => skip_all = true,
            "skip" => names = val.split(',').map(str::trim).collect(),
            "error" if go_bool(val.trim()) => {}
            _ => return Vec::new(),
        }
    }
    let skipped = |rule: &Rule| {
        rule.codes
            .iter()
            .filter(|code| !is_hadolint_code(code))
            .any(|code| skip_all || names.contains(code))
    };
    rules.iter().filter(|rule| skipped(rule)).map(|rule| rule.name).collect()
}

/// Whether Go's `strconv.ParseBool` accepts `text`.
fn go_bool(text: &str) -> bool {
    matches!(
        text,
        "1" | "t" | "T" | "TRUE" | "true" | "True" | "0" | "f" | "F" | "FALSE" | "false" | "False"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Context, FixKind};
    use crate::syntax;

    fn nothing(_: &Context<'_>, _: &mut Vec<Diagnostic>) {}

    const fn fake(name: &'static str, codes: &'static [&'static str]) -> Rule {
        Rule { name, codes, summary: "", doc: "", fix: FixKind::ReportOnly, check: nothing }
    }

    /// Rules standing for hadolint codes, BuildKit checks, both, and neither.
    static FAKES: &[Rule] = &[
        fake("apk", &["DL3019"]),
        fake("maintainer", &["DL4000", "MaintainerDeprecated"]),
        fake("json-args", &["JSONArgsRecommended"]),
        fake("plain", &[]),
    ];

    fn pragma(comment: &str) -> Option<(Tool, bool, Vec<&str>)> {
        Pragma::parse(comment).map(|p| (p.tool, p.global, p.names))
    }

    #[test]
    fn pragmas_are_read_as_hadolint_reads_them() {
        use Tool::*;
        assert_eq!(pragma("# dockfix ignore=apk"), Some((Dockfix, false, vec!["apk"])));
        assert_eq!(
            pragma("#dockfix\tglobal  ignore = a-b ,c_d # why"),
            Some((Dockfix, true, vec!["a-b", "c_d"]))
        );
        assert_eq!(
            pragma("# hadolint ignore=DL3019,DL3009  "),
            Some((Hadolint, false, vec!["DL3019", "DL3009"]))
        );
        assert_eq!(
            pragma("# hadolint global ignore=SC2086"),
            Some((Hadolint, true, vec!["SC2086"]))
        );

        // Not pragmas: a name hadolint does not allow, names without commas, a missing blank, an
        // empty list, a trailing comma, text after the list, another pragma.
        for comment in [
            "# hadolint ignore=dl3019",
            "# hadolint ignore=DL3019 DL3009",
            "# hadolintignore=DL3019",
            "# dockfix globalignore=x",
            "# dockfix ignore=",
            "# dockfix ignore=a,",
            "# dockfix ignore=a because",
            "# hadolint shell=bash",
            "# dockfix: ignore=a",
            "# ignore=a",
        ] {
            assert_eq!(pragma(comment), None, "{comment:?}");
        }
    }

    #[test]
    fn hadolint_codes_are_told_from_check_names() {
        assert!(is_hadolint_code("DL3019"));
        assert!(is_hadolint_code("SC2086"));
        assert!(!is_hadolint_code("DL"));
        assert!(!is_hadolint_code("JSONArgsRecommended"));
        assert!(!is_hadolint_code("DLX1"));
    }

    #[test]
    fn check_directive_values_are_read_as_buildkit_reads_them() {
        let skips = |value: &str| check_skips(value, FAKES);
        assert_eq!(skips("skip=JSONArgsRecommended"), ["json-args"]);
        assert_eq!(skips(" skip = Other, MaintainerDeprecated ;error=true"), ["maintainer"]);
        assert_eq!(skips("error=false;skip=JSONArgsRecommended,MaintainerDeprecated").len(), 2);
        // `all` means every BuildKit check, so rules known only by hadolint codes stay.
        assert_eq!(skips("skip=all"), ["maintainer", "json-args"]);
        // Names are compared as written, and hadolint codes are no check names.
        assert!(skips("skip=jsonargsrecommended,DL3019").is_empty());
        // Values BuildKit refuses skip nothing.
        for value in
            ["skip=all;error=maybe", "skip=all;error=true;x=y", "skip", "skip=all;other=1", ""]
        {
            assert!(skips(value).is_empty(), "{value:?}");
        }
    }

    /// What the comments of `text` silence: the first line of each instruction with the rules
    /// silenced there, and the rules silenced in the whole file.
    fn silenced(text: &str) -> (Vec<(usize, Vec<&'static str>)>, Vec<&'static str>) {
        let suppressions = Suppressions::of(&syntax::parse(text), FAKES);
        let lines = suppressions
            .instructions
            .iter()
            .map(|(range, rules)| {
                (text[..usize::from(range.start())].matches('\n').count() + 1, rules.clone())
            })
            .collect();
        (lines, suppressions.file)
    }

    #[test]
    fn an_ignore_comment_covers_the_instruction_below_it() {
        let text = "FROM alpine\n# dockfix ignore=apk,plain\nRUN apk add x\nRUN apk add y\n";
        assert_eq!(silenced(text), (vec![(3, vec!["apk", "plain"])], vec![]));
        let text = "FROM alpine\n# hadolint ignore=DL3009,DL3019\nRUN apk add x\nRUN apk add y\n";
        assert_eq!(silenced(text), (vec![(3, vec!["apk"])], vec![]));
        // One code can stand for several rules, and one rule for several codes.
        let text = "# hadolint ignore=DL4000\nFROM alpine\n";
        assert_eq!(silenced(text), (vec![(2, vec!["maintainer"])], vec![]));
    }

    #[test]
    fn the_whole_comment_block_counts_but_not_across_a_blank_line() {
        let text = "FROM alpine\n  # hadolint ignore=DL3019\r\n# the reason\n# dockfix ignore=plain\n  \
                    RUN apk add x\n";
        assert_eq!(silenced(text), (vec![(5, vec!["apk", "plain"])], vec![]));
        for blank in ["\n", " \t\n", "\r\n"] {
            let text = format!("FROM alpine\n# dockfix ignore=apk\n{blank}RUN apk add x\n");
            assert_eq!(silenced(&text), (vec![], vec![]), "{text:?}");
        }
        // An instruction between the comment and the target ends the block.
        let text = "# dockfix ignore=apk\nFROM alpine\nRUN apk add x\n";
        assert_eq!(silenced(text), (vec![(2, vec!["apk"])], vec![]));
    }

    #[test]
    fn unknown_names_and_other_codes_silence_nothing() {
        let text = "FROM alpine\n# dockfix ignore=apk-no-cash\n# hadolint ignore=DL3018\nRUN x\n";
        assert_eq!(silenced(text), (vec![], vec![]));
    }

    #[test]
    fn global_comments_cover_the_file_wherever_they_are() {
        let text = "FROM alpine\nRUN apk add x\n\n# dockfix global ignore=apk\n";
        assert_eq!(silenced(text), (vec![], vec!["apk"]));
        let text = "FROM alpine\n# hadolint global ignore=DL3019\nRUN y\n";
        assert_eq!(silenced(text), (vec![], vec!["apk"]));
    }

    #[test]
    fn a_check_directive_counts_only_where_buildkit_reads_directives() {
        let text = "# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nFROM alpine\n";
        assert_eq!(silenced(text), (vec![], vec!["json-args"]));
        // Below an instruction it is a plain comment, for BuildKit too.
        let text = "FROM alpine\n# check=skip=JSONArgsRecommended\nCMD x\n";
        assert_eq!(silenced(text), (vec![], vec![]));
        // A directive is no comment of the block above the first instruction.
        let text = "# check=skip=MaintainerDeprecated\nFROM alpine\n";
        assert_eq!(silenced(text), (vec![], vec!["maintainer"]));
    }

    #[test]
    fn findings_are_attributed_to_the_instruction_holding_their_start() {
        let text = "FROM alpine\n# dockfix ignore=apk\nRUN <<EOF\napk add x\nEOF\nRUN apk add y\n";
        let suppressions = Suppressions::of(&syntax::parse(text), FAKES);
        let at = |needle: &str, rule: &'static str| Diagnostic {
            rule,
            message: String::new(),
            range: TextRange::empty(u32::try_from(text.find(needle).unwrap()).unwrap().into()),
            fix: None,
        };
        assert!(suppressions.silences(&at("apk add x", "apk")));
        assert!(suppressions.silences(&at("EOF\nRUN", "apk")));
        assert!(!suppressions.silences(&at("apk add y", "apk")));
        assert!(!suppressions.silences(&at("apk add x", "plain")));
        assert!(!suppressions.silences(&at("# dockfix", "apk")));

        // Syntax errors are never silenced, not even by a rule that stands for every code.
        static GREEDY: &[Rule] = &[fake(SYNTAX_ERROR, &["DL3019"])];
        let text = "# hadolint global ignore=DL3019\nFROM alpine\nFOO\n";
        let suppressions = Suppressions::of(&syntax::parse(text), GREEDY);
        assert_eq!(suppressions.file, [SYNTAX_ERROR]);
        let error = Diagnostic { rule: SYNTAX_ERROR, ..at("FROM", "apk") };
        assert!(!suppressions.silences(&error));
    }
}
