//! Texts written to be read aloud by a screen reader: time ranges, day names and floors,
//! in each language Sanad can phrase them in (DESIGN §4: "Tuesday 10 September, 9:30 to
//! 10:45, Amman time"). Times are given in the conference's zone, never the phone's.

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;

/// Languages Sanad phrases spoken times in.
pub const SPOKEN_LANGUAGES: [&str; 4] = ["en", "fr", "ar", "es"];

const WEEKDAYS: [[&str; 7]; 4] = [
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
    ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
];

const MONTHS: [[&str; 12]; 4] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    // The Levantine month names used in Jordan.
    [
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
];

fn index_of(lang: &str) -> Option<usize> {
    SPOKEN_LANGUAGES.iter().position(|l| *l == lang)
}

/// "Tuesday 10 September" in `lang`.
pub fn day_label(lang: &str, date: NaiveDate) -> Option<String> {
    let i = index_of(lang)?;
    let weekday = WEEKDAYS[i][date.weekday().num_days_from_monday() as usize];
    let month = MONTHS[i][date.month0() as usize];
    let day = date.day();
    Some(match lang {
        "es" => format!("{weekday} {day} de {month}"),
        _ => format!("{weekday} {day} {month}"),
    })
}

fn clock(lang: &str, time: &DateTime<Tz>) -> String {
    let (hour, minute) = (time.hour(), time.minute());
    match lang {
        "fr" if minute == 0 => format!("{hour} h"),
        "fr" => format!("{hour} h {minute:02}"),
        _ => format!("{hour}:{minute:02}"),
    }
}

/// A spoken time range in `lang`, with the city whose time it is.
pub fn time_range(lang: &str, start: &DateTime<Tz>, end: &DateTime<Tz>, city: &str) -> Option<String> {
    let start_day = day_label(lang, start.date_naive())?;
    let (from, to) = (clock(lang, start), clock(lang, end));
    // A range that ends on another day names both days.
    let to = if end.date_naive() == start.date_naive() {
        to
    } else {
        format!("{} {to}", day_label(lang, end.date_naive())?)
    };
    Some(match lang {
        "en" => format!("{start_day}, {from} to {to}, {city} time"),
        "fr" => {
            let of_city = if city.starts_with(['A', 'E', 'I', 'O', 'U', 'H', 'Â', 'É', 'Î']) {
                format!("d'{city}")
            } else {
                format!("de {city}")
            };
            format!("{start_day}, de {from} à {to}, heure {of_city}")
        }
        "ar" => format!("{start_day}، من {from} إلى {to}، بتوقيت {city}"),
        "es" => format!("{start_day}, de {from} a {to}, hora de {city}"),
        _ => return None,
    })
}

/// A floor said the way signs and people say it: "ground floor", "1er étage".
pub fn floor_name(lang: &str, floor: i32) -> Option<String> {
    let depth = floor.unsigned_abs();
    Some(match (lang, floor.signum()) {
        ("en", 0) => "ground floor".to_owned(),
        ("en", 1) => format!("floor {floor}"),
        ("en", _) => format!("basement level {depth}"),
        ("fr", 0) => "rez-de-chaussée".to_owned(),
        ("fr", 1) if floor == 1 => "1er étage".to_owned(),
        ("fr", 1) => format!("{floor}e étage"),
        ("fr", _) => format!("sous-sol {depth}"),
        ("ar", 0) => "الطابق الأرضي".to_owned(),
        ("ar", 1) => format!("الطابق {floor}"),
        ("ar", _) => format!("الطابق السفلي {depth}"),
        ("es", 0) => "planta baja".to_owned(),
        ("es", 1) => format!("planta {floor}"),
        ("es", _) => format!("sótano {depth}"),
        _ => return None,
    })
}

