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
//!   a fragment bomb is refused in microseconds;
//! - depth, measured the same way (each fragment once). Business fields and introspection are
//!   bounded apart: graphql-js's standard introspection query, which GraphiQL, Apollo and the
//!   code generators send first, is 15 fields deep through `ofType`, deeper than any question
//!   about the programme needs (async-graphql's own depth limit counts both together, so it is
//!   not used).

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

/// Deepest nesting of fields counting introspection: graphql-js 16's `getIntrospectionQuery()`
/// is 15 deep through `ofType`; Apollo iOS's and Kotlin's are 13.
pub const MAX_INTROSPECTION_DEPTH: u32 = 20;

/// The root fields whose subtrees are introspection.
fn is_introspection(name: &str) -> bool {
    name == "__schema" || name == "__type"
}

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
    /// The deepest nesting of fields, fragments followed, with introspection subtrees left out.
    pub depth: u32,
    /// The deepest nesting of fields, fragments followed, introspection included.
    pub introspection_depth: u32,
}

/// How deep a selection set goes: every field, and only fields outside introspection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Depth {
    all: u32,
    business: u32,
}

impl Depth {
    fn max(self, other: Depth) -> Depth {
        Depth { all: self.all.max(other.all), business: self.business.max(other.business) }
    }
}

/// A fragment spread, and where in its selection set it stands.
struct Spread<'d> {
    name: &'d str,
    /// The depth of the fields around it.
    at: Depth,
    /// Whether it stands inside `__schema` or `__type`: its fields do not add business depth.
    in_introspection: bool,
}

impl Spread<'_> {
    /// The depth reached through this spread, given the spread fragment's own depth.
    fn reach(&self, fragment: Depth) -> Depth {
        Depth {
            all: self.at.all.saturating_add(fragment.all),
            business: if self.in_introspection {
                self.at.business
            } else {
                self.at.business.saturating_add(fragment.business)
            },
        }
    }
}

/// One operation's or fragment's selections, without following spreads.
struct Shape<'d> {
    aliases: usize,
    fields: usize,
    /// Its depth, not following spreads.
    depth: Depth,
    /// The fragments it spreads, once per spread.
    spreads: Vec<Spread<'d>>,
}

/// Walks a selection set without recursion (the parser bounds nesting, but this walk need not
/// rely on it).
fn shape(set: &SelectionSet) -> Shape<'_> {
    let mut shape = Shape { aliases: 0, fields: 0, depth: Depth::default(), spreads: Vec::new() };
    // (selection set, the depth of the fields around it, inside introspection)
    let mut pending = vec![(set, Depth::default(), false)];
    while let Some((set, at, in_introspection)) = pending.pop() {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    shape.fields += 1;
                    if field.node.alias.is_some() {
                        shape.aliases += 1;
                    }
                    let inside = in_introspection || is_introspection(field.node.name.node.as_str());
                    let depth = Depth {
                        all: at.all.saturating_add(1),
                        business: if inside { at.business } else { at.business.saturating_add(1) },
                    };
                    shape.depth = shape.depth.max(depth);
                    pending.push((&field.node.selection_set.node, depth, inside));
                }
                Selection::InlineFragment(fragment) => {
                    pending.push((&fragment.node.selection_set.node, at, in_introspection))
                }
                Selection::FragmentSpread(spread) => {
                    shape.spreads.push(Spread { name: spread.node.fragment_name.node.as_str(), at, in_introspection })
                }
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
    let mut counts = Counts::default();
    for shape in &operations {
        let (size, depth) = expanded_shape(shape, &expanded);
        counts.aliases += shape.aliases;
        counts.fields += shape.fields;
        counts.expanded_fields = counts.expanded_fields.saturating_add(size);
        counts.depth = counts.depth.max(depth.business);
        counts.introspection_depth = counts.introspection_depth.max(depth.all);
    }
    for (name, shape) in &fragments {
        counts.aliases += shape.aliases;
        counts.fields += shape.fields;
        let (size, _) = expanded.get(name).copied().unwrap_or_default();
        counts.expanded_fields = counts.expanded_fields.saturating_add(size);
    }
    counts
}

