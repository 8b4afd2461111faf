//! 两个真正的进程：测试启动 `ch12-server` 子进程，通过 127.0.0.1 上的 TCP 和它交换帧。

use ch12_ipc::codec::{framed, MAX_FRAME};
use ch12_ipc::frame::{read_frame, FrameError};
use ch12_ipc::protocol::{Request, Response};
use futures::{SinkExt, StreamExt};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// 子进程的看护：测试无论怎样结束，子进程都会被杀掉并回收。
struct ChildServer {
    child: Child,
    addr: String,
}

// ANCHOR: spawn_child
impl ChildServer {
    fn start() -> ChildServer {
        // cargo 为集成测试编译好同一个包里的二进制，并告诉我们它的路径。
        let mut child = Command::new(env!("CARGO_BIN_EXE_ch12-server"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("无法启动 ch12-server 子进程");
        let mut first_line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first_line)
            .expect("读不到子进程的第一行输出");
        let addr = first_line
            .strip_prefix("LISTENING ")
            .unwrap_or_else(|| panic!("子进程的第一行应是 LISTENING <地址>，实际是 {first_line:?}"))
            .trim()
            .to_owned();
        ChildServer { child, addr }
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.child.kill(); // 已经退出的子进程 kill 会失败，无妨
        let _ = self.child.wait();
    }
}
// ANCHOR_END: spawn_child

async fn call(
    frames: &mut tokio_util::codec::Framed<TcpStream, tokio_util::codec::LengthDelimitedCodec>,
    request: &Request,
) -> Response {
    let bytes = postcard::to_allocvec(request).unwrap();
    frames
        .send(bytes::Bytes::from(bytes))
        .await
        .expect("发送请求失败");
    let frame = frames
        .next()
        .await
        .expect("服务器在回答之前关闭了连接")
        .expect("读响应失败");
    postcard::from_bytes(&frame).expect("响应解码失败")
}

#[tokio::test]
async fn requests_cross_a_real_process_boundary() {
    let server = ChildServer::start();
    assert_ne!(
        server.child.id(),
        std::process::id(),
        "服务器应在另一个进程里"
    );
    let mut a = framed(TcpStream::connect(&server.addr).await.unwrap(), MAX_FRAME);
    let mut b = framed(TcpStream::connect(&server.addr).await.unwrap(), MAX_FRAME);
    assert_eq!(call(&mut a, &Request::Add(40, 2)).await, Response::Sum(42));
    assert_eq!(
        call(&mut b, &Request::Echo("你好".into())).await,
        Response::Echo("你好".into())
    );
    // 坏字节得到错误回答，连接仍然可用。
    a.send(bytes::Bytes::from_static(&[0xFF, 0xFF]))
        .await
        .unwrap();
    let frame = a.next().await.unwrap().unwrap();
    assert!(
        matches!(
            postcard::from_bytes::<Response>(&frame).unwrap(),
            Response::Error(_)
        ),
        "解不开的请求应得到 Response::Error"
    );
    assert_eq!(call(&mut a, &Request::Add(1, 1)).await, Response::Sum(2));
}

// ANCHOR: killed_child
#[tokio::test]
async fn a_killed_server_is_seen_as_end_of_stream() {
    let mut server = ChildServer::start();
    let mut conn = framed(TcpStream::connect(&server.addr).await.unwrap(), MAX_FRAME);
    assert_eq!(call(&mut conn, &Request::Add(2, 3)).await, Response::Sum(5));

    server.child.kill().unwrap(); // SIGKILL：进程没有机会说再见
    server.child.wait().unwrap();

    // 操作系统替死去的进程关闭了套接字：我们读到的是流的结束（或连接被重置），
    // 而不是一条消息。进程间没有“所有 Sender 都 drop 了”这种通知，只有这个。
    match conn.next().await {
        None | Some(Err(_)) => {}
        Some(Ok(frame)) => panic!("死去的服务器不应再送来帧：{frame:?}"),
    }
}
// ANCHOR_END: killed_child

// ANCHOR: crash_mid_frame
#[tokio::test]
async fn a_peer_dying_mid_frame_is_truncation() {
    let mut server = ChildServer::start();
    let mut stream = TcpStream::connect(&server.addr).await.unwrap();
    let request = postcard::to_allocvec(&Request::CrashMidFrame).unwrap();
    ch12_ipc::frame::write_frame(&mut stream, &request)
        .await
        .unwrap();

    // 服务器写出长度 100 和 10 个字节，然后进程退出。
    match read_frame(&mut stream, MAX_FRAME).await {
        Err(FrameError::Truncated { expected, got }) => assert_eq!((expected, got), (100, 10)),
        other => panic!("半截帧应当报告 Truncated，而不是 {other:?}"),
    }
    let status = server.child.wait().unwrap();
    assert_eq!(status.code(), Some(3), "子进程应以退出码 3 结束");
}
// ANCHOR_END: crash_mid_frame

#[tokio::test]
async fn an_oversized_frame_closes_only_that_connection() {
    let server = ChildServer::start();
    let mut bad = TcpStream::connect(&server.addr).await.unwrap();
    // 声称有 1 GiB：服务器的编解码器按上限拒绝，关闭这一条连接。
    bad.write_all(&(1u32 << 30).to_be_bytes()).await.unwrap();
    let mut buf = [0u8; 1];
    let n = tokio::io::AsyncReadExt::read(&mut bad, &mut buf)
        .await
        .unwrap_or(0);
    assert_eq!(n, 0, "超长帧之后服务器应关闭这条连接");
    // 服务器进程还活着，别的连接照常工作。
    let mut good = framed(TcpStream::connect(&server.addr).await.unwrap(), MAX_FRAME);
    assert_eq!(call(&mut good, &Request::Add(1, 2)).await, Response::Sum(3));
}
