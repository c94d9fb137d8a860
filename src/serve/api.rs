//! The JSON endpoints, one function per CLI command: parameters → the same
//! library call the command makes → the same JSON writer (`output::json`,
//! `output::mentions`), so `/api/search?q=x` is byte for byte what
//! `visidex --json search x` prints. Synchronous: the server runs them on
//! blocking threads.

use super::params::Params;
use crate::error::{Error, Result};
use crate::index::meta;
use crate::output::{json, mentions as mentions_out};
use crate::search::mentions::MentionsRequest;
use crate::search::shared::SharedIndex;
use crate::search::{parse_paragraph_id, SearchRequest};

/// What an endpoint answers: a body and its media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub body: String,
    pub content_type: &'static str,
}

pub const JSON: &str = "application/json; charset=utf-8";

impl Answer {
    fn json(body: String) -> Answer {
        Answer {
            body,
            content_type: JSON,
        }
    }
}

/// `GET /api/search` = `visidex --json search`.
pub fn search(index: &SharedIndex, params: &Params) -> Result<Answer> {
    let request = SearchRequest {
        query: params.required_query("q")?,
        filters: params.filters()?,
        limit: params.limit(10)?,
        offset: params.number("offset", 0)?,
    };
    let results = index.engine()?.search(&request)?;
    Ok(Answer::json(json::to_json(&json::SearchJson::new(
        &results,
    ))?))
}

/// `GET /api/facets` = `visidex --json facets`.
pub fn facets(index: &SharedIndex, params: &Params) -> Result<Answer> {
    let query = params.query("q")?;
    let filters = params.filters()?;
    let counts = index.engine()?.facets(&query, &filters)?;
    let with_sections = !filters.theme.is_empty();
    Ok(Answer::json(json::to_json(&json::FacetsJson::new(
        &counts,
        with_sections,
    ))?))
}

/// `GET /api/mentions` = `visidex --json mentions`, written by the same
/// pieces the CLI streams (head, each paragraph, tail).
pub fn mentions(index: &SharedIndex, params: &Params) -> Result<Answer> {
    let request = MentionsRequest {
        term: params.required_query("term")?,
        filters: params.filters()?,
    };
    let engine = index.engine()?;
    let mut body = mentions_out::json_head(request.term.trim())?;
    let mut first = true;
    let totals = engine.mentions(&request, false, &mut |mention| {
        body.push_str(&mentions_out::json_paragraph(&mention, first)?);
        first = false;
        Ok(())
    })?;
    body.push_str(&mentions_out::json_tail(&totals)?);
    Ok(Answer::json(body))
}

/// `GET /api/show/ID` = `visidex --json show ID`; an unknown id is `NotFound`.
pub fn show(index: &SharedIndex, id: &str, params: &Params) -> Result<Answer> {
    parse_paragraph_id(id)?;
    let context = u32::try_from(params.number("context", 1)?)
        .map_err(|_| Error::Usage("invalid value for `context`: too large".to_string()))?;
    let shown = index.engine()?.show(id, context)?;
    Ok(Answer::json(json::to_json(&json::ShowJson::new(&shown))?))
}

/// `GET /api/reports` = `visidex --json reports`.
pub fn reports(index: &SharedIndex) -> Result<Answer> {
    let reports: meta::ReportsMeta =
        meta::read_json(&index.dir().join(meta::REPORTS_FILE))?.unwrap_or_default();
    let entries: Vec<json::ReportJson> = reports
        .reports
        .values()
        .map(json::ReportJson::new)
        .collect();
    Ok(Answer::json(json::to_json(&entries)?))
}
