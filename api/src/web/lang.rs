//! The four interface languages of the web pages (en, fr, ar, es): the desk and the
//! delegates' app choose among them the same way (`?lang=`, then the `sanad_lang` cookie,
//! then the signed-in person's languages, then `Accept-Language`).

/// A language the web pages speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiLang {
    En,
    Fr,
    Ar,
    Es,
}

impl UiLang {
    /// In the order the language switcher lists them.
    pub const ALL: [UiLang; 4] = [UiLang::En, UiLang::Fr, UiLang::Ar, UiLang::Es];

    /// BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
            Self::Ar => "ar",
            Self::Es => "es",
        }
    }

    /// Writing direction of the page.
    pub fn dir(self) -> &'static str {
        match self {
            Self::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn own_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Fr => "Français",
            Self::Ar => "العربية",
            Self::Es => "Español",
        }
    }

    /// The interface language for a BCP 47 tag (`ar-JO` is Arabic), if the pages speak it.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The first of `tags` the pages speak.
    pub fn first_of<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Self> {
        tags.into_iter().find_map(Self::from_tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_choose_the_interface_language() {
        assert_eq!(UiLang::from_tag("ar-JO"), Some(UiLang::Ar));
        assert_eq!(UiLang::from_tag("FR"), Some(UiLang::Fr));
        assert_eq!(UiLang::from_tag("es_419"), Some(UiLang::Es));
        assert_eq!(UiLang::from_tag("de"), None);
        assert_eq!(UiLang::from_tag(""), None);
        assert_eq!(UiLang::first_of(["de", "ar", "en"]), Some(UiLang::Ar));
        assert_eq!(UiLang::first_of(["de"]), None);
    }

    #[test]
    fn only_arabic_is_right_to_left() {
        for lang in UiLang::ALL {
            assert_eq!(lang.dir() == "rtl", lang == UiLang::Ar, "{lang:?}");
        }
    }
}
