//! Gitignore-like path globs (`[scan] exclude`/`include`, `[tests] paths`, `--exclude`), matched
//! against `/`-separated paths relative to the scan root (README "Configuration").

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// A glob that does not compile.
#[derive(Debug, thiserror::Error)]
#[error("invalid glob `{glob}`: {message}")]
pub struct GlobError {
    pub glob: String,
    pub message: String,
}

/// A set of gitignore-like globs matched against `/`-separated paths relative to the root.
#[derive(Debug, Clone)]
pub struct PathGlobs {
    set: GlobSet,
    empty: bool,
}

impl PathGlobs {
    pub fn new(patterns: &[String]) -> Result<Self, GlobError> {
        let mut b = GlobSetBuilder::new();
        for p in patterns {
            for expanded in expand(p) {
                let glob = GlobBuilder::new(&expanded)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| GlobError {
                        glob: p.clone(),
                        message: glob_message(&e),
                    })?;
                b.add(glob);
            }
        }
        let set = b.build().map_err(|e| GlobError {
            glob: patterns.join(", "),
            message: e.to_string(),
        })?;
        Ok(PathGlobs {
            set,
            empty: patterns.is_empty(),
        })
    }

    /// A set that matches nothing.
    pub fn empty() -> Self {
        PathGlobs {
            set: GlobSet::empty(),
            empty: true,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// Whether the relative path (or one of its parent directories) matches.
    pub fn matches(&self, rel: &str) -> bool {
        !self.empty && self.set.is_match(rel)
    }
}

fn glob_message(e: &globset::Error) -> String {
    e.kind().to_string()
}

/// `*.min.js` -> `**/*.min.js` and `**/*.min.js/**`; `legacy/gen` -> `legacy/gen`, `legacy/gen/**`.
fn expand(pattern: &str) -> Vec<String> {
    let p = pattern.trim().trim_end_matches('/');
    let anchored = p.contains('/');
    let p = p.trim_start_matches('/');
    let base = if anchored || p.starts_with("**") {
        p.to_string()
    } else {
        format!("**/{p}")
    };
    if base.ends_with("/**") {
        vec![base]
    } else {
        vec![base.clone(), format!("{base}/**")]
    }
}

/// Compile one glob with the same rules, for tests and callers that check a single pattern.
pub fn check_glob(pattern: &str) -> Result<(), GlobError> {
    for e in expand(pattern) {
        Glob::new(&e).map_err(|err| GlobError {
            glob: pattern.into(),
            message: glob_message(&err),
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(p: &[&str]) -> PathGlobs {
        PathGlobs::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn unanchored_pattern_matches_at_any_depth() {
        let g = globs(&["*.min.js"]);
        assert!(g.matches("a.min.js"));
        assert!(g.matches("web/static/a.min.js"));
        assert!(!g.matches("web/static/a.js"));
    }

    #[test]
    fn anchored_pattern_matches_from_root_and_below() {
        let g = globs(&["legacy/gen"]);
        assert!(g.matches("legacy/gen/x.py"));
        assert!(!g.matches("src/legacy/gen/x.py"));
        let g = globs(&["**/fixtures/**"]);
        assert!(g.matches("a/fixtures/b.c"));
    }

    #[test]
    fn bad_glob_is_an_error_naming_it() {
        let err = PathGlobs::new(&["src/[".to_string()]).unwrap_err();
        assert!(err.to_string().contains("src/["), "{err}");
    }
}
