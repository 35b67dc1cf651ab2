//! The delegates' app's own words in the four interface languages (en, fr, ar, es).
//! Everything the conference wrote (titles, rooms, names, directions) comes from the API in
//! its own language, with its `lang` and `dir`; these are only the words around it.
//!
//! One closed enum of messages and one file per language, each an exhaustive `match`: a
//! message added without its translation in every language does not compile.

mod ar;
mod en;
mod es;
mod fr;

use sanad_schema::entities::enums::{
    ActorRole, DocumentFormat, Fact, ItemStatus, SessionKind, SessionStatus, Severity, SpeakerRole,
};

use crate::web::lang::UiLang;
use crate::web::view::Val;

/// Every sentence and label of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    // Frame of every page
    AppName,
    SkipToContent,
    LanguageMenu,
    MainMenu,
    NavProgramme,
    NavAgenda,
    NavGlossary,
    NavSignIn,
    SignOut,
    SignedInAs,
    ErrorSummaryTitle,
    /// Before the name of the language a text is really in, when it is not yours.
    NotYetTranslated,
    // Signing in and out
    SignInTitle,
    SignInIntro,
    CodeLabel,
    CodeHint,
    SignInButton,
    CodeMissing,
    CodeWrong,
    TooManyAttempts,
    FormExpired,
    SignedOut,
    SignedIn,
    // Refusals
    NotFoundTitle,
    NotFoundBody,
    BusyTitle,
    BusyBody,
    BrokenTitle,
    BrokenBody,
    SignInFirstTitle,
    SignInFirstBody,
    // The programme
    ProgrammeTitle,
    NowHeading,
    NextHeading,
    DaysNav,
    AllDays,
    FiltersHeading,
    FilterText,
    FilterTextHint,
    FilterSign,
    FilterInto,
    AnyLanguage,
    FilterStepFree,
    FilterCaptions,
    AccessLegend,
    ApplyFilters,
    ClearFilters,
    SessionsFound,
    NoSessions,
    TextTooLong,
    // A session in a list or on its page
    Room,
    NoRoom,
    StepFree,
    SignLanguage,
    Interpretation,
    Captions,
    InYourAgenda,
    // A session's page
    BackToProgramme,
    When,
    Where,
    Floor,
    Capacity,
    WheelchairSpaces,
    HearingLoop,
    StageAccess,
    OnArrival,
    NearestToilet,
    Languages,
    FloorLanguages,
    Channel,
    FollowCaptions,
    AboutSession,
    PlainSummary,
    ContentNote,
    Speakers,
    SayItAs,
    Documents,
    Changes,
    CalendarFile,
    AddToAgenda,
    RemoveFromAgenda,
    SignInToAdd,
    Added,
    Removed,
    Acronyms,
    Track,
    // My agenda
    AgendaTitle,
    AgendaIntro,
    AgendaEmpty,
    ClashesHeading,
    NoClashes,
    /// Beside a session of the agenda that one of the clashes names.
    ClashTag,
    /// Before the two sessions of a clash.
    ClashBetween,
    CalendarFeed,
    CalendarFeedHint,
    // My requests
    NavRequests,
    RequestsTitle,
    RequestsIntro,
    ConsentHeading,
    ConsentAgree,
    Consented,
    NewRequest,
    NoRequests,
    WholeConference,
    DueBy,
    LateMark,
    LateHint,
    RequestSent,
    ServiceLegend,
    ServiceMissing,
    DetailsLabel,
    DetailsHint,
    DetailsMissing,
    DetailsTooLong,
    DetailsLangLabel,
    SessionsLegend,
    SessionsHint,
    DaysLegend,
    SendRequest,
    /// The title of an item's page: no need or service in a title, which lands in history and tabs.
    ItemTitle,
    StatusLabel,
    BookingReference,
    YourDetails,
    HistoryHeading,
    MessagesHeading,
    NoMessages,
    MessageLabel,
    MessageHint,
    SendMessage,
    MessageMissing,
    MessageTooLong,
    MessageSent,
    ActionsHeading,
    ReasonLabel,
    ReasonMissing,
    ItemMoved,
    Conflict,
    BackToRequests,
    Why,
    AskForSession,
    // Settings and my data
    NavSettings,
    SettingsTitle,
    LanguagesHeading,
    FirstLanguage,
    SecondLanguage,
    NoSecondLanguage,
    LanguagesHint,
    AccessHeading,
    ScreenReaderPref,
    CaptionsPref,
    LargeTextPref,
    StepFreeOnlyPref,
    ExtraMinutes,
    ExtraMinutesHint,
    ExtraMinutesInvalid,
    NotificationsHeading,
    SessionRemindersPref,
    ReminderMinutes,
    ReminderMinutesHint,
    ReminderMinutesInvalid,
    AgendaChangesPref,
    AnnouncementsPref,
    RequestUpdatesPref,
    SaveSettings,
    SettingsSaved,
    DevicesHeading,
    NoDevices,
    DeviceRefused,
    RegisteredOn,
    RemoveDevice,
    DeviceRemoved,
    TurnOnPush,
    PushHint,
    PushOn,
    PushBlocked,
    PushFailed,
    ThisPhone,
    MyDataHeading,
    ExportData,
    DeleteData,
    DeleteIntro,
    DeleteConfirm,
    DeleteConfirmMissing,
    DataDeleted,
    // Announcements
    AnnouncementsHeading,
    AllAnnouncements,
    NoAnnouncements,
    WhatToDo,
    AboutTheSession,
    SeverityInfo,
    SeverityChange,
    SeverityUrgent,
    SeverityEmergency,
    // Glossary
    GlossaryTitle,
    GlossaryIntro,
    SaidAs,
}

