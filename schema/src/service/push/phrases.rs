//! What a Web Push notification says (DESIGN §7), in each language Sanad phrases texts in.
//!
//! A notification is read on a locked phone, often aloud by a screen reader, sometimes by
//! someone looking over a shoulder. So the texts are short (a title of at most about 60
//! characters, a body of at most about 200), plain and warm, say the need and never a
//! diagnosis, and carry no name and no request detail: only the kind of service and where it
//! stands (DESIGN §6, privacy rule 5). Everything else is read in the app, after signing in.
//!
//! Every table below is a `match` over the whole enum with one field per language, so adding
//! a variant or a language does not compile until someone has written the words for it.

use crate::entities::enums::{ChangeKind, ItemStatus, ServiceType, Severity};
use crate::service::accommodation::services;
use crate::service::spoken;

/// The languages these phrases exist in.
pub const PHRASE_LANGUAGES: [&str; 4] = ["en", "fr", "ar", "es"];

/// A language these phrases exist in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    En,
    Fr,
    Ar,
    Es,
}

impl Lang {
    /// Callers choose the language first; this is only a safety net, so anything it does not
    /// know (after dropping a region such as "-JO") answers in English rather than nothing.
    fn of(lang: &str) -> Self {
        let primary = lang.split(['-', '_']).next().unwrap_or_default();
        [("en", Self::En), ("fr", Self::Fr), ("ar", Self::Ar), ("es", Self::Es)]
            .into_iter()
            .find(|(code, _)| primary.eq_ignore_ascii_case(code))
            .map_or(Self::En, |(_, lang)| lang)
    }

    fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
            Self::Ar => "ar",
            Self::Es => "es",
        }
    }
}

/// One text in every language: named fields rather than an array, so a missing or misplaced
/// translation is a compile error that names the language.
#[derive(Clone, Copy)]
struct Texts {
    en: &'static str,
    fr: &'static str,
    ar: &'static str,
    es: &'static str,
}

impl Texts {
    fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Fr => self.fr,
            Lang::Ar => self.ar,
            Lang::Es => self.es,
        }
    }
}

/// The name of a service, e.g. "Sign-language interpretation": the name the app lists it
/// under, from the one table in [`services`], so a notification and the app never call a
/// service two different things. Names say what is provided, never why someone needs it, so a
/// notification read aloud in a crowd reveals no condition.
pub fn service_name(lang: &str, service: ServiceType) -> &'static str {
    // `Lang::of` answers only languages the table is written in (a test checks that they are
    // the same), so the empty fallback is never served; `every_text_exists_in_every_language`
    // would catch it.
    services::name(Lang::of(lang).code(), service).unwrap_or_default()
}

