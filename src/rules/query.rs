//! Query rules on a live syntax tree: compile a rule's query (with quarterdeck's own predicates),
//! merge the query rules of one language into one `Query`, and run it once per file.

use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use regex::Regex;
use tree_sitter::{
    Language, Node, Query, QueryCursor, QueryCursorOptions, QueryCursorState, QueryError,
    QueryErrorKind, QueryMatch, QueryPredicateArg, StreamingIterator, Tree,
};

pub use crate::model::file::QueryHit;

use crate::lang::{self, Resolved};
use crate::metrics::FunctionMetrics;
use crate::model::fingerprint::text_key;

/// In-progress matches a cursor may hold; past it, matches can be lost (reported as a problem).
pub const MATCH_LIMIT: u32 = 1024;
/// The `{text}` of a match: its first line, cut to this many characters.
const SNIPPET_CHARS: usize = 80;

/// A quarterdeck predicate, checked in code on each match of its pattern.
#[derive(Debug, Clone)]
pub enum Check {
    /// `(#empty? @cap "kind"...)`: the node has no named children except comments and the kinds given.
    Empty { capture: u32, noops: Vec<String> },
    /// `(#children-match? @cap "REGEX")`: the text of every named child (comments aside) matches.
    ChildrenMatch { capture: u32, regex: Regex },
}

/// Why a rule's query does not compile; `offset` is a byte offset into the query text.
#[derive(Debug)]
pub struct QueryProblem {
    pub offset: usize,
    pub message: String,
}

impl From<QueryError> for QueryProblem {
    fn from(e: QueryError) -> Self {
        QueryProblem {
            offset: e.offset,
            message: format!("{}: {}", kind_text(&e.kind), one_line(&e.message)),
        }
    }
}

/// Compile one query and its quarterdeck predicates; every pattern must capture `@match`.
/// Error offsets are byte offsets into `text`.
pub fn compile(language: &Language, text: &str) -> Result<(Query, Vec<Vec<Check>>), QueryProblem> {
    let query = Query::new(language, text)?;
    let mut checks = Vec::with_capacity(query.pattern_count());
    for i in 0..query.pattern_count() {
        let start = query.start_byte_for_pattern(i);
        let end = query.end_byte_for_pattern(i).min(text.len());
        if !captures_match(text.get(start..end).unwrap_or("")) {
            return Err(QueryProblem {
                offset: start,
                message: format!("pattern {} has no @match capture", i + 1),
            });
        }
        checks.push(predicates(&query, i, start)?);
    }
    Ok((query, checks))
}

fn kind_text(kind: &QueryErrorKind) -> &'static str {
    match kind {
        QueryErrorKind::Syntax => "syntax error",
        QueryErrorKind::NodeType => "the grammar has no node kind",
        QueryErrorKind::Field => "the grammar has no field",
        QueryErrorKind::Capture => "unknown capture",
        QueryErrorKind::Predicate => "bad predicate",
        QueryErrorKind::Structure => "this node cannot appear there",
        QueryErrorKind::Language => "grammar version",
    }
}

