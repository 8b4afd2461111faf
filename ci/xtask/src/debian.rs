//! System packages the tests need, installed from Debian's archive when they are missing.
//!
//! Chapter 12 and exercise 32 start a real `nats-server`. On a fresh Debian/Ubuntu machine
//! `cargo xtask test` installs it (`apt-get install nats-server`) when it runs as root or can
//! use `sudo` without a password; elsewhere it leaves the machine alone, and the tests that need
//! the server fail with a message that says how to install it.

use std::path::Path;
use std::process::{Command, Stdio};

/// Installs the Debian packages the test suite needs, if any is missing and we may.
pub fn ensure_test_packages() -> Result<(), String> {
    ensure_package("nats-server", "nats-server")
}

/// Installs `package` when `binary` is not found, on Linux with root or passwordless sudo.
fn ensure_package(binary: &str, package: &str) -> Result<(), String> {
    if !cfg!(target_os = "linux") || have(binary) || !Path::new("/usr/bin/apt-get").exists() {
        return Ok(());
    }
    let sudo: &[&str] = if is_root() {
        &[]
    } else if passwordless_sudo() {
        &["sudo", "-n"]
    } else {
        eprintln!(
            "==> {binary} is missing and we are not root: install it with `sudo apt-get install {package}`"
        );
        return Ok(());
    };
    eprintln!("==> installing {package} from Debian's archive (apt-get)");
    for args in [
        &["apt-get", "update"][..],
        &[
            "apt-get",
            "install",
            "-y",
            "--no-install-recommends",
            package,
        ][..],
    ] {
        let command: Vec<&str> = sudo.iter().chain(args).copied().collect();
        let status = Command::new(command[0])
            .args(&command[1..])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("could not run {}: {e}", command.join(" ")))?;
        if !status.success() {
            return Err(format!("`{}` failed ({status})", command.join(" ")));
        }
    }
    Ok(())
}

/// The binary is on PATH or in an sbin directory (Debian puts nats-server in /usr/sbin, which a
/// normal user's PATH often lacks).
fn have(binary: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/usr/local/sbin".into(), "/sbin".into()])
        .any(|dir| dir.join(binary).is_file())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn passwordless_sudo() -> bool {
    Command::new("sudo")
        .args(["-n", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}
