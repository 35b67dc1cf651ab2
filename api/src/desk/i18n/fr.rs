//! French. « vous », plain administrative French; buttons in the infinitive, as French interfaces write them.

// Terms: « Délégué(e) » covers both genders (« le ou la délégué(e) » in sentences); an item is a
// « prestation » (one service asked for), so « Prestation » heads the service column too; a
// session is a « séance », as in UN French. French typography wants a no-break space (\u{a0})
// before « : » and « ; » and inside « », so the mark never starts a line.

use sanad_schema::entities::enums::ItemStatus;
use sanad_schema::service::accommodation::ActorRole;

use super::Msg;

pub(super) fn text(message: Msg) -> &'static str {
    use Msg::*;
    match message {
        DeskName => "Bureau de l’accessibilité",
        SkipToContent => "Aller au contenu principal",
        LanguageMenu => "Langue",
        SignOut => "Se déconnecter",
        SignedInAs => "Connecté(e) en tant que",
        ErrorSummaryTitle => "Il y a un problème",
        SuccessTitle => "C’est fait",
        SignInTitle => "Se connecter au bureau de l’accessibilité",
        SignInIntro => {
            "Pour les coordinateurs et coordinatrices de l’accessibilité et l’équipe d’organisation. Utilisez le code d’invitation que l’équipe d’organisation vous a remis."
        }
        CodeLabel => "Code d’invitation",
        CodeHint => "Les majuscules, les espaces et les tirets ne comptent pas.",
        SignInButton => "Se connecter",
        CodeMissing => "Saisissez votre code d’invitation",
        CodeWrong => "Ce code ne fonctionne pas. Vérifiez-le, ou demandez-en un nouveau à l’équipe d’organisation.",
        TooManyAttempts => "Trop de tentatives. Attendez une minute, puis réessayez.",
        FormExpired => "Ce formulaire avait expiré\u{a0}: rien n’a été fait. Envoyez-le à nouveau.",
        SignedOut => "Déconnexion effectuée.",
        NotForYouTitle => "Ce bureau est réservé aux équipes de coordination et d’organisation",
        NotForYouBody => {
            "Vous êtes connecté(e) en tant que délégué(e). Les délégué(e)s déposent et suivent leurs demandes dans l’application de la conférence."
        }
        GoToMyRequests => "Aller à mes demandes",
        NotFoundTitle => "Page introuvable",
        NotFoundBody => "Cette prestation n’existe pas, ou elle relève d’une autre conférence.",
        BusyTitle => "Le serveur est occupé",
        BusyBody => "Rien n’a été modifié. Attendez quelques secondes, puis réessayez.",
        BrokenTitle => "Une erreur s’est produite",
        BrokenBody => {
            "Rien n’a été modifié. Réessayez\u{a0}; si cela se reproduit, donnez cette référence à l’équipe technique\u{a0}:"
        }
        QueueTitle => "Demandes",
        FiltersHeading => "Filtrer les demandes",
        FilterStatus => "Statut",
        FilterService => "Prestation",
        FilterLateness => "Date limite",
        LatenessAny => "Toutes",
        LatenessLate => "Hors délai uniquement",
        LatenessOnTime => "Dans les délais uniquement",
        FilterDay => "Jour de la conférence",
        AllDays => "Tous les jours",
        FilterSession => "Seulement les prestations de la séance",
        RequestsForSession => "Toutes les demandes pour cette séance",
        FilterMine => "Seulement les prestations qui me sont attribuées",
        ApplyFilters => "Appliquer les filtres",
        ClearFilters => "Effacer les filtres",
        ItemsMatching => "Prestations correspondantes",
        QueueUpdated => "La file des demandes a changé.",
        QueueCaption => "Demandes, les plus urgentes en premier",
        ColService => "Prestation",
        ColDelegate => "Délégué(e)",
        ColStatus => "Statut",
        ColCutoff => "Date limite",
        ColConcerns => "Séances ou jours",
        ColAssignee => "Responsable",
        Late => "Hors délai",
        NoItems => "Aucune demande ne correspond à ces filtres.",
        NextPage => "Page suivante",
        FirstPage => "Première page",
        Nobody => "Personne",
        BackToQueue => "Retour aux demandes",
        ItemTitle => "Une prestation demandée",
        ItemSummary => "À propos de cette prestation",
        Delegate => "Délégué(e)",
        Status => "Statut",
        Cutoff => "Date limite",
        LateExplained => "Hors délai\u{a0}: demandée après la date limite, à organiser dans la mesure du possible",
        Days => "Jours",
        Sessions => "Séances",
        Assignee => "Responsable",
        BookingReference => "Référence de réservation",
        NeedHeading => "Besoin exprimé",
        NoDetails => "Le ou la délégué(e) n’a donné aucune précision.",
        DetailsDeleted => "Les précisions ont été supprimées (consentement retiré ou durée de conservation écoulée).",
        CountAllowed => "Caractères permis :",
        CountLeft => "Caractères restants :",
        CountOver => "Caractères en trop :",
        ShownInLanguage => "Rédigé en",
        HistoryHeading => "Historique",
        HistoryCaption => "Toutes les étapes de cette prestation, de la plus ancienne à la plus récente",
        ColWhen => "Date et heure",
        ColFrom => "Ancien statut",
        ColTo => "Nouveau statut",
        ColWho => "Qui",
        ColReason => "Motif",
        Submitted => "Envoyée",
        MessagesHeading => "Messages échangés",
        InternalNote => "Note interne",
        NoMessages => "Aucun message pour l’instant.",
        MessageDeleted => "Ce message a été supprimé.",
        ViewedHeading => "Qui a ouvert cette demande",
        ViewedNobody => "Personne pour l’instant.",
        UnknownPerson => "Un compte supprimé",
        MoveHeading => "Changement de statut",
        MoveTo => "Nouveau statut",
        ClosedItem => "Cette prestation est close\u{a0}: son statut ne peut plus changer.",
        Reason => "Motif",
        ReasonHint => {
            "Obligatoire pour refuser, annuler ou proposer une autre solution. Le ou la délégué(e) le lira\u{a0}: écrivez dans sa langue."
        }
        ReasonMissing => "Indiquez le motif",
        BookingHint => "Obligatoire pour confirmer\u{a0}: qui assure la prestation, et sa référence.",
        BookingMissing => "Indiquez la référence de réservation",
        ChooseStatus => "Choisissez le nouveau statut",
        MoveButton => "Changer le statut",
        Moved => "Le statut a été changé.",
        Conflict => {
            "Quelqu’un a modifié cette prestation pendant que vous la consultiez, donc votre changement n’a pas été fait. Voici ci-dessous la prestation telle qu’elle est maintenant\u{a0}: vérifiez-la, puis réessayez."
        }
        AssignHeading => "Attribution",
        AssignToMe => "Me l’attribuer",
        Unassign => "Retirer l’attribution",
        Assigned => "La prestation vous est attribuée.",
        Unassigned => "La prestation n’est plus attribuée.",
        MessageHeading => "Écrire un message",
        MessageLabel => "Votre message",
        MessageHint => {
            "4000 caractères au maximum. Le ou la délégué(e) reçoit une notification, sauf s’il s’agit d’une note interne."
        }
        InternalLabel => {
            "Note interne\u{a0}: réservée à l’équipe de coordination, jamais visible par le ou la délégué(e)"
        }
        SendButton => "Envoyer",
        MessageMissing => "Saisissez un message",
        MessageTooLong => "Le message est trop long\u{a0}: 4000 caractères au maximum",
        MessageSent => "Le message a été envoyé.",
        NoteSaved => "La note interne a été enregistrée.",
        PlanningTitle => "Besoins d’accessibilité",
        PlanningIntro => {
            "Nombre de prestations demandées par les délégué(e)s, pour prévoir les salles et le personnel. L’identité des personnes n’est jamais indiquée ici."
        }
        PlanningByDay => "Par jour",
        PlanningByDayCaption => "Prestations demandées, par jour de conférence et par type",
        PlanningBySession => "Par séance",
        PlanningBySessionCaption => {
            "Prestations demandées, par séance et par type, avec les places pour fauteuil roulant"
        }
        ColDay => "Jour",
        ColSession => "Séance",
        ColNeeds => "Besoins",
        ColSeating => "Places pour fauteuil roulant",
        SeatingFits => "Places suffisantes dans la salle",
        SeatingShort => "Places manquantes\u{a0}:",
        SeatingUnknown => "Le nombre de places pour fauteuil roulant de la salle n’est pas connu",
        NoNeeds => "Aucune demande pour l’instant.",
        AnnounceLink => "Publier une annonce",
        AnnounceTitle => "Publier une annonce",
        AnnounceIntro => {
            "Les délégué(e)s la reçoivent aussitôt, sur leur téléphone et dans l’application, dans leur langue si vous l’écrivez dans cette langue."
        }
        SeverityLegend => "Quelle est l’urgence ?",
        SeverityInfo => "Pour information",
        SeverityChange => "Un changement au programme",
        SeverityUrgent => "À faire rapidement",
        SeverityEmergency => "Urgence : sécurité des personnes (arrive aussitôt sur les téléphones, avec alerte)",
        SeverityMissing => "Choisissez le degré d’urgence",
        RequiredLanguage => "obligatoire",
        OptionalLanguage => "facultatif",
        FieldTitle => "Titre",
        TitleHint => "120 caractères au plus, les mots importants d’abord : les téléphones n’en montrent que le début.",
        FieldWhatChanged => "Ce qui a changé",
        FieldWhatToDo => "Ce que les délégué(e)s doivent faire",
        EnterText => "Écrivez ce texte",
        PublishButton => "Publier maintenant",
        Published => "L’annonce a été publiée.",
    }
}

