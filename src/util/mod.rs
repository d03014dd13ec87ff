//! The lowest layer (docs/architecture.md): helpers with no knowledge of audits. Nothing here
//! imports another module of the crate.

pub mod atomic;
pub mod cancel;
pub mod globs;
pub mod text;
pub mod time;
pub mod walk;
