//! The consent a delegate gives before their first request (DESIGN §6 rule 2). The text is
//! versioned: a new version needs a new consent. Plain language, in every language Sanad
//! phrases texts in.

use crate::entities::texts::Translations;

/// The version delegates consent to now.
pub const CURRENT_VERSION: i32 = 1;

/// The text of the current version.
pub fn text() -> Translations {
    Translations::from([
        (
            "en",
            "To arrange the support you ask for, the accessibility desk keeps your request. \
             Only you and the desk's coordinators can read it; organisers see only counts, \
             never names. What you write is encrypted. Each time a coordinator opens your \
             request it is recorded, and you can see who did. Tell us what you need, not why: \
             we never ask about a condition. You can withdraw this consent at any time; what \
             you wrote is then deleted. Everything is deleted 60 days after the conference.",
        ),
        (
            "fr",
            "Pour organiser le soutien que vous demandez, le bureau d'accessibilité conserve \
             votre demande. Seuls vous et les coordinateurs du bureau peuvent la lire ; les \
             organisateurs ne voient que des nombres, jamais de noms. Ce que vous écrivez est \
             chiffré. Chaque fois qu'un coordinateur ouvre votre demande, c'est enregistré, et \
             vous pouvez voir qui l'a fait. Dites-nous ce dont vous avez besoin, pas pourquoi : \
             nous ne demandons jamais de diagnostic. Vous pouvez retirer ce consentement à tout \
             moment ; ce que vous avez écrit est alors supprimé. Tout est supprimé 60 jours \
             après la conférence.",
        ),
        (
            "ar",
            "لترتيب الدعم الذي تطلبه، يحتفظ مكتب إمكانية الوصول بطلبك. لا يستطيع قراءته إلا أنت \
             ومنسقو المكتب؛ ولا يرى المنظمون إلا أعداداً، دون أي أسماء. ما تكتبه يُحفظ مشفّراً. \
             في كل مرة يفتح فيها منسق طلبك يُسجَّل ذلك، ويمكنك أن ترى من فعل. أخبرنا بما تحتاج \
             إليه، لا بسببه: فنحن لا نسأل أبداً عن أي حالة صحية. يمكنك سحب هذه الموافقة في أي \
             وقت، وعندها يُحذف ما كتبته. ويُحذف كل شيء بعد 60 يوماً من انتهاء المؤتمر.",
        ),
        (
            "es",
            "Para organizar el apoyo que solicita, la oficina de accesibilidad conserva su \
             solicitud. Solo usted y los coordinadores de la oficina pueden leerla; los \
             organizadores solo ven cifras, nunca nombres. Lo que usted escribe se guarda \
             cifrado. Cada vez que un coordinador abre su solicitud queda registrado, y usted \
             puede ver quién lo hizo. Díganos qué necesita, no por qué: nunca preguntamos por un \
             diagnóstico. Puede retirar este consentimiento en cualquier momento; lo que escribió \
             se borra entonces. Todo se borra 60 días después de la conferencia.",
        ),
    ])
}
