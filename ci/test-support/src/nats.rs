//! 在测试里启动真正的 `nats-server`。
//!
//! 第 12 章和练习 32 的测试要和一个真正的消息代理说话。这里的 [`NatsServer`] 负责它的一生：
//!
//! * **不用固定端口**：客户端端口交给服务器自己挑（`-p -1`），再从它的日志里读出来；
//!   集群端口（服务器之间互相连接用）由操作系统分配空闲端口。
//! * **等它真的就绪**：读服务器的日志直到 `Server is ready`，再确认端口能连上——不睡觉、不猜时间。
//! * **一定停掉**：`Drop` 杀掉进程、删掉临时的 JetStream 目录；测试 panic 时 `Drop` 照样运行。
//!   就连测试进程本身被杀掉，服务器也会随之退出：它由一个小 `sh` 看护，看护进程在标准输入
//!   关闭（也就是测试进程消失）的那一刻杀掉服务器。
//!
//! 找不到 `nats-server` 时，测试失败并用中文说明怎样安装。

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

/// 等服务器就绪的上限。正常情况下几十毫秒就够了。
const READY_LIMIT: Duration = Duration::from_secs(10);

/// 找不到服务器时给学习者看的话。
pub const HOW_TO_INSTALL: &str = "找不到 nats-server。第 12 章和练习 32 的测试要启动真正的 NATS 服务器：\
     Debian/Ubuntu 上运行 `sudo apt-get install nats-server`（`cargo xtask test` 以 root 运行时会自动安装）；\
     其他系统从 https://github.com/nats-io/nats-server/releases 下载，放进 PATH，\
     或者用环境变量 NATS_SERVER_BIN 指向它";

/// 一个正在运行的 `nats-server`；drop 时停掉它。
#[derive(Debug)]
pub struct NatsServer {
    name: String,
    url: String,
    cluster_port: Option<u16>,
    /// 看护进程（`sh`）。关闭它的标准输入，它就杀掉服务器并退出。
    guard: Child,
    guard_stdin: Option<ChildStdin>,
    store_dir: PathBuf,
    log: Arc<(Mutex<String>, Condvar)>,
}

/// 集群里一个节点的设置，见 [`NatsServer::cluster`]。
#[derive(Debug, Clone)]
struct Options {
    name: String,
    cluster: Option<(u16, Vec<u16>)>,
}

impl NatsServer {
    /// 启动一个开着 JetStream 的单机服务器，等到它接受连接再返回。
    pub fn start() -> NatsServer {
        NatsServer::spawn(Options {
            name: format!("single-{}", unique()),
            cluster: None,
        })
    }

    /// 启动 `n` 个节点组成的集群（都在 127.0.0.1 上，JetStream 开启），等每个节点就绪。
    ///
    /// 每个节点的 `--routes` 列出所有节点的集群端口，所以它们互相找得到；
    /// 节点名是 `n0`、`n1`……（JetStream 集群要求每个节点有名字）。
    pub fn cluster(n: usize) -> Vec<NatsServer> {
        let ports: Vec<u16> = (0..n).map(|_| free_port()).collect();
        let tag = unique();
        (0..n)
            .map(|i| {
                NatsServer::spawn(Options {
                    name: format!("n{i}-{tag}"),
                    cluster: Some((ports[i], ports.clone())),
                })
            })
            .collect()
    }

    /// 客户端连接地址，形如 `nats://127.0.0.1:41417`。
    pub fn url(&self) -> &str {
        &self.url
    }

    /// 服务器的名字（集群里用来认出 stream 的 leader）。
    pub fn name(&self) -> &str {
        &self.name
    }

    /// 集群端口（单机服务器没有）。
    pub fn cluster_port(&self) -> Option<u16> {
        self.cluster_port
    }

