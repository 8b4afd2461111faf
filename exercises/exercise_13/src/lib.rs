//! 练习 13：每个请求一条回复通道
//!
//! 一个服务端线程替调用者计算平方。实现两半：
//!
//! * [`Client::square`]：发出请求，等待**属于这个请求的**回复；
//! * [`serve`]：服务端循环，回答每个请求，所有 [`Client`] 都 drop 之后返回统计。
//!
//! 出错时不许 panic，也不许永远等待：服务端不在了、服务端丢下了请求、调用者放弃了，
//! 三种情况各有各的处理。
//!
//! 运行测试：`cargo test -p exercise_13`

use crossbeam_channel::{bounded, Receiver, Sender};
use std::thread::{self, JoinHandle};

/// 发给服务端的请求：要计算平方的数，以及把答案送回给这一个调用者的通道。
#[derive(Debug)]
pub struct Request {
    pub x: u64,
    pub reply: Sender<u64>,
}

/// 调用失败的原因。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallError {
    /// 请求发不出去：服务端已经不在了（它的 Receiver 已被 drop）。
    ServerGone,
    /// 服务端收下了请求，却没有回复就把它丢掉了（比如它 panic 了，或关停时丢弃了积压的请求）。
    NoReply,
}

/// 服务端结束时的统计。
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    /// 回复成功送到的请求数。
    pub answered: usize,
    /// 回复发不出去（调用者已经放弃）的请求数。
    pub abandoned: usize,
}

/// 调用者持有的句柄。可以 clone 给多个线程：它们共用一条请求通道。
#[derive(Debug, Clone)]
pub struct Client {
    requests: Sender<Request>,
}

impl Client {
    /// 用一条请求通道的发送端做一个句柄。测试用它连上假的服务端。
    pub fn new(requests: Sender<Request>) -> Client {
        Client { requests }
    }
}

/// 启动服务端线程，返回第一个句柄和服务端线程（它返回 [`Served`]）。
pub fn spawn_server() -> (Client, JoinHandle<Served>) {
    let (requests_tx, requests_rx) = bounded(64);
    let server = thread::spawn(move || serve(requests_rx));
    (Client::new(requests_tx), server)
}

impl Client {
    /// 请服务端计算 `x * x`，等待回复。
    pub fn square(&self, x: u64) -> Result<u64, CallError> {
        // TODO: 如果所有调用者共用一条回复通道，两个线程同时调用时，谁会拿到谁的答案？
        // TODO: 回复通道的 Sender 交给服务端之后，调用者自己还留着一份 clone 吗？
        //       如果留着，服务端丢下请求时 recv() 会怎样？
        // TODO: 请求发不出去、回复等不到，各对应哪个 CallError？
        let _ = (&self.requests, x);
        todo!("新建回复通道，随请求发出，等待回复")
    }
}

/// 服务端循环：回答每个请求，直到所有 Client 都 drop、请求通道里也没有积压为止。
pub fn serve(requests: Receiver<Request>) -> Served {
    // TODO: 什么样的循环会在所有 Client 都 drop 之后自然结束？
    // TODO: 调用者已经放弃（drop 了它的 Receiver）时，回复的 send 返回什么？这时该 panic 吗？
    let _ = requests;
    todo!("为每个请求计算平方并回复，统计送到的和被放弃的")
}

#[cfg(test)]
mod tests;