/// "5 minutes", with the plural each language needs (Arabic has a dual and a form for 3 to 10).
pub fn minutes(lang: &str, n: i64) -> Option<String> {
    Some(match lang {
        "en" if n == 1 => "1 minute".to_owned(),
        "en" => format!("{n} minutes"),
        "fr" if n.abs() < 2 => format!("{n} minute"),
        "fr" => format!("{n} minutes"),
        "es" if n == 1 => "1 minuto".to_owned(),
        "es" => format!("{n} minutos"),
        "ar" => match n {
            1 => "دقيقة واحدة".to_owned(),
            2 => "دقيقتان".to_owned(),
            3..=10 => format!("{n} دقائق"),
            _ => format!("{n} دقيقة"),
        },
        _ => return None,
    })
}

/// "5 minutes" as an object or after a preposition: Arabic puts the dual in the oblique case
/// ("لمدة دقيقتين", "يستغرق دقيقتين"); other languages and numbers read the same.
fn minutes_oblique(lang: &str, n: i64) -> Option<String> {
    match (lang, n) {
        ("ar", 2) => Some("دقيقتين".to_owned()),
        _ => minutes(lang, n),
    }
}

/// Why two sessions of an agenda overlap, said plainly.
pub fn clash_overlap(lang: &str, overlap_minutes: i64) -> Option<String> {
    let m = minutes_oblique(lang, overlap_minutes)?;
    Some(match lang {
        "en" => format!("These sessions overlap by {m}."),
        "fr" => format!("Ces séances se chevauchent pendant {m}."),
        "es" => format!("Estas sesiones se solapan durante {m}."),
        "ar" => format!("تتداخل هاتان الجلستان لمدة {m}."),
        _ => return None,
    })
}

/// Why the move from one session to the next is too short.
pub fn clash_not_enough_time(lang: &str, gap_minutes: i64, needed_minutes: i64) -> Option<String> {
    // The gap is the subject (nominative), the time needed the object (oblique in Arabic).
    let (gap, needed) = (minutes(lang, gap_minutes)?, minutes_oblique(lang, needed_minutes)?);
    Some(match lang {
        "en" => format!("Only {gap} between these sessions; going from one room to the other takes {needed}."),
        "fr" => format!("Seulement {gap} entre ces séances ; aller d'une salle à l'autre prend {needed}."),
        "es" => format!("Solo {gap} entre estas sesiones; ir de una sala a la otra lleva {needed}."),
        "ar" => format!("بين هاتين الجلستين {gap} فقط، والانتقال من قاعة إلى الأخرى يستغرق {needed}."),
        _ => return None,
    })
}

/// Where and when a session is, for change descriptions: "Hall A, 10:00 to 11:00", with the
/// day first when `with_day` ("Hall A, Tuesday 10 September, 10:00 to 11:00").
fn place_and_time(
    lang: &str,
    room: Option<&str>,
    start: &DateTime<Tz>,
    end: &DateTime<Tz>,
    with_day: bool,
) -> Option<String> {
    let (from, to) = (clock(lang, start), clock(lang, end));
    let span = match lang {
        "en" => format!("{from} to {to}"),
        "fr" => format!("de {from} à {to}"),
        "es" => format!("de {from} a {to}"),
        "ar" => format!("من {from} إلى {to}"),
        _ => return None,
    };
    let comma = if lang == "ar" { "، " } else { ", " };
    let mut parts = Vec::new();
    parts.extend(room.map(str::to_owned));
    if with_day {
        parts.push(day_label(lang, start.date_naive())?);
    }
    parts.push(span);
    Some(parts.join(comma))
}

/// A session before or after a change.
#[derive(Clone, Copy, Debug)]
pub struct Slot<'a> {
    pub room: Option<&'a str>,
    pub start: &'a DateTime<Tz>,
    pub end: &'a DateTime<Tz>,
}

