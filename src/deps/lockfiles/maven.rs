//! maven manifests and lockfiles (not yet read: no formats registered).

use super::Format;

pub static FORMATS: &[Format] = &[];

pub(crate) mod xml;
