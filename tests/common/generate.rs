//! A deterministic generator of small, tricky Dockerfiles for the differential test, and of
//! random text for the no-panic test.
//!
//! Files are assembled from fragments: a top block of directives, then instructions drawn from
//! templates that exercise the corners of BuildKit's reader (continuations, comments inside them,
//! escapes, JSON forms, flags, ENV forms, heredocs, unknown keywords), then line endings and a
//! few random insertions of characters that matter to the parser.

/// A small PRNG (splitmix64): fixed seeds give the same inputs on every run and platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % n as u64).expect("below n")
    }

    /// True with probability `percent` in 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

/// The usual lines at the top of a file.
const PLAIN_TOP_LINES: &[&str] = &[
    "# escape=`",
    "# escape=\\",
    "# syntax=docker/dockerfile:1",
    "# check=skip=all",
    "# a comment",
    "",
];

/// Lines that may open a file, before any instruction. `{E}` is the file's escape character.
const TOP_LINES: &[&str] = &[
    "# escape=`",
    "# escape=\\",
    "# syntax=docker/dockerfile:1",
    "# syntax=docker/dockerfile:1.4",
    "# check=skip=all",
    "# check=error=true",
    "#escape =  `",
    "# ESCAPE=`",
    "\t#\tescape\t=\t`\t",
    "# escape=` # windows",
    "# escape= ",
    "# escape=",
    "# escape=x",
    "# foo=bar",
    "#!/bin/sh",
    "// escape=`",
    "",
    "  ",
    "# a comment",
    "#",
    "#syntax=x",
    "# Syntax = y",
    "#{W}escape{W}={W}`",
    "# escape=`{W}",
    "{W}# escape=`",
    "# check=skip=all{W}",
    "# escape=`\r",
];

