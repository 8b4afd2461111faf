//! The record of where the numbers were measured: processor, cores, memory, kernel, rustc,
//! date, and the versions of the measured crates as locked in `Cargo.lock`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{fmt_duration, RunInfo};

/// The crates whose versions are recorded.
const CRATES: [&str; 8] = [
    "crossbeam-channel",
    "flume",
    "kanal",
    "tokio",
    "async-channel",
    "rtrb",
    "crossbeam-utils",
    "criterion",
];

/// Facts about the machine and toolchain.
#[derive(Clone, Debug)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory: String,
    pub kernel: String,
    pub rustc: String,
    /// `YYYY-MM-DD`, UTC.
    pub date: String,
    pub crates: Vec<(String, String)>,
}

impl Machine {
    /// Reads `/proc`, asks `rustc -V`, and reads `Cargo.lock` in `workspace`.
    pub fn collect(workspace: &Path) -> Machine {
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')))
            .map(|(_, name)| name.trim().to_owned())
            .unwrap_or_else(|| "未知处理器".to_owned());
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let memory = fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|m| {
                let kib: f64 = m
                    .lines()
                    .find_map(|l| l.strip_prefix("MemTotal:"))?
                    .split_whitespace()
                    .next()?
                    .parse()
                    .ok()?;
                Some(format!("{:.0} GiB", kib / 1024.0 / 1024.0))
            })
            .unwrap_or_else(|| "未知".to_owned());
        let kernel = fs::read_to_string("/proc/sys/kernel/osrelease")
            .map(|k| format!("Linux {}", k.trim()))
            .unwrap_or_else(|_| std::env::consts::OS.to_owned());
        let rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
            .arg("-V")
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "rustc（版本未知）".to_owned());
        let lock = fs::read_to_string(workspace.join("Cargo.lock")).unwrap_or_default();
        let crates = CRATES
            .iter()
            .map(|name| (name.to_string(), locked_version(&lock, name)))
            .collect();
        Machine {
            cpu,
            cores,
            memory,
            kernel,
            rustc,
            date: today(),
            crates,
        }
    }

    #[cfg(test)]
    pub fn fake() -> Machine {
        Machine {
            cpu: "Test CPU".into(),
            cores: 2,
            memory: "24 GiB".into(),
            kernel: "Linux 6".into(),
            rustc: "rustc 1.95.0".into(),
            date: "2026-01-01".into(),
            crates: vec![("flume".into(), "0.11.1".into())],
        }
    }

    pub fn markdown(&self, run: &RunInfo, benchmarks: usize) -> String {
        let mut out = String::from("| 项目 | 值 |\n| --- | --- |\n");
        let mut row = |key: &str, value: &str| {
            let _ = writeln!(out, "| {key} | {value} |");
        };
        row("处理器", &self.cpu);
        row("逻辑核", &self.cores.to_string());
        row("内存", &self.memory);
        row("内核", &self.kernel);
        row("编译器", &format!("`{}`", self.rustc));
        row("日期（UTC）", &self.date);
        row(
            "运行",
            &format!(
                "{}，{benchmarks} 个基准{}",
                if run.is_smoke() {
                    "冒烟运行"
                } else {
                    "完整运行"
                },
                run.duration_secs
                    .map(|s| format!("，用时 {}", fmt_duration(s)))
                    .unwrap_or_default()
            ),
        );
        row("criterion 设置", &format!("`{}`", run.settings));
        let crates: Vec<String> = self
            .crates
            .iter()
            .map(|(name, version)| format!("{name} {version}"))
            .collect();
        row("crate 版本", &crates.join("，"));
        out
    }
}

/// The version of `name` in a `Cargo.lock` (the newest, if several are locked).
fn locked_version(lock: &str, name: &str) -> String {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    let mut found: Vec<String> = Vec::new();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                found.push(version.to_owned());
            }
        }
    }
    found.pop().unwrap_or_else(|| "?".to_owned())
}

/// Today's date in UTC, from the system clock (days-to-civil, proleptic Gregorian).
fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_locked_versions() {
        let lock = "[[package]]\nname = \"flume\"\nversion = \"0.11.1\"\n\n[[package]]\nname = \"tokio\"\nversion = \"1.54.1\"\n";
        assert_eq!(locked_version(lock, "flume"), "0.11.1");
        assert_eq!(locked_version(lock, "tokio"), "1.54.1");
        assert_eq!(locked_version(lock, "rtrb"), "?");
    }

    #[test]
    fn today_is_a_plausible_date() {
        let date = today();
        assert_eq!(date.len(), 10);
        assert!(date.as_str() >= "2024-01-01", "{date}");
    }
}
