//! Closed sets stored as words (audit actor roles, tombstone kinds, the change log's targets
//! and actions, push delivery statuses and urgencies) are
//! enums in the entities: they keep the words already in the database, and a word the code
//! does not know fails the read with an error that names it, never a silent default.

use std::time::{Duration, Instant};

use sanad_schema::entities::enums::{ActorRole, Role};
use sanad_schema::entities::push_delivery::{self, DeliveryStatus};
use sanad_schema::entities::push_message::{self, Urgency};
use sanad_schema::entities::tombstone::{self, TombstoneKind};
use sanad_schema::entities::{item_transition, request_message};
use sanad_schema::service::live::{ChangeAction, ChangeTarget};
use sanad_tests::push_service::PushService;
use sanad_tests::{TestApp, data, error_code, spawn_app};
use sea_orm::{ActiveEnum, ConnectionTrait, EntityTrait, Iterable, QueryOrder, QuerySelect};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(15);

/// Rewrites one column of every row of `table` to `word`, behind the entities' back.
async fn corrupt(app: &TestApp, table: &str, column: &str, word: &str) {
    let sql = format!("UPDATE {table} SET {column} = '{word}'");
    let changed = app.server.state.db.execute_unprepared(&sql).await.unwrap().rows_affected();
    assert!(changed > 0, "no {table} row to corrupt");
}

#[test]
fn the_enums_store_the_words_already_in_the_database() {
    let actors: Vec<String> = ActorRole::iter().map(|r| r.to_value()).collect();
    assert_eq!(actors, ["DELEGATE", "COORDINATOR", "SYSTEM"]);
    let kinds: Vec<String> = TombstoneKind::iter().map(|k| k.to_value()).collect();
    assert_eq!(kinds, ["session", "room", "route", "speaker", "document", "glossary_entry", "track", "place"]);
    let urgencies: Vec<String> = Urgency::iter().map(|u| u.to_value()).collect();
    assert_eq!(urgencies, ["low", "normal", "high"]);
    let statuses: Vec<String> = DeliveryStatus::iter().map(|s| s.to_value()).collect();
    assert_eq!(statuses, ["pending", "delivered", "failed", "superseded", "expired"]);
    // The change log's words: the migration writes `conference` and `updated` itself.
    let targets: Vec<String> = ChangeTarget::iter().map(|t| t.to_value()).collect();
    assert_eq!(
        targets,
        [
            "session",
            "room",
            "speaker",
            "track",
            "document",
            "glossary_entry",
            "announcement",
            "conference",
            "venue",
            "point_of_interest",
            "route"
        ]
    );
    let actions: Vec<String> = ChangeAction::iter().map(|a| a.to_value()).collect();
    assert_eq!(actions, ["created", "updated", "deleted", "moved", "cancelled", "reinstated", "published"]);
    // The personal-data export writes actor roles through serde: the same words.
    let exported: Vec<Value> = ActorRole::iter().map(|r| serde_json::to_value(r).unwrap()).collect();
    assert_eq!(exported, [json!("DELEGATE"), json!("COORDINATOR"), json!("SYSTEM")]);
}

