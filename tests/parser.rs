//! Parser fixtures: `tests/parser/ok` holds files BuildKit accepts, `tests/parser/err` files it
//! (or `docker build`) rejects. Each one's tree, BuildKit view and errors are a snapshot, and
//! every tree must give back its input byte for byte.

use std::path::Path;

use dockfix::syntax::{self, SyntaxKind};

fn render(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let parse = syntax::parse(&text);
    let tree = parse.syntax();
    assert_eq!(tree.to_string(), text, "{} does not round-trip", path.display());

    let expect_errors = path.parent().unwrap().ends_with("err");
    assert_eq!(
        !parse.errors().is_empty(),
        expect_errors,
        "{}: errors {:?}",
        path.display(),
        parse.errors()
    );
    if expect_errors {
        // Every error is also visible in the tree, or names a range of it.
        for error in parse.errors() {
            assert!(error.range.end() <= tree.text_range().end());
        }
    } else {
        assert!(tree.descendants().all(|n| n.kind() != SyntaxKind::ERROR));
    }

    let mut out = String::from("# BuildKit\n");
    for instruction in parse.instructions() {
        out.push_str(&serde_json::to_string(instruction).unwrap());
        out.push('\n');
    }
    out.push_str("# Errors\n");
    for error in parse.errors() {
        out.push_str(&format!("line {} {:?}: {}\n", error.line, error.range, error.message));
    }
    out.push_str("# Tree\n");
    out.push_str(&syntax::debug_tree(&tree));
    out
}

#[test]
fn parser_fixtures() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/parser");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("parser/*/*.Dockerfile", |path| {
            insta::assert_snapshot!(render(path));
        });
    });
}
