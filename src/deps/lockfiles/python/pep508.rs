//! PEP 508 requirement strings (`requests[socks]>=2.28,<3; python_version < "3.8"`): name,
//! extras, version specifiers (checked with pep440_rs), markers, and direct URL references.

use super::normalize;
use pep440_rs::{Operator, VersionSpecifiers};
use std::str::FromStr;

/// One requirement, with the name normalised and the specifier without spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub name: String,
    pub extras: Vec<String>,
    /// `>=2.28,<3` (empty when any version is accepted).
    pub specifier: String,
    /// The environment marker as written (`python_version < "3.8"`).
    pub marker: Option<String>,
    /// A direct reference (`name @ https://...`): not resolved from a registry.
    pub url: bool,
}

impl Requirement {
    /// The constraint as the snapshot records it: the specifier, then `; marker` when there
    /// is one; `None` when neither is given.
    pub fn constraint(&self) -> Option<String> {
        match (&self.specifier, &self.marker) {
            (s, None) if s.is_empty() => None,
            (s, None) => Some(s.clone()),
            (s, Some(m)) => Some(format!("{s}; {m}")),
        }
    }

    /// The version an exact pin (`==2.31.0`, `===2.31.0`) names.
    pub fn pinned(&self) -> Option<String> {
        pinned(&self.specifier)
    }
}

/// The version of a specifier that is one exact pin (`==1.4.2`, not `==1.4.*`).
pub fn pinned(specifier: &str) -> Option<String> {
    let s: String = specifier.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(v) = s.strip_prefix("===") {
        return (!v.is_empty() && !v.contains(',')).then(|| v.to_string());
    }
    let specs = VersionSpecifiers::from_str(&s).ok()?;
    match &specs[..] {
        [one] if *one.operator() == Operator::Equal => s.strip_prefix("==").map(str::to_string),
        _ => None,
    }
}

/// What is wrong with a requirement string (the message is what a problem entry shows).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequirementError {
    #[error("expected a package name at the start of `{0}`")]
    NoName(String),
    #[error("unclosed `[` in the extras of `{0}`")]
    UnclosedExtras(String),
    #[error("invalid version specifier `{specifier}` for `{name}`: {reason}")]
    BadSpecifier {
        specifier: String,
        name: String,
        reason: String,
    },
}

/// Parses a PEP 508 requirement.
pub fn parse(text: &str) -> Result<Requirement, RequirementError> {
    let (body, marker) = match text.split_once(';') {
        Some((b, m)) => (b, Some(m.trim().to_string()).filter(|m| !m.is_empty())),
        None => (text, None),
    };
    let body = body.trim();
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(body.len());
    let raw_name = &body[..name_len];
    if raw_name.is_empty()
        || !raw_name.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !raw_name.ends_with(|c: char| c.is_ascii_alphanumeric())
    {
        return Err(RequirementError::NoName(body.to_string()));
    }
    let mut rest = body[name_len..].trim_start();
    let mut extras = Vec::new();
    if let Some(after) = rest.strip_prefix('[') {
        let Some(end) = after.find(']') else {
            return Err(RequirementError::UnclosedExtras(raw_name.to_string()));
        };
        extras = after[..end]
            .split(',')
            .map(normalize)
            .filter(|e| !e.is_empty())
            .collect();
        rest = after[end + 1..].trim_start();
    }
    let name = normalize(raw_name);
    if rest.starts_with('@') {
        return Ok(Requirement {
            name,
            extras,
            specifier: String::new(),
            marker,
            url: true,
        });
    }
    let inner = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(rest);
    let specifier: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    if !specifier.is_empty() && !specifier.starts_with("===") {
        VersionSpecifiers::from_str(&specifier).map_err(|e| {
            // pep440_rs adds the input and a caret line below its first line.
            let e = e.to_string();
            RequirementError::BadSpecifier {
                specifier: specifier.clone(),
                name: name.clone(),
                reason: e
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(':')
                    .to_string(),
            }
        })?;
    }
    Ok(Requirement {
        name,
        extras,
        specifier,
        marker,
        url: false,
    })
}
