//! Configuration: the options of single rules, which the rules read through their context.

pub mod options;

pub use options::{BaseImagePin, BuildTools, NonRootUser, PinPolicy, RuleOptions};
