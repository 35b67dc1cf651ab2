//! The desk's own words in the four interface languages (en, fr, ar, es). Everything the
//! conference wrote (service names, session titles, a delegate's details) comes from the API
//! in its own language; these are only the words around it.
//!
//! One closed enum of messages and one file per language, each an exhaustive `match`: a
//! message added without its translation in every language does not compile.

mod ar;
mod en;
mod es;
mod fr;

use sanad_schema::entities::enums::ItemStatus;

use super::views::Val;
use sanad_schema::service::accommodation::ActorRole;

pub use crate::web::lang::UiLang;

/// Every sentence and label of the desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    // Frame of every page
    DeskName,
    SkipToContent,
    LanguageMenu,
    SignOut,
    SignedInAs,
    ErrorSummaryTitle,
    SuccessTitle,
    // Signing in
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
    // Refusals
    NotForYouTitle,
    NotForYouBody,
    /// The link from that page to the delegates' own requests in the app.
    GoToMyRequests,
    NotFoundTitle,
    NotFoundBody,
    BusyTitle,
    BusyBody,
    BrokenTitle,
    BrokenBody,
    // The queue
    QueueTitle,
    FiltersHeading,
    FilterStatus,
    FilterService,
    FilterLateness,
    LatenessAny,
    LatenessLate,
    LatenessOnTime,
    FilterDay,
    AllDays,
    FilterSession,
    RequestsForSession,
    FilterMine,
    ApplyFilters,
    ClearFilters,
    ItemsMatching,
    /// Said in the live region when the queue changes under an open page.
    QueueUpdated,
    QueueCaption,
    ColService,
    ColDelegate,
    ColStatus,
    ColCutoff,
    ColConcerns,
    ColAssignee,
    Late,
    NoItems,
    NextPage,
    FirstPage,
    Nobody,
    // An item
    BackToQueue,
    /// The item page's title: no need or name in a title, which lands in history and tabs.
    ItemTitle,
    ItemSummary,
    Delegate,
    Status,
    Cutoff,
    LateExplained,
    Days,
    Sessions,
    Assignee,
    BookingReference,
    NeedHeading,
    NoDetails,
    DetailsDeleted,
    // The character count under a limited field (GOV.UK's pattern)
    CountAllowed,
    CountLeft,
    CountOver,
    ShownInLanguage,
    HistoryHeading,
    HistoryCaption,
    ColWhen,
    ColFrom,
    ColTo,
    ColWho,
    ColReason,
    Submitted,
    MessagesHeading,
    InternalNote,
    NoMessages,
    MessageDeleted,
    ViewedHeading,
    ViewedNobody,
    UnknownPerson,
    // Acting on an item
    MoveHeading,
    MoveTo,
    ClosedItem,
    Reason,
    ReasonHint,
    ReasonMissing,
    BookingHint,
    BookingMissing,
    ChooseStatus,
    MoveButton,
    Moved,
    Conflict,
    AssignHeading,
    AssignToMe,
    Unassign,
    Assigned,
    Unassigned,
    MessageHeading,
    MessageLabel,
    MessageHint,
    InternalLabel,
    SendButton,
    MessageMissing,
    MessageTooLong,
    MessageSent,
    NoteSaved,
    // Organisers' planning view
    PlanningTitle,
    PlanningIntro,
    PlanningByDay,
    PlanningByDayCaption,
    PlanningBySession,
    PlanningBySessionCaption,
    ColDay,
    ColSession,
    ColNeeds,
    ColSeating,
    SeatingFits,
    SeatingShort,
    SeatingUnknown,
    NoNeeds,
    // Organisers' announcements
    AnnounceLink,
    AnnounceTitle,
    AnnounceIntro,
    SeverityLegend,
    SeverityInfo,
    SeverityChange,
    SeverityUrgent,
    SeverityEmergency,
    SeverityMissing,
    RequiredLanguage,
    OptionalLanguage,
    FieldTitle,
    TitleHint,
    FieldWhatChanged,
    FieldWhatToDo,
    EnterText,
    PublishButton,
    Published,
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

    /// A message.
    pub fn t(&self, message: Msg) -> &'static str {
        match self.0 {
            UiLang::En => en::text(message),
            UiLang::Fr => fr::text(message),
            UiLang::Ar => ar::text(message),
            UiLang::Es => es::text(message),
        }
    }

    /// An item status as words ("In review"), never as the enum value.
    pub fn status(&self, status: impl Val<ItemStatus>) -> &'static str {
        let status = status.val();
        match self.0 {
            UiLang::En => en::status(status),
            UiLang::Fr => fr::status(status),
            UiLang::Ar => ar::status(status),
            UiLang::Es => es::status(status),
        }
    }

    /// Who acted, as words.
    pub fn actor(&self, actor: impl Val<ActorRole>) -> &'static str {
        let actor = actor.val();
        match self.0 {
            UiLang::En => en::actor(actor),
            UiLang::Fr => fr::actor(actor),
            UiLang::Ar => ar::actor(actor),
            UiLang::Es => es::actor(actor),
        }
    }

    /// The button that makes a move ("Approve"), which says what it does.
    pub fn move_to(&self, status: impl Val<ItemStatus>) -> &'static str {
        let status = status.val();
        match self.0 {
            UiLang::En => en::move_to(status),
            UiLang::Fr => fr::move_to(status),
            UiLang::Ar => ar::move_to(status),
            UiLang::Es => es::move_to(status),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_own_words() {
        // A language file copied from English and never translated would pass the compiler.
        for lang in [UiLang::Fr, UiLang::Ar, UiLang::Es] {
            let (tr, en) = (Tr(lang), Tr(UiLang::En));
            for message in [Msg::SignInTitle, Msg::QueueTitle, Msg::MoveButton, Msg::Conflict, Msg::PlanningTitle] {
                assert_ne!(tr.t(message), en.t(message), "{lang:?} {message:?}");
            }
            assert_ne!(tr.status(ItemStatus::InReview), en.status(ItemStatus::InReview), "{lang:?}");
        }
    }
}
