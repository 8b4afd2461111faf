//! The course's external tools, pinned in this one place, and how they get installed.
//!
//! A tool is used from `PATH` when that copy reports the pinned version. Otherwise it is built
//! with `cargo install --locked` into a per-version folder under the user's cache
//! (`~/.cache/message-passing-course/tools/<crate>-<version>`), so a different version the
//! learner already has on `PATH` is left alone, and a fresh clone reuses an earlier install.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run;

/// A crates.io binary the course needs.
#[derive(Debug)]
pub struct Tool {
    /// Crate name for `cargo install`.
    pub krate: &'static str,
    pub version: &'static str,
    /// Executable name.
    pub bin: &'static str,
    /// Arguments that make the executable print its version.
    pub version_args: &'static [&'static str],
}

pub const MDBOOK: Tool = Tool {
    krate: "mdbook",
    version: "0.5.4",
    bin: "mdbook",
    version_args: &["--version"],
};

/// Every tool the book build needs; `mdbook` finds the preprocessors on `PATH`.
pub const BOOK_TOOLS: &[Tool] = &[
    MDBOOK,
    Tool {
        krate: "mdbook-mermaid",
        version: "0.17.1",
        bin: "mdbook-mermaid",
        version_args: &["--version"],
    },
    Tool {
        krate: "mdbook-quiz",
        version: "0.5.0",
        bin: "mdbook-quiz",
        version_args: &["--version"],
    },
    Tool {
        krate: "mdbook-linkcheck2",
        version: "0.13.0",
        bin: "mdbook-linkcheck2",
        version_args: &["--version"],
    },
];

/// Runs the test suite with a per-test time limit (`.config/nextest.toml`).
pub const NEXTEST: Tool = Tool {
    krate: "cargo-nextest",
    version: "0.9.143",
    bin: "cargo-nextest",
    version_args: &["nextest", "--version"],
};

/// Makes sure every tool is present at its pinned version and returns the `PATH` to run them
/// with (their folders first).
pub fn ensure(tools: &[&Tool]) -> Result<OsString, String> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for tool in tools {
        if let Some(dir) = locate(tool)? {
            dirs.push(dir);
        }
    }
    let current = env::var_os("PATH").unwrap_or_default();
    dirs.extend(env::split_paths(&current));
    env::join_paths(dirs).map_err(|e| e.to_string())
}

/// `None` when the pinned version is already on `PATH`, else the folder it was installed in.
fn locate(tool: &Tool) -> Result<Option<PathBuf>, String> {
    if reports_version(Path::new(tool.bin), tool) {
        return Ok(None);
    }
    let root = cache_root()?.join(format!("{}-{}", tool.krate, tool.version));
    let bin_dir = root.join("bin");
    let exe = bin_dir.join(format!("{}{}", tool.bin, env::consts::EXE_SUFFIX));
    if !reports_version(&exe, tool) {
        eprintln!(
            "==> installing {} {} into {} (once; this takes a few minutes)",
            tool.krate,
            tool.version,
            root.display()
        );
        let mut install = Command::new(cargo());
        install
            .args(["install", "--locked", "--version", tool.version, "--root"])
            .arg(&root)
            .arg(tool.krate);
        run(&mut install)?;
        if !reports_version(&exe, tool) {
            return Err(format!(
                "{} was installed but does not report version {}",
                exe.display(),
                tool.version
            ));
        }
    }
    Ok(Some(bin_dir))
}

fn reports_version(exe: &Path, tool: &Tool) -> bool {
    Command::new(exe)
        .args(tool.version_args)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .is_some_and(|out| {
            String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .any(|word| word.trim_start_matches('v') == tool.version)
        })
}

fn cache_root() -> Result<PathBuf, String> {
    let base = env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .or_else(|| env::var_os("LOCALAPPDATA").map(PathBuf::from))
        .ok_or("cannot find a cache folder: set XDG_CACHE_HOME")?;
    Ok(base.join("message-passing-course").join("tools"))
}

/// The cargo that runs this task runner, so a toolchain override applies to every step.
pub fn cargo() -> OsString {
    env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Whether the pinned version is on `PATH` or already installed in the cache (no install).
pub fn installed(tool: &Tool) -> bool {
    reports_version(Path::new(tool.bin), tool)
        || cache_root().is_ok_and(|root| {
            let dir = root.join(format!("{}-{}", tool.krate, tool.version));
            let exe = dir
                .join("bin")
                .join(format!("{}{}", tool.bin, env::consts::EXE_SUFFIX));
            reports_version(&exe, tool)
        })
}
