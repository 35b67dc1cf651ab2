//! Modern Standard Arabic. Polite plural, يُرجى; plain words that read well aloud: a screen reader speaks every word.

use sanad_schema::entities::enums::{
    ActorRole, DocumentFormat, Fact, ItemStatus, SessionKind, SessionStatus, SpeakerRole,
};

use super::{Msg, Words};

pub(super) static WORDS: Words = Words { text, fact, kind, status, role, format, item_status, actor, move_to };

fn text(message: Msg) -> &'static str {
    use Msg::*;
    match message {
        AppName => "دليل المؤتمر",
        SkipToContent => "الانتقال إلى المحتوى الرئيسي",
        LanguageMenu => "اللغة",
        MainMenu => "القائمة الرئيسية",
        NavProgramme => "البرنامج",
        NavAgenda => "جدولي",
        NavGlossary => "الاختصارات",
        NavSignIn => "تسجيل الدخول",
        SignOut => "تسجيل الخروج",
        SignedInAs => "تم تسجيل الدخول باسم",
        ErrorSummaryTitle => "توجد مشكلة",
        NotYetTranslated => "لم يُترجَم بعد. يُعرض باللغة",
        SignInTitle => "تسجيل الدخول",
        SignInIntro => {
            "يُرجى تسجيل الدخول برمز الدعوة الذي تلقيتموه من الجهة المنظمة. ويمكنكم الاطلاع على البرنامج دون تسجيل الدخول."
        }
        CodeLabel => "رمز الدعوة",
        CodeHint => "مثال: ABCD-EFGH-JKLM. لا فرق بين الأحرف الكبيرة والصغيرة، ولا أهمية للمسافات والشرطات.",
        SignInButton => "تسجيل الدخول",
        CodeMissing => "يُرجى إدخال رمز الدعوة",
        CodeWrong => "هذا الرمز غير صالح. يُرجى التحقق منه، أو طلب رمز جديد من مكتب المساعدة.",
        TooManyAttempts => "محاولات كثيرة جدًا. يُرجى الانتظار دقيقة، ثم المحاولة مرة أخرى.",
        FormExpired => "انتهت صلاحية هذا النموذج، فلم يُنفَّذ أي شيء. يُرجى إرساله مرة أخرى.",
        SignedOut => "تم تسجيل الخروج.",
        SignedIn => "تم تسجيل الدخول.",
        NotFoundTitle => "الصفحة غير موجودة",
        NotFoundBody => "هذه الجلسة أو الصفحة غير موجودة. ربما حُذفت من البرنامج.",
        BusyTitle => "الخادم مشغول",
        BusyBody => "لم يتغير شيء. يُرجى الانتظار بضع ثوانٍ، ثم المحاولة مرة أخرى.",
        BrokenTitle => "حدث خطأ",
        BrokenBody => "لم يتغير شيء. يُرجى المحاولة مرة أخرى؛ وإذا تكرر الخطأ، يُرجى إبلاغ مكتب المساعدة بهذا المرجع:",
        SignInFirstTitle => "يُرجى تسجيل الدخول أولًا",
        SignInFirstBody => "يُحفظ جدولكم الخاص عند تسجيل الدخول.",
        ProgrammeTitle => "البرنامج",
        NowHeading => "يجري الآن",
        NextHeading => "التالي",
        DaysNav => "أيام المؤتمر",
        AllDays => "كل الأيام",
        FiltersHeading => "البحث عن جلسات",
        FilterText => "كلمات البحث",
        FilterTextHint => "عنوان، أو اسم متحدث، أو قاعة، أو موضوع. لا بأس بالأخطاء الإملائية.",
        FilterSign => "مع ترجمة إلى لغة الإشارة",
        FilterInto => "مع ترجمة فورية إلى",
        AnyLanguage => "أي لغة",
        FilterStepFree => "في قاعة يمكن الوصول إليها دون درجات",
        FilterCaptions => "مع نص مكتوب مباشر",
        AccessLegend => "الإتاحة واللغات",
        ApplyFilters => "عرض الجلسات",
        ClearFilters => "إلغاء التصفية",
        SessionsFound => "عدد الجلسات المطابقة:",
        NoSessions => "لا توجد جلسة مطابقة. يُرجى تقليل عوامل التصفية، أو اختيار يوم آخر.",
        TextTooLong => "يُرجى استخدام كلمات أقل: 16 كلمة و200 حرف على الأكثر.",
        Room => "القاعة",
        NoRoom => "لم يُعلَن عن القاعة بعد",
        StepFree => "الوصول دون درجات",
        SignLanguage => "لغة الإشارة",
        Interpretation => "الترجمة الفورية إلى",
        Captions => "النص المكتوب المباشر",
        InYourAgenda => "في جدولكم",
        BackToProgramme => "العودة إلى البرنامج",
        When => "التاريخ والوقت",
        Where => "المكان",
        Floor => "الطابق",
        Capacity => "عدد المقاعد",
        WheelchairSpaces => "أماكن الكراسي المتحركة",
        HearingLoop => "حلقة سمعية",
        StageAccess => "الوصول إلى المنصة دون درجات",
        OnArrival => "عند الوصول",
        NearestToilet => "أقرب دورة مياه ميسّرة",
        Languages => "اللغات",
        FloorLanguages => "لغات المتحدثين",
        Channel => "القناة",
        FollowCaptions => "متابعة النص المكتوب المباشر",
        AboutSession => "عن هذه الجلسة",
        PlainSummary => "بكلمات بسيطة",
        ContentNote => "تنبيه بشأن المحتوى",
        Speakers => "المتحدثون",
        SayItAs => "النطق:",
        Documents => "الوثائق",
        Changes => "التغييرات",
        CalendarFile => "إضافة إلى تقويم الهاتف (ملف بصيغة ICS)",
        AddToAgenda => "إضافة إلى جدولي",
        RemoveFromAgenda => "إزالة من جدولي",
        SignInToAdd => "يُرجى تسجيل الدخول لإعداد جدولكم الخاص.",
        Added => "أُضيفت الجلسة إلى جدولكم.",
        Removed => "أُزيلت الجلسة من جدولكم.",
        Acronyms => "الاختصارات الواردة في هذه الجلسة",
        Track => "المحور",
        AgendaTitle => "جدولي",
        AgendaIntro => "الجلسات التي اخترتموها، يومًا بيوم، مع ما يستدعي انتباهكم أولًا.",
        AgendaEmpty => "جدولكم فارغ. يُرجى فتح جلسة في البرنامج وإضافتها.",
        ClashesHeading => "ما يستدعي انتباهكم",
        NoClashes => "لا تعارض في المواعيد: لديكم وقت كافٍ للانتقال من كل جلسة إلى التي تليها.",
        ClashTag => "يتعارض مع جلسة أخرى في جدولكم",
        ClashBetween => "بين",
        CalendarFeed => "رابط التقويم الخاص بكم",
        CalendarFeedHint => {
            "يُرجى الاشتراك في هذا العنوان من تطبيق التقويم لعرض جدولكم فيه. هذا العنوان خاص بكم: يُرجى عدم مشاركته."
        }
        NavRequests => "طلباتي",
        RequestsTitle => "طلباتي",
        RequestsIntro => {
            "يمكنكم أن تطلبوا من مكتب إمكانية الوصول ما تحتاجون إليه للمشاركة: الترجمة الفورية، والنص المكتوب المباشر، والوثائق بطريقة برايل أو بخط كبير، والمساعدة على التنقل، وغير ذلك. يُرجى ذكر ما تحتاجون إليه؛ ولا يلزمكم أبدًا تقديم أي تشخيص."
        }
        ConsentHeading => "قبل تقديم طلبكم الأول",
        ConsentAgree => "أوافق",
        Consented => "شكرًا لكم. يمكنكم الآن إرسال الطلبات.",
        NewRequest => "طلب ترتيبات تيسيرية",
        NoRequests => "لم تطلبوا أي شيء بعد.",
        WholeConference => "المؤتمر بأكمله",
        DueBy => "يُرجى الطلب في موعد أقصاه",
        LateMark => "أُرسل الطلب بعد الموعد النهائي: سيبذل المكتب قصارى جهده.",
        LateHint => "انقضى الموعد النهائي: ومع ذلك سيبذل المكتب قصارى جهده.",
        RequestSent => "تم إرسال طلبكم. وسيرد المكتب عليكم هنا.",
        ServiceLegend => "ما الذي تحتاجون إليه؟",
        ServiceMissing => "يُرجى اختيار ما تحتاجون إليه",
        DetailsLabel => "تفاصيل إضافية للمكتب",
        DetailsHint => {
            "مثلًا: لغة الإشارة، أو الوثيقة، أو المساعدة التي تحتاجون إليها. لا يقرأ هذا النص إلا مكتب إمكانية الوصول."
        }
        DetailsMissing => "يُرجى ذكر ما تحتاجون إليه",
        DetailsTooLong => "يُرجى ألا يتجاوز النص 4000 حرف",
        DetailsLangLabel => "لغة النص الذي كتبتموه",
        SessionsLegend => "لأي الجلسات؟",
        SessionsHint => {
            "إذا كانت حاجتكم تشمل المؤتمر بأكمله، فلا داعي لاختيار أي جلسة. وتظهر هنا الجلسات التي تضيفونها إلى جدولكم."
        }
        DaysLegend => "لأي الأيام؟",
        SendRequest => "إرسال الطلب",
        ItemTitle => "طلبكم",
        StatusLabel => "الحالة",
        BookingReference => "مرجع الحجز",
        YourDetails => "ما كتبتموه",
        HistoryHeading => "ما حدث",
        MessagesHeading => "الرسائل المتبادلة مع مكتب إمكانية الوصول",
        NoMessages => "لا توجد رسائل بعد.",
        MessageLabel => "رسالة إلى المكتب",
        MessageHint => "لا يقرأ هذه الرسالة إلا مكتب إمكانية الوصول.",
        SendMessage => "إرسال الرسالة",
        MessageMissing => "يُرجى كتابة رسالتكم",
        MessageTooLong => "يُرجى ألا تتجاوز الرسالة 4000 حرف",
        MessageSent => "تم إرسال رسالتكم.",
        ActionsHeading => "ما يمكنكم فعله",
        ReasonLabel => "السبب",
        ReasonMissing => "يُرجى ذكر السبب",
        ItemMoved => "تم تحديث طلبكم.",
        Conflict => "عدّل المكتب هذا الطلب أثناء اطلاعكم عليه. يُرجى قراءته مرة أخرى، ثم الاختيار.",
        BackToRequests => "العودة إلى طلباتي",
        Why => "السبب:",
        AskForSession => "طلب ترتيبات تيسيرية لهذه الجلسة",
        NavSettings => "الإعدادات",
        SettingsTitle => "الإعدادات",
        LanguagesHeading => "اللغات",
        FirstLanguage => "لغتكم الأولى",
        SecondLanguage => "لغتكم الثانية",
        NoSecondLanguage => "لا توجد",
        LanguagesHint => "تُعرض النصوص بلغتكم الأولى إذا كتبتها الجهة المنظمة بهذه اللغة، وإلا فبلغتكم الثانية.",
        AccessHeading => "الإتاحة",
        ScreenReaderPref => "أستخدم قارئ شاشة",
        CaptionsPref => "أرغب في النص المكتوب المباشر في الجلسات التي توفّره",
        LargeTextPref => "أرغب في عرض النصوص بخط كبير",
        StepFreeOnlyPref => "الاقتصار على المسارات دون درجات عند التنقل بين القاعات",
        ExtraMinutes => "دقائق إضافية لكل انتقال بين القاعات",
        ExtraMinutesHint => "من 0 إلى 60. وتُحتسب في التنبيهات التي تظهر في جدولكم.",
        ExtraMinutesInvalid => "يُرجى إدخال عدد صحيح من الدقائق من 0 إلى 60",
        NotificationsHeading => "الإشعارات",
        SessionRemindersPref => "تذكيري قبل بدء الجلسات المدرجة في جدولي",
        ReminderMinutes => "عدد الدقائق قبل البدء",
        ReminderMinutesHint => "من 1 إلى 240.",
        ReminderMinutesInvalid => "يُرجى إدخال عدد صحيح من الدقائق من 1 إلى 240",
        AgendaChangesPref => "عندما يتغير موعد جلسة في جدولي أو مكانها، أو عند إلغائها",
        AnnouncementsPref => "إعلانات الجهة المنظمة (تصل تنبيهات الطوارئ دائمًا)",
        RequestUpdatesPref => "عندما يطرأ تغيير على أحد طلباتي",
        SaveSettings => "حفظ الإعدادات",
        SettingsSaved => "تم حفظ إعداداتكم.",
        DevicesHeading => "الأجهزة التي تتلقى الإشعارات",
        NoDevices => "لا يتلقى أي جهاز الإشعارات حتى الآن.",
        DeviceRefused => "رفضت خدمة الإشعارات الخاصة بهذا الجهاز رسائلنا: يُرجى إعادة تفعيل الإشعارات من الجهاز نفسه.",
        RegisteredOn => "سُجِّل بتاريخ",
        RemoveDevice => "إيقاف الإشعارات على هذا الجهاز",
        DeviceRemoved => "لن يتلقى ذلك الجهاز أي إشعارات بعد الآن.",
        TurnOnPush => "تفعيل الإشعارات على هذا الهاتف",
        PushHint => "سيطلب منكم المتصفح الإذن. وتصل الإشعارات حتى عندما تكون هذه الصفحة مغلقة.",
        PushOn => "الإشعارات مفعّلة على هذا الهاتف.",
        PushBlocked => "الإشعارات محظورة لهذا الموقع. يُرجى السماح بها من إعدادات المتصفح، ثم المحاولة مرة أخرى.",
        PushFailed => "تعذّر تفعيل الإشعارات. يُرجى المحاولة مرة أخرى لاحقًا.",
        ThisPhone => "هذا الهاتف",
        MyDataHeading => "بياناتكم",
        ExportData => "تنزيل كل ما يحتفظ به سند عنكم (ملف بصيغة JSON)",
        DeleteData => "حذف جميع بياناتي",
        DeleteIntro => {
            "يؤدي ذلك إلى حذف جدولكم، وإعداداتكم، وطلباتكم مع تفاصيلها ورسائلها، وبيانات تسجيل الدخول الخاصة بكم. ولا يمكن التراجع عن ذلك. ولن يرى مكتب إمكانية الوصول طلباتكم بعد الآن."
        }
        DeleteConfirm => "أدرك أنه لا يمكن التراجع عن ذلك",
        DeleteConfirmMissing => "يُرجى وضع علامة في المربع للتأكيد",
        DataDeleted => "تم حذف جميع بياناتكم.",
        AnnouncementsHeading => "الإعلانات",
        AllAnnouncements => "كل الإعلانات",
        NoAnnouncements => "لا توجد إعلانات حتى الآن.",
        WhatToDo => "ما العمل:",
        AboutTheSession => "الجلسة:",
        SeverityInfo => "للعلم",
        SeverityChange => "تغيير في البرنامج",
        SeverityUrgent => "عاجل",
        SeverityEmergency => "حالة طوارئ",
        GlossaryTitle => "الاختصارات",
        GlossaryIntro => "الاختصارات والمصطلحات المستخدمة في البرنامج، ومعناها، وطريقة نطقها.",
        SaidAs => "يُنطق",
    }
}

