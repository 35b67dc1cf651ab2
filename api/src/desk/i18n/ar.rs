//! Arabic (Modern Standard, as written in Jordan). Impersonal polite forms (يُرجى), no gendered imperative.

// Terms: «المندوب» is the UN Arabic word for a conference delegate, in the generic masculine as UN
// Arabic texts use it (slashed forms such as «المندوب/ة» read badly in screen readers); a
// coordinator is «منسق», the organisers «الجهة المنظمة»; an item is a «بند» (one service asked
// for), so statuses agree with it in the masculine; accessibility is «إمكانية الوصول» as in the
// Arabic text of the CRPD (article 9). Buttons are verbal nouns. Western digits, Arabic punctuation (، ؛).

use sanad_schema::entities::enums::ItemStatus;
use sanad_schema::service::accommodation::ActorRole;

use super::Msg;

pub(super) fn text(message: Msg) -> &'static str {
    use Msg::*;
    match message {
        DeskName => "مكتب إمكانية الوصول",
        SkipToContent => "الانتقال إلى المحتوى الرئيسي",
        LanguageMenu => "اللغة",
        SignOut => "تسجيل الخروج",
        SignedInAs => "تم تسجيل الدخول باسم",
        ErrorSummaryTitle => "توجد مشكلة",
        SuccessTitle => "تم بنجاح",
        SignInTitle => "تسجيل الدخول إلى مكتب إمكانية الوصول",
        SignInIntro => "مخصص لمنسقي إمكانية الوصول والجهة المنظمة. يُرجى استخدام رمز الدعوة الذي قدّمته الجهة المنظمة.",
        CodeLabel => "رمز الدعوة",
        CodeHint => "لا فرق بين الأحرف الكبيرة والصغيرة، ولا أهمية للمسافات والشرطات.",
        SignInButton => "تسجيل الدخول",
        CodeMissing => "يُرجى إدخال رمز الدعوة",
        CodeWrong => "هذا الرمز غير صالح. يُرجى التحقق منه، أو طلب رمز جديد من الجهة المنظمة.",
        TooManyAttempts => "محاولات كثيرة جدًا. يُرجى الانتظار دقيقة، ثم المحاولة مرة أخرى.",
        FormExpired => "انتهت صلاحية هذا النموذج، فلم يُنفَّذ أي شيء. يُرجى إرساله مرة أخرى.",
        SignedOut => "تم تسجيل الخروج.",
        NotForYouTitle => "هذا المكتب مخصص للمنسقين والجهة المنظمة",
        NotForYouBody => "تم تسجيل الدخول بحساب مندوب. يقدّم المندوبون طلباتهم ويتابعونها في تطبيق المؤتمر.",
        NotFoundTitle => "الصفحة غير موجودة",
        NotFoundBody => "هذا البند غير موجود، أو أنه يخص مؤتمرًا آخر.",
        BusyTitle => "الخادم مشغول",
        BusyBody => "لم يتغير شيء. يُرجى الانتظار بضع ثوانٍ، ثم المحاولة مرة أخرى.",
        BrokenTitle => "حدث خطأ",
        BrokenBody => "لم يتغير شيء. يُرجى المحاولة مرة أخرى؛ وإذا تكرر الخطأ، يُرجى إبلاغ الفريق التقني بهذا المرجع:",
        QueueTitle => "الطلبات",
        FiltersHeading => "تصفية الطلبات",
        FilterStatus => "الحالة",
        FilterService => "الخدمة",
        FilterLateness => "الموعد النهائي",
        LatenessAny => "الكل",
        LatenessLate => "المتأخرة فقط",
        LatenessOnTime => "المقدَّمة في الموعد فقط",
        FilterDay => "يوم المؤتمر",
        AllDays => "جميع الأيام",
        FilterMine => "البنود المسندة إليّ فقط",
        ApplyFilters => "تطبيق التصفية",
        ClearFilters => "إلغاء التصفية",
        ItemsMatching => "البنود المطابقة",
        QueueUpdated => "تغيّرت قائمة الطلبات.",
        QueueCaption => "الطلبات، الأكثر إلحاحًا أولًا",
        ColService => "الخدمة",
        ColDelegate => "المندوب",
        ColStatus => "الحالة",
        ColCutoff => "الموعد النهائي",
        ColConcerns => "الجلسات أو الأيام",
        ColAssignee => "مسند إلى",
        Late => "متأخر",
        NoItems => "لا توجد طلبات تطابق هذه التصفية.",
        NextPage => "الصفحة التالية",
        FirstPage => "الصفحة الأولى",
        Nobody => "لا أحد",
        BackToQueue => "العودة إلى الطلبات",
        ItemTitle => "بند مطلوب",
        ItemSummary => "معلومات عن هذا البند",
        Delegate => "المندوب",
        Status => "الحالة",
        Cutoff => "الموعد النهائي",
        LateExplained => "متأخر: طُلب بعد الموعد النهائي، ويُرتَّب قدر الإمكان",
        Days => "الأيام",
        Sessions => "الجلسات",
        Assignee => "مسند إلى",
        BookingReference => "مرجع الحجز",
        NeedHeading => "الاحتياج",
        NoDetails => "لم يكتب المندوب أي تفاصيل.",
        DetailsDeleted => "حُذفت التفاصيل (سُحبت الموافقة أو انتهت مدة الاحتفاظ بالبيانات).",
        ShownInLanguage => "لغة النص",
        HistoryHeading => "السجل",
        HistoryCaption => "جميع مراحل هذا البند، من الأقدم إلى الأحدث",
        ColWhen => "التاريخ والوقت",
        ColFrom => "الحالة السابقة",
        ColTo => "الحالة الجديدة",
        ColWho => "بواسطة",
        ColReason => "السبب",
        Submitted => "مُقدَّم",
        MessagesHeading => "الرسائل",
        InternalNote => "ملاحظة داخلية",
        NoMessages => "لا توجد رسائل بعد.",
        MessageDeleted => "حُذفت هذه الرسالة.",
        ViewedHeading => "من فتح هذا الطلب",
        ViewedNobody => "لا أحد حتى الآن.",
        UnknownPerson => "حساب محذوف",
        MoveHeading => "تغيير حالة هذا البند",
        MoveTo => "الحالة الجديدة",
        ClosedItem => "هذا البند مغلق: لا يمكن تغيير حالته.",
        Reason => "السبب",
        ReasonHint => "مطلوب للرفض أو الإلغاء أو اقتراح بديل. سيقرؤه المندوب، لذا يُرجى الكتابة بلغته.",
        ReasonMissing => "يُرجى إدخال السبب",
        BookingHint => "مطلوب للتأكيد: الجهة التي تقدّم الخدمة ومرجعها لديها.",
        BookingMissing => "يُرجى إدخال مرجع الحجز",
        ChooseStatus => "يُرجى اختيار الحالة الجديدة",
        MoveButton => "تغيير الحالة",
        Moved => "تم تغيير الحالة.",
        Conflict => {
            "عدّل شخص آخر هذا البند أثناء الاطلاع عليه، لذا لم يُحفظ التغيير. يظهر البند أدناه كما هو الآن: يُرجى مراجعته، ثم المحاولة مرة أخرى."
        }
        AssignHeading => "الإسناد",
        AssignToMe => "إسناده إليّ",
        Unassign => "إلغاء الإسناد",
        Assigned => "أُسند هذا البند إليكم.",
        Unassigned => "لم يعد هذا البند مسندًا إلى أحد.",
        MessageHeading => "كتابة رسالة",
        MessageLabel => "الرسالة",
        MessageHint => "حتى 4000 حرف. يُبلَّغ المندوب بالرسالة، إلا إذا كانت ملاحظة داخلية.",
        InternalLabel => "ملاحظة داخلية: للمنسقين فقط، ولا يراها المندوب أبدًا",
        SendButton => "إرسال",
        MessageMissing => "يُرجى كتابة رسالة",
        MessageTooLong => "الرسالة طويلة جدًا: الحد الأقصى 4000 حرف",
        MessageSent => "تم إرسال الرسالة.",
        NoteSaved => "تم حفظ الملاحظة الداخلية.",
        PlanningTitle => "احتياجات إمكانية الوصول",
        PlanningIntro => "أعداد ما طلبه المندوبون، لتخطيط القاعات والموظفين. لا تظهر هنا أبدًا هوية من طلب.",
        PlanningByDay => "حسب اليوم",
        PlanningByDayCaption => "البنود المطلوبة، حسب يوم المؤتمر والخدمة",
        PlanningBySession => "حسب الجلسة",
        PlanningBySessionCaption => "البنود المطلوبة، حسب الجلسة والخدمة، مع أماكن الكراسي المتحركة",
        ColDay => "اليوم",
        ColSession => "الجلسة",
        ColNeeds => "الاحتياجات",
        ColSeating => "أماكن الكراسي المتحركة",
        SeatingFits => "الأماكن في القاعة كافية",
        SeatingShort => "الأماكن الناقصة:",
        SeatingUnknown => "عدد أماكن الكراسي المتحركة في القاعة غير معروف",
        NoNeeds => "لم يُطلب أي شيء بعد.",
    }
}

