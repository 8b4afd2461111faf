//! Chapter 12 and exercise 32 start a real `nats-server` in their tests. On Debian (CI, the
//! course's machines, a learner's Debian/Ubuntu box) `cargo xtask test` installs the package when
//! it is missing; elsewhere nothing happens here, and the tests that need the server fail with a
//! Chinese message saying how to install it (`ci/test-support/src/nats.rs`).

use crate::debian;

/// Installs Debian's `nats-server` if it is missing and this machine has apt.
pub fn ensure() -> Result<(), String> {
    if !debian::available() || debian::installed("nats-server") || on_path("nats-server") {
        return Ok(());
    }
    debian::ensure_packages(&["nats-server"])
}

/// On PATH or in an sbin directory (Debian installs nats-server in /usr/sbin, which a normal
/// user's PATH often lacks).
fn on_path(binary: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/usr/local/sbin".into()])
        .any(|dir: std::path::PathBuf| dir.join(binary).is_file())
}