fn captures_match(pattern: &str) -> bool {
    pattern.match_indices("@match").any(|(i, _)| {
        !pattern[i + 6..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
    })
}

fn predicates(query: &Query, pattern: usize, offset: usize) -> Result<Vec<Check>, QueryProblem> {
    let err = |message: String| QueryProblem { offset, message };
    let mut out = Vec::new();
    for p in query.general_predicates(pattern) {
        let capture = match p.args.first() {
            Some(QueryPredicateArg::Capture(c)) => *c,
            _ => {
                return Err(err(format!(
                    "#{} needs a capture as its first argument",
                    p.operator
                )));
            }
        };
        let strings: Result<Vec<String>, QueryProblem> = p.args[1..]
            .iter()
            .map(|a| match a {
                QueryPredicateArg::String(s) => Ok(s.to_string()),
                QueryPredicateArg::Capture(_) => Err(err(format!(
                    "#{} takes one capture followed by strings",
                    p.operator
                ))),
            })
            .collect();
        let strings = strings?;
        match &*p.operator {
            "empty?" => out.push(Check::Empty {
                capture,
                noops: strings,
            }),
            "children-match?" => {
                let [pattern] = strings.as_slice() else {
                    return Err(err("#children-match? takes a capture and one regex".into()));
                };
                let regex = Regex::new(pattern)
                    .map_err(|e| err(format!("#children-match? regex: {}", one_line(&e))))?;
                out.push(Check::ChildrenMatch { capture, regex });
            }
            other => {
                return Err(err(format!(
                    "unknown predicate #{other} (quarterdeck adds #empty? and #children-match? \
                     to tree-sitter's #eq?, #match?, #any-of? and their not- forms)"
                )));
            }
        }
    }
    Ok(out)
}

pub(crate) fn one_line(e: &dyn std::fmt::Display) -> String {
    e.to_string()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The query rules of one language merged into one query (one cursor pass per file).
#[derive(Debug)]
pub struct LanguageQueries {
    query: Query,
    /// Rule index (in the `RuleSet`) per pattern.
    pattern_rule: Vec<u32>,
    checks: Vec<Vec<Check>>,
    match_capture: u32,
    /// Extract regex per pattern (from its rule).
    extract: Vec<Option<Regex>>,
    /// Per kind id: some pattern is rooted at this kind. `None` when a pattern has no single
    /// known root kind (then the query runs over the whole tree).
    roots: Option<Vec<bool>>,
}

/// One rule's query for the language being merged.
pub struct Part<'a> {
    pub rule: u32,
    pub text: &'a str,
    pub extract: Option<&'a Regex>,
}

/// A merged query that does not compile: which part, and the problem within its text.
#[derive(Debug)]
pub struct PartProblem {
    pub part: usize,
    pub problem: QueryProblem,
}

/// What went wrong while running the queries on one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunTrouble {
    pub match_limit: bool,
    pub timed_out: bool,
}

impl LanguageQueries {
    /// Merge the parts into one query, compiled once. When it fails, the faulty part is found
    /// by compiling the parts alone (only on this error path).
    pub fn build(language: &Language, parts: &[Part]) -> Result<Self, PartProblem> {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(parts.len());
        for p in parts {
            starts.push(text.len());
            text.push_str(p.text);
            text.push('\n');
        }
        let part_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let (query, checks) = match compile(language, &text) {
            Ok(q) => q,
            Err(merged) => {
                for (i, p) in parts.iter().enumerate() {
                    if let Err(problem) = compile(language, p.text) {
                        return Err(PartProblem { part: i, problem });
                    }
                }
                let part = part_of(merged.offset);
                return Err(PartProblem {
                    part,
                    problem: QueryProblem {
                        offset: merged.offset - starts[part],
                        message: merged.message,
                    },
                });
            }
        };
        let mut pattern_rule = Vec::with_capacity(query.pattern_count());
        let mut extract = Vec::with_capacity(query.pattern_count());
        let mut seen = vec![false; parts.len()];
        for i in 0..query.pattern_count() {
            let part = part_of(query.start_byte_for_pattern(i));
            seen[part] = true;
            pattern_rule.push(parts[part].rule);
            extract.push(parts[part].extract.cloned());
        }
        if let Some(part) = seen.iter().position(|s| !s) {
            return Err(PartProblem {
                part,
                problem: QueryProblem {
                    offset: 0,
                    message: "the query has no pattern".into(),
                },
            });
        }
        let match_capture = query
            .capture_index_for_name("match")
            .ok_or_else(|| PartProblem {
                part: 0,
                problem: QueryProblem {
                    offset: 0,
                    message: "no @match capture".into(),
                },
            })?;
        let roots = super::roots::root_kinds(language, &query, &text);
        Ok(LanguageQueries {
            query,
            pattern_rule,
            checks,
            match_capture,
            extract,
            roots,
        })
    }

    /// The query with only the patterns of rules for which `enabled` holds: the same query
    /// when all are, else a copy with the others switched off; `None` when none is.
    pub fn with_enabled(this: &Arc<Self>, enabled: impl Fn(u32) -> bool) -> Option<Arc<Self>> {
        let on: Vec<bool> = this.pattern_rule.iter().map(|&r| enabled(r)).collect();
        if !on.contains(&true) {
            return None;
        }
        if !on.contains(&false) {
            return Some(Arc::clone(this));
        }
        let mut query = this.query.deep_clone();
        for (i, _) in on.iter().enumerate().filter(|(_, on)| !**on) {
            query.disable_pattern(i);
        }
        Some(Arc::new(LanguageQueries {
            query,
            pattern_rule: this.pattern_rule.clone(),
            checks: this.checks.clone(),
            match_capture: this.match_capture,
            extract: this.extract.clone(),
            roots: this.roots.clone(),
        }))
    }

