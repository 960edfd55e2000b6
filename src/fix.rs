//! Applying fixes to a file until nothing more changes.
