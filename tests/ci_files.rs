//! The GitHub Action (`action.yml`) and the pre-commit hooks (`.pre-commit-hooks.yaml`): both
//! parse, their scripts and commands run against the real binary, and the hooks pick the files
//! dockfix's own walk picks.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use regex::Regex;
use yaml_rust2::{Yaml, YamlLoader};

const NEEDS_FIX: &str = "FROM alpine:3.21\nRUN apk add curl\n";
const FIXED: &str = "FROM alpine:3.21\nRUN apk add --no-cache curl\n";

fn load(name: &str) -> Yaml {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let text = fs::read_to_string(&path).unwrap();
    let mut documents =
        YamlLoader::load_from_str(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
    assert_eq!(documents.len(), 1, "{name} holds one document");
    documents.remove(0)
}

fn text<'a>(yaml: &'a Yaml, what: &str) -> &'a str {
    yaml.as_str().unwrap_or_else(|| panic!("{what} is not a string: {yaml:?}"))
}

/// A folder holding a `dockfix` that is the binary under test, to put first on PATH.
fn bin_dir(root: &Path) -> PathBuf {
    let bin = root.join("bin");
    if !bin.exists() {
        fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_dockfix"), bin.join("dockfix")).unwrap();
    }
    bin
}

fn path_with(bin: &Path) -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    std::env::join_paths(paths).unwrap()
}

/// The action's step with this `id`.
fn step<'a>(action: &'a Yaml, id: &str) -> &'a Yaml {
    let steps = action["runs"]["steps"].as_vec().unwrap();
    steps
        .iter()
        .find(|step| step["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no step {id}"))
}

/// Runs a step's script with bash, as the runner would, in `dir`: its `env` with the
/// `${{ inputs.NAME }}` expressions replaced by `inputs`, and the runner's files in `runner`.
fn run_step(step: &Yaml, inputs: &HashMap<&str, &str>, dir: &Path, runner: &Path) -> Output {
    let script = text(&step["run"], "run");
    assert!(
        !script.contains("${{"),
        "an expression pasted into a script can inject shell code; pass it through env:\n{script}"
    );
    assert_eq!(text(&step["shell"], "shell"), "bash");
    let expression = Regex::new(r"^\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}$").unwrap();
    let mut command = Command::new("bash");
    // The runner's own way of calling bash for `shell: bash`.
    command.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script]).current_dir(dir);
    for (name, value) in step["env"].as_hash().unwrap() {
        let value = text(value, "an env value");
        let input = expression.captures(value).unwrap_or_else(|| panic!("{value} is no input"));
        let value = inputs[&input[1]];
        command.env(text(name, "an env name"), value);
    }
    command
        .env("PATH", path_with(&bin_dir(runner)))
        .env("RUNNER_TEMP", runner)
        .env("GITHUB_OUTPUT", runner.join("output"));
    let _ = fs::remove_file(runner.join("output"));
    command.output().unwrap()
}

fn outputs(runner: &Path) -> String {
    fs::read_to_string(runner.join("output")).unwrap_or_default()
}

#[test]
fn the_action_declares_its_inputs_and_outputs() {
    let action = load("action.yml");
    assert_eq!(text(&action["runs"]["using"], "runs.using"), "composite");
    let inputs = action["inputs"].as_hash().unwrap();
    let names: Vec<&str> = inputs.keys().map(|key| text(key, "an input")).collect();
    assert_eq!(names, ["mode", "paths", "unsafe-fixes", "args"]);
    assert_eq!(text(&action["inputs"]["mode"]["default"], "mode"), "check");
    // Each output is a value of the fix step's.
    for name in ["changed", "body-file"] {
        let value = text(&action["outputs"][name]["value"], name);
        assert_eq!(value, format!("${{{{ steps.fix.outputs.{name} }}}}"));
    }
    let install = text(&action["runs"]["steps"][0]["run"], "install");
    assert!(install.starts_with("cargo install --locked --path "), "{install}");
    assert_eq!(
        text(&action["runs"]["steps"][0]["env"]["ACTION_PATH"], "ACTION_PATH"),
        "${{ github.action_path }}"
    );
}

#[test]
fn the_check_step_annotates_what_is_left_to_fix() {
    let action = load("action.yml");
    let dir = tempfile::tempdir().unwrap();
    let (work, runner) = (dir.path().join("work"), dir.path().join("runner"));
    fs::create_dir_all(work.join("app")).unwrap();
    fs::create_dir_all(&runner).unwrap();
    fs::write(work.join("app/Dockerfile"), NEEDS_FIX).unwrap();
    let inputs = HashMap::from([
        ("paths", "app"),
        ("unsafe-fixes", "false"),
        ("args", "--select apk-no-cache"),
    ]);

    let output = run_step(step(&action, "check"), &inputs, &work, &runner);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(
        stdout.starts_with(
            "::warning file=app/Dockerfile,line=2,col=5,endLine=2,endColumn=12,\
             title=dockfix apk-no-cache::"
        ),
        "{stdout}"
    );
    assert_eq!(fs::read_to_string(work.join("app/Dockerfile")).unwrap(), NEEDS_FIX);

    // An option dockfix does not have fails the step with a usage error, not a finding.
    let inputs = HashMap::from([("paths", "app"), ("unsafe-fixes", "true"), ("args", "--no-such")]);
    let output = run_step(step(&action, "check"), &inputs, &work, &runner);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
}

