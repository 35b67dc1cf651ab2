//! Closed sets of values stored as upper-case strings and served as GraphQL enums: one Rust
//! type for both, so the database and the API can never disagree on a name.

use async_graphql::Enum;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, DeriveActiveEnum, Enum, Serialize, Deserialize,
        )]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))", rename_all = "SCREAMING_SNAKE_CASE")]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }
    };
}

stored_enum! {
    /// A fact about access that may not be known. `UNKNOWN` must never be shown as `NO`:
    /// "we don't know" and "it is not there" lead a wheelchair user to different decisions.
    Fact {
        /// It is so: checked by the organisers.
        Yes,
        /// It is not so: checked by the organisers.
        No,
        /// Nobody has checked yet. Clients should say so, not guess.
        Unknown,
    }
}

stored_enum! {
    /// The kind of a programme item.
    SessionKind {
        /// A meeting of the whole conference (opening, closing, high-level segments).
        Plenary,
        /// A moderated discussion between several speakers.
        Panel,
        /// A talk or lecture by one speaker or a few (what pretalx and frab schedules hold most).
        Talk,
        /// A working session with participation from the room.
        Workshop,
        /// An event organised by a delegation or organisation beside the official programme.
        SideEvent,
        /// A coffee or meal break.
        Break,
        /// A social gathering, such as a welcome reception.
        Reception,
        /// Anything else.
        Other,
    }
}

stored_enum! {
    /// Whether a session takes place as planned.
    SessionStatus {
        /// Takes place at its original time and room.
        Scheduled,
        /// Takes place, but its time or room changed: see `changes`.
        Moved,
        /// Does not take place.
        Cancelled,
    }
}

stored_enum! {
    /// How a language is present in a session.
    LanguageRole {
        /// Spoken or signed on the floor by the speakers.
        Floor,
        /// Provided by simultaneous interpretation on a channel of the receivers.
        Interpretation,
        /// Provided by sign-language interpreters visible in the room and on the stream.
        Sign,
    }
}

stored_enum! {
    /// What a person does in a session.
    SpeakerRole {
        /// Chairs the session.
        Chair,
        /// Moderates the discussion.
        Moderator,
        /// Gives the keynote address.
        Keynote,
        /// Sits on the panel.
        Panellist,
        /// Speaks or presents.
        Speaker,
        /// Reports the session's conclusions to the plenary.
        Rapporteur,
        /// Hosts a side event or reception.
        Host,
    }
}

stored_enum! {
    /// The kind of a place in the venue that is not a meeting room.
    PlaceKind {
        /// A way into the building.
        Entrance,
        /// A lift between floors.
        Lift,
        /// A toilet usable by wheelchair users.
        AccessibleToilet,
        /// A toilet.
        Toilet,
        /// A calm, low-stimulus room to rest in.
        QuietRoom,
        /// A room for prayer.
        PrayerRoom,
        /// First aid.
        FirstAid,
        /// The help desk, including the accessibility desk.
        HelpDesk,
        /// Where delegates collect badges.
        Registration,
        /// Where coats and bags are left.
        Cloakroom,
        /// Food and drink.
        Cafe,
        /// A relief area for guide dogs and other service animals.
        ServiceAnimalRelief,
        /// Power for charging wheelchairs and devices.
        ChargingPoint,
    }
}

stored_enum! {
    /// The accessible format of a document variant.
    DocumentFormat {
        /// PDF with tags, so screen readers follow its structure.
        TaggedPdf,
        /// Word document.
        Docx,
        /// Web page.
        Html,
        /// EPUB e-book.
        Epub,
        /// Braille-ready file for embossers and braille displays.
        Brf,
        /// Large print.
        LargePrint,
        /// Easy-read version: short sentences, common words, pictures.
        EasyRead,
    }
}

stored_enum! {
    /// How important an announcement is; it sets how clients present it.
    Severity {
        /// Good to know.
        Info,
        /// Something in the programme changed.
        Change,
        /// Act soon.
        Urgent,
        /// Act now: safety of people.
        Emergency,
    }
}

stored_enum! {
    /// What kind of change a schedule change records.
    ChangeKind {
        /// New time and/or room.
        Moved,
        /// The session was cancelled.
        Cancelled,
        /// A cancelled session takes place again.
        Reinstated,
    }
}