pub(super) fn status(status: ItemStatus) -> &'static str {
    use ItemStatus::*;
    match status {
        Submitted => "Envoyée",
        InReview => "En cours d’examen",
        NeedsInfo => "En attente du ou de la délégué(e)",
        Approved => "Approuvée",
        AlternativeProposed => "Autre solution proposée",
        Declined => "Refusée",
        Arranging => "En cours d’organisation",
        Confirmed => "Confirmée",
        AtRisk => "À risque\u{a0}: une séance a été déplacée",
        Delivered => "Fournie",
        NotDelivered => "Non fournie",
        Withdrawn => "Retirée par le ou la délégué(e)",
        Cancelled => "Annulée",
    }
}

pub(super) fn actor(actor: ActorRole) -> &'static str {
    match actor {
        ActorRole::Delegate => "Le ou la délégué(e)",
        ActorRole::Coordinator => "Un membre de la coordination",
        ActorRole::System => "Sanad",
    }
}

pub(super) fn move_to(status: ItemStatus) -> &'static str {
    use ItemStatus::*;
    match status {
        Submitted => "Revenir au statut «\u{a0}Envoyée\u{a0}»",
        InReview => "Commencer l’examen",
        NeedsInfo => "Demander des précisions au ou à la délégué(e)",
        Approved => "Approuver",
        AlternativeProposed => "Proposer une autre solution",
        Declined => "Refuser",
        Arranging => "Commencer l’organisation",
        Confirmed => "Confirmer la réservation",
        AtRisk => "Marquer comme à risque",
        Delivered => "Marquer comme fournie",
        NotDelivered => "Marquer comme non fournie",
        Withdrawn => "Retirer",
        Cancelled => "Annuler la prestation",
    }
}
