//! The rules: each looks at a parsed file and reports what it finds, with a fix when it has one.
//!
//! A rule is one file with one `check` function and its documentation, `DOC`, whose example a
//! test runs; [`RULES`] lists them all, and is the only place a new rule has to be added.

mod add_instead_of_copy;
mod apk_no_cache;
mod apk_update_unneeded;
mod apk_upgrade_runtime;
mod apt_get_yes;
mod apt_in_scripts;
mod apt_lists_cleanup;
mod apt_no_install_recommends;
mod base_image_pin;
mod build_tools_in_builder;
mod deps_before_sources;
mod dnf_assume_yes;
mod dnf_cache_clean;
mod env_legacy_form;
mod exec_form_cmd;
mod from_as_casing;
mod maintainer_deprecated;
mod non_root_user;
mod pip_no_cache_dir;
mod pipefail;
mod split_package_runs;
mod suppression;
mod yarn_cache_clean;
mod zypper_cache_clean;
mod zypper_non_interactive;

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

use rowan::TextRange;

use crate::config::RuleOptions;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::semantics::{Base, PackageCommand, Semantics};
use crate::shell::{self, Command, Script};
use crate::syntax::Parse;
use crate::syntax::SyntaxKind::SHELL_INSTR;
use crate::syntax::ast::Instruction;

use suppression::Suppressions;

/// What a rule sees: the text and its tree.
pub struct Context<'a> {
    pub source: &'a str,
    /// Where the file is, when it is a file.
    pub path: Option<&'a Path>,
    pub parse: &'a Parse,
    /// Stages, their distribution family and inherited settings, worked out once per file.
    pub semantics: Semantics,
    /// What single rules are configured to do.
    pub options: &'a RuleOptions,
    /// The build context configured for the file, if any.
    context: Option<&'a Path>,
    /// The stage the build stops at, when one is configured.
    pub target: Option<&'a str>,
    /// The scripts and commands of each `RUN`, read once however many rules ask for them.
    shell: RefCell<HashMap<TextRange, Rc<RunShell>>>,
    /// The instructions that run in a shell other than a POSIX one, worked out once.
    not_posix: OnceCell<HashSet<TextRange>>,
}

/// The instructions of each stage that run after a `SHELL` setting a shell other than a POSIX
/// one, in the stage or in a stage it is built on.
fn not_posix(semantics: &Semantics) -> HashSet<TextRange> {
    let mut set = HashSet::new();
    // Whether each stage ends in a POSIX shell; a stage is built only on stages before it.
    let mut ends_posix: Vec<bool> = Vec::with_capacity(semantics.stages.len());
    for stage in &semantics.stages {
        let mut posix = match stage.base {
            Base::Stage(parent) => ends_posix.get(parent).copied().unwrap_or(true),
            _ => true,
        };
        for instruction in &stage.instructions {
            if instruction.kind() == SHELL_INSTR {
                posix = shell::is_posix_shell(instruction);
            } else if !posix {
                set.insert(instruction.syntax().text_range());
            }
        }
        ends_posix.push(posix);
    }
    set
}

/// What the shell reader makes of one `RUN`: its scripts, and each script's commands.
struct RunShell {
    scripts: Vec<Rc<Script>>,
    commands: Vec<Vec<Command>>,
}

