//! The ids of the built-in rules that code outside their rule files names (the audit, the key
//! figures, the reports), and the option defaults those readers fall back to when a snapshot
//! does not carry the rule's options. The rule files under `rules/` hold the same values; a test
//! below keeps the two in step.

pub const HOTSPOT: &str = "change-risk/hotspot";
pub const HIDDEN_COUPLING: &str = "change-risk/hidden-coupling";
pub const SINGLE_OWNER: &str = "knowledge/single-owner";
pub const UNTESTED_HOT_PATH: &str = "testing/untested-hot-path";
pub const ABANDONED: &str = "dependencies/abandoned";

/// `knowledge/single-owner` `min_share`: the share of a file's changed lines one author wrote.
pub const SINGLE_OWNER_MIN_SHARE: f64 = 0.8;
/// `testing/untested-hot-path` `min_coverage`: the line coverage below which a function counts
/// as untested.
pub const UNTESTED_HOT_PATH_MIN_COVERAGE: f64 = 0.5;
/// `dependencies/abandoned` threshold: years since a package's latest release.
pub const ABANDONED_YEARS: f64 = 3.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn the_ids_and_defaults_are_those_of_the_rule_files() {
        let set = RuleSet::builtin().unwrap();
        for id in [
            HOTSPOT,
            HIDDEN_COUPLING,
            SINGLE_OWNER,
            UNTESTED_HOT_PATH,
            ABANDONED,
        ] {
            assert!(set.get(id).is_some(), "{id} is a built-in rule");
        }
        let option = |id: &str, name: &str| set.get(id).and_then(|r| r.option(name));
        assert_eq!(
            option(SINGLE_OWNER, "min_share"),
            Some(SINGLE_OWNER_MIN_SHARE)
        );
        assert_eq!(
            option(UNTESTED_HOT_PATH, "min_coverage"),
            Some(UNTESTED_HOT_PATH_MIN_COVERAGE)
        );
        assert_eq!(
            set.get(ABANDONED).and_then(|r| r.threshold()),
            Some(ABANDONED_YEARS)
        );
    }
}
