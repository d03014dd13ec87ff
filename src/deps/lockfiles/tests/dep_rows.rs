//! A compact YAML view of parsed dependencies for snapshots: the fields a parser sets, without
//! the empty lag block (source and ecosystem are asserted by the tests themselves).

use serde::Serialize;

use crate::deps::model::Dependency;

#[derive(Serialize)]
pub struct Row<'a> {
    pub line: u32,
    pub name: &'a str,
    pub version: Option<&'a str>,
    pub constraint: Option<&'a str>,
    pub direct: bool,
    pub dev: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<&'a str>,
}

pub fn rows(deps: &[Dependency]) -> Vec<Row<'_>> {
    deps.iter()
        .map(|d| Row {
            line: d.line,
            name: &d.name,
            version: d.version.as_deref(),
            constraint: d.constraint.as_deref(),
            direct: d.direct,
            dev: d.dev,
            deprecated: d.lag.deprecated,
            deprecation: d.lag.deprecation.as_deref(),
        })
        .collect()
}
