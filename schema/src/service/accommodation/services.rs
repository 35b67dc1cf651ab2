//! What each accommodation service is called and what it is, in every language Sanad writes
//! its own texts in (DESIGN §4, §6).
//!
//! A delegate choosing what to ask for should read "Live captioning" and a sentence about it in
//! their own language, not the enum value `LIVE_CAPTIONING`, and every client should show the
//! same words: so the words live here, once, and the API serves them as `Text`s. Push
//! notifications name services with the same names ([`crate::service::push::phrases`] reads
//! them from here), so "Live captioning: the booking is confirmed" on a phone matches what the
//! app lists.
//!
//! The names say what is provided, never why someone needs it: they are read aloud, on lock
//! screens and in queues. The descriptions are for delegates, in plain language: one sentence
//! on what the service is, one on what to write in the request's `details` so the desk can act
//! without asking back. They ask for the need, never a diagnosis.
//!
//! The table is a `match` over the whole enum with one named field per language, so a new
//! service or a new language does not compile until someone has written its words. The Arabic
//! is Modern Standard Arabic without Latin letters, so an Arabic screen-reader voice never has
//! to switch voices mid-sentence.

use crate::entities::enums::ServiceType;

/// The languages the names and descriptions are written in: those Sanad phrases all its own
/// texts in (`spoken::SPOKEN_LANGUAGES`), so `Scope::spoken` chooses among them.
pub const LANGUAGES: [&str; 4] = ["en", "fr", "ar", "es"];

/// One text in each language: named fields rather than an array, so a missing or misplaced
/// translation is a compile error that names the language.
#[derive(Clone, Copy)]
struct Phrased {
    en: &'static str,
    fr: &'static str,
    ar: &'static str,
    es: &'static str,
}

impl Phrased {
    /// The text in `lang` (a region such as "-JO" and case are ignored); `None` for a language
    /// these texts are not written in, so callers fall back visibly rather than silently.
    fn get(self, lang: &str) -> Option<&'static str> {
        let primary = lang.split(['-', '_']).next().unwrap_or_default();
        [("en", self.en), ("fr", self.fr), ("ar", self.ar), ("es", self.es)]
            .into_iter()
            .find(|(code, _)| primary.eq_ignore_ascii_case(code))
            .map(|(_, text)| text)
    }
}

/// A service's name and description.
struct Wording {
    name: Phrased,
    description: Phrased,
}

/// The name of a service in `lang`, e.g. "Sign-language interpretation"; `None` when Sanad has
/// no words in that language.
pub fn name(lang: &str, service: ServiceType) -> Option<&'static str> {
    wording(service).name.get(lang)
}

/// What a service is and what to say when asking for it, in one or two sentences, in `lang`;
/// `None` when Sanad has no words in that language.
pub fn description(lang: &str, service: ServiceType) -> Option<&'static str> {
    wording(service).description.get(lang)
}

