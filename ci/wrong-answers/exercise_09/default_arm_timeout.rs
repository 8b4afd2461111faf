//! 错误：用 select! 的 default(within) 臂当截止时间：每轮 select 都重新计时
//! 期望：default(within)

use crossbeam_channel::{select, Receiver};
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
    loop {
        select! {
            recv(replies) -> reply => match reply {
                Ok(reply) => got.push(reply),
                // 通道断开而且缓冲区已空：不会再有回复了，不必等到截止时间。
                Err(_) => return Gathered { replies: got, end: End::AllDone },
            },
            default(within) => return Gathered { replies: got, end: End::Deadline },
        }
    }
}

#[cfg(test)]
mod tests;