impl Context<'_> {
    fn run_shell(&self, instruction: &Instruction) -> Rc<RunShell> {
        let key = instruction.syntax().text_range();
        let posix = !self.not_posix.get_or_init(|| not_posix(&self.semantics)).contains(&key);
        let mut cache = self.shell.borrow_mut();
        let shell = cache.entry(key).or_insert_with(|| {
            let scripts: Vec<Rc<Script>> =
                shell::run_scripts_in(instruction, posix).into_iter().map(Rc::new).collect();
            let commands = scripts.iter().map(|script| shell::commands(&script.text)).collect();
            Rc::new(RunShell { scripts, commands })
        });
        Rc::clone(shell)
    }

    // The scripts are shared, not copied, between the commands that come from them: a long
    // heredoc script has as many commands as lines.

    /// The scripts of a `RUN` (see [`shell::run_scripts`]); none when its shell is not POSIX.
    pub fn run_scripts(&self, instruction: &Instruction) -> Vec<Rc<Script>> {
        self.run_shell(instruction).scripts.clone()
    }

    /// The commands of a `RUN`'s scripts that the reader could follow, each with its script.
    pub fn run_commands(&self, instruction: &Instruction) -> Vec<(Rc<Script>, Command)> {
        let shell = self.run_shell(instruction);
        let mut commands = Vec::new();
        for (script, of_script) in shell.scripts.iter().zip(&shell.commands) {
            for command in of_script.iter().filter(|command| !command.opaque) {
                commands.push((Rc::clone(script), command.clone()));
            }
        }
        commands
    }

    /// The package-manager commands of a `RUN`'s scripts, each with the script it is in.
    pub fn package_commands(&self, instruction: &Instruction) -> Vec<(Rc<Script>, PackageCommand)> {
        let shell = self.run_shell(instruction);
        let mut commands = Vec::new();
        for (script, of_script) in shell.scripts.iter().zip(&shell.commands) {
            for command in of_script {
                if let Some(package) = PackageCommand::recognize(command.clone()) {
                    commands.push((Rc::clone(script), package));
                }
            }
        }
        commands
    }

    /// The stage the build produces (see [`Semantics::runtime_stage`]), and when no target is
    /// configured and the last stage is named like one for development, tests or checks
    /// (`dev`, `debug`, `test-e2e`, `lint`…), why it may not be the image that ships: the rules
    /// that rewrite the runtime stage then only report.
    pub fn runtime_stage(&self) -> Option<(usize, Option<String>)> {
        let index = self.semantics.runtime_stage(self.target)?;
        let doubt = match (&self.semantics.stages[index].name, self.target) {
            (Some(name), None) if is_development_stage(name) => Some(format!(
                "the last stage, `{name}`, is named like a stage for development or checks \
                 rather than the image that ships; name the stage that ships with `--target` \
                 or a `[[contexts]]` target"
            )),
            _ => None,
        };
        Some((index, doubt))
    }

    /// The folder the file is built from: the configured one, else the file's own folder.
    /// `None` for text that is no file, such as standard input, with no context configured.
    pub fn build_context(&self) -> Option<&Path> {
        self.context.or_else(|| self.path.map(|path| path.parent().unwrap_or(Path::new(""))))
    }
}

/// The rules that judge the runtime stage, which `--target` or a context's target names.
pub const RUNTIME_STAGE_RULES: &[&str] =
    &[apk_upgrade_runtime::NAME, non_root_user::NAME, build_tools_in_builder::NAME];

/// First words of stage names that mark a stage for development, debugging or checks.
const DEVELOPMENT_STAGES: &[&str] = &[
    "dev",
    "devel",
    "develop",
    "development",
    "devcontainer",
    "debug",
    "test",
    "tests",
    "testing",
    "lint",
    "ci",
    "e2e",
    "check",
    "checks",
    "verify",
    "validate",
    "validation",
    "verification",
    "linting",
];

/// Whether a stage name's first word (up to a `-`, `_` or `.`) is one of [`DEVELOPMENT_STAGES`].
fn is_development_stage(name: &str) -> bool {
    let first = name.split(['-', '_', '.']).next().unwrap_or(name);
    DEVELOPMENT_STAGES.contains(&first.to_ascii_lowercase().as_str())
}

/// What rules know of a file besides its text: where it is and how it is built.
#[derive(Debug, Clone, Copy)]
pub struct FileInfo<'a> {
    pub path: Option<&'a Path>,
    pub context: Option<&'a Path>,
    pub target: Option<&'a str>,
    pub options: &'a RuleOptions,
}

