//! The integration tests: one test binary (`cargo test --test it`), one module per subject, and
//! the helpers they share in `common/` (README "Development and testing", docs/architecture.md).
//! Run one module with `cargo test --test it report_formats::`.

mod common;

mod architecture;
mod cli;
mod compare;
mod dependency_rules_cli;
mod deps_inventory;
mod evidence;
mod history;
mod hostile;
mod interrupt;
mod languages;
mod offline_cli;
mod quarters;
mod registry;
mod registry_net;
mod report_browser;
mod report_cli;
mod report_formats;
mod report_html;
mod report_large;
mod report_missing;
mod report_names;
mod report_risks;
mod rules;
mod security;
mod trend_cli;
