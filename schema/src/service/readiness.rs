//! The accessibility readiness report of a loaded programme (`sanad check`): what a blind,
//! deaf or wheelchair-using delegate would miss if the conference opened now.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::enums::{Fact, PlaceKind, SessionKind};
use crate::entities::texts::Translations;
use crate::entities::{
    announcement, conference, document, glossary_entry, place, room, route, session, speaker, track, venue,
};
use crate::service::directions::{Spot, VenueGraph};

/// One gap found in the programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What kind of gap: stable words a script can group by.
    pub check: Check,
    /// What it is about, as an organiser would find it ("session opening-plenary").
    pub subject: String,
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Check {
    ImageWithoutAlt,
    MissingTranslation,
    SessionWithoutRoom,
    StepFreeAccessUnknown,
    SpeakerWithoutPronunciation,
    AcronymWithoutGlossaryEntry,
    NoStepFreeEntrance,
    NotReachableStepFree,
    RouteWithoutSteps,
    RouteWithoutWayBack,
}

impl Check {
    pub fn label(self) -> &'static str {
        match self {
            Self::ImageWithoutAlt => "image without alt text",
            Self::MissingTranslation => "text missing in a conference language",
            Self::SessionWithoutRoom => "session without room",
            Self::StepFreeAccessUnknown => "room or place with unknown step-free access",
            Self::SpeakerWithoutPronunciation => "speaker without pronunciation",
            Self::AcronymWithoutGlossaryEntry => "acronym in a title without a glossary entry",
            Self::NoStepFreeEntrance => "venue without an entrance known to be step-free",
            Self::NotReachableStepFree => "room not marked as having steps that no step-free way reaches",
            Self::RouteWithoutSteps => "route without steps",
            Self::RouteWithoutWayBack => "route walked back without directions written for the way back",
        }
    }
}

/// The report for one conference.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub conference: String,
    pub sessions: usize,
    pub findings: Vec<Finding>,
}

struct Collector {
    required: Vec<String>,
    findings: Vec<Finding>,
}

impl Collector {
    fn add(&mut self, check: Check, subject: impl Into<String>, detail: impl Into<String>) {
        self.findings.push(Finding { check, subject: subject.into(), detail: detail.into() });
    }

    /// Reports each required language a text lacks.
    fn texts(&mut self, subject: &str, field: &str, texts: Option<&Translations>) {
        let Some(texts) = texts else { return };
        let missing: Vec<&str> = self
            .required
            .iter()
            .filter(|lang| texts.get(lang).is_none_or(|v| v.trim().is_empty()))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            self.add(Check::MissingTranslation, subject, format!("{field} has no {}", missing.join(", ")));
        }
    }
}

/// Words that read as acronyms: two or more capital Latin letters (digits may follow).
pub fn acronyms(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|word| {
        let letters = word.chars().take_while(char::is_ascii_alphabetic).count();
        letters >= 2
            && word.chars().take(letters).all(|c| c.is_ascii_uppercase())
            && word.chars().skip(letters).all(|c| c.is_ascii_digit())
    })
}

/// Builds the report of every conference in the database.
pub async fn check_all(db: &DatabaseConnection) -> Result<Vec<Report>, sea_orm::DbErr> {
    let mut reports = Vec::new();
    for conf in conference::Entity::find().order_by_asc(conference::Column::Id).all(db).await? {
        reports.push(check(db, &conf).await?);
    }
    Ok(reports)
}

