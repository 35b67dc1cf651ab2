//! French. Vouvoiement, plain words that read well aloud: a screen reader speaks every word.

use sanad_schema::entities::enums::{
    ActorRole, DocumentFormat, Fact, ItemStatus, SessionKind, SessionStatus, SpeakerRole,
};

use super::{Msg, Words};

pub(super) static WORDS: Words = Words { text, fact, kind, status, role, format, item_status, actor, move_to };

fn text(message: Msg) -> &'static str {
    use Msg::*;
    match message {
        AppName => "Guide de la conférence",
        SkipToContent => "Aller au contenu principal",
        LanguageMenu => "Langue",
        MainMenu => "Menu principal",
        NavProgramme => "Programme",
        NavAgenda => "Mon agenda",
        NavGlossary => "Sigles",
        NavSignIn => "Se connecter",
        SignOut => "Se déconnecter",
        SignedInAs => "Connecté(e) en tant que",
        ErrorSummaryTitle => "Il y a un problème",
        NotYetTranslated => "Pas encore traduit. Affiché en",
        SignInTitle => "Se connecter",
        SignInIntro => {
            "Connectez-vous avec le code d’invitation que l’équipe d’organisation vous a remis. Vous pouvez consulter le programme sans vous connecter."
        }
        CodeLabel => "Code d’invitation",
        CodeHint => "Par exemple ABCD-EFGH-JKLM. Les majuscules, les espaces et les tirets ne comptent pas.",
        SignInButton => "Se connecter",
        CodeMissing => "Saisissez votre code d’invitation",
        CodeWrong => "Ce code ne fonctionne pas. Vérifiez-le, ou demandez-en un nouveau au bureau d’aide.",
        TooManyAttempts => "Trop de tentatives. Attendez une minute, puis réessayez.",
        FormExpired => "Ce formulaire avait expiré\u{a0}: rien n’a été fait. Envoyez-le à nouveau.",
        SignedOut => "Déconnexion effectuée.",
        SignedIn => "Connexion effectuée.",
        NotFoundTitle => "Page introuvable",
        NotFoundBody => "Cette séance ou cette page n’existe pas. Elle a peut-être été retirée du programme.",
        BusyTitle => "Le serveur est occupé",
        BusyBody => "Rien n’a été modifié. Attendez quelques secondes, puis réessayez.",
        BrokenTitle => "Une erreur s’est produite",
        BrokenBody => {
            "Rien n’a été modifié. Réessayez\u{a0}; si cela se reproduit, donnez cette référence au bureau d’aide\u{a0}:"
        }
        SignInFirstTitle => "Connectez-vous d’abord",
        SignInFirstBody => "Votre agenda est conservé à votre nom dès que vous vous connectez.",
        ProgrammeTitle => "Programme de la conférence",
        NowHeading => "En ce moment",
        NextHeading => "À suivre",
        DaysNav => "Jours de la conférence",
        AllDays => "Tous les jours",
        FiltersHeading => "Trouver des séances",
        FilterText => "Mots à rechercher",
        FilterTextHint => "Un titre, un nom, une salle ou un sujet. Les fautes d’orthographe sont tolérées.",
        FilterSign => "Avec interprétation en langue des signes",
        FilterInto => "Avec interprétation en",
        AnyLanguage => "N’importe quelle langue",
        FilterStepFree => "Dans une salle accessible de plain-pied",
        FilterCaptions => "Avec sous-titrage en direct",
        AccessLegend => "Accès et langues",
        ApplyFilters => "Afficher les séances",
        ClearFilters => "Effacer les filtres",
        SessionsFound => "Séances trouvées\u{a0}:",
        NoSessions => "Aucune séance ne correspond. Essayez avec moins de filtres, ou un autre jour.",
        TextTooLong => "Utilisez moins de mots\u{a0}: 16 mots et 200 caractères au maximum.",
        Room => "Salle",
        NoRoom => "Salle pas encore annoncée",
        StepFree => "Accès de plain-pied",
        SignLanguage => "Langue des signes",
        Interpretation => "Interprétation en",
        Captions => "Sous-titrage en direct",
        InYourAgenda => "Dans votre agenda",
        BackToProgramme => "Retour au programme",
        When => "Date et heure",
        Where => "Lieu",
        Floor => "Étage",
        Capacity => "Places",
        WheelchairSpaces => "Emplacements pour fauteuils roulants",
        HearingLoop => "Boucle magnétique",
        StageAccess => "Accès de plain-pied à la tribune",
        OnArrival => "En arrivant",
        NearestToilet => "Toilettes accessibles les plus proches",
        Languages => "Langues",
        FloorLanguages => "Langues parlées",
        Channel => "canal",
        FollowCaptions => "Suivre le sous-titrage en direct",
        AboutSession => "À propos de cette séance",
        PlainSummary => "En termes simples",
        ContentNote => "Avertissement sur le contenu",
        Speakers => "Intervenants",
        SayItAs => "Prononciation\u{a0}:",
        Documents => "Documents",
        Changes => "Changements",
        CalendarFile => "Ajouter au calendrier de votre téléphone (fichier .ics)",
        AddToAgenda => "Ajouter à mon agenda",
        RemoveFromAgenda => "Retirer de mon agenda",
        SignInToAdd => "Connectez-vous pour tenir votre propre agenda.",
        Added => "Séance ajoutée à votre agenda.",
        Removed => "Séance retirée de votre agenda.",
        Acronyms => "Sigles utilisés dans cette séance",
        Track => "Thème",
        AgendaTitle => "Mon agenda",
        AgendaIntro => {
            "Les séances que vous avez choisies, jour par jour, en commençant par ce qui demande votre attention."
        }
        AgendaEmpty => "Votre agenda est vide. Ouvrez une séance dans le programme et ajoutez-la.",
        ClashesHeading => "Points d’attention",
        NoClashes => "Aucun chevauchement\u{a0}: vous avez le temps d’aller d’une séance à la suivante.",
        ClashTag => "Conflit avec une autre séance de votre agenda",
        ClashBetween => "Entre",
        CalendarFeed => "Votre lien de calendrier",
        CalendarFeedHint => {
            "Abonnez-vous à cette adresse dans votre application de calendrier pour y voir votre agenda. Elle est personnelle\u{a0}: ne la partagez pas."
        }
        NavRequests => "Mes demandes",
        RequestsTitle => "Mes demandes",
        RequestsIntro => {
            "Demandez au bureau de l’accessibilité ce dont vous avez besoin pour participer\u{a0}: interprétation, sous-titrage, documents en braille ou en gros caractères, aide pour vous déplacer, et plus encore. Dites ce dont vous avez besoin\u{a0}; vous n’avez jamais à donner de diagnostic."
        }
        ConsentHeading => "Avant votre première demande",
        ConsentAgree => "J’accepte",
        Consented => "Merci. Vous pouvez maintenant envoyer des demandes.",
        NewRequest => "Demander un aménagement",
        NoRequests => "Vous n’avez encore rien demandé.",
        WholeConference => "Toute la conférence",
        DueBy => "À demander au plus tard le",
        LateMark => "Demande envoyée après la date limite\u{a0}: le bureau fera de son mieux.",
        LateHint => "La date limite est passée\u{a0}: le bureau fera tout de même de son mieux.",
        RequestSent => "Votre demande a été envoyée. Le bureau vous répondra ici.",
        ServiceLegend => "De quoi avez-vous besoin\u{a0}?",
        ServiceMissing => "Choisissez ce dont vous avez besoin",
        DetailsLabel => "Précisions pour le bureau",
        DetailsHint => {
            "Par exemple la langue des signes, le document ou l’aide dont vous avez besoin. Seul le bureau de l’accessibilité lira ce texte."
        }
        DetailsMissing => "Indiquez ce dont vous avez besoin",
        DetailsTooLong => "Écrivez 4\u{a0}000 caractères au maximum",
        DetailsLangLabel => "Langue de votre texte",
        SessionsLegend => "Pour quelles séances\u{a0}?",
        SessionsHint => {
            "N’en choisissez aucune si vous en avez besoin pour toute la conférence. Les séances que vous ajoutez à votre agenda apparaissent ici."
        }
        DaysLegend => "Pour quels jours\u{a0}?",
        SendRequest => "Envoyer la demande",
        ItemTitle => "Votre demande",
        StatusLabel => "Statut",
        BookingReference => "Référence de réservation",
        YourDetails => "Ce que vous avez écrit",
        HistoryHeading => "Ce qui s’est passé",
        MessagesHeading => "Messages échangés avec le bureau de l’accessibilité",
        NoMessages => "Aucun message pour l’instant.",
        MessageLabel => "Écrire au bureau",
        MessageHint => "Seul le bureau de l’accessibilité lira ce message.",
        SendMessage => "Envoyer le message",
        MessageMissing => "Écrivez votre message",
        MessageTooLong => "Écrivez 4\u{a0}000 caractères au maximum",
        MessageSent => "Votre message a été envoyé.",
        ActionsHeading => "Ce que vous pouvez faire",
        ReasonLabel => "Motif",
        ReasonMissing => "Indiquez le motif",
        ItemMoved => "Votre demande a été mise à jour.",
        Conflict => {
            "Le bureau a modifié cette demande pendant que vous la lisiez. Relisez-la, puis faites votre choix."
        }
        BackToRequests => "Retour à mes demandes",
        Why => "Motif\u{a0}:",
        AskForSession => "Demander un aménagement pour cette séance",
        NavSettings => "Paramètres",
        SettingsTitle => "Paramètres",
        LanguagesHeading => "Langues",
        FirstLanguage => "Votre première langue",
        SecondLanguage => "Votre deuxième langue",
        NoSecondLanguage => "Aucune",
        LanguagesHint => {
            "Les textes s’affichent dans votre première langue si l’équipe d’organisation les a écrits dans cette langue, sinon dans votre deuxième langue."
        }
        AccessHeading => "Accès",
        ScreenReaderPref => "J’utilise un lecteur d’écran",
        CaptionsPref => "Je souhaite le sous-titrage en direct dans les séances qui le proposent",
        LargeTextPref => "Je souhaite le texte en gros caractères",
        StepFreeOnlyPref => "Ne prendre en compte que les trajets de plain-pied entre les salles",
        ExtraMinutes => "Minutes supplémentaires pour chaque trajet d’une salle à l’autre",
        ExtraMinutesHint => "De 0 à 60. Les avertissements de votre agenda en tiennent compte.",
        ExtraMinutesInvalid => "Saisissez un nombre entier de minutes, de 0 à 60",
        NotificationsHeading => "Vos notifications",
        SessionRemindersPref => "M’envoyer un rappel avant les séances de mon agenda",
        ReminderMinutes => "Combien de minutes avant",
        ReminderMinutesHint => "De 1 à 240.",
        ReminderMinutesInvalid => "Saisissez un nombre entier de minutes, de 1 à 240",
        AgendaChangesPref => "Quand une séance de mon agenda est déplacée ou annulée",
        AnnouncementsPref => "Les annonces de l’équipe d’organisation (les alertes d’urgence sont toujours envoyées)",
        RequestUpdatesPref => "Quand l’une de mes demandes est mise à jour",
        SaveSettings => "Enregistrer les paramètres",
        SettingsSaved => "Vos paramètres ont été enregistrés.",
        DevicesHeading => "Appareils qui reçoivent les notifications",
        NoDevices => "Aucun appareil ne reçoit encore de notifications.",
        DeviceRefused => {
            "Son service de notifications a refusé nos messages\u{a0}: réactivez les notifications depuis cet appareil."
        }
        RegisteredOn => "Enregistré le",
        RemoveDevice => "Arrêter les notifications sur cet appareil",
        DeviceRemoved => "Cet appareil ne recevra plus de notifications.",
        TurnOnPush => "Activer les notifications sur ce téléphone",
        PushHint => {
            "Votre navigateur vous demandera votre autorisation. Les notifications arrivent même quand cette page est fermée."
        }
        PushOn => "Les notifications sont activées sur ce téléphone.",
        PushBlocked => {
            "Les notifications sont bloquées pour ce site. Autorisez-les dans les paramètres de votre navigateur, puis réessayez."
        }
        PushFailed => "Les notifications n’ont pas pu être activées. Réessayez plus tard.",
        ThisPhone => "Ce téléphone",
        MyDataHeading => "Vos données",
        ExportData => "Télécharger tout ce que Sanad conserve à votre sujet (fichier JSON)",
        DeleteData => "Supprimer toutes mes données",
        DeleteIntro => {
            "Cette action supprime votre agenda, vos paramètres, vos demandes avec leurs précisions et leurs messages, ainsi que vos informations de connexion. Il est impossible de revenir en arrière. Le bureau de l’accessibilité ne verra plus vos demandes."
        }
        DeleteConfirm => "Je comprends qu’il est impossible de revenir en arrière",
        DeleteConfirmMissing => "Cochez la case pour confirmer",
        DataDeleted => "Toutes vos données ont été supprimées.",
        AnnouncementsHeading => "Annonces",
        AllAnnouncements => "Toutes les annonces",
        NoAnnouncements => "Aucune annonce pour le moment.",
        WhatToDo => "Que faire\u{a0}:",
        AboutTheSession => "La séance\u{a0}:",
        SeverityInfo => "Pour information",
        SeverityChange => "Changement de programme",
        SeverityUrgent => "Urgent",
        SeverityEmergency => "Urgence",
        GlossaryTitle => "Sigles",
        GlossaryIntro => {
            "Les sigles et les termes employés dans le programme, leur signification et leur prononciation."
        }
        SaidAs => "Se prononce",
    }
}

