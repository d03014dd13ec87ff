//! Which gems a Gemfile declares only in `development`/`test` groups (block and inline forms);
//! a line reading of the common shapes, not a Ruby interpreter.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use regex::Regex;

const DEV_GROUPS: &[&str] = &["development", "test"];

struct Patterns {
    group_block: Regex,
    other_block: Regex,
    opener: Regex,
    end: Regex,
    gem: Regex,
    inline_group: Regex,
    names: Regex,
}

fn patterns() -> Option<&'static Patterns> {
    static P: OnceLock<Option<Patterns>> = OnceLock::new();
    P.get_or_init(|| {
        Some(Patterns {
            group_block: Regex::new(r"^\s*group\s*\(?(.+?)\)?\s+do\s*(\|[^|]*\|)?\s*$").ok()?,
            other_block: Regex::new(r"\bdo\s*(\|[^|]*\|)?\s*$").ok()?,
            opener: Regex::new(r"^\s*(if|unless|case|begin|while|until)\b").ok()?,
            end: Regex::new(r"^\s*end\b").ok()?,
            gem: Regex::new(r#"^\s*gem\s*\(?\s*["']([^"']+)["'](.*)$"#).ok()?,
            inline_group: Regex::new(
                r#"(?:\bgroups?:|:groups?\s*=>)\s*(\[[^\]]*\]|:\w+|["']\w+["'])"#,
            )
            .ok()?,
            names: Regex::new(r#":(\w+)|["'](\w+)["']"#).ok()?,
        })
    })
    .as_ref()
}

fn group_names(p: &Patterns, text: &str) -> Vec<String> {
    p.names
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().to_string())
        .collect()
}

/// Gems whose every declaration is in development/test groups only.
pub(super) fn dev_only(gemfile: &str) -> BTreeSet<String> {
    let Some(p) = patterns() else {
        return BTreeSet::new();
    };
    // Per gem: whether each of its declarations is dev-only.
    let mut seen: BTreeMap<String, bool> = BTreeMap::new();
    // The groups each open block adds (empty for `source ... do`, `if`, ...).
    let mut stack: Vec<Vec<String>> = Vec::new();
    for raw in gemfile.lines() {
        let line = strip_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        if p.end.is_match(line) {
            stack.pop();
            continue;
        }
        if let Some(c) = p.group_block.captures(line) {
            stack.push(group_names(p, &c[1]));
            continue;
        }
        if let Some(c) = p.gem.captures(line) {
            let mut groups: Vec<String> = stack.iter().flatten().cloned().collect();
            if let Some(g) = p.inline_group.captures(&c[2]) {
                groups.extend(group_names(p, &g[1]));
            }
            let dev = !groups.is_empty() && groups.iter().all(|g| DEV_GROUPS.contains(&g.as_str()));
            let entry = seen.entry(c[1].to_string()).or_insert(true);
            *entry &= dev;
        }
        if p.other_block.is_match(line) || p.opener.is_match(line) {
            stack.push(Vec::new());
        }
    }
    seen.into_iter()
        .filter(|(_, dev)| *dev)
        .map(|(n, _)| n)
        .collect()
}

/// The line without a trailing `# comment` (a `#` inside quotes is kept).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_in_blocks_and_inline() {
        let g = "source 'https://registry.example/rubygems/'\n\
                 gem 'rails', '~> 6.1.7' # the app\n\
                 gem 'web-console', group: :development\n\
                 gem 'pry', groups: [:development, :test]\n\
                 gem 'bullet', :group => 'development'\n\
                 gem 'sidekiq', group: [:default, :test]\n\
                 group :development, :test do\n\
                 \x20 gem 'rspec-rails', '~> 4.0'\n\
                 \x20 if ENV['CI']\n\
                 \x20   gem 'simplecov', require: false\n\
                 \x20 end\n\
                 end\n\
                 group :production do\n\
                 \x20 gem 'lograge'\n\
                 end\n\
                 gem 'factory_bot_rails', group: :test\n\
                 gem 'factory_bot_rails'\n\
                 platforms :mri do\n\
                 \x20 gem 'byebug'\n\
                 end\n";
        let dev: Vec<String> = dev_only(g).into_iter().collect();
        assert_eq!(
            dev,
            vec!["bullet", "pry", "rspec-rails", "simplecov", "web-console"]
        );
    }

    #[test]
    fn comments_outside_quotes_only() {
        assert_eq!(strip_comment("gem 'a' # x"), "gem 'a' ");
        assert_eq!(strip_comment("gem 'c#sharp'"), "gem 'c#sharp'");
    }
}
