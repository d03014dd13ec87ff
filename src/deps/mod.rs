//! Outdated dependencies (README "Dependencies"): manifests and lockfiles of eight ecosystems read
//! into one inventory, versions looked up offline or in configured registries, lag computed.

pub mod inventory;
pub mod lag;
pub mod lockfiles;
pub mod model;
pub mod resolve;
pub mod source;
pub mod version;

pub use inventory::{Inventory, MAX_LOCKFILE_BYTES, inventory};
pub use lag::totals;
pub use model::{
    Dependency, DependencyTotals, ECOSYSTEM_IDS, Ecosystem, Lag, LagClass, LagStatus, LagTotals,
    LockfileSummary, RegistryUse,
};
pub use resolve::{ResolveOptions, ResolveReport, resolve, snapshot_index};
pub use source::bases::{Discovered, discover, registry_bases};
pub use source::index::{IndexError, PackageVersions, RegistryIndex, VersionInfo};
