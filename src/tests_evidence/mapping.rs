//! Maps the paths a coverage report names onto the repository's files by the longest common
//! path suffix (component-wise), after stripping the audit root when the report is absolute.

use std::collections::HashMap;

/// The repository's measured files, indexed by file name.
pub struct PathIndex<'a> {
    by_name: HashMap<&'a str, Vec<usize>>,
    paths: Vec<&'a str>,
    /// The audit root as an absolute `/`-separated path without a trailing `/`, when known.
    root: Option<String>,
}

/// How one report path matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// The index of the repository file.
    File(usize),
    /// No repository file has that file name.
    None,
    /// Several repository files share the longest suffix; listed for the message.
    Ambiguous(Vec<usize>),
}

impl<'a> PathIndex<'a> {
    /// `paths`: relative `/`-separated repository paths; `root`: the audit root's absolute path.
    pub fn new(paths: impl IntoIterator<Item = &'a str>, root: Option<&std::path::Path>) -> Self {
        let paths: Vec<&'a str> = paths.into_iter().collect();
        let mut by_name: HashMap<&'a str, Vec<usize>> = HashMap::new();
        for (i, p) in paths.iter().enumerate() {
            by_name.entry(file_name(p)).or_default().push(i);
        }
        let root = root
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .map(|r| r.trim_end_matches('/').to_string())
            .filter(|r| !r.is_empty());
        PathIndex {
            by_name,
            paths,
            root,
        }
    }

    pub fn path(&self, i: usize) -> &'a str {
        self.paths.get(i).copied().unwrap_or("")
    }

    /// The repository file that the candidate paths (most specific first) name: the one with
    /// the longest component-wise common suffix over all candidates; a tie is ambiguous.
    pub fn lookup(&self, candidates: &[String]) -> Match {
        let mut best_len = 0usize;
        let mut best: Vec<usize> = Vec::new();
        for c in candidates {
            let c = self.relative(c);
            // A path relative to the root that names a file exactly wins outright.
            if let Some(&i) = self
                .by_name
                .get(file_name(&c))
                .and_then(|v| v.iter().find(|&&i| self.paths[i] == c))
            {
                return Match::File(i);
            }
            let Some(same_name) = self.by_name.get(file_name(&c)) else {
                continue;
            };
            for &i in same_name {
                let n = common_suffix(&c, self.paths[i]);
                if n > best_len {
                    best_len = n;
                    best.clear();
                }
                if n == best_len && n > 0 && !best.contains(&i) {
                    best.push(i);
                }
            }
        }
        match best.len() {
            0 => Match::None,
            1 => Match::File(best[0]),
            _ => {
                best.sort_unstable();
                Match::Ambiguous(best)
            }
        }
    }

    /// `c` with the audit root stripped when it is below it, and `./` dropped.
    fn relative(&self, c: &str) -> String {
        let c = c.replace('\\', "/");
        if let Some(root) = &self.root
            && let Some(rest) = c.strip_prefix(root.as_str())
            && let Some(rest) = rest.strip_prefix('/')
        {
            return rest.to_string();
        }
        c.trim_start_matches("./").to_string()
    }
}

fn file_name(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// Number of equal trailing path components.
fn common_suffix(a: &str, b: &str) -> usize {
    a.rsplit('/')
        .zip(b.rsplit('/'))
        .take_while(|(x, y)| x == y && !x.is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index<'a>(paths: &'a [&'a str], root: Option<&str>) -> PathIndex<'a> {
        PathIndex::new(paths.iter().copied(), root.map(std::path::Path::new))
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn longest_suffix_wins() {
        let paths = [
            "billing/invoice.py",
            "legacy/billing/invoice.py",
            "payroll/run.py",
            "web/src/cart.ts",
        ];
        let ix = index(&paths, Some("/home/ci/work/shop"));
        assert_eq!(ix.lookup(&s(&["billing/invoice.py"])), Match::File(0));
        assert_eq!(
            ix.lookup(&s(&["/build/src/legacy/billing/invoice.py"])),
            Match::File(1)
        );
        assert_eq!(
            ix.lookup(&s(&["/home/ci/work/shop/billing/invoice.py"])),
            Match::File(0)
        );
        assert_eq!(ix.lookup(&s(&["./payroll/run.py"])), Match::File(2));
        assert_eq!(
            ix.lookup(&s(&["C:\\agent\\_work\\1\\s\\payroll\\run.py"])),
            Match::File(2)
        );
        assert_eq!(
            ix.lookup(&s(&["git.example/acme/shop/web/src/cart.ts"])),
            Match::File(3)
        );
        // Only the file name in common with two files: ambiguous.
        assert_eq!(ix.lookup(&s(&["invoice.py"])), Match::Ambiguous(vec![0, 1]));
        // A more specific candidate (Cobertura source + filename) resolves it.
        assert_eq!(
            ix.lookup(&s(&["/src/legacy/billing/invoice.py", "invoice.py"])),
            Match::File(1)
        );
        assert_eq!(ix.lookup(&s(&["billing/credit_note.py"])), Match::None);
        // A directory of the same name is not a file-name match.
        assert_eq!(ix.lookup(&s(&["run.py/x"])), Match::None);
    }
}