/// What a status means for the delegate, said as what happens next rather than as the
/// workflow's name: "the desk has a question for you", not "needs info". It follows the
/// service name, so it starts in lower case and, in French, Spanish and Arabic, speaks of
/// "your request" instead of a pronoun that would have to agree with each service's gender.
pub fn status_phrase(lang: &str, status: ItemStatus) -> &'static str {
    use ItemStatus as I;
    let texts = match status {
        I::Submitted => Texts {
            en: "received by the accessibility desk",
            fr: "le bureau d'accessibilité a bien reçu votre demande",
            ar: "تسلّم مكتب إمكانية الوصول طلبك",
            es: "la oficina de accesibilidad ha recibido su solicitud",
        },
        I::InReview => Texts {
            en: "the desk is looking at your request",
            fr: "le bureau examine votre demande",
            ar: "يدرس المكتب طلبك الآن",
            es: "la oficina está estudiando su solicitud",
        },
        I::NeedsInfo => Texts {
            en: "the desk has a question for you",
            fr: "le bureau a une question à vous poser",
            ar: "لدى المكتب سؤال لك",
            es: "la oficina tiene una pregunta para usted",
        },
        I::Approved => Texts {
            en: "approved, and the desk will arrange it",
            fr: "votre demande est acceptée et le bureau va s'en occuper",
            ar: "تمت الموافقة على طلبك، وسيتولى المكتب ترتيبه",
            es: "su solicitud está aprobada y la oficina se ocupará de ella",
        },
        I::AlternativeProposed => Texts {
            en: "the desk offers another option, which you can accept or decline",
            fr: "le bureau vous propose une autre solution, que vous pouvez accepter ou refuser",
            ar: "يقترح المكتب عليك بديلاً، ويمكنك قبوله أو رفضه",
            es: "la oficina le propone otra opción, que usted puede aceptar o rechazar",
        },
        I::Declined => Texts {
            en: "the desk cannot provide it; the reason is in your request",
            fr: "le bureau ne peut pas donner suite à votre demande\u{a0}; le motif y est indiqué",
            ar: "يتعذّر على المكتب تلبية طلبك، والسبب موضّح فيه",
            es: "la oficina no puede atender su solicitud; el motivo figura en ella",
        },
        I::Arranging => Texts {
            en: "the desk is booking it",
            fr: "le bureau s'occupe de la réservation",
            ar: "يعمل المكتب على الحجز",
            es: "la oficina está haciendo la reserva",
        },
        I::Confirmed => Texts {
            en: "the booking is confirmed",
            fr: "la réservation est confirmée",
            ar: "تم تأكيد الحجز",
            es: "la reserva está confirmada",
        },
        // A session it concerns moved or was cancelled: "changed" covers both.
        I::AtRisk => Texts {
            en: "a session changed, so the desk is checking the booking",
            fr: "une séance a été modifiée et le bureau vérifie la réservation",
            ar: "طرأ تغيير على إحدى الجلسات، ويتحقق المكتب من الحجز",
            es: "una sesión ha cambiado y la oficina está revisando la reserva",
        },
        I::Delivered => Texts {
            en: "the service was provided",
            fr: "le service a été fourni",
            ar: "تم تقديم الخدمة",
            es: "el servicio se ha prestado",
        },
        I::NotDelivered => Texts {
            en: "the service was not provided as planned; we are sorry",
            fr: "le service n'a pas été fourni comme prévu, et nous le regrettons",
            ar: "لم تُقدَّم الخدمة كما كان مقرراً، ونعتذر عن ذلك",
            es: "el servicio no se prestó como estaba previsto; lo lamentamos",
        },
        I::Withdrawn => Texts {
            en: "withdrawn, as you asked",
            fr: "votre demande est retirée, comme vous l'avez souhaité",
            ar: "تم سحب طلبك بناءً على رغبتك",
            es: "su solicitud se ha retirado, como usted pidió",
        },
        I::Cancelled => Texts {
            en: "cancelled by the desk; the reason is in your request",
            fr: "le bureau a annulé votre demande\u{a0}; le motif y est indiqué",
            ar: "ألغى المكتب طلبك، والسبب موضّح فيه",
            es: "la oficina ha cancelado su solicitud; el motivo figura en ella",
        },
    };
    texts.get(Lang::of(lang))
}

/// Title of a request-update notification. It names the kind of notification and nothing
/// more: the service and status are in the body, the details only in the app.
pub fn request_update_title(lang: &str) -> &'static str {
    Texts {
        en: "Your accommodation request",
        fr: "Votre demande d'aménagement",
        ar: "طلبك للترتيبات التيسيرية",
        es: "Su solicitud de ajustes",
    }
    .get(Lang::of(lang))
}

/// Body of a request-update notification: "Live captioning: the booking is confirmed." One
/// sentence, so a screen reader reads it in one breath; French typography wants a
/// non-breaking space before the colon, which also keeps the colon off the start of a line.
pub fn request_update_body(lang: &str, service: ServiceType, status: ItemStatus) -> String {
    let lang = Lang::of(lang);
    let (name, phrase) = (service_name(lang.code(), service), status_phrase(lang.code(), status));
    match lang {
        Lang::Fr => format!("{name}\u{a0}: {phrase}."),
        Lang::En | Lang::Ar | Lang::Es => format!("{name}: {phrase}."),
    }
}