/// The words of one interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tr(pub UiLang);

impl Tr {
    pub fn lang(&self) -> &'static str {
        self.0.tag()
    }

    pub fn dir(&self) -> &'static str {
        self.0.dir()
    }

    fn words(&self) -> &'static Words {
        match self.0 {
            UiLang::En => &en::WORDS,
            UiLang::Fr => &fr::WORDS,
            UiLang::Ar => &ar::WORDS,
            UiLang::Es => &es::WORDS,
        }
    }

    /// Between the items of a list said on one line: Arabic has its own semicolon.
    pub fn semicolon(&self) -> &'static str {
        if self.0 == UiLang::Ar { "؛ " } else { "; " }
    }

    /// A message.
    pub fn t(&self, message: Msg) -> &'static str {
        (self.words().text)(message)
    }

    /// A fact about access as words: "Not known yet" is never shown as "No" (DESIGN §4).
    pub fn fact(&self, fact: impl Val<Fact>) -> &'static str {
        (self.words().fact)(fact.val())
    }

    /// The kind of a session ("Panel").
    pub fn kind(&self, kind: impl Val<SessionKind>) -> &'static str {
        (self.words().kind)(kind.val())
    }

    /// A session's status, said only when it is not as planned ("Moved", "Cancelled").
    pub fn status(&self, status: impl Val<SessionStatus>) -> &'static str {
        (self.words().status)(status.val())
    }

    /// What a speaker does in a session ("Moderator").
    pub fn role(&self, role: impl Val<SpeakerRole>) -> &'static str {
        (self.words().role)(role.val())
    }

    /// A document's format as its readers know it ("Braille-ready file (BRF)").
    pub fn format(&self, format: impl Val<DocumentFormat>) -> &'static str {
        (self.words().format)(format.val())
    }

    /// How urgent an announcement is, as words ("Emergency").
    pub fn severity(&self, severity: impl Val<Severity>) -> &'static str {
        self.t(match severity.val() {
            Severity::Info => Msg::SeverityInfo,
            Severity::Change => Msg::SeverityChange,
            Severity::Urgent => Msg::SeverityUrgent,
            Severity::Emergency => Msg::SeverityEmergency,
        })
    }

    /// An item's status as the delegate needs to hear it ("The desk needs more information
    /// from you"), never the enum value.
    pub fn item_status(&self, status: impl Val<ItemStatus>) -> &'static str {
        (self.words().item_status)(status.val())
    }

    /// Who acted on an item, from the delegate's side ("You", "The accessibility desk").
    pub fn actor(&self, actor: impl Val<ActorRole>) -> &'static str {
        (self.words().actor)(actor.val())
    }

    /// The button for a move the delegate may make ("Withdraw this request").
    pub fn move_to(&self, status: impl Val<ItemStatus>) -> &'static str {
        (self.words().move_to)(status.val())
    }
}

/// One language's words: each field is an exhaustive `match` in that language's file.
pub(super) struct Words {
    text: fn(Msg) -> &'static str,
    fact: fn(Fact) -> &'static str,
    kind: fn(SessionKind) -> &'static str,
    status: fn(SessionStatus) -> &'static str,
    role: fn(SpeakerRole) -> &'static str,
    format: fn(DocumentFormat) -> &'static str,
    item_status: fn(ItemStatus) -> &'static str,
    actor: fn(ActorRole) -> &'static str,
    move_to: fn(ItemStatus) -> &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_own_words() {
        // A language file copied from English and never translated would pass the compiler.
        for lang in [UiLang::Fr, UiLang::Ar, UiLang::Es] {
            let (tr, en) = (Tr(lang), Tr(UiLang::En));
            for message in
                [Msg::ProgrammeTitle, Msg::AgendaTitle, Msg::AddToAgenda, Msg::NotYetTranslated, Msg::StepFree]
            {
                assert_ne!(tr.t(message), en.t(message), "{lang:?} {message:?}");
            }
            assert_ne!(tr.fact(Fact::Unknown), en.fact(Fact::Unknown), "{lang:?}");
            assert_ne!(tr.format(DocumentFormat::Brf), en.format(DocumentFormat::Brf), "{lang:?}");
            assert_ne!(tr.item_status(ItemStatus::NeedsInfo), en.item_status(ItemStatus::NeedsInfo), "{lang:?}");
            assert_ne!(tr.move_to(ItemStatus::Withdrawn), en.move_to(ItemStatus::Withdrawn), "{lang:?}");
            assert_ne!(tr.t(Msg::RequestsIntro), en.t(Msg::RequestsIntro), "{lang:?}");
            assert_ne!(tr.t(Msg::DeleteIntro), en.t(Msg::DeleteIntro), "{lang:?}");
        }
    }

    #[test]
    fn unknown_is_never_said_as_no() {
        for lang in UiLang::ALL {
            let tr = Tr(lang);
            assert_ne!(tr.fact(Fact::Unknown), tr.fact(Fact::No), "{lang:?}");
            assert_ne!(tr.fact(Fact::Yes), tr.fact(Fact::No), "{lang:?}");
        }
    }
}
