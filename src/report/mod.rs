//! The outputs people act on, rendered only from a Snapshot (plus an optional Trend): HTML,
//! JSON, SARIF, Markdown, OpenMetrics and CSV, and the portfolio page of many repositories.

mod csv;
pub mod grade;
pub mod html;
mod markdown;
mod openmetrics;
mod portfolio;
pub mod risks;
mod sarif;
mod text;
pub use text::escape_control;

use std::path::{Path, PathBuf};

use crate::snapshot::{Portfolio, Snapshot, SnapshotError, Trend};

pub use csv::{finding_rows, function_rows, guard_cell};
pub use grade::{Grade, GradePart, grade, letter_for};
pub use markdown::{MARKDOWN_LIMIT, markdown};
pub use openmetrics::{figure_metric as openmetrics_family, openmetrics};
pub use portfolio::{portfolio_markdown, portfolio_metrics, portfolio_risks};
pub use risks::{Risk, RiskKind, Segment, top_risks};
pub use sarif::{SARIF_SCHEMA, sarif};

/// One output of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Html,
    Json,
    Sarif,
    Markdown,
    Prom,
    Csv,
}

impl Format {
    /// Every format, in the order `--format` lists them.
    pub const ALL: [Format; 6] = [
        Format::Html,
        Format::Json,
        Format::Sarif,
        Format::Markdown,
        Format::Prom,
        Format::Csv,
    ];

    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Markdown => "md",
            Format::Prom => "prom",
            Format::Csv => "csv",
        }
    }

    fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// Parse `html,json,sarif,md,prom,csv` (any subset, any order; duplicates dropped). `all`
