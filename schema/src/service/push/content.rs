//! What a notification says. A message is stored once with its texts in every language it
//! can be said in; each delivery renders it in its delegate's language, within the 2 KB the
//! design allows (DESIGN §7). Never a request detail, never another person's name.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::entities::enums::Dir;
use crate::service::language::{Locale, dir_of};

/// Largest payload a device receives, before encryption.
pub const MAX_PAYLOAD: usize = 2_048;

/// The kinds of notification (DESIGN §7), as devices see them in `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    SessionReminder,
    SessionChanged,
    Announcement,
    RequestUpdated,
    Test,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::SessionReminder => "sessionReminder",
            Kind::SessionChanged => "sessionChanged",
            Kind::Announcement => "announcement",
            Kind::RequestUpdated => "requestUpdated",
            Kind::Test => "test",
        }
    }
}

/// A title and a body in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phrase {
    pub title: String,
    pub body: String,
}

/// A message's content in every language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    pub kind: Kind,
    /// Global ids a client can pass to `node(id:)`: "sessionId", "announcementId", "itemId".
    pub ids: BTreeMap<String, String>,
    /// Where the client takes the delegate when they open it: a page of the delegates' app on
    /// this server (`/sessions/{id}`, `/requests/items/{id}`, `/announcements#announcement-{id}`).
    pub link: String,
    /// Texts by BCP 47 tag.
    pub texts: BTreeMap<String, Phrase>,
    /// The language to fall back to (the conference's default).
    pub default_lang: String,
}

/// The payload a device receives, in the best of `wanted` languages.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Payload<'a> {
    kind: Kind,
    title: String,
    body: String,
    lang: &'a str,
    /// "LTR" or "RTL", as the GraphQL `Dir` enum spells it.
    dir: &'static str,
    link: &'a str,
    #[serde(flatten)]
    ids: &'a BTreeMap<String, String>,
}

impl Content {
    /// The JSON for a delegate whose languages are `wanted` (best first): at most
    /// [`MAX_PAYLOAD`] bytes, shortening the body (then the title) with an ellipsis if needed.
    pub fn render(&self, wanted: &[String]) -> Vec<u8> {
        let mut fallback = vec![self.default_lang.clone()];
        fallback.extend(self.texts.keys().cloned());
        let locale = Locale::new(wanted.to_vec(), fallback);
        let lang = locale.choose_lang(self.texts.keys().map(String::as_str)).map(|(l, _)| l).unwrap_or("en");
        let phrase = self.texts.get(lang).cloned().unwrap_or(Phrase { title: String::new(), body: String::new() });
        let mut payload = Payload {
            kind: self.kind,
            title: phrase.title,
            body: phrase.body,
            lang,
            dir: match dir_of(lang) {
                Dir::Rtl => "RTL",
                Dir::Ltr => "LTR",
            },
            link: &self.link,
            ids: &self.ids,
        };
        loop {
            let json = serde_json::to_vec(&payload).unwrap_or_default();
            if json.len() <= MAX_PAYLOAD {
                return json;
            }
            let over = json.len() - MAX_PAYLOAD;
            if !shorten(&mut payload.body, over) && !shorten(&mut payload.title, over) {
                // Ids and link alone never come near 2 KB; this only guards the loop.
                return serde_json::to_vec(&serde_json::json!({ "kind": self.kind, "link": self.link }))
                    .unwrap_or_default();
            }
        }
    }
}

/// Drops at least `bytes` bytes from the end of `text` (whole characters) and adds "…".
/// False when there is nothing left to drop.
fn shorten(text: &mut String, bytes: usize) -> bool {
    let kept = text.trim_end_matches('…');
    if kept.is_empty() {
        return false;
    }
    let mut cut = kept.len().saturating_sub(bytes + '…'.len_utf8());
    while !kept.is_char_boundary(cut) {
        cut -= 1;
    }
    *text = format!("{}…", kept[..cut].trim_end());
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(body: &str) -> Content {
        let mut texts = BTreeMap::new();
        texts.insert("en".to_owned(), Phrase { title: "Session moved".into(), body: body.into() });
        texts.insert("ar".to_owned(), Phrase { title: "تغيير موعد الجلسة".into(), body: format!("عربي {body}") });
        Content {
            kind: Kind::SessionChanged,
            ids: BTreeMap::from([("sessionId".to_owned(), "U2Vzc2lvbjox".to_owned())]),
            link: "/sessions/opening".into(),
            texts,
            default_lang: "en".into(),
        }
    }

    fn render(content: &Content, wanted: &[&str]) -> serde_json::Value {
        let wanted: Vec<String> = wanted.iter().map(|s| s.to_string()).collect();
        serde_json::from_slice(&content.render(&wanted)).unwrap()
    }

    #[test]
    fn renders_in_the_delegates_language_with_its_direction() {
        let c = content("Now in Hall B.");
        let ar = render(&c, &["ar-JO"]);
        assert_eq!((ar["lang"].as_str(), ar["dir"].as_str()), (Some("ar"), Some("RTL")));
        assert_eq!(ar["title"], "تغيير موعد الجلسة");
        assert_eq!(ar["sessionId"], "U2Vzc2lvbjox");
        assert_eq!(ar["kind"], "sessionChanged");
        let fr = render(&c, &["fr"]);
        assert_eq!((fr["lang"].as_str(), fr["dir"].as_str()), (Some("en"), Some("LTR")), "the default when missing");
    }

    #[test]
    fn long_texts_are_shortened_to_fit_two_kilobytes() {
        for body in ["x".repeat(5_000), "م".repeat(3_000)] {
            let c = content(&body);
            for wanted in [["en"], ["ar"]] {
                let bytes = c.render(&wanted.map(String::from));
                assert!(bytes.len() <= MAX_PAYLOAD, "{}", bytes.len());
                let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                assert!(json["body"].as_str().unwrap().ends_with('…'));
                assert!(bytes.len() > MAX_PAYLOAD - 16, "shortened no more than needed");
            }
        }
    }
}