#[tokio::test]
async fn an_unknown_actor_role_is_an_error_that_names_it() {
    let app = spawn_app().await;
    let db = &app.server.state.db;
    let amina = app.signed_in(Role::Delegate, "Amina").await;
    let consent = "mutation { giveAccommodationConsent(version: 1, lang: \"en\") { version } }";
    assert!(app.graphql_with_token(consent, json!({}), &amina).await.get("errors").is_none());
    let session = app.session_ids().await["opening-plenary"].clone();
    let submit = "mutation($items: [RequestItemInput!]!) {
      submitAccommodationRequest(idempotencyKey: \"key-1\", items: $items) { items { id } } }";
    let items = json!([{ "serviceType": "SIGN_LANGUAGE_INTERPRETATION", "details": "International Sign", "sessionIds": [session] }]);
    let submitted = app.graphql_with_token(submit, json!({ "items": items }), &amina).await;
    let id = data(&submitted)["submitAccommodationRequest"]["items"][0]["id"].clone();
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    let review = "mutation($id: ID!) { moveRequestItem(itemId: $id, to: IN_REVIEW, expectedVersion: 1) { status } }";
    assert!(app.graphql_with_token(review, json!({ "id": id }), &coordinator).await.get("errors").is_none());
    let send = "mutation($id: ID!) { sendRequestMessage(itemId: $id, body: \"Which sign language?\") { status } }";
    assert!(app.graphql_with_token(send, json!({ "id": id }), &coordinator).await.get("errors").is_none());

    // Written as the words they always were, and read back as the same roles.
    let stored: Vec<String> = item_transition::Entity::find()
        .select_only()
        .column(item_transition::Column::ActorRole)
        .order_by_asc(item_transition::Column::Id)
        .into_tuple()
        .all(db)
        .await
        .unwrap();
    assert_eq!(stored, ["DELEGATE", "COORDINATOR"]);
    let steps = item_transition::Entity::find().order_by_asc(item_transition::Column::Id).all(db).await.unwrap();
    assert_eq!(steps.iter().map(|s| s.actor_role).collect::<Vec<_>>(), [ActorRole::Delegate, ActorRole::Coordinator]);
    let authors: Vec<String> = request_message::Entity::find()
        .select_only()
        .column(request_message::Column::AuthorRole)
        .into_tuple()
        .all(db)
        .await
        .unwrap();
    assert_eq!(authors, ["COORDINATOR"]);
    let trail = "query($id: ID!) { node(id: $id) { ... on RequestItem { history { actor } messages { author } } } }";
    let seen = app.graphql_with_token(trail, json!({ "id": id }), &amina).await;
    assert_eq!(data(&seen)["node"]["history"], json!([{ "actor": "DELEGATE" }, { "actor": "COORDINATOR" }]));
    assert_eq!(data(&seen)["node"]["messages"], json!([{ "author": "COORDINATOR" }]));
    let export = app.graphql_with_token("{ myDataExport }", json!({}), &amina).await;
    let item = &data(&export)["myDataExport"]["accommodationRequests"][0]["items"][0];
    assert_eq!(item["history"][0]["by"], "DELEGATE");
    assert_eq!(item["history"][1]["by"], "COORDINATOR");
    assert_eq!(item["messages"][0]["by"], "COORDINATOR");

    // A role the code does not know is an error naming it, not a step "by Sanad itself".
    corrupt(&app, "item_transition", "actor_role", "ROBOT").await;
    let error = item_transition::Entity::find().all(db).await.unwrap_err();
    assert!(error.to_string().contains("ROBOT"), "the error names the stored value: {error}");
    let history = "query($id: ID!) { node(id: $id) { ... on RequestItem { history { actor } } } }";
    let refused = app.graphql_with_token(history, json!({ "id": id }), &amina).await;
    assert_eq!(error_code(&refused), "INTERNAL", "{refused}");
    assert!(!refused.to_string().contains("SYSTEM"), "{refused}");

    corrupt(&app, "request_message", "author_role", "ROBOT").await;
    let error = request_message::Entity::find().all(db).await.unwrap_err();
    assert!(error.to_string().contains("ROBOT"), "the error names the stored value: {error}");
    let thread = "query($id: ID!) { node(id: $id) { ... on RequestItem { messages { author } } } }";
    let refused = app.graphql_with_token(thread, json!({ "id": id }), &amina).await;
    assert_eq!(error_code(&refused), "INTERNAL", "{refused}");
}

#[tokio::test]
async fn an_unknown_tombstone_kind_is_an_error_that_names_it() {
    let app = spawn_app().await;
    let db = &app.server.state.db;
    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let id = app.session_ids().await["opening-plenary"].clone();
    let delete = "mutation($id: ID!) { deleteSession(id: $id) { id programmeVersion } }";
    let deleted = app.graphql_with_token(delete, json!({ "id": id }), &organiser).await;
    let version = data(&deleted)["deleteSession"]["programmeVersion"].as_i64().unwrap();

    // Written as the words they always were, and read back as the same kinds.
    let stored: Vec<String> = tombstone::Entity::find()
        .select_only()
        .column(tombstone::Column::Entity)
        .order_by_asc(tombstone::Column::Id)
        .into_tuple()
        .all(db)
        .await
        .unwrap();
    assert_eq!(stored.last().map(String::as_str), Some("session"), "{stored:?}");
    let kinds = tombstone::Entity::find().order_by_asc(tombstone::Column::Id).all(db).await.unwrap();
    assert_eq!(kinds.iter().map(|k| k.entity.to_value()).collect::<Vec<_>>(), stored);
    let since = "query($v: Int!) { conference { deletedSince(since: $v) { id } } }";
    let dropped = app.graphql(since, json!({ "v": version - 1 })).await;
    let ids = data(&dropped)["conference"]["deletedSince"].as_array().unwrap().clone();
    assert!(ids.contains(&json!({ "id": id })), "{ids:?}");

    // A kind the code does not know is an error naming it, not a deletion quietly left out.
    corrupt(&app, "tombstone", "entity", "planet").await;
    let error = tombstone::Entity::find().all(db).await.unwrap_err();
    assert!(error.to_string().contains("planet"), "the error names the stored value: {error}");
    let refused = app.graphql(since, json!({ "v": 0 })).await;
    assert_eq!(error_code(&refused), "INTERNAL", "{refused}");
}

#[tokio::test]
async fn an_unknown_delivery_status_is_an_error_that_names_it() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let db = &app.server.state.db;
    let token = app.signed_in(Role::Delegate, "Amina").await;
    let device = push.new_device();
    let register = "mutation($e: String!, $k: String!, $a: String!) {
      registerPushSubscription(endpoint: $e, p256dh: $k, auth: $a, label: \"Phone\") { id } }";
    let variables = json!({ "e": device.endpoint, "k": device.p256dh, "a": device.auth });
    let registered = app.graphql_with_token(register, variables, &token).await;
    let subscription = data(&registered)["registerPushSubscription"]["id"].clone();
    let test = "mutation($id: ID!) { sendTestNotification(id: $id) }";
    assert_eq!(
        data(&app.graphql_with_token(test, json!({ "id": subscription }), &token).await)["sendTestNotification"],
        true
    );
    assert_eq!(push.wait_for(&device, 1, WAIT).await.len(), 1);

    // Written as the word it always was ("pending", then "delivered"), and read back.
    let deadline = Instant::now() + WAIT;
    let delivery = loop {
        let rows = push_delivery::Entity::find().all(db).await.unwrap();
        assert_eq!(rows.len(), 1, "{rows:?}");
        if rows[0].status == DeliveryStatus::Delivered {
            break rows[0].clone();
        }
        assert!(Instant::now() < deadline, "never recorded delivered: {rows:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let stored: Vec<String> = push_delivery::Entity::find()
        .select_only()
        .column(push_delivery::Column::Status)
        .into_tuple()
        .all(db)
        .await
        .unwrap();
    assert_eq!(stored, ["delivered"], "{delivery:?}");

    // A status the code does not know is an error naming it.
    corrupt(&app, "push_delivery", "status", "lost").await;
    let error = push_delivery::Entity::find().all(db).await.unwrap_err();
    assert!(error.to_string().contains("lost"), "the error names the stored value: {error}");

    // The message's urgency too: stored as its word, and never sent as another one.
    let urgencies: Vec<String> = push_message::Entity::find()
        .select_only()
        .column(push_message::Column::Urgency)
        .into_tuple()
        .all(db)
        .await
        .unwrap();
    assert_eq!(urgencies, ["normal"]);
    corrupt(&app, "push_message", "urgency", "urgent").await;
    let error = push_message::Entity::find().all(db).await.unwrap_err();
    assert!(error.to_string().contains("urgent"), "the error names the stored value: {error}");
}