/// Instruction fragments; lines are separated by `\n`, which becomes the file's line ending.
/// Placeholders: `{E}` escape character, `{T}` blanks after a continuation, `{S}` a separator,
/// `{I}` indentation, `{W}` one character from a range of ASCII and Unicode white space.
const PIECES: &[&str] = &[
    // Plain instructions and keyword case.
    "FROM alpine:3.19",
    "FROM --platform=$BUILDPLATFORM golang:1.22 AS build",
    "from{S}scratch",
    "FrOm a AS b c",
    "FROM\u{a0}a",
    "MAINTAINER someone <x@example.com>",
    "WORKDIR /a b  c  ",
    "WORKDIR",
    "USER",
    "USER 1000:1000",
    "EXPOSE \"80 81\"",
    "EXPOSE 80\t81\u{b}82\u{c}83",
    "STOPSIGNAL SIGTERM",
    "RUN apk add curl",
    "RUN apk add --no-cache curl && apk upgrade",
    "RUN echo \"a  b\"   c  ",
    "RUN a # not a comment",
    "{I}RUN indented",
    "RUN",
    "RUN\u{b}x",
    "RUN a\u{c}b",
    "FROM a\rRUN b",
    "RUN x\0y",
    // Continuations, with comments, blank lines and lone escapes inside.
    "RUN a{S}{E}{T}\n{I}b",
    "RUN a {E}{T}\n# comment {E}\n\n   \nb",
    "RUN a {E}{T}\n  # c\n  b {E}{T}\n  c",
    "{E}\nRUN a",
    "{E}{T}\n{E}\nRUN a {E}\n{E}\nb",
    "RUN a {E}{E}\nRUN b",
    "RUN a {E}{E}{E}\nb",
    "RUN a {E}\r \n b",
    "RUN a {E}{T}",
    "RUN a \\{T}\nb",
    "RUN a `{T}\nb",
    "RUN set -eux; {E}{T}\n\tapk add --no-cache {E}{T}\n\t\tcurl {E}{T}\n\t;",
    "RUN echo a{E}{T}\n\n# escape=\\\nb",
    "ENV A=1 {E}{T}\n    B=2 {E}{T}\n    C=3",
    "LABEL a=b {E}{T}\n  # inner comment\n  c=d",
    "RUN --network=none {E}{T}\n  --privileged {E}{T}\n  make",
    // JSON forms: valid, invalid, not strings, trailing text.
    "CMD [\"a\", \"b\"]",
    "CMD ['a']",
    "CMD [\"a\",]",
    "CMD []",
    "CMD [ \"a\" ]",
    "CMD[\"a\"]",
    "CMD [01]",
    "CMD [\"a\"] x",
    "CMD [\"a\"] # c",
    "CMD [\"a\"] [\"b\"]",
    "ENTRYPOINT [\"a\", {E}{T}\n  \"b\"]",
    "ENTRYPOINT [\"/bin/sh\", \"-c\", \"echo $HOME\"]",
    "CMD [\"a\\u0041\\n\", \"\\ud800\"]",
    "CMD [\"\\u0000x\", \"y\"]",
    "CMD [\"a\\\"b\", \"c\\\\d\"]",
    "VOLUME [\"/a\"",
    "VOLUME [\"/a\", \"/b\"]",
    "VOLUME /a /b",
    "SHELL [\"/bin/sh\", \"-c\"]",
    "SHELL [\"powershell\", \"-Command\", \"$ErrorActionPreference = 'Stop';\"]",
    "COPY [\"a b\", \"c\"]",
    "COPY --from=build --chown=1:1 a{E} b /dst/",
    "ADD --chmod=644 [\"x y\", \"z\"]",
    "RUN {\"a\": 1}",
    "RUN [\"a\"] && b",
    "RUN [ -f /x ] && echo y",
    "RUN [\"a\"] <<EOF\nx\nEOF",
    // Flags.
    "RUN --mount=type=cache,target=/root/.cache pip install x",
    "RUN --a=\"x y\" --b='p q' --c=x\\ y --d=\"\" --e= --f c",
    "RUN --a -- --b c",
    "RUN --=x ---a -x y",
    "RUN --a=\u{e9} y",
    "RUN --a=x\u{e0}x y",
    "RUN --a=\u{a0}x y",
    "RUN --a=\"unclosed y",
    "RUN --a='unclosed y",
    "RUN --a=x\\",
    "RUN --a=x` y",
    "RUN --a=x\\` y",
    "RUN --a=x`` y",
    "RUN --a=x`\" y\" z",
    "COPY --from=a\\ b c d",
    "CMD --help",
    "ENV --x=1 A=1",
    "FOO --x=1 bar baz",
    // ENV, LABEL, ARG.
    "ENV A=1 B=\"two words\" C='x y' D= E=1=2",
    "ENV A  \"quoted  value\" ",
    "ENV",
    "LABEL",
    "ARG",
    "ENV A{E} B=1",
    "ENV A={E}\"x",
    "ENV A=\"x{E}\"y\" B=2",
    "ENV A='x{E}' B=1",
    "ENV A=x{E} y",
    "LABEL \"a b\"=c d=\"e f\"",
    "ENV A=\"unclosed",
    "ENV A=1{E}",
    "ENV A=\u{a0}x",
    "ENV A=x\ty",
    "ENV A x y  z",
    "ENV A\u{a0}b",
    "ENV PATH=/usr/local/bin:$PATH",
    "ARG A=1 B=\"2 3\" C",
    "ARG VERSION",
    "arg a=b",
    "label maintainer=\"x\"",
    // ONBUILD.
    "ONBUILD RUN x",
    "onbuild copy --from=a x y",
    "ONBUILD --foo CMD [\"a\"]",
    "ONBUILD ONBUILD RUN x",
    "ONBUILD ONBUILD",
    "ONBUILD --x ONBUILD{W}",
    "ONBUILD",
    "ONBUILD ENV A=1 B=2",
    "ONBUILD LABEL a b",
    "ONBUILD RUN <<EOF\nx\nEOF",
    "ONBUILD CMD [\"a\"] x",
    "ONBUILD HEALTHCHECK CMD x",
    "ONBUILD RUN --mount=x y",
    // HEALTHCHECK.
    "HEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1",
    "HEALTHCHECK CMD [\"curl\", \"-f\", \"x\"]",
    "HEALTHCHECK NONE",
    "HEALTHCHECK NONE extra",
    "HEALTHCHECK",
    "healthcheck cmd x",
    "HEALTHCHECK CMD [\"a\"] x",
    "HEALTHCHECK FOO",
    "HEALTHCHECK CMD\u{e0}x y",
    "HEALTHCHECK --retries=3 {E}{T}\n  CMD x",
    // Heredocs.
    "RUN <<EOF\necho hi\nEOF",
    "RUN <<-EOF\n\techo hi\n\tEOF",
    "RUN <<-EOF\n\techo hi\n  EOF\nEOF",
    "RUN <<\"EOF\"\n$a\nEOF",
    "RUN <<'EOF'\n$a\nEOF",
    "RUN <<EOF cat <<X\na\nEOF\nb\nX",
    "RUN <<\"EOF\" 3<<'X'\n$a\nEOF\n$b\nX",
    "RUN cat << EOF\nx\nEOF",
    "RUN echo $((1 << 2))",
    "RUN echo $((1<<2))",
    "RUN echo 1<<2\nx\n2",
    "COPY <<EOF /dest\ncontent\nEOF",
    "ADD <<EOF /x\nEOF",
    "COPY <<a <<b /dst/\n1\na\n2\nb",
    "RUN <<E\"O\"F\nx\nEOF",
    "RUN <<EOF>out\nx\nEOF>out",
    "RUN <<\"EOF\nx\nEOF",
    "RUN <<EOF\n# kept\nEOF \n EOF\nEOF",
    "RUN <<EOF {E}{T}\n  && echo done\nbody\nEOF",
    "CMD <<EOF\nx\nEOF",
    "RUN <<${X:-d}\nx\n${X:-d}",
    "RUN <<${X}\nx\n${X}",
    "RUN <<- EOF\nx\nEOF",
    "RUN << -EOF\nx\n-EOF",
    "RUN <<EOF\n\n{E}\n# escape=`\nEOF",
    "RUN \\<<EOF",
    "RUN '<<EOF'",
    "RUN a=<<EOF",
    "RUN python3 <<EOF\nprint(1)\nEOF",
    "COPY --chmod=755 <<-\"EOT\" /run.sh\n\t#!/bin/sh\n\techo\n\tEOT",
    "RUN <<EOF\nx\r\nEOF\r",
    "run <<eof\nx\neof",
    "RUN <<EOF\nEOF",
    // White space of every kind, where the reader splits or trims.
    "RUN{W}x",
    "{W}RUN x",
    "RUN x{W}",
    "{W}# comment",
    "RUN a {E}{W}\nb",
    "RUN a {E}\n{W}\nb",
    "RUN a {E}\n{W}# c\nb",
    "ENV A=1{W}B=2",
    "ENV A{W}1",
    "ENV A=\"x{W}y\"{W}B='{W}'",
    "LABEL a{W}b",
    "ARG A{W}B",
    "FROM a{W}AS b",
    "EXPOSE 1{W}2",
    "COPY a{W}b c",
    "WORKDIR {W}/a{W}",
    "CMD{W}[\"a\"]",
    "CMD {W}[\"a\"]",
    "CMD [\"a\"]{W}",
    "CMD [\"a\"]{W}x",
    "CMD [\"a\",{W}\"b\"]",
    "RUN --a=1{W}--b=2 x",
    "RUN --a{W}x",
    "RUN{W}--a x",
    "RUN <<{W}EOF\nx\nEOF",
    "RUN <<EOF{W}\nx\nEOF",
    "RUN <<EOF\nx\nEOF{W}",
    "RUN <<-EOF\n{W}x\n{W}EOF",
    "RUN cat{W}<<EOF\nx\nEOF",
    "RUN <<EOF{W}<<X\na\nEOF\nb\nX",
    "HEALTHCHECK{W}CMD x",
    "HEALTHCHECK CMD{W}x",
    "HEALTHCHECK CMD{W}[\"a\"]",
    "ONBUILD{W}RUN x",
    "ONBUILD RUN{W}x",
    // Heredoc names: quotes, escapes, shell punctuation, here-strings.
    "RUN <<\"E\\\"OF\"\nx\nE\"OF",
    "RUN <<E\\OF\nx\nEOF",
    "RUN <<\\EOF\nx\nEOF",
    "RUN <<'E'\"F\"\nx\nEF",
    "RUN <<\"EOF\"x\nx\nEOFx",
    "RUN <<EOF;\nx\nEOF;",
    "RUN <<EOF&&echo\nx\nEOF&&echo",
    "RUN <<$EOF\nx\n$EOF",
    "RUN <<$(x)\nx\n$(x)",
    "RUN <<${ X}\nx\n${ X}",
    "RUN <<${}\nx\n${}",
    "RUN <<${X.}\nx\n${X.}",
    "RUN <<${#X}\nx\n${#X}",
    "RUN <<${X-d}\nx\n${X-d}",
    "RUN <<${X:?e}\nx\n${X:?e}",
    "RUN <<\"${X\"\nx\n${X",
    "RUN <<${X:-d }\nx\n${X:-d }",
    "RUN <<${X{W}}\nx\n${X}",
    "RUN <<EOF\"\nx\nEOF",
    "RUN 2<<EOF\nx\nEOF",
    "RUN 12<<-EOF\n\tx\n\tEOF",
    "RUN echo \"<<EOF\"",
    "RUN echo \"x\" <<EOF\nx\nEOF",
    "RUN cat <<<EOF",
    "RUN cat <<<<EOF\nx\nEOF",
    "RUN <<a<b\nx\na<b",
    "RUN <<EOF <<EOF\n1\nEOF\n2\nEOF",
    "onbuild run <<eof\nx\neof",
    "ONBUILD COPY <<EOF /x\ny\nEOF",
    "RUN <<EOF\n{E}\nEOF",
    "RUN --mount=type=secret,id=x <<EOF\nx\nEOF",
    "RUN <<EOF {E}{T}\n  <<X\n1\nEOF\n2\nX",
    // More JSON.
    "CMD [\"\\u00e9\", \"a\\/b\", \"\\t\"]",
    "CMD [ ]",
    "CMD [\"a\" \"b\"]",
    "CMD [\"a\"]]",
    "CMD [\"\"]",
    "CMD [\"a\", {E}{T}\n# c\n  \"b\"]",
    "ENTRYPOINT [\"a\"] {E}{T}\n  x",
    "RUN [\"a\", \"b\"",
    "COPY [\"a\"] /x",
    "VOLUME [\"/a\"] [\"/b\"]",
    // More escapes, flags and words.
    "RUN a\\b",
    "{E}  ",
    "RUN a {E}\r\r\nb",
    "ENV A=x`` y",
    "ENV A=x`\" y\"",
    "ENV A=\"a``\" B=c",
    "EXPOSE 80\\ 81",
    "RUN --a=\"x {E}{T}\n y\" z",
    "RUN --a='x\\' y",
    "RUN --a=\"x\\\"y\" z",
    "HEALTHCHECK --interval=5s NONE",
    "FROM --platform=linux/amd64{S}--foo a",
    // Unknown keywords and comments.
    "FOO x",
    "foo --x=1 bar",
    "\u{feff}RUN b",
    "# a comment",
    "  # an indented comment",
    "",
    "   ",
    "\t",
    "#",
    "# escape=`",
    "#!/bin/sh",
    "{E}",
];