    /// 到目前为止服务器打印的日志，测试失败时用来诊断。
    pub fn log(&self) -> String {
        self.log.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// 等服务器的日志里出现 `needle`（例如集群选出了 leader），最多等 `limit`。
    /// 返回是否等到了。日志每多一行就唤醒一次，不轮询。
    pub fn wait_for_log(&self, needle: &str, limit: Duration) -> bool {
        let (log, grew) = &*self.log;
        let log = log.lock().unwrap_or_else(|e| e.into_inner());
        let (log, _) = grew
            .wait_timeout_while(log, limit, |log| !log.contains(needle))
            .unwrap_or_else(|e| e.into_inner());
        log.contains(needle)
    }

    /// 立刻杀死服务器（SIGKILL，像机器断电一样，不给它收尾的机会），并等它退出。
    pub fn kill(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(mut stdin) = self.guard_stdin.take() {
            // 看护进程可能已经不在了（服务器自己退出时），写失败没有关系。
            let _ = stdin.write_all(b"stop\n");
        }
        // 看护进程杀掉服务器、等它退出之后才结束；这里等看护进程就够了。
        let _ = self.guard.wait();
        let _ = std::fs::remove_dir_all(&self.store_dir);
    }

    fn spawn(options: Options) -> NatsServer {
        let binary = binary().unwrap_or_else(|| panic!("{HOW_TO_INSTALL}"));
        let store_dir = std::env::temp_dir().join(format!(
            "message-passing-course-nats-{}-{}",
            std::process::id(),
            options.name
        ));
        let store = store_dir.to_string_lossy().into_owned();
        let mut args: Vec<String> = vec![
            "-a".into(),
            "127.0.0.1".into(),
            "-p".into(),
            "-1".into(),
            "-js".into(),
            "-sd".into(),
            store,
            "-n".into(),
            options.name.clone(),
        ];
        if let Some((port, routes)) = &options.cluster {
            let routes: Vec<String> = routes
                .iter()
                .map(|p| format!("nats://127.0.0.1:{p}"))
                .collect();
            args.extend([
                "--cluster_name".into(),
                "course".into(),
                "--cluster".into(),
                format!("nats://127.0.0.1:{port}"),
                "--routes".into(),
                routes.join(","),
            ]);
        }
        // 看护脚本：后台启动服务器；标准输入一关闭（或收到一行），就 kill -9 它并等它退出。
        let script = r#""$@" & pid=$!; read _; kill -9 $pid 2>/dev/null; wait $pid"#;
        let mut guard = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("nats-server-guard")
            .arg(&binary)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("无法启动 {}：{e}", binary.display()));
        let guard_stdin = guard.stdin.take();
        let stderr = guard.stderr.take().expect("stderr 是管道");

        let log = Arc::new((Mutex::new(String::new()), Condvar::new()));
        let (line_tx, lines) = mpsc::channel::<String>();
        let log_writer = Arc::clone(&log);
        // 一直读到服务器退出：既用来等就绪，也防止管道写满把服务器卡住。
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let (log, grew) = &*log_writer;
                let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                log.push_str(&line);
                log.push('\n');
                drop(log);
                grew.notify_all();
                // 就绪之后没有人再读这些行了，发送失败是预期的。
                let _ = line_tx.send(line);
            }
        });

        let mut server = NatsServer {
            name: options.name,
            url: String::new(),
            cluster_port: options.cluster.as_ref().map(|(port, _)| *port),
            guard,
            guard_stdin,
            store_dir,
            log,
        };
        let mut port = None;
        loop {
            match lines.recv_timeout(READY_LIMIT) {
                Ok(line) => {
                    if let Some(rest) = line.split("Listening for client connections on ").nth(1) {
                        port = rest.trim().rsplit(':').next().and_then(|p| p.parse().ok());
                    }
                    if line.contains("Server is ready") {
                        break;
                    }
                }
                Err(_) => {
                    let log = server.log();
                    server.stop();
                    panic!("nats-server 没有在 {READY_LIMIT:?} 内就绪（或提前退出了）。它的日志：\n{log}");
                }
            }
        }
        let port: u16 = port.unwrap_or_else(|| {
            let log = server.log();
            server.stop();
            panic!("nats-server 的日志里没有客户端端口：\n{log}")
        });
        // 日志说就绪了；再亲手连一次，确认端口真的在接受连接。
        if let Err(e) = TcpStream::connect(("127.0.0.1", port)) {
            server.stop();
            panic!("nats-server 说已就绪，但 127.0.0.1:{port} 连不上：{e}");
        }
        server.url = format!("nats://127.0.0.1:{port}");
        server
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `nats-server` 的路径：`NATS_SERVER_BIN`，PATH 里的，或 Debian 装到的 /usr/sbin（普通用户的
/// PATH 里常常没有 sbin）。
pub fn binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NATS_SERVER_BIN") {
        let path = PathBuf::from(path);
        return is_file(&path).then_some(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/local/sbin")])
        .map(|dir| dir.join("nats-server"))
        .find(|candidate| is_file(candidate))
}

fn is_file(path: &Path) -> bool {
    path.metadata().map(|m| m.is_file()).unwrap_or(false)
}

/// 让操作系统挑一个此刻空闲的端口。
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("无法在 127.0.0.1 上找到空闲端口")
}

/// 同一进程里的服务器各用各的名字和目录。
fn unique() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn starts_answers_and_stops() {
        let server = NatsServer::start();
        let addr = server.url().trim_start_matches("nats://").to_owned();
        let mut stream = TcpStream::connect(&addr).expect("服务器应当接受连接");
        let mut greeting = [0u8; 4];
        stream.read_exact(&mut greeting).unwrap();
        assert_eq!(&greeting, b"INFO", "NATS 服务器连上后先发 INFO");
        drop(stream);
        server.kill();
        assert!(
            TcpStream::connect(&addr).is_err(),
            "kill 之后端口 {addr} 不应再接受连接"
        );
    }
}