/// stands for every format.
pub fn parse_formats(text: &str) -> Result<Vec<Format>, ReportError> {
    let mut out = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if name == "all" {
            out.extend(Format::ALL);
            continue;
        }
        match Format::from_name(&name.to_ascii_lowercase()) {
            Some(f) => out.push(f),
            None => return Err(ReportError::UnknownFormat(name.to_string())),
        }
    }
    if out.is_empty() {
        return Err(ReportError::NoFormat);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    pub formats: &'a [Format],
    /// `--templates DIR`: files here replace the embedded templates of the same name.
    pub templates: Option<&'a Path>,
    /// Series over past snapshots for the trend charts.
    pub trend: Option<&'a Trend>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("unknown format `{0}` (known: html, json, sarif, md, prom, csv)")]
    UnknownFormat(String),
    #[error("no format given (known: html, json, sarif, md, prom, csv)")]
    NoFormat,
    #[error("{}{}: {message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Template {
        /// The template file (a path under `--templates DIR`, or `embedded:NAME`).
        file: PathBuf,
        line: Option<usize>,
        message: String,
    },
    #[error("cannot read templates folder {}: {source}", path.display())]
    TemplatesDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot serialise {what}: {message}")]
    Serialise { what: &'static str, message: String },
    #[error("cannot create output directory {}: {source}", path.display())]
    OutDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Write(#[from] SnapshotError),
    #[error("{0}")]
    Output(#[from] crate::util::atomic::OutputError),
}

/// The file each format writes (CSV writes two: `functions.csv` and `findings.csv`).
pub fn file_names(format: Format) -> &'static [&'static str] {
    match format {
        Format::Html => &["report.html"],
        Format::Json => &["snapshot.json"],
        Format::Sarif => &["report.sarif"],
        Format::Markdown => &["summary.md"],
        Format::Prom => &["metrics.prom"],
        Format::Csv => &["functions.csv", "findings.csv"],
    }
}

/// Write the chosen outputs into `out` (created if missing; all together, via
/// `atomic::write_set`), return the paths. `Json` writes `snapshot.json`. Every output is built
/// before the first is written, so a template error leaves the folder as it was. Each other
/// format renders isolated: a panic leaves its file out and becomes a `panic` problem in the
/// snapshot written beside it.
pub fn render(
    snapshot: &Snapshot,
    out: &Path,
    opts: &RenderOptions,
) -> Result<Vec<PathBuf>, ReportError> {
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut panics = Vec::new();
    // Where `snapshot.json` goes in the list: it is serialised last, with the panics.
    let mut json_at = None;
    for &format in opts.formats {
        check_cancel()?;
        if format == Format::Json {
            json_at = Some(files.len());
            continue;
        }
        let stage = format!("{} rendering", format.as_str());
        let rendered = crate::audit::isolated(
            &stage,
            &mut panics,
            || Some(render_one(snapshot, format, opts)),
            || None,
        );
        if let Some(r) = rendered {
            files.extend(r?);
        }
    }
    if let Some(at) = json_at {
        check_cancel()?;
        let with_panics;
        let snap = if panics.is_empty() {
            snapshot
        } else {
            let mut s = snapshot.clone();
            s.problems.extend(panics);
            s.problems.sort();
            s.totals.problems = s.problems.len();
            with_panics = s;
            &with_panics
        };
        let json = serde_json::to_vec_pretty(snap).map_err(|e| ReportError::Serialise {
            what: "the snapshot",
            message: e.to_string(),
        })?;
        files.insert(at, ("snapshot.json", json));
    }
    write_all(out, files)
}

/// The files of one format other than `Json`.
fn render_one(
    snapshot: &Snapshot,
    format: Format,
    opts: &RenderOptions,
) -> Result<Vec<(&'static str, Vec<u8>)>, ReportError> {
    Ok(match format {
        Format::Html => vec![(
            "report.html",
            html::report(snapshot, opts.templates, opts.trend)?.into_bytes(),
        )],
        Format::Json => Vec::new(),
        Format::Sarif => vec![(
            "report.sarif",
            serde_json::to_vec_pretty(&sarif(snapshot)).map_err(|e| ReportError::Serialise {
                what: "SARIF",
                message: e.to_string(),
            })?,
        )],
        Format::Markdown => vec![("summary.md", markdown(snapshot).into_bytes())],
        Format::Prom => vec![("metrics.prom", openmetrics(snapshot).into_bytes())],
        Format::Csv => vec![
            ("functions.csv", function_rows(snapshot).into_bytes()),
            ("findings.csv", finding_rows(snapshot).into_bytes()),
        ],
    })
}

/// Write a portfolio (from `quarterdeck merge`): `report.html` is the portfolio page (one row per
/// repository, organisation-wide top risks), `portfolio.json`, `summary.md`, `metrics.prom`
/// (one `repository` label per repository) and `repositories.csv`. SARIF is per repository
/// (results need source locations): `Sarif` writes nothing for a portfolio.
pub fn render_portfolio(
    p: &Portfolio,
    out: &Path,
    opts: &RenderOptions,
) -> Result<Vec<PathBuf>, ReportError> {
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    for &format in opts.formats {
        check_cancel()?;
        match format {
            Format::Html => files.push((
                "report.html",
                html::portfolio(p, opts.templates)?.into_bytes(),
            )),
            Format::Json => files.push((
                "portfolio.json",
                serde_json::to_vec_pretty(p).map_err(|e| ReportError::Serialise {
                    what: "the portfolio",
                    message: e.to_string(),
                })?,
            )),
            Format::Sarif => {}
            Format::Markdown => files.push(("summary.md", portfolio_markdown(p).into_bytes())),
            Format::Prom => files.push(("metrics.prom", portfolio_metrics(p).into_bytes())),
            Format::Csv => files.push(("repositories.csv", portfolio::csv(p).into_bytes())),
        }
    }
    write_all(out, files)
}

/// Every output of the run into `out` together (README "Outputs and interruption"): staged,
/// then renamed into place; an interrupted or failed run leaves `out` as it was.
fn write_all(out: &Path, files: Vec<(&str, Vec<u8>)>) -> Result<Vec<PathBuf>, ReportError> {
    crate::util::atomic::check_out_dir(out)?;
    std::fs::create_dir_all(out).map_err(|source| ReportError::OutDir {
        path: out.to_path_buf(),
        source,
    })?;
    let parts: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    Ok(crate::util::atomic::write_set(
        out,
        &parts,
        &crate::util::cancel::cancelled,
    )?)
}

/// Stop rendering when the run is interrupted.
fn check_cancel() -> Result<(), ReportError> {
    if crate::util::cancel::cancelled() {
        return Err(crate::util::atomic::OutputError::Interrupted.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_in_any_order_and_deduplicate() {
        assert_eq!(
            parse_formats("md, sarif,md").ok(),
            Some(vec![Format::Sarif, Format::Markdown])
        );
        assert_eq!(parse_formats("all").ok(), Some(Format::ALL.to_vec()));
        assert_eq!(
            parse_formats("html,json,sarif,md,prom,csv").ok(),
            Some(Format::ALL.to_vec())
        );
    }

    #[test]
    fn unknown_and_empty_format_lists_are_errors() {
        let e = parse_formats("html,pdf").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("unknown format `pdf` (known: html, json, sarif, md, prom, csv)")
        );
        assert!(matches!(parse_formats(" , "), Err(ReportError::NoFormat)));
    }
}