/// What a move changed, in words a screen reader reads well (an arrow is read as "right
/// arrow"): "Moved. Was: Hall A, 10:00 to 11:00. Now: Hall B, 10:30 to 11:30."
pub fn moved(lang: &str, was: Slot<'_>, now: Slot<'_>) -> Option<String> {
    let with_day = was.start.date_naive() != now.start.date_naive();
    let before = place_and_time(lang, was.room, was.start, was.end, with_day)?;
    let after = place_and_time(lang, now.room, now.start, now.end, with_day)?;
    Some(match lang {
        "en" => format!("Moved. Was: {before}. Now: {after}."),
        "fr" => format!("Déplacée. Avant : {before}. Maintenant : {after}."),
        "es" => format!("Trasladada. Antes: {before}. Ahora: {after}."),
        "ar" => format!("نُقلت. سابقاً: {before}. الآن: {after}."),
        _ => return None,
    })
}

/// A cancellation, with the organisers' reason when they gave one in this language.
pub fn cancelled(lang: &str, reason: Option<&str>) -> Option<String> {
    let (word, label) = match lang {
        "en" => ("Cancelled.", "Reason:"),
        "fr" => ("Annulée.", "Motif :"),
        "es" => ("Cancelada.", "Motivo:"),
        "ar" => ("أُلغيت.", "السبب:"),
        _ => return None,
    };
    Some(match reason {
        Some(reason) => format!("{word} {label} {reason}"),
        None => word.to_owned(),
    })
}

/// A cancelled session that takes place after all.
pub fn reinstated(lang: &str, slot: Slot<'_>) -> Option<String> {
    let at = place_and_time(lang, slot.room, slot.start, slot.end, false)?;
    Some(match lang {
        "en" => format!("Takes place after all: {at}."),
        "fr" => format!("Rétablie : {at}."),
        "es" => format!("Restablecida: {at}."),
        "ar" => format!("أُعيدت: {at}."),
        _ => return None,
    })
}

/// "95 metres", with the plural each language needs (Arabic: dual, 3 to 10, 11 to 99).
pub fn metres(lang: &str, n: i64) -> Option<String> {
    Some(match lang {
        "en" if n == 1 => "1 metre".to_owned(),
        "en" => format!("{n} metres"),
        "fr" if n.abs() < 2 => format!("{n} mètre"),
        "fr" => format!("{n} mètres"),
        "es" if n == 1 => "1 metro".to_owned(),
        "es" => format!("{n} metros"),
        "ar" => match n {
            1 => "متر واحد".to_owned(),
            2 => "متران".to_owned(),
            3..=10 => format!("{n} أمتار"),
            11..=99 => format!("{n} مترًا"),
            _ => format!("{n} متر"),
        },
        _ => return None,
    })
}

/// What a way is like, said before its steps: "About 95 metres, 4 minutes on foot. Allow 9
/// minutes with your extra time. Step-free all the way." Parts that are not known are left
/// out; whether the way is step-free is always said (`None`: not known).
pub fn way_summary(
    lang: &str,
    metres_long: Option<i64>,
    walking: Option<i64>,
    needed: Option<i64>,
    step_free: Option<bool>,
) -> Option<String> {
    let mut sentences = Vec::new();
    let long = match metres_long {
        Some(n) => Some(metres(lang, n)?),
        None => None,
    };
    let time = match walking {
        Some(n) => Some(minutes(lang, n)?),
        None => None,
    };
    // "About 83 metres, 4 minutes on foot.", either part alone when the other is not known.
    let (about, comma) = match lang {
        "en" => ("About", ", "),
        "fr" => ("Environ", ", "),
        "es" => ("Unos", ", "),
        "ar" => ("نحو", "، "),
        _ => return None,
    };
    let on_foot = time.map(|t| match lang {
        "en" => format!("{t} on foot"),
        "fr" => format!("{t} à pied"),
        "es" => format!("{t} a pie"),
        _ => format!("{t} سيرًا"),
    });
    let parts: Vec<String> = long.into_iter().chain(on_foot).collect();
    let length = (!parts.is_empty()).then(|| format!("{about} {}.", parts.join(comma)));
    sentences.extend(length);
    if let (Some(needed), Some(walking)) = (needed, walking)
        && needed > walking
    {
        let t = minutes_oblique(lang, needed)?;
        sentences.push(match lang {
            "en" => format!("Allow {t} with your extra time."),
            "fr" => format!("Prévoyez {t} avec votre temps supplémentaire."),
            "es" => format!("Calcule {t} con su tiempo adicional."),
            "ar" => format!("خصّص {t} مع وقتك الإضافي."),
            _ => return None,
        });
    }
    sentences.push(
        match (lang, step_free) {
            ("en", Some(true)) => "Step-free all the way.",
            ("en", Some(false)) => "This way has steps.",
            ("en", None) => "Not known whether this way is step-free.",
            ("fr", Some(true)) => "Sans marches de bout en bout.",
            ("fr", Some(false)) => "Ce chemin comporte des marches.",
            ("fr", None) => "On ne sait pas si ce chemin est sans marches.",
            ("es", Some(true)) => "Sin escalones en todo el recorrido.",
            ("es", Some(false)) => "Este camino tiene escalones.",
            ("es", None) => "No se sabe si este camino está libre de escalones.",
            ("ar", Some(true)) => "خالٍ من الدرجات على طول الطريق.",
            ("ar", Some(false)) => "في هذا الطريق درجات.",
            ("ar", None) => "لا يُعرف إن كان هذا الطريق خاليًا من الدرجات.",
            _ => return None,
        }
        .to_owned(),
    );
    Some(sentences.join(" "))
}

