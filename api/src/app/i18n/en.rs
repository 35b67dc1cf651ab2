//! English. Short, plain sentences that read well aloud: a screen reader speaks every word.

use sanad_schema::entities::enums::{
    ActorRole, DocumentFormat, Fact, ItemStatus, SessionKind, SessionStatus, SpeakerRole,
};

use super::{Msg, Words};

pub(super) static WORDS: Words = Words { text, fact, kind, status, role, format, item_status, actor, move_to };

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
        NavRequests => "My requests",
        RequestsTitle => "My requests",
        RequestsIntro => {
            "Ask the accessibility desk for what you need to take part: interpretation, captions, documents in braille or large print, help to move around, and more. Say what you need; you never have to give a diagnosis."
        }
        ConsentHeading => "Before your first request",
        ConsentAgree => "I agree",
        Consented => "Thank you. You can now send requests.",
        NewRequest => "Ask for an accommodation",
        NoRequests => "You have not asked for anything yet.",
        WholeConference => "The whole conference",
        DueBy => "Ask by",
        LateMark => "Sent after the cut-off: the desk will do its best.",
        LateHint => "The cut-off has passed: the desk will still do its best.",
        RequestSent => "Your request was sent. The desk will answer here.",
        ServiceLegend => "What do you need?",
        ServiceMissing => "Choose what you need",
        DetailsLabel => "Tell the desk more",
        DetailsHint => {
            "For example the sign language, the document, or the help you need. Only the accessibility desk reads it."
        }
        DetailsMissing => "Say what you need",
        DetailsTooLong => "Write at most 4,000 characters",
        DetailsLangLabel => "Language of what you wrote",
        SessionsLegend => "Which sessions?",
        SessionsHint => {
            "Choose none if you need it for the whole conference. Sessions you add to your agenda appear here."
        }
        DaysLegend => "Which days?",
        SendRequest => "Send the request",
        ItemTitle => "Your request",
        StatusLabel => "Status",
        BookingReference => "Booking reference",
        YourDetails => "What you wrote",
        HistoryHeading => "What happened",
        MessagesHeading => "Messages with the accessibility desk",
        NoMessages => "No messages yet.",
        MessageLabel => "Write to the desk",
        MessageHint => "Only the accessibility desk reads it.",
        SendMessage => "Send the message",
        MessageMissing => "Write your message",
        MessageTooLong => "Write at most 4,000 characters",
        MessageSent => "Your message was sent.",
        ActionsHeading => "What you can do",
        ReasonLabel => "Why",
        ReasonMissing => "Say why",
        ItemMoved => "Your request was updated.",
        Conflict => "The desk changed this request while you were reading it. Read it again, then choose.",
        BackToRequests => "Back to my requests",
        Why => "Why:",
        AskForSession => "Ask for an accommodation for this session",
        NavSettings => "Settings",
        SettingsTitle => "Settings",
        LanguagesHeading => "Languages",
        FirstLanguage => "Your first language",
        SecondLanguage => "Your second language",
        NoSecondLanguage => "None",
        LanguagesHint => {
            "Texts are shown in your first language when the organisers wrote them in it, else in your second."
        }
        AccessHeading => "Access",
        ScreenReaderPref => "I use a screen reader",
        CaptionsPref => "I want live captions where sessions have them",
        LargeTextPref => "I want large text",
        StepFreeOnlyPref => "Count only step-free routes between rooms",
        ExtraMinutes => "Extra minutes for each walk between rooms",
        ExtraMinutesHint => "From 0 to 60. The warnings in your agenda count them.",
        ExtraMinutesInvalid => "Enter a whole number of minutes from 0 to 60",
        NotificationsHeading => "Notifications",
        SessionRemindersPref => "Remind me before the sessions in my agenda",
        ReminderMinutes => "How many minutes before",
        ReminderMinutesHint => "From 1 to 240.",
        ReminderMinutesInvalid => "Enter a whole number of minutes from 1 to 240",
        AgendaChangesPref => "When a session in my agenda moves or is cancelled",
        AnnouncementsPref => "The organisers' announcements (emergencies always come through)",
        RequestUpdatesPref => "When one of my requests changes",
        SaveSettings => "Save settings",
        SettingsSaved => "Your settings were saved.",
        DevicesHeading => "Devices that get notifications",
        NoDevices => "No device gets notifications yet.",
        DeviceRefused => "Its push service refused our messages: turn notifications on again from that device.",
        RegisteredOn => "Registered",
        RemoveDevice => "Stop notifications to this device",
        DeviceRemoved => "That device will get no more notifications.",
        TurnOnPush => "Turn on notifications on this phone",
        PushHint => "Your browser will ask for permission. Notifications come even when this page is closed.",
        PushOn => "Notifications are on for this phone.",
        PushBlocked => {
            "Notifications are blocked for this site. Allow them in your browser's settings, then try again."
        }
        PushFailed => "Notifications could not be turned on. Try again later.",
        ThisPhone => "This phone",
        MyDataHeading => "Your data",
        ExportData => "Download everything Sanad holds about you (JSON file)",
        DeleteData => "Delete all my data",
        DeleteIntro => {
            "This deletes your agenda, your settings, your requests with their details and messages, and your sign-in. It cannot be undone. The accessibility desk will no longer see your requests."
        }
        DeleteConfirm => "I understand that this cannot be undone",
        DeleteConfirmMissing => "Tick the box to confirm",
        DataDeleted => "All your data was deleted.",
        AnnouncementsHeading => "Announcements",
        AllAnnouncements => "All announcements",
        NoAnnouncements => "No announcements yet.",
        WhatToDo => "What to do:",
        AboutTheSession => "The session:",
        SeverityInfo => "Information",
        SeverityChange => "Programme change",
        SeverityUrgent => "Urgent",
        SeverityEmergency => "Emergency",
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

fn item_status(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Submitted => "Sent, not read yet",
        ItemStatus::InReview => "Being reviewed",
        ItemStatus::NeedsInfo => "The desk needs more information from you",
        ItemStatus::Approved => "Approved",
        ItemStatus::AlternativeProposed => "The desk proposes an alternative: please answer",
        ItemStatus::Declined => "Declined",
        ItemStatus::Arranging => "Being arranged",
        ItemStatus::Confirmed => "Confirmed",
        ItemStatus::AtRisk => "At risk: a session changed, the desk is arranging it again",
        ItemStatus::Delivered => "Provided",
        ItemStatus::NotDelivered => "Not provided",
        ItemStatus::Withdrawn => "Withdrawn by you",
        ItemStatus::Cancelled => "Cancelled by the desk",
    }
}

fn actor(actor: ActorRole) -> &'static str {
    match actor {
        ActorRole::Delegate => "You",
        ActorRole::Coordinator => "The accessibility desk",
        ActorRole::System => "Sanad, automatically",
    }
}

fn move_to(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::InReview => "I have given the information",
        ItemStatus::Approved => "Accept the alternative",
        ItemStatus::Withdrawn => "Withdraw this request",
        // Moves the desk makes; a delegate is never offered them.
        ItemStatus::Submitted
        | ItemStatus::NeedsInfo
        | ItemStatus::AlternativeProposed
        | ItemStatus::Declined
        | ItemStatus::Arranging
        | ItemStatus::Confirmed
        | ItemStatus::AtRisk
        | ItemStatus::Delivered
        | ItemStatus::NotDelivered
        | ItemStatus::Cancelled => "Update",
    }
}
