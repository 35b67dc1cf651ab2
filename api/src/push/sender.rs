//! Sends one delivery to its push service: encrypts (RFC 8291, by web-push), signs (VAPID,
//! cached per origin) and POSTs it with our own client, which has timeouts, follows no
//! redirects and reads at most a few kilobytes of any answer (DESIGN §2 traps).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use reqwest::header::{HeaderName, HeaderValue, RETRY_AFTER};
use sanad_schema::service::push::content::Content;
use sanad_schema::service::push::outbox::{Claimed, Urgency};
use sanad_schema::service::push::policy::{Answer, parse_retry_after};
use tokio::sync::Semaphore;
use web_push::{ContentEncoding, SubscriptionInfo, WebPushMessageBuilder};

use super::PushConfig;
use super::vapid::Vapid;

/// The most of a push service's answer we read: enough for an error message.
const MAX_ANSWER: usize = 4_096;

/// Why a delivery could not even be sent (nothing the push service said).
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the stored message cannot be read: {0}")]
    Content(String),
    #[error("the subscription cannot be encrypted to: {0}")]
    Encrypt(String),
    #[error("the endpoint is not a URL")]
    Endpoint,
    #[error("cannot sign: {0}")]
    Sign(String),
}

pub struct Sender {
    client: reqwest::Client,
    vapid: Vapid,
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender").field("vapid", &self.vapid).finish_non_exhaustive()
    }
}

impl Sender {
    pub fn new(config: &PushConfig, vapid: Vapid) -> reqwest::Result<Self> {
        let mut client = reqwest::Client::builder();
        if config.policy.allow_loopback {
            // A loopback push service is never behind a proxy.
            client = client.no_proxy();
        }
        let client = client
            .connect_timeout(config.timeout)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("sanad/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { client, vapid, per_host: config.per_host.max(1), hosts: Mutex::new(HashMap::new()) })
    }

    pub fn public_key(&self) -> &str {
        self.vapid.public_key()
    }

    fn host_limit(&self, host: &str) -> Arc<Semaphore> {
        match self.hosts.lock() {
            Ok(mut hosts) => {
                hosts.entry(host.to_owned()).or_insert_with(|| Arc::new(Semaphore::new(self.per_host))).clone()
            }
            // A poisoned map only loses the cap's sharing, never a delivery.
            Err(_) => Arc::new(Semaphore::new(self.per_host)),
        }
    }

    /// Sends a claimed delivery and says how the push service answered.
    pub async fn send(&self, claimed: &Claimed) -> Result<Answer, SendError> {
        let content: Content =
            serde_json::from_value(claimed.message.content.clone()).map_err(|e| SendError::Content(e.to_string()))?;
        let payload = content.render(&claimed.languages);
        let subscription = &claimed.subscription;
        let url = url::Url::parse(&subscription.endpoint).map_err(|_| SendError::Endpoint)?;
        let origin = url.origin().ascii_serialization();
        let host = url.host_str().unwrap_or_default().to_owned();
        let info = SubscriptionInfo::new(&subscription.endpoint, &subscription.p256dh, &subscription.auth);
        let signature = self.vapid.signature(&info, &origin).map_err(|e| SendError::Sign(e.to_string()))?;
        let mut builder = WebPushMessageBuilder::new(&info);
        builder.set_payload(ContentEncoding::Aes128Gcm, &payload);
        // What is left of the time to live, not the whole of it, on a retry.
        let left = (claimed.message.expires_at - Utc::now()).num_seconds().clamp(0, i64::from(u32::MAX));
        builder.set_ttl(u32::try_from(left).unwrap_or(0));
        builder.set_urgency(match claimed.message.urgency {
            Urgency::Low => web_push::Urgency::Low,
            Urgency::Normal => web_push::Urgency::Normal,
            Urgency::High => web_push::Urgency::High,
        });
        if let Some(topic) = &claimed.message.topic {
            builder.set_topic(topic.clone());
        }
        builder.set_vapid_signature(signature);
        let message = builder.build().map_err(|e| SendError::Encrypt(e.to_string()))?;
        let request = web_push::request_builder::build_request::<Vec<u8>>(message);
        let (parts, body) = request.into_parts();
        let mut outgoing = self.client.post(url).body(body);
        for (name, value) in &parts.headers {
            if let (Ok(name), Ok(value)) =
                (HeaderName::from_bytes(name.as_str().as_bytes()), HeaderValue::from_bytes(value.as_bytes()))
            {
                outgoing = outgoing.header(name, value);
            }
        }
        let limit = self.host_limit(&host);
        let _permit = limit.acquire().await;
        let response = match outgoing.send().await {
            Ok(response) => response,
            Err(e) if e.is_timeout() => return Ok(Answer::Timeout),
            Err(_) => return Ok(Answer::Unreachable),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, Utc::now()));
        // Read a little of the answer so the connection can be reused; a push service that
        // trickles an endless body is cut off by the size cap or the timeout.
        let mut response = response;
        let mut read = 0;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) if read + chunk.len() <= MAX_ANSWER => read += chunk.len(),
                Ok(None) => break,
                Ok(Some(_)) => break,
                Err(e) if e.is_timeout() && (200..300).contains(&status) => break,
                Err(e) if e.is_timeout() => return Ok(Answer::Timeout),
                Err(_) => break,
            }
        }
        Ok(Answer::Status { status, retry_after })
    }
}
