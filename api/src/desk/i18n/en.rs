//! English. Plain words for people working fast: say what a thing is or does, no jargon.

use sanad_schema::entities::enums::ItemStatus;
use sanad_schema::service::accommodation::ActorRole;

use super::Msg;

pub(super) fn text(message: Msg) -> &'static str {
    use Msg::*;
    match message {
        DeskName => "Accessibility desk",
        SkipToContent => "Skip to main content",
        LanguageMenu => "Language",
        SignOut => "Sign out",
        SignedInAs => "Signed in as",
        ErrorSummaryTitle => "There is a problem",
        SuccessTitle => "Done",
        SignInTitle => "Sign in to the accessibility desk",
        SignInIntro => {
            "For accessibility coordinators and organisers. Use the invitation code the organisers gave you."
        }
        CodeLabel => "Invitation code",
        CodeHint => "Capital letters, spaces and dashes do not matter.",
        SignInButton => "Sign in",
        CodeMissing => "Enter your invitation code",
        CodeWrong => "This code does not work. Check it, or ask the organisers for a new one.",
        TooManyAttempts => "Too many attempts. Wait a minute, then try again.",
        FormExpired => "This form had expired, so nothing was done. Send it again.",
        SignedOut => "You are signed out.",
        NotForYouTitle => "This desk is for coordinators and organisers",
        NotForYouBody => {
            "You are signed in as a delegate. Delegates make and follow their requests in the conference app."
        }
        GoToMyRequests => "Go to my requests",
        NotFoundTitle => "Page not found",
        NotFoundBody => "This item does not exist, or it belongs to another conference.",
        BusyTitle => "The server is busy",
        BusyBody => "Nothing was changed. Wait a few seconds, then try again.",
        BrokenTitle => "Something went wrong",
        BrokenBody => "Nothing was changed. Try again; if it happens again, tell the technical team this reference:",
        QueueTitle => "Requests",
        FiltersHeading => "Filter the requests",
        FilterStatus => "Status",
        FilterService => "Service",
        FilterLateness => "Cut-off",
        LatenessAny => "Any",
        LatenessLate => "Late only",
        LatenessOnTime => "On time only",
        FilterDay => "Conference day",
        AllDays => "All days",
        FilterSession => "Only items concerning the session",
        RequestsForSession => "All requests for this session",
        FilterMine => "Only items assigned to me",
        ApplyFilters => "Apply filters",
        ClearFilters => "Clear filters",
        ItemsMatching => "Items matching",
        QueueUpdated => "The queue changed.",
        QueueCaption => "Requests, most urgent first",
        ColService => "Service",
        ColDelegate => "Delegate",
        ColStatus => "Status",
        ColCutoff => "Cut-off",
        ColConcerns => "Sessions or days",
        ColAssignee => "Assigned to",
        Late => "Late",
        NoItems => "No requests match these filters.",
        NextPage => "Next page",
        FirstPage => "First page",
        Nobody => "Nobody",
        BackToQueue => "Back to requests",
        ItemTitle => "A requested item",
        ItemSummary => "About this item",
        Delegate => "Delegate",
        Status => "Status",
        Cutoff => "Cut-off",
        LateExplained => "Late: asked for after the cut-off, arrange as best effort",
        Days => "Days",
        Sessions => "Sessions",
        Assignee => "Assigned to",
        BookingReference => "Booking reference",
        NeedHeading => "What they need",
        NoDetails => "The delegate wrote no details.",
        DetailsDeleted => "The details were deleted (consent withdrawn or retention period over).",
        CountAllowed => "Characters allowed:",
        CountLeft => "Characters left:",
        CountOver => "Characters too many:",
        ShownInLanguage => "Written in",
        HistoryHeading => "History",
        HistoryCaption => "Every step of this item, oldest first",
        ColWhen => "When",
        ColFrom => "From",
        ColTo => "To",
        ColWho => "Who",
        ColReason => "Reason",
        Submitted => "Submitted",
        MessagesHeading => "Messages",
        InternalNote => "Internal note",
        NoMessages => "No messages yet.",
        MessageDeleted => "This message was deleted.",
        ViewedHeading => "Who opened this request",
        ViewedNobody => "Nobody yet.",
        UnknownPerson => "A deleted account",
        MoveHeading => "Move this item",
        MoveTo => "New status",
        ClosedItem => "This item is closed: it cannot be moved.",
        Reason => "Reason",
        ReasonHint => {
            "Needed to decline, cancel or offer an alternative. The delegate reads it: write in their language."
        }
        ReasonMissing => "Enter a reason",
        BookingHint => "Needed to confirm: who provides it and their reference.",
        BookingMissing => "Enter the booking reference",
        ChooseStatus => "Choose the new status",
        MoveButton => "Move the item",
        Moved => "The item was moved.",
        Conflict => {
            "Someone changed this item while you were reading it, so your change was not made. Below is the item as it is now: check it, then try again."
        }
        AssignHeading => "Assignment",
        AssignToMe => "Assign to me",
        Unassign => "Unassign",
        Assigned => "The item is assigned to you.",
        Unassigned => "The item is no longer assigned.",
        MessageHeading => "Write a message",
        MessageLabel => "Message",
        MessageHint => "Up to 4,000 characters. The delegate is told of it, unless it is an internal note.",
        InternalLabel => "Internal note: for coordinators only, the delegate never sees it",
        SendButton => "Send",
        MessageMissing => "Enter a message",
        MessageTooLong => "The message is too long: at most 4,000 characters",
        MessageSent => "The message was sent.",
        NoteSaved => "The internal note was saved.",
        PlanningTitle => "Access needs",
        PlanningIntro => "Counts of what delegates asked for, to plan rooms and staff. Who asked is never shown here.",
        PlanningByDay => "By day",
        PlanningByDayCaption => "Items asked for, per conference day and service",
        PlanningBySession => "By session",
        PlanningBySessionCaption => "Items asked for, per session and service, with wheelchair seating",
        ColDay => "Day",
        ColSession => "Session",
        ColNeeds => "Needs",
        ColSeating => "Wheelchair seating",
        SeatingFits => "Fits the room",
        SeatingShort => "Places missing:",
        SeatingUnknown => "The room's wheelchair spaces are not known",
        NoNeeds => "Nothing has been asked for yet.",
        AnnounceLink => "Publish an announcement",
        AnnounceTitle => "Publish an announcement",
        AnnounceIntro => {
            "Delegates receive it at once, on their phones and in the app, in their own language when you write it in that language."
        }
        SeverityLegend => "How urgent is it?",
        SeverityInfo => "Good to know",
        SeverityChange => "A change to the programme",
        SeverityUrgent => "Act soon",
        SeverityEmergency => "Emergency: people's safety (reaches phones at once, loudly)",
        SeverityMissing => "Choose how urgent it is",
        RequiredLanguage => "required",
        OptionalLanguage => "optional",
        FieldTitle => "Title",
        TitleHint => "At most 120 characters, the most important words first: phones show only the start.",
        FieldWhatChanged => "What changed",
        FieldWhatToDo => "What delegates should do",
        EnterText => "Write this text",
        PublishButton => "Publish now",
        Published => "The announcement was published.",
    }
}

