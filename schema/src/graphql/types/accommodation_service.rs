//! The kinds of support the accessibility desk arranges, as clients list them (DESIGN §6).
//!
//! A `ServiceType` value is a key, not something to show: a client that showed
//! `SIGN_LANGUAGE_INTERPRETATION`, or translated it itself, would speak to a screen-reader user
//! in the wrong words or the wrong language. So each service comes with its name and a
//! description as `Text`s in the viewer's language, from Sanad's own table
//! (`service::accommodation::services`), chosen like every other text Sanad phrases itself
//! (`Scope::spoken`): in a language Sanad has no words for, the best one it has, marked
//! `isFallback`.
//!
//! The list is public: a delegate reads what can be asked for, and by when, before signing in.
//! It holds no personal data, only the desk's catalogue and the conference's dates.

use async_graphql::SimpleObject;
use chrono::{Days, NaiveDate};
use sea_orm::Iterable;

use crate::entities::enums::ServiceType;
use crate::graphql::context::Scope;
use crate::graphql::scalars;
use crate::graphql::types::text::Text;
use crate::service::accommodation::services;

/// A kind of support the accessibility desk arranges, with its name and description in the
/// viewer's language and the desk's cut-off for it. Show `name` wherever a client would show a
/// `ServiceType`: it is the same name push notifications use.
#[derive(SimpleObject)]
pub struct AccommodationService {
    /// The service: the value to pass as `serviceType` when asking for it
    /// (`RequestItemInput.serviceType`) or filtering by it.
    service_type: ServiceType,
    /// The service's name, e.g. "Live captioning", in the viewer's best language Sanad has
    /// words in (English, French, Arabic or Spanish; `isFallback` says when it is not the
    /// viewer's first language). A label: show it in lists, headings and buttons.
    name: Text,
    /// What the service is and what the delegate should write in `details` when asking for it,
    /// in one or two plain sentences for delegates, in the same language as `name`. Show it next
    /// to the name, or as the hint of the details field.
    description: Text,
    /// Days before the first conference day by which the desk asks for it (0: up to the first day).
    cutoff_days: u32,
    /// The date that makes for this conference. Later requests are accepted as best effort,
    /// never refused.
    due_on: scalars::Date,
}

impl AccommodationService {
    /// One service as `scope`'s viewer reads it.
    pub fn new(service_type: ServiceType, scope: &Scope) -> Self {
        let days = service_type.cutoff_days();
        let first_day = scope.conference.start_date;
        Self {
            service_type,
            name: scope.spoken(|lang| services::name(lang, service_type).map(str::to_owned)),
            description: scope.spoken(|lang| services::description(lang, service_type).map(str::to_owned)),
            cutoff_days: days,
            // Conference dates are validated when written; a date before the calendar begins
            // would be a due date already passed, which the earliest date also says.
            due_on: scalars::Date(first_day.checked_sub_days(Days::new(days.into())).unwrap_or(NaiveDate::MIN)),
        }
    }

    /// Every service, in the enum's order (the order of DESIGN §6's list).
    pub fn all(scope: &Scope) -> Vec<Self> {
        ServiceType::iter().map(|service_type| Self::new(service_type, scope)).collect()
    }
}
