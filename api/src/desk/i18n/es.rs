//! Spanish, neutral. «usted», as UN and ICRC Spanish pages use it: polite, and the same in every country.

// Terms: «persona delegada» rather than «delegado/a», gender-neutral and read cleanly by screen
// readers; an item is an «elemento» (one service asked for); «Escriba» rather than «Introduzca»
// or «Ingrese», which differ between Spain and the Americas; buttons in the infinitive.

use sanad_schema::entities::enums::ItemStatus;
use sanad_schema::service::accommodation::ActorRole;

use super::Msg;

pub(super) fn text(message: Msg) -> &'static str {
    use Msg::*;
    match message {
        DeskName => "Oficina de accesibilidad",
        SkipToContent => "Ir al contenido principal",
        LanguageMenu => "Idioma",
        SignOut => "Cerrar sesión",
        SignedInAs => "Sesión iniciada como",
        ErrorSummaryTitle => "Hay un problema",
        SuccessTitle => "Hecho",
        SignInTitle => "Iniciar sesión en la oficina de accesibilidad",
        SignInIntro => {
            "Para el equipo de coordinación de accesibilidad y el equipo organizador. Use el código de invitación que le dio el equipo organizador."
        }
        CodeLabel => "Código de invitación",
        CodeHint => "No importan las mayúsculas, los espacios ni los guiones.",
        SignInButton => "Iniciar sesión",
        CodeMissing => "Escriba su código de invitación",
        CodeWrong => "Este código no funciona. Revíselo o pida uno nuevo al equipo organizador.",
        TooManyAttempts => "Demasiados intentos. Espere un minuto y vuelva a intentarlo.",
        FormExpired => "Este formulario había expirado, así que no se hizo nada. Envíelo de nuevo.",
        SignedOut => "Ha cerrado la sesión.",
        NotForYouTitle => "Esta oficina es para los equipos de coordinación y de organización",
        NotForYouBody => {
            "Ha iniciado sesión como persona delegada. Las personas delegadas presentan y siguen sus solicitudes en la aplicación de la conferencia."
        }
        GoToMyRequests => "Ir a mis solicitudes",
        NotFoundTitle => "Página no encontrada",
        NotFoundBody => "Este elemento no existe o pertenece a otra conferencia.",
        BusyTitle => "El servidor está ocupado",
        BusyBody => "No se cambió nada. Espere unos segundos y vuelva a intentarlo.",
        BrokenTitle => "Se produjo un error",
        BrokenBody => {
            "No se cambió nada. Vuelva a intentarlo; si ocurre otra vez, dé esta referencia al equipo técnico:"
        }
        QueueTitle => "Solicitudes",
        FiltersHeading => "Filtrar las solicitudes",
        FilterStatus => "Estado",
        FilterService => "Servicio",
        FilterLateness => "Fecha límite",
        LatenessAny => "Todas",
        LatenessLate => "Solo fuera de plazo",
        LatenessOnTime => "Solo dentro de plazo",
        FilterDay => "Día de la conferencia",
        AllDays => "Todos los días",
        FilterSession => "Solo los elementos de la sesión",
        RequestsForSession => "Todas las solicitudes de esta sesión",
        FilterMine => "Solo los elementos asignados a mí",
        ApplyFilters => "Aplicar filtros",
        ClearFilters => "Borrar filtros",
        ItemsMatching => "Elementos que coinciden",
        QueueUpdated => "La cola de solicitudes cambió.",
        QueueCaption => "Solicitudes, primero las más urgentes",
        ColService => "Servicio",
        ColDelegate => "Persona delegada",
        ColStatus => "Estado",
        ColCutoff => "Fecha límite",
        ColConcerns => "Sesiones o días",
        ColAssignee => "Asignado a",
        Late => "Fuera de plazo",
        NoItems => "Ninguna solicitud coincide con estos filtros.",
        NextPage => "Página siguiente",
        FirstPage => "Primera página",
        Nobody => "Nadie",
        BackToQueue => "Volver a las solicitudes",
        ItemTitle => "Un elemento solicitado",
        ItemSummary => "Sobre este elemento",
        Delegate => "Persona delegada",
        Status => "Estado",
        Cutoff => "Fecha límite",
        LateExplained => "Fuera de plazo: se pidió después de la fecha límite; organizar en la medida de lo posible",
        Days => "Días",
        Sessions => "Sesiones",
        Assignee => "Asignado a",
        BookingReference => "Referencia de la reserva",
        NeedHeading => "Qué necesita",
        NoDetails => "La persona delegada no escribió ningún detalle.",
        DetailsDeleted => {
            "Los detalles se eliminaron (se retiró el consentimiento o terminó el plazo de conservación)."
        }
        CountAllowed => "Caracteres permitidos:",
        CountLeft => "Caracteres restantes:",
        CountOver => "Caracteres de más:",
        ShownInLanguage => "Escrito en",
        HistoryHeading => "Historial",
        HistoryCaption => "Cada paso de este elemento, del más antiguo al más reciente",
        ColWhen => "Fecha y hora",
        ColFrom => "Estado anterior",
        ColTo => "Estado nuevo",
        ColWho => "Quién",
        ColReason => "Motivo",
        Submitted => "Enviado",
        MessagesHeading => "Mensajes",
        InternalNote => "Nota interna",
        NoMessages => "Todavía no hay mensajes.",
        MessageDeleted => "Este mensaje se eliminó.",
        ViewedHeading => "Quién abrió esta solicitud",
        ViewedNobody => "Nadie todavía.",
        UnknownPerson => "Una cuenta eliminada",
        MoveHeading => "Cambio de estado",
        MoveTo => "Estado nuevo",
        ClosedItem => "Este elemento está cerrado: su estado ya no puede cambiar.",
        Reason => "Motivo",
        ReasonHint => {
            "Obligatorio para rechazar, cancelar u ofrecer una alternativa. La persona delegada lo leerá: escriba en su idioma."
        }
        ReasonMissing => "Escriba el motivo",
        BookingHint => "Obligatoria para confirmar: quién presta el servicio y su referencia.",
        BookingMissing => "Escriba la referencia de la reserva",
        ChooseStatus => "Elija el estado nuevo",
        MoveButton => "Cambiar el estado",
        Moved => "Se cambió el estado.",
        Conflict => {
            "Alguien modificó este elemento mientras usted lo leía, así que su cambio no se hizo. Abajo aparece el elemento tal como está ahora: revíselo y vuelva a intentarlo."
        }
        AssignHeading => "Asignación",
        AssignToMe => "Asignármelo",
        Unassign => "Quitar la asignación",
        Assigned => "El elemento está asignado a usted.",
        Unassigned => "El elemento ya no está asignado.",
        MessageHeading => "Escribir un mensaje",
        MessageLabel => "Mensaje",
        MessageHint => "Hasta 4000 caracteres. Se avisa a la persona delegada, salvo si es una nota interna.",
        InternalLabel => "Nota interna: solo para el equipo de coordinación; la persona delegada nunca la ve",
        SendButton => "Enviar",
        MessageMissing => "Escriba un mensaje",
        MessageTooLong => "El mensaje es demasiado largo: 4000 caracteres como máximo",
        MessageSent => "Se envió el mensaje.",
        NoteSaved => "Se guardó la nota interna.",
        PlanningTitle => "Necesidades de accesibilidad",
        PlanningIntro => {
            "Cantidad de servicios que pidieron las personas delegadas, para planificar salas y personal. Aquí nunca se muestra quién los pidió."
        }
        PlanningByDay => "Por día",
        PlanningByDayCaption => "Elementos solicitados, por día de la conferencia y servicio",
        PlanningBySession => "Por sesión",
        PlanningBySessionCaption => {
            "Elementos solicitados, por sesión y servicio, con los espacios para sillas de ruedas"
        }
        ColDay => "Día",
        ColSession => "Sesión",
        ColNeeds => "Necesidades",
        ColSeating => "Espacios para sillas de ruedas",
        SeatingFits => "Caben en la sala",
        SeatingShort => "Espacios que faltan:",
        SeatingUnknown => "No se sabe cuántos espacios para sillas de ruedas tiene la sala",
        NoNeeds => "Todavía no se ha pedido nada.",
        AnnounceLink => "Publicar un anuncio",
        AnnounceTitle => "Publicar un anuncio",
        AnnounceIntro => {
            "Las personas delegadas lo reciben al instante, en su teléfono y en la aplicación, en su idioma si usted lo escribe en ese idioma."
        }
        SeverityLegend => "¿Qué urgencia tiene?",
        SeverityInfo => "Para información",
        SeverityChange => "Un cambio en el programa",
        SeverityUrgent => "Actuar pronto",
        SeverityEmergency => "Emergencia: seguridad de las personas (llega al instante a los teléfonos, con alerta)",
        SeverityMissing => "Elija el grado de urgencia",
        RequiredLanguage => "obligatorio",
        OptionalLanguage => "opcional",
        FieldTitle => "Título",
        TitleHint => {
            "120 caracteres como máximo, las palabras importantes primero: los teléfonos solo muestran el comienzo."
        }
        FieldWhatChanged => "Qué cambió",
        FieldWhatToDo => "Qué deben hacer las personas delegadas",
        EnterText => "Escriba este texto",
        PublishButton => "Publicar ahora",
        Published => "El anuncio se publicó.",
    }
}

