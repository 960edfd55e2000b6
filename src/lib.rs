//! dockfix rewrites Dockerfiles to follow best practice without losing a byte the author wrote.
//!
//! The pipeline runs one way: [`syntax`] turns text into a lossless tree, [`shell`] reads the
//! scripts inside `RUN`, [`rules`] look at the tree and emit [`diagnostic::Diagnostic`]s with
//! edits, and [`fix`] applies those edits until the text stops changing.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod rules;
pub mod semantics;
pub mod shell;
pub mod syntax;
pub mod workspace;
