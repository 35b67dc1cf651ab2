//! A browser without JavaScript for the web pages' tests (the desk and the delegates' app):
//! keeps cookies, follows no redirect by itself, and reads forms' hidden values. The journeys
//! in a real browser, with axe-core, are in `tests/browser/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use crate::TestApp;

/// A browser without JavaScript: keeps cookies, follows nothing by itself.
pub struct Browser<'a> {
    app: &'a TestApp,
    /// The cookies this browser holds, by name (tests may read and set them).
    pub cookies: BTreeMap<String, String>,
}

pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect()
    }

    /// The value of `name="…" value="…"` in the page (the first such input).
    pub fn input(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start =
            self.body.find(&marker).unwrap_or_else(|| panic!("no input {name} in {}", self.body)) + marker.len();
        self.body[start..].split('"').next().unwrap().to_owned()
    }
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self { app, cookies: BTreeMap::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep(&mut self, page: &Page) {
        for line in page.set_cookies() {
            let pair = line.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || line.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    pub async fn send(&mut self, request: reqwest::RequestBuilder) -> Page {
        let response = request.header("cookie", self.cookie_header()).send().await.expect("request sent");
        let page = Page {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.expect("a body"),
        };
        self.keep(&page);
        page
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.app.client.get(self.app.url(path));
        self.send(request).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        let request = self
            .app
            .client
            .post(self.app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        self.send(request).await
    }

    pub fn csrf(&self) -> String {
        self.cookies.get("sanad_csrf").cloned().expect("the desk gave a CSRF cookie")
    }

    /// Signs in to the desk with `code` through the form; returns the answer to the POST.
    pub async fn sign_in(&mut self, code: &str) -> Page {
        self.get("/desk/sign-in").await;
        let csrf = self.csrf();
        self.post("/desk/sign-in", &[("csrf", &csrf), ("code", code)]).await
    }

    /// Signs in to the delegates' app with `code`, to come back to `back`; returns the answer
    /// to the POST.
    pub async fn sign_in_to_app(&mut self, code: &str, back: &str) -> Page {
        self.get("/sign-in").await;
        let csrf = self.csrf();
        self.post("/sign-in", &[("csrf", &csrf), ("code", code), ("back", back)]).await
    }
}
