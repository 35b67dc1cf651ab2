//! Spanish, neutral. «usted», plain words that read well aloud: a screen reader speaks every word.

use sanad_schema::entities::enums::{
    ActorRole, DocumentFormat, Fact, ItemStatus, SessionKind, SessionStatus, SpeakerRole,
};

use super::{Msg, Words};

pub(super) static WORDS: Words = Words { text, fact, kind, status, role, format, item_status, actor, move_to };

fn text(message: Msg) -> &'static str {
    use Msg::*;
    match message {
        AppName => "Guía de la conferencia",
        SkipToContent => "Ir al contenido principal",
        LanguageMenu => "Idioma",
        MainMenu => "Menú principal",
        NavProgramme => "Programa",
        NavAgenda => "Mi agenda",
        NavGlossary => "Siglas",
        NavSignIn => "Iniciar sesión",
        SignOut => "Cerrar sesión",
        SignedInAs => "Sesión iniciada como",
        ErrorSummaryTitle => "Hay un problema",
        NotYetTranslated => "Aún no traducido. Se muestra en",
        SignInTitle => "Iniciar sesión",
        SignInIntro => {
            "Inicie sesión con el código de invitación que le dio el equipo organizador. Puede consultar el programa sin iniciar sesión."
        }
        CodeLabel => "Código de invitación",
        CodeHint => "Por ejemplo, ABCD-EFGH-JKLM. No importan las mayúsculas, los espacios ni los guiones.",
        SignInButton => "Iniciar sesión",
        CodeMissing => "Escriba su código de invitación",
        CodeWrong => "Este código no funciona. Revíselo o pida uno nuevo en el mostrador de ayuda.",
        TooManyAttempts => "Demasiados intentos. Espere un minuto y vuelva a intentarlo.",
        FormExpired => "Este formulario había expirado, así que no se hizo nada. Envíelo de nuevo.",
        SignedOut => "Ha cerrado la sesión.",
        SignedIn => "Ha iniciado sesión.",
        NotFoundTitle => "Página no encontrada",
        NotFoundBody => "Esta sesión o página no existe. Puede que se haya retirado del programa.",
        BusyTitle => "El servidor está ocupado",
        BusyBody => "No se cambió nada. Espere unos segundos y vuelva a intentarlo.",
        BrokenTitle => "Se produjo un error",
        BrokenBody => {
            "No se cambió nada. Vuelva a intentarlo; si ocurre otra vez, dé esta referencia en el mostrador de ayuda:"
        }
        SignInFirstTitle => "Inicie sesión primero",
        SignInFirstBody => "Su agenda se guarda para usted cuando inicia sesión.",
        ProgrammeTitle => "Programa",
        NowHeading => "En curso",
        NextHeading => "A continuación",
        DaysNav => "Días de la conferencia",
        AllDays => "Todos los días",
        FiltersHeading => "Buscar sesiones",
        FilterText => "Palabras que buscar",
        FilterTextHint => "Un título, un ponente, una sala o un tema. No importa si hay errores de ortografía.",
        FilterSign => "Con interpretación en lengua de señas",
        FilterInto => "Con interpretación en",
        AnyLanguage => "Cualquier idioma",
        FilterStepFree => "En una sala accesible sin escalones",
        FilterCaptions => "Con subtítulos en tiempo real",
        AccessLegend => "Accesibilidad e idiomas",
        ApplyFilters => "Mostrar sesiones",
        ClearFilters => "Borrar filtros",
        SessionsFound => "Sesiones encontradas:",
        NoSessions => "Ninguna sesión coincide. Pruebe con menos filtros o con otro día.",
        TextTooLong => "Use menos palabras: 16 palabras y 200 caracteres como máximo.",
        Room => "Sala",
        NoRoom => "Sala aún no anunciada",
        StepFree => "Acceso sin escalones",
        SignLanguage => "Lengua de señas",
        Interpretation => "Interpretación en",
        Captions => "Subtítulos en tiempo real",
        InYourAgenda => "En su agenda",
        BackToProgramme => "Volver al programa",
        When => "Fecha y hora",
        Where => "Lugar",
        Floor => "Planta",
        Capacity => "Plazas",
        WheelchairSpaces => "Espacios para sillas de ruedas",
        HearingLoop => "Bucle magnético",
        StageAccess => "Acceso sin escalones al estrado",
        OnArrival => "Al llegar",
        NearestToilet => "Aseo accesible más cercano",
        Languages => "Idiomas",
        FloorLanguages => "Se habla en",
        Channel => "canal",
        FollowCaptions => "Seguir los subtítulos en tiempo real",
        AboutSession => "Sobre esta sesión",
        PlainSummary => "En palabras sencillas",
        ContentNote => "Aviso de contenido",
        Speakers => "Ponentes",
        SayItAs => "Pronunciación:",
        Documents => "Documentos",
        Changes => "Cambios",
        CalendarFile => "Añadir al calendario de su teléfono (archivo .ics)",
        AddToAgenda => "Añadir a mi agenda",
        RemoveFromAgenda => "Quitar de mi agenda",
        SignInToAdd => "Inicie sesión para tener su propia agenda.",
        Added => "Se añadió la sesión a su agenda.",
        Removed => "Se quitó la sesión de su agenda.",
        Acronyms => "Siglas de esta sesión",
        Track => "Eje temático",
        AgendaTitle => "Mi agenda",
        AgendaIntro => "Las sesiones que eligió, día por día, empezando por lo que requiere su atención.",
        AgendaEmpty => "Su agenda está vacía. Abra una sesión en el programa y añádala.",
        ClashesHeading => "Requiere su atención",
        NoClashes => "No hay conflictos de horario: tiene tiempo de ir de cada sesión a la siguiente.",
        ClashTag => "Coincide con otra sesión de su agenda",
        ClashBetween => "Entre",
        CalendarFeed => "Su enlace de calendario",
        CalendarFeedHint => {
            "Suscríbase a esta dirección en su aplicación de calendario para ver allí su agenda. Es privada: no la comparta."
        }
        NavRequests => "Mis solicitudes",
        RequestsTitle => "Mis solicitudes",
        RequestsIntro => {
            "Pida a la oficina de accesibilidad lo que necesita para participar: interpretación, subtítulos, documentos en braille o en letra grande, ayuda para desplazarse y mucho más. Diga qué necesita; nunca tiene que dar un diagnóstico."
        }
        ConsentHeading => "Antes de su primera solicitud",
        ConsentAgree => "Acepto",
        Consented => "Gracias. Ya puede enviar solicitudes.",
        NewRequest => "Pedir un servicio de accesibilidad",
        NoRequests => "Todavía no ha pedido nada.",
        WholeConference => "Toda la conferencia",
        DueBy => "Pídalo a más tardar el",
        LateMark => "Solicitud enviada después de la fecha límite: la oficina hará todo lo posible.",
        LateHint => "La fecha límite ya pasó: aun así, la oficina hará todo lo posible.",
        RequestSent => "Se envió su solicitud. La oficina le responderá aquí.",
        ServiceLegend => "¿Qué necesita?",
        ServiceMissing => "Elija lo que necesita",
        DetailsLabel => "Más detalles para la oficina",
        DetailsHint => {
            "Por ejemplo, la lengua de señas, el documento o la ayuda que necesita. Solo la oficina de accesibilidad leerá este texto."
        }
        DetailsMissing => "Escriba lo que necesita",
        DetailsTooLong => "Escriba 4000 caracteres como máximo",
        DetailsLangLabel => "Idioma en que escribió",
        SessionsLegend => "¿Para qué sesiones?",
        SessionsHint => {
            "No elija ninguna si lo necesita para toda la conferencia. Aquí aparecen las sesiones que añada a su agenda."
        }
        DaysLegend => "¿Para qué días?",
        SendRequest => "Enviar la solicitud",
        ItemTitle => "Su solicitud",
        StatusLabel => "Estado",
        BookingReference => "Referencia de la reserva",
        YourDetails => "Lo que usted escribió",
        HistoryHeading => "Lo que pasó",
        MessagesHeading => "Mensajes con la oficina de accesibilidad",
        NoMessages => "Todavía no hay mensajes.",
        MessageLabel => "Mensaje para la oficina",
        MessageHint => "Solo la oficina de accesibilidad leerá este mensaje.",
        SendMessage => "Enviar el mensaje",
        MessageMissing => "Escriba su mensaje",
        MessageTooLong => "Escriba 4000 caracteres como máximo",
        MessageSent => "Se envió su mensaje.",
        ActionsHeading => "Lo que puede hacer",
        ReasonLabel => "Motivo",
        ReasonMissing => "Escriba el motivo",
        ItemMoved => "Se actualizó su solicitud.",
        Conflict => "La oficina cambió esta solicitud mientras usted la leía. Vuelva a leerla y luego elija.",
        BackToRequests => "Volver a mis solicitudes",
        Why => "Motivo:",
        AskForSession => "Pedir un servicio de accesibilidad para esta sesión",
        NavSettings => "Configuración",
        SettingsTitle => "Configuración",
        LanguagesHeading => "Idiomas",
        FirstLanguage => "Su primer idioma",
        SecondLanguage => "Su segundo idioma",
        NoSecondLanguage => "Ninguno",
        LanguagesHint => {
            "Los textos se muestran en su primer idioma si el equipo organizador los escribió en ese idioma; si no, en su segundo idioma."
        }
        AccessHeading => "Accesibilidad",
        ScreenReaderPref => "Uso un lector de pantalla",
        CaptionsPref => "Quiero subtítulos en tiempo real en las sesiones que los tengan",
        LargeTextPref => "Quiero letra grande",
        StepFreeOnlyPref => "Tener en cuenta solo los recorridos sin escalones entre salas",
        ExtraMinutes => "Minutos adicionales para cada recorrido entre salas",
        ExtraMinutesHint => "De 0 a 60. Los avisos de su agenda los tienen en cuenta.",
        ExtraMinutesInvalid => "Escriba un número entero de minutos, de 0 a 60",
        NotificationsHeading => "Notificaciones",
        SessionRemindersPref => "Enviarme un recordatorio antes de las sesiones de mi agenda",
        ReminderMinutes => "Cuántos minutos antes",
        ReminderMinutesHint => "De 1 a 240.",
        ReminderMinutesInvalid => "Escriba un número entero de minutos, de 1 a 240",
        AgendaChangesPref => "Cuando una sesión de mi agenda se traslada o se cancela",
        AnnouncementsPref => "Los anuncios del equipo organizador (los avisos de emergencia siempre llegan)",
        RequestUpdatesPref => "Cuando cambia una de mis solicitudes",
        SaveSettings => "Guardar la configuración",
        SettingsSaved => "Se guardó su configuración.",
        DevicesHeading => "Dispositivos que reciben notificaciones",
        NoDevices => "Todavía ningún dispositivo recibe notificaciones.",
        DeviceRefused => {
            "El servicio de notificaciones de ese dispositivo rechazó nuestros mensajes: vuelva a activar las notificaciones desde ese dispositivo."
        }
        RegisteredOn => "Registrado el",
        RemoveDevice => "Dejar de enviar notificaciones a este dispositivo",
        DeviceRemoved => "Ese dispositivo ya no recibirá notificaciones.",
        TurnOnPush => "Activar las notificaciones en este teléfono",
        PushHint => "Su navegador le pedirá permiso. Las notificaciones llegan incluso con esta página cerrada.",
        PushOn => "Las notificaciones están activadas en este teléfono.",
        PushBlocked => {
            "Las notificaciones están bloqueadas para este sitio. Permítalas en la configuración de su navegador y vuelva a intentarlo."
        }
        PushFailed => "No se pudieron activar las notificaciones. Vuelva a intentarlo más tarde.",
        ThisPhone => "Este teléfono",
        MyDataHeading => "Sus datos",
        ExportData => "Descargar todo lo que Sanad guarda sobre usted (archivo JSON)",
        DeleteData => "Eliminar todos mis datos",
        DeleteIntro => {
            "Esto elimina su agenda, su configuración, sus solicitudes con sus detalles y mensajes, y sus datos de inicio de sesión. No se puede deshacer. La oficina de accesibilidad ya no verá sus solicitudes."
        }
        DeleteConfirm => "Entiendo que esto no se puede deshacer",
        DeleteConfirmMissing => "Marque la casilla para confirmar",
        DataDeleted => "Se eliminaron todos sus datos.",
        AnnouncementsHeading => "Anuncios",
        AllAnnouncements => "Todos los anuncios",
        NoAnnouncements => "Todavía no hay anuncios.",
        WhatToDo => "Qué hacer:",
        AboutTheSession => "La sesión:",
        SeverityInfo => "Información",
        SeverityChange => "Cambio en el programa",
        SeverityUrgent => "Urgente",
        SeverityEmergency => "Emergencia",
        GlossaryTitle => "Siglas",
        GlossaryIntro => "Las siglas y los términos del programa: qué significan y cómo se pronuncian.",
        SaidAs => "Se pronuncia",
    }
}

