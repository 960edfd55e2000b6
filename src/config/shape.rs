//! The TOML type each configuration key takes, checked on the parsed document before serde
//! reads it, so that a value of the wrong type is reported in TOML's words.

// Design notes:
// - serde describes types by the Rust that receives them (`i64`, `struct RawPr`, `a sequence`),
//   reads an array into a struct as its fields in order, and sees a date-time as a map with a
//   private key. Checking the document first leaves serde only the errors it words well: an
//   unknown key, a missing one, an unknown variant.
// - The keys here must be those of the `Raw*` structs in `file.rs`; a test compares the two
//   through serde's own list of each table's keys.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// What a key's value must be.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Boolean,
    Integer,
    String,
    /// An array of strings.
    Strings,
    /// A table with these keys, whose values have these shapes.
    Table(&'static [(&'static str, Shape)]),
    /// An array of such tables.
    Tables(&'static [(&'static str, Shape)]),
    /// A table of strings under any keys.
    StringTable,
}

/// The keys of a configuration file.
const FILE: &[(&str, Shape)] = &[
    ("select", Shape::Strings),
    ("ignore", Shape::Strings),
    ("unsafe-fixes", Shape::Boolean),
    ("exclude", Shape::Strings),
    ("extend-exclude", Shape::Strings),
    (
        "non-root-user",
        Shape::Table(&[("name", Shape::String), ("uid", Shape::Integer), ("gid", Shape::Integer)]),
    ),
    ("base-image-pin", Shape::Table(&[("policy", Shape::String), ("images", Shape::StringTable)])),
    (
        "build-tools-in-builder",
        Shape::Table(&[("packages", Shape::Strings), ("extend-packages", Shape::Strings)]),
    ),
    ("pr", Shape::Table(&[("branch", Shape::String), ("remote", Shape::String)])),
    (
        "contexts",
        Shape::Tables(&[
            ("dockerfile", Shape::String),
            ("context", Shape::String),
            ("target", Shape::String),
        ]),
    ),
];

impl Shape {
    fn expected(self) -> &'static str {
        match self {
            Shape::Boolean => "a boolean",
            Shape::Integer => "an integer",
            Shape::String => "a string",
            Shape::Strings => "an array of strings",
            Shape::Table(_) => "a table",
            Shape::Tables(_) => "an array of tables",
            Shape::StringTable => "a table of strings",
        }
    }
}

/// A value of the wrong type: where it is written, and `` `key`: expected ..., found ... ``.
pub(super) type Mismatch = (Range<usize>, String);

/// Every value of `document`, the text `text`, whose type is not its key's, in the order they are
/// written. Keys the configuration does not have are left to serde, which names them.
pub(super) fn check(document: &DeTable<'_>, text: &str) -> Vec<Mismatch> {
    let mut found = Vec::new();
    check_table(document, FILE, &mut Vec::new(), text, &mut found);
    found
}

/// The keys of the table at `path` (dotted; empty for the top), in the order the structs have
/// them, for the test that compares them with serde's.
#[cfg(test)]
pub(super) fn keys(path: &str) -> Vec<&'static str> {
    let mut keys = FILE;
    for part in path.split('.').filter(|part| !part.is_empty()) {
        keys = match keys.iter().find(|(key, _)| *key == part) {
            Some((_, Shape::Table(inner) | Shape::Tables(inner))) => inner,
            _ => panic!("`{path}` is not a table of the configuration"),
        };
    }
    keys.iter().map(|(key, _)| *key).collect()
}

fn check_table(
    table: &DeTable<'_>,
    keys: &[(&str, Shape)],
    path: &mut Vec<String>,
    text: &str,
    found: &mut Vec<Mismatch>,
) {
    for (key, value) in table {
        let Some((_, shape)) = keys.iter().find(|(name, _)| *name == key.get_ref()) else {
            continue;
        };
        path.push(key.get_ref().to_string());
        check_value(value.get_ref(), value.span(), *shape, path, text, found);
        path.pop();
    }
}

fn check_value(
    value: &DeValue<'_>,
    span: Range<usize>,
    shape: Shape,
    path: &mut Vec<String>,
    text: &str,
    found: &mut Vec<Mismatch>,
) {
    match (shape, value) {
        (Shape::Boolean, DeValue::Boolean(_))
        | (Shape::Integer, DeValue::Integer(_))
        | (Shape::String, DeValue::String(_)) => {}
        (Shape::Strings, DeValue::Array(items)) => {
            for item in items.iter() {
                check_value(item.get_ref(), item.span(), Shape::String, path, text, found);
            }
        }
        (Shape::Table(keys), DeValue::Table(table)) => check_table(table, keys, path, text, found),
        (Shape::Tables(keys), DeValue::Array(items)) => {
            for item in items.iter() {
                check_value(item.get_ref(), item.span(), Shape::Table(keys), path, text, found);
            }
        }
        (Shape::StringTable, DeValue::Table(table)) => {
            for (key, value) in table {
                path.push(key.get_ref().to_string());
                check_value(value.get_ref(), value.span(), Shape::String, path, text, found);
                path.pop();
            }
        }
        (shape, value) => {
            let found_value = describe(value, &span, text);
            let message =
                format!("`{}`: expected {}, found {found_value}", path.join("."), shape.expected());
            found.push((span, message));
        }
    }
}

/// A value as a message names it: its type, and for a short scalar the value as written.
fn describe(value: &DeValue<'_>, span: &Range<usize>, text: &str) -> String {
    let kind = match value {
        DeValue::Array(_) => return "an array".to_string(),
        DeValue::Table(_) => return "a table".to_string(),
        DeValue::String(_) => "string",
        DeValue::Integer(_) => "integer",
        DeValue::Float(_) => "float",
        DeValue::Boolean(_) => "boolean",
        DeValue::Datetime(_) => "date-time",
    };
    let written = text.get(span.clone()).unwrap_or_default();
    if written.is_empty() || written.len() > MAX_SHOWN || written.contains('\n') {
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        return format!("{article} {kind}");
    }
    format!("the {kind} `{written}`")
}

/// The longest value, in bytes, that a message quotes.
const MAX_SHOWN: usize = 40;
