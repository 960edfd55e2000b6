//! Replacing a file's text atomically: a temporary file beside it, synced, then renamed over it.
//!
//! A reader sees the old text or the new, never half of one. The new file gets the old one's
//! permissions (and owner, where the OS lets us), and a symlink is kept: the file it points to
//! is the one replaced. A file that changed since it was read is not replaced.

use std::fs::{self, File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub(crate) fn write_atomically(path: &Path, text: &str, original: &Metadata) -> io::Result<()> {
    // A rename would replace a read-only file all the same; its mode says not to.
    if original.permissions().readonly() {
        return Err(io::Error::other("the file is read-only, so it is not rewritten"));
    }
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

    // Someone else's edit since the read would be lost; leave the file to them.
    let now = fs::metadata(&target)?;
    if now.len() != original.len() || now.modified().ok() != original.modified().ok() {
        return Err(io::Error::other("the file changed while dockfix was working on it"));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_text_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Dockerfile");
        fs::write(&path, "FROM a\n").unwrap();
        let original = fs::metadata(&path).unwrap();
        write_atomically(&path, "FROM b\n", &original).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "FROM b\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Dockerfile");
        fs::write(&path, "FROM a\n").unwrap();
        let original = fs::metadata(&path).unwrap();
        fs::write(&path, "FROM a\nRUN edited by hand\n").unwrap();
        let err = write_atomically(&path, "FROM b\n", &original).unwrap_err();
        assert_eq!(err.to_string(), "the file changed while dockfix was working on it");
        assert_eq!(fs::read_to_string(&path).unwrap(), "FROM a\nRUN edited by hand\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