fn fact(fact: Fact) -> &'static str {
    match fact {
        Fact::Yes => "Oui",
        Fact::No => "Non",
        Fact::Unknown => "Pas encore vérifié",
    }
}

fn kind(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Plenary => "Séance plénière",
        SessionKind::Panel => "Table ronde",
        SessionKind::Talk => "Exposé",
        SessionKind::Workshop => "Atelier",
        SessionKind::SideEvent => "Manifestation parallèle",
        SessionKind::Break => "Pause",
        SessionKind::Reception => "Réception",
        SessionKind::Other => "Séance",
    }
}

fn status(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Scheduled => "Comme prévu",
        SessionStatus::Moved => "Déplacée",
        SessionStatus::Cancelled => "Annulée",
    }
}

fn role(role: SpeakerRole) -> &'static str {
    match role {
        SpeakerRole::Chair => "Présidence",
        SpeakerRole::Moderator => "Modération",
        SpeakerRole::Keynote => "Discours principal",
        SpeakerRole::Panellist => "Panéliste",
        SpeakerRole::Speaker => "Intervenant(e)",
        SpeakerRole::Rapporteur => "Rapporteur(e)",
        SpeakerRole::Host => "Hôte",
    }
}

fn format(format: DocumentFormat) -> &'static str {
    match format {
        DocumentFormat::TaggedPdf => "PDF accessible",
        DocumentFormat::Docx => "Document Word",
        DocumentFormat::Html => "Page web",
        DocumentFormat::Epub => "Livre numérique EPUB",
        DocumentFormat::Brf => "Fichier prêt pour le braille (BRF)",
        DocumentFormat::LargePrint => "Gros caractères",
        DocumentFormat::EasyRead => "Facile à lire et à comprendre (FALC)",
    }
}