fn fact(fact: Fact) -> &'static str {
    match fact {
        Fact::Yes => "نعم",
        Fact::No => "لا",
        Fact::Unknown => "لم يُتحقَّق منه بعد",
    }
}

fn kind(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Plenary => "جلسة عامة",
        SessionKind::Panel => "حلقة نقاش",
        SessionKind::Talk => "محاضرة",
        SessionKind::Workshop => "ورشة عمل",
        SessionKind::SideEvent => "فعالية جانبية",
        SessionKind::Break => "استراحة",
        SessionKind::Reception => "حفل استقبال",
        SessionKind::Other => "جلسة",
    }
}

fn status(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Scheduled => "كما هو مقرر",
        SessionStatus::Moved => "تغيّر موعدها أو مكانها",
        SessionStatus::Cancelled => "أُلغيت",
    }
}

fn role(role: SpeakerRole) -> &'static str {
    match role {
        SpeakerRole::Chair => "رئيس الجلسة",
        SpeakerRole::Moderator => "مدير النقاش",
        SpeakerRole::Keynote => "متحدث رئيسي",
        SpeakerRole::Panellist => "عضو في حلقة النقاش",
        SpeakerRole::Speaker => "متحدث",
        SpeakerRole::Rapporteur => "مقرر",
        SpeakerRole::Host => "مضيف",
    }
}