fn wording(service: ServiceType) -> Wording {
    use ServiceType as S;
    match service {
        S::SignLanguageInterpretation => Wording {
            name: Phrased {
                en: "Sign-language interpretation",
                fr: "Interprétation en langue des signes",
                ar: "الترجمة بلغة الإشارة",
                es: "Interpretación en lengua de señas",
            },
            description: Phrased {
                en: "Interpreters sign what is said in sessions, in International Sign or a national sign language \
                     such as Jordanian Sign Language. When you ask, say which sign language you use and which \
                     sessions you will attend.",
                fr: "Des interprètes traduisent les interventions en signes internationaux ou dans une langue des \
                     signes nationale, comme la langue des signes jordanienne. Dans votre demande, précisez la langue \
                     des signes que vous utilisez et les séances auxquelles vous assisterez.",
                ar: "يترجم مترجمون ما يُقال في الجلسات إلى لغة الإشارة الدولية أو إلى لغة إشارة وطنية مثل لغة الإشارة \
                     الأردنية. اذكر في طلبك لغة الإشارة التي تستخدمها والجلسات التي ستحضرها.",
                es: "Un equipo de intérpretes traslada lo que se dice en las sesiones a señas internacionales o a una \
                     lengua de señas nacional, como la lengua de señas jordana. En su solicitud, indique qué lengua de \
                     señas utiliza y a qué sesiones asistirá.",
            },
        },
        S::LiveCaptioning => Wording {
            name: Phrased {
                en: "Live captioning",
                fr: "Sous-titrage en direct",
                ar: "النسخ النصي المباشر",
                es: "Subtitulado en tiempo real",
            },
            description: Phrased {
                en: "A captioner writes down what is said as it is said, shown on a screen in the room and on your \
                     own device. When you ask, say which sessions you will attend and in which language you want the \
                     captions.",
                fr: "Une personne transcrit les interventions au moment où elles sont prononcées, sur un écran dans la \
                     salle et sur votre appareil. Dans votre demande, précisez les séances auxquelles vous assisterez \
                     et la langue souhaitée pour les sous-titres.",
                ar: "يكتب مختص ما يُقال لحظة قوله، فيظهر نصاً على شاشة في القاعة وعلى جهازك. اذكر في طلبك الجلسات التي \
                     ستحضرها واللغة التي تريد أن يظهر بها النص.",
                es: "Una persona transcribe lo que se dice en el momento en que se dice, en una pantalla de la sala y en \
                     su propio dispositivo. En su solicitud, indique a qué sesiones asistirá y en qué idioma desea los \
                     subtítulos.",
            },
        },
        S::BrailleDocuments => Wording {
            name: Phrased {
                en: "Documents in braille",
                fr: "Documents en braille",
                ar: "الوثائق بطريقة برايل",
                es: "Documentos en braille",
            },
            description: Phrased {
                en: "Conference documents in braille, on paper or as files for a braille display. When you ask, say \
                     which documents you need, in which language and grade of braille, and whether you want paper or \
                     files.",
                fr: "Les documents de la conférence en braille, sur papier ou en fichiers pour plage braille. Dans \
                     votre demande, précisez les documents souhaités, leur langue, le braille voulu (intégral ou \
                     abrégé) et si vous préférez le papier ou des fichiers.",
                ar: "وثائق المؤتمر بطريقة برايل، مطبوعة على الورق أو في ملفات لسطر برايل الإلكتروني. اذكر في طلبك \
                     الوثائق التي تحتاج إليها ولغتها ونوع برايل (كامل أو مختصر)، وهل تريدها ورقية أم ملفات.",
                es: "Los documentos de la conferencia en braille, en papel o en archivos para línea braille. En su \
                     solicitud, indique qué documentos necesita, en qué idioma y grado de braille, y si los prefiere en \
                     papel o en archivo.",
            },
        },
        S::LargePrint => Wording {
            name: Phrased {
                en: "Documents in large print",
                fr: "Documents en gros caractères",
                ar: "الوثائق بأحرف كبيرة",
                es: "Documentos en letra grande",
            },
            description: Phrased {
                en: "Conference documents printed in large type. When you ask, say which documents you need and the \
                     print size that suits you, for example 18 point.",
                fr: "Les documents de la conférence imprimés en gros caractères. Dans votre demande, précisez les \
                     documents souhaités et la taille de caractères qui vous convient, par exemple 18 points.",
                ar: "وثائق المؤتمر مطبوعة بأحرف كبيرة. اذكر في طلبك الوثائق التي تحتاج إليها وحجم الخط المناسب لك، \
                     مثلاً 18 نقطة.",
                es: "Los documentos de la conferencia impresos en letra grande. En su solicitud, indique qué documentos \
                     necesita y el tamaño de letra que le conviene, por ejemplo 18 puntos.",
            },
        },
        S::AccessibleDigitalDocuments => Wording {
            name: Phrased {
                en: "Accessible digital documents",
                fr: "Documents numériques accessibles",
                ar: "الوثائق الرقمية الميسّرة",
                es: "Documentos digitales accesibles",
            },
            description: Phrased {
                en: "Conference documents in an accessible format that works with a screen reader or magnifier: \
                     tagged PDF, Word, web page or EPUB. When you ask, say which documents you need and which format \
                     you prefer.",
                fr: "Les documents de la conférence dans un format accessible, lisible avec un lecteur d'écran ou un \
                     logiciel d'agrandissement\u{a0}: PDF balisé, Word, page web ou EPUB. Dans votre demande, \
                     précisez les documents souhaités et le format que vous préférez.",
                ar: "وثائق المؤتمر بصيغة ميسّرة تعمل مع قارئ الشاشة أو برامج التكبير، مثل ملفات بي دي إف الموسومة أو \
                     مستندات وورد أو صفحات الويب أو الكتب الإلكترونية. اذكر في طلبك الوثائق التي تحتاج إليها والصيغة \
                     التي تفضّلها.",
                es: "Los documentos de la conferencia en un formato accesible que funcione con lector de pantalla o \
                     magnificador: PDF etiquetado, Word, página web o EPUB. En su solicitud, indique qué documentos \
                     necesita y qué formato prefiere.",
            },
        },
        S::AssistiveListening => Wording {
            name: Phrased {
                en: "Assistive listening",
                fr: "Dispositif d'écoute assistée",
                ar: "أجهزة الاستماع المساعدة",
                es: "Sistema de escucha asistida",
            },
            description: Phrased {
                en: "A hearing loop or a personal receiver that brings the speakers' voices straight to your hearing \
                     aid, cochlear implant or headphones. When you ask, say which sessions you will attend and whether \
                     you will listen on your hearing device's loop setting or need headphones.",
                fr: "Une boucle magnétique ou un récepteur individuel qui transmet la voix des intervenants directement \
                     à votre aide auditive, à votre implant cochléaire ou à un casque. Dans votre demande, précisez les \
                     séances auxquelles vous assisterez et si vous écouterez en position T de votre appareil ou avec \
                     un casque.",
                ar: "حلقة سمعية أو جهاز استقبال شخصي ينقل صوت المتحدثين مباشرة إلى سماعتك الطبية أو قوقعتك المزروعة أو \
                     سماعات الرأس. اذكر في طلبك الجلسات التي ستحضرها، وهل ستستمع عبر وضع الحلقة في جهازك السمعي أم \
                     تحتاج إلى سماعات رأس.",
                es: "Un bucle magnético o un receptor personal que lleva la voz de los oradores directamente a su \
                     audífono, implante coclear o auriculares. En su solicitud, indique a qué sesiones asistirá y si \
                     escuchará con la posición T de su audífono o necesita auriculares.",
            },
        },
        S::PersonalAssistant => Wording {
            name: Phrased {
                en: "Personal assistant or support person",
                fr: "Assistant personnel ou accompagnant",
                ar: "المساعد الشخصي أو المرافق",
                es: "Asistente personal o persona de apoyo",
            },
            description: Phrased {
                en: "Registration for the personal assistant or support person who comes with you, so they get a \
                     badge and can go wherever you go. When you ask, give their name and the days they will be with \
                     you.",
                fr: "L'inscription de l'assistant personnel ou de la personne qui vous accompagne, pour qu'elle reçoive \
                     un badge et puisse aller partout avec vous. Dans votre demande, indiquez son nom et les jours où \
                     elle sera présente.",
                ar: "تسجيل المساعد الشخصي أو المرافق الذي يأتي معك، ليحصل على شارة ويستطيع مرافقتك أينما ذهبت. اذكر في \
                     طلبك اسمه والأيام التي سيكون فيها معك.",
                es: "La inscripción del asistente personal o la persona de apoyo que le acompaña, para que reciba una \
                     acreditación y pueda ir con usted a todas partes. En su solicitud, indique su nombre y los días en \
                     que estará con usted.",
            },
        },
        S::ServiceAnimal => Wording {
            name: Phrased {
                en: "Guide dog or service animal",
                fr: "Chien guide ou animal d'assistance",
                ar: "كلب الإرشاد أو الحيوان المساعد",
                es: "Perro guía o animal de asistencia",
            },
            description: Phrased {
                en: "What your guide dog or other service animal needs at the conference: a seat with room for it, a \
                     relief area and water. When you ask, say what kind of animal it is and anything else it needs.",
                fr: "Ce dont votre chien guide ou autre animal d'assistance a besoin pendant la conférence\u{a0}: une \
                     place avec de l'espace pour lui, un espace pour ses besoins et de l'eau. Dans votre demande, \
                     précisez de quel animal il s'agit et ce qu'il lui faut d'autre.",
                ar: "ما يحتاج إليه كلب الإرشاد أو الحيوان المساعد الذي يرافقك خلال المؤتمر: مقعد بجانبه مساحة له، ومكان \
                     لقضاء حاجته، وماء. اذكر في طلبك نوع الحيوان وأي شيء آخر يحتاج إليه.",
                es: "Lo que su perro guía u otro animal de asistencia necesita durante la conferencia: un asiento con \
                     espacio para él, una zona para sus necesidades y agua. En su solicitud, indique qué animal es y \
                     qué más necesita.",
            },
        },
        S::SightedGuide => Wording {
            name: Phrased {
                en: "Sighted guide", fr: "Guide voyant", ar: "المرشد المبصر", es: "Guía vidente"
            },
            description: Phrased {
                en: "A trained guide who walks with you between rooms and around the venue. When you ask, say when you \
                     want a guide, for example on arrival each morning or between sessions.",
                fr: "Un guide formé qui vous accompagne entre les salles et dans le lieu de la conférence. Dans votre \
                     demande, précisez quand vous souhaitez un guide, par exemple à votre arrivée chaque matin ou entre \
                     les séances.",
                ar: "مرشد مدرَّب يرافقك في التنقل بين القاعات وفي أرجاء مكان المؤتمر. اذكر في طلبك متى تحتاج إلى \
                     المرشد، مثلاً عند وصولك كل صباح أو بين الجلسات.",
                es: "Una persona guía formada que le acompaña entre las salas y por el recinto de la conferencia. En su \
                     solicitud, indique cuándo desea que le acompañe, por ejemplo al llegar cada mañana o entre \
                     sesiones.",
            },
        },
        S::MobilityAidLoan => Wording {
            name: Phrased {
                en: "Wheelchair or mobility aid loan",
                fr: "Prêt de fauteuil roulant ou d'aide à la mobilité",
                ar: "إعارة كرسي متحرك أو وسيلة مساعدة على التنقل",
                es: "Préstamo de silla de ruedas o ayuda para la movilidad",
            },
            description: Phrased {
                en: "The loan of a wheelchair, walking frame or other mobility aid for the days of the conference. \
                     When you ask, say what you need and on which days.",
                fr: "Le prêt d'un fauteuil roulant, d'un déambulateur ou d'une autre aide à la mobilité pendant la \
                     conférence. Dans votre demande, précisez ce dont vous avez besoin et pour quels jours.",
                ar: "إعارة كرسي متحرك أو مشّاية أو وسيلة أخرى مساعدة على التنقل خلال أيام المؤتمر. اذكر في طلبك ما \
                     تحتاج إليه وفي أي الأيام.",
                es: "El préstamo de una silla de ruedas, un andador u otra ayuda para la movilidad durante la \
                     conferencia. En su solicitud, indique qué necesita y para qué días.",
            },
        },
        S::AccessibleSeating => Wording {
            name: Phrased {
                en: "Reserved accessible seating",
                fr: "Places accessibles réservées",
                ar: "المقاعد الميسّرة المحجوزة",
                es: "Asientos accesibles reservados",
            },
            description: Phrased {
                en: "A reserved seat or wheelchair space in the session rooms, for example near the front, near an \
                     exit or with a clear view of the sign-language interpreters. When you ask, say what kind of place \
                     you need and for which sessions.",
                fr: "Une place réservée ou un emplacement pour fauteuil roulant dans les salles, par exemple près de la \
                     scène, près d'une sortie ou face aux interprètes en langue des signes. Dans votre demande, \
                     précisez le type de place qu'il vous faut et pour quelles séances.",
                ar: "مقعد محجوز أو مكان مخصص للكرسي المتحرك في قاعات الجلسات، مثلاً في المقدمة أو قرب مخرج أو حيث ترى \
                     مترجمي لغة الإشارة بوضوح. اذكر في طلبك نوع المكان الذي تحتاج إليه والجلسات المعنية.",
                es: "Un asiento reservado o un espacio para silla de ruedas en las salas, por ejemplo cerca del \
                     escenario, junto a una salida o con buena vista de los intérpretes de lengua de señas. En su \
                     solicitud, indique qué tipo de lugar necesita y para qué sesiones.",
            },
        },
        S::PriorityScreening => Wording {
            name: Phrased {
                en: "Priority or private security screening",
                fr: "Contrôle de sécurité prioritaire ou en privé",
                ar: "التفتيش الأمني ذو الأولوية أو في مكان خاص",
                es: "Control de seguridad prioritario o privado",
            },
            description: Phrased {
                en: "Security screening without queuing, or in a private room, for example if you cannot walk through \
                     the scanner or a device you use would set it off. When you ask, say what would help you at \
                     security; you need not say why.",
                fr: "Le contrôle de sécurité sans file d'attente, ou dans une pièce à l'écart, par exemple si vous ne \
                     pouvez pas passer sous le portique ou si un appareil que vous utilisez le déclencherait. Dans \
                     votre demande, précisez ce qui vous aiderait au contrôle\u{a0}; inutile d'en donner la raison.",
                ar: "التفتيش الأمني دون انتظار في الطابور أو في غرفة خاصة، مثلاً إن كنت لا تستطيع المرور عبر بوابة الكشف \
                     أو كان جهاز تستخدمه سيُطلق إنذارها. اذكر في طلبك ما يساعدك عند التفتيش، ولا داعي لذكر السبب.",
                es: "El control de seguridad sin esperar turno, o en una sala privada, por ejemplo si no puede pasar por \
                     el arco detector o si un dispositivo que usa lo haría sonar. En su solicitud, indique qué le \
                     ayudaría en el control; no hace falta que explique el motivo.",
            },
        },
        S::AccessibleTransport => Wording {
            name: Phrased {
                en: "Accessible transport",
                fr: "Transport accessible",
                ar: "النقل الميسّر",
                es: "Transporte accesible",
            },
            description: Phrased {
                en: "A wheelchair-accessible vehicle or other transport you can use, between the airport, your hotel \
                     and the venue. When you ask, say which journeys you need, with dates and times if you know them, \
                     and whether you travel seated in your wheelchair.",
                fr: "Un véhicule accessible en fauteuil roulant ou un autre transport adapté, entre l'aéroport, votre \
                     hôtel et le lieu de la conférence. Dans votre demande, précisez les trajets souhaités, avec les \
                     dates et heures si vous les connaissez, et si vous voyagez dans votre fauteuil.",
                ar: "مركبة مهيّأة للكراسي المتحركة أو وسيلة نقل أخرى مناسبة لك، بين المطار والفندق ومكان المؤتمر. اذكر في \
                     طلبك الرحلات التي تحتاج إليها، مع التواريخ والأوقات إن كنت تعرفها، وهل ستبقى جالساً في كرسيك \
                     المتحرك أثناء التنقل.",
                es: "Un vehículo accesible en silla de ruedas u otro transporte adaptado, entre el aeropuerto, su hotel \
                     y el recinto de la conferencia. En su solicitud, indique qué trayectos necesita, con fechas y \
                     horas si las conoce, y si viaja en su propia silla de ruedas.",
            },
        },
        S::AccessibleHotelRoom => Wording {
            name: Phrased {
                en: "Accessible hotel room",
                fr: "Chambre d'hôtel accessible",
                ar: "الغرفة الفندقية الميسّرة",
                es: "Habitación de hotel accesible",
            },
            description: Phrased {
                en: "A hotel room that works for you, for example with step-free access, a level-access shower or a \
                     flashing fire alarm. When you ask, say what the room must have and your arrival and departure \
                     dates.",
                fr: "Une chambre d'hôtel adaptée, par exemple accessible de plain-pied, avec une douche à l'italienne \
                     ou une alarme incendie lumineuse. Dans votre demande, précisez ce que la chambre doit comporter et \
                     vos dates d'arrivée et de départ.",
                ar: "غرفة فندقية تناسب احتياجاتك، مثلاً يمكن دخولها دون درج، وفيها دُشّ بلا حواف أو إنذار حريق ضوئي. اذكر \
                     في طلبك ما يجب أن يتوفر في الغرفة وتاريخَي وصولك ومغادرتك.",
                es: "Una habitación de hotel adaptada, por ejemplo con acceso sin escalones, ducha a ras de suelo o \
                     alarma de incendio luminosa. En su solicitud, indique qué debe tener la habitación y sus fechas de \
                     llegada y salida.",
            },
        },
        S::SpeakingAccommodations => Wording {
            name: Phrased {
                en: "Arrangements for speakers",
                fr: "Aménagements pour les intervenants",
                ar: "الترتيبات الخاصة بالمتحدثين",
                es: "Ajustes para oradores",
            },
            description: Phrased {
                en: "Arrangements for when you speak in a session: a microphone you can use seated, a ramp to the \
                     stage or extra time to speak. When you ask, say which session you speak in and what you need.",
                fr: "Des aménagements pour vos interventions\u{a0}: un micro utilisable en position assise, une rampe \
                     d'accès à la scène ou un temps de parole supplémentaire. Dans votre demande, précisez la séance où \
                     vous intervenez et ce dont vous avez besoin.",
                ar: "ترتيبات لمداخلتك في إحدى الجلسات: ميكروفون يمكنك استخدامه وأنت جالس، أو منحدر للصعود إلى المنصة، أو \
                     وقت إضافي للكلام. اذكر في طلبك الجلسة التي تتحدث فيها وما تحتاج إليه.",
                es: "Ajustes para cuando usted intervenga en una sesión: un micrófono que pueda usar sin ponerse de pie, \
                     una rampa de acceso al escenario o tiempo adicional para hablar. En su solicitud, indique en qué \
                     sesión interviene y qué necesita.",
            },
        },
        S::QuietSpace => Wording {
            name: Phrased {
                en: "Quiet space", fr: "Espace calme", ar: "المكان الهادئ", es: "Espacio tranquilo"
            },
            description: Phrased {
                en: "Access to a calm, low-stimulus room where you can rest away from crowds and noise. When you ask, \
                     say when you expect to need it, if you know.",
                fr: "L'accès à une salle calme et peu stimulante pour vous reposer à l'écart de la foule et du bruit. \
                     Dans votre demande, précisez quand vous pensez en avoir besoin, si vous le savez.",
                ar: "إمكانية الوصول إلى غرفة هادئة قليلة المؤثرات تستريح فيها بعيداً عن الزحام والضجيج. اذكر في طلبك متى \
                     تتوقع أن تحتاج إليها، إن كنت تعرف ذلك.",
                es: "Acceso a una sala tranquila y con pocos estímulos donde descansar lejos de la multitud y el ruido. \
                     En su solicitud, indique cuándo cree que la necesitará, si lo sabe.",
            },
        },
        S::Dietary => Wording {
            name: Phrased {
                en: "Dietary needs",
                fr: "Besoins alimentaires",
                ar: "الاحتياجات الغذائية",
                es: "Necesidades alimentarias",
            },
            description: Phrased {
                en: "Meals and refreshments that suit you, for example gluten-free, nut-free, vegetarian or soft food. \
                     When you ask, say what you cannot eat or what you need, and whether even a trace is dangerous for \
                     you.",
                fr: "Des repas et collations qui vous conviennent, par exemple sans gluten, sans fruits à coque, \
                     végétariens ou à texture mixée. Dans votre demande, précisez ce que vous ne pouvez pas manger ou ce \
                     qu'il vous faut, et si même une trace est dangereuse pour vous.",
                ar: "وجبات ومشروبات خفيفة تناسبك، مثلاً خالية من الغلوتين أو المكسرات، أو نباتية، أو طعام ليّن سهل البلع. \
                     اذكر في طلبك ما لا يمكنك تناوله أو ما تحتاج إليه، وهل تشكّل حتى كمية ضئيلة منه خطراً عليك.",
                es: "Comidas y refrigerios adecuados para usted, por ejemplo sin gluten, sin frutos secos, vegetarianos \
                     o de textura blanda. En su solicitud, indique qué no puede comer o qué necesita, y si incluso una \
                     traza es peligrosa para usted.",
            },
        },
        S::Other => Wording {
            name: Phrased { en: "Other support", fr: "Autre soutien", ar: "دعم آخر", es: "Otro apoyo" },
            description: Phrased {
                en: "Any other support that would help you take part fully. Describe what you need when you ask, and \
                     the desk will tell you what it can arrange.",
                fr: "Tout autre soutien qui vous aiderait à participer pleinement. Décrivez dans votre demande ce dont \
                     vous avez besoin, et le bureau vous dira ce qu'il peut organiser.",
                ar: "أي دعم آخر يساعدك على المشاركة الكاملة. صِف في طلبك ما تحتاج إليه، وسيخبرك المكتب بما يمكنه ترتيبه.",
                es: "Cualquier otro apoyo que le ayude a participar plenamente. Describa en su solicitud lo que necesita \
                     y la oficina le dirá qué puede organizar.",
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::language::scripts::{is_arabic_letter, is_latin_letter};
    use crate::service::spoken;
    use sea_orm::Iterable;
    use std::collections::HashSet;

    /// Every cell of the table: (language, service, name, description).
    fn cells() -> Vec<(&'static str, ServiceType, &'static str, &'static str)> {
        let mut cells = Vec::new();
        for lang in LANGUAGES {
            for service in ServiceType::iter() {
                let name = name(lang, service).unwrap_or_else(|| panic!("no {lang} name for {service:?}"));
                let description =
                    description(lang, service).unwrap_or_else(|| panic!("no {lang} description for {service:?}"));
                cells.push((lang, service, name, description));
            }
        }
        cells
    }

    #[test]
    fn the_languages_are_those_sanad_phrases_its_own_texts_in() {
        // `Scope::spoken` chooses among the spoken languages: a language missing here would be
        // chosen and served empty.
        assert_eq!(LANGUAGES, spoken::SPOKEN_LANGUAGES);
        assert_eq!(LANGUAGES, crate::service::push::phrases::PHRASE_LANGUAGES);
    }

    #[test]
    fn every_service_has_a_name_and_a_description_in_every_language() {
        let cells = cells();
        assert_eq!(cells.len(), LANGUAGES.len() * ServiceType::iter().count());
        for (lang, service, name, description) in cells {
            for text in [name, description] {
                assert!(!text.trim().is_empty(), "an empty text for {service:?} in {lang}");
                assert_eq!(text.trim(), text, "stray spaces for {service:?} in {lang}: {text:?}");
                assert!(!text.contains("  "), "a double space for {service:?} in {lang}: {text:?}");
            }
        }
    }

    #[test]
    fn no_two_services_share_a_name_or_a_description_in_one_language() {
        for lang in LANGUAGES {
            let names: HashSet<_> = ServiceType::iter().filter_map(|s| name(lang, s)).collect();
            assert_eq!(names.len(), ServiceType::iter().count(), "two services share a name in {lang}");
            let descriptions: HashSet<_> = ServiceType::iter().filter_map(|s| description(lang, s)).collect();
            assert_eq!(descriptions.len(), ServiceType::iter().count(), "two services share a description in {lang}");
        }
    }

    #[test]
    fn each_language_is_written_in_its_own_script() {
        for (lang, service, name, description) in cells() {
            for text in [name, description] {
                if lang == "ar" {
                    assert!(text.chars().any(is_arabic_letter), "no Arabic for {service:?}: {text:?}");
                    assert!(!text.chars().any(is_latin_letter), "Latin letters in Arabic for {service:?}: {text:?}");
                } else {
                    assert!(!text.chars().any(is_arabic_letter), "Arabic in {lang} for {service:?}: {text:?}");
                    assert!(text.chars().any(is_latin_letter), "no letters in {lang} for {service:?}: {text:?}");
                }
            }
        }
    }

    #[test]
    fn names_are_short_labels_and_descriptions_one_or_two_sentences() {
        for (lang, service, name, description) in cells() {
            // A name is a label: it fits a lock screen and a list row, and is not a sentence.
            assert!(name.chars().count() <= 60, "name too long in {lang}: {name:?}");
            assert!(!name.ends_with('.'), "a name is not a sentence in {lang}: {name:?}");
            assert!(description.chars().count() <= 320, "description too long for {service:?} in {lang}");
            assert!(description.ends_with('.'), "unfinished description for {service:?} in {lang}");
            let sentences = description.matches(['.', '?', '!', '؟']).count();
            assert!((1..=2).contains(&sentences), "{sentences} sentences for {service:?} in {lang}: {description:?}");
        }
    }

    #[test]
    fn french_puts_a_non_breaking_space_before_colons_and_semicolons() {
        for (_, service, name, description) in cells().into_iter().filter(|(lang, ..)| *lang == "fr") {
            for text in [name, description] {
                for (i, c) in text.char_indices().filter(|(_, c)| matches!(c, ':' | ';' | '?' | '!')) {
                    assert!(text[..i].ends_with('\u{a0}'), "no non-breaking space before {c:?} for {service:?}");
                }
            }
        }
    }

    #[test]
    fn names_are_looked_up_cell_by_cell() {
        use ServiceType as S;
        assert_eq!(name("en", S::SignLanguageInterpretation), Some("Sign-language interpretation"));
        assert_eq!(name("fr", S::LiveCaptioning), Some("Sous-titrage en direct"));
        assert_eq!(name("ar", S::SightedGuide), Some("المرشد المبصر"));
        assert_eq!(name("es", S::Dietary), Some("Necesidades alimentarias"));
        assert_eq!(name("ar", S::PersonalAssistant), Some("المساعد الشخصي أو المرافق"));
        let described = description("en", S::SignLanguageInterpretation).unwrap_or_default();
        assert!(described.contains("International Sign"), "{described}");
        // A region or upper case still finds the language; others have no words here.
        assert_eq!(name("ar-JO", S::QuietSpace), name("ar", S::QuietSpace));
        assert_eq!(name("FR", S::QuietSpace), Some("Espace calme"));
        for lang in ["de", "", "ils", "english", "ara"] {
            assert_eq!(name(lang, S::QuietSpace), None, "{lang}");
            assert_eq!(description(lang, S::QuietSpace), None, "{lang}");
        }
    }
}
