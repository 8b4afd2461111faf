//! 一个独立的服务器进程：监听 127.0.0.1 的空闲端口，把地址打印在标准输出的第一行，
//! 然后为每个连接回答帧化的 [`Request`]。测试用 `CARGO_BIN_EXE_ch12-server` 找到它并启动。

use ch12_ipc::codec::{framed, MAX_FRAME};
use ch12_ipc::protocol::{answer, Request, Response};
use futures::{SinkExt, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

// ANCHOR: server
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    // 父进程读这一行来知道连哪里：端口由操作系统挑，永远不会撞车。
    println!("LISTENING {}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        // 每个连接一个任务：一个慢客户端或坏客户端不会挡住别人。
        tokio::spawn(async move {
            let mut frames = framed(stream, MAX_FRAME);
            while let Some(frame) = frames.next().await {
                let Ok(frame) = frame else { break }; // 超长帧或连接出错：只结束这条连接
                let response = match postcard::from_bytes::<Request>(&frame) {
                    Ok(Request::CrashMidFrame) => {
                        // 声称要发 100 字节，只发出 10 个，然后整个进程退出。
                        let stream = frames.get_mut();
                        let _ = stream.write_all(&100u32.to_be_bytes()).await;
                        let _ = stream.write_all(&[0u8; 10]).await;
                        let _ = stream.flush().await;
                        std::process::exit(3);
                    }
                    Ok(request) => answer(request),
                    Err(e) => Response::Error(format!("无法解码请求：{e}")),
                };
                let bytes = postcard::to_allocvec(&response).expect("Response 总能编码");
                if frames.send(bytes::Bytes::from(bytes)).await.is_err() {
                    break; // 客户端走了
                }
            }
        });
    }
}
// ANCHOR_END: server
