//! Web Push: subscriptions, the durable outbox and what each notification says (DESIGN §7).

pub mod content;
pub mod notify;
pub mod outbox;
pub mod phrases;
pub mod policy;
pub mod reminders;
pub mod subscriptions;