/// Body of a request update on a lock screen: the status alone, as a sentence ("The booking
/// is confirmed."). The service is left out: "Guide dog: approved" on a locked phone tells
/// anyone nearby about a disability (DESIGN §6 rule 5); the app shows it once unlocked.
pub fn request_status_body(lang: &str, status: ItemStatus) -> String {
    let phrase = status_phrase(Lang::of(lang).code(), status);
    let mut chars = phrase.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

/// Title of a session reminder: "Starts in 15 minutes", or "Starting now" when no minutes are
/// left (or, for a late reminder, fewer than none). The count goes through
/// [`spoken::minutes`] so the plural (and the Arabic dual) matches the rest of Sanad. In
/// Arabic the count is the subject ("بقيت دقيقتان على بدء الجلسة"), because
/// `spoken::minutes` gives the nominative form and "بعد" would need another case.
pub fn reminder_title(lang: &str, minutes: i64) -> String {
    let lang = Lang::of(lang);
    if minutes <= 0 {
        return Texts {
            en: "Starting now", fr: "Commence maintenant", ar: "تبدأ الجلسة الآن", es: "Comienza ahora"
        }
        .get(lang)
        .to_owned();
    }
    let m = spoken::minutes(lang.code(), minutes).unwrap_or_else(|| format!("{minutes} min"));
    match lang {
        Lang::En => format!("Starts in {m}"),
        Lang::Fr => format!("Commence dans {m}"),
        Lang::Ar => format!("بقيت {m} على بدء الجلسة"),
        Lang::Es => format!("Comienza en {m}"),
    }
}

/// Title for a change to a session in the delegate's agenda. Said as the outcome for the
/// delegate ("back in the programme"), not as the change record's kind ("reinstated").
pub fn change_title(lang: &str, kind: ChangeKind) -> &'static str {
    let texts = match kind {
        ChangeKind::Moved => Texts {
            en: "Session moved",
            fr: "Séance déplacée",
            ar: "تغيّر موعد الجلسة أو مكانها",
            es: "Sesión trasladada",
        },
        ChangeKind::Cancelled => {
            Texts {
                en: "Session cancelled", fr: "Séance annulée", ar: "أُلغيت الجلسة", es: "Sesión cancelada"
            }
        }
        ChangeKind::Reinstated => Texts {
            en: "Session back in the programme",
            fr: "Séance rétablie au programme",
            ar: "عادت الجلسة إلى البرنامج",
            es: "Sesión restablecida en el programa",
        },
    };
    texts.get(Lang::of(lang))
}

/// A label for an announcement's severity, put before the announcement's own title so the
/// first word a screen reader says tells how soon to act. The labels differ enough to tell
/// apart by ear ("Urgent" and "Situation d'urgence", not "Urgent" and "Urgence").
pub fn severity_label(lang: &str, severity: Severity) -> &'static str {
    let texts = match severity {
        Severity::Info => Texts { en: "Information", fr: "Information", ar: "معلومات", es: "Información" },
        Severity::Change => Texts {
            en: "Programme change",
            fr: "Changement de programme",
            ar: "تغيير في البرنامج",
            es: "Cambio en el programa",
        },
        Severity::Urgent => Texts { en: "Urgent", fr: "Urgent", ar: "عاجل", es: "Urgente" },
        Severity::Emergency => {
            Texts { en: "Emergency", fr: "Situation d'urgence", ar: "حالة طوارئ", es: "Emergencia" }
        }
    };
    texts.get(Lang::of(lang))
}

/// Title of the test notification a delegate sends themselves, so they know before the
/// conference that reminders and emergencies will reach this device.
pub fn test_title(lang: &str) -> &'static str {
    Texts {
        en: "Notifications work",
        fr: "Les notifications fonctionnent",
        ar: "الإشعارات تعمل",
        es: "Las notificaciones funcionan",
    }
    .get(Lang::of(lang))
}