    /// Run every query rule of the language over `tree` (one cursor, one pass), until
    /// `deadline` or an interruption.
    pub fn run(
        &self,
        r: &Resolved,
        tree: &Tree,
        src: &[u8],
        functions: &[FunctionMetrics],
        deadline: Instant,
        hits: &mut Vec<QueryHit>,
    ) -> RunTrouble {
        let mut trouble = match &self.roots {
            Some(roots) => self.run_on_roots(roots, r, tree, src, functions, deadline, hits),
            None => self.run_everywhere(r, tree, src, functions, deadline, hits),
        };
        trouble.timed_out |= crate::util::cancel::CANCEL.load(Ordering::Relaxed);
        hits.sort_by(|a, b| {
            (a.start_byte, a.end_byte, a.rule).cmp(&(b.start_byte, b.end_byte, b.rule))
        });
        hits.dedup_by(|a, b| {
            (a.start_byte, a.end_byte, a.rule) == (b.start_byte, b.end_byte, b.rule)
        });
        trouble
    }

    /// Every pattern has a known root kind: walk the tree once and execute the query only on
    /// nodes of those kinds, with matches allowed to start at that node alone. A plain walk
    /// costs well under half of a query cursor's pass over every node.
    #[allow(clippy::too_many_arguments)]
    fn run_on_roots(
        &self,
        roots: &[bool],
        r: &Resolved,
        tree: &Tree,
        src: &[u8],
        functions: &[FunctionMetrics],
        deadline: Instant,
        hits: &mut Vec<QueryHit>,
    ) -> RunTrouble {
        let mut trouble = RunTrouble::default();
        let mut qc = QueryCursor::new();
        qc.set_match_limit(MATCH_LIMIT);
        qc.set_max_start_depth(Some(0));
        let mut cursor = tree.walk();
        let mut visited = 0u32;
        'walk: loop {
            let node = cursor.node();
            if roots
                .get(usize::from(node.kind_id()))
                .copied()
                .unwrap_or(false)
            {
                let (limit, late) = self.exec_at(&mut qc, node, r, src, functions, deadline, hits);
                trouble.match_limit |= limit;
                if late {
                    trouble.timed_out = true;
                    break;
                }
            }
            visited = visited.wrapping_add(1);
            if visited.is_multiple_of(4096) && past(deadline) {
                trouble.timed_out = true;
                break;
            }
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        trouble
    }

    /// The kinds the patterns are rooted at (per kind id), when all are known: a caller that
    /// already walks the tree can collect such nodes and hand them to `run_at`.
    pub fn roots(&self) -> Option<&[bool]> {
        self.roots.as_deref()
    }

