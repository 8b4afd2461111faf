//! 错误：用 try_recv：通道暂时为空就返回，没有等到截止时间
//! 期望：在截止时间之前

use crossbeam_channel::{after, Receiver, TryRecvError};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    AllDone,
    Deadline,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gathered<T> {
    pub replies: Vec<T>,
    pub end: End,
}

pub fn gather<T>(replies: &Receiver<T>, within: Duration) -> Gathered<T> {
    // 关键决定：截止时间在循环外面只创建一次。写进循环里，每收到一条回复它就重新计时，
    // 一个话多的回复者就能让调用者永远等下去。
    let deadline = after(within);
    let mut got = Vec::new();
    loop {
        match replies.try_recv() {
            Ok(reply) => got.push(reply),
            Err(TryRecvError::Disconnected) => return Gathered { replies: got, end: End::AllDone },
            Err(TryRecvError::Empty) => {
                let _ = &deadline;
                return Gathered { replies: got, end: End::Deadline };
            }
        }
    }
}

#[cfg(test)]
mod tests;