/// Fragments BuildKit always rejects; drawn rarely, since a rejected file compares little.
const ERROR_PIECES: &[&str] = &[
    "CMD [\"a\" , 1]",
    "ENV A",
    "ENV A=1 B",
    "RUN [1]",
    "RUN [true]",
    "RUN [null]",
    "RUN [[\"a\"]]",
    "ONBUILD ENV A",
    "LABEL a=b c",
    "HEALTHCHECK CMD [1]",
    "ONBUILD RUN [\"a\", 1]",
    "RUN <<EOF\nunterminated",
];

/// White space the reader may treat differently: ASCII, Unicode, and look-alikes that are not.
const WHITE: &[&str] = &[
    " ", "\t", "\u{b}", "\u{c}", "\r", "\u{85}", "\u{a0}", "\u{1680}", "\u{2000}", "\u{2003}",
    "\u{2028}", "\u{3000}", "\u{feff}", "\u{180e}", "\u{200b}", "  ", "\t ",
];

/// Characters and short strings that matter to the reader, spliced in at random places.
const SPLICES: &[&str] = &[
    "\\", "`", "\"", "'", "[", "]", "<<", "<<-", "#", "--", "=", "$", "{", "}", " ", "\t",
    "\u{a0}", "\r", "\n", "\\\n", "`\n", "EOF", "\u{feff}", "\u{b}", "\u{c}", "\u{e9}", "\u{e0}",
    "\n# c\n", "\n\n", "\r\n", "\0",
];

