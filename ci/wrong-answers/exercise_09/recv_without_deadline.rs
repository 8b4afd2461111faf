//! 错误：只用 recv() 等回复，根本没有等截止时间：回复者活着却不回复时永远等下去
//! 期望：截止时间从调用 gather 时算起

use crossbeam_channel::{after, Receiver};
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
        let _ = &deadline;
        match replies.recv() {
            Ok(reply) => got.push(reply),
            Err(_) => return Gathered { replies: got, end: End::AllDone },
        }
    }
}

#[cfg(test)]
mod tests;