/// Whether a rule's findings come with a fix, and how safe it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    Safe,
    Unsafe,
    ReportOnly,
}

impl FixKind {
    /// `safe`, `unsafe` or `report-only`, as `dockfix rules` prints it.
    pub fn label(self) -> &'static str {
        match self {
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
            FixKind::ReportOnly => "report-only",
        }
    }

    pub fn applicability(self) -> Option<Applicability> {
        match self {
            FixKind::Safe => Some(Applicability::Safe),
            FixKind::Unsafe => Some(Applicability::Unsafe),
            FixKind::ReportOnly => None,
        }
    }
}

pub struct Rule {
    /// The name users select, ignore and suppress the rule by.
    pub name: &'static str,
    /// The hadolint or BuildKit check codes the rule corresponds to.
    pub codes: &'static [&'static str],
    /// One line saying what the rule finds.
    pub summary: &'static str,
    /// Markdown: What it does, Why, Example (checked by a test), Fix safety, Known problems.
    pub doc: &'static str,
    pub fix: FixKind,
    pub check: fn(&Context<'_>, &mut Vec<Diagnostic>),
}

/// The rule name under which files BuildKit would reject are reported.
pub const SYNTAX_ERROR: &str = "syntax-error";

pub static RULES: &[Rule] = &[
    Rule {
        name: apk_no_cache::NAME,
        codes: &["DL3019"],
        summary: "`apk add` and `apk upgrade` without `--no-cache` keep the package index in the image",
        doc: apk_no_cache::DOC,
        fix: FixKind::Safe,
        check: apk_no_cache::check,
    },
    Rule {
        name: apt_get_yes::NAME,
        codes: &["DL3014"],
        summary: "`apt-get install` and other subcommands that ask for confirmation, without `-y`",
        doc: apt_get_yes::DOC,
        fix: FixKind::Safe,
        check: apt_get_yes::check,
    },
    Rule {
        name: apt_in_scripts::NAME,
        codes: &["DL3027"],
        summary: "`apt`, the interactive front end, used in a script instead of `apt-get`",
        doc: apt_in_scripts::DOC,
        fix: FixKind::Safe,
        check: apt_in_scripts::check,
    },
    Rule {
        name: apt_lists_cleanup::NAME,
        codes: &["DL3009"],
        summary: "`apt-get update` and install in a `RUN` that leaves the package lists in the layer",
        doc: apt_lists_cleanup::DOC,
        fix: FixKind::Safe,
        check: apt_lists_cleanup::check,
    },
    Rule {
        name: apt_no_install_recommends::NAME,
        codes: &["DL3015"],
        summary: "`apt-get install` without `--no-install-recommends` also installs recommended packages",
        doc: apt_no_install_recommends::DOC,
        fix: FixKind::Unsafe,
        check: apt_no_install_recommends::check,
    },
    Rule {
        name: apk_update_unneeded::NAME,
        codes: &[],
        summary: "`apk update` before `apk add --no-cache` only leaves an unused index behind",
        doc: apk_update_unneeded::DOC,
        fix: FixKind::Safe,
        check: apk_update_unneeded::check,
    },
    Rule {
        name: dnf_assume_yes::NAME,
        codes: &["DL3030", "DL3038"],
        summary: "`dnf`, `microdnf` and `yum` changing packages without `-y` wait for an answer",
        doc: dnf_assume_yes::DOC,
        fix: FixKind::Safe,
        check: dnf_assume_yes::check,
    },
    Rule {
        name: dnf_cache_clean::NAME,
        codes: &["DL3032", "DL3040"],
        summary: "Installs with `dnf`, `microdnf` or `yum` and no `clean all` keep their cache",
        doc: dnf_cache_clean::DOC,
        fix: FixKind::Safe,
        check: dnf_cache_clean::check,
    },
    Rule {
        name: zypper_non_interactive::NAME,
        codes: &["DL3034"],
        summary: "`zypper` commands that change packages without `-n` or `-y` wait for an answer",
        doc: zypper_non_interactive::DOC,
        fix: FixKind::Safe,
        check: zypper_non_interactive::check,
    },
    Rule {
        name: zypper_cache_clean::NAME,
        codes: &["DL3036"],
        summary: "Installs with `zypper` and no `zypper clean` keep its cache",
        doc: zypper_cache_clean::DOC,
        fix: FixKind::Safe,
        check: zypper_cache_clean::check,
    },
    Rule {
        name: pip_no_cache_dir::NAME,
        codes: &["DL3042"],
        summary: "`pip install` without `--no-cache-dir` keeps pip's cache in the image",
        doc: pip_no_cache_dir::DOC,
        fix: FixKind::Safe,
        check: pip_no_cache_dir::check,
    },
    Rule {
        name: yarn_cache_clean::NAME,
        codes: &["DL3060"],
        summary: "Installs with Yarn 1 and no `yarn cache clean` keep its cache",
        doc: yarn_cache_clean::DOC,
        fix: FixKind::Unsafe,
        check: yarn_cache_clean::check,
    },
    Rule {
        name: maintainer_deprecated::NAME,
        codes: &["DL4000", "MaintainerDeprecated"],
        summary: "`MAINTAINER` is deprecated; the author belongs in a label",
        doc: maintainer_deprecated::DOC,
        fix: FixKind::Unsafe,
        check: maintainer_deprecated::check,
    },
    Rule {
        name: add_instead_of_copy::NAME,
        codes: &["DL3020"],
        summary: "`ADD` of local files and folders, which `COPY` does without surprises",
        doc: add_instead_of_copy::DOC,
        fix: FixKind::Unsafe,
        check: add_instead_of_copy::check,
    },
    Rule {
        name: env_legacy_form::NAME,
        codes: &["LegacyKeyValueFormat"],
        summary: "`ENV key value` and `LABEL key value`, the legacy form without `=`",
        doc: env_legacy_form::DOC,
        fix: FixKind::Safe,
        check: env_legacy_form::check,
    },
    Rule {
        name: from_as_casing::NAME,
        codes: &["FromAsCasing"],
        summary: "`AS` in `FROM image AS name` not in the case of `FROM`",
        doc: from_as_casing::DOC,
        fix: FixKind::Safe,
        check: from_as_casing::check,
    },
    Rule {
        name: exec_form_cmd::NAME,
        codes: &["DL3025", "JSONArgsRecommended"],
        summary: "`CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` in shell form",
        doc: exec_form_cmd::DOC,
        fix: FixKind::Unsafe,
        check: exec_form_cmd::check,
    },
    Rule {
        name: pipefail::NAME,
        codes: &["DL4006"],
        summary: "pipes in `RUN` without `-o pipefail`, which hides failures inside the pipeline",
        doc: pipefail::DOC,
        fix: FixKind::Unsafe,
        check: pipefail::check,
    },
    Rule {
        name: apk_upgrade_runtime::NAME,
        codes: &[],
        summary: "an Alpine runtime stage that never runs `apk upgrade`",
        doc: apk_upgrade_runtime::DOC,
        fix: FixKind::Unsafe,
        check: apk_upgrade_runtime::check,
    },
    Rule {
        name: split_package_runs::NAME,
        codes: &[],
        summary: "a `RUN` that only refreshes packages, apart from the install that needs it",
        doc: split_package_runs::DOC,
        fix: FixKind::Safe,
        check: split_package_runs::check,
    },
    Rule {
        name: non_root_user::NAME,
        codes: &["DL3002"],
        summary: "a runtime stage that runs as root, with no `USER` switching to another user",
        doc: non_root_user::DOC,
        fix: FixKind::Unsafe,
        check: non_root_user::check,
    },
    Rule {
        name: deps_before_sources::NAME,
        codes: &[],
        summary: "`COPY . <dest>` before the `RUN` that fetches the dependencies",
        doc: deps_before_sources::DOC,
        fix: FixKind::Unsafe,
        check: deps_before_sources::check,
    },
    Rule {
        name: base_image_pin::NAME,
        codes: &["DL3006", "DL3007"],
        summary: "`FROM` an image with no tag or `latest`, or a builder toolchain with no version",
        doc: base_image_pin::DOC,
        fix: FixKind::Unsafe,
        check: base_image_pin::check,
    },
    Rule {
        name: build_tools_in_builder::NAME,
        codes: &[],
        summary: "compilers and other build tools installed in the runtime stage, not in its builder",
        doc: build_tools_in_builder::DOC,
        fix: FixKind::Unsafe,
        check: build_tools_in_builder::check,
    },
];