fn format(format: DocumentFormat) -> &'static str {
    match format {
        DocumentFormat::TaggedPdf => "ملف PDF ميسّر",
        DocumentFormat::Docx => "مستند Word",
        DocumentFormat::Html => "صفحة ويب",
        DocumentFormat::Epub => "كتاب إلكتروني بصيغة EPUB",
        DocumentFormat::Brf => "ملف جاهز لطريقة برايل (BRF)",
        DocumentFormat::LargePrint => "طباعة بخط كبير",
        DocumentFormat::EasyRead => "صيغة سهلة القراءة",
    }
}

fn item_status(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Submitted => "أُرسل، ولم يُقرأ بعد",
        ItemStatus::InReview => "قيد المراجعة",
        ItemStatus::NeedsInfo => "يحتاج المكتب إلى مزيد من المعلومات منكم",
        ItemStatus::Approved => "تمت الموافقة عليه",
        ItemStatus::AlternativeProposed => "يقترح المكتب بديلًا: يُرجى الرد",
        ItemStatus::Declined => "مرفوض",
        ItemStatus::Arranging => "قيد الترتيب",
        ItemStatus::Confirmed => "مؤكَّد",
        ItemStatus::AtRisk => "معرَّض للخطر: تغيّرت إحدى الجلسات، ويعمل المكتب على ترتيب الخدمة من جديد",
        ItemStatus::Delivered => "قُدِّمت الخدمة",
        ItemStatus::NotDelivered => "لم تُقدَّم الخدمة",
        ItemStatus::Withdrawn => "سحبتموه",
        ItemStatus::Cancelled => "ألغاه المكتب",
    }
}

fn actor(actor: ActorRole) -> &'static str {
    match actor {
        ActorRole::Delegate => "أنتم",
        ActorRole::Coordinator => "مكتب إمكانية الوصول",
        ActorRole::System => "سند، تلقائيًا",
    }
}

fn move_to(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::InReview => "قدّمتُ المعلومات المطلوبة",
        ItemStatus::Approved => "قبول البديل",
        ItemStatus::Withdrawn => "سحب هذا الطلب",
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
        | ItemStatus::Cancelled => "تحديث",
    }
}