fn fact(fact: Fact) -> &'static str {
    match fact {
        Fact::Yes => "Sí",
        Fact::No => "No",
        Fact::Unknown => "Aún sin verificar",
    }
}

fn kind(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Plenary => "Sesión plenaria",
        SessionKind::Panel => "Mesa redonda",
        SessionKind::Talk => "Ponencia",
        SessionKind::Workshop => "Taller",
        SessionKind::SideEvent => "Evento paralelo",
        SessionKind::Break => "Pausa",
        SessionKind::Reception => "Recepción",
        SessionKind::Other => "Sesión",
    }
}

fn status(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Scheduled => "Según lo previsto",
        SessionStatus::Moved => "Trasladada",
        SessionStatus::Cancelled => "Cancelada",
    }
}

fn role(role: SpeakerRole) -> &'static str {
    match role {
        SpeakerRole::Chair => "Presidencia",
        SpeakerRole::Moderator => "Moderación",
        SpeakerRole::Keynote => "Ponente principal",
        SpeakerRole::Panellist => "Panelista",
        SpeakerRole::Speaker => "Ponente",
        SpeakerRole::Rapporteur => "Relatoría",
        SpeakerRole::Host => "Persona anfitriona",
    }
}

fn format(format: DocumentFormat) -> &'static str {
    match format {
        DocumentFormat::TaggedPdf => "PDF accesible",
        DocumentFormat::Docx => "Documento de Word",
        DocumentFormat::Html => "Página web",
        DocumentFormat::Epub => "Libro electrónico EPUB",
        DocumentFormat::Brf => "Archivo listo para braille (BRF)",
        DocumentFormat::LargePrint => "Letra grande",
        DocumentFormat::EasyRead => "Lectura fácil",
    }
}

