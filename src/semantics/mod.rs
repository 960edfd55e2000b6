//! What a Dockerfile means beyond its syntax: its build stages, what each is built on, which
//! distribution it runs, the `SHELL` in effect, and the package managers its scripts call.

mod family;
mod packages;

pub use family::Family;
pub use packages::{
    DNF_FETCHING, DNF_REMOVING, Manager, PackageCommand, ZYPPER_FETCHING, ZYPPER_REMOVING,
};

use rowan::TextSize;

use crate::syntax::Parse;
use crate::syntax::SyntaxKind::*;
use crate::syntax::ast::{ImageParts, Instruction, LogicalText};

/// What a stage's `FROM` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// `FROM scratch`: an empty image.
    Scratch,
    /// An earlier stage of the same file, by index.
    Stage(usize),
    /// An image, with build arguments declared before the first `FROM` substituted.
    Image(ImageParts),
}

/// One build stage and what is known about it.
#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    /// The name after `AS`, lower-cased as BuildKit compares it.
    pub name: Option<String>,
    pub from: Instruction,
    pub base: Base,
    pub family: Family,
    /// The instructions after the `FROM`, up to the next one.
    pub instructions: Vec<Instruction>,
}

/// The stages of a file, with their relations.
#[derive(Debug, Clone, Default)]
pub struct Semantics {
    pub stages: Vec<Stage>,
    /// `ARG name=default` declared before the first `FROM`, in order, each default with the
    /// arguments declared before it substituted, as BuildKit expands them.
    pub global_args: Vec<(String, String)>,
}

impl Semantics {
    pub fn new(parse: &Parse) -> Semantics {
        let tree = parse.tree();
        let mut global_args: Vec<(String, String)> = Vec::new();
        let mut stages: Vec<Stage> = Vec::new();
        for instruction in tree.instructions() {
            if instruction.kind() == FROM_INSTR {
                let index = stages.len();
                let name = instruction
                    .syntax()
                    .children()
                    .find(|n| n.kind() == STAGE_NAME)
                    .map(|n| LogicalText::of(&n).text.to_ascii_lowercase());
                let image = instruction.image().map(|i| substitute(&i.text(), &global_args));
                let base = match image {
                    None => Base::Scratch,
                    Some(image) if image.eq_ignore_ascii_case("scratch") => Base::Scratch,
                    Some(image) => {
                        let lower = image.to_ascii_lowercase();
                        match stages.iter().position(|s| s.name.as_deref() == Some(&lower)) {
                            Some(parent) => Base::Stage(parent),
                            None => Base::Image(ImageParts::parse(&image)),
                        }
                    }
                };
                stages.push(Stage {
                    index,
                    name,
                    from: instruction,
                    base,
                    family: Family::Unknown,
                    instructions: Vec::new(),
                });
            } else if let Some(stage) = stages.last_mut() {
                stage.instructions.push(instruction);
            } else if instruction.kind() == ARG_INSTR {
                for (name, default) in arg_defaults(&instruction) {
                    let default = substitute(&default, &global_args);
                    global_args.push((name, default));
                }
            }
        }
        for i in 0..stages.len() {
            let family = match &stages[i].base {
                Base::Scratch => Family::Scratch,
                Base::Stage(parent) => stages[*parent].family,
                Base::Image(image) => Family::of_image(image),
            };
            stages[i].family = match family {
                Family::Unknown => Family::from_package_managers(&stages[i].instructions),
                known => known,
            };
        }
        Semantics { stages, global_args }
    }

    /// The stage the build produces: the one named `target`, else the last. `None` when no
    /// stage has the name (BuildKit would refuse the build) or the file has no stage.
    pub fn runtime_stage(&self, target: Option<&str>) -> Option<usize> {
        match target {
            Some(target) => self.stage_named(target),
            None => self.stages.len().checked_sub(1),
        }
    }

    /// The stage called `name` (as `AS` names it, in any case), or numbered `name`.
    pub fn stage_named(&self, name: &str) -> Option<usize> {
        let lower = name.to_ascii_lowercase();
        if let Some(i) = self.stages.iter().position(|s| s.name.as_deref() == Some(&lower)) {
            return Some(i);
        }
        lower.parse::<usize>().ok().filter(|&i| i < self.stages.len())
    }

    /// The stages `index` takes files from, in file order: those named by `COPY --from=` and by
    /// `RUN --mount=from=`. The stage it is built on is not among them.
    pub fn sources(&self, index: usize) -> Vec<usize> {
        let mut found = Vec::new();
        for instruction in &self.stages[index].instructions {
            for reference in stage_references(instruction) {
                let reference = substitute(&reference, &self.global_args);
                if let Some(source) = self.stage_named(&reference) {
                    if source != index && !found.contains(&source) {
                        found.push(source);
                    }
                }
            }
        }
        found
    }

