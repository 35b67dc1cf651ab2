//! English. Short, plain sentences that read well aloud: a screen reader speaks every word.

use sanad_schema::entities::enums::{DocumentFormat, Fact, SessionKind, SessionStatus, SpeakerRole};

use super::{Msg, Words};

pub(super) static WORDS: Words = Words { text, fact, kind, status, role, format };

fn text(message: Msg) -> &'static str {
    use Msg::*;
    match message {
        AppName => "Conference companion",
        SkipToContent => "Skip to main content",
        LanguageMenu => "Language",
        MainMenu => "Main menu",
        NavProgramme => "Programme",
        NavAgenda => "My agenda",
        NavGlossary => "Acronyms",
        NavSignIn => "Sign in",
        SignOut => "Sign out",
        SignedInAs => "Signed in as",
        ErrorSummaryTitle => "There is a problem",
        NotYetTranslated => "Not yet translated. Shown in",
        SignInTitle => "Sign in",
        SignInIntro => {
            "Sign in with the invitation code you received from the organisers. You can read the programme without signing in."
        }
        CodeLabel => "Invitation code",
        CodeHint => "For example ABCD-EFGH-JKLM. Capital letters, spaces and dashes do not matter.",
        SignInButton => "Sign in",
        CodeMissing => "Enter your invitation code",
        CodeWrong => "This code does not work. Check it, or ask the help desk for a new one.",
        TooManyAttempts => "Too many attempts. Wait a minute, then try again.",
        FormExpired => "This form had expired, so nothing was done. Send it again.",
        SignedOut => "You are signed out.",
        SignedIn => "You are signed in.",
        NotFoundTitle => "Page not found",
        NotFoundBody => "This session or page does not exist. It may have been removed from the programme.",
        BusyTitle => "The server is busy",
        BusyBody => "Nothing was changed. Wait a few seconds, then try again.",
        BrokenTitle => "Something went wrong",
        BrokenBody => "Nothing was changed. Try again; if it happens again, tell the help desk this reference:",
        SignInFirstTitle => "Sign in first",
        SignInFirstBody => "Your agenda is kept for you when you are signed in.",
        ProgrammeTitle => "Programme",
        NowHeading => "Happening now",
        NextHeading => "Up next",
        DaysNav => "Conference days",
        AllDays => "All days",
        FiltersHeading => "Find sessions",
        FilterText => "Words to look for",
        FilterTextHint => "A title, a speaker, a room or a topic. Spelling mistakes are forgiven.",
        FilterSign => "With sign-language interpretation",
        FilterInto => "Interpreted into",
        AnyLanguage => "Any language",
        FilterStepFree => "In a step-free room",
        FilterCaptions => "With live captions",
        AccessLegend => "Access and languages",
        ApplyFilters => "Show sessions",
        ClearFilters => "Clear filters",
        SessionsFound => "Sessions found:",
        NoSessions => "No session matches. Try fewer filters, or another day.",
        TextTooLong => "Use fewer words: at most 16 words and 200 characters.",
        Room => "Room",
        NoRoom => "Room not announced yet",
        StepFree => "Step-free access",
        SignLanguage => "Sign language",
        Interpretation => "Interpretation into",
        Captions => "Live captions",
        InYourAgenda => "In your agenda",
        BackToProgramme => "Back to the programme",
        When => "When",
        Where => "Where",
        Floor => "Floor",
        Capacity => "Seats",
        WheelchairSpaces => "Wheelchair spaces",
        HearingLoop => "Hearing loop",
        StageAccess => "Step-free access to the stage",
        OnArrival => "On arrival",
        NearestToilet => "Nearest accessible toilet",
        Languages => "Languages",
        FloorLanguages => "Spoken in",
        Channel => "channel",
        FollowCaptions => "Follow the live captions",
        AboutSession => "About this session",
        PlainSummary => "In plain words",
        ContentNote => "Content note",
        Speakers => "Speakers",
        SayItAs => "Say it:",
        Documents => "Documents",
        Changes => "Changes",
        CalendarFile => "Add to your phone's calendar (.ics file)",
        AddToAgenda => "Add to my agenda",
        RemoveFromAgenda => "Remove from my agenda",
        SignInToAdd => "Sign in to keep your own agenda.",
        Added => "Added to your agenda.",
        Removed => "Removed from your agenda.",
        Acronyms => "Acronyms in this session",
        Track => "Track",
        AgendaTitle => "My agenda",
        AgendaIntro => "The sessions you chose, day by day, with anything that needs your attention first.",
        AgendaEmpty => "Your agenda is empty. Open a session in the programme and add it.",
        ClashesHeading => "Needs your attention",
        NoClashes => "No clashes: you have time to get from each session to the next.",
        ClashTag => "Clashes with another session in your agenda",
        ClashBetween => "Between",
        CalendarFeed => "Your calendar feed",
        CalendarFeedHint => {
            "Subscribe to this address in your calendar app to see your agenda there. It is private: do not share it."
        }
        GlossaryTitle => "Acronyms",
        GlossaryIntro => "The acronyms and terms used in the programme, what they stand for and how to say them.",
        SaidAs => "Said as",
    }
}

fn fact(fact: Fact) -> &'static str {
    match fact {
        Fact::Yes => "Yes",
        Fact::No => "No",
        Fact::Unknown => "Not known yet",
    }
}

fn kind(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Plenary => "Plenary",
        SessionKind::Panel => "Panel",
        SessionKind::Talk => "Talk",
        SessionKind::Workshop => "Workshop",
        SessionKind::SideEvent => "Side event",
        SessionKind::Break => "Break",
        SessionKind::Reception => "Reception",
        SessionKind::Other => "Session",
    }
}

fn status(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Scheduled => "As planned",
        SessionStatus::Moved => "Moved",
        SessionStatus::Cancelled => "Cancelled",
    }
}

fn role(role: SpeakerRole) -> &'static str {
    match role {
        SpeakerRole::Chair => "Chair",
        SpeakerRole::Moderator => "Moderator",
        SpeakerRole::Keynote => "Keynote speaker",
        SpeakerRole::Panellist => "Panellist",
        SpeakerRole::Speaker => "Speaker",
        SpeakerRole::Rapporteur => "Rapporteur",
        SpeakerRole::Host => "Host",
    }
}

fn format(format: DocumentFormat) -> &'static str {
    match format {
        DocumentFormat::TaggedPdf => "Accessible PDF",
        DocumentFormat::Docx => "Word document",
        DocumentFormat::Html => "Web page",
        DocumentFormat::Epub => "EPUB e-book",
        DocumentFormat::Brf => "Braille-ready file (BRF)",
        DocumentFormat::LargePrint => "Large print",
        DocumentFormat::EasyRead => "Easy read",
    }
}
