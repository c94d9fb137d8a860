//! The page, compiled into the binary: one HTML document, one script, one
//! style sheet. A fixed table of names, so no request path ever reaches the
//! file system (`..`, `%2e%2e` or an absolute path simply name no asset),
//! and the page works with no network and no build step.

/// An embedded file: its body and media type.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    pub body: &'static str,
    pub content_type: &'static str,
}

const ASSETS: &[(&str, Asset)] = &[
    (
        "/",
        Asset {
            body: include_str!("page/index.html"),
            content_type: "text/html; charset=utf-8",
        },
    ),
    (
        "/app.js",
        Asset {
            body: include_str!("page/app.js"),
            content_type: "text/javascript; charset=utf-8",
        },
    ),
    (
        "/app.css",
        Asset {
            body: include_str!("page/app.css"),
            content_type: "text/css; charset=utf-8",
        },
    ),
];

/// The asset served at exactly `path`, if any.
pub fn asset(path: &str) -> Option<Asset> {
    ASSETS
        .iter()
        .find(|(name, _)| *name == path)
        .map(|(_, asset)| *asset)
}

/// The paths of every asset (for the router).
pub fn paths() -> impl Iterator<Item = &'static str> {
    ASSETS.iter().map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_named_assets_exist() {
        assert!(asset("/").is_some());
        assert!(asset("/app.js").is_some());
        for path in [
            "/../Cargo.toml",
            "/app.js/..",
            "/%2e%2e/Cargo.toml",
            "//etc/passwd",
            "",
        ] {
            assert!(asset(path).is_none(), "{path}");
        }
    }

    #[test]
    fn the_page_loads_only_its_own_script_and_style() {
        let html = asset("/").map(|asset| asset.body).unwrap_or_default();
        assert!(html.contains(r#"<script src="/app.js""#));
        assert!(html.contains(r#"href="/app.css""#));
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(html.contains(r#"<input type="search" name="q""#));
    }
}
