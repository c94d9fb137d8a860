//! The JSON endpoints, one function per CLI command: URL parameters → the
//! same request struct and library entry point the command uses
//! (`crate::api`) → the same JSON writer (`Render::to_json`, and for
//! `mentions` the pieces the CLI streams), so `/api/search?q=x` is byte for
//! byte what `visidex --json search x` prints. Synchronous: the server runs
//! them on blocking threads.

use super::params::Params;
use crate::api::{
    self, FacetsRequest, RecommendationsRequest, SearchRequest, SelectionRequest, ShowRequest,
};
use crate::error::{Error, Result};
use crate::output::{mentions as mentions_out, Render};
use crate::search::mentions::MentionsRequest;
use crate::search::parse_paragraph_id;
use crate::search::shared::SharedIndex;

/// What an endpoint answers: a body and its media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub body: String,
    pub content_type: &'static str,
    /// A file name to offer the body under (`Content-Disposition: attachment`).
    pub download: Option<String>,
}

pub const JSON: &str = "application/json; charset=utf-8";
pub const CSV: &str = "text/csv; charset=utf-8";

impl Answer {
    fn json(body: String) -> Answer {
        Answer {
            body,
            content_type: JSON,
            download: None,
        }
    }
}

/// `GET /api/search` = `visidex --json search`.
pub fn search(index: &SharedIndex, params: &Params) -> Result<Answer> {
    let request = SearchRequest {
        query: params.required_query("q")?,
        filters: params.filters()?,
        limit: params.number("limit", crate::search::FIRST_PAGE)?,
        offset: params.number("offset", 0)?,
        mode: params.mode()?,
    };
    api::check_query(&request.query)?;
    api::check_limit(request.limit)?;
    // The vectors only when they can be used (`mode=lexical` reads none).
    let concepts = match request.mode {
        Some(api::Mode::Lexical) => None,
        _ => index.concepts()?,
    };
    let results = api::search(&index.engine()?, &request, concepts.as_ref())?;
    Ok(Answer::json(results.to_json()?))
}

/// `GET /api/facets` = `visidex --json facets`.
pub fn facets(index: &SharedIndex, params: &Params) -> Result<Answer> {
    let request = FacetsRequest {
        query: params.query("q"),
        filters: params.filters()?,
    };
    api::check_query(&request.query)?;
    let facets = api::facets(&index.engine()?, &request)?;
    Ok(Answer::json(facets.to_json()?))
}

/// `GET /api/mentions` = `visidex --json mentions`, written by the same
/// pieces the CLI streams (head, each paragraph, tail).
pub fn mentions(index: &SharedIndex, params: &Params) -> Result<Answer> {
    let request = MentionsRequest {
        term: params.required_query("term")?,
        filters: params.filters()?,
    };
    api::check_query(&request.term)?;
    let engine = index.engine()?;
    let mut body = mentions_out::json_head(request.term.trim())?;
    let mut first = true;
    let totals = api::mentions(&engine, &request, &mut |mention| {
        body.push_str(&mentions_out::json_paragraph(&mention, first)?);
        first = false;
        Ok(())
    })?;
    body.push_str(&mentions_out::json_tail(&totals)?);
    Ok(Answer::json(body))
}

/// `GET /api/mentions.csv` = `visidex mentions --csv` (`sep`, `bom` as
/// `--sep`, `--bom`): one row per occurrence, offered as a download.
pub fn mentions_csv(index: &SharedIndex, params: &Params) -> Result<Answer> {
    let request = MentionsRequest {
        term: params.required_query("term")?,
        filters: params.filters()?,
    };
    api::check_query(&request.term)?;
    let options = params.csv_options()?;
    let engine = index.engine()?;
    let mut body = mentions_out::csv_header(options)?;
    api::mentions(&engine, &request, &mut |mention| {
        body.push_str(&mentions_out::csv_rows(&mention, options)?);
        Ok(())
    })?;
    Ok(Answer {
        body,
        content_type: CSV,
        download: Some(format!(
            "vermeldingen-{}.csv",
            file_name_part(&request.term)
        )),
    })
}

/// Letters, digits and `-` of `text` (lower case ASCII), for a download's name.
fn file_name_part(text: &str) -> String {
    let mut name = String::new();
    for character in text.trim().chars() {
        if character.is_ascii_alphanumeric() {
            name.push(character.to_ascii_lowercase());
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    if name.is_empty() {
        "term".to_string()
    } else {
        name.chars().take(60).collect()
    }
}

/// `GET /api/show/ID` = `visidex --json show ID`; an unknown id is `NotFound`.
pub fn show(index: &SharedIndex, id: &str, params: &Params) -> Result<Answer> {
    parse_paragraph_id(id.trim())?;
    let context = u32::try_from(params.number("context", 1)?)
        .map_err(|_| Error::Usage("invalid value for `context`: too large".to_string()))?;
    let request = ShowRequest {
        id: id.to_string(),
        context,
    };
    let shown = api::show(&index.engine()?, &request)?;
    Ok(Answer::json(shown.to_json()?))
}

/// `GET /api/reports` = `visidex --json reports`.
pub fn reports(index: &SharedIndex) -> Result<Answer> {
    Ok(Answer::json(api::reports(index.dir())?.to_json()?))
}

/// `GET /api/recommendations` = `visidex --json recommendations`.
pub fn recommendations(index: &SharedIndex, params: &Params) -> Result<Answer> {
    let request = RecommendationsRequest {
        selection: SelectionRequest {
            query: params.query("q"),
            city: params.all("city"),
            theme: params.all("theme"),
            year: params.years("year")?,
        },
        round: params.years("round")?,
    };
    api::check_query(&request.selection.query)?;
    let output = api::recommendations(&index.engine()?, &request)?;
    Ok(Answer::json(output.to_json()?))
}

#[cfg(test)]
mod tests {
    use super::file_name_part;

    #[test]
    fn download_names_keep_only_safe_characters() {
        assert_eq!(file_name_part("OCMW"), "ocmw");
        assert_eq!(file_name_part("\"City Depot\""), "city-depot");
        assert_eq!(file_name_part("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_name_part("«»"), "term");
    }
}
