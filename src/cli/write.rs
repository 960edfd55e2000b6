//! Replacing a file's text atomically: a temporary file beside it, synced, then renamed over it.
//!
//! A reader sees the old text or the new, never half of one. The new file gets the old one's
//! permissions (and owner, where the OS lets us), and a symlink is kept: the file it points to
//! is the one replaced.

use std::fs::{self, File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub(crate) fn write_atomically(path: &Path, text: &str, original: &Metadata) -> io::Result<()> {
    let target = resolve_link(path)?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };

    let mut temp = tempfile::Builder::new().prefix(".dockfix-").tempfile_in(dir)?;
    temp.write_all(text.as_bytes())?;
    keep_owner(temp.as_file(), original);
    temp.as_file().set_permissions(original.permissions())?;
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|err| err.error)?;

    // The rename is durable once the directory is synced; failing that only weakens durability.
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The file a path names, following symlinks; the path itself when it is not a link.
fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        fs::canonicalize(path)
    } else {
        Ok(path.to_path_buf())
    }
}

#[cfg(unix)]
fn keep_owner(file: &File, original: &Metadata) {
    use std::os::unix::fs::MetadataExt;

    // Only root may give a file away; for anyone else this is a no-op or refused, and the
    // new file stays theirs, as with any editor.
    let _ = std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _original: &Metadata) {}
