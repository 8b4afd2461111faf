//! 错误：先阻塞等第一条回复，再开始计时：截止时间从错误的时刻算起
//! 期望：截止时间从调用 gather 时算起

use crossbeam_channel::{after, select, Receiver};
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
    let mut got = Vec::new();
    // 先等第一条回复，再开始计时
    match replies.recv() {
        Ok(reply) => got.push(reply),
        Err(_) => return Gathered { replies: got, end: End::AllDone },
    }
    let deadline = after(within);
    loop {
        select! {
            recv(replies) -> reply => match reply {
                Ok(reply) => got.push(reply),
                // 通道断开而且缓冲区已空：不会再有回复了，不必等到截止时间。
                Err(_) => return Gathered { replies: got, end: End::AllDone },
            },
            recv(deadline) -> _ => return Gathered { replies: got, end: End::Deadline },
        }
    }
}

#[cfg(test)]
mod tests;