    /// The stages a build of `index` needs: the stages it is built on and takes files from,
    /// and theirs in turn, in file order; `index` itself is not among them.
    pub fn needed_by(&self, index: usize) -> Vec<usize> {
        let mut needed = vec![false; self.stages.len()];
        let mut todo = vec![index];
        while let Some(current) = todo.pop() {
            let base = match self.stages[current].base {
                Base::Stage(parent) => Some(parent),
                _ => None,
            };
            for next in base.into_iter().chain(self.sources(current)) {
                if next != index && !needed[next] {
                    needed[next] = true;
                    todo.push(next);
                }
            }
        }
        (0..self.stages.len()).filter(|&i| needed[i]).collect()
    }

    /// The user a `USER` in stage `index`, or in a stage it is built on, sets before `offset`;
    /// `None` when no `USER` does, and the image's own default user applies.
    pub fn user_at(&self, index: usize, offset: TextSize) -> Option<String> {
        for i in std::iter::once(index).chain(self.ancestors(index)) {
            let user = self.stages[i]
                .instructions
                .iter()
                .rev()
                .filter(|ins| ins.syntax().text_range().start() < offset)
                .find(|ins| ins.kind() == USER_INSTR)
                .map(user_of);
            if user.is_some() {
                return user;
            }
        }
        None
    }

    /// The user stage `index` ends as: see [`Semantics::user_at`].
    pub fn final_user(&self, index: usize) -> Option<String> {
        self.user_at(index, self.end_of(index))
    }

    /// Where stage `index` ends: the end of its last instruction, or of its `FROM`.
    pub fn end_of(&self, index: usize) -> TextSize {
        let stage = &self.stages[index];
        stage.instructions.last().unwrap_or(&stage.from).syntax().text_range().end()
    }

    /// The stage an offset of the file falls in.
    pub fn stage_at(&self, offset: TextSize) -> Option<&Stage> {
        self.stages.iter().rev().find(|s| s.from.syntax().text_range().start() <= offset)
    }

    /// The stages built on `index`, directly or through others, in file order.
    pub fn descendants(&self, index: usize) -> Vec<usize> {
        let mut found = vec![false; self.stages.len()];
        for stage in &self.stages {
            if let Base::Stage(parent) = stage.base {
                if parent == index || found[parent] {
                    found[stage.index] = true;
                }
            }
        }
        (0..self.stages.len()).filter(|&i| found[i]).collect()
    }

    /// The stages `index` is built on, nearest first.
    pub fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut res = Vec::new();
        let mut current = index;
        while let Base::Stage(parent) = self.stages[current].base {
            res.push(parent);
            current = parent;
        }
        res
    }

    /// The image stage `index` is built on in the end, through the stages it is built on;
    /// `None` for a stage built on `scratch`.
    pub fn image_of(&self, index: usize) -> Option<&ImageParts> {
        let root = self.ancestors(index).last().copied().unwrap_or(index);
        match &self.stages[root].base {
            Base::Image(image) => Some(image),
            _ => None,
        }
    }

    /// Whether `ENV` (or `ARG`) sets `name` in the stage `index` or a stage it is built on,
    /// before `before`.
    pub fn sets_variable(&self, index: usize, name: &str, before: TextSize) -> bool {
        std::iter::once(index).chain(self.ancestors(index)).any(|i| {
            self.stages[i].instructions.iter().any(|instruction| {
                instruction.syntax().text_range().start() < before
                    && matches!(instruction.kind(), ENV_INSTR | ARG_INSTR)
                    && assigned_names(instruction).iter().any(|n| n == name)
            })
        })
    }

    /// The exec-form `SHELL` in effect at `offset`: the last one before it in its stage or the
    /// stages it is built on. `None` means the default (`/bin/sh -c` on Linux).
    pub fn shell_at(&self, offset: TextSize) -> Option<Vec<String>> {
        let stage = self.stage_at(offset)?;
        for i in std::iter::once(stage.index).chain(self.ancestors(stage.index)) {
            let shell = self.stages[i]
                .instructions
                .iter()
                .rev()
                .find(|ins| ins.kind() == SHELL_INSTR && ins.syntax().text_range().start() < offset)
                .and_then(|ins| ins.exec_form())
                .map(|form| form.strings());
            if shell.is_some() {
                return shell;
            }
        }
        None
    }
}

