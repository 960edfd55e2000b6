//! `dockfix pr --repos FILE`: the list of repositories, the share of it one job takes
//! (`--shard K/N`), and the clones made of entries that are not work trees.

use std::collections::hash_map::{self, HashMap};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::git::Git;

/// One line of the list: where the repository is, and its place among the entries, which
/// `--shard` and the names of clones go by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    pub index: usize,
    pub text: String,
}

/// Reads the entries of a list: one a line, blank lines and `#` comments left out.
pub(super) fn parse_list(text: &str) -> Vec<Entry> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .enumerate()
        .map(|(index, line)| Entry { index, text: line.to_string() })
        .collect()
}

/// `--shard K/N`: the K-th of N equal shares of a list, counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard {
    pub k: usize,
    pub n: usize,
}

impl Shard {
    /// Whether the entry at `index` (0-based) is in this share: every N-th, from the K-th on.
    pub(super) fn holds(self, index: usize) -> bool {
        index % self.n == self.k - 1
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let expected = || format!("expected K/N with 1 <= K <= N, as in 1/4, not `{text}`");
        let (k, n) = text.split_once('/').ok_or_else(expected)?;
        let k: usize = k.trim().parse().map_err(|_| expected())?;
        let n: usize = n.trim().parse().map_err(|_| expected())?;
        if k == 0 || k > n {
            return Err(expected());
        }
        Ok(Shard { k, n })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// Where an entry's repository is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Location {
    /// A work tree on this machine, worked on where it is.
    WorkTree(PathBuf),
    /// Anything git can clone: a URL, `host:path`, or a bare repository on this machine.
    Remote(String),
}

/// An entry's [`Location`], and a name for its repository that two entries share exactly
/// when they name the same repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Located {
    pub location: Location,
    pub repository: String,
}

/// Tells a work tree from something to clone. As for git itself, text with `://`, or with a
/// `:` before any `/`, is a URL (write `./a:b` for a folder named `a:b`).
pub(super) fn locate(entry: &str) -> Result<Located, String> {
    if looks_like_url(entry) {
        // A file:// URL names a folder of this machine, which a path may name as well.
        let local = entry.strip_prefix("file://").and_then(|path| git_dir_of(Path::new(path)));
        let repository = local.unwrap_or_else(|| {
            let name = entry.trim_end_matches('/');
            name.strip_suffix(".git").unwrap_or(name).to_string()
        });
        return Ok(Located { location: Location::Remote(entry.to_string()), repository });
    }
    let path = Path::new(entry);
    if !path.is_dir() {
        let why = if path.exists() { "not a folder" } else { "no such folder" };
        return Err(format!("{why}; an entry is a work tree, a bare repository or a URL"));
    }
    let output = Git::new(path).run(&["rev-parse", "--is-bare-repository", "--git-common-dir"]);
    let mut lines = output.as_deref().unwrap_or_default().lines();
    let bare = lines.next() == Some("true");
    // Work trees of one repository, or folders of one work tree, share its git folder.
    let repository = lines
        .next()
        .and_then(|dir| fs::canonicalize(path.join(dir)).ok())
        .unwrap_or_else(|| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let repository = repository.display().to_string();
    let location = if bare {
        // The clone is made by a git running in the work folder, where a relative path would
        // name another folder.
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        Location::Remote(absolute.display().to_string())
    } else {
        Location::WorkTree(path.to_path_buf())
    };
    Ok(Located { location, repository })
}

/// The git folder of the repository at `path`, made absolute, when there is one.
fn git_dir_of(path: &Path) -> Option<String> {
    let output = Git::new(path).run(&["rev-parse", "--git-common-dir"]).ok()?;
    let dir = fs::canonicalize(path.join(output.trim_end_matches('\n'))).ok()?;
    Some(dir.display().to_string())
}

/// The earlier entry naming the same repository, for each of `located`.
pub(super) fn same_as_earlier<'a>(
    entries: &'a [Entry],
    located: &[Result<Located, String>],
) -> Vec<Option<&'a Entry>> {
    let mut first = HashMap::new();
    let mut earlier = Vec::with_capacity(entries.len());
    for (entry, located) in entries.iter().zip(located) {
        earlier.push(match located {
            Ok(located) => match first.entry(located.repository.as_str()) {
                hash_map::Entry::Occupied(seen) => Some(*seen.get()),
                hash_map::Entry::Vacant(slot) => {
                    slot.insert(entry);
                    None
                }
            },
            Err(_) => None,
        });
    }
    earlier
}

