//! Fixing the Dockerfiles git tracks under a folder of a work tree, the way `dockfix --write`
//! does, but keeping the fixed text in memory: the files on disk are never written.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::check::{self, Mode, Settings};
use crate::cli::report::{self, Format};

use super::git::TrackedFile;
use super::repo::Options;

/// One file the fixes change.
pub(super) struct ChangedFile {
    /// The path from the root, with `/` between folders, as git names it.
    pub name: String,
    pub text: String,
    pub executable: bool,
}

/// What fixing a work tree would do.
pub(super) struct Fixed {
    pub changed: Vec<ChangedFile>,
    pub applied: BTreeMap<&'static str, usize>,
    /// The pull-request body: `--format markdown` of the run, with paths from the root.
    pub body: String,
}

/// Fixes `files`, tracked files of the work tree at `root`, in memory.
pub(super) fn fix_tracked(
    root: &Path,
    files: &[TrackedFile],
    options: &Options,
) -> Result<Fixed, String> {
    let from_root = |path: &Path| relative_name(root, path);
    let tracked: HashMap<&str, bool> =
        files.iter().map(|file| (file.path.as_str(), file.executable)).collect();
    let paths: Vec<PathBuf> = files.iter().map(|file| root.join(&file.path)).collect();

    let settings = Settings {
        mode: Mode::Write,
        fix: options.fix.clone(),
        config: Arc::clone(&options.config),
        format: Format::Markdown,
        color: false,
        threads: options.threads,
        quiet: true,
        verbose: false,
        progress: false,
        keep_fixed: true,
    };
    let mut result = check::execute(&paths, &settings);
    if !result.errors.is_empty() {
        let prefix = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
        let errors: Vec<String> = result.errors.iter().map(|e| e.replace(&prefix, "")).collect();
        return Err(format!(
            "not every Dockerfile could be fixed, so no branch was made: {}",
            errors.join("; ")
        ));
    }

    // The body names files from the root, whatever folder dockfix ran in.
    let mut changed = Vec::new();
    for file in &mut result.files {
        file.path = from_root(Path::new(&file.path));
        if let Some(text) = file.fixed.take() {
            let executable = tracked.get(file.path.as_str()).copied().unwrap_or(false);
            changed.push(ChangedFile { name: file.path.clone(), text, executable });
        }
    }
    let body = report::document(Format::Markdown, &result.report());
    Ok(Fixed { changed, applied: result.totals.applied.clone(), body })
}

/// `path` from `root` with `/` between folders; `path` as given when it is not under `root`.
fn relative_name(root: &Path, path: &Path) -> String {
    let parent = path.parent().and_then(|parent| fs::canonicalize(parent).ok());
    let real = match (parent, path.file_name()) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => path.to_path_buf(),
    };
    match real.strip_prefix(root) {
        Ok(relative) => super::repo::slash_path(relative),
        Err(_) => path.display().to_string(),
    }
}