/// Said before the steps of a route walked back: only the other way is written.
pub fn written_the_other_way(lang: &str, from: &str, to: &str) -> Option<String> {
    Some(match lang {
        "en" => format!(
            "From {from} to {to}, directions are written only for the other way. They follow from the last step \
             to the first: where they say left, turn right, and where they say right, turn left."
        ),
        "fr" => format!(
            "De « {from} » vers « {to} », l'itinéraire n'est décrit que dans l'autre sens. Il suit de la dernière étape à la \
             première : là où il dit à gauche, tournez à droite, et là où il dit à droite, tournez à gauche."
        ),
        "es" => format!(
            "De «{from}» a «{to}», el camino solo está descrito en el otro sentido. Sigue del último paso al primero: \
             donde dice a la izquierda, gire a la derecha, y donde dice a la derecha, gire a la izquierda."
        ),
        "ar" => format!(
            "من {from} إلى {to}، الإرشادات مكتوبة للاتجاه المعاكس فقط. ترد الخطوات من الأخيرة إلى الأولى: \
             حيث يُقال يسارًا انعطف يمينًا، وحيث يُقال يمينًا انعطف يسارًا."
        ),
        _ => return None,
    })
}

/// Why no step-free way is given, and what the way below is.
pub fn no_step_free_way(lang: &str, from: &str, to: &str, with_steps_known: bool) -> Option<String> {
    let first = match lang {
        "en" => format!("No step-free way from {from} to {to} is known."),
        "fr" => format!("Aucun chemin sans marches n'est connu de « {from} » à « {to} »."),
        "es" => format!("No se conoce ningún camino sin escalones de «{from}» a «{to}»."),
        "ar" => format!("لا يُعرف طريق خالٍ من الدرجات من {from} إلى {to}."),
        _ => return None,
    };
    let then = match (lang, with_steps_known) {
        ("en", true) => "The way below has steps, marked in it. The help desk can arrange assistance.",
        ("fr", true) => "Le chemin ci-dessous comporte des marches, signalées. L'accueil peut organiser une aide.",
        ("es", true) => {
            "El camino que sigue tiene escalones, señalados. El mostrador de ayuda puede organizar asistencia."
        }
        ("ar", true) => "الطريق أدناه فيه درجات مشار إليها. يمكن لمكتب المساعدة ترتيب المساعدة.",
        ("en", false) => "No other way is known either. The help desk can arrange assistance.",
        ("fr", false) => "Aucun autre chemin n'est connu non plus. L'accueil peut organiser une aide.",
        ("es", false) => "Tampoco se conoce otro camino. El mostrador de ayuda puede organizar asistencia.",
        ("ar", false) => "ولا يُعرف طريق آخر كذلك. يمكن لمكتب المساعدة ترتيب المساعدة.",
        _ => return None,
    };
    Some(format!("{first} {then}"))
}

