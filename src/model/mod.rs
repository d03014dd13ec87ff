//! The data model (docs/architecture.md): the serde types of the snapshot that several stages
//! share. A stage fills its part of them; none of these types imports a stage.

pub mod baseline;
pub mod ecosystem;
pub mod file;
pub mod fingerprint;
pub mod history;
pub mod metrics;
pub mod rule;
pub mod test_evidence;

pub use baseline::BaselineStatus;
pub use file::{FileReport, InlineIgnore, QueryHit, SkipList, SkipReason};
pub use metrics::{Aggregate, FileMeasure, FunctionMetrics, LineCounts};
pub use rule::{Band, Category, OptionValue, Severity};
