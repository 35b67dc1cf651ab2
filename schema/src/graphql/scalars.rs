//! The custom scalars, each with a description for client developers and `@specifiedBy` the
//! specification its text follows, so code generators map them to a real type. async-graphql's
//! built-in chrono scalars carry neither (`DateTime` was described as "Implement the
//! DateTime<FixedOffset> scalar"), so ours wrap chrono's types under the same GraphQL names:
//! the wire format did not change.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{FixedOffset, NaiveDate};

/// A moment in time, as RFC 3339 text with its UTC offset, e.g. `2026-09-10T09:30:00+03:00`.
/// The programme's times come in the venue's offset, so the clock time reads as it does in
/// the room; convert before comparing with the device's clock. Inputs must carry an offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime(pub chrono::DateTime<FixedOffset>);

/// A moment in time, as RFC 3339 text with its UTC offset, e.g. `2026-09-10T09:30:00+03:00`.
/// The programme's times come in the venue's offset, so the clock time reads as it does in
/// the room; convert before comparing with the device's clock. Inputs must carry an offset.
#[Scalar(name = "DateTime", specified_by_url = "https://scalars.graphql.org/andimarek/date-time")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            // chrono's `FromStr`, as async-graphql's own scalar parsed it (RFC 3339, also with a
            // space or a lower-case `t` between date and time).
            Value::String(text) => text
                .parse::<chrono::DateTime<FixedOffset>>()
                .map(Self)
                .map_err(|_| InputValueError::custom("expected RFC 3339 date and time with an offset")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339())
    }
}

impl std::ops::Deref for DateTime {
    type Target = chrono::DateTime<FixedOffset>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<chrono::DateTime<FixedOffset>> for DateTime {
    fn from(value: chrono::DateTime<FixedOffset>) -> Self {
        Self(value)
    }
}

/// A calendar day, as `YYYY-MM-DD` (RFC 3339 full-date), e.g. `2026-09-10`: a day of the
/// conference in its venue's time zone, with no time or offset. (The name is historical.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// A calendar day, as `YYYY-MM-DD` (RFC 3339 full-date), e.g. `2026-09-10`: a day of the
/// conference in its venue's time zone, with no time or offset. (The name is historical.)
#[Scalar(name = "NaiveDate", specified_by_url = "https://scalars.graphql.org/andimarek/local-date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Self)
                .map_err(|_| InputValueError::custom("expected a date as YYYY-MM-DD")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

impl std::ops::Deref for Date {
    type Target = NaiveDate;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<NaiveDate> for Date {
    fn from(value: NaiveDate) -> Self {
        Self(value)
    }
}

/// Any JSON value (RFC 8259), given as it is: used only where the shape is documented on the
/// field (a delegate's data export).
#[derive(Clone, Debug, PartialEq)]
pub struct Json(pub serde_json::Value);

/// Any JSON value (RFC 8259), given as it is: used only where the shape is documented on the
/// field (a delegate's data export).
#[Scalar(name = "JSON", specified_by_url = "https://www.rfc-editor.org/rfc/rfc8259")]
impl ScalarType for Json {
    fn parse(value: Value) -> InputValueResult<Self> {
        value.into_json().map(Self).map_err(|_| InputValueError::custom("expected JSON"))
    }

    fn to_value(&self) -> Value {
        Value::from_json(self.0.clone()).unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_format_is_chronos() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-09-10T09:30:00+03:00").unwrap();
        assert_eq!(DateTime(at).to_value(), async_graphql::ScalarType::to_value(&at));
        assert_eq!(<DateTime as ScalarType>::parse(DateTime(at).to_value()).unwrap(), DateTime(at));
        assert!(<DateTime as ScalarType>::parse(Value::String("2026-09-10T09:30:00".into())).is_err());
        let spaced = <DateTime as ScalarType>::parse(Value::String("2026-09-10 09:30:00+03:00".into()));
        assert_eq!(spaced.unwrap(), DateTime(at), "what clients sent before still parses");
        assert!(<DateTime as ScalarType>::parse(Value::from(5)).is_err());
        let day = NaiveDate::from_ymd_opt(2026, 9, 10).unwrap();
        assert_eq!(Date(day).to_value(), async_graphql::ScalarType::to_value(&day));
        assert_eq!(<Date as ScalarType>::parse(Value::String("2026-09-10".into())).unwrap(), Date(day));
        for bad in ["2026-9-10x", "10/09/2026", "2026-02-30", ""] {
            assert!(<Date as ScalarType>::parse(Value::String(bad.into())).is_err(), "{bad}");
        }
    }
}
