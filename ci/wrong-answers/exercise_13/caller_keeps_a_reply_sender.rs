//! 错误：调用者自己留了一份回复 Sender 的 clone：服务端丢下请求后，recv() 永远等下去
//! 期望：调用者自己不要留 clone
use crossbeam_channel::{bounded, Receiver, Sender};
use std::thread::{self, JoinHandle};

#[derive(Debug)]
pub struct Request {
    pub x: u64,
    pub reply: Sender<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallError {
    ServerGone,
    NoReply,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    pub answered: usize,
    pub abandoned: usize,
}

#[derive(Debug, Clone)]
pub struct Client {
    requests: Sender<Request>,
}

impl Client {
    pub fn new(requests: Sender<Request>) -> Client {
        Client { requests }
    }
}

pub fn spawn_server() -> (Client, JoinHandle<Served>) {
    let (requests_tx, requests_rx) = bounded(64);
    let server = thread::spawn(move || serve(requests_rx));
    (Client::new(requests_tx), server)
}

// ANCHOR: solution
impl Client {
    pub fn square(&self, x: u64) -> Result<u64, CallError> {
        // 关键决定：每次调用新建一条容量为 1 的回复通道。Sender 随请求交给服务端，
        // 调用者只留 Receiver——所以服务端一旦丢下请求，recv() 就会返回 Err，而不是永远等待。
        let (reply, answer) = bounded(1);
        let _spare = reply.clone();
        self.requests
            .send(Request { x, reply })
            .map_err(|_| CallError::ServerGone)?;
        answer.recv().map_err(|_| CallError::NoReply)
    }
}

pub fn serve(requests: Receiver<Request>) -> Served {
    let mut served = Served::default();
    for request in requests {
        let answer = request.x * request.x;
        // 回复发不出去，说明调用者已经放弃（drop 了它的 Receiver）。
        // 这不是服务端的错误：记一笔，继续为别人服务。unwrap 会让一个调用者拖垮所有人。
        match request.reply.send(answer) {
            Ok(()) => served.answered += 1,
            Err(_) => served.abandoned += 1,
        }
    }
    served
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
