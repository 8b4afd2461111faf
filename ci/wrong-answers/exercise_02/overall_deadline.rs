//! 错误：把 quiet 当成从开始收集算起的总时限，而不是从最后一条消息算起
//! 期望：而不是从开始收集算起的总时限

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Disconnected,
    Quiet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected<T> {
    pub messages: Vec<T>,
    pub end: End,
}

pub fn collect_until_quiet<T>(rx: &Receiver<T>, quiet: Duration) -> Collected<T> {
    let mut messages = Vec::new();
    let deadline = Instant::now() + quiet;
    loop {
        // 关键决定：recv_timeout 把两种“没有消息”区分开了。
        // 缓冲区里还有消息时它总是先返回消息，哪怕 Sender 已经全部 drop。
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(message) => messages.push(message),
            Err(RecvTimeoutError::Timeout) => {
                return Collected {
                    messages,
                    end: End::Quiet,
                };
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Collected {
                    messages,
                    end: End::Disconnected,
                };
            }
        }
    }
}

#[cfg(test)]
mod tests;
