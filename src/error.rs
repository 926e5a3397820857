//! The library's error type. Per-file problems are not errors: they become parse errors
//! in the report and the scan goes on. These are the failures that stop a command.

use std::path::PathBuf;

/// A failure that stops the command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line or configuration is wrong (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}
