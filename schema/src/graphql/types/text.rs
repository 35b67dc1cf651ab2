//! The value types of the accessibility data contract (DESIGN §4): texts that say their
//! language and direction, time ranges that can be read aloud, and images with alt text.
//!
//! A full programme holds about a thousand of them, so they are plain objects
//! (`graphql::execution::plain_object`), built in one pass rather than one future per field. Their
//! GraphQL types, with the descriptions client developers read, are the `…Type` structs
//! below; those are only ever registered, never built.

use std::borrow::Cow;

use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::enum_value;
use async_graphql::{ContextSelectionSet, OutputType, Positioned, ScalarType, ServerResult, SimpleObject, Value};
use chrono::{DateTime, FixedOffset};

use crate::entities::enums::Dir;
use crate::graphql::execution::plain_object::{self, PlainObject, nested, nested_opt};
use crate::graphql::scalars;

/// A human-readable text in one language.
#[derive(Clone, Debug)]
pub struct Text {
    pub value: String,
    pub lang: String,
    pub dir: Dir,
    pub is_fallback: bool,
}

/// A span of time in the conference's zone, with a text to read aloud.
#[derive(Clone, Debug)]
pub struct TimeRange {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub time_zone: String,
    pub duration_minutes: i64,
    pub spoken: Text,
}

/// An image with its alt text, or marked decorative.
#[derive(Clone, Debug)]
pub struct Image {
    pub url: String,
    pub alt: Option<Text>,
    pub decorative: bool,
}

/// A human-readable text in one language. Set `lang` and `dir` on the element that shows it
/// (WCAG 3.1.2), so screen readers pronounce it with the right voice.
#[derive(SimpleObject)]
#[graphql(name = "Text")]
#[allow(dead_code)] // Registered for its type information only; `Text` is what is served.
struct TextType {
    /// The text.
    value: String,
    /// BCP 47 tag of the language the text is actually in (after fallback).
    lang: String,
    /// Writing direction of the text.
    dir: Dir,
    /// True when the text is not in the viewer's first language, because it does not exist
    /// in it. Clients may say so ("shown in English").
    is_fallback: bool,
}

/// A span of time in the conference's zone, with a text to read aloud.
#[derive(SimpleObject)]
#[graphql(name = "TimeRange")]
#[allow(dead_code)] // Registered for its type information only; `TimeRange` is what is served.
struct TimeRangeType {
    /// Start, RFC 3339 with the conference zone's offset at that instant.
    start: scalars::DateTime,
    /// End, RFC 3339 with the conference zone's offset at that instant.
    end: scalars::DateTime,
    /// IANA zone of the conference ("Asia/Amman"). Zone rules change (Jordan's did in 2022):
    /// use the offsets given here, not the phone's zone data.
    time_zone: String,
    /// Length in minutes.
    duration_minutes: i64,
    /// The range as a sentence: "Tuesday 10 September, 9:30 to 10:45, Amman time".
    spoken: Text,
}

/// An image. It has `alt` text, or it is `decorative` and screen readers skip it.
#[derive(SimpleObject)]
#[graphql(name = "Image")]
#[allow(dead_code)] // Registered for its type information only; `Image` is what is served.
struct ImageType {
    /// Where to fetch the image.
    url: String,
    /// What the image shows, for people who cannot see it. Null only when `decorative`.
    alt: Option<Text>,
    /// True when the image adds nothing to the text around it; give it an empty alt.
    decorative: bool,
}

impl PlainObject for Text {
    const NAME: &'static str = "Text";

    fn field(&self, _: &ContextSelectionSet<'_>, field: &Positioned<Field>, name: &str) -> ServerResult<Value> {
        Ok(match name {
            "value" => Value::String(self.value.clone()),
            "lang" => Value::String(self.lang.clone()),
            "dir" => enum_value(self.dir),
            "isFallback" => Value::Boolean(self.is_fallback),
            _ => return Err(plain_object::no_such_field::<Self>(field, name)),
        })
    }
}

impl PlainObject for TimeRange {
    const NAME: &'static str = "TimeRange";

    fn field(&self, ctx: &ContextSelectionSet<'_>, field: &Positioned<Field>, name: &str) -> ServerResult<Value> {
        Ok(match name {
            "start" => self.start.to_value(),
            "end" => self.end.to_value(),
            "timeZone" => Value::String(self.time_zone.clone()),
            "durationMinutes" => Value::from(self.duration_minutes),
            "spoken" => nested(&self.spoken, ctx, field)?,
            _ => return Err(plain_object::no_such_field::<Self>(field, name)),
        })
    }
}

impl PlainObject for Image {
    const NAME: &'static str = "Image";

    fn field(&self, ctx: &ContextSelectionSet<'_>, field: &Positioned<Field>, name: &str) -> ServerResult<Value> {
        Ok(match name {
            "url" => Value::String(self.url.clone()),
            "alt" => nested_opt(self.alt.as_ref(), ctx, field)?,
            "decorative" => Value::Boolean(self.decorative),
            _ => return Err(plain_object::no_such_field::<Self>(field, name)),
        })
    }
}

/// Serves a plain object under the GraphQL type registered by its `…Type` struct.
macro_rules! plain_output_type {
    ($served:ty, $registered:ty) => {
        impl OutputType for $served {
            fn type_name() -> Cow<'static, str> {
                Cow::Borrowed(<$served as PlainObject>::NAME)
            }

            fn create_type_info(registry: &mut Registry) -> String {
                <$registered as OutputType>::create_type_info(registry)
            }

            async fn resolve(&self, ctx: &ContextSelectionSet<'_>, _: &Positioned<Field>) -> ServerResult<Value> {
                plain_object::resolve(self, ctx)
            }
        }
    };
}

plain_output_type!(Text, TextType);
plain_output_type!(TimeRange, TimeRangeType);
plain_output_type!(Image, ImageType);