fn item_status(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Submitted => "Enviada, aún sin leer",
        ItemStatus::InReview => "En revisión",
        ItemStatus::NeedsInfo => "La oficina necesita más información de usted",
        ItemStatus::Approved => "Aprobada",
        ItemStatus::AlternativeProposed => "La oficina le propone una alternativa: responda, por favor",
        ItemStatus::Declined => "Rechazada",
        ItemStatus::Arranging => "Se está organizando",
        ItemStatus::Confirmed => "Confirmada",
        ItemStatus::AtRisk => "En riesgo: una sesión cambió y la oficina está volviendo a organizar el servicio",
        ItemStatus::Delivered => "Servicio prestado",
        ItemStatus::NotDelivered => "Servicio no prestado",
        ItemStatus::Withdrawn => "Usted la retiró",
        ItemStatus::Cancelled => "Cancelada por la oficina",
    }
}

fn actor(actor: ActorRole) -> &'static str {
    match actor {
        ActorRole::Delegate => "Usted",
        ActorRole::Coordinator => "La oficina de accesibilidad",
        ActorRole::System => "Sanad, automáticamente",
    }
}

fn move_to(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::InReview => "Ya envié la información",
        ItemStatus::Approved => "Aceptar la alternativa",
        ItemStatus::Withdrawn => "Retirar esta solicitud",
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
        | ItemStatus::Cancelled => "Actualizar",
    }
}
