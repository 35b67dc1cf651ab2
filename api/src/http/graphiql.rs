//! GraphiQL at `/graphiql`, every file from the binary (DESIGN §2 traps): async-graphql's page
//! loads React and GraphiQL from unpkg, and on a venue LAN without internet it rendered
//! nothing. GraphiQL 4.1.2's browser bundle and React 18.3.1 are vendored in
//! `api/assets/graphiql/` (versions, hashes, licences and how to update them in its
//! `LICENSES.md`); their URLs carry a tag of their bytes, so a browser keeps them for a year,
//! and each is compressed once per process, on first request, in the coding asked for.

use std::sync::LazyLock;

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::cache::CachedResponse;

/// One vendored file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const ASSETS: [Asset; 5] = [
    Asset {
        name: "graphiql.min.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/graphiql.min.css"),
    },
    Asset {
        name: "react.production.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/react.production.min.js"),
    },
    Asset {
        name: "react-dom.production.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    },
    Asset {
        name: "graphiql.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/graphiql.min.js"),
    },
    Asset {
        name: "init.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/init.js"),
    },
];

/// Where the assets are served: the tag changes whenever one of their bytes does.
const PREFIX: &str = concat!("/graphiql/assets/", env!("SANAD_GRAPHIQL_ASSETS"), "/");

/// Each asset ready to send, compressed on first use.
static CACHED: LazyLock<Vec<CachedResponse>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| {
            let etag = format!("\"{}-{}\"", env!("SANAD_GRAPHIQL_ASSETS"), asset.name);
            CachedResponse::new(Bytes::from_static(asset.bytes), etag.into(), None)
        })
        .collect()
});

/// The page: the stylesheet, then React, ReactDOM, GraphiQL and the script that mounts it.
/// Nothing inline, so the policy allows no inline script or style; GraphiQL's fonts and
/// icons are `data:` URLs inside its stylesheet.
pub async fn page() -> Response {
    let link = |name: &str| format!("{PREFIX}{name}");
    let html = format!(
        "<!doctype html>\n<html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Sanad GraphiQL</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><div id=\"graphiql\" data-endpoint=\"/graphql\"><noscript>GraphiQL needs JavaScript. \
         The schema is at <a href=\"/schema.graphql\">/schema.graphql</a>.</noscript></div>\
         <script src=\"{react}\"></script><script src=\"{react_dom}\"></script>\
         <script src=\"{graphiql}\"></script><script src=\"{init}\"></script></body></html>\n",
        css = link("graphiql.min.css"),
        react = link("react.production.min.js"),
        react_dom = link("react-dom.production.min.js"),
        graphiql = link("graphiql.min.js"),
        init = link("init.js"),
    );
    let mut response = Html(html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; script-src 'self'; font-src 'self' data:; \
             img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// One asset, by the name in its versioned path; an old tag or an unknown name is a 404.
pub async fn asset(Path((tag, name)): Path<(String, String)>, headers: HeaderMap) -> Response {
    let found = ASSETS.iter().position(|asset| asset.name == name).filter(|_| tag == env!("SANAD_GRAPHIQL_ASSETS"));
    let Some(index) = found else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let Some(cached) = CACHED.get(index) else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let mut response = cached.send(&headers, ASSETS[index].content_type, true);
    let out = response.headers_mut();
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    out.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_linked_from_the_page_and_nothing_else_is() {
        let page = futures::executor::block_on(page());
        let body = futures::executor::block_on(axum::body::to_bytes(page.into_body(), 1 << 20)).unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        for asset in &ASSETS {
            assert!(html.contains(&format!("{PREFIX}{}", asset.name)), "{} is not linked", asset.name);
            assert!(!asset.bytes.is_empty());
        }
        assert_eq!(html.matches("src=\"").count() + html.matches("href=\"").count(), ASSETS.len() + 1);
        assert!(!html.contains("http://") && !html.contains("https://"), "no other origin");
    }
}
