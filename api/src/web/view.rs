//! Shapes and helpers every web page's templates share.

use serde::Deserialize;

/// A value a template passes as it has it: owned, borrowed, or borrowed twice (askama's loops).
pub trait Val<T> {
    fn val(self) -> T;
}

impl<T: Copy> Val<T> for T {
    fn val(self) -> T {
        self
    }
}

impl<T: Copy> Val<T> for &T {
    fn val(self) -> T {
        *self
    }
}

impl<T: Copy> Val<T> for &&T {
    fn val(self) -> T {
        **self
    }
}

/// A text from the API, in the language it is really in (DESIGN §4): templates put its `lang`
/// and `dir` on the element that holds it, and say when it is a fallback.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Text {
    pub value: String,
    pub lang: String,
    pub dir: String,
    /// True when the text is not in the language asked for (only asked by some operations).
    #[serde(default)]
    pub is_fallback: bool,
}

/// The `dir` attribute for the API's `Dir` (`LTR`, `RTL`).
pub fn dir_attr(dir: &str) -> &'static str {
    if dir.eq_ignore_ascii_case("rtl") { "rtl" } else { "ltr" }
}

impl Text {
    pub fn dir_attr(&self) -> &'static str {
        dir_attr(&self.dir)
    }
}
