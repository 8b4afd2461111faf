//! Debian packages a check needs, installed with apt when missing (CI and the course's machines
//! run as root on Debian). Elsewhere the caller decides what to do: `ensure_packages` only says
//! whether the packages are there.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::run;

/// Whether this machine can install Debian packages (Linux with `apt-get` and `dpkg-query`).
pub fn available() -> bool {
    cfg!(target_os = "linux") && Path::new("/usr/bin/apt-get").exists() && installed("dpkg")
}

/// Whether a Debian package is installed.
pub fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("install ok installed"))
}

/// Installs the packages that are missing (`apt-get update` first, once). Needs root, or `sudo`.
pub fn ensure_packages(packages: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|package| !installed(package))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !available() {
        return Err(format!(
            "needs the Debian packages {}, and this machine has no apt-get",
            missing.join(" ")
        ));
    }
    eprintln!("==> installing Debian packages: {}", missing.join(" "));
    let as_root = |args: &[&str]| {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|out| out.stdout.starts_with(b"0"));
        let mut command = if root {
            Command::new(args[0])
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg(args[0]);
            sudo
        };
        command
            .args(&args[1..])
            .env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    run(&mut as_root(&["apt-get", "update", "-q"]))?;
    let mut install = as_root(&["apt-get", "install", "-y", "-q", "--no-install-recommends"]);
    install.args(&missing);
    run(&mut install)
}
