//! sarif reporter.
