//! SARIF 2.1.0 (`report.sarif`) in the form GitHub code scanning accepts: rules with help text,
//! results with regions, partial fingerprints, baseline states and suppressions.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::rules::{Category, Finding, Severity};
use crate::snapshot::{BaselineStatus, RuleInfo, Snapshot};

/// The `$schema` written: the id of the OASIS schema (errata 01).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// Results per run GitHub code scanning accepts at most: beyond it the least severe are left
/// out (counted in `runs[0].properties.omittedResults`; findings.csv has all).
pub const RESULT_LIMIT: usize = 25_000;

/// SARIF level of a severity: critical/high = error, medium = warning, low/info = note.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// SARIF `baselineState`: new, unchanged, and `updated` for worsened or improved. Resolved
/// findings are not written as `absent` results: code scanning would open an alert for each.
pub fn baseline_state(b: BaselineStatus) -> &'static str {
    match b {
        BaselineStatus::New => "new",
        BaselineStatus::Unchanged => "unchanged",
        BaselineStatus::Worsened | BaselineStatus::Improved => "updated",
    }
}

/// Percent-encode a relative path for a URI reference (RFC 3986 path characters kept, `:`
/// encoded so a first segment never reads as a scheme).
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `complexity/cognitive-high` -> `CognitiveHigh` (SARIF's `name` is an identifier).
fn rule_name(id: &str) -> String {
    id.rsplit('/')
        .next()
        .unwrap_or(id)
        .split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

fn help_text(r: &RuleInfo) -> (String, String) {
    let thresholds = r.thresholds_text();
    let mut text = format!(
        "{}\n\nWhy: {}\n\nFix: {}",
        r.description, r.rationale, r.remediation
    );
    let mut md = format!(
        "**{}**\n\n{}\n\n**Why it matters.** {}\n\n**How to fix.** {}",
        r.title, r.description, r.rationale, r.remediation
    );
    if !thresholds.is_empty() {
        text.push_str(&format!("\n\nThresholds: {thresholds}"));
        md.push_str(&format!("\n\n**Thresholds.** {thresholds}"));
    }
    if !r.source.is_empty() {
        text.push_str(&format!("\n\nSource: {}", r.source));
        md.push_str(&format!("\n\n**Source.** {}", r.source));
    }
    (text, md)
}

fn rule_descriptor(r: &RuleInfo) -> Value {
    let (text, markdown) = help_text(r);
    json!({
        "id": r.id,
        "name": rule_name(&r.id),
        "shortDescription": { "text": r.title },
        "fullDescription": { "text": r.description },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level(r.severity), "enabled": r.enabled },
        "properties": { "tags": tags(r.category), "category": r.category.as_str() },
    })
}

/// A rule's tags: its category, and `maintainability` (every quarterdeck rule is about it).
fn tags(c: Category) -> Vec<&'static str> {
    if c == Category::Maintainability {
        vec![c.as_str()]
    } else {
        vec![c.as_str(), "maintainability"]
    }
}

/// A descriptor for a rule the snapshot's `rules[]` does not list (an older snapshot).
fn bare_descriptor(id: &str, category: Category, severity: Severity) -> Value {
    json!({
        "id": id,
        "name": rule_name(id),
        "shortDescription": { "text": id },
        "fullDescription": { "text": format!("quarterdeck rule {id}") },
        "help": { "text": format!("quarterdeck rule {id}; run `quarterdeck rules explain {id}`."),
                  "markdown": format!("quarterdeck rule `{id}`; run `quarterdeck rules explain {id}`.") },
        "defaultConfiguration": { "level": level(severity) },
        "properties": { "tags": tags(category), "category": category.as_str() },
    })
}

fn result(f: &Finding, index: usize, with_baseline: bool) -> Value {
    let mut physical = Map::new();
    physical.insert(
        "artifactLocation".into(),
        json!({ "uri": uri_path(&f.path), "uriBaseId": "%SRCROOT%" }),
    );
    if f.start_line > 0 {
        physical.insert(
            "region".into(),
            json!({ "startLine": f.start_line, "endLine": f.end_line.max(f.start_line) }),
        );
    }
    let mut location = Map::new();
    location.insert("physicalLocation".into(), Value::Object(physical));
    if let Some(sym) = &f.symbol {
        location.insert(
            "logicalLocations".into(),
            json!([{ "fullyQualifiedName": sym, "kind": "function" }]),
        );
    }
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(f.rule_id));
    r.insert("ruleIndex".into(), json!(index));
    r.insert("level".into(), json!(level(f.severity)));
    r.insert("message".into(), json!({ "text": f.message }));
    r.insert("locations".into(), json!([Value::Object(location)]));
    r.insert(
        "partialFingerprints".into(),
        json!({ "quarterdeck/v1": f.fingerprint }),
    );
    if with_baseline {
        let state = f.baseline_status.map_or("new", baseline_state);
        r.insert("baselineState".into(), json!(state));
    }
    if let Some(s) = f.suppression.as_ref().filter(|_| f.suppressed) {
        let kind = match s.source {
            crate::rules::SuppressionSource::Inline => "inSource",
            crate::rules::SuppressionSource::File => "external",
        };
        r.insert(
            "suppressions".into(),
            json!([{ "kind": kind, "status": "accepted", "justification": s.reason }]),
        );
    }
    let mut props = Map::new();
    props.insert("severity".into(), json!(f.severity.as_str()));
    props.insert("category".into(), json!(f.category.as_str()));
    if let Some(m) = &f.metric {
        props.insert("metric".into(), json!(m));
    }
    if let Some(v) = f.value {
        props.insert("value".into(), json!(v));
    }
    if let Some(t) = f.threshold {
        props.insert("threshold".into(), json!(t));
    }
    if let Some(b) = f.baseline_status {
        props.insert(
            "baselineStatus".into(),
            serde_json::to_value(b).unwrap_or(Value::Null),
        );
    }
    r.insert("properties".into(), Value::Object(props));
    Value::Object(r)
}

