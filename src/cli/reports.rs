//! `visidex reports`: the indexed reports, from the index's bookkeeping
//! (`reports.json`), without touching the paragraph documents.

use super::{write_stdout, GlobalArgs};
use crate::error::Result;
use crate::index::{self, meta};
use crate::output::{human, json};

pub fn run(global: &GlobalArgs) -> Result<u8> {
    index::read_meta(&global.index)?;
    let reports: meta::ReportsMeta =
        meta::read_json(&global.index.join(meta::REPORTS_FILE))?.unwrap_or_default();
    let list: Vec<&meta::IndexedReport> = reports.reports.values().collect();
    let text = if global.json {
        let entries: Vec<json::ReportJson> =
            list.iter().map(|r| json::ReportJson::new(r)).collect();
        json::to_json(&entries)?
    } else {
        human::render_reports(&list)
    };
    write_stdout(&text)?;
    Ok(0)
}
