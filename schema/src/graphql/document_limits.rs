//! Limits on the size of a document that the depth and complexity limits do not catch
//! (DESIGN §8), checked by the `gate` once a document is parsed, for every transport, before
//! the schema validates or runs anything:
//! - aliases: an alias bomb asks for one field thousands of times under different names;
//! - fields as written: async-graphql runs a field selected twice twice (merging only the
//!   answers), so one field written 2,000 times costs 2,000 times its work on every row of a
//!   list, for a request of a few kilobytes. The full programme query selects about 160 fields;
//! - fields once fragments are expanded: a fragment that spreads the next one twice, twenty
//!   levels deep, is 1 KB of text and a million fields to validate and run, and async-graphql's
//!   own complexity check expands the fragments to count them (seconds per request). Here each
//!   fragment is sized once, so the count is linear in the document whatever it expands to, and
//!   a fragment bomb is refused in microseconds.

use std::collections::HashMap;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet};

/// Most aliases one document may use.
pub const MAX_ALIASES: usize = 30;

/// Most fields one document may select, as written (a fragment counts once).
pub const MAX_FIELDS: usize = 500;

/// Most fields one document may select once every fragment spread is replaced by the fragment,
/// summed over its operations and fragment definitions (validation walks each of them).
/// graphql-js's standard introspection query comes to about 400.
pub const MAX_EXPANDED_FIELDS: u64 = 2_000;

/// What a document selects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Aliases as written.
    pub aliases: usize,
    /// Fields as written: a fragment counts once, however often it is spread.
    pub fields: usize,
    /// Fields with every spread expanded, saturating at `u64::MAX`; a spread of an unknown
    /// fragment or a cycle adds nothing (validation refuses both).
    pub expanded_fields: u64,
}

/// One operation's or fragment's selections, without following spreads.
struct Shape<'d> {
    aliases: usize,
    fields: usize,
    /// The fragments it spreads, once per spread.
    spreads: Vec<&'d str>,
}

/// Walks a selection set without recursion (the parser bounds nesting, but this walk need not
/// rely on it).
fn shape(set: &SelectionSet) -> Shape<'_> {
    let mut shape = Shape { aliases: 0, fields: 0, spreads: Vec::new() };
    let mut pending = vec![set];
    while let Some(set) = pending.pop() {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    shape.fields += 1;
                    if field.node.alias.is_some() {
                        shape.aliases += 1;
                    }
                    pending.push(&field.node.selection_set.node);
                }
                Selection::InlineFragment(fragment) => pending.push(&fragment.node.selection_set.node),
                Selection::FragmentSpread(spread) => shape.spreads.push(spread.node.fragment_name.node.as_str()),
            }
        }
    }
    shape
}

/// Aliases and fields in every operation and fragment of a document, as written and expanded.
pub fn count_selections(document: &ExecutableDocument) -> Counts {
    let operations: Vec<Shape> = match &document.operations {
        DocumentOperations::Single(op) => vec![shape(&op.node.selection_set.node)],
        DocumentOperations::Multiple(ops) => ops.values().map(|op| shape(&op.node.selection_set.node)).collect(),
    };
    let fragments: HashMap<&str, Shape> =
        document.fragments.iter().map(|(name, f)| (name.as_str(), shape(&f.node.selection_set.node))).collect();
    let expanded = expand_fragments(&fragments);
    let size = |shape: &Shape| {
        shape
            .spreads
            .iter()
            .fold(shape.fields as u64, |sum, name| sum.saturating_add(expanded.get(name).copied().unwrap_or(0)))
    };
    let mut counts = Counts::default();
    for shape in &operations {
        counts.aliases += shape.aliases;
        counts.fields += shape.fields;
        counts.expanded_fields = counts.expanded_fields.saturating_add(size(shape));
    }
    for (name, shape) in &fragments {
        counts.aliases += shape.aliases;
        counts.fields += shape.fields;
        counts.expanded_fields = counts.expanded_fields.saturating_add(expanded.get(name).copied().unwrap_or(0));
    }
    counts
}

