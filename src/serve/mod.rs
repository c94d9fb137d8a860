//! `visidex serve`: a local web page over the same index, for people who
//! would rather click than type.
//!
//! Why axum on tokio: a server is the one place where async earns its keep —
//! many idle keep-alive connections from a browser, requests that must not
//! queue behind one slow `mentions`, and graceful shutdown on Ctrl-C/SIGTERM
//! that finishes open requests. hyper (under axum) is the most used and
//! fuzzed HTTP/1 implementation in Rust, so request parsing — the part that
//! meets hostile input — is not ours. The cost is bounded: only the `http1`
//! and `tokio` features, no tower-http, no macros (the stripped binary grows
//! by about a megabyte; see the README). The library stays synchronous: every
//! API call runs on a blocking thread (`spawn_blocking`) inside the same
//! index-damage guard as a CLI command.
//!
//! What is served is fixed at compile time: the embedded page (`assets`) and
//! the JSON endpoints (`api`), nothing from disk. Every answer carries a
//! strict Content-Security-Policy and `nosniff`; methods other than GET/HEAD
//! are 405; errors are `{"error","position"}` with the CLI's message.

pub mod api;
pub mod assets;
pub mod params;

use crate::error::{Error, Result};
use crate::output::json::{document, ErrorJson};
use crate::search::shared::SharedIndex;
use api::Answer;
use axum::extract::{Path as UrlPath, RawQuery, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use params::Params;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Where to listen.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions<'a> {
    pub bind: IpAddr,
    /// 0 takes a free port.
    pub port: u16,
    /// The sentence-encoder model folder (`$VISIDEX_MODEL`): concept search
    /// when it holds the model, lexical search only otherwise.
    pub models: Option<&'a Path>,
}

/// The page's security policy: its own script, style and API only.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How long open requests may take to finish once a shutdown was asked for.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

type Shared = Arc<SharedIndex>;

/// Serve the index in `index_dir` until Ctrl-C or SIGTERM. `on_listening`
/// gets the bound address (the CLI prints it) before the first request.
pub fn serve(
    index_dir: &Path,
    options: ServeOptions<'_>,
    on_listening: impl FnOnce(SocketAddr),
) -> Result<()> {
    let index: Shared = Arc::new(SharedIndex::open(index_dir, options.models)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("visidex-serve")
        .build()
        .map_err(|source| Error::io("<tokio runtime>", source))?;
    let address = SocketAddr::new(options.bind, options.port);
    let outcome = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|source| Error::io(address.to_string(), source))?;
        let bound = listener
            .local_addr()
            .map_err(|source| Error::io(address.to_string(), source))?;
        on_listening(bound);
        axum::serve(listener, router(index))
            .with_graceful_shutdown(shutdown_requested())
            .await
            .map_err(|source| Error::io(bound.to_string(), source))
    });
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    outcome
}

/// The routes: the embedded page and the API; everything else is 404.
pub fn router(index: Shared) -> Router {
    let mut router = Router::new();
    for path in assets::paths() {
        router = router.route(path, get(move || async move { asset_response(path) }));
    }
    router
        .route("/api/search", get(search))
        .route("/api/facets", get(facets))
        .route("/api/mentions", get(mentions))
        .route("/api/mentions.csv", get(mentions_csv))
        .route("/api/show/{id}", get(show))
        .route("/api/reports", get(reports))
        .route("/api/recommendations", get(recommendations))
        .fallback(not_found)
        .layer(middleware::from_fn(secure))
        .with_state(index)
}

async fn search(State(index): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    answer(index, move |index| {
        api::search(index, &Params::parse(raw.as_deref()))
    })
    .await
}

async fn facets(State(index): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    answer(index, move |index| {
        api::facets(index, &Params::parse(raw.as_deref()))
    })
    .await
}

async fn mentions(State(index): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    answer(index, move |index| {
        api::mentions(index, &Params::parse(raw.as_deref()))
    })
    .await
}

async fn mentions_csv(State(index): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    answer(index, move |index| {
        api::mentions_csv(index, &Params::parse(raw.as_deref()))
    })
    .await
}

async fn show(
    State(index): State<Shared>,
    id: std::result::Result<UrlPath<String>, axum::extract::rejection::PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Ok(UrlPath(id)) = id else {
        return error_response(&Error::Usage(
            "malformed paragraph id: expected REPORT:N, e.g. `hasselt-2011:12`".to_string(),
        ));
    };
    answer(index, move |index| {
        api::show(index, &id, &Params::parse(raw.as_deref()))
    })
    .await
}

async fn recommendations(State(index): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    answer(index, move |index| {
        api::recommendations(index, &Params::parse(raw.as_deref()))
    })
    .await
}

async fn reports(State(index): State<Shared>) -> Response {
    answer(index, api::reports).await
}

async fn not_found(request: Request) -> Response {
    let error = Error::NotFound(format!("no such page: {}", request.uri().path()));
    error_response(&error)
}

/// Run one API call on a blocking thread, behind the index-damage guard.
async fn answer(
    index: Shared,
    work: impl FnOnce(&SharedIndex) -> Result<Answer> + Send + 'static,
) -> Response {
    let outcome = tokio::task::spawn_blocking(move || {
        crate::index::guard::guarded(index.dir(), || work(&index))
    })
    .await;
    match outcome {
        Ok(Ok(answer)) => {
            let mut response = (
                [
                    (header::CONTENT_TYPE, answer.content_type),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                answer.body,
            )
                .into_response();
            // The name is ASCII letters, digits and dashes (`api::file_name_part`).
            if let Some(value) = answer.download.and_then(|name| {
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).ok()
            }) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Ok(Err(error)) => error_response(&error),
        Err(_) => error_response(&Error::Index(
            "internal error: the request's task ended unexpectedly".to_string(),
        )),
    }
}

fn asset_response(path: &str) -> Response {
    match assets::asset(path) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, asset.content_type),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            asset.body,
        )
            .into_response(),
        None => error_response(&Error::NotFound(format!("no such page: {path}"))),
    }
}

/// The HTTP status for an error: the CLI's exit 2 is 400 (404 for a
/// well-formed name of nothing), its exit 1 is 500.
pub fn status_of(error: &Error) -> StatusCode {
    match error {
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        _ if error.exit_code() == 2 => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn error_response(error: &Error) -> Response {
    json_error(status_of(error), &ErrorJson::new(error))
}

fn json_error(status: StatusCode, error: &ErrorJson) -> Response {
    let body =
        document(error).unwrap_or_else(|_| "{\"error\":\"error\",\"position\":null}\n".into());
    (
        status,
        [
            (header::CONTENT_TYPE, api::JSON),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// GET and HEAD only; security headers on every answer.
async fn secure(request: Request, next: Next) -> Response {
    let mut response = if request.method() == Method::GET || request.method() == Method::HEAD {
        next.run(request).await
    } else {
        let mut response = json_error(
            StatusCode::METHOD_NOT_ALLOWED,
            &ErrorJson {
                error: format!("method {} not allowed: only GET and HEAD", request.method()),
                position: None,
            },
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        response
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_requested() {
    let notify = Arc::new(Notify::new());
    {
        let notify = Arc::clone(&notify);
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                notify.notify_one();
            }
        });
    }
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            let notify = Arc::clone(&notify);
            tokio::spawn(async move {
                terminate.recv().await;
                notify.notify_one();
            });
        }
    }
    notify.notified().await;
}