/// Generates `count` Dockerfiles from `seed`.
pub fn dockerfiles(seed: u64, count: usize) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut files: Vec<String> = fixed_cases();
    while files.len() < count {
        files.push(dockerfile(&mut rng));
    }
    files
}

fn dockerfile(rng: &mut Rng) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut escape = '\\';
    if rng.chance(40) {
        for _ in 0..=rng.below(3) {
            let line = if rng.chance(60) {
                rng.pick_str(PLAIN_TOP_LINES)
            } else {
                rng.pick_str(TOP_LINES)
            };
            if line.contains('`') && rng.chance(80) {
                escape = '`';
            }
            lines.push(fill(rng, line, escape));
        }
    }
    if rng.chance(10) {
        escape = if escape == '\\' { '`' } else { '\\' };
    }
    let pieces = if rng.chance(3) { 0 } else { 1 + rng.below(6) };
    for _ in 0..pieces {
        let piece = if rng.chance(4) { rng.pick_str(ERROR_PIECES) } else { rng.pick_str(PIECES) };
        let piece = fill(rng, piece, escape);
        let piece = if rng.chance(15) { recase_keyword(rng, &piece) } else { piece };
        lines.extend(piece.split('\n').map(String::from));
    }
    if rng.chance(10) {
        for line in &mut lines {
            if rng.chance(30) {
                line.push_str(rng.pick_str(&[" ", "\t", "  "]));
            }
        }
    }

    // Line endings: mostly LF, sometimes CRLF or CR CR LF, once in a while mixed.
    let endings = ["\n", "\n", "\n", "\r\n", "\r\r\n"];
    let ending = *rng.pick(&endings);
    let mixed = rng.chance(5);
    let mut text = String::new();
    if rng.chance(6) {
        text.push('\u{feff}');
    }
    for (i, line) in lines.iter().enumerate() {
        text.push_str(line);
        if i + 1 < lines.len() || rng.chance(85) {
            text.push_str(if mixed { rng.pick_str(&endings) } else { ending });
        }
    }

    if rng.chance(25) {
        for _ in 0..=rng.below(3) {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, rng.pick_str(SPLICES));
        }
    }
    text
}