/// A shape's size and depth with its spreads replaced by the fragments' (already expanded); a
/// spread of a fragment not in `expanded` (unknown, or met again inside a cycle) adds nothing.
fn expanded_shape(shape: &Shape, expanded: &HashMap<&str, (u64, Depth)>) -> (u64, Depth) {
    shape.spreads.iter().fold((shape.fields as u64, shape.depth), |(size, depth), spread| {
        match expanded.get(spread.name) {
            Some(&(fragment_size, fragment_depth)) => {
                (size.saturating_add(fragment_size), depth.max(spread.reach(fragment_depth)))
            }
            None => (size, depth),
        }
    })
}

/// Each fragment's size and depth with its spreads expanded, each computed once from its spreads'
/// (depth first, with an explicit stack: a chain of thousands of fragments cannot overflow the
/// thread's stack). A fragment met again while its own size is being computed is a cycle and
/// counts 0 there.
fn expand_fragments<'d>(fragments: &HashMap<&'d str, Shape<'d>>) -> HashMap<&'d str, (u64, Depth)> {
    let mut sizes: HashMap<&str, (u64, Depth)> = HashMap::with_capacity(fragments.len());
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
            if let Some(spread) = shape.spreads.get(*next).map(|spread| spread.name) {
                *next += 1;
                if fragments.contains_key(spread) && !sizes.contains_key(spread) && open.insert(spread) {
                    stack.push((spread, 0));
                }
                continue;
            }
            let expanded = expanded_shape(shape, &sizes);
            let name = *name;
            open.remove(name);
            sizes.insert(name, expanded);
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
        assert_eq!(
            count_selections(&document),
            Counts { aliases: 1, fields: 6, expanded_fields: 10, depth: 2, introspection_depth: 2 }
        );
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
        let counts = count_selections(&async_graphql::parser::parse_query(&query).unwrap());
        assert!((400..=MAX_EXPANDED_FIELDS / 2).contains(&counts.expanded_fields), "{counts:?}");
        // __schema types FullType.fields type, then TypeRef's 8 levels of ofType and a leaf.
        assert_eq!((counts.depth, counts.introspection_depth), (0, 14));
        assert!(counts.introspection_depth <= MAX_INTROSPECTION_DEPTH);
    }

    fn depths(query: &str) -> (u32, u32) {
        let counts = count_selections(&async_graphql::parser::parse_query(query).unwrap());
        (counts.depth, counts.introspection_depth)
    }

    #[test]
    fn depth_follows_fragments_and_inline_fragments_and_leaves_introspection_out() {
        assert_eq!(depths("{ a }"), (1, 1));
        assert_eq!(depths("{ a { b { c } } d }"), (3, 3));
        assert_eq!(depths("{ a { ... on A { b { c } } } }"), (3, 3));
        assert_eq!(depths("{ a { ...F } } fragment F on A { b { ...G } } fragment G on B { c { d } }"), (4, 4));
        // The deepest path may run through a shallow-looking fragment spread at depth.
        assert_eq!(depths("{ a { b { ...F } } x { y } } fragment F on B { c }"), (3, 3));
        // Introspection counts towards its own bound only, also through fragments.
        assert_eq!(depths("{ __schema { types { fields { type { name } } } } a }"), (1, 5));
        assert_eq!(
            depths("{ __type(name: \"A\") { ...T } } fragment T on __Type { ofType { ofType { name } } }"),
            (0, 4)
        );
        // A fragment spread both inside and outside introspection counts as business once outside.
        assert_eq!(depths("{ __schema { ...F } a { ...F } } fragment F on A { b { c } }"), (3, 3));
        assert_eq!(depths("{ __schema { x { ...F } } a { ...F } } fragment F on A { b { c } }"), (3, 4));
        assert_eq!(depths("{ __typename a { __typename } }"), (2, 2));
    }

    #[test]
    fn depth_of_cycles_and_long_chains_is_finite() {
        assert_eq!(depths("{ ...A } fragment A on Query { x { ...A } }").0, 1);
        let chain = bomb(20_000, 1);
        assert_eq!(depths(&chain), (1, 1));
        let mut deep = String::from("{ ...F0 } fragment F0 on Query { a } ");
        for level in 1..=100 {
            deep.push_str(&format!("fragment F{level} on Query {{ a {{ ...F{} }} }} ", level - 1));
        }
        deep = deep.replacen("{ ...F0 }", "{ ...F100 }", 1);
        assert_eq!(depths(&deep), (101, 101));
    }
}
