//! The browser check of the built book (`ci/browser/check-book.mjs`, driven by playwright-core
//! in headless Chromium). It runs on Linux, installing Debian's `chromium` and `fonts-noto-cjk`
//! (the pages are Chinese) when missing; elsewhere it says that it is skipped. Screenshots land in
//! `target/browser/`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::{debian, run};

pub fn check(root: &Path) -> Result<(), String> {
    if !cfg!(target_os = "linux") {
        eprintln!(
            "browser check: SKIPPED on {} — it runs on Linux, where it installs Debian's chromium",
            std::env::consts::OS
        );
        return Ok(());
    }
    let html = root.join("book/html");
    let index = std::fs::read_to_string(html.join("index.html")).unwrap_or_default();
    if index.is_empty() {
        return Err("the book is not built: run `cargo xtask book` first".into());
    }
    if index.contains("__livereload") {
        return Err(
            "book/html was last written by `cargo xtask serve` (live-reload pages): \
                    run `cargo xtask book` first"
                .into(),
        );
    }
    let mut packages = vec!["chromium", "fonts-noto-cjk"];
    if !on_path("node") || !on_path("npm") {
        packages.extend(["nodejs", "npm"]);
    }
    debian::ensure_packages(&packages)?;

    let dir = root.join("ci/browser");
    let started = Instant::now();
    let mut npm = Command::new("npm");
    npm.args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir);
    run(&mut npm).map_err(|e| {
        format!("{e} (installing playwright-core from ci/browser/package-lock.json)")
    })?;
    let mut node = Command::new("node");
    node.arg("check-book.mjs")
        .arg(&html)
        .arg(root.join("target/browser"))
        .current_dir(&dir)
        .env("CHROMIUM", "/usr/bin/chromium");
    run(&mut node)?;
    eprintln!(
        "browser check: passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn on_path(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
}
