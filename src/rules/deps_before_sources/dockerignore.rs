//! Which files of a build context a `.dockerignore` keeps out of the build, read the way
//! BuildKit reads it.

// Design notes:
// - BuildKit reads `<Dockerfile name>.dockerignore` beside the Dockerfile when there is one,
//   else `.dockerignore` at the top of the build context.
// - A pattern is a path relative to the context, cleaned, with a leading `/` dropped. `*` and
//   `?` stop at `/`, `**` crosses folders, `[...]` is a class, `\` escapes. A pattern that
//   matches a folder keeps out everything in it; `!` lets a path back in; the last matching
//   line decides.

use std::path::Path;

/// The patterns of one ignore file, in order.
#[derive(Debug, Default)]
pub(super) struct DockerIgnore {
    patterns: Vec<Pattern>,
}

#[derive(Debug)]
struct Pattern {
    tokens: Vec<Token>,
    /// A `!` line: what it matches is sent to the builder after all.
    negated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`: one character other than `/`.
    One,
    /// `*`: any run of characters other than `/`.
    Star,
    /// `**` followed by more pattern: any number of whole folders, none included.
    Folders,
    /// `**` at the end: anything.
    Rest,
    /// `[...]`: ranges of characters, or (negated) anything outside them.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl DockerIgnore {
    /// The ignore file that applies to a build of `dockerfile` from `context`; none when
    /// there is none or it cannot be read.
    pub(super) fn of(context: &Path, dockerfile: Option<&Path>) -> DockerIgnore {
        let beside = dockerfile.and_then(|path| {
            let mut name = path.file_name()?.to_os_string();
            name.push(".dockerignore");
            std::fs::read_to_string(path.with_file_name(name)).ok()
        });
        let text = beside.or_else(|| std::fs::read_to_string(context.join(".dockerignore")).ok());
        DockerIgnore::parse(&text.unwrap_or_default())
    }

    pub(super) fn parse(text: &str) -> DockerIgnore {
        let mut patterns = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (negated, line) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            let cleaned = clean(line);
            if cleaned.is_empty() {
                continue;
            }
            patterns.push(Pattern { tokens: tokens(&cleaned), negated });
        }
        DockerIgnore { patterns }
    }

    /// Adds the patterns of a `COPY --exclude`, which keep paths out of that one copy.
    pub(super) fn exclude(&mut self, pattern: &str) {
        let cleaned = clean(pattern);
        if !cleaned.is_empty() {
            self.patterns.push(Pattern { tokens: tokens(&cleaned), negated: false });
        }
    }

    /// Whether `path` (relative to the context, with `/` between names) is kept out.
    pub(super) fn excludes(&self, path: &str) -> bool {
        let path = clean(path);
        let mut excluded = false;
        for pattern in &self.patterns {
            // A pattern that matches a folder the path is in matches the path too.
            let mut prefixes = path.match_indices('/').map(|(i, _)| &path[..i]);
            let hit =
                matches(&pattern.tokens, &path) || prefixes.any(|p| matches(&pattern.tokens, p));
            if hit {
                excluded = !pattern.negated;
            }
        }
        excluded
    }
}

/// `path` without `.` and empty names, with `..` taking back the name before it, and without a
/// leading `/`, as Go's `filepath.Clean` and BuildKit leave a pattern.
fn clean(path: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    for name in path.split('/') {
        match name {
            "" | "." => {}
            ".." => {
                names.pop();
            }
            _ => names.push(name),
        }
    }
    names.join("/")
}

fn tokens(pattern: &str) -> Vec<Token> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut res = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                res.push(if i >= chars.len() { Token::Rest } else { Token::Folders });
                continue;
            }
            '*' => res.push(Token::Star),
            '?' => res.push(Token::One),
            '\\' if i + 1 < chars.len() => {
                i += 1;
                res.push(Token::Char(chars[i]));
            }
            '[' => match class(&chars[i + 1..]) {
                Some((token, len)) => {
                    res.push(token);
                    i += len;
                }
                None => res.push(Token::Char('[')),
            },
            c => res.push(Token::Char(c)),
        }
        i += 1;
    }
    res
}

/// A class read after its `[`, and how many characters it took up to its `]`.
fn class(chars: &[char]) -> Option<(Token, usize)> {
    let mut i = 0;
    let negated = chars.first() == Some(&'^');
    if negated {
        i += 1;
    }
    let next = |i: &mut usize| {
        let c = *chars.get(*i)?;
        *i += 1;
        if c == '\\' {
            let escaped = *chars.get(*i)?;
            *i += 1;
            return Some(escaped);
        }
        Some(c)
    };
    let mut ranges = Vec::new();
    loop {
        if chars.get(i) == Some(&']') && !ranges.is_empty() {
            return Some((Token::Class { negated, ranges }, i + 1));
        }
        let low = next(&mut i)?;
        let high = if chars.get(i) == Some(&'-') && chars.get(i + 1) != Some(&']') {
            i += 1;
            next(&mut i)?
        } else {
            low
        };
        ranges.push((low, high));
    }
}

/// Whether a `COPY` source pattern (`package*.json`) names `path`, both relative to the build
/// context.
pub(super) fn source_matches(pattern: &str, path: &str) -> bool {
    matches(&tokens(&clean(pattern)), &clean(path))
}

fn matches(tokens: &[Token], path: &str) -> bool {
    let chars: Vec<char> = path.chars().collect();
    match_from(tokens, &chars)
}

fn match_from(tokens: &[Token], path: &[char]) -> bool {
    let Some((token, rest)) = tokens.split_first() else { return path.is_empty() };
    match token {
        Token::Char(c) => path.first() == Some(c) && match_from(rest, &path[1..]),
        Token::One => path.first().is_some_and(|&c| c != '/') && match_from(rest, &path[1..]),
        Token::Star => {
            let run = path.iter().take_while(|&&c| c != '/').count();
            (0..=run).any(|n| match_from(rest, &path[n..]))
        }
        Token::Rest => true,
        // None, or any number of names each followed by `/`.
        Token::Folders => {
            match_from(rest, path)
                || path
                    .iter()
                    .enumerate()
                    .filter(|&(_, &c)| c == '/')
                    .any(|(i, _)| match_from(rest, &path[i + 1..]))
        }
        Token::Class { negated, ranges } => path.first().is_some_and(|&c| {
            let inside = ranges.iter().any(|&(low, high)| low <= c && c <= high);
            c != '/' && inside != *negated && match_from(rest, &path[1..])
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(ignore: &str, path: &str) -> bool {
        DockerIgnore::parse(ignore).excludes(path)
    }

    #[test]
    fn names_and_folders_keep_out_what_they_match_and_what_is_inside() {
        assert!(excluded("node_modules\n", "node_modules"));
        assert!(excluded("node_modules/\n", "node_modules/left-pad/index.js"));
        assert!(excluded("/deps\n", "deps"));
        assert!(!excluded("node_modules\n", "web/node_modules"));
        assert!(!excluded("deps\n", "deps.txt"));
        assert!(!excluded("# node_modules\n\n", "node_modules"));
    }

    #[test]
    fn wildcards_stop_at_slashes_and_double_stars_cross_them() {
        assert!(excluded("*.lock\n", "mix.lock"));
        assert!(!excluded("*.lock\n", "sub/mix.lock"));
        assert!(excluded("**/*.lock\n", "mix.lock"));
        assert!(excluded("**/*.lock\n", "a/b/mix.lock"));
        assert!(excluded("a/**/z\n", "a/z"));
        assert!(excluded("a/**/z\n", "a/b/c/z"));
        assert!(excluded("a/**\n", "a/b/c"));
        assert!(excluded("requirements-?.txt\n", "requirements-1.txt"));
        assert!(!excluded("requirements-?.txt\n", "requirements-10.txt"));
        assert!(excluded("[Pp]ipfile*\n", "Pipfile.lock"));
        assert!(!excluded("[^P]ipfile\n", "Pipfile"));
        assert!(excluded("[a-c]x\n", "bx"));
        assert!(excluded("\\*\n", "*"));
        assert!(!excluded("\\*\n", "x"));
    }

    #[test]
    fn the_last_matching_line_decides() {
        let ignore = "*.json\n!package.json\n";
        assert!(excluded(ignore, "tsconfig.json"));
        assert!(!excluded(ignore, "package.json"));
        assert!(excluded("!package.json\n*.json\n", "package.json"));
        // Once its folder is out, a file is out whatever comes after, unless a line names it.
        assert!(!excluded("conf\n!conf/app.toml\n", "conf/app.toml"));
        assert!(excluded("conf\n!conf/app.toml\n", "conf/other.toml"));
    }

    #[test]
    fn patterns_are_cleaned_like_paths() {
        assert!(excluded("./build/../deps//\n", "deps"));
        assert!(!excluded(".\n/\n", "anything"));
        let mut ignore = DockerIgnore::parse("");
        ignore.exclude("./node_modules");
        assert!(ignore.excludes("node_modules/x"));
    }

    #[test]
    fn copy_sources_are_matched_the_same_way() {
        assert!(source_matches("package*.json", "package-lock.json"));
        assert!(source_matches("./go.*", "go.sum"));
        assert!(!source_matches("*.json", "web/package.json"));
        assert!(source_matches("requirements/*.txt", "requirements/base.txt"));
    }

    #[test]
    fn the_file_beside_the_dockerfile_wins_over_the_one_in_the_context() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".dockerignore"), "a\n").unwrap();
        std::fs::write(dir.path().join("web.Dockerfile.dockerignore"), "b\n").unwrap();
        let beside = DockerIgnore::of(dir.path(), Some(&dir.path().join("web.Dockerfile")));
        assert!(beside.excludes("b") && !beside.excludes("a"));
        let general = DockerIgnore::of(dir.path(), Some(&dir.path().join("Dockerfile")));
        assert!(general.excludes("a") && !general.excludes("b"));
        assert!(!DockerIgnore::of(&dir.path().join("missing"), None).excludes("a"));
    }
}
