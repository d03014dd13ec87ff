//! Change history from git (DESIGN.md section 5): one streamed `git log` pass over the audit
//! window into per-file stats, function-level change, hotspots, ownership and coupling.

pub mod model;

pub use model::{
    ChangeMapping, Contributor, Coupling, FileHistory, HistoryStatus, HistorySummary, Hotspot,
    Window, WindowSource,
};
