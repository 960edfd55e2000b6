//! Fixing the Dockerfiles git tracks under a folder of a work tree, in place, the way
//! `dockfix --write` does; and putting the files back as they were once the fixes are committed.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::check::{self, Mode, Settings};
use crate::cli::report::{self, Format};
use crate::cli::write::write_atomically;
use crate::workspace::{self, Source, describe_io};

use super::git::TrackedFile;
use super::repo::Options;

/// What fixing a work tree did.
pub(super) struct Fixed {
    /// The files whose text changed, as paths from the root with `/` between folders.
    pub changed: Vec<String>,
    pub applied: BTreeMap<&'static str, usize>,
    /// The pull-request body: `--format markdown` of the run, with paths from the root.
    pub body: String,
    /// The text the files had; see [`Originals::restore`].
    pub originals: Originals,
}

/// Fixes the tracked regular files among the Dockerfiles found under `scope`, in place.
pub(super) fn fix_in_place(
    root: &Path,
    scope: &Path,
    tracked: &[TrackedFile],
    options: &Options,
) -> Result<Fixed, String> {
    let from_root = |path: &Path| relative_name(root, path);

    // The walk of `dockfix --write`, less the files git does not track: they would not be in
    // the commit, and a fix left in them would change the user's files for good.
    let tracked: HashSet<&str> = tracked.iter().map(|file| file.path.as_str()).collect();
    let discovery = workspace::discover(&[scope.to_path_buf()], options.threads);
    if let Some(error) = discovery.errors.first() {
        return Err(format!("{}: {}", from_root(&error.path), error.message));
    }
    let files: Vec<(String, PathBuf)> = discovery
        .sources
        .iter()
        .filter_map(Source::path)
        .map(|path| (from_root(path), path.to_path_buf()))
        .filter(|(name, _)| tracked.contains(name.as_str()))
        .collect();

    // The text each file has now, so that it can be put back.
    let mut originals = Originals::default();
    for (name, path) in &files {
        let bytes = fs::read(path).map_err(|err| format!("{name}: {}", describe_io(&err)))?;
        originals.files.push((path.clone(), String::from_utf8(bytes).ok()));
    }

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
    };
    let paths: Vec<PathBuf> = files.iter().map(|(_, path)| path.clone()).collect();
    let mut result = check::execute(&paths, &settings);
    let changed = originals.changed().map_err(|err| err.replace(&root_prefix(root), ""))?;
    if !result.errors.is_empty() {
        let errors: Vec<String> =
            result.errors.iter().map(|e| e.replace(&root_prefix(root), "")).collect();
        return Err(format!(
            "not every Dockerfile could be fixed, so no branch was made: {}",
            errors.join("; ")
        ));
    }

    // The body names files from the root, whatever folder dockfix ran in.
    for file in &mut result.files {
        file.path = from_root(Path::new(&file.path));
    }
    let body = report::document(Format::Markdown, &result.report());
    let changed = changed.iter().map(|path| from_root(path)).collect();
    Ok(Fixed { changed, applied: result.totals.applied.clone(), body, originals })
}

/// The text of the files a run may rewrite, as it was before; put back when
/// [`Originals::restore`] is called, or, should that not happen (an early return, a panic),
/// when dropped.
#[derive(Debug, Default)]
pub(super) struct Originals {
    /// Each file, with its text; `None` for a file that is not UTF-8, which no fix rewrites.
    files: Vec<(PathBuf, Option<String>)>,
    restored: bool,
}

impl Originals {
    /// The files whose bytes differ from what they were.
    fn changed(&self) -> Result<Vec<PathBuf>, String> {
        let mut changed = Vec::new();
        for (path, original) in &self.files {
            let Some(original) = original else { continue };
            let now = fs::read(path)
                .map_err(|err| format!("{}: {}", path.display(), describe_io(&err)))?;
            if now != original.as_bytes() {
                changed.push(path.clone());
            }
        }
        Ok(changed)
    }

    /// Writes back the text of every file that changed; an error names those it could not.
    pub(super) fn restore(mut self) -> Result<(), String> {
        self.restored = true;
        let failed = self.put_back();
        if failed.is_empty() {
            Ok(())
        } else {
            Err(format!("could not put back the text of {}", failed.join("; ")))
        }
    }

    fn put_back(&self) -> Vec<String> {
        let mut failed = Vec::new();
        for (path, original) in &self.files {
            let Some(original) = original else { continue };
            let written = fs::read(path).and_then(|now| {
                if now == original.as_bytes() {
                    return Ok(());
                }
                write_atomically(path, original, &fs::metadata(path)?)
            });
            if let Err(err) = written {
                failed.push(format!("{}: {}", path.display(), describe_io(&err)));
            }
        }
        failed
    }
}

impl Drop for Originals {
    fn drop(&mut self) {
        if !self.restored {
            // Nothing to tell the failures to here; a file left fixed shows in `git status`.
            let _ = self.put_back();
        }
    }
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

/// The root as it starts the paths in messages, separator included.
fn root_prefix(root: &Path) -> String {
    format!("{}{}", root.display(), std::path::MAIN_SEPARATOR)
}