/// Each fragment's size with its spreads expanded, each computed once from its spreads' sizes
/// (depth first, with an explicit stack: a chain of thousands of fragments cannot overflow the
/// thread's stack). A fragment met again while its own size is being computed is a cycle and
/// counts 0 there.
fn expand_fragments<'d>(fragments: &HashMap<&'d str, Shape<'d>>) -> HashMap<&'d str, u64> {
    let mut sizes: HashMap<&str, u64> = HashMap::with_capacity(fragments.len());
    let mut open: std::collections::HashSet<&str> = Default::default();
    for &root in fragments.keys() {
        if sizes.contains_key(root) {
            continue;
        }
        // (fragment, how many of its spreads have been looked at)
        let mut stack: Vec<(&str, usize)> = vec![(root, 0)];
        open.insert(root);
        while let Some((name, next)) = stack.last_mut() {
            let shape = &fragments[*name];
            if let Some(&spread) = shape.spreads.get(*next) {
                *next += 1;
                if fragments.contains_key(spread) && !sizes.contains_key(spread) && open.insert(spread) {
                    stack.push((spread, 0));
                }
                continue;
            }
            let size = shape
                .spreads
                .iter()
                .fold(shape.fields as u64, |sum, spread| sum.saturating_add(sizes.get(spread).copied().unwrap_or(0)));
            let name = *name;
            open.remove(name);
            sizes.insert(name, size);
            stack.pop();
        }
    }
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases(query: &str) -> usize {
        count_selections(&async_graphql::parser::parse_query(query).unwrap()).aliases
    }

    #[test]
    fn counts_fields_as_written_with_fragments_once() {
        let document = async_graphql::parser::parse_query(
            "query A { a { b c } ...F ...F } fragment F on Query { d { e } } query Q { x: a }",
        )
        .unwrap();
        assert_eq!(count_selections(&document), Counts { aliases: 1, fields: 6, expanded_fields: 10 });
        // A: 3 fields + F twice (2 each); Q: 1; F's own definition: 2.
    }

    #[test]
    fn counts_aliases_in_operations_fragments_and_inline_fragments() {
        let thirty: String = (0..30).map(|i| format!("a{i}: __typename ")).collect();
        assert_eq!(aliases(&format!("{{ {thirty} }}")), 30);
        let split = format!("query {{ ...F ... on Query {{ {thirty} }} }} fragment F on Query {{ x: __typename }}");
        assert_eq!(aliases(&split), 31);
        assert_eq!(aliases("query A { a: x } mutation B { b: y c: z }"), 3);
        assert_eq!(aliases("{ x { y: z { w: v } } }"), 2);
    }

    fn expanded(query: &str) -> u64 {
        count_selections(&async_graphql::parser::parse_query(query).unwrap()).expanded_fields
    }

    /// Twenty fragments, each spreading the one below four times: 1 KB, 4^20 = 2^40 fields.
    fn bomb(levels: usize, fan_out: usize) -> String {
        let mut text = format!("{{ ...F{levels} }} fragment F0 on Query {{ __typename }} ");
        for level in 1..=levels {
            let spreads = format!("...F{} ", level - 1).repeat(fan_out);
            text.push_str(&format!("fragment F{level} on Query {{ {spreads}}} "));
        }
        text
    }

    #[test]
    fn expands_fragments_exactly_and_once_each() {
        assert_eq!(expanded("{ a b { c } }"), 3);
        assert_eq!(expanded("{ ...F ... on Query { ...F } } fragment F on Query { a { b } }"), 4 + 2);
        // Each level doubles: the operation gets 2^3, the fragments 1 + 2 + 4 + 8 among them.
        assert_eq!(expanded(&bomb(3, 2)), 8 + (1 + 2 + 4 + 8));
        let forty = bomb(20, 4);
        assert!(forty.len() < 1_100, "{} bytes", forty.len());
        assert!(expanded(&forty) > 1 << 40);
        assert_eq!(expanded(&bomb(40, 4)), u64::MAX, "saturates rather than overflowing");
    }

    #[test]
    fn cycles_unknown_fragments_and_long_chains_end() {
        // Which fragment of a cycle is sized first decides where the cycle is cut.
        let cycle = expanded("{ ...A } fragment A on Query { x ...B } fragment B on Query { y ...A }");
        assert!((4..=5).contains(&cycle), "{cycle}");
        assert_eq!(expanded("{ ...A } fragment A on Query { ...A x }"), 1 + 1);
        assert_eq!(expanded("{ a ...Missing }"), 1);
        // A chain of 20,000 fragments, one spread each: no recursion to overflow the stack.
        let chain = bomb(20_000, 1);
        assert_eq!(expanded(&chain), 1 + 20_001);
    }

    /// What GraphiQL, Apollo and graphql-codegen send first (`getIntrospectionQuery()` of
    /// graphql-js 16 with descriptions) stays well inside the limit.
    #[test]
    fn the_standard_introspection_query_fits() {
        let type_ref = (0..8).fold("kind name".to_owned(), |inner, _| format!("kind name ofType {{ {inner} }}"));
        let query = format!(
            "query IntrospectionQuery {{ __schema {{ queryType {{ name }} mutationType {{ name }} \
             subscriptionType {{ name }} types {{ ...FullType }} directives {{ name description locations \
             args {{ ...InputValue }} }} }} }} \
             fragment FullType on __Type {{ kind name description fields(includeDeprecated: true) {{ name \
             description args {{ ...InputValue }} type {{ ...TypeRef }} isDeprecated deprecationReason }} \
             inputFields {{ ...InputValue }} interfaces {{ ...TypeRef }} enumValues(includeDeprecated: true) \
             {{ name description isDeprecated deprecationReason }} possibleTypes {{ ...TypeRef }} }} \
             fragment InputValue on __InputValue {{ name description type {{ ...TypeRef }} defaultValue }} \
             fragment TypeRef on __Type {{ {type_ref} }}"
        );
        let size = expanded(&query);
        assert!((400..=MAX_EXPANDED_FIELDS / 2).contains(&size), "{size}");
    }
}
