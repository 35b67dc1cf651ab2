//! Text no store can keep: a NUL character. PostgreSQL refuses it in `text` columns (as an
//! internal error, mid-transaction) and SQLite keeps it but cuts strings at it in places, so
//! every request carrying one is refused up front as `BAD_USER_INPUT` (by the `gate`), for
//! every field of every transport. Right-to-left marks, zero-width joiners and other format characters are Arabic
//! text's own and pass untouched.

use async_graphql::{Value, Variables};

/// Where a NUL hides: `None` when there is none, else `query` or the variable's path
/// (`items[1].details`), which matches the argument's when the variable is named after it.
pub fn find_nul(query: &str, variables: &Variables) -> Option<String> {
    // A NUL in a GraphQL document is either the raw character or the escape `\u0000`.
    if query.contains('\0') || query.to_ascii_lowercase().contains("\\u0000") {
        return Some("query".to_owned());
    }
    variables.iter().find_map(|(name, value)| in_value(value, name.as_str()))
}

fn in_value(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(text) if text.contains('\0') => Some(path.to_owned()),
        Value::Enum(name) if name.contains('\0') => Some(path.to_owned()),
        Value::List(items) => items.iter().enumerate().find_map(|(i, item)| in_value(item, &format!("{path}[{i}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            if key.contains('\0') { Some(path.to_owned()) } else { in_value(item, &format!("{path}.{key}")) }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variables(json: serde_json::Value) -> Variables {
        Variables::from_json(json)
    }

    #[test]
    fn finds_nul_in_the_document_and_in_nested_variables() {
        let none = variables(serde_json::json!({}));
        assert_eq!(find_nul("{ a(x: \"ok\") }", &none), None);
        assert_eq!(find_nul("{ a(x: \"bad\0\") }", &none).as_deref(), Some("query"));
        assert_eq!(find_nul(r#"{ a(x: "bad\u0000") }"#, &none).as_deref(), Some("query"));
        let nested =
            variables(serde_json::json!({ "input": { "items": [{ "details": "a" }, { "details": "b\u{0}" }] } }));
        assert_eq!(find_nul("{ a }", &nested).as_deref(), Some("input.items[1].details"));
    }

    #[test]
    fn right_to_left_and_zero_width_characters_are_text() {
        let arabic = variables(serde_json::json!({ "t": "\u{200F}مرحبا\u{200D}\u{200B}\u{202E}abc\u{FEFF}" }));
        assert_eq!(find_nul("{ a }", &arabic), None);
    }
}
