//! The lossless Dockerfile tree: every byte of the input, comments and line breaks included,
//! is a token of the tree, so printing the tree gives back the input.
//!
//! Parsing never fails. What BuildKit would reject becomes an `ERROR` node and a
//! [`SyntaxError`] with its range; nothing is dropped.

pub mod ast;
pub mod buildkit;
mod heredoc;
mod json;
mod kind;
mod lexer;
mod parser;

use rowan::{GreenNode, TextRange};

pub use kind::{Dockerfile, SyntaxElement, SyntaxKind, SyntaxNode, SyntaxToken};

/// Something BuildKit would refuse, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub range: TextRange,
    /// 1-based line of the instruction (or directive) the error belongs to.
    pub line: usize,
}

/// The result of parsing one file.
#[derive(Debug, Clone)]
pub struct Parse {
    green: GreenNode,
    errors: Vec<SyntaxError>,
    instructions: Vec<buildkit::Instruction>,
    escape: u8,
}

impl Parse {
    pub fn syntax(&self) -> SyntaxNode {
        SyntaxNode::new_root(self.green.clone())
    }

    pub fn tree(&self) -> ast::SourceFile {
        ast::SourceFile::cast(self.syntax()).expect("the root is always a SOURCE_FILE")
    }

    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// The instructions as BuildKit's parser reports them, in file order.
    pub fn instructions(&self) -> &[buildkit::Instruction] {
        &self.instructions
    }

    /// The escape character in effect: `\` unless a `# escape=` directive says otherwise.
    pub fn escape(&self) -> char {
        char::from(self.escape)
    }
}

/// Parses Dockerfile text into a lossless tree.
pub fn parse(text: &str) -> Parse {
    parser::parse(text)
}

/// An indented `KIND@range "text"` listing of the tree, one element a line.
pub fn debug_tree(node: &SyntaxNode) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for event in node.preorder_with_tokens() {
        match event {
            rowan::WalkEvent::Enter(element) => {
                let range = element.text_range();
                let indent = "  ".repeat(depth);
                match element {
                    rowan::NodeOrToken::Node(node) => {
                        out.push_str(&format!("{indent}{:?}@{range:?}\n", node.kind()));
                        depth += 1;
                    }
                    rowan::NodeOrToken::Token(token) => {
                        out.push_str(&format!(
                            "{indent}{:?}@{range:?} {:?}\n",
                            token.kind(),
                            token.text()
                        ));
                    }
                }
            }
            rowan::WalkEvent::Leave(rowan::NodeOrToken::Node(_)) => depth -= 1,
            rowan::WalkEvent::Leave(_) => {}
        }
    }
    out
}
