//! One cursor pass over a syntax tree: an explicit stack of open functions (nested functions are
//! measured on their own), cyclomatic and cognitive counters, nesting depth and line classes.

use tree_sitter::{Node, Tree, TreeCursor};

mod decide;
mod naming;

use super::{FileMeasure, FunctionMetrics, LineCounts};
use crate::lang::{self, Resolved};
use decide::{has_child_kind, split_qualified};

const CODE: u8 = 1;
const COMMENT: u8 = 2;
/// Whitespace only: blank whatever token spans it (inside a block comment or a string).
const BLANK: u8 = 4;
/// Longest node text checked for being inert (longer nodes are walked).
const INERT_MAX: usize = 96;
/// Names longer than this are cut (an assignment target can be any expression).
const MAX_NAME: usize = 120;

/// An open function while its subtree is walked.
struct Frame {
    name: String,
    /// The last segment of `name` (`parse` of Go's `Parser.parse`), for recursion checks.
    simple: String,
    qualified: String,
    start_row: usize,
    end_row: usize,
    /// Where the body's first statement starts (src/metrics/unit.rs).
    body_row: usize,
    hints: crate::metrics::unit::Hints,
    params: u32,
    cyclomatic: u32,
    cognitive: u32,
    /// Cognitive nesting level at the current point.
    nesting: u32,
    /// Structural depth (for `max_nesting`) at the current point.
    depth: u32,
    max_depth: u32,
    /// Calls itself somewhere: +1 once (Campbell: each method in a recursion cycle).
    recursive: bool,
    /// A method: directly inside a type (class, impl, trait), or named through its type
    /// (`Parser.parse`, `Ledger::post`). Only a method is reached through `self`/`this`.
    method: bool,
    /// A callable of a folding kind whose rule is `loose`, opened outside any function (a
    /// top-level Ruby block such as RSpec's `describe do`): the blocks inside it are their own
    /// units.
    loose: bool,
}

/// One entered node and what to undo when it is left.
struct Entry<'t> {
    node: Node<'t>,
    roles: u32,
    opened_function: bool,
    /// Scope segments pushed (a container, a function, or both).
    opened_scopes: u8,
    depth_inc: bool,
    nesting_inc: bool,
    /// This node's non-header children sit one cognitive nesting level deeper.
    raises: bool,
    /// A boolean binary node that carries a boolean operator.
    bool_op: bool,
}

struct Walker<'a, 't> {
    r: &'a Resolved,
    src: &'a [u8],
    lines: Vec<u8>,
    stack: Vec<Entry<'t>>,
    frames: Vec<Frame>,
    scopes: Vec<String>,
    done: Vec<(FunctionMetrics, usize, usize, crate::metrics::unit::Hints)>,
    /// Kinds to collect on the way (query-rule roots), empty for none.
    wanted: &'a [bool],
    found: &'a mut Vec<Node<'t>>,
    /// The node left just before the one being entered, when it is its previous sibling
    /// (`Node::prev_sibling` would search down from the root).
    prev_sibling: Option<Node<'t>>,
}

/// Measure every function of a parsed file and count its lines.
pub fn measure(r: &Resolved, tree: &Tree, src: &[u8]) -> FileMeasure {
    measure_collecting(r, tree, src, &[], &mut Vec::new())
}

