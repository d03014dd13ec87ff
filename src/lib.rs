//! quarterdeck: a static analyzer for quarterly audits of legacy code. The library holds every
//! stage (scan, metrics, snapshot); the binary only parses arguments and maps errors to exit codes.
//! The modules form layers that import only downward (docs/architecture.md).

pub mod audit;
pub mod config;
pub mod deps;
pub mod history;
pub mod lang;
pub mod metrics;
pub mod model;
pub mod problem;
pub mod report;
pub mod rules;
pub mod scan;
pub mod snapshot;
pub mod tests_evidence;
pub mod util;
