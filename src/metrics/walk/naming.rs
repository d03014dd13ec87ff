//! How the walk names functions (own name, assignment context, Go receivers, C declarators)
//! and counts their parameters.

use tree_sitter::Node;

use super::{Frame, Walker};
use crate::lang::{self, NameRule};

impl<'t> Walker<'_, 't> {
    pub(super) fn open_function(&mut self, node: Node<'t>) {
        let rule = self
            .r
            .function
            .get(usize::from(node.kind_id()))
            .copied()
            .flatten();
        let line = node.start_position().row + 1;
        let name = rule
            .and_then(|rule| self.name_by_rule(node, rule.name))
            .or_else(|| self.context_name(node))
            .unwrap_or_else(|| format!("<anonymous>@{line}"));
        let params = rule.map_or(0, |rule| self.count_params(node, rule));
        // Where the body starts (coverage counts from there) and what tells this function
        // apart from others of the same name (src/metrics/unit.rs).
        let parent = self.stack.last().map(|e| e.node);
        let is_comment = |n: Node| self.r.role(n.kind_id()) & lang::COMMENT != 0;
        let body_row = crate::metrics::unit::body_row(node, is_comment);
        let params_node = rule.and_then(|rule| params_node(node, rule));
        let anonymous = rule.is_some_and(|r| matches!(r.name, NameRule::Anonymous));
        let hints = crate::metrics::unit::hints(node, parent, params_node, anonymous, self.src);
        let mut qualified = String::new();
        for s in &self.scopes {
            qualified.push_str(s);
            qualified.push_str(self.r.spec.separator);
        }
        qualified.push_str(&name);
        self.scopes.push(name.clone());
        // A nested function or lambda starts one level deeper than the point it sits at, as
        // the specification nests them; its increments are its own, not its parent's. Where
        // the reference reports each function apart from nesting 0 (SonarJS), it starts at 0.
        let nesting = match self.frames.last() {
            Some(outer) if !self.r.spec.cognitive.nested_from_zero => outer.nesting + 1,
            _ => 0,
        };
        let simple = super::split_qualified(&name).1.to_string();
        // The nearest entry that opened a scope is a type, not a namespace or a function.
        let in_type = self
            .stack
            .iter()
            .rev()
            .find(|e| e.opened_scopes > 0)
            .is_some_and(|e| {
                !e.opened_function
                    && e.roles & lang::CONTAINER != 0
                    && e.roles & lang::NAMESPACE == 0
            });
        let method = in_type
            || (simple != name && !rule.is_some_and(|r| matches!(r.name, NameRule::Anonymous)));
        self.frames.push(Frame {
            simple,
            name,
            qualified,
            start_row: node.start_position().row,
            end_row: node.end_position().row,
            body_row,
            hints,
            params,
            cyclomatic: 1,
            cognitive: 0,
            nesting,
            depth: 0,
            max_depth: 0,
            recursive: false,
            method,
            loose: self.frames.is_empty()
                && self
                    .r
                    .fold
                    .get(usize::from(node.kind_id()))
                    .copied()
                    .flatten()
                    .is_some_and(|f| f.loose),
        });
    }

    pub(super) fn name_by_rule(&self, node: Node, rule: NameRule) -> Option<String> {
        let name_node = match rule {
            NameRule::Field(f) => node.child_by_field_name(f)?,
            NameRule::Declarator(f) => {
                let mut n = node.child_by_field_name(f)?;
                // Down the chain; a wrapper without the field (`(*pick(int))`) has one child.
                while let Some(inner) = n.child_by_field_name(f).or_else(|| {
                    let wrapper = n.kind().ends_with("_declarator") && n.named_child_count() == 1;
                    wrapper.then(|| n.named_child(0)).flatten()
                }) {
                    n = inner;
                }
                n
            }
            NameRule::FirstChildOfKind(kinds) => {
                let mut c = node.walk();
                let found = node
                    .named_children(&mut c)
                    .find(|ch| kinds.contains(&ch.kind()));
                found?
            }
            NameRule::Anonymous => return None,
            NameRule::Fixed(name) => return Some(name.to_string()),
            NameRule::Receiver { name, receiver } => {
                let own = self.text(node.child_by_field_name(name)?);
                let Some(recv) = node.child_by_field_name(receiver) else {
                    return Some(own);
                };
                return Some(match receiver_type(&self.text(recv)) {
                    Some(t) => format!("{t}{}{own}", self.r.spec.separator),
                    None => own,
                });
            }
        };
        let text = self.text(name_node);
        (!text.is_empty()).then_some(text)
    }

    /// The name an anonymous function gets from where it is assigned (`f = lambda: 0`).
    pub(super) fn context_name(&self, node: Node) -> Option<String> {
        // The entry for `node` is not pushed yet: the parent is the stack top.
        let n = self.stack.len();
        for back in 1..=2 {
            let parent = self.stack.get(n.checked_sub(back)?)?;
            if parent.roles & lang::NAME_CONTEXT == 0 {
                continue;
            }
            let field = self
                .r
                .name_context
                .get(usize::from(parent.node.kind_id()))
                .copied()
                .flatten()?;
            let target = parent.node.child_by_field_id(field)?;
            if target.id() == node.id() || target.byte_range().contains(&node.start_byte()) {
                return None;
            }
            let text = self.text(target);
            return (!text.is_empty()).then_some(text);
        }
        None
    }

    pub(super) fn count_params(&self, node: Node, rule: lang::FunctionRule) -> u32 {
        let Some(params) = params_node(node, rule) else {
            // `x => x + 1`: one `parameter` where a list would be.
            return u32::from(node.child_by_field_name("parameter").is_some());
        };
        // A single bare parameter (`x => x + 1`, `lambda x: x`) is not a list.
        if params.named_child_count() == 0 {
            // An empty list `()` has only punctuation children; a bare parameter has none.
            return u32::from(
                params.child_count() == 0
                    && self.counts_as_param(params)
                    && params.kind_id() != node.kind_id(),
            );
        }
        let mut c = params.walk();
        params
            .named_children(&mut c)
            .filter(|ch| self.counts_as_param(*ch))
            .count() as u32
    }

    pub(super) fn counts_as_param(&self, n: Node) -> bool {
        if self.r.role(n.kind_id()) & lang::COMMENT != 0 {
            return false;
        }
        if !(self.r.any_param_kind
            || self
                .r
                .param_kind
                .get(usize::from(n.kind_id()))
                .copied()
                .unwrap_or(false))
        {
            return false;
        }
        // C's `(void)` declares no parameter.
        &self.src[n.byte_range()] != b"void"
    }
}