stored_enum! {
    /// Writing direction of a text (WCAG 3.1.2: clients set it on the element).
    Dir {
        /// Left to right.
        Ltr,
        /// Right to left (Arabic, Hebrew, …).
        Rtl,
    }
}

stored_enum! {
    /// What a signed-in person may do. Anonymous clients read the public programme only.
    Role {
        /// A participant: reads the programme, keeps a personal agenda, asks for accommodations.
        Delegate,
        /// Accessibility staff: handles accommodation requests (and is a delegate too).
        Coordinator,
        /// Programme staff: edits the programme, publishes announcements, invites people.
        Organizer,
    }
}

stored_enum! {
    /// Where an accommodation item is in its workflow (DESIGN §6).
    ItemStatus {
        /// Sent by the delegate; no coordinator has looked at it yet.
        Submitted,
        /// A coordinator is looking at it.
        InReview,
        /// The coordinator asked the delegate a question (see the messages).
        NeedsInfo,
        /// It will be provided.
        Approved,
        /// Something else is offered instead; the delegate accepts it or withdraws.
        AlternativeProposed,
        /// It cannot be provided; the reason says why.
        Declined,
        /// The coordinator is booking it.
        Arranging,
        /// Booked; the booking reference says with whom.
        Confirmed,
        /// A session it concerns moved or was cancelled: the booking must be checked again.
        AtRisk,
        /// It was provided.
        Delivered,
        /// It was booked but not provided.
        NotDelivered,
        /// The delegate no longer needs it.
        Withdrawn,
        /// The desk cancelled it; the reason says why.
        Cancelled,
    }
}

stored_enum! {
    /// Who acted, as the audit trail records it.
    ActorRole {
        /// The delegate whose request it is.
        Delegate,
        /// An accessibility coordinator.
        Coordinator,
        /// Sanad itself (a linked session moved, consent was withdrawn).
        System,
    }
}

stored_enum! {
    /// A kind of support a delegate can ask for. The need, never a diagnosis.
    ServiceType {
        /// Sign-language interpretation (International Sign, Jordanian Sign Language, …).
        SignLanguageInterpretation,
        /// Live captioning (CART).
        LiveCaptioning,
        /// Documents in braille.
        BrailleDocuments,
        /// Documents in large print.
        LargePrint,
        /// Accessible digital documents (tagged PDF, HTML, EPUB).
        AccessibleDigitalDocuments,
        /// Assistive listening or a hearing loop.
        AssistiveListening,
        /// Registration of a personal assistant or support person.
        PersonalAssistant,
        /// Arrangements for a guide dog or service animal.
        ServiceAnimal,
        /// A sighted guide.
        SightedGuide,
        /// The loan of a wheelchair or mobility aid.
        MobilityAidLoan,
        /// Reserved accessible seating.
        AccessibleSeating,
        /// Priority or private security screening.
        PriorityScreening,
        /// Accessible transport.
        AccessibleTransport,
        /// An accessible hotel room.
        AccessibleHotelRoom,
        /// Speaking accommodations: a seated microphone, a ramped stage, extra time.
        SpeakingAccommodations,
        /// A quiet space.
        QuietSpace,
        /// Dietary needs.
        Dietary,
        /// Anything else.
        Other,
    }
}

impl ServiceType {
    /// Days before the conference's first day by which the desk asks for this (DESIGN §6).
    /// Later requests are accepted as best effort and marked late, never refused.
    pub fn cutoff_days(self) -> u32 {
        match self {
            Self::SignLanguageInterpretation
            | Self::AssistiveListening
            | Self::ServiceAnimal
            | Self::AccessibleHotelRoom => 56,
            Self::LiveCaptioning => 42,
            Self::AccessibleTransport => 28,
            Self::BrailleDocuments => 21,
            Self::AccessibleDigitalDocuments
            | Self::PriorityScreening
            | Self::SpeakingAccommodations
            | Self::Dietary => 14,
            Self::LargePrint
            | Self::SightedGuide
            | Self::MobilityAidLoan
            | Self::AccessibleSeating
            | Self::QuietSpace => 7,
            Self::PersonalAssistant | Self::Other => 0,
        }
    }
}
