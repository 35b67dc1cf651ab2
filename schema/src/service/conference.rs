//! Creating a conference from nothing (`sanad conference create`): before it, a server could
//! only serve a programme it imported or its compiled-in demo.
//!
//! A new conference has its dates, zone and languages, its name, and one venue (named after
//! the conference unless told otherwise) so rooms can be added; its other public texts start
//! empty, and `sanad check` reports them as missing in each required language until they
//! are written. Everything is checked before anything is written, and written in one
//! transaction.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, SqlErr,
};

use crate::entities::enums::Role;
use crate::entities::texts::{ConferenceLanguage, ConferenceLanguages, Translations};
use crate::entities::{conference, venue};
use crate::error::{AppError, AppResult};
use crate::service::accounts::{self, AccountPolicy, Invited, NewPerson};
use crate::service::editing::texts::{self, SHORT, TextInput};
use crate::service::language::parse_tag;
use crate::service::language_catalogue;
use crate::service::live::{ChangeAction, ProgrammeChange};
use crate::service::write::begin_write;

/// Longest conference, in days (first and last day included).
pub const MAX_DAYS: i64 = 31;
/// Most languages one conference may have.
pub const MAX_LANGUAGES: usize = 50;

/// What an organiser says about a new conference.
#[derive(Clone, Debug)]
pub struct Draft {
    /// Stable short name used in URLs: 1 to 64 of a-z, 0-9 and -.
    pub slug: String,
    /// The full name, in every required language at least.
    pub name: Vec<TextInput>,
    /// The IANA zone all times are given in ("Asia/Amman").
    pub time_zone: String,
    /// First day, in the conference's zone.
    pub start: NaiveDate,
    /// Last day, in the conference's zone.
    pub end: NaiveDate,
    /// BCP 47 tags, in the order used for fallback.
    pub languages: Vec<String>,
    /// The language texts fall back to; the first of `languages` when `None`.
    pub default_language: Option<String>,
    /// The languages every public text must be given in; just the default language when
    /// `None`.
    pub required_languages: Option<Vec<String>>,
    /// The venue's name; the conference's name when `None`.
    pub venue_name: Option<Vec<TextInput>>,
}

/// A draft that passed every check: the rows to write, without ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The conference row (its `id` is 0 until inserted).
    pub conference: conference::Model,
    /// The venue's name.
    pub venue_name: Translations,
}

/// Checks a draft without touching the database (the slug's uniqueness is checked by
/// [`create`]). Each problem names its field: `slug`, `timeZone`, `end`, `languages[i]`,
/// `defaultLanguage`, `requiredLanguages[i]`, `name[i].lang`, `venueName`…
pub fn check(draft: Draft, now: DateTime<Utc>) -> AppResult<Checked> {
    let slug = texts::slug("slug", &draft.slug)?;
    let time_zone = draft.time_zone.trim();
    let zone: Tz = time_zone.parse().map_err(|_| {
        AppError::bad_input("timeZone", format!("'{time_zone}' is not an IANA time zone such as Asia/Amman"))
    })?;
    if draft.end < draft.start {
        return Err(AppError::bad_input(
            "end",
            format!("the last day ({}) is before the first day ({})", draft.end, draft.start),
        ));
    }
    let days = (draft.end - draft.start).num_days() + 1;
    if days > MAX_DAYS {
        return Err(AppError::bad_input("end", format!("a conference lasts at most {MAX_DAYS} days; this one {days}")));
    }

    let (default_language, languages) =
        languages(&draft.languages, draft.default_language.as_deref(), draft.required_languages.as_deref())?;
    let tags: Vec<String> = languages.0.iter().map(|l| l.tag.clone()).collect();

    let mut conference = conference::Model {
        id: 0,
        slug,
        time_zone: zone.name().to_owned(),
        start_date: draft.start,
        end_date: draft.end,
        default_language,
        languages,
        name: Translations::default(),
        tagline: Translations::default(),
        description: Translations::default(),
        city: Translations::default(),
        organiser: Translations::default(),
        sample_notice: None,
        website: None,
        programme_version: 1,
        updated_at: now,
    };
    conference.name = text("name", draft.name, &conference, &tags)?;
    let venue_name = match draft.venue_name {
        None => conference.name.clone(),
        Some(input) => text("venueName", input, &conference, &tags)?,
    };
    Ok(Checked { conference, venue_name })
}