#[test]
fn the_fix_step_writes_the_fixes_and_a_body_and_says_whether_anything_changed() {
    let action = load("action.yml");
    let dir = tempfile::tempdir().unwrap();
    let (work, runner) = (dir.path().join("work"), dir.path().join("runner"));
    fs::create_dir_all(&work).unwrap();
    fs::create_dir_all(&runner).unwrap();
    fs::write(work.join("Dockerfile"), NEEDS_FIX).unwrap();
    fs::write(work.join("api.Dockerfile"), FIXED).unwrap();
    let inputs = HashMap::from([
        ("paths", "Dockerfile api.Dockerfile"),
        ("unsafe-fixes", "true"),
        ("args", "--select apk-no-cache"),
    ]);

    let output = run_step(step(&action, "fix"), &inputs, &work, &runner);
    assert!(output.status.success(), "{output:?}");
    let body = runner.join("dockfix-body.md");
    assert_eq!(outputs(&runner), format!("changed=true\nbody-file={}\n", body.display()));
    assert_eq!(fs::read_to_string(work.join("Dockerfile")).unwrap(), FIXED);
    let body = fs::read_to_string(&body).unwrap();
    assert!(body.contains("| `Dockerfile` | `apk-no-cache` |"), "{body}");

    // Once fixed, nothing changes.
    let output = run_step(step(&action, "fix"), &inputs, &work, &runner);
    assert!(output.status.success(), "{output:?}");
    assert!(outputs(&runner).starts_with("changed=false\n"), "{}", outputs(&runner));

    // An error of dockfix's fails the step.
    let inputs = HashMap::from([("paths", "missing"), ("unsafe-fixes", "false"), ("args", "")]);
    let output = run_step(step(&action, "fix"), &inputs, &work, &runner);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(outputs(&runner), "");
}

#[test]
fn the_hooks_pick_the_files_the_walk_picks() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hooks = hooks.as_vec().unwrap();
    let ids: Vec<&str> = hooks.iter().map(|hook| text(&hook["id"], "id")).collect();
    assert_eq!(ids, ["dockfix", "dockfix-check"]);

    let names = [
        "Dockerfile",
        "dockerfile",
        "DOCKERFILE",
        "Dockerfile.prod",
        "Dockerfile-dev",
        "Dockerfile.",
        "api.Dockerfile",
        "api.dockerfile",
        "Containerfile",
        "containerfile.ci",
        "Containerfile-ci",
        "Dockerfile.dockerignore",
        "Dockerfile.j2",
        "Dockerfile.in",
        "Dockerfile.template",
        "api.Dockerfile.tmpl",
        "Dockerfile.bak",
        "Dockerfile~",
        "Dockerfile.orig",
        "MyDockerfile",
        "Dockerfiles",
        "dockerfile.go",
        "docker-compose.yml",
        "README.md",
        ".dockerignore",
    ];
    for hook in hooks {
        assert_eq!(text(&hook["language"], "language"), "rust");
        let files = Regex::new(text(&hook["files"], "files")).unwrap();
        let exclude = Regex::new(text(&hook["exclude"], "exclude")).unwrap();
        for name in names {
            let walked = dockfix::workspace::is_dockerfile_name(OsStr::new(name));
            for path in [name.to_string(), format!("deploy/images/{name}")] {
                let hooked = files.is_match(&path) && !exclude.is_match(&path);
                assert_eq!(hooked, walked, "{}: {path}", text(&hook["id"], "id"));
            }
        }
        // A folder named like a Dockerfile does not make the files in it Dockerfiles.
        assert!(!files.is_match("Dockerfile.d/run.sh"));
    }
    // Not every name is a Dockerfile, nor every name excluded: the list tells both apart.
    let walked = names.iter().filter(|n| dockfix::workspace::is_dockerfile_name(OsStr::new(n)));
    assert_eq!(walked.count(), 11);
}