/// Measure, and collect on the way every node whose kind id is set in `wanted` (the root kinds
/// of query rules), in document order, so the query rules need no second walk of the tree.
pub fn measure_collecting<'t>(
    r: &Resolved,
    tree: &'t Tree,
    src: &[u8],
    wanted: &[bool],
    found: &mut Vec<Node<'t>>,
) -> FileMeasure {
    let mut w = Walker {
        r,
        src,
        lines: line_flags(src),
        stack: Vec::with_capacity(64),
        frames: Vec::new(),
        scopes: Vec::new(),
        done: Vec::new(),
        wanted,
        found,
        prev_sibling: None,
    };
    let mut cursor = tree.walk();
    'walk: loop {
        let node = cursor.node();
        let descend = w.enter(node, &cursor);
        if descend && cursor.goto_first_child() {
            w.prev_sibling = None;
            continue;
        }
        loop {
            w.prev_sibling = w.exit();
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    w.finish(tree.root_node().has_error())
}

/// One flag byte per line, with `BLANK` set on whitespace-only lines. A final line without a
/// newline counts; the empty string after a final newline does not.
fn line_flags(src: &[u8]) -> Vec<u8> {
    let mut flags = Vec::with_capacity(src.len() / 32 + 1);
    let mut blank = true;
    for &b in src {
        match b {
            b'\n' => {
                flags.push(if blank { BLANK } else { 0 });
                blank = true;
            }
            b' ' | b'\t' | b'\r' | 0x0c | 0x0b => {}
            _ => blank = false,
        }
    }
    if !src.is_empty() && !src.ends_with(b"\n") {
        flags.push(if blank { BLANK } else { 0 });
    }
    flags
}

impl<'a, 't> Walker<'a, 't> {
    fn mark(&mut self, node: Node, class: u8) {
        let start = node.start_position().row;
        let mut end = node.end_position().row;
        // A token ending at column 0 (a comment that swallowed its newline) ends on the line before.
        if end > start && node.end_position().column == 0 {
            end -= 1;
        }
        let last = self.lines.len().saturating_sub(1);
        for row in start.min(last)..=end.min(last) {
            if let Some(l) = self.lines.get_mut(row) {
                *l |= class;
            }
        }
    }

    fn text(&self, node: Node) -> String {
        let raw = &self.src[node.byte_range()];
        let s = String::from_utf8_lossy(raw);
        let mut out = String::with_capacity(s.len().min(MAX_NAME));
        for word in s.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
            if out.len() > MAX_NAME {
                let mut cut = MAX_NAME;
                while !out.is_char_boundary(cut) {
                    cut -= 1;
                }
                out.truncate(cut);
                out.push('…');
                break;
            }
        }
        out
    }

    /// Enter a node; returns whether to walk its children.
    fn enter(&mut self, node: Node<'t>, cursor: &TreeCursor<'t>) -> bool {
        let roles = self.r.role(node.kind_id());
        if self
            .wanted
            .get(usize::from(node.kind_id()))
            .copied()
            .unwrap_or(false)
        {
            self.found.push(node);
        }
        let mut e = Entry {
            node,
            roles,
            opened_function: false,
            opened_scopes: 0,
            depth_inc: false,
            nesting_inc: false,
            raises: false,
            bool_op: false,
        };
        // A child of a nesting construct outside its header sits one cognitive level deeper.
        // (The field id costs a search, so it is looked up only here and for `if` nodes.)
        if let Some(parent) = self.stack.last()
            && parent.raises
            && !cursor.field_id().is_some_and(|f| self.is_header(f.get()))
            && let Some(frame) = self.frames.last_mut()
        {
            frame.nesting += 1;
            e.nesting_inc = true;
        }
        // A preprocessor condition (`#if defined(A) && !defined(B)`) is code, not a decision.
        if let Some(parent) = self.stack.last()
            && parent.roles & lang::PREPROC != 0
            && cursor.field_id().map(|f| f.get()) == self.r.preproc_condition
        {
            self.mark(node, CODE);
            self.collect_inside(node);
            self.stack.push(e);
            return false;
        }
        if roles & lang::COMMENT != 0 || (roles & lang::DOCSTRING != 0 && self.is_docstring(node)) {
            self.mark(node, COMMENT);
            self.collect_inside(node);
            self.stack.push(e);
            return false;
        }
        if node.child_count() == 0 {
            self.mark(node, CODE);
        } else if roles & lang::OPAQUE != 0
            && node.start_position().row == node.end_position().row
            && !self.is_interpolated(node)
        {
            // Nothing inside can be a function or a decision, and one line holds no comment
            // line: skip the subtree.
            self.mark(node, CODE);
            self.collect_inside(node);
            self.stack.push(e);
            return false;
        }
        let alternative = self.is_alternative(cursor);
        if alternative
            && roles & lang::IF == 0
            && let Some(frame) = self.frames.last_mut()
        {
            // A plain `else` in a grammar without an `else` node.
            frame.cognitive += 1;
        }
        if roles != 0 {
            self.apply_roles(&mut e, alternative);
        }
        // A short one-line node without keywords, boolean or lambda punctuation, or the
        // function's own name (`self.rows.total`, `total += line.qty * line.price`) holds no
        // decision, no function and no recursion: its roles are applied above, its subtree is
        // not walked.
        let descend = node.child_count() == 0 || !self.is_inert(node);
        if !descend {
            self.mark(node, CODE);
            self.collect_inside(node);
        }
        self.stack.push(e);
        descend
    }

    /// See `enter`: at most `INERT_MAX` bytes on one line, with no keyword of the grammar, no
    /// `& | ? { }`, no `=>` or `->`, and no word equal to the enclosing function's name.
    fn is_inert(&self, node: Node) -> bool {
        let range = node.byte_range();
        if range.len() > INERT_MAX {
            return false;
        }
        // A one-line body holding only a docstring: the docstring is a comment line.
        if self.r.spec.docstring.is_some()
            && node
                .named_child(0)
                .is_some_and(|c| self.r.role(c.kind_id()) & lang::DOCSTRING != 0)
        {
            return false;
        }
        let own = self.frames.last().map(|f| f.simple.as_bytes());
        let text = &self.src[range];
        let mut prev = 0u8;
        let mut i = 0;
        while i < text.len() {
            let b = text[i];
            match b {
                b'\n' | b'&' | b'|' | b'?' | b'{' | b'}' => return false,
                b'>' if prev == b'=' || prev == b'-' => return false,
                b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                    let start = i;
                    while i < text.len() && (text[i].is_ascii_alphanumeric() || text[i] == b'_') {
                        i += 1;
                    }
                    let word = &text[start..i];
                    if self.r.is_keyword(word) || own == Some(word) {
                        return false;
                    }
                    prev = text[i - 1];
                    continue;
                }
                _ => {}
            }
            prev = b;
            i += 1;
        }
        true
    }

    /// Collect wanted nodes below a node whose subtree the walk skips.
    fn collect_inside(&mut self, node: Node<'t>) {
        if self.wanted.is_empty() || node.child_count() == 0 {
            return;
        }
        let mut c = node.walk();
        let mut depth = 0usize;
        loop {
            if c.goto_first_child() {
                depth += 1;
            } else {
                while !c.goto_next_sibling() {
                    if depth <= 1 || !c.goto_parent() {
                        return;
                    }
                    depth -= 1;
                }
            }
            let n = c.node();
            if self
                .wanted
                .get(usize::from(n.kind_id()))
                .copied()
                .unwrap_or(false)
            {
                self.found.push(n);
            }
        }
    }

    fn apply_roles(&mut self, e: &mut Entry<'t>, alternative: bool) {
        let node = e.node;
        let roles = e.roles;
        if roles & lang::CONTAINER != 0
            && let Some(Some(rule)) = self.r.container.get(usize::from(node.kind_id()))
        {
            let name = self
                .name_by_rule(node, *rule)
                .unwrap_or_else(|| "<anonymous>".to_string());
            self.scopes.push(name);
            e.opened_scopes += 1;
        }
        let declaration_only = roles & lang::FUNCTION != 0
            && self
                .r
                .body_field
                .get(usize::from(node.kind_id()))
                .copied()
                .flatten()
                .is_some_and(|f| node.child_by_field_id(f).is_none())
            || crate::metrics::unit::is_bodiless(node, self.stack.last().map(|e| e.node), self.src);
        if roles & lang::FUNCTION != 0 && !declaration_only {
            if let Some(adds) = self.fold_here(node) {
                // Measured with the function around it: its body one nesting level deeper.
                e.raises = true;
                if let Some(frame) = self.frames.last_mut() {
                    frame.cyclomatic += adds;
                }
            } else {
                self.open_function(node);
                e.opened_function = true;
                e.opened_scopes += 1;
            }
        }
        let Some(frame_idx) = self.frames.len().checked_sub(1) else {
            return;
        };
        if roles & lang::DECISION != 0 {
            self.frames[frame_idx].cyclomatic += self.decisions_holding(node);
        }
        let operators = if roles & lang::BOOLEAN != 0 {
            self.operator_count(node)
        } else {
            0
        };
        if operators > 0 {
            e.bool_op = true;
            self.frames[frame_idx].cyclomatic += operators;
            if self.is_boolean_root() {
                let sequences = self.boolean_sequences(node);
                self.frames[frame_idx].cognitive += sequences;
            }
        }
        let else_if = roles & lang::IF != 0 && (alternative || self.in_else_wrapper());
        let frame = &mut self.frames[frame_idx];
        if roles & lang::NESTING != 0 && !else_if {
            frame.depth += 1;
            frame.max_depth = frame.max_depth.max(frame.depth);
            e.depth_inc = true;
        }
        if roles & lang::IF != 0 {
            if else_if {
                frame.cognitive += 1;
            } else {
                frame.cognitive += 1 + frame.nesting;
                e.raises = true;
            }
        }
        if roles & (lang::TERNARY | lang::SWITCH | lang::LOOP | lang::CATCH) != 0 {
            frame.cognitive += 1 + frame.nesting;
            e.raises = true;
        }
        if roles & lang::ELIF != 0 {
            frame.cognitive += 1;
        }
        if roles & lang::GOTO != 0 {
            frame.cognitive += 1;
        }
        if roles & lang::ELSE != 0 && self.is_plain_else(node) {
            self.frames[frame_idx].cognitive += 1;
        }
        if roles & lang::LABELED_JUMP != 0
            && let Some(Some(label)) = self.r.jump_label.get(usize::from(node.kind_id()))
            && has_child_kind(node, label)
        {
            self.frames[frame_idx].cognitive += 1;
        }
        if roles & lang::CALL != 0
            && !self.frames[frame_idx].recursive
            && self.is_recursive_call(node, frame_idx)
        {
            self.frames[frame_idx].recursive = true;
        }
    }

    /// Leave the current node; returns it.
    fn exit(&mut self) -> Option<Node<'t>> {
        let e = self.stack.pop()?;
        // Undo in the reverse order of `enter`: depth (applied to the node's own frame), the
        // function it opened, then the nesting it took from its parent's frame.
        if e.depth_inc
            && let Some(frame) = self.frames.last_mut()
        {
            frame.depth -= 1;
        }
        if e.opened_function
            && let Some(f) = self.frames.pop()
        {
            let metrics = FunctionMetrics {
                name: f.name,
                qualified_name: f.qualified,
                start_line: (f.start_row + 1) as u32,
                end_line: (f.end_row + 1) as u32,
                body_line: (f.body_row.clamp(f.start_row, f.end_row) + 1) as u32,
                anonymous: false,
                cyclomatic: f.cyclomatic,
                cognitive: f.cognitive + u32::from(f.recursive),
                nloc: 0,
                params: f.params,
                max_nesting: f.max_depth,
                length: (f.end_row - f.start_row + 1) as u32,
                changes: None,
                tests: None,
            };
            self.done.push((metrics, f.start_row, f.end_row, f.hints));
        }
        if e.nesting_inc
            && let Some(frame) = self.frames.last_mut()
        {
            frame.nesting -= 1;
        }
        for _ in 0..e.opened_scopes {
            self.scopes.pop();
        }
        Some(e.node)
    }

    fn finish(self, parse_errors: bool) -> FileMeasure {
        let mut prefix = Vec::with_capacity(self.lines.len() + 1);
        prefix.push(0u32);
        let mut counts = LineCounts {
            lines: self.lines.len() as u32,
            ..LineCounts::default()
        };
        for &l in &self.lines {
            if l & BLANK != 0 {
                counts.blank += 1;
            } else if l & CODE != 0 {
                counts.code += 1;
            } else if l & COMMENT != 0 {
                counts.comment += 1;
            } else {
                counts.blank += 1;
            }
            let last = prefix.last().copied().unwrap_or(0);
            prefix.push(last + u32::from(l & (CODE | BLANK) == CODE));
        }
        let max = prefix.len() - 1;
        let mut functions: Vec<_> = self
            .done
            .into_iter()
            .map(|(mut f, start, end, hints)| {
                let (s, e) = (start.min(max), (end + 1).min(max));
                f.nloc = prefix[e].saturating_sub(prefix[s]);
                f.anonymous = hints.anonymous;
                (f, hints)
            })
            .collect();
        functions.sort_by(|(a, _), (b, _)| {
            (a.start_line, a.end_line, &a.qualified_name).cmp(&(
                b.start_line,
                b.end_line,
                &b.qualified_name,
            ))
        });
        crate::metrics::unit::disambiguate(&mut functions, self.r.spec.separator);
        let functions = functions.into_iter().map(|(f, _)| f).collect();
        FileMeasure {
            lines: counts,
            functions,
            parse_errors,
        }
    }

    /// A string with replacement fields (`f"{a if b else c}"`): its expressions are code to
    /// measure, though plain strings are opaque.
    fn is_interpolated(&self, node: Node) -> bool {
        self.src[node.byte_range()].contains(&b'{') && has_child_kind(node, "interpolation")
    }

    fn is_header(&self, field: u16) -> bool {
        self.r
            .header_field
            .get(usize::from(field))
            .copied()
            .unwrap_or(false)
    }

    fn is_docstring(&self, node: Node) -> bool {
        node.named_child_count() == 1
            && node.named_child(0).is_some_and(|c| {
                self.r
                    .docstring_string
                    .get(usize::from(c.kind_id()))
                    .copied()
                    .unwrap_or(false)
            })
    }
}
