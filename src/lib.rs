//! leastpriv finds AWS IAM security problems in infrastructure code before it is applied.
//!
//! The pipeline runs one way: [`discover`] → [`parse`] → [`model`] (linked by [`link`]) →
//! [`rules`] → [`engine`] → [`suppress`] → [`report`].
//!
//! ```no_run
//! use leastpriv::engine::{scan, ScanOptions};
//! use leastpriv::rules::registry;
//!
//! let opts = ScanOptions { paths: vec!["infra".into()], ..Default::default() };
//! let report = scan(&opts, &registry::all()).expect("scan");
//! println!("{} findings", report.findings.len());
//! ```
#![deny(missing_docs)]

pub mod analysis;
pub mod baseline;
pub mod catalogue;
pub mod changes;
pub mod cli;
pub mod config;
pub mod discover;
pub mod docs;
pub mod engine;
pub mod error;
pub mod fixtures;
pub mod link;
pub mod model;
pub mod parse;
pub mod progress;
pub mod report;
pub mod rulepack;
pub mod rules;
pub mod secrets;
pub mod settings;
pub mod source;
pub mod suppress;
pub mod value;

pub use error::Error;
