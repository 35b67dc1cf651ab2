//! The programme for schedule apps and conference tools (DESIGN §5): frab's `schedule.xml` at
//! `/schedule.xml` and c3voc's `schedule.json` at `/schedule.json`, each valid against the
//! schema its format publishes, in the viewer's language (`?lang=`, `Accept-Language`), for
//! one conference (`?conference=SLUG`, default the first), with an `ETag` and `304`.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::Response;

use super::AppState;
use super::feed::{self, Failure, Params, wanted};
use crate::schedule::{Format, programme, write};

/// `GET /schedule.xml`.
pub async fn xml(State(state): State<AppState>, headers: HeaderMap, params: Params) -> Response {
    export(&state, &headers, params, Format::FrabXml).await
}

/// `GET /schedule.json`.
pub async fn json(State(state): State<AppState>, headers: HeaderMap, params: Params) -> Response {
    export(&state, &headers, params, Format::C3vocJson).await
}

async fn export(state: &AppState, headers: &HeaderMap, params: Params, format: Format) -> Response {
    let result = async {
        let params = feed::params(params)?;
        let wanted = wanted(&params, headers, &[])?;
        let conference = feed::conference(&state.db, params.conference.as_deref()).await?;
        let base = base_url(state, headers);
        // The file names its own addresses: the base URL is part of what it is.
        let what = format!("{format:?} {} {base}", conference.id);
        let build = async {
            let schedule = programme::load(&state.db, conference, wanted.clone(), &base).await?;
            Ok::<_, Failure>(match format {
                Format::FrabXml => write::frab_xml(&schedule, write::Generator::default()),
                Format::C3vocJson => write::c3voc_json(&schedule, write::Generator::default()),
            })
        };
        feed::cached(state, &what, &wanted, content_type(format), headers, build).await
    }
    .await;
    result.unwrap_or_else(|failure| failure.response(headers))
}

fn content_type(format: Format) -> &'static str {
    match format {
        Format::FrabXml => "application/xml; charset=utf-8",
        Format::C3vocJson => "application/json",
    }
}

/// Where clients reach this server: `--public-url`, else the `Host` they asked for when it
/// is a plain host name or address (anything else could inject into the document).
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.len() <= 255)
        .filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)));
    format!("http://{}", host.unwrap_or("localhost"))
}
