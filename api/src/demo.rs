//! The demo conference shipped with Sanad: the Amman 2019 conference on assistance to mine
//! victims and disability rights, as sample content (it says so in `sampleNotice`).

use sanad_schema::entities::conference;
use sanad_schema::service::programme_import::{self, ImportError, Imported};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

/// The demo programme document.
pub const DEMO_JSON: &str = include_str!("../demo/amman-2019.json");
/// Its slug.
pub const DEMO_SLUG: &str = "amman-2019";

/// Loads the demo unless the database already holds it. Returns what was imported, if anything.
pub async fn load_if_absent(db: &DatabaseConnection) -> Result<Option<Imported>, ImportError> {
    let present = conference::Entity::find().filter(conference::Column::Slug.eq(DEMO_SLUG)).count(db).await?;
    if present > 0 {
        return Ok(None);
    }
    let doc = programme_import::parse(DEMO_JSON).map_err(ImportError::Invalid)?;
    programme_import::import(db, &doc).await.map(Some)
}
