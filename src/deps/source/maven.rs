//! Maven repositories: `{base}/{group/path}/{artifact}/maven-metadata.xml` lists versions; a
//! version's date is the `Last-Modified` of its `.pom` (asked for the versions in use and the latest).

use quick_xml::Reader;
use quick_xml::events::Event;

use super::http::Http;
use super::index::{PackageVersions, VersionInfo};
use super::{FetchError, dates_needed, join, optional};
use crate::deps::model::Ecosystem;
use crate::util::time::rfc3339_from_unix;

/// `group:artifact` -> (`group/path`, `artifact`).
pub fn coordinates(name: &str) -> Option<(String, String)> {
    let mut parts = name.split(':');
    let (group, artifact) = (parts.next()?.trim(), parts.next()?.trim());
    if group.is_empty() || artifact.is_empty() || parts.next().is_some() {
        return None;
    }
    Some((group.replace('.', "/"), artifact.to_string()))
}

pub fn fetch(
    http: &Http,
    base: &str,
    name: &str,
    wanted: &[String],
) -> Result<PackageVersions, FetchError> {
    let Some((group, artifact)) = coordinates(name) else {
        return Err(FetchError::Name(format!(
            "`{name}` is not a groupId:artifactId name"
        )));
    };
    let root = join(base, &format!("{group}/{artifact}"));
    let url = format!("{root}/maven-metadata.xml");
    let answer = http.get(&url, "application/xml")?;
    let listed = metadata_versions(&String::from_utf8_lossy(&answer.body)).map_err(|message| {
        FetchError::Invalid {
            url: url.clone(),
            message,
        }
    })?;
    let mut versions: Vec<VersionInfo> = listed
        .into_iter()
        .map(|version| VersionInfo {
            version,
            released: None,
            yanked: false,
            deprecated: None,
        })
        .collect();
    for v in dates_needed(Ecosystem::Maven, &versions, wanted) {
        let Some(slot) = versions.iter().position(|x| x.version == v) else {
            continue;
        };
        let pom = format!("{root}/{v}/{artifact}-{v}.pom");
        if let Some(answer) = optional(http.head(&pom))? {
            versions[slot].released = answer
                .last_modified
                .as_deref()
                .and_then(crate::util::time::parse_http_date)
                .map(rfc3339_from_unix);
        }
    }
    Ok(PackageVersions {
        deprecated: None,
        versions,
    })
}

/// The `<versioning><versions><version>` texts of a maven-metadata.xml.
pub fn metadata_versions(xml: &str) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut saw_metadata = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = e.local_name().into_inner().to_string();
                saw_metadata |= path.is_empty() && name == "metadata";
                path.push(name);
            }
            Ok(Event::End(_)) => {
                path.pop();
            }
            Ok(Event::Text(t)) => {
                if path.iter().map(String::as_str).eq([
                    "metadata",
                    "versioning",
                    "versions",
                    "version",
                ]) {
                    let v = t.xml10_content().trim().to_string();
                    if !v.is_empty() {
                        out.push(v);
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "not well-formed XML at byte {} ({e})",
                    reader.error_position()
                ));
            }
        }
    }
    if !saw_metadata {
        return Err("not a maven-metadata.xml (no <metadata> root)".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_and_metadata() {
        assert_eq!(
            coordinates("org.example.payroll:payroll-batch"),
            Some(("org/example/payroll".into(), "payroll-batch".into()))
        );
        assert_eq!(coordinates("payroll-batch"), None);
        assert_eq!(coordinates("a:b:c"), None);
        let xml = "<?xml version=\"1.0\"?>\n<metadata><groupId>org.example</groupId><versioning>\
            <latest>2.0</latest><versions><version>1.0</version><version> 2.0 </version></versions>\
            </versioning></metadata>";
        assert_eq!(
            metadata_versions(xml),
            Ok(vec!["1.0".to_string(), "2.0".to_string()])
        );
        assert!(metadata_versions("<html><body>Not found</body></html>").is_err());
        assert!(metadata_versions("<metadata><versioning>").is_ok_and(|v| v.is_empty()));
        assert!(metadata_versions("<metadata></versioning>").is_err());
    }
}