/// The targets of the `--mount=type=cache` flags of a `RUN` (or of the `RUN` an `ONBUILD`
/// wraps), without trailing slashes: where the author chose to keep a cache between builds.
pub fn cache_mount_targets(instruction: &Instruction) -> Vec<String> {
    let run = match instruction.kind() {
        ONBUILD_INSTR => instruction.onbuild_inner(),
        _ => Some(instruction.clone()),
    };
    let Some(run) = run else { return Vec::new() };
    run.flags()
        .filter(|flag| flag.name() == "mount")
        .filter_map(|flag| flag.value())
        .filter_map(|value| {
            let mut is_cache = false;
            let mut target = None;
            for field in value.split(',') {
                let (key, val) = field.split_once('=').unwrap_or((field, ""));
                match key {
                    "type" => is_cache = val == "cache",
                    "target" | "dst" | "destination" => {
                        target = Some(val.trim_end_matches('/').to_string());
                    }
                    _ => {}
                }
            }
            target.filter(|_| is_cache)
        })
        .collect()
}

/// Whether `user` (a `USER` value, `name[:group]`) is root: `root` or uid 0.
pub fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || name == "0"
}

/// The value of a `USER`, as written, without surrounding space.
fn user_of(instruction: &Instruction) -> String {
    instruction
        .syntax()
        .children()
        .find(|n| n.kind() == TEXT)
        .map(|n| LogicalText::of(&n).text.trim().to_string())
        .unwrap_or_default()
}

