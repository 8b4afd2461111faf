//! 错误：客户端把解不开的回答也当作服务器走了
//! 期望：ClientError::BadReply

use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use std::io;
use std::net::SocketAddr;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::codec::{Framed, LengthDelimitedCodec};

/// 一帧内容的上限（字节）。
pub const MAX_FRAME: usize = 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    Add(i64, i64),
    Upper(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Sum(i64),
    Upper(String),
    /// 请求有问题（解不开、太长、溢出）：服务器用这个回答，而不是崩溃或默默断开。
    Error(String),
}

/// 客户端看到的失败。
#[derive(Debug)]
pub enum ClientError {
    /// 服务器关闭了连接、连接被重置，或者回答只发了半截：服务器走了。
    ServerGone,
    /// 收到了帧，但解不成 `Response`。
    BadReply(String),
}

/// 服务器对一个（合法的）请求的回答。
pub fn answer(request: Request) -> Response {
    match request {
        Request::Add(a, b) => a
            .checked_add(b)
            .map_or_else(|| Response::Error(format!("{a} + {b} 溢出")), Response::Sum),
        Request::Upper(text) => Response::Upper(text.to_uppercase()),
    }
}

// ANCHOR: solution
/// 双方共用的帧格式：4 字节大端长度 + JSON，内容最长 [`MAX_FRAME`] 字节。
pub fn codec() -> LengthDelimitedCodec {
    LengthDelimitedCodec::builder()
        .length_field_type::<u32>()
        .max_frame_length(MAX_FRAME)
        .new_codec()
}

/// 接受连接，直到监听套接字出错为止；每个连接交给自己的任务。
pub async fn serve(listener: TcpListener) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        // 关键的一步：spawn。直接 await 的话，一个不说话的客户端就能挡住所有人。
        tokio::spawn(handle_connection(stream));
    }
}

async fn handle_connection(stream: TcpStream) {
    let mut frames = Framed::new(stream, codec());
    while let Some(frame) = frames.next().await {
        let (response, keep_going) = match frame {
            Ok(bytes) => match serde_json::from_slice::<Request>(&bytes) {
                Ok(request) => (answer(request), true),
                // 帧是完整的，只是内容坏了：回答错误，连接照常。
                Err(e) => (Response::Error(format!("无法解析请求：{e}")), true),
            },
            // 帧太长（或连接出错）：流里剩下的字节已经无法对齐帧边界，回答之后关闭连接。
            Err(e) => (Response::Error(format!("帧无效：{e}")), false),
        };
        let bytes = serde_json::to_vec(&response).expect("Response 总能编码成 JSON");
        if frames.send(Bytes::from(bytes)).await.is_err() || !keep_going {
            break;
        }
    }
}

/// 一条到服务器的连接。
#[derive(Debug)]
pub struct Client {
    frames: Framed<TcpStream, LengthDelimitedCodec>,
}

impl Client {
    pub async fn connect(addr: SocketAddr) -> io::Result<Client> {
        Ok(Client {
            frames: Framed::new(TcpStream::connect(addr).await?, codec()),
        })
    }

    /// 发一个请求，等它的回答。
    pub async fn call(&mut self, request: &Request) -> Result<Response, ClientError> {
        let bytes = serde_json::to_vec(request).expect("Request 总能编码成 JSON");
        self.frames
            .send(Bytes::from(bytes))
            .await
            .map_err(|_| ClientError::ServerGone)?;
        match self.frames.next().await {
            Some(Ok(frame)) => {
                serde_json::from_slice(&frame).map_err(|_| ClientError::ServerGone)
            }
            // None：干净的 EOF；Err：重置、半截帧……对调用者来说都是“服务器走了”。
            None | Some(Err(_)) => Err(ClientError::ServerGone),
        }
    }
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