/// Body of the test notification. It names Sanad, because the phone may show it apart from
/// the app and the delegate should know where it came from.
pub fn test_body(lang: &str) -> &'static str {
    Texts {
        en: "This device will receive Sanad notifications.",
        fr: "Cet appareil recevra les notifications de Sanad.",
        ar: "سيتلقى هذا الجهاز إشعارات تطبيق سند.",
        es: "Este dispositivo recibirá las notificaciones de Sanad.",
    }
    .get(Lang::of(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::language::scripts::{is_arabic_letter, is_latin_letter};
    use sea_orm::Iterable;
    use std::collections::HashSet;

    /// Reminder lead times worth checking: each plural form, and long lead times.
    const MINUTES: [i64; 12] = [-3, 0, 1, 2, 3, 5, 10, 11, 15, 30, 60, 1440];

    fn titles(lang: &str) -> Vec<String> {
        let mut titles = vec![request_update_title(lang).to_owned(), test_title(lang).to_owned()];
        titles.extend(MINUTES.iter().map(|m| reminder_title(lang, *m)));
        titles.extend(ChangeKind::iter().map(|k| change_title(lang, k).to_owned()));
        titles.extend(Severity::iter().map(|s| severity_label(lang, s).to_owned()));
        titles
    }

    fn bodies(lang: &str) -> Vec<String> {
        let mut bodies = vec![test_body(lang).to_owned()];
        for service in ServiceType::iter() {
            bodies.extend(ItemStatus::iter().map(|status| request_update_body(lang, service, status)));
        }
        bodies
    }

    /// Every text a language has, including the parts bodies are made of.
    fn every_text(lang: &str) -> Vec<String> {
        let mut all = titles(lang);
        all.extend(bodies(lang));
        all.extend(ServiceType::iter().map(|s| service_name(lang, s).to_owned()));
        all.extend(ItemStatus::iter().map(|s| status_phrase(lang, s).to_owned()));
        all
    }

    #[test]
    fn the_languages_are_those_sanad_speaks_times_in() {
        assert_eq!(PHRASE_LANGUAGES, spoken::SPOKEN_LANGUAGES);
        for lang in PHRASE_LANGUAGES {
            assert_eq!(Lang::of(lang).code(), lang);
        }
    }

    #[test]
    fn every_text_exists_in_every_language() {
        for lang in PHRASE_LANGUAGES {
            for text in every_text(lang) {
                assert!(!text.trim().is_empty(), "an empty text in {lang}");
                assert_eq!(text.trim(), text, "stray spaces in {lang}: {text:?}");
            }
        }
    }

    #[test]
    fn names_and_phrases_can_be_told_apart() {
        for lang in PHRASE_LANGUAGES {
            let names: HashSet<_> = ServiceType::iter().map(|s| service_name(lang, s)).collect();
            assert_eq!(names.len(), ServiceType::iter().count(), "two services share a name in {lang}");
            let phrases: HashSet<_> = ItemStatus::iter().map(|s| status_phrase(lang, s)).collect();
            assert_eq!(phrases.len(), ItemStatus::iter().count(), "two statuses share a phrase in {lang}");
            let labels: HashSet<_> = Severity::iter().map(|s| severity_label(lang, s)).collect();
            assert_eq!(labels.len(), Severity::iter().count(), "two severities share a label in {lang}");
            let changes: HashSet<_> = ChangeKind::iter().map(|k| change_title(lang, k)).collect();
            assert_eq!(changes.len(), ChangeKind::iter().count(), "two changes share a title in {lang}");
        }
    }

    #[test]
    fn each_language_is_written_in_its_own_script() {
        for lang in PHRASE_LANGUAGES {
            for text in every_text(lang) {
                if lang == "ar" {
                    assert!(text.chars().any(is_arabic_letter), "no Arabic in {text:?}");
                    assert!(!text.chars().any(is_latin_letter), "Latin letters in Arabic {text:?}");
                } else {
                    assert!(!text.chars().any(is_arabic_letter), "Arabic letters in {lang} {text:?}");
                    assert!(text.chars().any(is_latin_letter), "no letters in {lang} {text:?}");
                }
            }
        }
    }

    #[test]
    fn texts_fit_on_a_lock_screen() {
        for lang in PHRASE_LANGUAGES {
            for title in titles(lang) {
                assert!(title.chars().count() <= 60, "title too long in {lang}: {title:?}");
            }
            for body in bodies(lang) {
                assert!(body.chars().count() < 200, "body too long in {lang}: {body:?}");
            }
            // The longest name with the longest phrase, named so a failure says which.
            let longest_service = ServiceType::iter().max_by_key(|s| service_name(lang, *s).chars().count()).unwrap();
            let longest_status = ItemStatus::iter().max_by_key(|s| status_phrase(lang, *s).chars().count()).unwrap();
            let body = request_update_body(lang, longest_service, longest_status);
            assert!(body.chars().count() < 200, "body too long in {lang}: {body:?}");
        }
    }

    #[test]
    fn bodies_are_one_sentence_with_the_service_first() {
        let body = request_update_body("en", ServiceType::LiveCaptioning, ItemStatus::Confirmed);
        assert_eq!(body, "Live captioning: the booking is confirmed.");
        let body = request_update_body("fr", ServiceType::QuietSpace, ItemStatus::NeedsInfo);
        assert_eq!(body, "Espace calme\u{a0}: le bureau a une question à vous poser.");
        let body = request_update_body("es", ServiceType::Dietary, ItemStatus::Arranging);
        assert_eq!(body, "Necesidades alimentarias: la oficina está haciendo la reserva.");
        let body = request_update_body("ar", ServiceType::SightedGuide, ItemStatus::Confirmed);
        assert_eq!(body, "المرشد المبصر: تم تأكيد الحجز.");
        for lang in PHRASE_LANGUAGES {
            for body in bodies(lang) {
                assert!(body.ends_with('.'), "{body:?}");
                assert_eq!(body.matches('.').count(), 1, "more than one sentence: {body:?}");
            }
        }
        // French puts a non-breaking space before every colon and semicolon, never a plain one.
        for text in every_text("fr") {
            assert!(!text.contains(" :") && !text.contains(" ;"), "breaking space in {text:?}");
            for (i, c) in text.char_indices().filter(|(_, c)| matches!(c, ':' | ';')) {
                assert!(text[..i].ends_with('\u{a0}'), "no space before {c:?} in {text:?}");
            }
        }
    }

    #[test]
    fn unknown_languages_answer_in_english() {
        for lang in ["de", "", "zz", "english", "ara"] {
            assert_eq!(request_update_title(lang), request_update_title("en"));
            assert_eq!(test_title(lang), test_title("en"));
            assert_eq!(test_body(lang), test_body("en"));
            for m in MINUTES {
                assert_eq!(reminder_title(lang, m), reminder_title("en", m));
            }
            for kind in ChangeKind::iter() {
                assert_eq!(change_title(lang, kind), change_title("en", kind));
            }
            for severity in Severity::iter() {
                assert_eq!(severity_label(lang, severity), severity_label("en", severity));
            }
            for service in ServiceType::iter() {
                assert_eq!(service_name(lang, service), service_name("en", service));
                for status in ItemStatus::iter() {
                    assert_eq!(status_phrase(lang, status), status_phrase("en", status));
                    assert_eq!(request_update_body(lang, service, status), request_update_body("en", service, status));
                }
            }
        }
        // A region or upper case still finds the language.
        assert_eq!(test_title("ar-JO"), test_title("ar"));
        assert_eq!(test_title("FR"), test_title("fr"));
    }

    #[test]
    fn reminders_count_minutes_in_each_language() {
        assert_eq!(reminder_title("en", 15), "Starts in 15 minutes");
        assert_eq!(reminder_title("en", 1), "Starts in 1 minute");
        assert_eq!(reminder_title("en", 0), "Starting now");
        assert_eq!(reminder_title("en", -2), "Starting now");
        assert_eq!(reminder_title("fr", 5), "Commence dans 5 minutes");
        assert_eq!(reminder_title("es", 1), "Comienza en 1 minuto");
        assert_eq!(reminder_title("ar", 0), "تبدأ الجلسة الآن");
        // Arabic: singular, dual, 3 to 10, 11 and more, exactly as spoken::minutes says them.
        assert_eq!(reminder_title("ar", 1), "بقيت دقيقة واحدة على بدء الجلسة");
        assert_eq!(reminder_title("ar", 2), "بقيت دقيقتان على بدء الجلسة");
        assert_eq!(reminder_title("ar", 5), "بقيت 5 دقائق على بدء الجلسة");
        assert_eq!(reminder_title("ar", 11), "بقيت 11 دقيقة على بدء الجلسة");
        for n in [1, 2, 5, 11] {
            for lang in PHRASE_LANGUAGES {
                let m = spoken::minutes(lang, n).unwrap();
                assert!(reminder_title(lang, n).contains(&m), "{lang} {n}: {}", reminder_title(lang, n));
            }
        }
    }

    #[test]
    fn no_text_carries_more_than_the_service_and_its_status() {
        // Bodies are made only of the two fixed phrases and punctuation: nothing a caller
        // passes in (a name, a detail, a reason) can reach a lock screen through them.
        for lang in PHRASE_LANGUAGES {
            for service in ServiceType::iter() {
                for status in ItemStatus::iter() {
                    let body = request_update_body(lang, service, status);
                    let rest =
                        body.replacen(service_name(lang, service), "", 1).replacen(status_phrase(lang, status), "", 1);
                    assert!(matches!(rest.as_str(), ": ." | "\u{a0}: ."), "{lang}: {body:?}");
                }
            }
        }
    }
}