fn looks_like_url(entry: &str) -> bool {
    if entry.contains("://") {
        return true;
    }
    match (entry.find(':'), entry.find('/')) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    }
}

/// A folder name for the clone of `entry`: its place in the list, then the repository's name,
/// so clones of repositories with the same name do not collide.
pub(super) fn clone_name(entry: &Entry) -> String {
    let last = entry.text.trim_end_matches('/').rsplit(['/', ':']).next().unwrap_or_default();
    let last = last.strip_suffix(".git").unwrap_or(last);
    let name: String = last
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .collect();
    let name = name.trim_start_matches('.');
    let name = if name.is_empty() { "repository" } else { name };
    format!("{:03}-{name}", entry.index + 1)
}

/// Clones `url` into `workdir`, into a folder named after `entry`, and gives the folder.
pub(super) fn clone(url: &str, entry: &Entry, workdir: &Path) -> Result<PathBuf, String> {
    let target = workdir.join(clone_name(entry));
    if target.exists() {
        return Err(format!("{} already exists; clear the work folder first", target.display()));
    }
    fs::create_dir_all(workdir)
        .map_err(|err| format!("cannot make {}: {err}", workdir.display()))?;
    // Credentials cannot be typed into many clones running at once.
    let git = Git::new(workdir).with_env("GIT_TERMINAL_PROMPT", "0");
    git.run(&[
        "clone".as_ref(),
        "--quiet".as_ref(),
        "--".as_ref(),
        url.as_ref(),
        target.as_os_str(),
    ])?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_skips_blank_lines_and_comments() {
        let entries = parse_list("# fleet\n\n  a  \n#b\nhttps://x/y.git\n\t\n");
        let texts: Vec<(usize, &str)> =
            entries.iter().map(|e| (e.index, e.text.as_str())).collect();
        assert_eq!(texts, [(0, "a"), (1, "https://x/y.git")]);
    }

    #[test]
    fn shards_split_a_list_without_overlap() {
        let shard = |text: &str| text.parse::<Shard>().unwrap();
        let taken = |s: Shard| (0..7).filter(|&i| s.holds(i)).collect::<Vec<_>>();
        assert_eq!(taken(shard("1/3")), [0, 3, 6]);
        assert_eq!(taken(shard("2/3")), [1, 4]);
        assert_eq!(taken(shard("3/3")), [2, 5]);
        assert_eq!(taken(shard("1/1")), [0, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn bad_shards_are_refused() {
        for text in ["0/2", "3/2", "1/0", "2", "a/b", "1/2/3", "-1/2", ""] {
            assert!(text.parse::<Shard>().is_err(), "{text} was accepted");
        }
    }

    #[test]
    fn urls_are_told_from_paths() {
        for url in
            ["https://github.com/o/r", "file:///srv/r.git", "git@github.com:o/r.git", "host:r"]
        {
            assert!(looks_like_url(url), "{url}");
        }
        for path in ["repos/r", "./a:b", "/srv/r.git", "r"] {
            assert!(!looks_like_url(path), "{path}");
        }
    }

    #[test]
    fn clones_are_named_by_place_and_repository() {
        let name = |index, text: &str| clone_name(&Entry { index, text: text.to_string() });
        assert_eq!(name(0, "https://github.com/org/api.git"), "001-api");
        assert_eq!(name(11, "git@github.com:org/web-app.git/"), "012-web-app");
        assert_eq!(name(2, "host:r b"), "003-r-b");
        assert_eq!(name(3, "file:///"), "004-repository");
    }
}