    /// Run the queries at the given nodes only (each a node of a root kind, see `roots`), until
    /// `deadline` (or an interruption): then `timed_out` is set and the rest is left.
    #[allow(clippy::too_many_arguments)]
    pub fn run_at<'t>(
        &self,
        nodes: impl IntoIterator<Item = Node<'t>>,
        r: &Resolved,
        src: &[u8],
        functions: &[FunctionMetrics],
        deadline: Instant,
        hits: &mut Vec<QueryHit>,
    ) -> RunTrouble {
        let mut qc = QueryCursor::new();
        qc.set_match_limit(MATCH_LIMIT);
        qc.set_max_start_depth(Some(0));
        let mut trouble = RunTrouble::default();
        for node in nodes {
            let (limit, late) = self.exec_at(&mut qc, node, r, src, functions, deadline, hits);
            trouble.match_limit |= limit;
            if late || past(deadline) {
                trouble.timed_out = true;
                break;
            }
        }
        trouble
    }

    /// Execute at one node (matches start there only, when the cursor's start depth is 0),
    /// stopping at `deadline`: whether the match limit was hit, and whether the deadline was.
    #[allow(clippy::too_many_arguments)]
    fn exec_at(
        &self,
        qc: &mut QueryCursor,
        node: Node,
        r: &Resolved,
        src: &[u8],
        functions: &[FunctionMetrics],
        deadline: Instant,
        hits: &mut Vec<QueryHit>,
    ) -> (bool, bool) {
        let mut timed_out = false;
        let mut progress = |_: &QueryCursorState| {
            if past(deadline) {
                timed_out = true;
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let options = QueryCursorOptions::new().progress_callback(&mut progress);
        let mut it = qc.matches_with_options(&self.query, node, src, options);
        while let Some(m) = it.next() {
            if let Some(hit) = self.hit(m, r, src, functions) {
                hits.push(hit);
            }
        }
        drop(it);
        (qc.did_exceed_match_limit(), timed_out)
    }

    /// Fallback for patterns without a single known root kind: one query cursor pass.
    fn run_everywhere(
        &self,
        r: &Resolved,
        tree: &Tree,
        src: &[u8],
        functions: &[FunctionMetrics],
        deadline: Instant,
        hits: &mut Vec<QueryHit>,
    ) -> RunTrouble {
        let mut cursor = QueryCursor::new();
        cursor.set_match_limit(MATCH_LIMIT);
        let (match_limit, timed_out) = self.exec_at(
            &mut cursor,
            tree.root_node(),
            r,
            src,
            functions,
            deadline,
            hits,
        );
        RunTrouble {
            match_limit,
            timed_out,
        }
    }

    fn hit(
        &self,
        m: &QueryMatch,
        r: &Resolved,
        src: &[u8],
        functions: &[FunctionMetrics],
    ) -> Option<QueryHit> {
        let pattern = m.pattern_index;
        let node = m
            .captures()
            .iter()
            .find(|c| c.index == self.match_capture)?
            .node;
        for check in self.checks.get(pattern)? {
            if !check.holds(m, r, src) {
                return None;
            }
        }
        let bytes = &src[node.byte_range()];
        let text = String::from_utf8_lossy(bytes);
        let mut start_line = node.start_position().row + 1;
        let mut extract = None;
        if let Some(Some(re)) = self.extract.get(pattern)
            && let Some(c) = re.captures(&text)
        {
            let found = c.name("text").or_else(|| c.get(0))?;
            start_line += text[..found.start()].matches('\n').count();
            extract = Some(snippet(found.as_str()));
        }
        let end_line = (node.end_position().row + 1).max(start_line);
        Some(QueryHit {
            rule: *self.pattern_rule.get(pattern)?,
            start_line: start_line as u32,
            end_line: end_line as u32,
            start_byte: node.start_byte(),
            end_byte: node.end_byte(),
            function: enclosing_function(node, r, functions),
            key: text_key(&text),
            text: snippet(&text),
            extract,
        })
    }
}

impl Check {
    fn holds(&self, m: &QueryMatch, r: &Resolved, src: &[u8]) -> bool {
        let capture = match self {
            Check::Empty { capture, .. } | Check::ChildrenMatch { capture, .. } => *capture,
        };
        let Some(node) = m
            .captures()
            .iter()
            .find(|c| c.index == capture)
            .map(|c| c.node)
        else {
            return false;
        };
        match self {
            Check::Empty { noops, .. } => {
                substantive(node, r).all(|c| noops.iter().any(|k| k == c.kind()))
            }
            Check::ChildrenMatch { regex, .. } => substantive(node, r)
                .all(|c| regex.is_match(&String::from_utf8_lossy(&src[c.byte_range()]))),
        }
    }
}

/// The innermost function node holding `node` (itself excluded), matched to the measured
/// function with the same span.
fn enclosing_function(node: Node, r: &Resolved, functions: &[FunctionMetrics]) -> Option<u32> {
    let mut n = node.parent();
    while let Some(p) = n {
        if r.role(p.kind_id()) & lang::FUNCTION != 0 {
            let (start, end) = (
                p.start_position().row as u32 + 1,
                p.end_position().row as u32 + 1,
            );
            let first = functions.partition_point(|f| f.start_line < start);
            if let Some(i) = functions[first..]
                .iter()
                .take_while(|f| f.start_line == start)
                .position(|f| f.end_line == end)
            {
                return Some((first + i) as u32);
            }
        }
        n = p.parent();
    }
    None
}

/// A comment: a comment kind of the language table, or an extra of the grammar (comments are
/// extras in every grammar, so this holds even for rows that list no comment kinds).
pub fn is_comment(node: Node, r: &Resolved) -> bool {
    node.is_extra() || r.role(node.kind_id()) & lang::COMMENT != 0
}

/// The named children of `node` that are not comments.
fn substantive<'t>(node: Node<'t>, r: &Resolved) -> impl Iterator<Item = Node<'t>> {
    let mut cursor = node.walk();
    let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
    children.into_iter().filter(move |c| !is_comment(*c, r))
}

/// The first non-blank line of `text`, trimmed and cut to `SNIPPET_CHARS` characters.
pub fn snippet(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() > SNIPPET_CHARS {
        let cut: String = line.chars().take(SNIPPET_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

/// Whether `deadline` has passed or the run was interrupted.
fn past(deadline: Instant) -> bool {
    crate::util::cancel::cancelled() || Instant::now() >= deadline
}