/// A conference's languages as organisers give them: the tags in fallback order, the default
/// (the first when `None`) and the required ones (just the default when `None`), each checked
/// and made canonical. Returns the default and the list. Fields: `languages[i]`,
/// `defaultLanguage`, `requiredLanguages[i]`.
pub fn languages(
    tags: &[String],
    default_language: Option<&str>,
    required_languages: Option<&[String]>,
) -> AppResult<(String, ConferenceLanguages)> {
    let languages = check_languages(tags)?;
    let default_language = match default_language {
        None => languages.first().cloned().ok_or_else(|| AppError::bad_input("languages", "name a language"))?,
        Some(tag) => among("defaultLanguage", tag, &languages)?,
    };
    let required: Vec<String> = match required_languages {
        None => vec![default_language.clone()],
        Some([]) => {
            return Err(AppError::bad_input("requiredLanguages", "name at least one language, such as the default"));
        }
        Some(tags) => {
            let mut required = Vec::new();
            for (i, tag) in tags.iter().enumerate() {
                let field = format!("requiredLanguages[{i}]");
                let tag = among(&field, tag, &languages)?;
                if required.contains(&tag) {
                    return Err(AppError::bad_input(field, format!("{tag} is given twice")));
                }
                required.push(tag);
            }
            required
        }
    };
    let languages =
        languages.iter().map(|tag| ConferenceLanguage { tag: tag.clone(), required: required.contains(tag) }).collect();
    Ok((default_language, ConferenceLanguages(languages)))
}

/// The conference's languages: well-formed, canonical, each once.
fn check_languages(tags: &[String]) -> AppResult<Vec<String>> {
    if tags.is_empty() {
        return Err(AppError::bad_input("languages", "name at least one language, such as en"));
    }
    if tags.len() > MAX_LANGUAGES {
        return Err(AppError::bad_input("languages", format!("at most {MAX_LANGUAGES} languages")));
    }
    let mut languages: Vec<String> = Vec::with_capacity(tags.len());
    for (i, tag) in tags.iter().enumerate() {
        let field = format!("languages[{i}]");
        let tag = parse_tag(tag).map_err(|message| AppError::bad_input(&field, message))?;
        if languages.contains(&tag) {
            return Err(AppError::bad_input(field, format!("{tag} is given twice")));
        }
        languages.push(tag);
    }
    Ok(languages)
}

/// A tag that must be one of the conference's languages, made canonical.
fn among(field: &str, tag: &str, languages: &[String]) -> AppResult<String> {
    let tag = parse_tag(tag).map_err(|message| AppError::bad_input(field, message))?;
    if languages.contains(&tag) {
        Ok(tag)
    } else {
        Err(AppError::bad_input(field, format!("{tag} is not one of the languages: {}", languages.join(", "))))
    }
}

/// A short text in the conference's languages, present in each required one.
fn text(
    field: &str,
    input: Vec<TextInput>,
    conference: &conference::Model,
    languages: &[String],
) -> AppResult<Translations> {
    if input.is_empty() {
        return Err(AppError::bad_input(field, "give it in at least one language"));
    }
    for (i, text) in input.iter().enumerate() {
        // A malformed tag is reported by `texts::required`, with the same field.
        if let Ok(tag) = parse_tag(&text.lang)
            && !languages.contains(&tag)
        {
            return Err(AppError::bad_input(
                format!("{field}[{i}].lang"),
                format!("{tag} is not one of the languages: {}", languages.join(", ")),
            ));
        }
    }
    texts::required(field, input, conference, SHORT)
}

/// Checks a draft and writes the conference, its languages (from the catalogue when the
/// `language` table lacks them) and its venue, in one transaction. A slug already taken is a
/// `CONFLICT`; any other problem is bad input naming its field, and writes nothing.
pub async fn create(db: &DatabaseConnection, draft: Draft, now: DateTime<Utc>) -> AppResult<conference::Model> {
    let checked = check(draft, now)?;
    let txn = begin_write(db).await?;
    let row = create_in(&txn, checked, now).await?;
    txn.commit().await?;
    Ok(row)
}

