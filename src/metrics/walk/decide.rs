//! The walk's decisions: cyclomatic conditions, boolean operators and their sequences, `else`
//! and `else if` without wrapper nodes, and direct recursion.

use tree_sitter::{Node, TreeCursor};

use super::{MAX_NAME, Walker};
use crate::lang::{self, Resolved, ResolvedWhen};

impl<'t> Walker<'_, 't> {
    /// Whether a callable folds into the function around it (`Some(cyclomatic to add)`): a
    /// folding kind, inside a function that is not a loose top-level block, under one of the
    /// rule's parents; it adds one when passed to one of the rule's iterating calls.
    pub(super) fn fold_here(&self, node: Node) -> Option<u32> {
        let fold = self
            .r
            .fold
            .get(usize::from(node.kind_id()))
            .copied()
            .flatten()?;
        if self.frames.last().is_none_or(|f| f.loose) {
            return None;
        }
        let parent = self.stack.last()?;
        if !fold.parents.is_empty() && !fold.parents.contains(&parent.node.kind()) {
            return None;
        }
        let call = self
            .stack
            .iter()
            .rev()
            .take(3)
            .find(|e| e.roles & lang::FOLD_CALL != 0)
            .map(|e| e.node);
        let iterating = call
            .and_then(|c| self.callee_word(c))
            .is_some_and(|w| fold.iterating.contains(&w));
        Some(u32::from(iterating))
    }

    /// The name of the method a call invokes: its `method` field (Ruby), else down its first
    /// named child through nested calls to the last segment (`items.forEach`, `run`).
    fn callee_word(&self, call: Node) -> Option<&str> {
        let mut n = call
            .child_by_field_name("method")
            .or_else(|| call.named_child(0))?;
        for _ in 0..16 {
            if n.named_child_count() == 0 {
                return std::str::from_utf8(&self.src[n.byte_range()]).ok();
            }
            n = if self.r.role(n.kind_id()) & lang::FOLD_CALL != 0 {
                n.named_child(0)?
            } else {
                n.named_child(n.named_child_count().checked_sub(1)? as u32)?
            };
        }
        None
    }

    /// How many of the kind's decision conditions hold for this node.
    pub(super) fn decisions_holding(&self, node: Node) -> u32 {
        let Some(conditions) = self.r.when.get(usize::from(node.kind_id())) else {
            return 0;
        };
        conditions
            .iter()
            .filter(|w| match w {
                ResolvedWhen::Always => true,
                ResolvedWhen::HasField(f) => node.child_by_field_id(*f).is_some(),
                ResolvedWhen::LacksChild(k) => !has_child_kind(node, k),
                ResolvedWhen::HasChild(k) => has_child_kind(node, k),
            })
            .count() as u32
    }

    /// Boolean operator tokens directly in the node (a Rust `let` chain holds several).
    pub(super) fn operator_count(&self, node: Node) -> u32 {
        let mut c = node.walk();
        node.children(&mut c)
            .filter(|ch| {
                !ch.is_named()
                    && self
                        .r
                        .bool_token
                        .get(usize::from(ch.kind_id()))
                        .copied()
                        .unwrap_or(false)
            })
            .count() as u32
    }

    /// The boolean operator token of a binary node, if it has one.
    pub(super) fn operator_of(&self, node: Node) -> Option<u16> {
        let mut c = node.walk();
        if !c.goto_first_child() {
            return None;
        }
        loop {
            let ch = c.node();
            if !ch.is_named()
                && self
                    .r
                    .bool_token
                    .get(usize::from(ch.kind_id()))
                    .copied()
                    .unwrap_or(false)
            {
                return Some(ch.kind_id());
            }
            if !c.goto_next_sibling() {
                return None;
            }
        }
    }

    /// Whether the node being entered starts a boolean expression (its parent, through
    /// parentheses, is not itself a boolean operation).
    pub(super) fn is_boolean_root(&self) -> bool {
        for e in self.stack.iter().rev() {
            if e.roles & lang::PAREN != 0 {
                continue;
            }
            return !e.bool_op;
        }
        true
    }

    /// Number of sequences of like boolean operators in the expression rooted at `node`
    /// (`a && b && c` is 1, `a && b || c` is 2), reading through parentheses.
    pub(super) fn boolean_sequences(&self, node: Node) -> u32 {
        let mut ops: Vec<&str> = Vec::new();
        // In-order walk over boolean binaries and parentheses only.
        let mut todo: Vec<(Node, bool)> = vec![(node, false)];
        while let Some((n, visited)) = todo.pop() {
            let roles = self.r.role(n.kind_id());
            if roles & lang::BOOLEAN != 0
                && let Some(op) = self.operator_of(n)
            {
                if visited {
                    let text = self.r.language.node_kind_for_id(op).unwrap_or("");
                    ops.push(normalise_op(text));
                    continue;
                }
                let mut c = n.walk();
                let named: Vec<Node> = n.named_children(&mut c).collect();
                // Push right operands, then this operator, then the left operand.
                if let Some((left, rest)) = named.split_first() {
                    for r in rest.iter().rev() {
                        todo.push((*r, false));
                    }
                    todo.push((n, true));
                    todo.push((*left, false));
                }
            } else if roles & lang::PAREN != 0 {
                let mut c = n.walk();
                let inner: Vec<Node> = n.named_children(&mut c).collect();
                for i in inner.into_iter().rev() {
                    todo.push((i, false));
                }
            }
        }
        let mut sequences = 0;
        let mut prev: Option<&str> = None;
        for op in ops {
            if prev != Some(op) {
                sequences += 1;
            }
            prev = Some(op);
        }
        sequences
    }

    /// An `if` that is the `else` branch of another `if`.
    /// The node is the `else` branch of its parent `if` in a grammar without an `else` node:
    /// it sits in the `alternative` field, or right after an anonymous `else` token.
    pub(super) fn is_alternative(&self, cursor: &TreeCursor) -> bool {
        let Some(parent) = self.stack.last() else {
            return false;
        };
        if parent.roles & lang::IF == 0 {
            return false;
        }
        if let Some(alt) = self.r.alternative_field
            && cursor.field_id().map(|f| f.get()) == Some(alt)
        {
            return true;
        }
        self.prev_sibling
            .is_some_and(|p| !p.is_named() && p.kind() == "else")
    }

    /// The node is the only statement of an `else` wrapper (`else_clause` holding an `if`).
    pub(super) fn in_else_wrapper(&self) -> bool {
        self.stack.last().is_some_and(|parent| {
            parent.roles & lang::ELSE != 0 && only_named_child_is(parent.node, self.r, lang::IF)
        })
    }

    /// An `else` clause of an `if` that does not just wrap an `else if`.
    pub(super) fn is_plain_else(&self, node: Node) -> bool {
        let Some(parent) = self.stack.last() else {
            return false;
        };
        parent.roles & (lang::IF | lang::ELIF) != 0 && !only_named_child_is(node, self.r, lang::IF)
    }

    /// A call to the enclosing function itself: the same name, called unqualified or through
    /// `self`/`this`/`Self`/`static` or the enclosing type's name (`Vec::new()` inside a `new`
    /// of another type, or `row.clone()` inside `clone`, is not recursion).
    pub(super) fn is_recursive_call(&self, node: Node, frame_idx: usize) -> bool {
        let Some(Some(field)) = self.r.call_field.get(usize::from(node.kind_id())) else {
            return false;
        };
        let Some(callee) = node.child_by_field_id(*field) else {
            return false;
        };
        let frame = &self.frames[frame_idx];
        if frame.name.starts_with('<')
            || callee.end_byte().saturating_sub(node.start_byte()) > 4 * MAX_NAME
        {
            return false;
        }
        // From the start of the call (a receiver may precede the callee field) to the callee's end.
        let text = String::from_utf8_lossy(&self.src[node.start_byte()..callee.end_byte()]);
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let (qualifier, last) = split_qualified(&text);
        let simple = frame.simple.as_str();
        if last != simple {
            return false;
        }
        let qualifier = strip_generics(qualifier);
        if qualifier.is_empty() {
            // `name()` inside method `name` calls the module's function where a method is
            // only reached through its receiver (Python, JavaScript, PHP, Rust, Go).
            return !frame.method || self.r.spec.recursion.implicit_self;
        }
        if matches!(
            qualifier,
            "self" | "this" | "Self" | "static" | "@" | "$this"
        ) {
            // `self.name()` reaches a method; inside a nested function or a lambda, `self` is
            // the enclosing method's receiver and the call is not to the function itself.
            return frame.method;
        }
        // `Owner.name()` or `ns::Owner::name()`: the enclosing type, named in full or by its
        // own name (`threading.Thread.run` inside `Thread.run` calls the base class).
        let sep = self.r.spec.separator;
        let container = frame
            .qualified
            .rsplit_once(sep)
            .map_or("", |(head, _)| head);
        let owner = container.rsplit(sep).next().unwrap_or("");
        !owner.is_empty()
            && (strip_generics(owner) == qualifier || strip_generics(container) == qualifier)
    }
}

