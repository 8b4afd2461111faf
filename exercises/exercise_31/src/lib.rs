//! 练习 31：TCP 上的帧化请求/响应。
//!
//! 实现 `codec`、`serve`（以及它为每个连接运行的循环）和 `Client::call`。
//! 运行测试：`cargo test -p exercise_31`

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

/// 服务器对一个（合法的）请求的回答。已经写好了。
pub fn answer(request: Request) -> Response {
    match request {
        Request::Add(a, b) => a
            .checked_add(b)
            .map_or_else(|| Response::Error(format!("{a} + {b} 溢出")), Response::Sum),
        Request::Upper(text) => Response::Upper(text.to_uppercase()),
    }
}

/// 双方共用的帧格式：4 字节大端长度 + JSON，内容最长 [`MAX_FRAME`] 字节。
pub fn codec() -> LengthDelimitedCodec {
    // TODO: LengthDelimitedCodec::builder()：长度字段几个字节？
    //       对方声称要发 1 GiB 时，谁来拒绝它？
    todo!("构造 LengthDelimitedCodec")
}

/// 接受连接，直到监听套接字出错为止。
pub async fn serve(listener: TcpListener) -> io::Result<()> {
    // TODO: 循环 accept。一个客户端卡在半帧上时，其他客户端还能得到回答吗？
    let _ = listener;
    todo!("接受连接并为每个连接运行 handle_connection")
}

/// 一个连接上的循环：读一帧、回答一帧，直到对方关闭。
async fn handle_connection(stream: TcpStream) {
    let frames = Framed::new(stream, codec());
    // TODO: frames.next() 给出三种东西：Some(Ok(帧))、Some(Err(e))、None。
    //       帧的内容不是合法 JSON 时，该回答什么？连接还能继续用吗？
    //       帧太长时呢？流里剩下的字节还对得齐帧边界吗？
    //       （next 与 send 来自 `use futures::{SinkExt, StreamExt};`）
    let _ = frames;
    todo!("读请求、回答，错误时回 Response::Error")
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
        // TODO: serde_json 编码、send、next。服务器走了的时候，next() 返回什么？
        //       调用者需要 panic，还是一个它能处理的 Err？
        let _ = (request, &mut self.frames, handle_connection);
        todo!("发送请求并读回答")
    }
}

#[cfg(test)]
mod tests;