fn fill(rng: &mut Rng, piece: &str, escape: char) -> String {
    let mut out = String::with_capacity(piece.len() + 8);
    let mut rest = piece;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let token = &rest[open..];
        let (replacement, len): (String, usize) = if token.starts_with("{E}") {
            (escape.to_string(), 3)
        } else if token.starts_with("{T}") {
            (rng.pick(&["", "", " ", "  ", "\t", " \t "]).to_string(), 3)
        } else if token.starts_with("{S}") {
            (rng.pick(&[" ", " ", " ", "\t", "  ", "\u{a0}", "\u{b}"]).to_string(), 3)
        } else if token.starts_with("{W}") {
            (rng.pick_str(WHITE).to_string(), 3)
        } else if token.starts_with("{I}") {
            (rng.pick(&["", "  ", "\t", "    ", "\u{a0}"]).to_string(), 3)
        } else {
            ("{".to_string(), 1)
        };
        out.push_str(&replacement);
        rest = &rest[open + len..];
    }
    out.push_str(rest);
    out
}

/// Changes the case of the first word: `run`, `Run`, `rUN`.
fn recase_keyword(rng: &mut Rng, piece: &str) -> String {
    let end = piece.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(piece.len());
    let word: String = piece[..end]
        .chars()
        .map(|c| if rng.chance(50) { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() })
        .collect();
    format!("{word}{}", &piece[end..])
}

/// Inputs worth having on every run: the line-length limit, and files with no instruction.
fn fixed_cases() -> Vec<String> {
    let long = |n: usize| format!("RUN {}", "x".repeat(n - 4));
    vec![
        String::new(),
        "\n".into(),
        "\u{feff}".into(),
        "# escape=`\n".into(),
        "# just a comment\n\n".into(),
        format!("FROM a\n{}\n", long(65_535)),
        format!("FROM a\n{}\r\n", long(65_535)),
        format!("FROM a\n{}\n", long(65_536)),
        format!("FROM a\n{}", long(65_535)),
        format!("FROM a\n{}", long(65_536)),
        format!("{}\nFROM a\n", long(65_536)),
        format!("FROM a\nRUN <<EOF\n{}\nEOF\n", long(65_536)),
        format!("FROM a\nRUN a \\\n{}c\n", "b \\\n".repeat(20_000)),
    ]
}

/// Random text for the no-panic test: bytes biased towards the ones the reader cares about,
/// made valid UTF-8 the lossy way.
pub fn noise(seed: u64, count: usize) -> Vec<String> {
    const ALPHABET: &[u8] =
        b"\\`\"'[]<>-#=$ {}\t\r\n\n\n RUNFROMENVLABELCOPYHEALTHCHECKONBUILDEOFx0129";
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let len = rng.below(160);
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if rng.chance(75) {
                        *rng.pick(ALPHABET)
                    } else {
                        u8::try_from(rng.below(256)).expect("a byte")
                    }
                })
                .collect();
            String::from_utf8_lossy(&bytes).into_owned()
        })
        .collect()
}
