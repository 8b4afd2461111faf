//! `cargo xtask serve` for a learner: install only what reading the book needs (mdBook and its
//! preprocessors, mermaid and quiz; the link checker is CI's business), say up front how long the one-time
//! install takes, show which tool of how many is being built, and print the URL once the book
//! is actually being served.

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, TcpListener};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::tools::{self, Tool};

/// What serving needs. `book.toml`'s link-check renderer is made optional for serving.
fn serve_tools() -> Vec<&'static Tool> {
    tools::BOOK_TOOLS
        .iter()
        .filter(|tool| tool.krate != "mdbook-linkcheck2")
        .collect()
}

/// Rough minutes `cargo install` takes per tool on a 2-core machine. Measured on a busy one:
/// mdbook 1 min 34 s, mdbook-mermaid 51 s, mdbook-quiz 12 min 9 s (and mdbook-linkcheck2, which
/// serving skips, 15 min 11 s).
fn minutes(tool: &Tool) -> (u32, u32) {
    match tool.krate {
        "mdbook" => (2, 4),
        "mdbook-mermaid" => (1, 2),
        "mdbook-quiz" => (6, 12),
        _ => (3, 10),
    }
}

pub fn serve(root: &Path, port: u16) -> Result<(), String> {
    if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_err() {
        return Err(format!(
            "端口 {port} 已被占用（也许书已经在另一个终端里打开了）：换一个端口，例如 `cargo xtask serve {}`",
            port.wrapping_add(1)
        ));
    }
    let needed = serve_tools();
    let missing: Vec<&Tool> = needed
        .iter()
        .copied()
        .filter(|tool| !tools::installed(tool))
        .collect();
    if !missing.is_empty() {
        let (low, high) = missing
            .iter()
            .map(|tool| minutes(tool))
            .fold((0, 0), |(l, h), (a, b)| (l + a, h + b));
        let names: Vec<&str> = missing.iter().map(|tool| tool.krate).collect();
        eprintln!(
            "==> 第一次看书要先安装 {} 个工具（{}），只装这一次。\n    \
             cargo install 会从源码编译它们，双核机器上大约 {low}–{high} 分钟；\
             等待时可以先读 src/ 下的 Markdown 原文。",
            missing.len(),
            names.join("、")
        );
        for (k, tool) in missing.iter().enumerate() {
            eprintln!(
                "==> 工具 {}/{}：{} {}",
                k + 1,
                missing.len(),
                tool.krate,
                tool.version
            );
            let started = Instant::now();
            tools::ensure(&[tool]).map_err(|e| {
                format!(
                    "安装 {} {} 失败：{e}\n    请检查能否访问 crates.io，然后重新运行 `cargo xtask serve`",
                    tool.krate, tool.version
                )
            })?;
            eprintln!(
                "    {} 装好了，用时 {:.0} 秒",
                tool.krate,
                started.elapsed().as_secs_f64()
            );
        }
    }
    let path = tools::ensure(&needed)?;

    let mut mdbook = Command::new(tools::MDBOOK.bin);
    mdbook
        .args([
            "serve",
            "--hostname",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ])
        .current_dir(root)
        .env("PATH", path)
        .env("MDBOOK_OUTPUT__LINKCHECK2__OPTIONAL", "true")
        .stderr(Stdio::piped());
    let mut child = mdbook
        .spawn()
        .map_err(|e| format!("无法启动 mdbook：{e}"))?;
    let url = format!("http://127.0.0.1:{port}");
    let mut announced = false;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if !line.contains("linkcheck2") && !line.contains("built against version") {
                eprintln!("{line}");
            }
            if !announced && line.contains("Serving on") {
                announced = true;
                eprintln!("\n==> 书已就绪：{url}   （修改 src/ 会自动刷新；Ctrl-C 停止）\n");
            }
        }
    }
    let status = child.wait().map_err(|e| format!("mdbook 异常退出：{e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("mdbook serve 退出：{status}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serving_needs_mdbook_and_its_preprocessors_only() {
        let names: Vec<&str> = serve_tools().iter().map(|t| t.krate).collect();
        assert_eq!(names, ["mdbook", "mdbook-mermaid", "mdbook-quiz"]);
    }

    #[test]
    fn a_busy_port_is_a_plain_error() {
        let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let error = serve(Path::new("."), port).unwrap_err();
        assert!(error.contains("已被占用"), "{error}");
    }
}