pub async fn check(db: &DatabaseConnection, conf: &conference::Model) -> Result<Report, sea_orm::DbErr> {
    let required = conf.languages.0.iter().filter(|l| l.required).map(|l| l.tag.clone()).collect();
    let mut out = Collector { required, findings: Vec::new() };
    let subject = format!("conference {}", conf.slug);
    for (field, texts) in [
        ("name", Some(&conf.name)),
        ("tagline", Some(&conf.tagline)),
        ("description", Some(&conf.description)),
        ("city", Some(&conf.city)),
        ("organiser", Some(&conf.organiser)),
        ("sampleNotice", conf.sample_notice.as_ref()),
    ] {
        out.texts(&subject, field, texts);
    }

    let venues = venue::Entity::find().filter(venue::Column::ConferenceId.eq(conf.id)).all(db).await?;
    let venue_ids: Vec<i64> = venues.iter().map(|v| v.id).collect();
    for v in &venues {
        for (field, texts) in
            [("name", &v.name), ("address", &v.address), ("description", &v.description), ("arrival", &v.arrival)]
        {
            out.texts("venue", field, Some(texts));
        }
        if v.map_url.is_some() {
            match (&v.map_alt, &v.map_long_description) {
                (Some(alt), Some(long)) => {
                    out.texts("venue map", "alt", Some(alt));
                    out.texts("venue map", "longDescription", Some(long));
                }
                _ => out.add(Check::ImageWithoutAlt, "venue map", "a map needs alt text and a long description"),
            }
        }
    }
    let places = place::Entity::find().filter(place::Column::VenueId.is_in(venue_ids.clone())).all(db).await?;
    let rooms = room::Entity::find().filter(room::Column::VenueId.is_in(venue_ids.clone())).all(db).await?;
    for p in &places {
        let subject = format!("place {}", p.slug);
        out.texts(&subject, "name", Some(&p.name));
        out.texts(&subject, "description", Some(&p.description));
        out.texts(&subject, "openingHours", p.opening_hours.as_ref());
        if p.step_free == Fact::Unknown {
            out.add(Check::StepFreeAccessUnknown, &subject, "nobody has checked whether it is step-free");
        }
    }
    for r in &rooms {
        let subject = format!("room {}", r.slug);
        out.texts(&subject, "name", Some(&r.name));
        out.texts(&subject, "layout", r.layout.as_ref());
        if r.step_free == Fact::Unknown {
            out.add(Check::StepFreeAccessUnknown, &subject, "nobody has checked whether it is step-free");
        }
    }
    let routes = route::Entity::find()
        .filter(route::Column::VenueId.is_in(venue_ids))
        .order_by_asc(route::Column::Id)
        .all(db)
        .await?;
    let slug = |spot: Spot| -> String {
        match spot {
            Spot::Room(id) => rooms.iter().find(|r| r.id == id).map(|r| r.slug.clone()),
            Spot::Place(id) => places.iter().find(|p| p.id == id).map(|p| p.slug.clone()),
        }
        .unwrap_or_else(|| "?".to_owned())
    };
    let written: HashSet<(Spot, Spot)> = routes.iter().filter_map(Spot::ends).collect();
    for r in &routes {
        let Some((from, to)) = Spot::ends(r) else { continue };
        let subject = format!("route {} to {}", slug(from), slug(to));
        if r.steps.0.is_empty() {
            out.add(Check::RouteWithoutSteps, &subject, "a route needs its directions, one step per decision point");
        }
        for (j, step) in r.steps.0.iter().enumerate() {
            out.texts(&subject, &format!("step {}", j + 1), Some(step));
        }
        if !r.one_way && !written.contains(&(to, from)) {
            out.add(
                Check::RouteWithoutWayBack,
                &subject,
                format!(
                    "directions may walk it back: write the route from {} to {} (or mark it one-way)",
                    slug(to),
                    slug(from)
                ),
            );
        }
    }
    // Every room should be reachable without a step from an entrance that has none.
    let graph = VenueGraph::new(&routes);
    let entrances: Vec<Spot> = places
        .iter()
        .filter(|p| p.kind == PlaceKind::Entrance && p.step_free == Fact::Yes)
        .map(|p| Spot::Place(p.id))
        .collect();
    // A room marked as having steps is known not to be step-free: only the others are gaps.
    let room_spots: Vec<Spot> = rooms.iter().filter(|r| r.step_free != Fact::No).map(|r| Spot::Room(r.id)).collect();
    if entrances.is_empty() && !venues.is_empty() {
        let detail = "no entrance is listed as step-free, so directions cannot lead a wheelchair user to any room";
        out.add(Check::NoStepFreeEntrance, "venue", detail);
    } else {
        for spot in graph.unreachable_step_free(&entrances, &room_spots) {
            let detail = "no way known to be step-free leads to it from a step-free entrance";
            out.add(Check::NotReachableStepFree, format!("room {}", slug(spot)), detail);
        }
    }
    for t in track::Entity::find().filter(track::Column::ConferenceId.eq(conf.id)).all(db).await? {
        let subject = format!("track {}", t.slug);
        out.texts(&subject, "name", Some(&t.name));
        out.texts(&subject, "description", t.description.as_ref());
    }
    for s in speaker::Entity::find().filter(speaker::Column::ConferenceId.eq(conf.id)).all(db).await? {
        let subject = format!("speaker {}", s.slug);
        for (field, texts) in [
            ("pronunciationHint", &s.pronunciation_hint),
            ("honorific", &s.honorific),
            ("affiliation", &s.affiliation),
            ("jobTitle", &s.job_title),
            ("bio", &s.bio),
        ] {
            out.texts(&subject, field, texts.as_ref());
        }
        if s.pronunciation_ipa.is_none() && s.pronunciation_hint.is_none() {
            out.add(Check::SpeakerWithoutPronunciation, &subject, "no IPA and no pronunciation hint");
        }
        if s.photo_url.is_some() && !s.photo_decorative {
            match &s.photo_alt {
                Some(alt) => out.texts(&subject, "photo alt", Some(alt)),
                None => out.add(Check::ImageWithoutAlt, &subject, "photo has no alt text and is not marked decorative"),
            }
        }
    }
    let glossary =
        glossary_entry::Entity::find().filter(glossary_entry::Column::ConferenceId.eq(conf.id)).all(db).await?;
    for g in &glossary {
        let subject = format!("glossary {}", g.term);
        out.texts(&subject, "expansion", Some(&g.expansion));
        out.texts(&subject, "spokenAs", g.spoken_as.as_ref());
        out.texts(&subject, "definition", g.definition.as_ref());
    }
    let terms: HashSet<&str> = glossary.iter().map(|g| g.term.as_str()).collect();
    let sessions = session::Entity::find()
        .filter(session::Column::ConferenceId.eq(conf.id))
        .order_by_asc(session::Column::StartsAt)
        .all(db)
        .await?;
    for s in &sessions {
        let subject = format!("session {}", s.slug);
        out.texts(&subject, "title", Some(&s.title));
        for (field, texts) in
            [("summary", &s.summary), ("plainSummary", &s.plain_summary), ("contentNote", &s.content_note)]
        {
            out.texts(&subject, field, texts.as_ref());
        }
        if s.room_id.is_none() && s.kind != SessionKind::Other {
            out.add(Check::SessionWithoutRoom, &subject, "delegates cannot find it");
        }
        let mut unknown: Vec<&str> =
            s.title.0.values().flat_map(|t| acronyms(t)).filter(|a| !terms.contains(a)).collect();
        unknown.sort_unstable();
        unknown.dedup();
        if !unknown.is_empty() {
            out.add(Check::AcronymWithoutGlossaryEntry, &subject, unknown.join(", "));
        }
    }
    for d in document::Entity::find().filter(document::Column::ConferenceId.eq(conf.id)).all(db).await? {
        let subject = format!("document {}", d.slug);
        out.texts(&subject, "title", Some(&d.title));
        out.texts(&subject, "description", d.description.as_ref());
    }
    for a in announcement::Entity::find().filter(announcement::Column::ConferenceId.eq(conf.id)).all(db).await? {
        let subject = format!("announcement {}", a.slug);
        for (field, texts) in [("title", &a.title), ("whatChanged", &a.what_changed), ("whatToDo", &a.what_to_do)] {
            out.texts(&subject, field, Some(texts));
        }
    }
    out.findings.sort_by(|a, b| a.check.cmp(&b.check).then_with(|| a.subject.cmp(&b.subject)));
    Ok(Report { conference: conf.slug.clone(), sessions: sessions.len(), findings: out.findings })
}

#[cfg(test)]
mod tests {
    use super::acronyms;

    #[test]
    fn finds_acronyms_but_not_words() {
        let found: Vec<&str> = acronyms("The CRPD and SDG16 in Victim Assistance (APMBC), a UN view; Ok").collect();
        assert_eq!(found, ["CRPD", "SDG16", "APMBC", "UN"]);
        assert_eq!(acronyms("Ouverture, l'ONU et la CDPH").collect::<Vec<_>>(), ["ONU", "CDPH"]);
        assert_eq!(acronyms("A day in Amman").count(), 0);
    }
}