/// Why no way at all is given.
pub fn no_way(lang: &str, from: &str, to: &str) -> Option<String> {
    Some(match lang {
        "en" => format!("No way from {from} to {to} is known. The help desk can show you the way."),
        "fr" => format!("Aucun chemin n'est connu de « {from} » à « {to} ». L'accueil peut vous montrer le chemin."),
        "es" => {
            format!("No se conoce ningún camino de «{from}» a «{to}». El mostrador de ayuda puede indicarle el camino.")
        }
        "ar" => format!("لا يُعرف طريق من {from} إلى {to}. يمكن لمكتب المساعدة أن يدلّك على الطريق."),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Asia::Amman;

    fn at(day: u32, hour: u32, minute: u32) -> DateTime<Tz> {
        Amman.with_ymd_and_hms(2019, 9, day, hour, minute, 0).single().unwrap()
    }

    #[test]
    fn speaks_a_range_in_each_language() {
        let (start, end) = (at(10, 9, 30), at(10, 10, 45));
        assert_eq!(time_range("en", &start, &end, "Amman").unwrap(), "Tuesday 10 September, 9:30 to 10:45, Amman time");
        assert_eq!(
            time_range("fr", &start, &end, "Amman").unwrap(),
            "mardi 10 septembre, de 9 h 30 à 10 h 45, heure d'Amman"
        );
        assert_eq!(
            time_range("es", &start, &end, "Amán").unwrap(),
            "martes 10 de septiembre, de 9:30 a 10:45, hora de Amán"
        );
        assert_eq!(time_range("ar", &start, &end, "عمّان").unwrap(), "الثلاثاء 10 أيلول، من 9:30 إلى 10:45، بتوقيت عمّان");
        assert_eq!(time_range("de", &start, &end, "Amman"), None);
    }

    #[test]
    fn whole_hours_and_ranges_over_midnight() {
        let (start, end) = (at(10, 22, 0), at(11, 1, 0));
        assert_eq!(
            time_range("en", &start, &end, "Amman").unwrap(),
            "Tuesday 10 September, 22:00 to Wednesday 11 September 1:00, Amman time"
        );
        assert_eq!(
            time_range("fr", &start, &end, "Genève").unwrap(),
            "mardi 10 septembre, de 22 h à mercredi 11 septembre 1 h, heure de Genève"
        );
    }

    #[test]
    fn floors() {
        assert_eq!(floor_name("en", 0).unwrap(), "ground floor");
        assert_eq!(floor_name("fr", 1).unwrap(), "1er étage");
        assert_eq!(floor_name("fr", 2).unwrap(), "2e étage");
        assert_eq!(floor_name("es", -1).unwrap(), "sótano 1");
        assert_eq!(floor_name("ar", 1).unwrap(), "الطابق 1");
    }

    #[test]
    fn minutes_take_each_language_plural() {
        assert_eq!(minutes("en", 1).unwrap(), "1 minute");
        assert_eq!(minutes("en", 0).unwrap(), "0 minutes");
        assert_eq!(minutes("fr", 0).unwrap(), "0 minute");
        assert_eq!(minutes("es", 5).unwrap(), "5 minutos");
        assert_eq!(minutes("ar", 2).unwrap(), "دقيقتان");
        assert_eq!(clash_overlap("ar", 2).unwrap(), "تتداخل هاتان الجلستان لمدة دقيقتين.");
        let short = clash_not_enough_time("ar", 2, 2).unwrap();
        assert!(short.contains("الجلستين دقيقتان فقط") && short.ends_with("يستغرق دقيقتين."), "{short}");
        assert_eq!(minutes("ar", 5).unwrap(), "5 دقائق");
        assert_eq!(minutes("ar", 30).unwrap(), "30 دقيقة");
        assert_eq!(
            clash_not_enough_time("en", 5, 6).unwrap(),
            "Only 5 minutes between these sessions; going from one room to the other takes 6 minutes."
        );
        assert_eq!(clash_overlap("de", 5), None);
    }

    #[test]
    fn changes_are_said_in_words() {
        let (a, b, c, d) = (at(10, 10, 0), at(10, 11, 0), at(10, 10, 30), at(10, 11, 30));
        let was = Slot { room: Some("Hall A"), start: &a, end: &b };
        let now = Slot { room: Some("Hall B"), start: &c, end: &d };
        assert_eq!(moved("en", was, now).unwrap(), "Moved. Was: Hall A, 10:00 to 11:00. Now: Hall B, 10:30 to 11:30.");
        assert_eq!(
            moved("fr", was, now).unwrap(),
            "Déplacée. Avant : Hall A, de 10 h à 11 h. Maintenant : Hall B, de 10 h 30 à 11 h 30."
        );
        let (e, f) = (at(11, 9, 0), at(11, 10, 0));
        let next_day = Slot { room: None, start: &e, end: &f };
        assert_eq!(
            moved("es", was, next_day).unwrap(),
            "Trasladada. Antes: Hall A, martes 10 de septiembre, de 10:00 a 11:00. Ahora: miércoles 11 de septiembre, de 9:00 a 10:00."
        );
        assert_eq!(cancelled("ar", Some("مرض المتحدث")).unwrap(), "أُلغيت. السبب: مرض المتحدث");
        assert_eq!(cancelled("en", None).unwrap(), "Cancelled.");
        assert_eq!(reinstated("en", was).unwrap(), "Takes place after all: Hall A, 10:00 to 11:00.");
        assert_eq!(moved("de", was, now), None);
    }

    #[test]
    fn a_way_is_summed_up_in_each_language() {
        assert_eq!(
            way_summary("en", Some(95), Some(4), Some(9), Some(true)).unwrap(),
            "About 95 metres, 4 minutes on foot. Allow 9 minutes with your extra time. Step-free all the way."
        );
        assert_eq!(
            way_summary("fr", Some(1), None, None, Some(false)).unwrap(),
            "Environ 1 mètre. Ce chemin comporte des marches."
        );
        assert_eq!(
            way_summary("es", None, Some(2), Some(2), None).unwrap(),
            "Unos 2 minutos a pie. No se sabe si este camino está libre de escalones."
        );
        assert_eq!(
            way_summary("ar", Some(2), Some(2), Some(3), Some(true)).unwrap(),
            "نحو متران، دقيقتان سيرًا. خصّص 3 دقائق مع وقتك الإضافي. خالٍ من الدرجات على طول الطريق."
        );
        assert_eq!(way_summary("de", Some(2), Some(2), None, None), None);
    }

    #[test]
    fn metres_take_the_plural_each_language_needs() {
        let cases = [
            ("en", 1, "1 metre"),
            ("en", 12, "12 metres"),
            ("fr", 1, "1 mètre"),
            ("es", 3, "3 metros"),
            ("ar", 1, "متر واحد"),
            ("ar", 2, "متران"),
            ("ar", 7, "7 أمتار"),
            ("ar", 40, "40 مترًا"),
            ("ar", 150, "150 متر"),
        ];
        for (lang, n, said) in cases {
            assert_eq!(metres(lang, n).unwrap(), said, "{lang} {n}");
        }
    }

    #[test]
    fn the_way_back_and_no_way_are_said_with_both_names() {
        for lang in SPOKEN_LANGUAGES {
            for text in [
                written_the_other_way(lang, "Hall A", "Room 101").unwrap(),
                no_step_free_way(lang, "Hall A", "Room 101", true).unwrap(),
                no_step_free_way(lang, "Hall A", "Room 101", false).unwrap(),
                no_way(lang, "Hall A", "Room 101").unwrap(),
            ] {
                assert!(text.contains("Hall A") && text.contains("Room 101"), "{lang}: {text}");
            }
        }
    }
}