pub(super) fn status(status: ItemStatus) -> &'static str {
    use ItemStatus::*;
    match status {
        Submitted => "مُقدَّم",
        InReview => "قيد المراجعة",
        NeedsInfo => "بانتظار رد المندوب",
        Approved => "موافَق عليه",
        AlternativeProposed => "اقتُرح بديل",
        Declined => "مرفوض",
        Arranging => "قيد الترتيب",
        Confirmed => "مؤكَّد",
        AtRisk => "معرَّض للخطر: نُقلت إحدى الجلسات",
        Delivered => "قُدِّمت الخدمة",
        NotDelivered => "لم تُقدَّم الخدمة",
        Withdrawn => "سحبه المندوب",
        Cancelled => "مُلغى",
    }
}

pub(super) fn actor(actor: ActorRole) -> &'static str {
    match actor {
        ActorRole::Delegate => "المندوب",
        ActorRole::Coordinator => "أحد المنسقين",
        ActorRole::System => "سند",
    }
}

pub(super) fn move_to(status: ItemStatus) -> &'static str {
    use ItemStatus::*;
    match status {
        Submitted => "الإعادة إلى «مُقدَّم»",
        InReview => "بدء المراجعة",
        NeedsInfo => "طلب معلومات من المندوب",
        Approved => "موافقة",
        AlternativeProposed => "اقتراح بديل",
        Declined => "رفض",
        Arranging => "بدء الترتيب",
        Confirmed => "تأكيد الحجز",
        AtRisk => "الإشارة إلى أنه معرَّض للخطر",
        Delivered => "تسجيل تقديم الخدمة",
        NotDelivered => "تسجيل عدم تقديم الخدمة",
        Withdrawn => "سحب",
        Cancelled => "إلغاء البند",
    }
}
