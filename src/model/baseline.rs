//! How a finding relates to last quarter's snapshot (set by the comparison, carried by the finding).

use serde::{Deserialize, Serialize};

/// How a current finding relates to the baseline (`findings[].baseline_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineStatus {
    /// Not in the baseline.
    New,
    /// In the baseline, the metric behind it unchanged (within tolerance).
    Unchanged,
    /// In the baseline; its metric moved the bad way past the tolerance (or its severity rose).
    Worsened,
    /// In the baseline; its metric moved the good way past the tolerance (or its severity fell).
    Improved,
}