/// The node holding a function's parameter list, per its rule.
fn params_node<'t>(node: Node<'t>, rule: lang::FunctionRule) -> Option<Node<'t>> {
    match (rule.params, rule.params_kind) {
        (Some(field), _) => field_through_declarators(node, field),
        (None, Some(kind)) => {
            let mut c = node.walk();
            node.named_children(&mut c).find(|ch| ch.kind() == kind)
        }
        (None, None) => None,
    }
}

/// The child in `field`, looked up on the node and then down its `declarator` chain (a C
/// function's parameter list sits in its function declarator).
pub(super) fn field_through_declarators<'t>(node: Node<'t>, field: &str) -> Option<Node<'t>> {
    let mut n = node;
    for _ in 0..16 {
        if let Some(found) = n.child_by_field_name(field) {
            return Some(found);
        }
        // A wrapper without the field (`std::ostream& operator<<(…)`: a reference declarator)
        // has the function declarator as its one named child.
        n = n.child_by_field_name("declarator").or_else(|| {
            let wrapper = n.kind().ends_with("_declarator") && n.named_child_count() == 1;
            wrapper.then(|| n.named_child(0)).flatten()
        })?;
    }
    None
}

/// The type of a Go receiver `(p *Parser[T])` -> `Parser`.
pub(super) fn receiver_type(text: &str) -> Option<&str> {
    let inner = text.trim().trim_start_matches('(').trim_end_matches(')');
    let last = inner.split_whitespace().last()?;
    let t = last.trim_start_matches('*');
    let t = t.split('[').next().unwrap_or(t);
    (!t.is_empty()).then_some(t)
}
