//! The stable keys that sessions, rooms and speakers from other tools get in Sanad, so that
//! importing the same source again, exporting it, and completing it with Sanad's own document
//! all find the same rows: a source's guid becomes a UUID (itself, or one derived from it), a
//! name becomes a slug.

use uuid::Uuid;

/// Namespace of the UUIDs Sanad derives (from the URL namespace, so anyone can derive them).
pub fn derived_uuid(name: &str) -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("urn:sanad:{name}").as_bytes())
}

/// The guid as the schemas want it: a UUID as written (lower-cased), anything else mapped
/// to the same UUID every time.
pub fn uuid_of(key: &str) -> String {
    match Uuid::parse_str(key) {
        Ok(uuid) if key.len() == 36 => uuid.hyphenated().to_string(),
        _ => derived_uuid(key).hyphenated().to_string(),
    }
}

/// A slug for a name: lower-case ASCII letters and digits, other runs become one `-`.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out: String = out.trim_end_matches('-').chars().take(56).collect();
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        // A name in another script: keyed by a hash of it, stable across imports.
        out = format!("x-{}", &Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes()).simple().to_string()[..12]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_is_kept_and_anything_else_maps_to_the_same_uuid_every_time() {
        let pretalx = "A8CF6A53-7C8F-5C5B-9D1A-2E4F4B1E6C01";
        assert_eq!(uuid_of(pretalx), pretalx.to_lowercase());
        let frab = "4xpIEvUKJ5TjnhlFTWCgsQ";
        assert_eq!(uuid_of(frab), uuid_of(frab));
        assert_ne!(uuid_of(frab), uuid_of("4xpIEvUKJ5TjnhlFTWCgsR"));
        assert_eq!(uuid_of(frab).len(), 36);
    }

    #[test]
    fn a_name_becomes_a_slug_and_a_name_in_another_script_a_stable_hash() {
        for (name, slug) in [("Saal 1", "saal-1"), ("  Hall A / Main  ", "hall-a-main"), ("Room 101", "room-101")] {
            assert_eq!(slugify(name), slug, "{name}");
        }
        let arabic = slugify("القاعة الكبرى");
        assert!(arabic.starts_with("x-") && arabic.len() == 14, "{arabic}");
        assert_eq!(arabic, slugify("القاعة الكبرى"));
    }
}