fn item_status(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Submitted => "Envoyée, pas encore lue",
        ItemStatus::InReview => "En cours d’examen",
        ItemStatus::NeedsInfo => "Le bureau a besoin de plus d’informations de votre part",
        ItemStatus::Approved => "Approuvée",
        ItemStatus::AlternativeProposed => "Le bureau vous propose une autre solution\u{a0}: merci de répondre",
        ItemStatus::Declined => "Refusée",
        ItemStatus::Arranging => "En cours d’organisation",
        ItemStatus::Confirmed => "Confirmée",
        ItemStatus::AtRisk => "À risque\u{a0}: une séance a changé, le bureau réorganise la prestation",
        ItemStatus::Delivered => "Prestation fournie",
        ItemStatus::NotDelivered => "Prestation non fournie",
        ItemStatus::Withdrawn => "Vous l’avez retirée",
        ItemStatus::Cancelled => "Annulée par le bureau",
    }
}

fn actor(actor: ActorRole) -> &'static str {
    match actor {
        ActorRole::Delegate => "Vous",
        ActorRole::Coordinator => "Le bureau de l’accessibilité",
        ActorRole::System => "Sanad, automatiquement",
    }
}

fn move_to(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::InReview => "J’ai fourni les informations",
        ItemStatus::Approved => "Accepter l’autre solution",
        ItemStatus::Withdrawn => "Retirer cette demande",
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
        | ItemStatus::Cancelled => "Mettre à jour",
    }
}