#[test]
fn the_hooks_run_as_pre_commit_runs_them() {
    let hooks = load(".pre-commit-hooks.yaml");
    let dir = tempfile::tempdir().unwrap();
    let bin = bin_dir(dir.path());
    let work = dir.path().join("work");
    fs::create_dir_all(work.join("vendor")).unwrap();
    fs::write(work.join("dockfix.toml"), "exclude = [\"vendor/**\"]\n").unwrap();
    let staged = ["Dockerfile", "-odd.Dockerfile", "vendor/Dockerfile"];
    for name in staged {
        fs::write(work.join(name), NEEDS_FIX).unwrap();
    }
    let read = |name: &str| fs::read_to_string(work.join(name)).unwrap();
    // pre-commit runs `entry`, then the hook's `args` (the user's, when given, replace the
    // hook's), then the names of the staged files.
    let run = |id: &str, args: Option<&[&str]>| {
        let hook = hooks.as_vec().unwrap().iter().find(|h| h["id"].as_str() == Some(id)).unwrap();
        let entry: Vec<&str> = text(&hook["entry"], "entry").split_whitespace().collect();
        assert_eq!(entry[0], "dockfix");
        let declared: Vec<&str> =
            hook["args"].as_vec().unwrap().iter().map(|arg| text(arg, "an arg")).collect();
        let mut command = Command::new(bin.join("dockfix"));
        command.args(&entry[1..]).args(args.unwrap_or(&declared)).args(staged);
        command.current_dir(&work).env("PATH", path_with(&bin)).output().unwrap()
    };

    let check = run("dockfix-check", None);
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    assert_eq!(read("Dockerfile"), NEEDS_FIX);
    let fix = run("dockfix", None);
    assert_eq!(fix.status.code(), Some(0), "{fix:?}");
    // The file whose name starts with a dash is a file, and the configuration's exclusions
    // hold for the files pre-commit names.
    assert_eq!([read("Dockerfile"), read("-odd.Dockerfile")], [FIXED, FIXED]);
    assert_eq!(read("vendor/Dockerfile"), NEEDS_FIX);
    let check = run("dockfix-check", None);
    assert_eq!(check.status.code(), Some(0), "{check:?}");

    // Options given as the README shows, ending with `--`, come before the files.
    fs::write(work.join("Dockerfile"), NEEDS_FIX).unwrap();
    let check = run("dockfix-check", Some(&["--ignore", "apk-no-cache", "--"]));
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let check = run("dockfix-check", Some(&["--select", "apk-no-cache", "--"]));
    assert_eq!(check.status.code(), Some(1), "{check:?}");
}

#[test]
fn the_hooks_end_their_options_before_the_file_names() {
    let hooks = load(".pre-commit-hooks.yaml");
    let mut entries = Vec::new();
    for hook in hooks.as_vec().unwrap() {
        entries.push(text(&hook["entry"], "entry").to_string());
        let args: Vec<&str> =
            hook["args"].as_vec().unwrap().iter().map(|arg| text(arg, "an arg")).collect();
        assert_eq!(args, ["--"], "{}", text(&hook["id"], "id"));
    }
    assert_eq!(entries, ["dockfix --write --force-exclude", "dockfix --check --force-exclude"]);

    // The README's example keeps the `--`.
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains("args: [--ignore, pipefail, --]"), "the README's hook example");
}

#[test]
fn the_action_splits_paths_and_args_on_any_white_space() {
    let action = load("action.yml");
    let dir = tempfile::tempdir().unwrap();
    let (work, runner) = (dir.path().join("work"), dir.path().join("runner"));
    for folder in ["app", "api", "web"] {
        fs::create_dir_all(work.join(folder)).unwrap();
        fs::write(work.join(folder).join("Dockerfile"), NEEDS_FIX).unwrap();
    }
    fs::create_dir_all(&runner).unwrap();
    // A YAML `|` block gives lines, each ending with a newline.
    let inputs = HashMap::from([
        ("paths", "app\napi\tweb\n"),
        ("unsafe-fixes", "false"),
        ("args", "--select\napk-no-cache\n--ignore pipefail\n"),
    ]);

    let output = run_step(step(&action, "check"), &inputs, &work, &runner);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let files: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("::warning file="))
        .map(|rest| &rest[..rest.find(',').unwrap()])
        .collect();
    assert_eq!(files, ["api/Dockerfile", "app/Dockerfile", "web/Dockerfile"], "{stdout}");

    let output = run_step(step(&action, "fix"), &inputs, &work, &runner);
    assert!(output.status.success(), "{output:?}");
    for folder in ["app", "api", "web"] {
        assert_eq!(fs::read_to_string(work.join(folder).join("Dockerfile")).unwrap(), FIXED);
    }
}

#[test]
fn an_unknown_mode_is_refused_without_running_its_text_as_a_command() {
    let action = load("action.yml");
    let dir = tempfile::tempdir().unwrap();
    let runner = dir.path().join("runner");
    fs::create_dir_all(&runner).unwrap();
    let inputs = HashMap::from([("mode", "x\n::warning::injected 100%\r")]);

    let output = run_step(step(&action, "mode"), &inputs, dir.path(), &runner);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    // The runner reads each line of output on its own: one line, with the text escaped.
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "::error title=dockfix::mode must be check or fix, not 'x%0A::warning::injected \
         100%25%0D'\n"
    );
}