/// The rule called `name`.
pub fn by_name(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.name == name)
}

/// Every finding in `source`: its syntax errors, or when it has none, what `rules` report, less
/// what the file's suppression comments silence.
pub fn check(
    source: &str,
    file: &FileInfo<'_>,
    parse: &Parse,
    rules: &[&'static Rule],
) -> Vec<Diagnostic> {
    if !parse.errors().is_empty() {
        return parse
            .errors()
            .iter()
            .map(|e| Diagnostic {
                rule: SYNTAX_ERROR,
                message: e.message.clone(),
                range: e.range,
                fix: None,
            })
            .collect();
    }
    let ctx = Context {
        source,
        path: file.path,
        parse,
        semantics: Semantics::new(parse),
        options: file.options,
        context: file.context,
        target: file.target,
        shell: RefCell::default(),
        not_posix: OnceCell::new(),
    };
    let suppressions = Suppressions::of(parse, RULES);
    let mut diagnostics = Vec::new();
    for rule in rules.iter().filter(|rule| !suppressions.silences_file(rule.name)) {
        (rule.check)(&ctx, &mut diagnostics);
    }
    diagnostics.retain(|d| !suppressions.silences(d));
    diagnostics.sort_by_key(|d| (d.range.start(), d.range.end()));
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{self, Settings};

    const SECTIONS: [&str; 5] =
        ["## What it does", "## Why", "## Example", "## Fix safety", "## Known problems"];

    /// BuildKit's build check names, as `# check=skip=` spells them.
    const BUILDKIT_CHECKS: &[&str] = &[
        "ConsistentInstructionCasing",
        "CopyIgnoredFile",
        "DuplicateStageName",
        "ExposeInvalidFormat",
        "ExposeProtoCasing",
        "FromAsCasing",
        "FromPlatformFlagConstDisallowed",
        "InvalidBaseImagePlatform",
        "InvalidDefaultArgInFrom",
        "InvalidDefinitionDescription",
        "JSONArgsRecommended",
        "LegacyKeyValueFormat",
        "MaintainerDeprecated",
        "MultipleInstructionsDisallowed",
        "NoEmptyContinuation",
        "RedundantTargetPlatform",
        "ReservedStageName",
        "SecretsUsedInArgOrEnv",
        "StageNameCasing",
        "UndefinedArgInFrom",
        "UndefinedVar",
        "WorkdirRelativePath",
    ];

    /// The `## ` sections of a markdown text, heading and body, ignoring lines in code blocks.
    fn sections(doc: &str) -> Vec<(&str, String)> {
        let mut sections: Vec<(&str, String)> = Vec::new();
        let mut in_code = false;
        for line in doc.lines() {
            if line.starts_with("```") {
                in_code = !in_code;
            }
            if !in_code && line.starts_with("## ") {
                sections.push((line, String::new()));
            } else if let Some((_, body)) = sections.last_mut() {
                body.push_str(line);
                body.push('\n');
            }
        }
        sections
    }

    /// The contents of the ```` ```dockerfile ```` blocks of a markdown text.
    fn dockerfile_blocks(text: &str) -> Vec<String> {
        blocks(text, "dockerfile")
    }

    /// The contents of the code blocks of a markdown text whose info string is `info`.
    fn blocks(text: &str, info: &str) -> Vec<String> {
        let opening = format!("```{info}");
        let mut blocks = Vec::new();
        let mut block: Option<String> = None;
        for line in text.lines() {
            match &mut block {
                None if line.trim_end() == opening => block = Some(String::new()),
                None => {}
                Some(_) if line.trim_end() == "```" => blocks.extend(block.take()),
                Some(text) => {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
        blocks
    }

    #[test]
    fn every_rule_is_documented_in_the_five_sections() {
        for rule in RULES {
            let sections = sections(rule.doc);
            let headings: Vec<&str> = sections.iter().map(|(heading, _)| *heading).collect();
            assert_eq!(headings, SECTIONS, "{}: the doc's `## ` sections", rule.name);
            for (heading, body) in &sections {
                assert!(!body.trim().is_empty(), "{}: {heading} is empty", rule.name);
            }
            assert!(
                rule.doc.starts_with("## What it does\n"),
                "{}: text before the sections",
                rule.name
            );
            assert!(!rule.summary.is_empty() && !rule.summary.contains('\n'), "{}", rule.name);
        }
    }

    /// The rule options an example runs with: the defaults, changed by the settings of a
    /// ```` ```toml ```` block in it, for a rule whose fix needs a configuration.
    fn example_options(example: &str) -> std::sync::Arc<RuleOptions> {
        use crate::config::{CommandLine, Resolver};
        let Some(toml) = blocks(example, "toml").pop() else {
            return std::sync::Arc::default();
        };
        let cli = CommandLine { config: vec![toml], isolated: true, ..CommandLine::default() };
        let resolver = Resolver::in_folder(&cli, Path::new("/")).expect("the example's settings");
        resolver.settings_for(None).expect("the example's settings").options.clone()
    }

    /// Each rule's example, run: the first block gives a finding of the rule, and the rule's fix
    /// turns it into the second, where the rule finds nothing more. A report-only rule's second
    /// block is what the author would write; the rule must find nothing there either.
    ///
    /// An example whose rule looks at the build context lists the files it holds, one a line,
    /// in a ```` ```context ```` block; they are made, empty, in a folder beside the example,
    /// which is then checked as a `Dockerfile` there.
    #[test]
    fn every_rule_example_is_found_and_fixed_as_documented() {
        for rule in RULES {
            let example = &sections(rule.doc)[2].1;
            let [before, after] = &dockerfile_blocks(example)[..] else {
                panic!("{}: the example needs a before and an after ```dockerfile block", rule.name)
            };
            let settings = Settings {
                unsafe_fixes: true,
                select: Some(vec![rule.name.to_string()]),
                options: example_options(example),
                ..Settings::default()
            };
            let files = blocks(example, "context");
            let dir = tempfile::tempdir().unwrap();
            for file in files.iter().flat_map(|block| block.lines()) {
                let path = dir.path().join(file);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, "").unwrap();
            }
            let dockerfile = dir.path().join("Dockerfile");
            let path = (!files.is_empty()).then_some(dockerfile.as_path());

            let found = fix::lint_at(before, path, &settings);
            assert!(
                !found.is_empty() && found.iter().all(|d| d.rule == rule.name),
                "{}: the example's before block should give findings of the rule: {found:?}",
                rule.name
            );
            // The fix a finding offers is the one the rule declares.
            for diagnostic in &found {
                let offered = diagnostic.fix.as_ref().map(|f| f.applicability);
                assert!(
                    offered.is_none() || offered == rule.fix.applicability(),
                    "{}: a finding offers a {offered:?} fix but the rule declares {:?}",
                    rule.name,
                    rule.fix
                );
            }

            if rule.fix != FixKind::ReportOnly {
                let outcome = fix::fix_at(before, path, &settings);
                assert_eq!(outcome.text, *after, "{}: the example's fixed text", rule.name);
            }
            let left = fix::lint_at(after, path, &settings);
            assert!(
                left.is_empty(),
                "{}: findings in the example's after block: {left:?}",
                rule.name
            );
        }
    }

    /// `text` with `comment` on a line of its own above each instruction.
    fn above_each_instruction(text: &str, comment: &str) -> String {
        let parse = crate::syntax::parse(text);
        let mut starts: Vec<usize> = parse
            .tree()
            .instructions()
            .map(|i| usize::from(i.syntax().text_range().start()))
            .map(|start| text[..start].rfind('\n').map_or(0, |newline| newline + 1))
            .collect();
        starts.dedup();
        let mut out = String::new();
        let mut last = 0;
        for start in starts {
            out.push_str(&text[last..start]);
            out.push_str(comment);
            out.push('\n');
            last = start;
        }
        out.push_str(&text[last..]);
        out
    }

    /// Each rule's example is silenced by every comment that names the rule or one of its codes.
    #[test]
    fn every_rule_is_silenced_by_each_suppression_form() {
        for rule in RULES {
            let before = &dockerfile_blocks(&sections(rule.doc)[2].1)[0];
            let settings =
                Settings { select: Some(vec![rule.name.to_string()]), ..Settings::default() };
            let mut silenced = vec![
                format!("{before}# dockfix global ignore={}\n", rule.name),
                above_each_instruction(before, &format!("# dockfix ignore={}", rule.name)),
            ];
            for code in rule.codes {
                if suppression::is_hadolint_code(code) {
                    silenced.push(format!("# hadolint global ignore={code}\n{before}"));
                    silenced
                        .push(above_each_instruction(before, &format!("# hadolint ignore={code}")));
                } else {
                    silenced.push(format!("# check=skip={code}\n{before}"));
                    silenced.push(format!("# check=skip=all\n{before}"));
                }
            }
            for text in &silenced {
                let left = fix::lint(text, &settings);
                assert!(left.is_empty(), "{}: not silenced in\n{text}\n{left:?}", rule.name);
            }
        }
    }

    #[test]
    fn names_are_unique_and_codes_are_hadolint_codes_or_buildkit_checks() {
        for (i, rule) in RULES.iter().enumerate() {
            let kebab = rule.name.split('-').all(|part| {
                !part.is_empty()
                    && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
            assert!(kebab, "{}: rule names are lower-case words joined by `-`", rule.name);
            assert_ne!(rule.name, SYNTAX_ERROR);
            assert!(RULES[..i].iter().all(|other| other.name != rule.name), "{} twice", rule.name);
            for code in rule.codes {
                assert!(
                    suppression::is_hadolint_code(code) || BUILDKIT_CHECKS.contains(code),
                    "{}: `{code}` is neither a hadolint code nor a BuildKit check",
                    rule.name
                );
            }
        }
    }

    #[test]
    fn development_stages_are_known_by_their_first_word() {
        let names = ["dev", "dev-envs", "debug", "test_e2e", "Lint", "devcontainer", "ci"];
        for name in names.into_iter().chain(["check", "validate-toc", "verify"]) {
            assert!(is_development_stage(name), "{name}");
        }
        for name in ["runtime", "prod", "release", "devops", "testbed", "checkout", "final"] {
            assert!(!is_development_stage(name), "{name}");
        }
    }

    #[test]
    fn the_doc_examples_are_read_from_code_blocks_only() {
        let doc = "## What it does\nx\n## Example\n```dockerfile\n## not a heading\nFROM a\n```\n\
                   becomes\n```dockerfile\nFROM b\n```\n## Fix safety\ny\n";
        let found = sections(doc);
        let headings: Vec<&str> = found.iter().map(|(heading, _)| *heading).collect();
        assert_eq!(headings, ["## What it does", "## Example", "## Fix safety"]);
        assert_eq!(dockerfile_blocks(&found[1].1), ["## not a heading\nFROM a\n", "FROM b\n"]);
    }
}
