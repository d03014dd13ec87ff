//! Outdated dependencies (DESIGN.md section 7): manifests and lockfiles of eight ecosystems read
//! into one inventory, versions looked up offline or in configured registries, lag computed.

pub mod inventory;
pub mod lockfiles;
pub mod model;

pub use inventory::{Inventory, MAX_LOCKFILE_BYTES, inventory};
pub use model::{
    Dependency, DependencyTotals, ECOSYSTEM_IDS, Ecosystem, Lag, LagClass, LagStatus, LagTotals,
    LockfileSummary,
};
