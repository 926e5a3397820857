//! json reporter.
