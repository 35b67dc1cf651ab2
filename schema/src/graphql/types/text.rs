//! The value types of the accessibility data contract (DESIGN §4): texts that say their
//! language and direction, time ranges that can be read aloud, and images with alt text.

use async_graphql::SimpleObject;
use chrono::{DateTime, FixedOffset};

use crate::entities::enums::Dir;

/// A human-readable text in one language. Set `lang` and `dir` on the element that shows it
/// (WCAG 3.1.2), so screen readers pronounce it with the right voice.
#[derive(Clone, Debug, SimpleObject)]
pub struct Text {
    /// The text.
    pub value: String,
    /// BCP 47 tag of the language the text is actually in (after fallback).
    pub lang: String,
    /// Writing direction of the text.
    pub dir: Dir,
    /// True when the text is not in the viewer's first language, because it does not exist
    /// in it. Clients may say so ("shown in English").
    pub is_fallback: bool,
}

/// A span of time in the conference's zone, with a text to read aloud.
#[derive(Clone, Debug, SimpleObject)]
pub struct TimeRange {
    /// Start, RFC 3339 with the conference zone's offset at that instant.
    pub start: DateTime<FixedOffset>,
    /// End, RFC 3339 with the conference zone's offset at that instant.
    pub end: DateTime<FixedOffset>,
    /// IANA zone of the conference ("Asia/Amman"). Zone rules change (Jordan's did in 2022):
    /// use the offsets given here, not the phone's zone data.
    pub time_zone: String,
    /// Length in minutes.
    pub duration_minutes: i64,
    /// The range as a sentence: "Tuesday 10 September, 9:30 to 10:45, Amman time".
    pub spoken: Text,
}

/// An image. It has `alt` text, or it is `decorative` and screen readers skip it.
#[derive(Clone, Debug, SimpleObject)]
pub struct Image {
    /// Where to fetch the image.
    pub url: String,
    /// What the image shows, for people who cannot see it. Null only when `decorative`.
    pub alt: Option<Text>,
    /// True when the image adds nothing to the text around it; give it an empty alt.
    pub decorative: bool,
}