pub(super) fn status(status: ItemStatus) -> &'static str {
    use ItemStatus::*;
    match status {
        Submitted => "Enviado",
        InReview => "En revisión",
        NeedsInfo => "Esperando a la persona delegada",
        Approved => "Aprobado",
        AlternativeProposed => "Alternativa ofrecida",
        Declined => "Rechazado",
        Arranging => "En gestión",
        Confirmed => "Confirmado",
        AtRisk => "En riesgo: una sesión cambió",
        Delivered => "Realizado",
        NotDelivered => "No realizado",
        Withdrawn => "Retirado por la persona delegada",
        Cancelled => "Cancelado",
    }
}

pub(super) fn actor(actor: ActorRole) -> &'static str {
    match actor {
        ActorRole::Delegate => "La persona delegada",
        ActorRole::Coordinator => "Un miembro del equipo de coordinación",
        ActorRole::System => "Sanad",
    }
}

pub(super) fn move_to(status: ItemStatus) -> &'static str {
    use ItemStatus::*;
    match status {
        Submitted => "Volver a «Enviado»",
        InReview => "Iniciar la revisión",
        NeedsInfo => "Pedir información a la persona delegada",
        Approved => "Aprobar",
        AlternativeProposed => "Ofrecer una alternativa",
        Declined => "Rechazar",
        Arranging => "Iniciar la gestión",
        Confirmed => "Confirmar la reserva",
        AtRisk => "Marcar en riesgo",
        Delivered => "Marcar como realizado",
        NotDelivered => "Marcar como no realizado",
        Withdrawn => "Retirar",
        Cancelled => "Cancelar el elemento",
    }
}