/// The SARIF log of a snapshot: one run, every enabled rule, one result per finding (the
/// `RESULT_LIMIT` most severe when there are more).
pub fn sarif(s: &Snapshot) -> Value {
    let mut rules: Vec<Value> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for r in s.rules.iter().filter(|r| r.enabled) {
        index.insert(&r.id, rules.len());
        rules.push(rule_descriptor(r));
    }
    for f in &s.findings {
        if !index.contains_key(f.rule_id.as_str()) {
            index.insert(&f.rule_id, rules.len());
            rules.push(match s.rules.iter().find(|r| r.id == f.rule_id) {
                Some(r) => rule_descriptor(r),
                None => bare_descriptor(&f.rule_id, f.category, f.severity),
            });
        }
    }
    let mut order: Vec<&Finding> = s.findings.iter().collect();
    let omitted = order.len().saturating_sub(RESULT_LIMIT);
    if omitted > 0 {
        // Stable: the most severe first, unsuppressed before suppressed, then snapshot order.
        order.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.suppressed));
        order.truncate(RESULT_LIMIT);
        order.sort_by(|a, b| {
            (&a.path, a.start_line, &a.rule_id).cmp(&(&b.path, b.start_line, &b.rule_id))
        });
    }
    let with_baseline = s.baseline.is_some();
    let results: Vec<Value> = order
        .iter()
        .map(|f| {
            result(
                f,
                index.get(f.rule_id.as_str()).copied().unwrap_or(0),
                with_baseline,
            )
        })
        .collect();

    let mut driver = Map::new();
    driver.insert("name".into(), json!("quarterdeck"));
    driver.insert("version".into(), json!(s.tool.version));
    if semver::Version::parse(&s.tool.version).is_ok() {
        driver.insert("semanticVersion".into(), json!(s.tool.version));
    }
    driver.insert("rules".into(), Value::Array(rules));

    let mut run = Map::new();
    run.insert("tool".into(), json!({ "driver": Value::Object(driver) }));
    if s.scan.root.starts_with('/') {
        let mut root = format!("file://{}", uri_path(&s.scan.root));
        if !root.ends_with('/') {
            root.push('/');
        }
        run.insert(
            "originalUriBaseIds".into(),
            json!({ "%SRCROOT%": { "uri": root } }),
        );
    }
    if let Some(commit) = &s.scan.head_commit {
        let mut vcs = Map::new();
        let remote = s
            .scan
            .remote
            .as_deref()
            .filter(|r| r.contains("://") && !r.contains(char::is_whitespace));
        if let Some(remote) = remote {
            vcs.insert("repositoryUri".into(), json!(remote));
            vcs.insert("revisionId".into(), json!(commit));
            if let Some(b) = &s.scan.branch {
                vcs.insert("branch".into(), json!(b));
            }
            run.insert(
                "versionControlProvenance".into(),
                json!([Value::Object(vcs)]),
            );
        }
    }
    run.insert(
        "automationDetails".into(),
        json!({ "id": format!("quarterdeck/{}/", s.scan.repository) }),
    );
    run.insert("columnKind".into(), json!("unicodeCodePoints"));
    run.insert("results".into(), Value::Array(results));
    let mut props = Map::new();
    props.insert("repository".into(), json!(s.scan.repository));
    props.insert("findings".into(), json!(s.findings.len()));
    props.insert("omittedResults".into(), json!(omitted));
    if let Some(b) = &s.baseline {
        props.insert("baseline".into(), json!(b.path));
    }
    run.insert("properties".into(), Value::Object(props));
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [Value::Object(run)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_encode_what_a_path_may_not_hold() {
        assert_eq!(uri_path("billing/invoice.py"), "billing/invoice.py");
        assert_eq!(
            uri_path("legacy/<img src=x onerror=alert(1)>.py"),
            "legacy/%3Cimg%20src=x%20onerror=alert(1)%3E.py"
        );
        assert_eq!(uri_path("a:b/ü#?.rs"), "a%3Ab/%C3%BC%23%3F.rs");
    }

    #[test]
    fn levels_and_baseline_states_map_as_documented() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::High), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "note");
        assert_eq!(level(Severity::Info), "note");
        assert_eq!(baseline_state(BaselineStatus::Worsened), "updated");
        assert_eq!(baseline_state(BaselineStatus::Improved), "updated");
        assert_eq!(baseline_state(BaselineStatus::New), "new");
        assert_eq!(baseline_state(BaselineStatus::Unchanged), "unchanged");
    }

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(rule_name("complexity/cognitive-high"), "CognitiveHigh");
        assert_eq!(rule_name("change-risk/hotspot"), "Hotspot");
    }
}