/// The stage references of an instruction: `COPY --from=NAME` and `RUN --mount=...,from=NAME`.
fn stage_references(instruction: &Instruction) -> Vec<String> {
    match instruction.kind() {
        COPY_INSTR | ADD_INSTR => {
            instruction.flag("from").and_then(|flag| flag.value()).into_iter().collect()
        }
        RUN_INSTR => instruction
            .flags()
            .filter(|flag| flag.name() == "mount")
            .filter_map(|flag| flag.value())
            .filter_map(|value| {
                value.split(',').find_map(|field| field.strip_prefix("from=").map(str::to_string))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The names an `ENV` or `ARG` assigns.
fn assigned_names(instruction: &Instruction) -> Vec<String> {
    let kind = if instruction.kind() == ENV_INSTR { KEY_VALUE } else { ARG_DEF };
    instruction
        .syntax()
        .children()
        .filter(|n| n.kind() == kind)
        .filter_map(|n| n.children().find(|c| c.kind() == KEY))
        .map(|key| LogicalText::of(&key).text)
        .collect()
}

/// `ARG name=default` pairs of an `ARG` (names without a default are left out).
fn arg_defaults(instruction: &Instruction) -> Vec<(String, String)> {
    instruction
        .syntax()
        .children()
        .filter(|n| n.kind() == ARG_DEF)
        .filter_map(|n| {
            let text = LogicalText::of(&n).text;
            let (name, value) = text.split_once('=')?;
            Some((name.to_string(), value.trim_matches(|c| c == '"' || c == '\'').to_string()))
        })
        .collect()
}

/// `$NAME` and `${NAME}` replaced by the defaults of the global build arguments `args`, as
/// [`Semantics::global_args`] holds them; a name without a default is left as written.
pub fn substitute(text: &str, args: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, consumed) = match after.strip_prefix('{') {
            Some(inner) => match inner.find('}') {
                Some(end) => (&inner[..end], end + 2),
                None => ("", 0),
            },
            None => {
                let len = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..len], len)
            }
        };
        // `${NAME:-default}` falls back to its default when the argument has none.
        let (name, fallback) = match name.split_once(":-") {
            Some((name, fallback)) => (name, Some(fallback)),
            None => (name, None),
        };
        match args.iter().rev().find(|(n, _)| n == name) {
            Some((_, value)) if !name.is_empty() => out.push_str(value),
            _ => match fallback {
                Some(fallback) => out.push_str(fallback),
                None => out.push_str(&rest[at..at + 1 + consumed]),
            },
        }
        rest = &rest[at + 1 + consumed..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    fn semantics(text: &str) -> Semantics {
        Semantics::new(&syntax::parse(text))
    }

    #[test]
    fn stages_know_their_base_and_family() {
        let s = semantics(
            "ARG ALPINE=3.21\nFROM alpine:${ALPINE} AS Build\nRUN apk add --no-cache gcc\n\
             FROM build AS test\nFROM gcr.io/distroless/static-debian12\nFROM scratch\n\
             FROM python:3.12-slim\nFROM registry.example.com/base:1\nRUN dnf -y install x\n",
        );
        let bases: Vec<_> = s.stages.iter().map(|st| st.base.clone()).collect();
        assert_eq!(bases[1], Base::Stage(0));
        assert_eq!(bases[3], Base::Scratch);
        let Base::Image(image) = &bases[0] else { panic!("{bases:?}") };
        assert_eq!(image.tag.as_deref(), Some("3.21"));
        let families: Vec<_> = s.stages.iter().map(|st| st.family).collect();
        assert_eq!(
            families,
            [
                Family::Alpine,
                Family::Alpine,
                Family::Distroless,
                Family::Scratch,
                Family::Debian,
                Family::Rhel
            ]
        );
        assert_eq!(s.stages[0].name.as_deref(), Some("build"));
        assert_eq!(s.descendants(0), [1]);
        assert_eq!(s.ancestors(1), [0]);
        assert_eq!(s.image_of(1).map(|i| i.tag.as_deref()), Some(Some("3.21")));
        assert_eq!(s.image_of(5).map(|i| i.name.as_str()), Some("base"));
        assert_eq!(s.image_of(3), None);
    }

    #[test]
    fn stages_know_what_they_take_files_from_and_who_they_run_as() {
        let text = "ARG BUILDER=deps\nFROM alpine:3.21 AS Deps\nUSER nobody\n\
                    FROM deps AS build\nRUN --mount=type=bind,from=tools,target=/t make\n\
                    FROM busybox AS tools\nUSER 0:0\n\
                    FROM alpine:3.21\nCOPY --from=${BUILDER} /a /a\nCOPY --from=1 /b /b\n\
                    COPY --from=nginx:1.27 /c /c\nUSER app\nCMD [\"x\"]\n";
        let s = semantics(text);
        assert_eq!(s.runtime_stage(None), Some(3));
        assert_eq!(s.runtime_stage(Some("BUILD")), Some(1));
        assert_eq!(s.runtime_stage(Some("missing")), None);
        assert_eq!(s.sources(3), [0, 1]);
        assert_eq!(s.sources(1), [2]);
        assert_eq!(s.needed_by(3), [0, 1, 2]);
        assert_eq!(s.needed_by(2), Vec::<usize>::new());
        // `build` inherits the user of `deps`; `tools` ends as root.
        assert_eq!(s.final_user(1).as_deref(), Some("nobody"));
        assert!(is_root(&s.final_user(2).unwrap()));
        assert_eq!(s.final_user(3).as_deref(), Some("app"));
        let before_user = TextSize::from(text.find("USER app").unwrap() as u32);
        assert_eq!(s.user_at(3, before_user), None);
        assert!(is_root("root:root") && !is_root("rooter") && !is_root("10001:10001"));
    }

    #[test]
    fn cache_mounts_are_read_from_the_run_flags() {
        let parse = syntax::parse(
            "FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk/ \\\n  \
             --mount=\"type=cache,dst=/root/.cache/pip\" --mount=type=bind,target=/src x\n",
        );
        let run = parse.tree().instructions().nth(1).unwrap();
        assert_eq!(cache_mount_targets(&run), ["/var/cache/apk", "/root/.cache/pip"]);
    }

    #[test]
    fn global_argument_defaults_expand_the_arguments_before_them() {
        let s = semantics(
            "ARG V=1.17\nARG OTP=27\nARG IMAGE=\"hexpm/elixir:${V}-erlang-$OTP\" LATER=$NEXT\n\
             ARG NEXT=x\nFROM ${IMAGE}\n",
        );
        assert_eq!(s.global_args[2], ("IMAGE".to_string(), "hexpm/elixir:1.17-erlang-27".into()));
        // An argument declared later is not known yet, and is left as written.
        assert_eq!(s.global_args[3], ("LATER".to_string(), "$NEXT".to_string()));
        let Base::Image(image) = &s.stages[0].base else { panic!("{:?}", s.stages[0].base) };
        assert_eq!(
            (image.name.as_str(), image.tag.as_deref()),
            ("hexpm/elixir", Some("1.17-erlang-27"))
        );
    }

    #[test]
    fn shell_and_variables_are_inherited_from_the_parent_stage() {
        let text = "FROM debian AS base\nSHELL [\"/bin/bash\", \"-c\"]\nENV PIP_NO_CACHE_DIR=1\n\
                    FROM base\nRUN pip install x\n";
        let s = semantics(text);
        let run = TextSize::from(text.find("RUN").unwrap() as u32);
        assert_eq!(s.shell_at(run), Some(vec!["/bin/bash".to_string(), "-c".to_string()]));
        assert!(s.sets_variable(1, "PIP_NO_CACHE_DIR", run));
        assert!(!s.sets_variable(1, "OTHER", run));
    }
}
