//! Reading the shell scripts inside `RUN`: the simple commands and their words, with where each
//! word sits in the script.
//!
//! The reader never fails. A command it cannot read to the end (an unclosed quote, say) is
//! marked opaque, and rules leave opaque commands alone.

mod remove;
mod scripts;

pub(crate) use remove::{file_start, line_end, line_start};
pub use remove::{remove_command, remove_instruction, remove_words};
pub use scripts::{
    Script, append_to_run, is_posix_shell, run_scripts, run_scripts_in, uncleaned_install,
};

use std::ops::Range;

/// One word of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Where the word is in the script, quotes included.
    pub range: Range<usize>,
    /// The word with quotes and backslashes removed; expansions such as `$X` are kept as text.
    pub text: String,
    /// Whether any part was quoted, escaped or expanded.
    pub quoted: bool,
}

/// A simple command: its words, after any `VAR=value` prefixes and wrappers such as `sudo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<Word>,
    /// From the command's first word (prefixes and wrappers included) to its last word or
    /// redirection target.
    pub range: Range<usize>,
    /// What ends the command, if anything does.
    pub separator: Option<Separator>,
    /// The reader could not make sense of the whole command.
    pub opaque: bool,
}

/// The operator between two commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Separator {
    pub kind: SeparatorKind,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeparatorKind {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;`
    Semicolon,
    /// `|` or `|&`
    Pipe,
    /// `&`
    Background,
    /// A line end (in a heredoc script).
    Newline,
    /// `(` or `)`.
    Paren,
}

impl Command {
    /// The command's name, unquoted, with any directory dropped (`/sbin/apk` is `apk`).
    pub fn name(&self) -> Option<&str> {
        let word = self.words.first()?;
        if word.quoted && word.text.contains('$') {
            return None;
        }
        Some(word.text.rsplit('/').next().unwrap_or(&word.text))
    }

    /// Whether any word, after the name, reads exactly `text`.
    pub fn has_arg(&self, text: &str) -> bool {
        self.words.iter().skip(1).any(|w| w.text == text)
    }
}

/// Words that open a compound command or a pipeline step rather than name a command.
const RESERVED: &[&str] =
    &["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time"];

/// Commands that run the rest of their words as a command: the shell's own, and the small init
/// processes containers start with.
const WRAPPERS: &[&str] = &[
    "sudo",
    "env",
    "nice",
    "nohup",
    "exec",
    "command",
    "setsid",
    "tini",
    "dumb-init",
    "catatonit",
];

/// Shells whose `-c` script is read as commands of its own.
pub const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh"];

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Word(Word),
    /// The command ends.
    Separator(Separator),
    /// `>`, `<`, `>>`, `2>&1`…: the next word is a file, not an argument.
    Redirect,
    /// The script cannot be read from here on.
    Opaque,
}

/// An exec-form command line (`["tini", "--", "nginx"]`) as a command, with the wrappers and
/// assignments in front of its name dropped as in a script's commands.
pub fn exec_command(strings: Vec<String>) -> Command {
    let words = strings.into_iter().map(|text| Word { range: 0..0, text, quoted: false }).collect();
    let mut command = Command { words, range: 0..0, separator: None, opaque: false };
    strip_prefixes(&mut command);
    command
}

/// The simple commands of `script`, in order.
pub fn commands(script: &str) -> Vec<Command> {
    let mut res = Vec::new();
    let mut current = Builder::default();
    let mut redirect_target = false;
    for token in Lexer::new(script) {
        match token {
            Token::Word(word) => {
                current.extend(&word.range);
                if !std::mem::take(&mut redirect_target) {
                    current.words.push(word);
                }
            }
            Token::Redirect => redirect_target = true,
            Token::Separator(separator) => {
                redirect_target = false;
                current.finish(Some(separator), false, &mut res);
            }
            Token::Opaque => {
                current.finish(None, true, &mut res);
                return res;
            }
        }
    }
    current.finish(None, false, &mut res);
    res
}

#[derive(Default)]
struct Builder {
    words: Vec<Word>,
    range: Option<Range<usize>>,
}

impl Builder {
    fn extend(&mut self, range: &Range<usize>) {
        let start = self.range.as_ref().map_or(range.start, |r| r.start);
        self.range = Some(start..range.end);
    }

    fn finish(&mut self, separator: Option<Separator>, opaque: bool, res: &mut Vec<Command>) {
        let words = std::mem::take(&mut self.words);
        let range = self.range.take();
        // Reserved words open compound commands; they are not part of the command.
        let reserved =
            words.iter().take_while(|w| !w.quoted && RESERVED.contains(&&*w.text)).count();
        let mut words = words;
        words.drain(..reserved);
        let Some(range) = range else { return };
        let start = words.first().map_or(range.start, |w| w.range.start);
        let mut command = Command { words, range: start..range.end, separator, opaque };
        strip_prefixes(&mut command);
        if !command.words.is_empty() || opaque {
            res.push(command);
        }
    }
}

/// Drops `VAR=value` assignments and wrappers in front of the command name.
fn strip_prefixes(command: &mut Command) {
    loop {
        let Some(first) = command.words.first() else { return };
        let text = first.text.as_str();
        // A wrapper may be named by its path: `/sbin/tini`, `/usr/bin/env`.
        let name = text.rsplit('/').next().unwrap_or(text).to_string();
        if is_assignment(text) {
            command.words.remove(0);
        } else if WRAPPERS.contains(&name.as_str()) {
            command.words.remove(0);
            let wrapper = name;
            // A wrapper's own options (and `env`'s assignments) come before what it runs; some
            // take the next word as their value (`sudo -u node`, `nice -n 10`).
            while let Some(option) = command.words.first().map(|w| w.text.clone()) {
                if !option.starts_with('-') || option == "-" {
                    break;
                }
                command.words.remove(0);
                if option == "--" {
                    break;
                }
                if wrapper_option_takes_value(&wrapper, &option) && !command.words.is_empty() {
                    command.words.remove(0);
                }
            }
        } else {
            return;
        }
    }
}

/// Options of the wrappers that take the next word as their value.
fn wrapper_option_takes_value(wrapper: &str, option: &str) -> bool {
    let options: &[&str] = match wrapper {
        "sudo" => &["-u", "-g", "-h", "-p", "-C", "-D", "-R", "-T", "-U", "-r", "-t", "--user"],
        "env" => &["-u", "--unset", "-C", "--chdir", "-S", "--split-string"],
        "nice" => &["-n", "--adjustment"],
        "tini" => &["-e", "-p"],
        "dumb-init" => &["-r", "--rewrite"],
        _ => &[],
    };
    options.contains(&option)
}

fn is_assignment(text: &str) -> bool {
    text.split_once('=').is_some_and(|(name, _)| is_name(name))
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    /// After `<<` or `<<-`: the next word is a heredoc delimiter (`true`: tabs are stripped).
    delimiter_next: Option<bool>,
    /// Heredocs whose bodies start after the next line end: delimiter and tab stripping.
    pending: Vec<(String, bool)>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Lexer<'a> {
        Lexer { text, pos: 0, delimiter_next: None, pending: Vec::new() }
    }

    /// Skips the bodies of the heredocs opened on the line that just ended: their lines are
    /// data (a file's contents, another program's input), not commands.
    fn skip_heredoc_bodies(&mut self) {
        for (delimiter, strip_tabs) in std::mem::take(&mut self.pending) {
            while self.pos < self.text.len() {
                let rest = &self.text[self.pos..];
                let line_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
                let line = rest[..line_len].trim_end_matches(['\n', '\r']);
                let line = if strip_tabs { line.trim_start_matches('\t') } else { line };
                self.pos += line_len;
                if line == delimiter {
                    break;
                }
            }
        }
    }
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn at(&self, offset: usize) -> Option<u8> {
        self.text.as_bytes().get(self.pos + offset).copied()
    }

    /// Skips blanks, backslash-newline pairs and comments.
    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'\\') if self.at(1) == Some(b'\n') => self.pos += 2,
                Some(b'\\') if self.at(1) == Some(b'\r') && self.at(2) == Some(b'\n') => {
                    self.pos += 3
                }
                Some(b'#') => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// Reads up to the byte that closes `$(`, `${` or a backquote; `false` when none does.
    fn skip_nested(&mut self, close: u8) -> bool {
        let open = match close {
            b')' => Some(b'('),
            b'}' => Some(b'{'),
            _ => None,
        };
        let mut depth = 1;
        while let Some(byte) = self.peek() {
            self.pos += 1;
            let readable = match byte {
                b'\\' => {
                    self.pos += 1;
                    true
                }
                b'\'' if close != b'`' => self.skip_single_quote(),
                b'"' if close != b'`' => self.double_quote(&mut String::new()).is_some(),
                b if Some(b) == open => {
                    depth += 1;
                    true
                }
                b if b == close => {
                    depth -= 1;
                    if depth == 0 {
                        return true;
                    }
                    true
                }
                _ => true,
            };
            if !readable {
                return false;
            }
        }
        false
    }

    fn skip_single_quote(&mut self) -> bool {
        match self.text[self.pos..].find('\'') {
            Some(i) => {
                self.pos += i + 1;
                true
            }
            None => false,
        }
    }

    /// Reads a double-quoted string after its opening quote, appending its value to `out`.
    fn double_quote(&mut self, out: &mut String) -> Option<()> {
        loop {
            let ch = self.text[self.pos..].chars().next()?;
            self.pos += ch.len_utf8();
            match ch {
                '"' => return Some(()),
                '\\' => {
                    let next = self.text[self.pos..].chars().next()?;
                    self.pos += next.len_utf8();
                    match next {
                        '\n' => {}
                        '"' | '\\' | '$' | '`' => out.push(next),
                        _ => {
                            out.push('\\');
                            out.push(next);
                        }
                    }
                }
                '$' if matches!(self.peek(), Some(b'(' | b'{')) => {
                    let start = self.pos - 1;
                    let close = if self.peek() == Some(b'(') { b')' } else { b'}' };
                    self.pos += 1;
                    if !self.skip_nested(close) {
                        return None;
                    }
                    out.push_str(&self.text[start..self.pos]);
                }
                '`' => {
                    let start = self.pos - 1;
                    if !self.skip_nested(b'`') {
                        return None;
                    }
                    out.push_str(&self.text[start..self.pos]);
                }
                _ => out.push(ch),
            }
        }
    }

    fn word(&mut self) -> Option<Word> {
        let start = self.pos;
        let mut text = String::new();
        let mut quoted = false;
        while let Some(ch) = self.text[self.pos..].chars().next() {
            match ch {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>' => break,
                '\\' => {
                    quoted = true;
                    self.pos += 1;
                    match self.text[self.pos..].chars().next() {
                        Some('\n') => self.pos += 1,
                        Some(next) => {
                            text.push(next);
                            self.pos += next.len_utf8();
                        }
                        None => {}
                    }
                }
                '\'' => {
                    quoted = true;
                    self.pos += 1;
                    let end = self.text[self.pos..].find('\'')?;
                    text.push_str(&self.text[self.pos..self.pos + end]);
                    self.pos += end + 1;
                }
                '"' => {
                    quoted = true;
                    self.pos += 1;
                    self.double_quote(&mut text)?;
                }
                '$' if matches!(self.at(1), Some(b'(' | b'{')) => {
                    // The whole expansion is kept as text; its value is unknown here.
                    quoted = true;
                    let expansion_start = self.pos;
                    let close = if self.at(1) == Some(b'(') { b')' } else { b'}' };
                    self.pos += 2;
                    if !self.skip_nested(close) {
                        return None;
                    }
                    text.push_str(&self.text[expansion_start..self.pos]);
                }
                '`' => {
                    quoted = true;
                    let expansion_start = self.pos;
                    self.pos += 1;
                    if !self.skip_nested(b'`') {
                        return None;
                    }
                    text.push_str(&self.text[expansion_start..self.pos]);
                }
                '$' => {
                    quoted = true;
                    text.push('$');
                    self.pos += 1;
                }
                _ => {
                    text.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
        Some(Word { range: start..self.pos, text, quoted })
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        self.skip_blanks();
        let byte = self.peek()?;
        let two = self.text.get(self.pos..self.pos + 2).unwrap_or("");
        let digits = self.text[self.pos..].bytes().take_while(u8::is_ascii_digit).count();
        let fd_redirect = digits > 0 && matches!(self.at(digits), Some(b'<' | b'>'));
        let start = self.pos;
        let separator = |kind, len: usize| {
            Some(Token::Separator(Separator { kind, range: start..start + len }))
        };
        match byte {
            b'\n' | b';' | b'(' | b')' => {
                self.pos += 1;
                if byte == b'\n' {
                    self.skip_heredoc_bodies();
                }
                let kind = match byte {
                    b'\n' => SeparatorKind::Newline,
                    b';' => SeparatorKind::Semicolon,
                    _ => SeparatorKind::Paren,
                };
                separator(kind, 1)
            }
            b'&' | b'|' => {
                let (kind, len) = match two {
                    "&>" => {
                        self.pos += 2;
                        return Some(Token::Redirect);
                    }
                    "&&" => (SeparatorKind::And, 2),
                    "||" => (SeparatorKind::Or, 2),
                    "|&" => (SeparatorKind::Pipe, 2),
                    _ if byte == b'&' => (SeparatorKind::Background, 1),
                    _ => (SeparatorKind::Pipe, 1),
                };
                self.pos += len;
                separator(kind, len)
            }
            b'<' | b'>' => {
                while matches!(self.peek(), Some(b'<' | b'>' | b'&' | b'|' | b'-')) {
                    self.pos += 1;
                }
                // `2>&1` and `>&2` name a descriptor, not a file.
                if self.text[..self.pos].ends_with('&')
                    && self.peek().is_some_and(|b| b.is_ascii_digit())
                {
                    while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                        self.pos += 1;
                    }
                    return self.next();
                }
                match &self.text[start..self.pos] {
                    "<<" => self.delimiter_next = Some(false),
                    "<<-" => self.delimiter_next = Some(true),
                    _ => {}
                }
                Some(Token::Redirect)
            }
            b'0'..=b'9' if fd_redirect => {
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.pos += 1;
                }
                self.next()
            }
            _ => match self.word() {
                Some(word) => {
                    if let Some(strip_tabs) = self.delimiter_next.take() {
                        self.pending.push((word.text.clone(), strip_tabs));
                    }
                    Some(Token::Word(word))
                }
                None => {
                    self.pos = self.text.len();
                    Some(Token::Opaque)
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(script: &str) -> Vec<Vec<String>> {
        commands(script)
            .into_iter()
            .map(|c| c.words.into_iter().map(|w| w.text).collect())
            .collect()
    }

    fn strs(commands: &[&[&str]]) -> Vec<Vec<String>> {
        commands.iter().map(|c| c.iter().map(|w| w.to_string()).collect()).collect()
    }

    #[test]
    fn splits_lists_and_pipelines() {
        assert_eq!(
            texts("set -eux; apk add curl && rm -rf /x || true | cat & wait"),
            strs(&[
                &["set", "-eux"],
                &["apk", "add", "curl"],
                &["rm", "-rf", "/x"],
                &["true"],
                &["cat"],
                &["wait"]
            ])
        );
    }

    #[test]
    fn removes_quotes_and_keeps_expansions() {
        assert_eq!(
            texts(r#"echo 'a b' "c $X" d\ e $(date +%s) ${Y:-z} `id -u`"#),
            strs(&[&["echo", "a b", "c $X", "d e", "$(date +%s)", "${Y:-z}", "`id -u`"]])
        );
    }

    #[test]
    fn skips_assignments_wrappers_reserved_words_and_redirect_targets() {
        assert_eq!(
            texts("if FOO=1 sudo -E apk add x > /log 2>&1; then env A=b apk upgrade; fi"),
            strs(&[&["apk", "add", "x"], &["apk", "upgrade"]])
        );
    }

    #[test]
    fn wrapper_options_with_values_are_not_the_command() {
        assert_eq!(
            texts(
                "sudo -u node -E yarn install; nice -n 10 apk add x; env -u HOME A=1 pip install y"
            ),
            strs(&[&["yarn", "install"], &["apk", "add", "x"], &["pip", "install", "y"]])
        );
        assert_eq!(
            texts("tini -e 143 -- nginx -g x; dumb-init --rewrite 15:3 make; setsid cron -f"),
            strs(&[&["nginx", "-g", "x"], &["make"], &["cron", "-f"]])
        );
    }

    #[test]
    fn exec_form_lines_drop_the_same_prefixes() {
        let line = |words: &[&str]| {
            let command = exec_command(words.iter().map(|w| w.to_string()).collect());
            command.words.into_iter().map(|w| w.text).collect::<Vec<_>>()
        };
        assert_eq!(line(&["tini", "--", "git", "daemon"]), ["git", "daemon"]);
        assert_eq!(line(&["/sbin/tini", "-s", "--", "nginx"]), ["nginx"]);
        assert_eq!(line(&["env", "A=1", "nice", "-n", "5", "/app/x"]), ["/app/x"]);
        assert_eq!(line(&["/app/x", "--port", "80"]), ["/app/x", "--port", "80"]);
    }

    #[test]
    fn line_continuations_and_comments_in_heredoc_scripts() {
        assert_eq!(
            texts("apk add \\\n  curl # the client\n# a comment\napk upgrade\n"),
            strs(&[&["apk", "add", "curl"], &["apk", "upgrade"]])
        );
    }

    #[test]
    fn commands_know_their_range_and_separator() {
        let script = "FOO=1 apk update && apk add x > /log; echo done";
        let commands = commands(script);
        let spans: Vec<_> = commands.iter().map(|c| &script[c.range.clone()]).collect();
        assert_eq!(spans, ["FOO=1 apk update", "apk add x > /log", "echo done"]);
        let kinds: Vec<_> = commands.iter().map(|c| c.separator.as_ref().map(|s| s.kind)).collect();
        assert_eq!(kinds, [Some(SeparatorKind::And), Some(SeparatorKind::Semicolon), None]);
        let and = commands[0].separator.as_ref().unwrap();
        assert_eq!(&script[and.range.clone()], "&&");
    }

    #[test]
    fn heredoc_bodies_inside_scripts_are_data() {
        assert_eq!(
            texts("cat > /bin/add <<'SH'\napk add \"$@\"\nSH\nchmod +x /bin/add\n"),
            strs(&[&["cat"], &["chmod", "+x", "/bin/add"]])
        );
        assert_eq!(
            texts("cat <<-X; apk add y\n\tapk add foo\n\tX\napk upgrade\n"),
            strs(&[&["cat"], &["apk", "add", "y"], &["apk", "upgrade"]])
        );
        assert_eq!(texts("cat <<<'apk add x'; apk add y"), strs(&[&["cat"], &["apk", "add", "y"]]));
    }

    #[test]
    fn ranges_point_at_the_words() {
        let script = "apk  'add' x";
        let words = &commands(script)[0].words;
        assert_eq!(&script[words[1].range.clone()], "'add'");
        assert_eq!(words[1].text, "add");
    }

    #[test]
    fn unclosed_quote_makes_the_command_opaque() {
        let commands = commands("apk add 'curl");
        assert_eq!(commands.len(), 1);
        assert!(commands[0].opaque);
    }
}

#[cfg(test)]
mod robustness {
    use super::*;

    /// Scripts made of the characters the reader treats specially never make it panic, and
    /// every word range lies on character boundaries inside the script.
    #[test]
    fn arbitrary_scripts_do_not_panic() {
        const PIECES: &[&str] = &[
            "a", " ", "\t", "\n", "\\", "'", "\"", "$", "(", ")", "{", "}", "`", "&", "|", ";",
            "<", ">", "#", "é", "→", "2", "=", "\\\n", "$(", "${",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut script = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                script.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            for command in commands(&script) {
                for word in command.words {
                    assert!(script.get(word.range.clone()).is_some(), "{script:?} {word:?}");
                }
            }
        }
    }
}
