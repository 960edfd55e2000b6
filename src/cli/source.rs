//! Reading one file, or standard input, as UTF-8 text: one open, one read.

use std::fs::{File, Metadata};
use std::io::Read;

use crate::workspace::{Source, describe_io};

/// A file's text, with the metadata of the file it came from (none for standard input).
pub(crate) struct SourceText {
    pub text: String,
    pub metadata: Option<Metadata>,
}

/// Why a source could not be read as text.
pub(crate) struct ReadError {
    /// A message that starts with the file's name.
    pub message: String,
    /// What standard input held, when it was read but is not text: a filter gives it back.
    pub stdin_bytes: Option<Vec<u8>>,
}

impl From<String> for ReadError {
    fn from(message: String) -> ReadError {
        ReadError { message, stdin_bytes: None }
    }
}

/// Reads `source` whole.
pub(crate) fn read(source: &Source) -> Result<SourceText, ReadError> {
    let name = source.display();
    let (bytes, metadata) = match source {
        Source::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|err| format!("{name}: cannot read: {}", describe_io(&err)))?;
            (bytes, None)
        }
        Source::File(path) => {
            let cannot_read =
                |err: std::io::Error| format!("{name}: cannot read: {}", describe_io(&err));
            let mut file = File::open(path).map_err(cannot_read)?;
            let metadata = file.metadata().map_err(cannot_read)?;
            if metadata.is_dir() {
                return Err(format!("{name}: is a directory").into());
            }
            let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
            file.read_to_end(&mut bytes).map_err(cannot_read)?;
            (bytes, Some(metadata))
        }
    };
    let stdin_bytes = matches!(source, Source::Stdin).then(|| bytes.clone());
    let text = decode(bytes).map_err(|(line, what)| ReadError {
        message: format!("{name}:{line}: {what}"),
        stdin_bytes,
    })?;
    Ok(SourceText { text, metadata })
}

/// The bytes as text, or the 1-based line of the first byte that keeps them from being text.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, (usize, &'static str)> {
    let line_of = |bytes: &[u8], at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err((
            line_of(&bytes, nul),
            "binary file (NUL byte); dockfix reads text files only",
        ));
    }
    String::from_utf8(bytes).map_err(|err| {
        let line = line_of(err.as_bytes(), err.utf8_error().valid_up_to());
        (line, "not valid UTF-8; dockfix reads UTF-8 Dockerfiles only")
    })
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn text_is_kept_as_is() {
        assert_eq!(
            decode(b"FROM alpine\r\nRUN echo \xc3\xa9\n".to_vec()).unwrap(),
            "FROM alpine\r\nRUN echo é\n"
        );
    }

    #[test]
    fn bad_bytes_are_placed_on_their_line() {
        assert_eq!(decode(b"FROM alpine\nRUN echo \xff\n".to_vec()).unwrap_err().0, 2);
        assert_eq!(decode(b"FROM alpine\n\nLABEL a=\0\n".to_vec()).unwrap_err().0, 3);
        assert_eq!(decode(b"\xfe\xff".to_vec()).unwrap_err().0, 1);
    }
}
