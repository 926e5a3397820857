//! text reporter.