/// A conference created by an organiser of another one (the `createConference` mutation):
/// the conference and its venue as [`create`] writes them, and in the same transaction an
/// organiser account of the new conference for its founder (accounts belong to one
/// conference), whose one-time invitation code is returned to sign in with, and the change
/// to announce (a new conference moves the server's programme version like any edit, so no
/// cached answer or snapshot still says it does not exist).
pub async fn create_with_founder(
    db: &DatabaseConnection,
    draft: Draft,
    founder: NewPerson,
    now: DateTime<Utc>,
    policy: &AccountPolicy,
) -> AppResult<(conference::Model, Invited, ProgrammeChange)> {
    let checked = check(draft, now)?;
    let txn = begin_write(db).await?;
    let row = create_in(&txn, checked, now).await?;
    let founder = NewPerson { role: Role::Organizer, ..founder };
    let invited = accounts::create_person(&txn, row.id, founder, now, policy).await?;
    txn.commit().await?;
    let change = ProgrammeChange::of_conference(row.id, row.programme_version, ChangeAction::Created);
    Ok((row, invited, change))
}

/// Writes a checked conference inside the caller's write transaction (an import creates the
/// conference and its programme in one).
pub async fn create_in(
    txn: &DatabaseTransaction,
    checked: Checked,
    now: DateTime<Utc>,
) -> AppResult<conference::Model> {
    let Checked { conference, venue_name } = checked;
    let taken =
        conference::Entity::find().filter(conference::Column::Slug.eq(conference.slug.as_str())).one(txn).await?;
    if taken.is_some() {
        return Err(slug_taken(&conference.slug));
    }
    for language in &conference.languages.0 {
        language_catalogue::ensure(txn, &language.tag, now).await?;
    }
    let slug = conference.slug.clone();
    let row = conference::ActiveModel {
        slug: Set(conference.slug),
        time_zone: Set(conference.time_zone),
        start_date: Set(conference.start_date),
        end_date: Set(conference.end_date),
        default_language: Set(conference.default_language),
        languages: Set(conference.languages),
        name: Set(conference.name),
        tagline: Set(conference.tagline),
        description: Set(conference.description),
        city: Set(conference.city),
        organiser: Set(conference.organiser),
        sample_notice: Set(conference.sample_notice),
        website: Set(conference.website),
        programme_version: Set(conference.programme_version),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    // Another writer took the slug between the check and the insert (PostgreSQL).
    .map_err(|e| if is_unique_violation(&e) { slug_taken(&slug) } else { AppError::from(e) })?;
    // The change log starts with the conference: a copy of any later version catches up from it.
    let created = ProgrammeChange::of_conference(row.id, row.programme_version, ChangeAction::Created);
    crate::service::editing::log_changes(txn, std::slice::from_ref(&created)).await?;
    venue::ActiveModel {
        conference_id: Set(row.id),
        name: Set(venue_name),
        address: Set(Translations::default()),
        description: Set(Translations::default()),
        arrival: Set(Translations::default()),
        map_url: Set(None),
        map_alt: Set(None),
        map_long_description: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(row)
}

fn slug_taken(slug: &str) -> AppError {
    AppError::conflict(format!("a conference already has the slug {slug}"))
}

fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(lang: &str, value: &str) -> TextInput {
        TextInput { lang: lang.into(), value: value.into() }
    }

    fn draft() -> Draft {
        Draft {
            slug: "amman-2026".into(),
            name: vec![t("ar", "المؤتمر العالمي"), t("en", "Global Conference")],
            time_zone: "Asia/Amman".into(),
            start: NaiveDate::from_ymd_opt(2026, 9, 8).unwrap(),
            end: NaiveDate::from_ymd_opt(2026, 9, 10).unwrap(),
            languages: vec!["ar".into(), "EN".into(), "ils".into()],
            default_language: None,
            required_languages: Some(vec!["ar".into(), "en".into()]),
            venue_name: None,
        }
    }

    fn field_of(result: AppResult<Checked>) -> String {
        match result {
            Err(AppError::BadUserInput { field, .. }) => field,
            other => panic!("expected bad input, got {other:?}"),
        }
    }

    #[test]
    fn a_good_draft_gives_the_rows_to_write() {
        let checked = check(draft(), Utc::now()).unwrap();
        let c = &checked.conference;
        assert_eq!(c.slug, "amman-2026");
        assert_eq!(c.time_zone, "Asia/Amman");
        assert_eq!(c.default_language, "ar", "the first language by default");
        let langs: Vec<(&str, bool)> = c.languages.0.iter().map(|l| (l.tag.as_str(), l.required)).collect();
        assert_eq!(langs, [("ar", true), ("en", true), ("ils", false)], "tags are made canonical");
        assert_eq!(c.name.get("ar"), Some("المؤتمر العالمي"));
        assert_eq!(checked.venue_name, c.name, "the venue is named after the conference");
        assert!(c.tagline.is_blank() && c.city.is_blank() && c.organiser.is_blank() && c.description.is_blank());
        assert_eq!(c.programme_version, 1);
    }

    #[test]
    fn only_the_default_language_is_required_by_default() {
        let d = Draft {
            default_language: Some("en".into()),
            required_languages: None,
            name: vec![t("en", "Global Conference")],
            venue_name: Some(vec![t("en", "Kempinski Hotel"), t("ar", "فندق كمبينسكي")]),
            ..draft()
        };
        let checked = check(d, Utc::now()).unwrap();
        let required: Vec<&str> =
            checked.conference.languages.0.iter().filter(|l| l.required).map(|l| l.tag.as_str()).collect();
        assert_eq!(required, ["en"]);
        assert_eq!(checked.conference.default_language, "en");
        assert_eq!(checked.venue_name.get("ar"), Some("فندق كمبينسكي"));
    }

    #[test]
    fn each_problem_names_its_field() {
        let date = |d| NaiveDate::from_ymd_opt(2026, 9, d).unwrap();
        let cases: Vec<(Draft, &str)> = vec![
            (Draft { slug: "Amman 2026".into(), ..draft() }, "slug"),
            (Draft { slug: String::new(), ..draft() }, "slug"),
            (Draft { time_zone: "Mars/Olympus".into(), ..draft() }, "timeZone"),
            (Draft { time_zone: "asia/amman".into(), ..draft() }, "timeZone"),
            (Draft { start: date(10), end: date(8), ..draft() }, "end"),
            (Draft { start: date(1), end: date(1) + chrono::Days::new(31), ..draft() }, "end"),
            (Draft { languages: vec![], ..draft() }, "languages"),
            (Draft { languages: vec!["ar".into(), "en!".into()], ..draft() }, "languages[1]"),
            (Draft { languages: vec!["ar".into(), "en".into(), "AR".into()], ..draft() }, "languages[2]"),
            (Draft { default_language: Some("fr".into()), ..draft() }, "defaultLanguage"),
            (Draft { required_languages: Some(vec!["ar".into(), "fr".into()]), ..draft() }, "requiredLanguages[1]"),
            (Draft { required_languages: Some(vec!["ar".into(), "ar".into()]), ..draft() }, "requiredLanguages[1]"),
            (Draft { required_languages: Some(vec![]), ..draft() }, "requiredLanguages"),
            (Draft { name: vec![t("ar", "المؤتمر")], ..draft() }, "name"),
            (Draft { name: vec![], ..draft() }, "name"),
            (Draft { name: vec![t("ar", "المؤتمر"), t("en", " ")], ..draft() }, "name[1].value"),
            (Draft { name: vec![t("ar", "المؤتمر"), t("en", "X"), t("de", "Y")], ..draft() }, "name[2].lang"),
            (Draft { venue_name: Some(vec![t("en", "Hall")]), ..draft() }, "venueName"),
        ];
        for (d, expected) in cases {
            assert_eq!(field_of(check(d.clone(), Utc::now())), expected, "{d:?}");
        }
    }

    #[test]
    fn an_unknown_zone_is_explained() {
        let result = check(Draft { time_zone: "Mars/Olympus".into(), ..draft() }, Utc::now());
        assert_eq!(
            result,
            Err(AppError::bad_input("timeZone", "'Mars/Olympus' is not an IANA time zone such as Asia/Amman"))
        );
        let month = Draft {
            start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            ..draft()
        };
        assert!(check(month, Utc::now()).is_ok(), "31 days is the most");
    }
}