pub(super) fn status(status: ItemStatus) -> &'static str {
    use ItemStatus::*;
    match status {
        Submitted => "Submitted",
        InReview => "In review",
        NeedsInfo => "Waiting for the delegate",
        Approved => "Approved",
        AlternativeProposed => "Alternative offered",
        Declined => "Declined",
        Arranging => "Being arranged",
        Confirmed => "Confirmed",
        AtRisk => "At risk: a session moved",
        Delivered => "Delivered",
        NotDelivered => "Not delivered",
        Withdrawn => "Withdrawn by the delegate",
        Cancelled => "Cancelled",
    }
}

pub(super) fn actor(actor: ActorRole) -> &'static str {
    match actor {
        ActorRole::Delegate => "The delegate",
        ActorRole::Coordinator => "A coordinator",
        ActorRole::System => "Sanad",
    }
}

pub(super) fn move_to(status: ItemStatus) -> &'static str {
    use ItemStatus::*;
    match status {
        Submitted => "Back to submitted",
        InReview => "Start the review",
        NeedsInfo => "Ask the delegate for information",
        Approved => "Approve",
        AlternativeProposed => "Offer an alternative",
        Declined => "Decline",
        Arranging => "Start arranging",
        Confirmed => "Confirm the booking",
        AtRisk => "Mark at risk",
        Delivered => "Mark delivered",
        NotDelivered => "Mark not delivered",
        Withdrawn => "Withdraw",
        Cancelled => "Cancel the item",
    }
}