/// `a.b::c->d` -> (`a.b::c`, `d`); the separators are `.`, `::`, `->` and `:`.
pub(super) fn split_qualified(text: &str) -> (&str, &str) {
    match text.rfind(['.', ':', '>']) {
        Some(i) => {
            let head = text[..i].trim_end_matches([':', '-', '.']);
            (head, &text[i + 1..])
        }
        None => ("", text),
    }
}

/// `Ledger<T>` -> `Ledger`.
pub(super) fn strip_generics(text: &str) -> &str {
    text.split('<').next().unwrap_or(text)
}

pub(super) fn normalise_op(op: &str) -> &str {
    match op {
        "and" => "&&",
        "or" => "||",
        other => other,
    }
}

pub(super) fn has_child_kind(node: Node, kind: &str) -> bool {
    let mut c = node.walk();
    node.children(&mut c).any(|ch| ch.kind() == kind)
}

/// The node's named children, comments aside, are exactly one node with `role`.
pub(super) fn only_named_child_is(node: Node, r: &Resolved, role: u32) -> bool {
    let mut c = node.walk();
    let mut found = false;
    for ch in node.named_children(&mut c) {
        let roles = r.role(ch.kind_id());
        if roles & lang::COMMENT != 0 {
            continue;
        }
        if roles & role == 0 || found {
            return false;
        }
        found = true;
    }
    found
}
