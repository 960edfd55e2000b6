//! `grammar/dockerfile.ungram` and `SyntaxKind` must name the same kinds.

use std::collections::BTreeSet;

use dockfix::syntax::SyntaxKind;

fn names(filter: impl Fn(SyntaxKind) -> bool) -> BTreeSet<String> {
    SyntaxKind::all().iter().filter(|k| filter(**k)).map(|k| format!("{k:?}")).collect()
}

#[test]
fn grammar_and_syntax_kinds_agree() {
    let grammar: String = include_str!("../grammar/dockerfile.ungram")
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");

    let mut defined = BTreeSet::new();
    for line in grammar.lines() {
        if let Some((name, _)) = line.split_once(" =") {
            if name.chars().all(|c| c.is_ascii_uppercase() || c == '_') && !name.is_empty() {
                defined.insert(name.to_string());
            }
        }
    }
    assert_eq!(defined, names(SyntaxKind::is_node), "node kinds");

    let quoted: BTreeSet<String> =
        grammar.split('\'').skip(1).step_by(2).map(str::to_string).collect();
    let tokens = names(|k| !k.is_node());
    let unknown: Vec<_> = quoted.difference(&tokens).collect();
    assert!(unknown.is_empty(), "the grammar quotes unknown tokens: {unknown:?}");
    let unused: Vec<_> = tokens.difference(&quoted).collect();
    assert!(unused.is_empty(), "token kinds the grammar never mentions: {unused:?}");
}
